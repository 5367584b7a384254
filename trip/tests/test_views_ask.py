""" "Ask about this": a short message to the member who shared a skill or interest, or who holds a
lead role. Email when they have an address, a notice in the skills register always; nothing else."""

import pytest
from django.core import mail
from django.urls import reverse

from trip.models import AssetKind, Question, Visibility
from trip.tests.factories import AssetFactory, LeadRoleFactory

REGISTER = reverse("trip:register", kwargs={"team": "willow-ward"})


def url(name, **kwargs):
    return reverse(f"trip:{name}", kwargs={"team": "willow-ward", **kwargs})


@pytest.fixture
def guitar(staff):
    return AssetFactory(owner=staff, title="Guitar", kind=AssetKind.INTEREST, visibility=Visibility.TEAM)


def test_asking_about_a_skill_emails_its_owner_and_nothing_else(
    client_for, service_user, staff, guitar, django_capture_on_commit_callbacks
):
    client = client_for(service_user)
    register = client.get(REGISTER).content.decode()
    assert url("asset_ask", pk=guitar.pk) in register

    form = client.get(url("asset_ask", pk=guitar.pk)).content.decode()
    assert "Ask Sam about this" in form and "We will email your message to Sam" in form
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("asset_ask", pk=guitar.pk), {"text": "Could you show me a few chords?"})

    assert response["Location"] == REGISTER
    [email] = mail.outbox
    assert email.to == [staff.user.email]
    assert "Guitar" in email.subject
    assert "Could you show me a few chords?" in email.body
    assert "Alex" not in email.subject + email.body  # a person using the service is not named by email
    question = Question.objects.get()
    assert (question.sender, question.recipient, question.about, question.emailed) == (
        service_user,
        staff,
        "Guitar",
        True,
    )
    assert "Your message is sent to Sam" in client.get(REGISTER).content.decode()


def test_someone_without_email_finds_the_message_in_the_register(
    client_for, staff, service_user, django_capture_on_commit_callbacks
):
    polish = AssetFactory(owner=service_user, title="Speaks Polish", visibility=Visibility.TEAM)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(staff).post(url("asset_ask", pk=polish.pk), {"text": "Could you help with a letter?"})
    assert mail.outbox == []
    theirs = client_for(service_user).get(REGISTER).content.decode()
    assert "Messages for you" in theirs
    assert "Sam (staff)" in theirs and "Could you help with a letter?" in theirs
    assert "Messages for you" not in client_for(staff).get(REGISTER).content.decode()


def test_asking_about_a_lead_role_goes_to_its_holder(client_for, supporter, staff, ward):
    role = LeadRoleFactory(team=ward, title="Family, friends and carers lead", holder=staff)
    assert url("lead_role_ask", pk=role.pk) in client_for(supporter).get(url("lead_roles")).content.decode()
    client_for(supporter).post(url("lead_role_ask", pk=role.pk), {"text": "My mum would like to visit."})
    question = Question.objects.get()
    assert (question.recipient, question.about) == (staff, "Family, friends and carers lead")


def test_a_bad_message_is_asked_again_and_keeps_what_was_typed(client_for, service_user, guitar):
    page = client_for(service_user).post(url("asset_ask", pk=guitar.pk), {"text": "x" * 501}).content.decode()
    assert "Please keep this to 500 characters or fewer (it has 501)." in page
    assert "x" * 501 in page
    empty = client_for(service_user).post(url("asset_ask", pk=guitar.pk), {"text": " "}).content.decode()
    assert "Please write a few words to send." in empty
    assert not Question.objects.exists()


def test_nobody_asks_themselves_an_unseen_thing_or_an_empty_role(
    client_for, staff, service_user, ward, guitar
):
    hidden = AssetFactory(owner=staff, title="Family therapy", visibility=Visibility.STAFF)
    empty_role = LeadRoleFactory(team=ward, holder=None)
    assert client_for(staff).get(url("asset_ask", pk=guitar.pk)).status_code == 404
    assert client_for(service_user).get(url("asset_ask", pk=hidden.pk)).status_code == 404
    assert client_for(service_user).get(url("lead_role_ask", pk=empty_role.pk)).status_code == 404
    staff.leave()
    assert client_for(service_user).get(url("asset_ask", pk=guitar.pk)).status_code == 404


def test_messages_are_in_my_data_and_go_with_an_erasure(client_for, manager, staff, service_user, guitar):
    from recovery_culture.my_data import member_erase_for_them, my_data_collect

    client_for(service_user).post(url("asset_ask", pk=guitar.pk), {"text": "Could you show me a few chords?"})
    mine = my_data_collect(user=service_user.user)
    sent = next(s for s in mine.teams[0].sections if s.title.startswith("messages you sent"))
    assert sent.items[0]["message"] == "Could you show me a few chords?"

    member_erase_for_them(member=service_user, manager=manager)
    assert not Question.objects.exists()
