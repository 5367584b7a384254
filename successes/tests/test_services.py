import datetime as dt
import threading
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from successes import services
from successes.models import Success, ThankYou
from tests.factories import MembershipFactory, SuccessFactory, ThankYouFactory

LONDON = ZoneInfo("Europe/London")
THURSDAY_2PM = dt.datetime(2026, 11, 26, 14, 0, tzinfo=LONDON)


@pytest.fixture
def thursday_afternoon():
    with time_machine.travel(THURSDAY_2PM, tick=False) as traveller:
        yield traveller


def create(member, **kwargs) -> Success:
    data = {
        "shift": "early",
        "text": "Helped someone fill in their bus pass form.",
        "helpers": [],
        "on_wall": True,
        "share_beyond_team": False,
        **kwargs,
    }
    return services.success_create(member=member, **data)


# --- success_create -----------------------------------------------------------------------------


def test_a_success_is_saved_with_its_helpers(staff, colleague, manager):
    success = create(staff, text="  A calm evening.  ", helpers=[colleague, manager], share_beyond_team=True)

    assert success.team == staff.team
    assert success.text == "A calm evening."
    assert set(success.helpers.all()) == {colleague, manager}
    assert success.share_beyond_team


@pytest.mark.parametrize("role", ["service_user", "supporter", "partner"])
def test_only_staff_share_at_handover(request, role):
    with pytest.raises(PermissionDenied):
        create(request.getfixturevalue(role))
    assert not Success.objects.exists()


def test_someone_who_has_left_cannot_share(staff):
    staff.leave()

    with pytest.raises(PermissionDenied):
        create(staff)


@pytest.mark.parametrize("helper", ["outsider", "service_user", "staff"])
def test_helpers_are_other_staff_of_the_same_team(request, staff, helper):
    with pytest.raises(ValidationError):
        create(staff, helpers=[request.getfixturevalue(helper)])
    assert not Success.objects.exists()


def test_a_helper_who_has_left_cannot_be_named(staff, colleague):
    colleague.leave()

    with pytest.raises(ValidationError, match="Priya is no longer in the team"):
        create(staff, helpers=[colleague])


def test_the_same_words_twice_within_a_minute_are_saved_once(staff, thursday_afternoon):
    first = create(staff)
    thursday_afternoon.shift(dt.timedelta(seconds=50))

    with pytest.raises(services.AlreadySaved) as already:
        create(staff, text="  Helped someone fill in their bus pass form. ")

    assert already.value.success == first
    assert Success.objects.count() == 1


def test_the_same_words_from_someone_else_or_later_are_new_entries(staff, colleague, thursday_afternoon):
    create(staff)
    create(colleague)
    thursday_afternoon.shift(dt.timedelta(seconds=61))
    create(staff)

    assert Success.objects.count() == 3


# Two connections writing at once: SQLite's test database refuses the second writer ("table is
# locked") where PostgreSQL makes it wait, which is what this tests.
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_copies_arriving_together_are_saved_once(staff):
    barrier = threading.Barrier(2)
    outcomes = []

    def submit():
        try:
            barrier.wait()
            create(staff)
            outcomes.append("saved")
        except services.AlreadySaved:
            outcomes.append("already saved")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["already saved", "saved"]
    assert Success.objects.count() == 1


# --- success_update and success_delete ----------------------------------------------------------


def update(member, success, **kwargs) -> Success:
    data = {
        "shift": success.shift,
        "text": "Changed words.",
        "helpers": [],
        "on_wall": success.on_wall,
        "share_beyond_team": success.share_beyond_team,
        **kwargs,
    }
    return services.success_update(member=member, success=success, **data)


def test_the_author_changes_their_entry_the_same_day(staff, colleague, thursday_afternoon):
    success = SuccessFactory(author=staff)

    update(staff, success, shift="late", helpers=[colleague], on_wall=False)

    success.refresh_from_db()
    assert (success.text, success.shift, success.on_wall) == ("Changed words.", "late", False)
    assert list(success.helpers.all()) == [colleague]


def test_no_one_else_changes_or_deletes_an_entry(staff, colleague):
    success = SuccessFactory(author=staff, text="Original words.")

    with pytest.raises(PermissionDenied):
        update(colleague, success)
    with pytest.raises(PermissionDenied):
        services.success_delete(member=colleague, success=success)

    success.refresh_from_db()
    assert success.text == "Original words."


def test_the_next_day_the_entry_stays_as_it_is(staff, thursday_afternoon):
    success = SuccessFactory(author=staff, text="Original words.")
    thursday_afternoon.shift(dt.timedelta(days=1))

    with pytest.raises(PermissionDenied):
        update(staff, success)
    with pytest.raises(PermissionDenied):
        services.success_delete(member=staff, success=success)
    assert Success.objects.get().text == "Original words."


def test_a_helper_who_left_since_keeps_their_place(staff, colleague, manager):
    success = SuccessFactory(author=staff)
    success.helpers.add(colleague)
    colleague.leave()
    manager.leave()

    update(staff, success, helpers=[colleague])
    with pytest.raises(ValidationError):
        update(staff, success, helpers=[colleague, manager])

    assert list(success.helpers.all()) == [colleague]


def test_the_author_deletes_their_entry(staff):
    success = SuccessFactory(author=staff)

    services.success_delete(member=staff, success=success)

    assert not Success.objects.exists()


# --- success_celebrate (another app's good news on the wall) --------------------------------------


def test_good_news_from_another_app_goes_on_the_wall_at_this_shift(staff, thursday_afternoon):
    success = services.success_celebrate(author=staff, text="We finished a priority: more walks out.")

    success.refresh_from_db()
    assert (success.team, success.author, success.shift) == (staff.team, staff, "early")
    assert success.text == "We finished a priority: more walks out."
    assert success.on_wall and not success.share_beyond_team


# --- thank_you_create ---------------------------------------------------------------------------


def test_a_thank_you_is_kept(service_user, staff):
    thanks = services.thank_you_create(
        sender=service_user, recipient=staff, message=" Thank you for listening. "
    )

    assert (thanks.team, thanks.message) == (staff.team, "Thank you for listening.")


@pytest.mark.parametrize("recipient", ["staff", "outsider"])
def test_a_thank_you_goes_to_someone_else_in_the_team(request, staff, recipient):
    with pytest.raises(ValidationError):
        services.thank_you_create(
            sender=staff, recipient=request.getfixturevalue(recipient), message="Thanks"
        )
    assert not ThankYou.objects.exists()


def test_no_thanks_to_or_from_someone_who_has_left(staff, colleague):
    colleague.leave()

    with pytest.raises(ValidationError, match="Priya is no longer in the team"):
        services.thank_you_create(sender=staff, recipient=colleague, message="Thanks")
    with pytest.raises(PermissionDenied):
        services.thank_you_create(sender=colleague, recipient=staff, message="Thanks")


# --- Reading: the round, the wall and its weeks -------------------------------------------------


def test_the_round_is_todays_entries_for_one_shift_newest_first(staff, colleague, thursday_afternoon):
    older = SuccessFactory(author=colleague, created_at=THURSDAY_2PM - dt.timedelta(hours=3))
    newer = SuccessFactory(author=staff, on_wall=False)
    SuccessFactory(author=staff, shift="night")
    SuccessFactory(author=staff, created_at=THURSDAY_2PM - dt.timedelta(days=1))
    SuccessFactory(author=MembershipFactory())  # another team

    assert list(services.handover_round(staff.team, THURSDAY_2PM.date(), "early")) == [newer, older]


def test_a_wall_week_holds_the_weeks_wall_newest_first(staff, colleague, thursday_afternoon):
    older = SuccessFactory(author=staff, created_at=THURSDAY_2PM - dt.timedelta(days=3))
    newer = SuccessFactory(author=colleague)
    SuccessFactory(author=staff, on_wall=False)
    SuccessFactory(author=staff, created_at=THURSDAY_2PM - dt.timedelta(days=7))
    thanks = ThankYouFactory(sender=colleague, recipient=staff)

    wall = services.wall_week(staff.team, dt.date(2026, 11, 23))

    assert wall.successes == [newer, older]
    assert wall.thank_yous == [thanks]
    assert not wall.is_empty
    assert services.wall_week(staff.team, dt.date(2026, 11, 30)).is_empty


def test_weeks_with_something_on_the_wall_newest_first_with_their_counts(staff, colleague):
    SuccessFactory(author=staff, created_at=dt.datetime(2026, 11, 24, 9, tzinfo=LONDON))
    SuccessFactory(author=staff, created_at=dt.datetime(2026, 11, 29, 23, 30, tzinfo=LONDON))  # Sunday night
    ThankYouFactory(sender=colleague, recipient=staff, created_at=dt.datetime(2026, 11, 25, 9, tzinfo=LONDON))
    ThankYouFactory(sender=colleague, recipient=staff, created_at=dt.datetime(2026, 11, 2, 9, tzinfo=LONDON))
    SuccessFactory(author=staff, on_wall=False, created_at=dt.datetime(2026, 11, 10, 9, tzinfo=LONDON))
    SuccessFactory(author=MembershipFactory(), created_at=dt.datetime(2026, 10, 1, 9, tzinfo=LONDON))

    weeks = [row["week"] for row in services.wall_weeks(staff.team)]

    assert weeks == [dt.date(2026, 11, 23), dt.date(2026, 11, 2)]
    assert services.week_counts(staff.team, weeks) == {
        dt.date(2026, 11, 23): (2, 1),
        dt.date(2026, 11, 2): (0, 1),
    }
    assert services.week_counts(staff.team, []) == {}


def test_the_weeks_are_counted_by_the_database(staff, django_assert_num_queries):
    for week in range(30):
        SuccessFactory(author=staff, created_at=THURSDAY_2PM - dt.timedelta(weeks=week))

    with django_assert_num_queries(1):
        weeks = [row["week"] for row in services.wall_weeks(staff.team)[:20]]
    with django_assert_num_queries(2):
        services.week_counts(staff.team, weeks)
    assert len(weeks) == 20


def test_a_round_reads_its_authors_and_helpers_names_in_two_queries(staff, colleague, manager):
    for n in range(5):
        success = SuccessFactory(author=staff, text=f"Entry {n}.", created_at=THURSDAY_2PM)
        success.helpers.set([colleague, manager])
    day = THURSDAY_2PM.astimezone(ZoneInfo("Europe/London")).date()

    with CaptureQueriesContext(connection) as queries:
        entries = list(services.handover_round(staff.team, day, success.shift))
        names = {(e.author.name, *(h.name for h in e.helpers.all())) for e in entries}

    assert len(entries) == 5
    assert names == {(staff.name, *sorted([colleague.name, manager.name]))}
    assert len(queries) == 2
