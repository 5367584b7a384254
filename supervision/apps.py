from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = "Supervision"

    def ready(self) -> None:
        from supervision.services import next_step_for
        from teams import next_steps

        next_steps.register(next_step_for)
