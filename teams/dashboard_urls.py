from django.urls import path

from teams import dashboard_views as views

app_name = "dashboard"

urlpatterns = [
    path("dashboard/", views.overview, name="overview"),
    path("t/<slug:team>/dashboard/", views.team_dashboard, name="team"),
    path("t/<slug:team>/dashboard/export.csv", views.export_csv, name="export"),
    path("t/<slug:team>/dashboard/report/", views.story_report, name="report"),
    path("t/<slug:team>/dashboard/report.pdf", views.story_report_pdf, name="report_pdf"),
]
