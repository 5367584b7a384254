"""The team dashboard and the side-by-side view: each figure against data built here, who may see
what, and that nothing said in supervision ever shows."""

import csv
import datetime as dt
import io
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from dashboards import queries
from supervision.tests.factories import (
    FeedbackRequestFactory,
    ReflectionFactory,
    SupervisionSessionFactory,
    answer_feedback,
)
from teams.cache import team_cache_forget
from teams.models import Role
from tests.factories import MembershipFactory, SuccessFactory, TeamFactory, ThankYouFactory, UserFactory

SECRET = "Zebra-crossing confidences 7731"


def _url(member, name="team"):
    return reverse(f"dashboard:{name}", kwargs={"team": member.team.slug})


def _person(team, role, name):
    return MembershipFactory(team=team, role=role, user=UserFactory(display_name=name, username=name.lower()))


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def four_staff(ward, manager, staff, colleague):
    """Maya (manager), Sam, Priya and Dee: the ward's four active staff."""
    return [manager, staff, colleague, _person(ward, Role.STAFF, "Dee")]


@pytest.fixture
def private_things(ward, manager, staff, colleague):
    """Supervision, a reflection and feedback, each holding the secret phrase."""
    SupervisionSessionFactory(
        supervisor=manager,
        supervisee=staff,
        held_on=timezone.localdate(),
        preparation=SECRET,
        agreed_goals=SECRET,
    )
    ReflectionFactory(author=colleague, went_well=SECRET)
    answer_feedback(FeedbackRequestFactory(worker=staff), comment=SECRET)


# --- The figures --------------------------------------------------------------------------------


def test_recognition_spread_counts_authors_helpers_and_thanked(ward, four_staff, service_user, today):
    manager, sam, priya, dee = four_staff
    # Sam shares a little miracle with Priya's help; the person using the service thanks Priya
    # (recognising her twice, which still counts her once); Maya sends thanks but gets none.
    success = SuccessFactory(author=sam)
    success.helpers.add(priya)
    ThankYouFactory(sender=service_user, recipient=priya)
    ThankYouFactory(sender=manager, recipient=priya)
    # Last month does not count this month.
    ThankYouFactory(
        sender=priya, recipient=dee, created_at=queries.month_begin(today) - dt.timedelta(hours=1)
    )

    figures = queries.TeamFigures.of(
        queries.with_figures(type(ward).objects.filter(pk=ward.pk), today=today).get()
    )

    assert figures.staff == 4
    assert figures.members == 5
    assert figures.recognised == 2
    assert figures.recognition_percent == 50
    assert figures.successes_this_month == 1
    assert figures.thanks_this_month == 2
    rows = {row.member.name: row.recognised for row in queries.staff_rows(ward, today=today)}
    assert rows == {"Maya": False, "Sam": True, "Priya": True, "Dee": False}


def test_people_who_left_and_other_roles_are_not_counted_as_staff(ward, four_staff, service_user, today):
    four_staff[3].leave()
    SuccessFactory(author=four_staff[1])
    figures = queries.TeamFigures.of(
        queries.with_figures(type(ward).objects.filter(pk=ward.pk), today=today).get()
    )
    assert (figures.staff, figures.recognised, figures.recognition_percent) == (3, 1, 33)


def test_weekly_counts_fill_quiet_weeks_with_nothing(ward, staff, colleague, today):
    now = timezone.now()
    SuccessFactory(author=staff)
    SuccessFactory(author=staff, on_wall=False)  # kept off the wall, still a little miracle
    SuccessFactory(author=staff, created_at=now - dt.timedelta(weeks=3))
    ThankYouFactory(sender=staff, recipient=colleague, created_at=now - dt.timedelta(weeks=3))
    # Too long ago to show. (Twelve weeks back would be inside the first week shown late on a winter
    # Sunday: in summer time that hour was already Monday in London.)
    SuccessFactory(author=staff, created_at=now - dt.timedelta(weeks=13))
    SuccessFactory(author=MembershipFactory(), created_at=now)  # another team's

    weeks = queries.weekly_counts(ward, today=today)

    assert len(weeks) == 12
    this_monday = today - dt.timedelta(days=today.weekday())
    assert [w.week_start for w in weeks] == [this_monday - dt.timedelta(weeks=n) for n in range(11, -1, -1)]
    assert (weeks[-1].successes, weeks[-1].thank_yous) == (2, 0)
    assert (weeks[-4].successes, weeks[-4].thank_yous) == (1, 1)
    assert sum(w.successes for w in weeks) == 3
    assert sum(w.thank_yous for w in weeks) == 1


def test_handover_by_shift_counts_entries_and_people(ward, staff, colleague):
    now = timezone.now()
    SuccessFactory(author=staff, shift="early")
    SuccessFactory(author=staff, shift="early")
    SuccessFactory(author=colleague, shift="early")
    SuccessFactory(author=colleague, shift="night")
    SuccessFactory(author=colleague, shift="late", created_at=now - dt.timedelta(days=29))

    shifts = queries.handover_by_shift(ward, now=now)

    assert [(s.label, s.entries, s.people) for s in shifts] == [
        ("Early", 3, 2),
        ("Late", 0, 0),
        ("Night", 1, 1),
    ]


def test_a_team_without_shifts_counts_its_handovers_by_day(ward, staff, colleague):
    ward.works_shifts = False
    ward.save()
    SuccessFactory(author=staff, shift="day")
    SuccessFactory(author=colleague, shift="early")  # logged before the team stopped working shifts

    [day] = queries.handover_by_shift(ward, now=timezone.now())

    assert (day.label, day.entries, day.people) == ("Day", 2, 2)


def test_a_wards_day_entries_get_a_row_only_when_there_are_some(ward, staff):
    SuccessFactory(author=staff, shift="day")

    shifts = queries.handover_by_shift(ward, now=timezone.now())

    assert [(s.label, s.entries) for s in shifts] == [("Early", 0), ("Late", 0), ("Night", 0), ("Day", 1)]


def test_supervision_coverage_counts_the_last_six_weeks(ward, four_staff, today):
    manager, sam, priya, dee = four_staff
    SupervisionSessionFactory(supervisor=manager, supervisee=sam, held_on=today - dt.timedelta(days=10))
    SupervisionSessionFactory(supervisor=manager, supervisee=sam, held_on=today - dt.timedelta(days=100))
    SupervisionSessionFactory(supervisor=manager, supervisee=priya, held_on=today - dt.timedelta(days=43))
    SupervisionSessionFactory(supervisor=manager, supervisee=dee, held_on=today + dt.timedelta(days=3))

    figures = queries.TeamFigures.of(
        queries.with_figures(type(ward).objects.filter(pk=ward.pk), today=today).get()
    )
    rows = {row.member.name: row for row in queries.staff_rows(ward, today=today)}

    assert (figures.supervised, figures.coverage_percent) == (1, 25)
    assert rows["Sam"].days_since_session == 10
    assert rows["Priya"].days_since_session == 43
    assert rows["Dee"].last_session is None  # a planned session is not yet held
    assert rows["Maya"].days_since_session is None


def test_supervision_coverage_counts_only_sessions_both_people_confirmed(ward, four_staff, today):
    manager, sam, priya, dee = four_staff
    SupervisionSessionFactory(supervisor=manager, supervisee=sam, held_on=today - dt.timedelta(days=10))
    SupervisionSessionFactory(
        supervisor=manager, supervisee=priya, held_on=today - dt.timedelta(days=5), confirmed_at=None
    )

    figures = queries.TeamFigures.of(
        queries.with_figures(type(ward).objects.filter(pk=ward.pk), today=today).get()
    )
    rows = {row.member.name: row for row in queries.staff_rows(ward, today=today)}

    assert figures.supervised == 1
    assert rows["Priya"].last_session is None


def test_feedback_counts_requests_and_answers(ward, staff, colleague):
    answered = FeedbackRequestFactory(worker=staff)
    answer_feedback(answered)
    answer_feedback(answered)
    FeedbackRequestFactory(worker=colleague)
    answer_feedback(FeedbackRequestFactory(worker=MembershipFactory()))  # another team's

    assert queries.feedback_counts(ward) == queries.FeedbackCounts(requests=2, answered=1, responses=2)


# --- The team dashboard page -------------------------------------------------------------------


def test_manager_sees_figures_charts_and_who_is_not_yet_recognised(client_for, four_staff):
    manager, sam, priya, dee = four_staff
    SuccessFactory(author=sam)
    ThankYouFactory(sender=sam, recipient=priya)

    response = client_for(manager).get(_url(manager))

    assert response.status_code == 200
    page = response.content.decode()
    assert "2 of 4 (50%)" in page
    assert "Not yet recognised this month" in page
    recognised_list = page.split('id="not-recognised"')[1].split("</ul>")[0]
    assert "Maya" in recognised_list and "Dee" in recognised_list
    assert "Sam" not in recognised_list and "Priya" not in recognised_list
    assert page.count('role="img" class="app-chart"') == 4
    assert "Little miracles per week" in page
    assert "Labels per 1,000 words written" in page
    assert 'id="coverage"' in page
    assert reverse("dashboard:export", kwargs={"team": manager.team.slug}) in page


def test_staff_see_the_dashboard_without_anyone_named(client_for, four_staff):
    manager, sam, priya, dee = four_staff
    SuccessFactory(author=priya)

    response = client_for(sam).get(_url(sam))

    assert response.status_code == 200
    page = response.content.decode()
    assert "1 of 4 (25%)" in page
    assert "Not yet recognised" not in page
    assert 'id="coverage"' not in page
    assert "Dee" not in page
    assert "export.csv" not in page
    # A nought is a figure too, not a blank.
    assert re.search(r"Feedback requests made\s*</dt>\s*<dd[^>]*>\s*0\s*</dd>", page)
    assert re.search(r"Thank-yous this month\s*</dt>\s*<dd[^>]*>\s*0\s*</dd>", page)


def test_nothing_said_in_supervision_reaches_the_dashboard(client_for, manager, staff, private_things):
    for member in (manager, staff):
        page = client_for(member).get(_url(member)).content.decode()
        assert SECRET not in page
        assert "Zebra" not in page


def test_user_typed_text_is_escaped(client_for, ward, manager):
    evil = _person(ward, Role.STAFF, "<script>alert(1)</script>")
    page = client_for(manager).get(_url(manager)).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page
    assert evil.pk


@pytest.mark.parametrize("role", ["service_user", "supporter", "partner"])
def test_people_who_are_not_staff_are_refused(client_for, role, request):
    member = request.getfixturevalue(role)
    assert client_for(member).get(_url(member)).status_code == 403


def test_another_teams_manager_is_told_nothing(client_for, outsider, ward):
    assert client_for(outsider).get(reverse("dashboard:team", kwargs={"team": ward.slug})).status_code == 404


def test_anonymous_is_sent_to_sign_in(client, ward):
    response = client.get(reverse("dashboard:team", kwargs={"team": ward.slug}))
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


def test_dashboard_only_answers_get(client_for, manager):
    assert client_for(manager).post(_url(manager)).status_code == 405


def test_dashboard_queries_stay_the_same_as_the_team_grows(
    client_for, ward, four_staff, service_user, django_assert_max_num_queries
):
    manager, sam, priya, dee = four_staff
    client = client_for(manager)
    client.get(_url(manager))  # session and caches warmed

    def grow(n: int) -> None:
        now = timezone.now()
        for i in range(n):
            helper = _person(ward, Role.STAFF, f"Helper{n}{i}")
            success = SuccessFactory(author=sam, created_at=now - dt.timedelta(days=5 * i))
            success.helpers.add(helper)
            ThankYouFactory(sender=service_user, recipient=helper, created_at=now - dt.timedelta(days=3 * i))
            SupervisionSessionFactory(supervisor=manager, supervisee=helper, held_on=timezone.localdate())
            answer_feedback(FeedbackRequestFactory(worker=helper))

    grow(2)
    with django_assert_max_num_queries(14) as small:
        assert client.get(_url(manager)).status_code == 200
    grow(15)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(_url(manager)).status_code == 200


# --- Across teams ------------------------------------------------------------------------------


@pytest.fixture
def two_teams(ward, manager, staff, colleague):
    """Maya manages Willow Ward and Birch Ward; she is staff (not manager) at Cedar House, and
    left Ash Ward; Olu's Oak Community Team is someone else's."""
    birch = TeamFactory(name="Birch Ward", slug="birch-ward")
    MembershipFactory(team=birch, user=manager.user, role=Role.MANAGER)
    birch_staff = [_person(birch, Role.STAFF, f"Birch{n}") for n in range(3)]
    cedar = TeamFactory(name="Cedar House", slug="cedar-house")
    MembershipFactory(team=cedar, user=manager.user, role=Role.STAFF)
    ash = TeamFactory(name="Ash Ward", slug="ash-ward")
    MembershipFactory(team=ash, user=manager.user, role=Role.MANAGER).leave()
    SuccessFactory(author=staff)
    SuccessFactory(author=staff)
    ThankYouFactory(sender=staff, recipient=colleague)
    SuccessFactory(author=birch_staff[0])
    SupervisionSessionFactory(
        supervisor=birch_staff[1], supervisee=birch_staff[0], held_on=timezone.localdate()
    )
    return birch


class _Cells(HTMLParser):
    """The text of each body row's cells in the first table's <tbody>."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.in_body = self.in_cell = False

    def handle_starttag(self, tag, attrs):
        if tag == "tbody":
            self.in_body = True
        elif tag == "tr" and self.in_body:
            self.rows.append([])
        elif tag == "td" and self.in_body:
            self.in_cell = True
            self.rows[-1].append("")

    def handle_endtag(self, tag):
        if tag == "tbody":
            self.in_body = False
        elif tag == "td":
            self.in_cell = False

    def handle_data(self, data):
        if self.in_cell:
            self.rows[-1][-1] += data.strip()


def _rows(page: str) -> list[list[str]]:
    parser = _Cells()
    parser.feed(page)
    return parser.rows


def test_overview_lists_only_the_teams_you_manage(client_for, manager, two_teams, outsider):
    response = client_for(manager).get(reverse("dashboard:overview"))

    assert response.status_code == 200
    page = response.content.decode()
    assert _rows(page) == [
        ["Birch Ward", "4", "1", "0", "25%", "25%", "Not started", "0", "0", "0"],
        ["Willow Ward", "3", "2", "1", "67%", "0%", "Not started", "0", "0", "0"],
    ]
    assert reverse("dashboard:team", kwargs={"team": "birch-ward"}) in page
    for elsewhere in ("Cedar House", "Ash Ward", "Oak Community Team"):
        assert elsewhere not in page


@pytest.mark.parametrize(
    ("sort", "order"),
    [
        ("name", ["Birch Ward", "Willow Ward"]),
        ("-name", ["Willow Ward", "Birch Ward"]),
        ("-successes", ["Willow Ward", "Birch Ward"]),
        ("successes", ["Birch Ward", "Willow Ward"]),
        ("-members", ["Birch Ward", "Willow Ward"]),
        ("-recognition", ["Willow Ward", "Birch Ward"]),
        ("-coverage", ["Birch Ward", "Willow Ward"]),
        ("nonsense", ["Birch Ward", "Willow Ward"]),
        ("", ["Birch Ward", "Willow Ward"]),
    ],
)
def test_overview_sorts_by_the_chosen_column(client_for, manager, two_teams, sort, order):
    page = client_for(manager).get(reverse("dashboard:overview"), {"sort": sort}).content.decode()
    assert [row[0] for row in _rows(page)] == order


def test_sorted_column_links_turn_the_order_round(client_for, manager, two_teams):
    page = client_for(manager).get(reverse("dashboard:overview"), {"sort": "-successes"}).content.decode()
    assert 'aria-sort="descending"' in page
    assert 'href="?sort=successes"' in page  # the sorted column, the other way round
    assert 'href="?sort=-thanks"' in page  # another number column: largest first


def test_overview_for_someone_who_manages_no_team(client_for, staff):
    page = client_for(staff).get(reverse("dashboard:overview")).content.decode()
    assert "You do not manage a team yet" in page


def test_overview_keeps_private_things_private(client_for, manager, two_teams, private_things):
    assert SECRET not in client_for(manager).get(reverse("dashboard:overview")).content.decode()


def test_overview_anonymous_and_wrong_method(client, client_for, manager):
    response = client.get(reverse("dashboard:overview"))
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")
    assert client_for(manager).post(reverse("dashboard:overview")).status_code == 405


def test_overview_queries_do_not_grow_with_teams(
    client_for, manager, two_teams, django_assert_max_num_queries
):
    client = client_for(manager)
    client.get(reverse("dashboard:overview"))
    # Drawn again, not read from the cache (teams/cache.py), as after any change to the teams.
    team_cache_forget(queries.managed_team_ids(manager.user_id))
    with django_assert_max_num_queries(6) as few:
        client.get(reverse("dashboard:overview"))
    for n in range(6):
        team = TeamFactory(name=f"Elm Ward {n}", slug=f"elm-ward-{n}")
        MembershipFactory(team=team, user=manager.user, role=Role.MANAGER)
        SuccessFactory(author=_person(team, Role.STAFF, f"Elm{n}"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("dashboard:overview")).content.decode()
    assert len(_rows(page)) == 8


# --- CSV export --------------------------------------------------------------------------------


def _csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def test_export_has_the_teams_little_miracles_and_thank_yous(
    client_for, ward, manager, staff, colleague, service_user
):
    success = SuccessFactory(
        author=staff,
        shift="late",
        text="Went to the allotment together",
        on_wall=False,
        share_beyond_team=True,
    )
    success.helpers.add(colleague)
    ThankYouFactory(sender=service_user, recipient=staff, message="Thank you for listening")
    ThankYouFactory(sender=manager, recipient=colleague, message='=HYPERLINK("http://x.test")')
    SuccessFactory(author=MembershipFactory(), text="Another team's story")

    response = client_for(manager).get(_url(manager, "export"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="willow-ward-little-miracles-')
    header, *rows = _csv(response)
    assert header[:2] == ["Type", "Date"]
    day = timezone.localdate(success.created_at).isoformat()
    assert rows[0] == [
        "Little miracle",
        day,
        timezone.localtime(success.created_at).strftime("%H:%M"),
        "Late",
        "Sam",
        "",
        "Priya",
        "Went to the allotment together",
        "No",
        "Yes",
    ]
    # People using the service are not named; a formula stays text.
    assert [row[4:6] + [row[7]] for row in rows[1:]] == [
        ["a person using the service", "Sam", "Thank you for listening"],
        ["Maya", "Priya", '\'=HYPERLINK("http://x.test")'],
    ]
    assert "Another team's story" not in str(rows)


def test_export_holds_nothing_private(client_for, manager, private_things):
    SuccessFactory(author=manager)
    text = b"".join(client_for(manager).get(_url(manager, "export")).streaming_content).decode()
    assert SECRET not in text


@pytest.mark.parametrize("role", ["staff", "service_user", "supporter", "partner"])
def test_export_is_for_managers_only(client_for, role, request):
    member = request.getfixturevalue(role)
    assert client_for(member).get(_url(member, "export")).status_code == 403


def test_export_refuses_outsiders_anonymous_and_posts(client, client_for, outsider, manager):
    address = _url(manager, "export")
    assert client_for(outsider).get(address).status_code == 404
    assert client.get(address)["Location"].startswith("/sign-in/")
    assert client_for(manager).post(address).status_code == 405


def test_export_queries_do_not_grow_with_rows(
    client_for, manager, staff, colleague, django_assert_max_num_queries
):
    client = client_for(manager)
    SuccessFactory(author=staff).helpers.add(colleague)
    with django_assert_max_num_queries(11) as few:  # 11: one is the audit row
        b"".join(client.get(_url(manager, "export")).streaming_content)
    for _ in range(20):
        SuccessFactory(author=staff).helpers.add(colleague)
        ThankYouFactory(sender=staff, recipient=colleague)
    with django_assert_max_num_queries(len(few.captured_queries)):
        rows = _csv(client.get(_url(manager, "export")))
    assert len(rows) == 1 + 21 + 20


def test_the_dashboard_of_a_team_without_shifts_shows_handover_by_day(client_for, manager, ward, staff):
    ward.works_shifts = False
    ward.save()
    SuccessFactory(author=staff, shift="day")

    page = client_for(manager).get(_url(manager)).content.decode()

    assert "Willow Ward does not work shifts, so handover is by day: 1 entry from 1 person." in page
    assert 'id="chart-shifts"' not in page
