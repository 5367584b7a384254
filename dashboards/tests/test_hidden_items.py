"""A wall item a manager hid leaves the dashboard's counts, the CSV export and the monthly story
report's choices, as it leaves the wall (successes/tests/test_taking_down.py)."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from dashboards import queries
from dashboards.models import MonthlyReport
from dashboards.reports import stories_for_email, story_report_pdf
from successes.services import wall_item_hide
from teams.models import Team
from tests.factories import SuccessFactory, ThankYouFactory

REASON = "It names someone using the service, so we have taken it off the wall."


@pytest.fixture
def hidden(manager, staff, colleague):
    story = SuccessFactory(author=staff, text="Helped Mrs Jones on bay 4.", share_beyond_team=True)
    thanks = ThankYouFactory(sender=colleague, recipient=staff, message="Thanks for putting up with idiots.")
    for item in (story, thanks):
        wall_item_hide(member=manager, item=item, reason=REASON)
    return story, thanks


@pytest.fixture
def shown(staff, colleague):
    SuccessFactory(author=staff, text="A walk by the river.", share_beyond_team=True)
    ThankYouFactory(sender=staff, recipient=colleague, message="Thank you for the calm night.")


def _csv(response) -> str:
    text = b"".join(response.streaming_content).decode("utf-8")
    return str(list(csv.reader(io.StringIO(text.removeprefix("\ufeff")))))


def test_the_export_leaves_out_hidden_items(client_for, manager, hidden, shown):
    response = client_for(manager).get(
        reverse("dashboard:export", kwargs={"team": "willow-ward"}), {"file": "little-miracles"}
    )

    rows = _csv(response)
    assert "A walk by the river." in rows and "Thank you for the calm night." in rows
    assert "Jones" not in rows and "idiots" not in rows and REASON not in rows


def test_the_dashboard_counts_only_what_is_shown(ward, hidden, shown):
    today = timezone.localdate()

    figures = queries.TeamFigures.of(queries.with_figures(Team.objects.filter(pk=ward.pk), today=today).get())
    this_week = queries.weekly_counts(ward, today=today)[-1]

    assert (figures.successes_this_month, figures.thanks_this_month) == (1, 1)
    assert (this_week.successes, this_week.thank_yous) == (1, 1)


def test_hidden_stories_are_not_offered_for_the_story_report(client_for, manager, hidden, shown):
    page = (
        client_for(manager).get(reverse("dashboard:report", kwargs={"team": "willow-ward"})).content.decode()
    )

    assert "A walk by the river." in page
    assert "Jones" not in page


def test_a_story_hidden_after_it_was_chosen_stays_out_of_the_report(ward, manager, staff):
    month = timezone.localdate().replace(day=1)
    story = SuccessFactory(author=staff, text="Helped Mrs Jones on bay 4.", share_beyond_team=True)
    report = MonthlyReport.objects.create(
        team=ward, month=month, requested_by=manager, ready_at=timezone.now()
    )
    report.stories.set([story])

    wall_item_hide(member=manager, item=story, reason=REASON)

    assert stories_for_email(ward, month) == []
    pdf = PdfReader(io.BytesIO(story_report_pdf(ward, month, stories_for_email(ward, month))))
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "Little miracles" in text and "Jones" not in text
