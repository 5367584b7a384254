from django.urls import include, path

from teams import views

team_patterns = [
    path("", views.team_home, name="team_home"),
    path("members/", views.members, name="members"),
    path("members/invite/", views.invite, name="invite"),
    path("members/<int:pk>/remove/", views.remove_member, name="remove_member"),
    path("members/<int:pk>/let-back/", views.let_member_back, name="let_member_back"),
    path("members/invitations/<int:pk>/send-again/", views.invitation_resend, name="invitation_resend"),
    path("members/invitations/<int:pk>/cancel/", views.invitation_revoke, name="invitation_revoke"),
    path("members/join-codes/", views.join_code_create, name="join_code_create"),
    path("members/join-codes/<int:pk>/", views.join_code, name="join_code"),
    path("members/join-codes/<int:pk>/qr.svg", views.join_code_qr, name="join_code_qr"),
    path("members/join-codes/<int:pk>/revoke/", views.join_code_revoke, name="join_code_revoke"),
    path("settings/", views.settings, name="settings"),
    path("settings/password/", views.password_change, name="password_change"),
    path("members/<int:pk>/reset-code/", views.reset_code_new, name="reset_code_new"),
    path("members/audit/", views.audit_trail, name="audit_trail"),
    path("members/<int:pk>/role/", views.member_role, name="member_role"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", views.SignOutView.as_view(), name="logout"),
    path("password/forgotten/", views.password_forgotten, name="password_forgotten"),
    path("password/forgotten/sent/", views.password_email_sent, name="password_email_sent"),
    path(
        "password/new/<uidb64>/<token>/", views.PasswordFromEmailView.as_view(), name="password_reset_confirm"
    ),
    path("password/code/", views.password_with_code, name="password_with_code"),
    path("join/", views.join, name="join"),
    path("join/about-you/", views.join_details, name="join_details"),
    path("join/welcome/", views.join_welcome, name="join_welcome"),
    path("invitation/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("t/<slug:team>/", include((team_patterns, "teams"))),
]
