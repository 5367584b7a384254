"""The demo's language trend: six months of a team's counts, with labels becoming rarer and more
hints taken up, as a team that uses the lens might see. Fictional numbers, like all demo data."""

import datetime as dt
import random

from django.utils import timezone

from conversations.models import LanguageMonth
from teams.models import Team

MONTHS = 6


def load_language(team: Team) -> None:
    if team.language_months.exists():
        return
    rng = random.Random(f"language-{team.slug}")
    first = timezone.localdate().replace(day=1)
    months = [first]
    while len(months) < MONTHS:
        months.append((months[-1] - dt.timedelta(days=1)).replace(day=1))
    for age, month in enumerate(months):  # this month first, the oldest last
        words = rng.randint(1200, 1800) // (2 if age == 0 else 1)  # this month is not over yet
        per_thousand = 2 + age * 1.5 + rng.random()
        shown = rng.randint(8, 14) + age * 2
        LanguageMonth.objects.create(
            team=team,
            month=month,
            words=words,
            deficit_phrases=round(words * per_thousand / 1000),
            hints_shown=shown,
            hints_taken=round(shown * (0.7 - age * 0.08)),
        )
