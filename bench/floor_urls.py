"""The app's URLs plus the floor page, for the gunicorn that bench/load.py starts
(bench/load_wsgi.py points Django here)."""

from django.urls import include, path

from bench.wall_and_handover import bare_jinja

urlpatterns = [
    path("bench/bare-jinja/", bare_jinja, name="bench_bare_jinja"),
    path("", include("recovery_culture.urls")),
]
