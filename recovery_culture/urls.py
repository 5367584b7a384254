from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("teams.urls")),
    path("", include("dashboards.urls")),
    path("t/<slug:team>/", include("successes.urls")),
    path("t/<slug:team>/trip/", include("trip.urls")),
    path("t/<slug:team>/supervision/", include("supervision.urls")),
    path("t/<slug:team>/", include("conversations.urls")),
    path("t/<slug:team>/", include("recovery_culture.my_data_urls")),
    path("admin/", admin.site.urls),
]
