import io
import re

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import RequestFactory
from django.utils import timezone

from recovery_culture.lib import dates
from recovery_culture.management.commands.load_demo import DEMO_PASSWORD
from successes.models import Success, ThankYou
from teams.models import Membership, Role, Team, User


@pytest.fixture
def load_demo(db, settings):
    settings.DEBUG = True

    def run() -> str:
        out = io.StringIO()
        call_command("load_demo", stdout=out)
        return out.getvalue()

    return run


def row_counts() -> dict[str, int]:
    # Every model whose table exists (an app still being written may not have its migration yet).
    tables = set(connection.introspection.table_names())
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.db_table in tables
    }


def test_running_it_twice_changes_nothing(load_demo):
    load_demo()
    first = row_counts()
    load_demo()

    assert row_counts() == first
    assert first["successes.Success"] > 0


def test_each_team_has_a_member_in_every_role(load_demo):
    load_demo()

    for team in Team.objects.filter(organisation__name="Riverside Mental Health Trust (demo)"):
        assert {m.role for m in team.memberships.all()} == set(Role), team.name
    assert {t.name for t in Team.objects.all()} == {"Willow Ward", "Kingfisher Community Team"}


def test_people_using_the_service_sign_in_without_an_email_address(load_demo):
    load_demo()

    people = User.objects.filter(memberships__role=Role.SERVICE_USER)
    assert {"alex-w", "rowan-k"} <= set(people.values_list("username", flat=True))
    assert people.exists()
    assert all(person.email == "" for person in people)


def test_one_staff_member_works_in_both_teams(load_demo):
    load_demo()

    in_both = User.objects.filter(memberships__role=Role.STAFF, memberships__team__slug="willow-ward").filter(
        memberships__team__slug="kingfisher-community-team"
    )
    assert in_both.count() == 1


def test_six_weeks_of_stories_up_to_this_week(load_demo):
    load_demo()

    now = timezone.now()
    for team in Team.objects.all():
        weeks = {dates.week_start(timezone.localdate(s.created_at)) for s in team.successes.all()}
        assert len(weeks) == 6
        assert dates.this_week_start() in weeks or timezone.localdate().weekday() == 0
        assert not team.successes.filter(created_at__gt=now).exists()
        assert team.thank_yous.exists()
    assert Success.objects.filter(on_wall=False).count() == 4
    assert Success.objects.filter(share_beyond_team=True, on_wall=True).count() >= 4
    assert Success.objects.filter(helpers__isnull=False).exists()


def test_stories_are_about_staff_and_kind_words(load_demo):
    load_demo()

    assert set(Success.objects.values_list("author__role", flat=True)) <= {Role.STAFF, Role.MANAGER}
    for thank_you in ThankYou.objects.select_related("sender", "recipient"):
        assert thank_you.sender.team_id == thank_you.recipient.team_id == thank_you.team_id
    words = " ".join(Success.objects.values_list("text", flat=True)).lower()
    for unkind in ("patient ", "patients", "non-compliant", "attention-seeking", "manipulative"):
        assert unkind not in words


def test_it_prints_every_sign_in_with_the_shared_password(load_demo):
    out = load_demo()

    assert DEMO_PASSWORD in out
    # The extra raters the TRIP demo adds have no password: nobody signs in as them.
    can_sign_in = [user for user in User.objects.all() if user.has_usable_password()]
    for user in can_sign_in:
        assert (user.email or user.username) in out
    sign_ins = re.findall(r"^\s+(\S+)", out, flags=re.MULTILINE)
    assert len(sign_ins) == len(can_sign_in)
    for sign_in in sign_ins:
        request = RequestFactory().post("/sign-in/")
        assert authenticate(request, username=sign_in, password=DEMO_PASSWORD) is not None, sign_in


def test_it_refuses_a_site_with_debug_off(db, settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="published password"):
        call_command("load_demo", stdout=io.StringIO())
    assert not Membership.objects.exists()


def test_the_ward_works_shifts_and_the_community_team_logs_its_days(load_demo):
    load_demo()

    ward = Team.objects.get(name="Willow Ward")
    community = Team.objects.get(name="Kingfisher Community Team")
    assert ward.works_shifts and not community.works_shifts
    assert set(community.successes.values_list("shift", flat=True)) == {"day"}
    assert "day" not in set(ward.successes.values_list("shift", flat=True))


def test_each_team_has_six_months_of_words_with_labels_becoming_rarer(load_demo):
    load_demo()

    for team in Team.objects.all():
        months = list(team.language_months.order_by("month"))
        assert len(months) == 6 and months[-1].month == timezone.localdate().replace(day=1)
        rates = [m.deficit_per_thousand for m in months]
        assert rates == sorted(rates, reverse=True)
        assert months[-1].uptake_percent > months[0].uptake_percent


def test_each_team_has_its_first_letter_in_two_versions_the_newer_friendlier(load_demo):
    load_demo()

    for team in Team.objects.all():
        letter = team.house_texts.get()
        older, newer = sorted(letter.versions.all(), key=lambda v: v.number)
        assert newer.kept_at > older.kept_at
        assert (newer.labels, newer.you_sentences) < (older.labels, older.you_sentences)
        assert newer.reading_ease > older.reading_ease


def test_each_team_looks_at_two_blanket_rules_with_the_people_they_affect(load_demo):
    load_demo()

    for team in Team.objects.all():
        open_rule, decided = sorted(team.blanket_rules.all(), key=lambda r: r.rule)
        assert open_rule.is_open and open_rule.answers.exists()
        assert decided.decision == "tailor" and not decided.is_open
        assert {a.member.role for a in decided.answers.all()} <= {Role.SERVICE_USER, Role.SUPPORTER}
