import datetime as dt
from functools import partial

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from dashboards.reports import monthly_report_send, previous_month, teams_awaiting_report
from recovery_culture.lib.commands import find_team, send_to_each
from teams.models import Team


class Command(BaseCommand):
    help = (
        "Email the monthly story report by hand, as beat does on the 1st: last month's, to every "
        "manager who asked for it. A manager who already has a month's report never gets it twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--team",
            metavar="SLUG",
            help="only this team (the name in its web address, e.g. willow-ward)",
        )
        parser.add_argument(
            "--month",
            metavar="YYYY-MM",
            help="the month to report on, once it is over (default: last month)",
        )

    def handle(self, *args, team: str | None = None, month: str | None = None, **options) -> None:
        chosen = parse_month(month) if month else previous_month(timezone.localdate())
        teams = [find_team(Team.objects.all(), team)] if team else list(teams_awaiting_report(chosen))
        if not teams:
            self.stdout.write(f"No manager is waiting for the report of {chosen:%B %Y}.")
            return

        sends = [
            (
                each.slug,
                f"{each.name} ({each.slug}), {chosen:%B %Y}",
                partial(monthly_report_send, team=each, month=chosen),
            )
            for each in teams
        ]
        send_to_each(self, sends, "monthly reports")


def parse_month(typed: str) -> dt.date:
    last_month = previous_month(timezone.localdate())
    try:
        month = dt.datetime.strptime(typed.strip(), "%Y-%m").date()
    except ValueError:
        raise CommandError(
            f"'{typed}' is not a month in the form YYYY-MM, e.g. --month {last_month:%Y-%m}"
        ) from None
    if month > last_month:
        raise CommandError(
            f"{month:%B %Y} is not over yet, so it has no report. The latest is --month {last_month:%Y-%m}"
        )
    return month
