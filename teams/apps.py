from django.apps import AppConfig
from django.core import checks


class TeamsConfig(AppConfig):
    name = "teams"
    verbose_name = "Teams and members"

    def ready(self) -> None:
        from teams.cache import shared_cache_check

        checks.register(shared_cache_check, checks.Tags.caches, deploy=True)
