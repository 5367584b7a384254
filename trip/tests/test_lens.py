"""The language lens under every text a member writes in TRIP, and what it counts for the team."""

import pytest
from django.urls import reverse

from conversations.models import LanguageMonth
from tests.lens import boxes_without_lens
from trip.models import BenchmarkRating
from trip.tests.factories import BenchmarkRoundFactory, StatementFactory


def url(name: str, **kwargs) -> str:
    return reverse(f"trip:{name}", kwargs={"team": "willow-ward", **kwargs})


@pytest.fixture
def round_open(cycle):
    # A statement of the team's own: a browser test on the same worker may have emptied the
    # shared library the data migration seeds (a live server's test flushes every table).
    StatementFactory(team=cycle.team)
    return BenchmarkRoundFactory(cycle=cycle)


PAGES = [
    ("staff", "asset_new", lambda f: {}, ()),
    ("manager", "lead_role_new", lambda f: {}, ()),
    ("staff", "resource_new", lambda f: {}, ()),
    ("staff", "resource", lambda f: {"pk": f("place").pk}, ()),
    ("manager", "statement_new", lambda f: {}, ()),
    ("staff", "priority_new", lambda f: {"pk": f("cycle").pk}, ("id_title",)),
    ("staff", "priority", lambda f: {"pk": f("led_priority").pk}, ("id_action-text",)),
    ("service_user", "round_step", lambda f: {"pk": f("round_open").pk, "n": 1}, ()),
]


@pytest.mark.parametrize("role, name, kwargs, text_inputs", PAGES, ids=[page[1] for page in PAGES])
def test_every_text_box_in_trip_has_the_lens(request, client_for, role, name, kwargs, text_inputs):
    page = client_for(request.getfixturevalue(role)).get(url(name, **kwargs(request.getfixturevalue)))

    assert page.status_code == 200
    html = page.content.decode()
    assert "<textarea" in html
    assert boxes_without_lens(html, *text_inputs) == []


def test_the_note_boxes_asked_for_on_the_page_of_all_statements_have_the_lens(
    client_for, service_user, round_open
):
    statement = round_open.cycle.team.statements.get()

    card = client_for(service_user).get(
        url("round_rate", pk=round_open.pk, statement=statement.pk), headers={"HX-Request": "true"}
    )

    html = card.content.decode()
    assert html.count("<textarea") == 2
    assert boxes_without_lens(html) == []


def test_an_update_without_javascript_is_saved_and_then_gets_its_hints(client_for, staff, led_priority):
    words = "Alex was non-compliant with the plan, so we changed it together."

    page = client_for(staff).post(url("update_new", pk=led_priority.pk), {"update-text": words}, follow=True)

    assert led_priority.updates.get().text == words
    html = page.content.decode()
    assert "Thank you. Your update is on the timeline." in html
    assert "A thought for next time, on \u201cnon-compliant\u201d: It hides the person&#39;s reasons" in html
    month = LanguageMonth.objects.get(team=led_priority.cycle.team)
    assert (month.words, month.deficit_phrases) == (12, 1)


def test_a_rating_note_is_never_counted_for_the_team(client_for, service_user, round_open):
    statement = round_open.cycle.team.statements.model.objects.in_use_by(
        round_open.cycle.team
    ).in_theme_order()[0]
    client = client_for(service_user)

    client.post(
        url("round_step", pk=round_open.pk, n=1),
        {f"s{statement.pk}-answer": "3", f"s{statement.pk}-achieved": "Staff are lazy and non-compliant"},
    )

    assert BenchmarkRating.objects.get(member=service_user).achieved == "Staff are lazy and non-compliant"
    assert not LanguageMonth.objects.exists()
