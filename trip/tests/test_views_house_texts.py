"""A house text (conversations) becomes a TRIP priority in one step: the current cycle's form,
filled in with the text's name and what its check found."""

import html

from django.urls import reverse

from conversations.models import HouseTextVersion
from conversations.services import house_text_keep
from trip.tests.factories import CycleFactory

OLD_LETTER = (
    "Dear patient,\n"
    "You must arrive 15 minutes before your appointment. If you fail to attend without notifying "
    "the department in advance, your referral will be returned to the referrer.\n"
    "You should bring a list of your medication."
)


def text(response) -> str:
    return html.unescape(response.content.decode())


def test_a_house_text_becomes_a_priority_in_one_step(client_for, staff, ward):
    cycle = CycleFactory(team=ward)
    version = house_text_keep(member=staff, name="Our first letter", text=OLD_LETTER)

    form = client_for(staff).get(
        reverse("trip:priority_from_house_text", kwargs={"team": "willow-ward", "pk": version.house_text_id}),
        follow=True,
    )

    assert form.redirect_chain[-1][0].startswith(
        reverse("trip:priority_new", kwargs={"team": "willow-ward", "pk": cycle.pk})
    )
    page = text(form)
    assert 'value="A friendlier \u201cOur first letter\u201d"' in page
    assert (
        "Version 1 has 1 label that hides the person, 2 sentences telling the reader what to do "
        "and a reading ease of"
    ) in page
    assert "Rewrite \u201cOur first letter\u201d together with people who receive it." in page


def test_with_no_cycle_yet_the_team_is_shown_how_to_start_one(client_for, staff):
    version = house_text_keep(member=staff, name="Our first letter", text=OLD_LETTER)

    page = client_for(staff).get(
        reverse("trip:priority_from_house_text", kwargs={"team": "willow-ward", "pk": version.house_text_id}),
        follow=True,
    )

    assert "Start a TRIP cycle first" in text(page)
    assert HouseTextVersion.objects.count() == 1
