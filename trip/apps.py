from django.apps import AppConfig


class TripConfig(AppConfig):
    name = "trip"
    verbose_name = "Team Recovery Implementation Plan"

    def ready(self) -> None:
        from teams import next_steps
        from trip.services import next_step_for

        next_steps.register(next_step_for)
