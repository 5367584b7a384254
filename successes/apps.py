from django.apps import AppConfig


class SuccessesConfig(AppConfig):
    name = "successes"
    verbose_name = "Little miracles"
