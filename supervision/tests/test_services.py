import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from supervision import services
from supervision.models import (
    Reflection,
    ReflectionTip,
    SessionTip,
    SupervisionSession,
    goal_lines,
    session_date_problem,
)
from supervision.tests.factories import SupervisionSessionFactory
from teams.models import Role
from tests.factories import MembershipFactory


def test_reflection_create_keeps_each_tip_once_and_trims_the_line(staff):
    reflection = services.reflection_create(
        author=staff, tips=["listen", "listen", "strengths"], went_well="  Good  "
    )
    assert reflection.went_well == "Good"
    assert sorted(reflection.tips.values_list("tip", flat=True)) == ["listen", "strengths"]
    assert [tip.slug for tip in reflection.tip_list] == ["listen", "strengths"]


def test_the_database_refuses_a_tip_that_does_not_exist(staff):
    reflection = Reflection.objects.create(author=staff)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReflectionTip.objects.create(reflection=reflection, tip="made-up")
    with pytest.raises(IntegrityError), transaction.atomic():
        SessionTip.objects.create(session=SupervisionSessionFactory(), tip="made-up")


def test_session_create_and_record(staff, colleague):
    session = services.session_create(
        recorded_by=colleague,
        supervisor=staff,
        supervisee=colleague,
        held_on=dt.date(2026, 11, 3),
        tips=["keep-hope", "listen"],
    )
    assert session.recorded_by == colleague and not session.is_confirmed
    assert [t.tip for t in session.ordered_tips()] == ["listen", "keep-hope"]
    services.session_record(
        session=session,
        notes={"listen": {"went_well": "A", "was_hard": "B", "try_next": "C"}, "unknown": {"went_well": "X"}},
        agreed_goals="One\n\n- Two",
    )
    session.refresh_from_db()
    listen = session.tips.get(tip="listen")
    assert (listen.went_well, listen.was_hard, listen.try_next) == ("A", "B", "C")
    assert goal_lines(session.agreed_goals) == ["One", "Two"]


def test_previous_is_the_last_session_between_the_same_pair(staff, colleague):
    first = SupervisionSessionFactory(supervisor=staff, supervisee=colleague, held_on=dt.date(2026, 9, 1))
    second = SupervisionSessionFactory(supervisor=staff, supervisee=colleague, held_on=dt.date(2026, 10, 1))
    same_day = SupervisionSessionFactory(supervisor=staff, supervisee=colleague, held_on=dt.date(2026, 10, 1))
    assert first.previous() is None
    assert second.previous() == first
    assert same_day.previous() == second


def test_coverage_counts_dates_per_staff_member_and_leaves_out_others(
    ward, manager, staff, colleague, service_user
):
    SupervisionSessionFactory(supervisor=manager, supervisee=staff, held_on=dt.date(2026, 6, 1))
    SupervisionSessionFactory(supervisor=manager, supervisee=staff, held_on=dt.date(2026, 9, 1))
    SupervisionSessionFactory(
        supervisor=manager, supervisee=staff, held_on=dt.date(2025, 1, 1)
    )  # too long ago
    left = MembershipFactory(team=ward, role=Role.STAFF)
    left.leave()
    rows = services.supervision_coverage(manager, since=dt.date(2026, 1, 1))
    by_name = {row.member.name: row for row in rows}
    assert set(by_name) == {"Maya", "Sam", "Priya"}
    assert by_name["Sam"].count == 2
    assert by_name["Sam"].dates == [dt.date(2026, 9, 1), dt.date(2026, 6, 1)]
    assert by_name["Sam"].last == dt.date(2026, 9, 1)
    assert by_name["Priya"].count == 0 and by_name["Priya"].last is None
    assert rows[-1].member.name == "Sam"  # the least supervised first


def test_only_the_other_person_confirms_and_only_once(staff, colleague):
    session = SupervisionSessionFactory(
        supervisor=staff, supervisee=colleague, recorded_by=staff, confirmed_at=None
    )
    assert list(SupervisionSession.objects.to_confirm_by(colleague)) == [session]
    assert not SupervisionSession.objects.to_confirm_by(staff).exists()
    assert not services.session_confirm(session=session, member=staff)
    assert not SupervisionSession.objects.confirmed().exists()
    assert services.session_confirm(session=session, member=colleague)
    assert not services.session_confirm(session=session, member=colleague)
    assert list(SupervisionSession.objects.confirmed()) == [session]


def test_coverage_counts_only_confirmed_sessions(manager, staff):
    SupervisionSessionFactory(
        supervisor=manager, supervisee=staff, held_on=dt.date(2026, 9, 1), confirmed_at=None
    )
    rows = services.supervision_coverage(manager, since=dt.date(2026, 1, 1))
    assert {row.member.name: row.count for row in rows}["Sam"] == 0


@pytest.mark.parametrize(
    ("held_on", "fine"),
    [
        (dt.date(2026, 11, 30), True),
        (dt.date(2025, 11, 30), True),
        (dt.date(2025, 11, 29), False),
        (dt.date(2026, 12, 1), False),
        (dt.date(9999, 12, 31), False),
        (dt.date(1, 1, 1), False),
    ],
)
def test_a_session_date_is_today_or_up_to_a_year_before(held_on, fine):
    assert (session_date_problem(held_on, today=dt.date(2026, 11, 30)) is None) is fine


def test_involving_is_scoped_to_the_members_team(staff, colleague, outsider):
    ours = SupervisionSessionFactory(supervisor=staff, supervisee=colleague)
    assert list(SupervisionSession.objects.involving(staff)) == [ours]
    assert list(SupervisionSession.objects.involving(outsider)) == []
