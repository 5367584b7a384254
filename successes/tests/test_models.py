import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import IntegrityError

from successes.models import TEXT_LIMIT, Success
from tests.factories import SuccessFactory, ThankYouFactory

LONDON = ZoneInfo("Europe/London")


def test_the_author_can_change_their_entry_on_the_day(staff):
    with time_machine.travel(dt.datetime(2026, 11, 26, 9, 0, tzinfo=LONDON), tick=False) as traveller:
        success = SuccessFactory(author=staff)
        traveller.move_to(dt.datetime(2026, 11, 26, 23, 59, tzinfo=LONDON))
        assert success.can_change(staff)


def test_no_one_else_can_change_it(staff, colleague, manager):
    success = SuccessFactory(author=staff)

    assert not success.can_change(colleague)
    assert not success.can_change(manager)


def test_the_day_ends_at_midnight_in_london(staff):
    # 23:30 on a summer evening in London is 22:30 UTC; 00:10 the next London day is still 23:10 UTC.
    with time_machine.travel(dt.datetime(2026, 6, 10, 23, 30, tzinfo=LONDON), tick=False) as traveller:
        success = SuccessFactory(author=staff)
        traveller.move_to(dt.datetime(2026, 6, 11, 0, 10, tzinfo=LONDON))
        assert not success.can_change(staff)


def test_a_week_is_monday_to_sunday_in_london(staff):
    monday = dt.date(2026, 6, 8)
    inside = [
        SuccessFactory(author=staff, created_at=dt.datetime(2026, 6, 8, 0, 0, tzinfo=LONDON)),
        SuccessFactory(author=staff, created_at=dt.datetime(2026, 6, 14, 23, 59, tzinfo=LONDON)),
    ]
    SuccessFactory(author=staff, created_at=dt.datetime(2026, 6, 7, 23, 59, tzinfo=LONDON))
    SuccessFactory(author=staff, created_at=dt.datetime(2026, 6, 15, 0, 0, tzinfo=LONDON))

    assert set(staff.team.successes.in_week(monday)) == set(inside)


def test_the_wall_holds_only_entries_left_on_it(staff):
    shown = SuccessFactory(author=staff)
    SuccessFactory(author=staff, on_wall=False)

    assert list(staff.team.successes.for_wall()) == [shown]


def test_a_blank_story_is_refused_by_the_database(staff):
    with pytest.raises(IntegrityError):
        SuccessFactory(author=staff, text="  \n ")


def test_a_story_over_the_limit_is_refused_by_the_database(staff):
    with pytest.raises(IntegrityError):
        SuccessFactory(author=staff, text="x" * (TEXT_LIMIT + 1))


def test_a_story_at_the_limit_is_kept(staff):
    SuccessFactory(author=staff, text="x" * TEXT_LIMIT)

    assert Success.objects.count() == 1


def test_no_one_thanks_themselves_even_past_the_forms(staff):
    with pytest.raises(IntegrityError):
        ThankYouFactory(sender=staff, recipient=staff)
