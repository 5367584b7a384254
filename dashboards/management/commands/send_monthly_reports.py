import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from dashboards.reports import monthly_report_send, previous_month, teams_awaiting_report
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
        teams = [find_team(team)] if team else list(teams_awaiting_report(chosen))
        if not teams:
            self.stdout.write(f"No manager is waiting for the report of {chosen:%B %Y}.")
            return

        failed = []
        for each in teams:
            label = f"{each.name} ({each.slug}), {chosen:%B %Y}"
            try:
                sent = monthly_report_send(team=each, month=chosen)
            except Exception as exc:
                failed.append(each.slug)
                self.stderr.write(f"{label}: not all sent ({exc})")
            else:
                self.stdout.write(f"{label}: {sent} email{'' if sent == 1 else 's'} sent")
        if failed:
            raise CommandError(
                f"Some monthly reports could not be sent ({', '.join(failed)}); the reasons are logged. "
                "Run the command again to send just those."
            )


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


def find_team(slug: str) -> Team:
    try:
        return Team.objects.get(slug=slug)
    except Team.DoesNotExist:
        raise CommandError(
            f"There is no team '{slug}'. Use the name from the team's web address, e.g. willow-ward "
            "in /t/willow-ward/wall/"
        ) from None
