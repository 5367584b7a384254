from django.urls import path

from supervision import views

app_name = "supervision"

urlpatterns = [
    path("", views.home, name="home"),
    path("reflections/new/", views.reflect, name="reflect"),
    path("my-pattern/", views.pattern, name="pattern"),
    path("reflections/<int:pk>/delete/", views.reflection_delete, name="reflection_delete"),
    path("reflections/<int:pk>/bring/", views.reflection_bring, name="reflection_bring"),
    path("sessions/", views.sessions, name="sessions"),
    path("sessions/new/", views.session_new, name="session_new"),
    path("sessions/<int:pk>/", views.session, name="session"),
    path("sessions/<int:pk>/prepare/", views.session_prepare, name="session_prepare"),
    path("sessions/<int:pk>/write-up/", views.session_record, name="session_record"),
    path("sessions/<int:pk>/confirm/", views.session_confirm, name="session_confirm"),
    path("sessions/<int:pk>/decline/", views.session_decline, name="session_decline"),
    path("my-record/", views.record_new, name="record_new"),
    path("my-record/<int:pk>/", views.record, name="record"),
    path("my-record/<int:pk>/download/", views.record_download, name="record_download"),
    path("coverage/", views.coverage, name="coverage"),
    path("feedback/", views.feedback_requests, name="feedback_requests"),
    path("feedback/new/", views.feedback_request_new, name="feedback_request_new"),
    path("feedback/<int:pk>/", views.feedback_request, name="feedback_request"),
    path("feedback/<int:pk>/close/", views.feedback_request_close, name="feedback_request_close"),
    path("feedback-cards/", views.feedback_cards, name="feedback_cards"),
    path("feedback-cards/<int:pk>/", views.feedback_cards_sheet, name="feedback_cards_sheet"),
    path("feedback-cards/<int:pk>/<str:code>/qr.svg", views.feedback_card_qr, name="feedback_card_qr"),
    path("leading/", views.leading, name="leading"),
    path("leading/reflect/", views.leading_reflect, name="leading_reflect"),
    path("leading/my-pattern/", views.leading_pattern, name="leading_pattern"),
    path("leading/listening/new/", views.listening_new, name="listening_new"),
    path("leading/listening/<int:pk>/", views.listening, name="listening"),
    path("leading/listening/<int:pk>/close/", views.listening_close, name="listening_close"),
    path("leading/listening/<int:pk>/share/", views.listening_share, name="listening_share"),
    path("leading/pulse/<int:pk>/", views.pulse, name="pulse"),
    # For people using the service: reached with a card's code alone, without signing in.
    path("feedback/answer/", views.feedback_code, name="feedback_code"),
    path("feedback/answer/<str:code>/", views.feedback_answer, name="feedback_answer"),
]
