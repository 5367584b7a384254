import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from teams.models import AuditAction, AuditEvent
from tests.factories import MembershipFactory, SuccessFactory, ThankYouFactory

LONDON = ZoneInfo("Europe/London")
THURSDAY_2PM = dt.datetime(2026, 11, 26, 14, 0, tzinfo=LONDON)  # week of Monday 23 November 2026
LAST_WEEK = THURSDAY_2PM - dt.timedelta(days=7)

HTMX = {"HTTP_HX_REQUEST": "true"}


def url(name: str, query: str = "", **kwargs) -> str:
    return reverse(f"successes:{name}", kwargs={"team": "willow-ward", **kwargs}) + query


@pytest.fixture(autouse=True)
def thursday_afternoon():
    with time_machine.travel(THURSDAY_2PM, tick=False) as traveller:
        yield traveller


# --- The wall -----------------------------------------------------------------------------------


def test_the_wall_shows_this_weeks_stories_and_thanks_newest_first(client_for, staff, colleague):
    older = SuccessFactory(
        author=staff, shift="night", text="Older story.", created_at=THURSDAY_2PM - dt.timedelta(days=2)
    )
    older.helpers.add(colleague)
    SuccessFactory(author=colleague, text="Newer story.")
    SuccessFactory(author=staff, text="Kept for our records.", on_wall=False)
    SuccessFactory(author=staff, text="Last week's story.", created_at=LAST_WEEK)
    ThankYouFactory(sender=colleague, recipient=staff, message="Thank you for the calm handover.")

    response = client_for(staff).get(url("wall"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Week of Monday 23 November 2026" in html
    assert html.index("Newer story.") < html.index("Older story.")
    assert "Sam (staff), night shift, Tuesday 24 November 2026 – with thanks to Priya (staff)" in html
    assert "Thank you for the calm handover." in html
    assert "From Priya (staff) to Sam (staff)" in html
    assert "Kept for our records." not in html
    assert "Last week&#39;s story." not in html


def test_a_days_story_on_the_wall_names_no_shift(client_for, staff):
    SuccessFactory(
        author=staff, shift="day", text="A calm clinic.", created_at=THURSDAY_2PM - dt.timedelta(days=2)
    )

    html = client_for(staff).get(url("wall")).content.decode()

    assert "Sam (staff), Tuesday 24 November 2026" in html
    assert "day shift" not in html.lower()


def test_this_weeks_wall_refreshes_itself_for_the_meeting(client_for, staff):
    html = client_for(staff).get(url("wall")).content.decode()

    since = int(THURSDAY_2PM.timestamp())
    assert f'hx-get="/t/willow-ward/wall/?since={since}" hx-trigger="every 30s" hx-swap="outerHTML"' in html


def test_the_wall_stops_refreshing_after_a_meetings_length(client_for, staff, thursday_afternoon):
    # Each refresh is a request: without an end, a wall left open would never let an idle
    # session on a shared computer end.
    client = client_for(staff)
    opened = int(THURSDAY_2PM.timestamp())
    for _ in range(4):  # 80 minutes of a long meeting
        thursday_afternoon.shift(dt.timedelta(minutes=20))
        assert "every 30s" in client.get(url("wall", f"?since={opened}"), **HTMX).content.decode()

    thursday_afternoon.shift(dt.timedelta(minutes=11))
    html = client.get(url("wall", f"?since={opened}"), **HTMX).content.decode()

    assert "every 30s" not in html
    assert "This page has stopped refreshing itself." in html


@pytest.mark.parametrize("since", ["soon", "99999999999999999999", "-1"])
def test_an_odd_since_does_no_harm(client_for, staff, since):
    assert client_for(staff).get(url("wall", f"?since={since}"), **HTMX).status_code == 200


def test_the_refresh_gets_only_the_wall_fragment(client_for, staff):
    SuccessFactory(author=staff, text="A new story since the last look.")

    response = client_for(staff).get(url("wall"), **HTMX)

    html = response.content.decode()
    assert html.lstrip().startswith('<div id="wall"')
    assert "<html" not in html
    assert "A new story since the last look." in html
    assert 'hx-trigger="every 30s"' in html


def test_meeting_mode_is_large_type_with_little_chrome_and_a_way_back(client_for, staff):
    SuccessFactory(author=staff, text="Shared at the meeting.")

    html = client_for(staff).get(url("wall", "?mode=meeting")).content.decode()

    assert 'class="app-wall app-wall--meeting"' in html
    assert "Shared at the meeting." in html
    assert '<a class="app-meeting-bar__link" href="/t/willow-ward/wall/">Leave meeting mode</a>' in html
    # A shared screen shows no one's account: signing out is on the ordinary wall.
    assert "Sign out" not in html
    assert "/js/meeting.js" in html
    assert "nhsuk-header__navigation" not in html
    assert "nhsuk-footer" not in html
    assert 'hx-get="/t/willow-ward/wall/?mode=meeting&amp;since=' in html


def test_earlier_weeks_can_be_browsed(client_for, staff):
    SuccessFactory(author=staff, text="Last week's story.", created_at=LAST_WEEK)
    SuccessFactory(author=staff, text="This week's story.")

    html = client_for(staff).get(url("wall", "?week=2026-11-16")).content.decode()

    assert "Week of Monday 16 November 2026" in html
    assert "Last week&#39;s story." in html
    assert "This week&#39;s story." not in html
    assert 'href="/t/willow-ward/wall/?week=2026-11-09"' in html
    assert 'href="/t/willow-ward/wall/"' in html  # the next week is this week
    assert "every 30s" not in html  # a past week does not change


def test_this_week_has_no_next_week_link(client_for, staff):
    html = client_for(staff).get(url("wall")).content.decode()

    assert 'href="/t/willow-ward/wall/?week=2026-11-16"' in html
    assert "Next week" not in html


def test_any_day_of_a_week_leads_to_that_weeks_address(client_for, staff):
    response = client_for(staff).get(url("wall", "?week=2026-11-18&mode=meeting"))

    assert response.status_code == 302
    assert response["Location"] == url("wall", "?week=2026-11-16&mode=meeting")


def test_a_week_still_to_come_leads_to_this_week(client_for, staff):
    for future in ("2026-12-07", "9999-12-31"):
        response = client_for(staff).get(url("wall", f"?week={future}"))

        assert response.status_code == 302
        assert response["Location"] == url("wall")


@pytest.mark.parametrize("week", ["next-tuesday", "2026-13-01", "0001-01-01", "<script>", "2026-02-30"])
def test_a_week_that_is_not_a_date_gets_a_kind_page(client_for, staff, week):
    response = client_for(staff).get(url("wall"), {"week": week})

    assert response.status_code == 400
    html = response.content.decode()
    assert "We could not find that week" in html
    assert "See this week's wall" in html
    assert "<script>" not in html.split('id="maincontent"')[1]


@pytest.mark.parametrize("role", ["manager", "staff", "service_user", "supporter", "partner"])
def test_every_member_can_see_the_wall(client_for, request, role):
    SuccessFactory(author=request.getfixturevalue("colleague"), text="For everyone to see.")

    response = client_for(request.getfixturevalue(role)).get(url("wall"))

    assert response.status_code == 200
    assert "For everyone to see." in response.content.decode()


def test_the_wall_refuses_wrong_methods(client_for, staff):
    assert client_for(staff).post(url("wall")).status_code == 405


def test_the_wall_is_not_found_for_outsiders_and_asks_anonymous_to_sign_in(
    client, client_for, outsider, ward
):
    assert client_for(outsider).get(url("wall")).status_code == 404
    assert client.get(url("wall"))["Location"].startswith("/sign-in/")


def test_stories_and_thanks_are_shown_escaped(client_for, staff, colleague):
    SuccessFactory(author=staff, text="<script>alert(1)</script>")
    ThankYouFactory(sender=colleague, recipient=staff, message="<img src=x onerror=alert(2)>")

    html = client_for(staff).get(url("wall")).content.decode()

    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html


def test_the_wall_keeps_its_queries_as_the_week_fills_up(client_for, staff, colleague):
    client = client_for(staff)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url("wall")).status_code == 200
        return len(captured)

    SuccessFactory(author=staff).helpers.add(colleague)
    ThankYouFactory(sender=colleague, recipient=staff)
    few = queries()
    for _ in range(15):
        author, helper = MembershipFactory(team=staff.team), MembershipFactory(team=staff.team)
        SuccessFactory(author=author).helpers.add(helper, colleague)
        ThankYouFactory(sender=author, recipient=helper)

    assert queries() == few


def test_the_wall_query_count_is_pinned(client_for, staff, colleague, django_assert_max_num_queries):
    for _ in range(5):
        SuccessFactory(author=colleague).helpers.add(staff)
        ThankYouFactory(sender=colleague, recipient=staff)
    client = client_for(staff)

    with django_assert_max_num_queries(10):
        client.get(url("wall"))
    with django_assert_max_num_queries(10):
        client.get(url("wall"), **HTMX)


def a_busy_week(staff, colleague, stories: int = 0, thanks: int = 0) -> None:
    """`stories` little miracles and `thanks` thank-yous this week, numbered from the oldest."""
    for n in range(1, stories + 1):
        SuccessFactory(author=staff, text=f"Story {n}.", created_at=THURSDAY_2PM - dt.timedelta(minutes=n))
    for n in range(1, thanks + 1):
        ThankYouFactory(
            sender=colleague,
            recipient=staff,
            message=f"Thanks {n}.",
            created_at=THURSDAY_2PM - dt.timedelta(minutes=n),
        )


def test_a_busy_week_shows_its_newest_fifty_and_offers_more(client_for, staff, colleague):
    a_busy_week(staff, colleague, stories=52, thanks=3)

    html = client_for(staff).get(url("wall")).content.decode()

    assert 'What went well <span class="app-count">(52)</span>' in html
    assert "Story 1." in html and "Story 50." in html
    assert "Story 51." not in html and "Story 52." not in html
    assert "(50 of 52 shown)" in html
    assert 'href="/t/willow-ward/wall/?shown=100#story-51">Show more stories' in html
    # The thank-yous all fit, so they offer nothing more.
    assert "Thanks 3." in html
    assert "Show more thank-yous" not in html


def test_show_more_lists_the_next_fifty_and_lands_on_the_first_of_them(client_for, staff, colleague):
    a_busy_week(staff, colleague, stories=52, thanks=51)

    html = client_for(staff).get(url("wall", "?shown=100")).content.decode()

    assert "Story 52." in html and "Show more stories" not in html
    assert '<li class="nhsuk-card app-miracle" id="story-51">' in html
    assert "Thanks 51." in html and "Show more thank-yous" not in html
    # Its refresh keeps the longer list, so a meeting does not lose its place.
    assert 'hx-get="/t/willow-ward/wall/?shown=100&amp;since=' in html


def test_thank_yous_fold_too_in_meeting_mode(client_for, staff, colleague):
    a_busy_week(staff, colleague, thanks=51)

    html = client_for(staff).get(url("wall", "?mode=meeting")).content.decode()

    assert "Thanks 50." in html and "Thanks 51." not in html
    assert 'href="/t/willow-ward/wall/?mode=meeting&amp;shown=100#thanks-51">Show more thank-yous' in html


@pytest.mark.parametrize(
    ("shown", "listed"), [("", 50), ("abc", 50), ("0", 50), ("-5", 50), ("75", 100), ("9" * 12, 50)]
)
def test_an_odd_shown_lists_whole_steps_of_fifty(client_for, staff, colleague, shown, listed):
    a_busy_week(staff, colleague, stories=101)

    html = client_for(staff).get(url("wall", f"?shown={shown}")).content.decode()

    assert f"Story {listed}." in html
    assert f"Story {listed + 1}." not in html


def test_a_busy_week_keeps_its_queries(client_for, staff, colleague, django_assert_max_num_queries):
    a_busy_week(staff, colleague, stories=60, thanks=60)
    client = client_for(staff)

    with django_assert_max_num_queries(12):
        html = client.get(url("wall")).content.decode()
    assert "(50 of 60 shown)" in html


# --- Earlier weeks ------------------------------------------------------------------------------


def test_earlier_weeks_are_listed_newest_first_with_what_they_hold(client_for, staff, colleague):
    SuccessFactory(author=staff, created_at=LAST_WEEK)
    SuccessFactory(author=staff, created_at=LAST_WEEK + dt.timedelta(days=1))
    ThankYouFactory(sender=colleague, recipient=staff, created_at=THURSDAY_2PM - dt.timedelta(days=21))
    SuccessFactory(author=staff, created_at=THURSDAY_2PM - dt.timedelta(days=14), on_wall=False)

    html = client_for(staff).get(url("weeks")).content.decode()

    assert html.index("Week of Monday 16 November 2026") < html.index("Week of Monday 2 November 2026")
    assert "2 little miracles, 0 thank-yous" in html
    assert "0 little miracles, 1 thank-you" in html
    assert 'href="/t/willow-ward/wall/?week=2026-11-16"' in html
    assert "Week of Monday 9 November 2026" not in html  # only an entry kept off the wall


def test_a_story_belongs_to_the_week_of_its_london_day(client_for, staff):
    # 00:30 on a summer Monday in London is still Sunday in UTC.
    SuccessFactory(author=staff, created_at=dt.datetime(2026, 6, 8, 0, 30, tzinfo=LONDON))

    html = client_for(staff).get(url("weeks")).content.decode()

    assert "Week of Monday 8 June 2026" in html
    assert "Week of Monday 1 June 2026" not in html


def test_earlier_weeks_are_paginated(client_for, staff):
    for week in range(25):
        SuccessFactory(author=staff, created_at=THURSDAY_2PM - dt.timedelta(weeks=week))
    client = client_for(staff)

    first = client.get(url("weeks")).content.decode()
    second = client.get(url("weeks", "?page=2")).content.decode()

    assert first.count("little miracle,") == 20
    assert "Older weeks" in first
    assert second.count("little miracle,") == 5
    assert "Newer weeks" in second
    assert client.get(url("weeks", "?page=banana")).status_code == 200


def test_earlier_weeks_htmx_variant_is_the_list_alone(client_for, staff):
    SuccessFactory(author=staff)

    html = client_for(staff).get(url("weeks"), **HTMX).content.decode()

    assert html.lstrip().startswith('<div id="weeks-list"')
    assert "<html" not in html


def test_no_weeks_yet_is_said_kindly(client_for, supporter):
    assert "Nothing has been put on the wall yet." in client_for(supporter).get(url("weeks")).content.decode()


def test_earlier_weeks_keep_their_queries_as_years_go_by(
    client_for, staff, colleague, django_assert_max_num_queries
):
    client = client_for(staff)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get(url("weeks"))
        return len(captured)

    SuccessFactory(author=staff)
    few = queries()
    for week in range(60):
        SuccessFactory(author=staff, created_at=THURSDAY_2PM - dt.timedelta(weeks=week))
        ThankYouFactory(sender=colleague, recipient=staff, created_at=THURSDAY_2PM - dt.timedelta(weeks=week))

    assert queries() == few
    with django_assert_max_num_queries(10):
        client.get(url("weeks"))


def test_earlier_weeks_access(client, client_for, staff, outsider, partner):
    assert client_for(partner).get(url("weeks")).status_code == 200
    assert client_for(outsider).get(url("weeks")).status_code == 404
    assert client.get(url("weeks"))["Location"].startswith("/sign-in/")
    assert client_for(staff).post(url("weeks")).status_code == 405


# --- The week as a PDF --------------------------------------------------------------------------


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_week_downloads_as_a_pdf(client_for, staff):
    SuccessFactory(author=staff, text="Made a cup of tea for everyone.", created_at=LAST_WEEK)

    response = client_for(staff).get(url("wall_pdf", "?week=2026-11-16"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"] == 'attachment; filename="willow-ward-little-miracles-2026-11-16.pdf"'
    )
    text = pdf_text(response.content)
    assert "Made a cup of tea for everyone." in text
    assert "Week of Monday 16 November 2026" in text
    [event] = AuditEvent.objects.all()
    assert (event.actor, event.action) == (staff, AuditAction.PRINTED)
    assert event.detail == "Little miracles wall, week of 2026-11-16"


def test_the_pdf_is_this_weeks_without_a_week(client_for, service_user):
    response = client_for(service_user).get(url("wall_pdf"))

    assert response.status_code == 200
    assert "2026-11-23.pdf" in response["Content-Disposition"]


def test_the_wall_links_to_its_pdf(client_for, staff):
    assert (
        'href="/t/willow-ward/wall/pdf/?week=2026-11-23"'
        in client_for(staff).get(url("wall")).content.decode()
    )


def test_a_pdf_for_a_week_that_is_not_a_date_gets_a_kind_page(client_for, staff):
    response = client_for(staff).get(url("wall_pdf", "?week=soon"))

    assert response.status_code == 400
    assert "We could not find that week" in response.content.decode()


def test_the_pdf_access(client, client_for, staff, outsider):
    assert client_for(outsider).get(url("wall_pdf")).status_code == 404
    assert client.get(url("wall_pdf"))["Location"].startswith("/sign-in/")
    assert client_for(staff).post(url("wall_pdf")).status_code == 405
