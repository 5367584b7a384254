"""The language lens in supervision: hints while writing (or after saving, without JavaScript),
and never a count for the team, since what is written here belongs to the people in it."""

import pytest
from django.urls import reverse

from conversations.models import LanguageMonth
from supervision.models import Reflection
from tests.lens import boxes_without_lens


def url(name, **kwargs):
    return reverse(f"supervision:{name}", kwargs={"team": "willow-ward", **kwargs})


PAGES = [
    ("staff", lambda f: url("home"), ("id_went_well",)),
    ("colleague", lambda f: url("session_prepare", pk=f("supervision").pk), ()),
    ("staff", lambda f: url("session_record", pk=f("supervision").pk), ()),
    ("manager", lambda f: url("leading_reflect"), ("id_try_next",)),
]


@pytest.mark.parametrize("role, page, text_inputs", PAGES, ids=["reflect", "prepare", "write-up", "leading"])
def test_every_text_box_in_supervision_has_the_lens(request, client_for, role, page, text_inputs):
    response = client_for(request.getfixturevalue(role)).get(page(request.getfixturevalue))

    assert response.status_code == 200
    assert boxes_without_lens(response.content.decode(), *text_inputs) == []


def test_a_reflection_gets_its_hints_after_saving_and_is_never_counted(client_for, staff):
    words = "Listened even though he was attention seeking"

    page = client_for(staff).post(url("reflect"), {"went_well": words}, follow=True)

    assert Reflection.objects.get(author=staff).went_well == words
    html = page.content.decode()
    assert "Your reflection is saved, just for you." in html
    assert "A thought for next time, on \u201cattention seeking\u201d" in html
    assert not LanguageMonth.objects.exists()


def test_a_write_up_with_the_lens_running_is_not_counted_either(client_for, staff, supervision):
    notes = {
        f"{tip.tip}-{part}": "They were non-compliant, and we talked it through."
        for tip in supervision.tips.all()
        for part in ("went_well", "was_hard", "try_next")
    }
    lens = {f"lens-{name}": "1,1" for name in notes}

    client_for(staff).post(url("session_record", pk=supervision.pk), {**notes, **lens, "agreed_goals": ""})

    assert supervision.tips.first().went_well == "They were non-compliant, and we talked it through."
    assert not LanguageMonth.objects.exists()
