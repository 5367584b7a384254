from django.apps import AppConfig


class TripConfig(AppConfig):
    name = "trip"
    verbose_name = "Team Recovery Implementation Plan"
