from django.core.management.base import BaseCommand

from supervision.services import retention_apply_everywhere


class Command(BaseCommand):
    help = (
        "Delete, as the nightly beat does, the quick reflections and feedback comments older than "
        "each team's chosen period (My settings, for managers). Running it twice deletes nothing more."
    )

    def handle(self, *args, **options) -> None:
        expired = retention_apply_everywhere()
        self.stdout.write(
            f"Deleted {expired.reflections} quick reflections and {expired.comments} feedback comments."
        )
