"""Taking things down from the wall: a sender withdraws their own thank-you, and a manager hides a
little miracle or thank-you with a reason its author sees. A hidden item leaves every page, file
and email that shows the wall, and comes back when a manager shows it again."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from successes.digests import weekly_digest_send
from successes.models import Success, ThankYou
from successes.services import thank_you_withdraw, wall_item_hide, wall_item_show, wall_pdf
from teams.models import AuditAction, AuditEvent
from tests.factories import SuccessFactory, ThankYouFactory

LONDON = ZoneInfo("Europe/London")
WEEK = dt.date(2026, 11, 23)  # a Monday; Willow Ward meets on Friday 27th at 15:00
THURSDAY_2PM = dt.datetime(2026, 11, 26, 14, 0, tzinfo=LONDON)
AFTER_MEETING = dt.datetime(2026, 11, 27, 16, 0, tzinfo=LONDON)
REASON = "It names someone using the service, so we have taken it off the wall. Thank you for sharing."


def url(name: str, query: str = "", **kwargs) -> str:
    return reverse(f"successes:{name}", kwargs={"team": "willow-ward", **kwargs}) + query


@pytest.fixture(autouse=True)
def thursday_afternoon():
    with time_machine.travel(THURSDAY_2PM, tick=False) as traveller:
        yield traveller


@pytest.fixture
def hidden_story(manager, staff):
    story = SuccessFactory(author=staff, text="Helped Mrs Jones on bay 4 with her shopping.")
    return wall_item_hide(member=manager, item=story, reason=REASON)


@pytest.fixture
def hidden_thanks(manager, staff, colleague):
    thanks = ThankYouFactory(sender=staff, recipient=colleague, message="Thanks for putting up with idiots.")
    return wall_item_hide(member=manager, item=thanks, reason=REASON)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


# --- A sender withdraws their thank-you ----------------------------------------------------------


def test_the_sender_is_offered_to_withdraw_their_thank_you_on_the_wall(client_for, staff, colleague):
    thanks = ThankYouFactory(sender=staff, recipient=colleague)

    mine = client_for(staff).get(url("wall")).content.decode()
    theirs = client_for(colleague).get(url("wall")).content.decode()

    withdraw = url("thank_you_withdraw", pk=thanks.pk)
    assert withdraw in mine and "Withdraw your thank-you" in mine
    assert withdraw not in theirs


def test_the_sender_confirms_and_the_thank_you_is_gone_for_the_recipient(client_for, staff, colleague):
    thanks = ThankYouFactory(sender=staff, recipient=colleague, message="Thank you for the calm night.")
    client = client_for(staff)

    confirm = client.get(url("thank_you_withdraw", pk=thanks.pk)).content.decode()
    assert "Withdraw your thank-you?" in confirm
    assert "Priya will no longer see it" in confirm

    response = client.post(url("thank_you_withdraw", pk=thanks.pk), follow=True)

    assert response.redirect_chain[-1][0] == url("wall")
    assert "Your thank-you to Priya is withdrawn." in response.content.decode()
    assert not ThankYou.objects.exists()
    received = client_for(colleague).get(url("thanks_received")).content.decode()
    assert "Thank you for the calm night." not in received


def test_only_the_sender_can_withdraw_a_thank_you(client_for, manager, staff, colleague, outsider):
    thanks = ThankYouFactory(sender=staff, recipient=colleague)
    withdraw = url("thank_you_withdraw", pk=thanks.pk)

    assert client_for(colleague).post(withdraw).status_code == 403
    assert client_for(manager).post(withdraw).status_code == 403
    assert client_for(outsider).post(withdraw).status_code == 404
    assert ThankYou.objects.filter(pk=thanks.pk).exists()


# --- A manager hides an item, with a reason ----------------------------------------------------


def test_a_manager_hides_a_story_with_a_reason(client_for, manager, staff):
    story = SuccessFactory(author=staff, text="Helped Mrs Jones on bay 4 with her shopping.")
    client = client_for(manager)
    wall = client.get(url("wall")).content.decode()
    assert url("success_hide", pk=story.pk) in wall

    page = client.get(url("success_hide", pk=story.pk)).content.decode()
    assert "Take this off the wall?" in page
    response = client.post(url("success_hide", pk=story.pk), {"reason": REASON}, follow=True)

    assert response.redirect_chain[-1][0] == url("wall")
    assert "It is off the wall. The person who wrote it can see why." in response.content.decode()
    story.refresh_from_db()
    assert story.is_hidden and story.hidden_by == manager and story.hidden_reason == REASON
    # Kept, not deleted.
    assert Success.objects.filter(pk=story.pk).exists()


def test_a_reason_is_needed_and_the_page_says_so_kindly(client_for, manager, staff):
    story = SuccessFactory(author=staff)

    response = client_for(manager).post(url("success_hide", pk=story.pk), {"reason": "   "})

    assert response.status_code == 200
    assert "Say why you are taking it off the wall, so the person who wrote it understands." in (
        response.content.decode()
    )
    story.refresh_from_db()
    assert not story.is_hidden


@pytest.mark.parametrize("role", ["staff", "colleague", "service_user", "supporter", "partner"])
def test_only_managers_hide_or_show(client_for, staff, colleague, role, request):
    story = SuccessFactory(author=staff)
    thanks = ThankYouFactory(sender=staff, recipient=colleague)
    client = client_for(request.getfixturevalue(role))

    for name, pk in [("success_hide", story.pk), ("success_show", story.pk), ("thank_you_hide", thanks.pk)]:
        assert client.post(url(name, pk=pk), {"reason": REASON}).status_code == 403
    assert not Success.objects.get(pk=story.pk).is_hidden
    assert url("success_hide", pk=story.pk) not in client.get(url("wall")).content.decode()


def test_another_teams_manager_finds_nothing(client_for, outsider, staff):
    story = SuccessFactory(author=staff)

    assert client_for(outsider).post(url("success_hide", pk=story.pk), {"reason": REASON}).status_code == 404


def test_hiding_and_showing_are_in_the_audit_trail_without_the_words(client_for, manager, staff):
    story = SuccessFactory(author=staff, text="Helped Mrs Jones on bay 4 with her shopping.")
    client = client_for(manager)

    client.post(url("success_hide", pk=story.pk), {"reason": REASON})
    client.post(url("success_show", pk=story.pk))

    events = list(AuditEvent.objects.order_by("at", "pk"))
    assert [e.action for e in events] == [AuditAction.HIDDEN, AuditAction.SHOWN]
    assert all(e.actor == manager and e.subject == staff for e in events)
    assert events[0].detail == f"Little miracle {story.pk}, written 2026-11-26"
    assert all("Jones" not in e.detail and "names someone" not in e.detail for e in events)


def test_a_manager_shows_it_again(client_for, manager, hidden_story, colleague):
    page = client_for(manager).get(url("success_hide", pk=hidden_story.pk)).content.decode()
    assert "Hidden from the wall" in page and REASON in page

    client_for(manager).post(url("success_show", pk=hidden_story.pk))

    hidden_story.refresh_from_db()
    assert not hidden_story.is_hidden and hidden_story.hidden_reason == ""
    assert hidden_story.text in client_for(colleague).get(url("wall")).content.decode()


# --- Who sees a hidden item --------------------------------------------------------------------


def test_the_author_sees_their_hidden_story_and_why(client_for, staff, hidden_story, hidden_thanks):
    html = client_for(staff).get(url("wall")).content.decode()

    assert "Helped Mrs Jones on bay 4 with her shopping." in html
    assert "Thanks for putting up with idiots." in html
    assert "Hidden by a manager" in html
    assert f"Why: {REASON}" in html
    assert "Only you and the team's managers can see it." in html


def test_managers_see_hidden_items_marked_with_a_way_back(client_for, manager, hidden_story):
    html = client_for(manager).get(url("wall")).content.decode()

    assert "Hidden by a manager" in html and REASON in html
    assert "Show it on the wall again" in html


@pytest.mark.parametrize("role", ["colleague", "service_user", "supporter", "partner"])
def test_nobody_else_sees_a_hidden_item_or_its_reason(client_for, role, request, hidden_story, hidden_thanks):
    client = client_for(request.getfixturevalue(role))

    for page in (url("wall"), url("weeks"), url("thanks_received"), url("handover")):
        response = client.get(page)
        if response.status_code == 403:  # the handover is for staff
            continue
        html = response.content.decode()
        assert "Mrs Jones" not in html and "idiots" not in html, page
        assert REASON not in html and "Hidden by a manager" not in html, page


def test_meeting_mode_leaves_hidden_items_out_even_for_a_manager(client_for, manager, hidden_story):
    html = client_for(manager).get(url("wall", "?mode=meeting")).content.decode()

    assert "Mrs Jones" not in html and "Hidden by a manager" not in html


def test_earlier_weeks_count_only_what_is_shown(client_for, colleague, staff, hidden_story, time_machine):
    SuccessFactory(author=staff, text="Shown.")
    time_machine.move_to(THURSDAY_2PM + dt.timedelta(days=14), tick=False)

    html = client_for(colleague).get(url("weeks")).content.decode()

    assert "1 little miracle, 1 thank-you" not in html
    assert "1 little miracle, 0 thank-yous" in html


def test_the_wall_pdf_leaves_out_hidden_items(client_for, manager, staff, hidden_story, hidden_thanks):
    SuccessFactory(author=staff, text="Shown on the wall.")

    text = pdf_text(wall_pdf(staff.team, WEEK))
    downloaded = pdf_text(client_for(manager).get(url("wall_pdf")).content)

    for each in (text, downloaded):
        assert "Shown on the wall." in each
        assert "Jones" not in each and "idiots" not in each and REASON not in each


def test_the_weekly_digest_leaves_out_hidden_items(
    ward, manager, staff, hidden_story, hidden_thanks, mailoutbox
):
    SuccessFactory(author=staff, text="Shown on the wall.")
    with time_machine.travel(AFTER_MEETING, tick=False):
        weekly_digest_send(team=ward, week_start=WEEK)

    assert mailoutbox
    for message in mailoutbox:
        [(html, _)] = message.alternatives
        for each in (message.body, html):
            assert "Shown on the wall." in each
            assert "Jones" not in each and "idiots" not in each and REASON not in each


# --- The rules hold in the services too, whatever page calls them ---------------------------------


def test_the_services_refuse_anyone_but_a_manager_or_the_sender(staff, colleague, manager):
    story = SuccessFactory(author=staff)
    thanks = ThankYouFactory(sender=staff, recipient=colleague)
    with pytest.raises(PermissionDenied):
        wall_item_hide(member=staff, item=story, reason=REASON)
    with pytest.raises(ValidationError):
        wall_item_hide(member=manager, item=story, reason=" ")
    wall_item_hide(member=manager, item=story, reason=REASON)
    with pytest.raises(PermissionDenied):
        wall_item_show(member=staff, item=story)
    with pytest.raises(PermissionDenied):
        thank_you_withdraw(member=colleague, thank_you=thanks)
    assert Success.objects.get(pk=story.pk).is_hidden and ThankYou.objects.filter(pk=thanks.pk).exists()


def test_the_database_refuses_a_hidden_item_without_a_reason(staff):
    story = SuccessFactory(author=staff)
    with pytest.raises(IntegrityError), transaction.atomic():
        Success.objects.filter(pk=story.pk).update(hidden_at=timezone.now(), hidden_reason="")
