"""The team's words over time on its dashboard: counts per month, for the team as a whole."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from conversations.models import LanguageMonth
from conversations.services import language_months
from dashboards.tests.test_dashboard import _rows

QUOTE = "Jo was non-compliant, so we sat and listened."


def dashboard(client):
    return client.get(reverse("dashboard:team", kwargs={"team": "willow-ward"})).content.decode()


def language_rows(page: str) -> list[list[str]]:
    return _rows(page.split('id="language-months"')[1].split("</table>")[0])


@time_machine.travel(dt.datetime(2026, 2, 10, 12, 0, tzinfo=dt.UTC), tick=False)
def test_six_months_oldest_first_with_empty_months_as_zeros(ward):
    LanguageMonth.objects.create(team=ward, month=dt.date(2025, 12, 1), words=400, deficit_phrases=2)

    months = language_months(ward, today=dt.date(2026, 2, 10))

    assert [m.month for m in months] == [dt.date(2025, m, 1) for m in (9, 10, 11, 12)] + [
        dt.date(2026, 1, 1),
        dt.date(2026, 2, 1),
    ]
    assert [m.words for m in months] == [0, 0, 0, 400, 0, 0]
    assert months[3].deficit_per_thousand == 5.0 and months[0].deficit_per_thousand is None


@pytest.mark.parametrize("role", ["manager", "staff"])
def test_the_dashboard_shows_the_team_figures_and_never_the_words(request, client_for, role, staff):
    client_for(staff).post(
        reverse("successes:handover", kwargs={"team": "willow-ward"}),
        {"shift": "early", "text": QUOTE, "on_wall": "true", "lens-text": "3,2"},
    )

    page = dashboard(client_for(request.getfixturevalue(role)))

    assert "The words we use" in page
    this_month = language_rows(page)[-1]
    assert this_month[1:] == ["9", "111.1", "2 of 3 (67%)"]
    assert "Labels per 1,000 words written" in page
    # The dashboard shows the wall's stories elsewhere; the counts hold no words and no names.
    assert {field.name for field in LanguageMonth._meta.get_fields()} == {
        "id",
        "team",
        "month",
        "words",
        "deficit_phrases",
        "hints_shown",
        "hints_taken",
    }
