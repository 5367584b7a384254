"""The language lens on the wall's texts: hints while typing, or after saving without JavaScript,
and the team's monthly counts, which hold numbers and never words or names."""

import pytest
from django.urls import reverse

from conversations.models import LanguageMonth
from successes.models import Success, ThankYou
from tests.factories import SuccessFactory
from tests.lens import boxes_without_lens

HTMX = {"HTTP_HX_REQUEST": "true"}
WORDS = "Calm morning. Jo was non-compliant at first, then we found a plan with her."


def url(name: str, **kwargs) -> str:
    return reverse(f"successes:{name}", kwargs={"team": "willow-ward", **kwargs})


def entry(**data) -> dict:
    return {"shift": "early", "text": WORDS, "on_wall": "true", **data}


def month(team) -> LanguageMonth:
    return LanguageMonth.objects.get(team=team)


@pytest.mark.parametrize(
    "role, page",
    [
        ("staff", lambda f: url("handover")),
        ("staff", lambda f: url("success_edit", pk=SuccessFactory(author=f("staff")).pk)),
        ("service_user", lambda f: url("thank")),
        ("manager", lambda f: url("success_hide", pk=SuccessFactory(author=f("staff")).pk)),
    ],
    ids=["handover", "edit", "thank-you", "take-off-the-wall"],
)
def test_every_text_box_on_the_wall_has_the_lens(request, client_for, role, page):
    response = client_for(request.getfixturevalue(role)).get(page(request.getfixturevalue))

    assert response.status_code == 200
    assert boxes_without_lens(response.content.decode()) == []


def test_without_javascript_the_hints_come_after_saving(client_for, staff):
    page = client_for(staff).post(url("handover"), entry(), follow=True)

    assert Success.objects.get().text == WORDS  # saved as typed: the lens never blocks
    html = page.content.decode()
    assert "Saved. Thank you for sharing what went well." in html
    assert "A thought for next time, on \u201cnon-compliant\u201d" in html
    assert "You could say \u201cchoosing not to \u2026\u201d" in html
    # Said once: the next page is quiet again.
    assert "A thought for next time" not in client_for(staff).get(url("handover")).content.decode()


def test_with_the_lens_running_there_is_nothing_more_after_saving(client_for, staff):
    page = client_for(staff).post(url("handover"), entry(**{"lens-text": "0,0"}), follow=True)

    assert "Saved. Thank you" in page.content.decode()
    assert "A thought for next time" not in page.content.decode()


def test_a_thank_you_counts_its_words_labels_and_the_hints_taken_up(client_for, service_user, staff):
    client_for(service_user).post(
        url("thank"),
        {
            "recipient": staff.pk,
            "message": "You stayed so calm when I was manipulative.",
            "lens-message": "2,1",
        },
    )

    assert ThankYou.objects.get().message == "You stayed so calm when I was manipulative."
    counted = month(staff.team)
    assert (counted.words, counted.deficit_phrases) == (8, 1)
    assert (counted.hints_shown, counted.hints_taken) == (2, 1)
    assert counted.uptake_percent == 50
    assert counted.deficit_per_thousand == 125.0


def test_the_month_adds_up_across_the_team(client_for, staff, colleague):
    client_for(staff).post(url("handover"), entry(**{"lens-text": "1,1"}), **HTMX)
    client_for(colleague).post(
        url("handover"), entry(text="Bingo night went well.", **{"lens-text": "0,0"}), **HTMX
    )

    counted = month(staff.team)
    assert (counted.words, counted.deficit_phrases, counted.hints_shown, counted.hints_taken) == (19, 1, 1, 1)
    assert LanguageMonth.objects.count() == 1


@pytest.mark.parametrize("sent", ["3,9", "999999,999999", "x,1", "-1,0", "1", "1,-1"])
def test_counts_a_browser_sends_are_kept_within_reason(client_for, staff, sent):
    client_for(staff).post(url("handover"), entry(**{"lens-text": sent}))

    counted = month(staff.team)
    assert counted.hints_taken <= counted.hints_shown <= 50
    assert counted.words == 15  # the text is counted whatever the browser says


def test_a_resent_entry_is_counted_once(client_for, staff):
    client = client_for(staff)
    data = entry(**{"lens-text": "1,0"})
    client.post(url("handover"), data, **HTMX)
    client.post(url("handover"), data, **HTMX)

    assert Success.objects.count() == 1
    assert month(staff.team).words == 15
