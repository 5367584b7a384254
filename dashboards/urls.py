from django.urls import path

from dashboards import views

app_name = "dashboard"

urlpatterns = [
    path("dashboard/", views.overview, name="overview"),
    path("t/<slug:team>/dashboard/", views.team, name="team"),
    path("t/<slug:team>/my-example/", views.my_example, name="my_example"),
    path("t/<slug:team>/dashboard/export.csv", views.export, name="export"),
    path("t/<slug:team>/dashboard/report/", views.report, name="report"),
    path("t/<slug:team>/dashboard/report/new/", views.report_new, name="report_new"),
    path("t/<slug:team>/dashboard/report/<int:pk>/", views.report_status, name="report_status"),
    path("t/<slug:team>/dashboard/report/<int:pk>/pdf/", views.report_download, name="report_download"),
    path("t/<slug:team>/dashboard/report/email/", views.report_email, name="report_email"),
]
