from django.urls import path

from dashboards import views

app_name = "dashboard"

urlpatterns = [
    path("dashboard/", views.overview, name="overview"),
    path("t/<slug:team>/dashboard/", views.team_dashboard, name="team"),
    path("t/<slug:team>/dashboard/export.csv", views.export_csv, name="export"),
    path("t/<slug:team>/dashboard/report/", views.story_report, name="report"),
    path("t/<slug:team>/dashboard/report/new/", views.story_report_new, name="report_new"),
    path("t/<slug:team>/dashboard/report/<int:pk>/", views.story_report_status, name="report_status"),
    path("t/<slug:team>/dashboard/report/<int:pk>/pdf/", views.story_report_download, name="report_download"),
    path("t/<slug:team>/dashboard/report/email/", views.story_report_email, name="report_email"),
]
