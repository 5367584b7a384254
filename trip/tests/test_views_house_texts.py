"""A house text, or a blanket rule the team chose to change (conversations), becomes a TRIP
priority in one step: the current cycle's form, filled in with what the team found or decided."""

import html

from django.urls import reverse
from django.utils import timezone

from conversations.models import BlanketRule, HouseTextVersion
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


def test_a_rule_the_team_chose_to_change_becomes_a_priority(client_for, service_user, ward):
    cycle = CycleFactory(team=ward)
    rule = BlanketRule.objects.create(
        team=ward,
        rule="No visitors 12 to 2",
        why="Lunch.",
        affects="Families who work.",
        alternatives="Visits at lunch for families who work.",
        answers_closed_at=timezone.now(),
        decision="change",
        decision_note="Protected lunch, but visitors welcome.",
    )
    address = reverse("trip:priority_from_rule", kwargs={"team": "willow-ward", "pk": rule.pk})

    response = client_for(service_user).get(address, follow=True)

    assert response.redirect_chain[-1][0].startswith(
        reverse("trip:priority_new", kwargs={"team": "willow-ward", "pk": cycle.pk})
    )
    page = text(response)

    assert 'value="A new way with \u201cNo visitors 12 to 2\u201d"' in page
    assert "The team decided: Change it. Protected lunch, but visitors welcome." in page

    BlanketRule.objects.filter(pk=rule.pk).update(decision="keep")
    assert client_for(service_user).get(address).status_code == 404
