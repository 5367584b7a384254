"""How a member is named, on every output: the team's pages name everyone with their role; what
leaves the app (PDFs, emails, CSV files) names a person using the service only if they chose to
be named, and a supporter or community partner never (docs/adr/0006-how-members-are-named.md)."""

import csv
import io

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from dashboards.reports import monthly_report_send, previous_month
from recovery_culture.lib import dates
from successes.digests import weekly_digest_send
from successes.services import wall_pdf
from teams.models import Audience
from tests.factories import SuccessFactory, ThankYouFactory
from trip import services as trip_services
from trip.models import TripReport
from trip.tests.factories import ActionFactory, CycleFactory, LeadRoleFactory, PriorityFactory

NAME = "Rowan Ellis"
UNNAMED = "a person using the service"


@pytest.fixture(params=[False, True], ids=["not-named", "chose-to-be-named"])
def rowan(request, service_user):
    """A person using the service, who did or did not choose to be named beyond the team."""
    service_user.user.display_name = NAME
    service_user.user.save()
    service_user.chose_to_be_named = request.param
    service_user.save()
    return service_user


def called(rowan) -> str:
    """What Rowan is called in anything that leaves the app."""
    return NAME if rowan.chose_to_be_named else UNNAMED


def assert_named_only_if_chosen(text: str, rowan) -> None:
    if rowan.chose_to_be_named:
        assert NAME in text
    else:
        assert NAME not in text


def pdf_text(data: bytes) -> str:
    pages = PdfReader(io.BytesIO(data)).pages
    return " ".join(" ".join((page.extract_text() or "").split()) for page in pages)


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def wall_week(ward, rowan, staff, supporter):
    """This week's wall: Rowan helped, thanked and was thanked; a supporter thanked too."""
    SuccessFactory(author=staff, text="We planted the tomatoes together.").helpers.add(rowan)
    ThankYouFactory(sender=staff, recipient=rowan, message="Thank you for the tomatoes.")
    ThankYouFactory(sender=supporter, recipient=staff, message="Thank you for the call.")
    return dates.this_week_start()


# --- the one rule -------------------------------------------------------------------------------


def test_the_team_sees_every_name_with_its_role(rowan, staff, supporter, partner):
    assert rowan.name_for(Audience.TEAM_SCREEN) == f"{NAME} (person using the service)"
    assert staff.name_for(Audience.TEAM_SCREEN) == "Sam (staff)"
    assert supporter.name_for(Audience.TEAM_SCREEN) == "Jo (supporter)"


def test_what_leaves_the_app_names_staff_and_only_those_who_chose(rowan, manager, staff, supporter, partner):
    assert rowan.name_for(Audience.LEAVES_APP) == called(rowan)
    assert staff.name_for(Audience.LEAVES_APP) == "Sam"
    assert manager.name_for(Audience.LEAVES_APP) == "Maya"
    # A relative's name can point to the person they support; partners are named by their role.
    supporter.chose_to_be_named = partner.chose_to_be_named = True
    assert supporter.name_for(Audience.LEAVES_APP) == "a supporter"
    assert partner.name_for(Audience.LEAVES_APP) == "a community partner"


# --- pages --------------------------------------------------------------------------------------


def test_the_wall_page_names_everyone_to_the_team(client_for, partner, wall_week):
    page = flat(
        client_for(partner).get(reverse("successes:wall", kwargs={"team": "willow-ward"})).content.decode()
    )
    assert f"From Sam (staff) to {NAME} (person using the service)" in page


# --- PDFs ---------------------------------------------------------------------------------------


def test_the_wall_pdf(ward, rowan, wall_week):
    text = pdf_text(wall_pdf(ward, wall_week))

    assert f"From Sam to {called(rowan)}" in text
    assert f"with thanks to {called(rowan)}" in text
    assert "From a supporter to Sam" in text
    assert_named_only_if_chosen(text, rowan)


def test_the_trip_report_pdf(ward, rowan, manager, staff):
    cycle = CycleFactory(team=ward, name="Spring 2026")
    priority = PriorityFactory(
        cycle=cycle, title="A kinder first letter", status="active", staff_lead=staff, service_user_lead=rowan
    )
    priority.helpers.add(rowan)
    ActionFactory(priority=priority, text="Read other teams' letters", owner=rowan)
    LeadRoleFactory(team=ward, title="Peer support lead", holder=rowan)
    report = TripReport.objects.create(cycle=cycle, requested_by=manager)

    text = pdf_text(bytes(trip_services.trip_report_build(report=report).pdf))

    assert f"Co-led by Sam and {called(rowan)}, helped by {called(rowan)}." in text
    assert f"Read other teams' letters {called(rowan)}" in text
    assert "Peer support lead" in text
    assert_named_only_if_chosen(text, rowan)


# --- emails -------------------------------------------------------------------------------------


def test_the_weekly_digest_and_its_pdf(ward, rowan, staff, wall_week):
    weekly_digest_send(team=ward, week_start=wall_week)

    [message] = [m for m in mail.outbox if m.to == [staff.user.email]]
    html = flat(message.alternatives[0][0])
    for body in (flat(message.body), html):
        assert f"From Sam to {called(rowan)}" in body
        assert f"with thanks to {called(rowan)}" in body
        assert "From a supporter to Sam" in body
        assert_named_only_if_chosen(body, rowan)
    # The PDF the digest links to (docs/adr/0008).
    assert "/t/willow-ward/wall/pdf/?week=" in message.body
    assert_named_only_if_chosen(pdf_text(wall_pdf(ward, wall_week)), rowan)


def test_the_monthly_story_report_and_its_pdf_name_no_one(ward, rowan, manager):
    month = previous_month(timezone.localdate())
    moment = timezone.make_aware(timezone.datetime(month.year, month.month, 10, 14))
    story = SuccessFactory(
        author=rowan, text="Went to the allotment group.", share_beyond_team=True, created_at=moment
    )
    story.helpers.add(rowan)
    manager.monthly_report_opt_in = True
    manager.save()

    assert monthly_report_send(team=ward, month=month) == 1

    [message] = mail.outbox
    pdf = pdf_text(message.attachments[0][1])
    for text in (message.body, message.alternatives[0][0], pdf):
        assert "Went to the allotment group." in text
        # Stories travel without names at all, chosen or not.
        assert NAME not in text and UNNAMED not in text


# --- CSV files ----------------------------------------------------------------------------------


def _csv(client, file: str) -> list[list[str]]:
    response = client.get(reverse("dashboard:export", kwargs={"team": "willow-ward"}), {"file": file})
    text = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def test_every_csv_file(client_for, ward, rowan, manager, staff, wall_week):
    cycle = CycleFactory(team=ward)
    priority = PriorityFactory(cycle=cycle, status="active", staff_lead=staff, service_user_lead=rowan)
    ActionFactory(priority=priority, owner=rowan)
    client = client_for(manager)

    _, story, *thanks = _csv(client, "little-miracles")
    _, led = _csv(client, "priorities")
    _, action = _csv(client, "actions")

    assert story[4:7] == ["Sam", "", called(rowan)]
    assert [row[4:6] for row in thanks] == [["Sam", called(rowan)], ["a supporter", "Sam"]]
    assert led[3:5] == ["Sam", called(rowan)]
    assert action[2] == called(rowan)
    text = str([_csv(client, file) for file in ("little-miracles", "priorities", "actions", "benchmarking")])
    assert_named_only_if_chosen(text, rowan)


# --- the choice is theirs -----------------------------------------------------------------------

SETTINGS = "/t/willow-ward/settings/"
CHOICE = 'name="chose_to_be_named"'


def test_a_person_using_the_service_chooses_to_be_named_and_changes_their_mind(client_for, service_user):
    client = client_for(service_user)
    page = client.get(SETTINGS).content.decode()
    assert "Your name outside the app" in page
    assert f'{CHOICE} type="checkbox" value="on">' in page  # off until they choose

    client.post(SETTINGS, {"form": "me", "display_name": "Alex", "chose_to_be_named": "on"})
    service_user.refresh_from_db()
    assert service_user.chose_to_be_named
    assert f'{CHOICE} type="checkbox" value="on" checked' in client.get(SETTINGS).content.decode()

    client.post(SETTINGS, {"form": "me", "display_name": "Alex"})
    service_user.refresh_from_db()
    assert not service_user.chose_to_be_named


@pytest.mark.parametrize("role", ["manager", "staff", "supporter", "partner"])
def test_no_one_else_is_offered_the_choice_or_can_make_it(client_for, role, request):
    member = request.getfixturevalue(role)
    client = client_for(member)
    assert CHOICE not in client.get(SETTINGS).content.decode()
    client.post(SETTINGS, {"form": "me", "display_name": member.name, "chose_to_be_named": "on"})
    member.refresh_from_db()
    assert not member.chose_to_be_named
