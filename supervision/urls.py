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
    path("my-record/", views.record_new, name="record_new"),
    path("my-record/<int:pk>/", views.record, name="record"),
    path("my-record/<int:pk>/download/", views.record_download, name="record_download"),
    path("coverage/", views.coverage, name="coverage"),
    path("feedback/", views.feedback_requests, name="feedback_requests"),
    path("feedback/new/", views.feedback_request_new, name="feedback_request_new"),
    path("feedback/<int:pk>/", views.feedback_request, name="feedback_request"),
    path("feedback/<int:pk>/qr.svg", views.feedback_request_qr, name="feedback_request_qr"),
    path("feedback/<int:pk>/close/", views.feedback_request_close, name="feedback_request_close"),
    # For people using the service: reached by the link alone, without signing in.
    path("feedback/answer/<str:token>/", views.feedback_answer, name="feedback_answer"),
]
