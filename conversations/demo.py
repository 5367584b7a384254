"""The demo's language: six months of a team's counts, with labels becoming rarer and more hints
taken up, as a team that uses the lens might see, and its first-appointment letter in two versions,
the second rewritten with people who receive it, and two blanket rules looked at with people using
the service. Fictional, like all demo data."""

import datetime as dt
import random

from django.utils import timezone

from conversations.models import RULE_ANSWERERS, BlanketRule, Decision, HouseTextVersion, LanguageMonth
from conversations.services import house_text_keep, rule_answer, rule_close
from recovery_culture.lib import dates
from teams.models import Membership, Team

MONTHS = 6
LETTER = "Our first-appointment letter"
LETTERS = (
    (
        "Dear patient,\n"
        "You have been referred to this service. You must arrive 15 minutes before your appointment "
        "time. Patients who fail to attend without notifying the department in advance will be "
        "discharged back to their referrer.\n"
        "You should bring a list of your current medication."
    ),
    (
        "Dear [first name],\n"
        "We are looking forward to meeting you on Tuesday 14 April at 10:30. I will meet you at "
        "the front desk and we will have a cup of tea first.\n"
        "You are welcome to bring someone with you. If the time does not suit you, please ring us "
        "on 01632 960 123 and we will find another time together."
    ),
)


def load_language(team: Team, members: dict[str, Membership]) -> None:
    if team.language_months.exists():
        return
    _load_months(team)
    manager = next(m for m in members.values() if m.is_manager)
    for weeks_ago, letter in zip((10, 1), LETTERS, strict=True):
        version = house_text_keep(member=manager, name=LETTER, text=letter)
        kept_at = timezone.now() - dt.timedelta(weeks=weeks_ago)
        HouseTextVersion.objects.filter(pk=version.pk).update(kept_at=kept_at)
    _load_rules(team, manager)


RULES = (
    (
        "No mobile phones on the ward",
        "Photos of other people were once shared online.",
        "Everyone staying on the ward, and the families who keep in touch with them.",
        "Phones in the day room and bedrooms, with a sign asking people not to take photos.",
        "I'm sorry, phones stay in your bag in the lounge. It keeps everyone's privacy safe. You can "
        "use yours in your room or the day room at any time.",
        ((3, "I miss hearing from my son at night."), (2, "")),
    ),
    (
        "No visitors from 12 to 2",
        "Lunch and a quiet hour for everyone.",
        "Families who work, and can only come at lunchtime.",
        "Visits at lunch by arrangement, in the family room.",
        "",
        (
            (3, "My husband can only come at lunch."),
            (4, "I feel cut off."),
            (1, "I like the quiet hour."),
            (3, ""),
        ),
    ),
)


def _load_rules(team: Team, manager: Membership) -> None:
    answerers = list(team.memberships.filter(role__in=RULE_ANSWERERS, left_at__isnull=True).order_by("pk"))
    for number, (rule, why, affects, alternatives, script, answers) in enumerate(RULES):
        found = BlanketRule.objects.create(
            team=team,
            rule=rule,
            why=why,
            affects=affects,
            alternatives=alternatives,
            script=script,
            added_by=manager,
        )
        for person, (feeling, comment) in zip(answerers, answers, strict=False):
            rule_answer(member=person, rule=found, feeling=feeling, comment=comment)
        if number == 1:  # the second has been talked through, and the team tailors it
            rule_close(member=manager, rule=found)
            BlanketRule.objects.filter(pk=found.pk).update(
                decision=Decision.TAILOR,
                decision_note="A quiet hour stays; families who work can visit at lunch in the family room.",
                decided_by=manager,
                decided_at=timezone.now(),
            )


def _load_months(team: Team) -> None:
    rng = random.Random(f"language-{team.slug}")
    for age, month in enumerate(
        dates.month_days(timezone.localdate(), MONTHS)
    ):  # this month first, the oldest last
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
