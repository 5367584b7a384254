import datetime as dt
from functools import partial

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from recovery_culture.lib import dates
from recovery_culture.lib.commands import find_team, send_to_each
from successes.digests import teams_awaiting_digest, teams_due_for_digest, weekly_digest_send
from teams.models import Team


class Command(BaseCommand):
    help = (
        "Send the weekly little-miracles digest by hand, as beat does: by default to every team whose "
        "meeting has come this week. Members who already have a week's digest never get it twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--team",
            metavar="SLUG",
            help="only this team (the name in its web address, e.g. willow-ward); sends now, "
            "even before the team's meeting",
        )
        parser.add_argument(
            "--week",
            metavar="YYYY-MM-DD",
            help="the Monday the week starts on (default: this week); every team that has not had it",
        )

    def handle(self, *args, team: str | None = None, week: str | None = None, **options) -> None:
        week_start = parse_week(week) if week else None
        if team:
            due = [(find_team(Team.objects.all(), team), week_start or dates.this_week_start())]
        elif week_start:
            due = [(each, week_start) for each in teams_awaiting_digest(week_start)]
        else:
            due = teams_due_for_digest(timezone.now())
        if not due:
            self.stdout.write("No team is waiting for a digest.")
            return

        sends = [
            (
                each.slug,
                f"{each.name} ({each.slug}), week of {dates.format_day(week_start)}",
                partial(weekly_digest_send, team=each, week_start=week_start),
            )
            for each, week_start in due
        ]
        send_to_each(self, sends, "digests")


def parse_week(typed: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(typed)
    except ValueError:
        raise CommandError(
            f"'{typed}' is not a date in the form YYYY-MM-DD. Give the Monday the week starts on, "
            f"e.g. --week {dates.this_week_start().isoformat()}"
        ) from None
    monday = dates.week_start(day)
    if day != monday:
        raise CommandError(
            f"{typed} is a {day:%A}; a little-miracles week starts on a Monday. "
            f"For that week, use --week {monday.isoformat()}"
        )
    if monday > dates.this_week_start():
        raise CommandError(
            f"The week of {dates.format_day(monday)} has not started yet, so it has no digest."
        )
    return monday
