from django.urls import path

from recovery_culture import my_data_views as views

app_name = "my_data"

urlpatterns = [
    path("settings/my-data/", views.home, name="home"),
    path("settings/my-data/my-data.json", views.download_json, name="download_json"),
    path("settings/my-data/everything/", views.page, name="page"),
    path("settings/my-data/erase/", views.erase_request, name="erase_request"),
    path("members/erasures/<int:pk>/", views.erasure_confirm, name="erasure_confirm"),
    path("members/<int:pk>/erase/", views.erase_for_them, name="erase_for_them"),
]
