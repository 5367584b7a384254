"""What the commands that send emails by hand share: finding the team asked for, and sending to
each team in turn, saying how it went, without stopping at the first team that fails."""

from collections.abc import Callable, Iterable

from django.core.management.base import BaseCommand, CommandError
from django.db import models


def find_team(teams: models.QuerySet, slug: str):
    """The team whose web address has `slug` (`teams` is `Team.objects.all()`: this lib imports no
    app), or a CommandError that says where to find the name."""
    try:
        return teams.get(slug=slug)
    except teams.model.DoesNotExist:
        raise CommandError(
            f"There is no team '{slug}'. Use the name from the team's web address, e.g. willow-ward "
            "in /t/willow-ward/wall/"
        ) from None


def send_to_each(command: BaseCommand, due: Iterable[tuple[str, str, Callable[[], int]]], what: str) -> None:
    """Run each `(slug, label, send)` in `due`, writing how many emails `send` sent, or why not.

    Every team is tried; then, if any failed, a CommandError names them. The sends are exactly
    once each (recovery_culture/lib/delivery.py), so running the command again sends just those.
    `what` names the emails in the plural, e.g. "digests"."""
    failed = []
    for slug, label, send in due:
        try:
            sent = send()
        except Exception as exc:
            failed.append(slug)
            command.stderr.write(f"{label}: not all sent ({exc})")
        else:
            command.stdout.write(f"{label}: {sent} email{'' if sent == 1 else 's'} sent")
    if failed:
        raise CommandError(
            f"Some {what} could not be sent ({', '.join(failed)}); the reasons are logged. "
            "Run the command again to send just those."
        )
