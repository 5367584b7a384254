import datetime as dt
from dataclasses import dataclass

from recovery_culture.lib.pdf import render_pdf
from successes.models import Success, ThankYou
from teams.models import Team


@dataclass(frozen=True)
class WallWeek:
    """One week of a team's wall: its little miracles and thank-yous, newest first."""

    team: Team
    week_start: dt.date
    successes: list[Success]
    thank_yous: list[ThankYou]

    @property
    def is_empty(self) -> bool:
        return not self.successes and not self.thank_yous


def wall_week(team: Team, week_start: dt.date) -> WallWeek:
    return WallWeek(
        team=team,
        week_start=week_start,
        successes=list(team.successes.for_wall().in_week(week_start)),
        thank_yous=list(team.thank_yous.for_wall().in_week(week_start)),
    )


def wall_pdf(team: Team, week_start: dt.date) -> bytes:
    return render_pdf("successes/wall_pdf.jinja", {"wall": wall_week(team, week_start)})
