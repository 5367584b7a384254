import datetime as dt

import pytest
from django.utils import timezone

from teams.models import Invitation, Role
from tests.factories import InvitationFactory, JoinCodeFactory, MembershipFactory

MEMBERS = "/t/willow-ward/members/"
INVITE = "/t/willow-ward/members/invite/"
REFUSED = ["staff", "service_user", "supporter", "partner"]
HTMX = {"HTTP_HX_REQUEST": "true"}


def remove_url(member) -> str:
    return f"/t/willow-ward/members/{member.pk}/remove/"


# --- the members page ---


def test_a_manager_sees_every_active_member_with_their_role(
    client_for, manager, staff, service_user, supporter, partner
):
    supporter.leave()
    response = client_for(manager).get(MEMBERS)
    html = response.content.decode()
    assert response.status_code == 200
    for name, role in [
        ("Maya", "Team manager"),
        ("Sam", "Staff"),
        ("Alex", "Person using the service"),
        ("Canal Side College", "Community partner"),
    ]:
        assert name in html
        assert role in html
    assert "Supporter (relative or friend)" not in html
    assert "alex" in html  # Alex signs in with a sign-in name, not an email address
    assert f'href="{remove_url(staff)}"' in html
    assert f'href="{remove_url(manager)}"' not in html  # no button to remove yourself


def test_the_members_page_lists_pending_invitations_and_working_codes(client_for, manager, ward):
    InvitationFactory(team=ward, email="waiting@example.test")
    InvitationFactory(team=ward, email="accepted@example.test", accepted_at=timezone.now())
    InvitationFactory(team=ward, email="cancelled@example.test", revoked_at=timezone.now())
    working = JoinCodeFactory(team=ward)
    old = JoinCodeFactory(team=ward, expires_at=timezone.now() - dt.timedelta(minutes=1))
    html = client_for(manager).get(MEMBERS).content.decode()
    assert "waiting@example.test" in html
    assert "accepted@example.test" not in html
    assert "cancelled@example.test" not in html
    assert working.display_code in html
    assert old.display_code not in html


def test_names_typed_with_html_are_shown_as_text(client_for, manager, ward):
    MembershipFactory(team=ward, user__display_name="<script>alert(1)</script>")
    html = client_for(manager).get(MEMBERS).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_members_page_keeps_its_query_count_as_the_team_grows(
    client_for, manager, ward, django_assert_max_num_queries
):
    client = client_for(manager)
    for _ in range(3):
        MembershipFactory(team=ward)
        MembershipFactory(team=ward).remove()
        InvitationFactory(team=ward)
        JoinCodeFactory(team=ward)
    # Members, removed members, invitations, join codes: one query each, however many.
    with django_assert_max_num_queries(10):
        assert client.get(MEMBERS).status_code == 200
    for _ in range(20):
        MembershipFactory(team=ward)
        MembershipFactory(team=ward).remove()
        InvitationFactory(team=ward)
        JoinCodeFactory(team=ward)
    with django_assert_max_num_queries(10):
        assert client.get(MEMBERS).status_code == 200


def test_the_members_page_only_reads(client_for, manager):
    assert client_for(manager).post(MEMBERS).status_code == 405


def test_anonymous_people_are_asked_to_sign_in(client, ward):
    response = client.get(MEMBERS)
    assert response.status_code == 302
    assert response["Location"] == f"/sign-in/?next={MEMBERS}"


def test_another_teams_manager_is_told_nothing(client_for, outsider, ward):
    response = client_for(outsider).get(MEMBERS)
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.parametrize("role", REFUSED)
def test_only_managers_reach_the_members_page(client_for, role, request):
    response = client_for(request.getfixturevalue(role)).get(MEMBERS)
    assert response.status_code == 403
    assert "This page is not open to you" in response.content.decode()


# --- removing a member ---


def test_removing_asks_first(client_for, manager, staff):
    response = client_for(manager).get(remove_url(staff))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Remove Sam from Willow Ward?" in html
    staff.refresh_from_db()
    assert staff.is_active


def test_a_removed_member_loses_access_at_once(client_for, manager, staff):
    their_client = client_for(staff)
    assert their_client.get("/t/willow-ward/settings/").status_code == 200
    response = client_for(manager).post(remove_url(staff), follow=True)
    assert "Sam is no longer part of Willow Ward" in response.content.decode()
    staff.refresh_from_db()
    assert staff.left_at is not None
    assert their_client.get("/t/willow-ward/settings/").status_code == 404
    html = client_for(manager).get(MEMBERS).content.decode()
    members_table, removed_list = html.split("Removed from the team")
    assert "Sam" not in members_table
    assert "Sam</strong> (Staff)" in removed_list.split("Invitations waiting")[0]


def test_removing_tells_the_manager_how_to_undo_it(client_for, manager, staff):
    html = client_for(manager).get(remove_url(staff)).content.decode()
    assert "They cannot come back with a join code or an invitation until a manager lets them back in" in html


def let_back_url(member) -> str:
    return f"/t/willow-ward/members/{member.pk}/let-back/"


def test_the_members_page_lists_removed_members_to_let_back_in(client_for, manager, staff, colleague):
    client_for(manager).post(remove_url(staff))
    colleague.leave()  # left on their own: nothing to undo
    html = client_for(manager).get(MEMBERS).content.decode()
    assert "Removed from the team" in html
    assert f'action="{let_back_url(staff)}"' in html
    assert "Sam</strong> (Staff)" in html
    assert f'action="{let_back_url(colleague)}"' not in html


def test_no_removed_members_no_list(client_for, manager, staff):
    assert "Removed from the team" not in client_for(manager).get(MEMBERS).content.decode()


def test_a_manager_lets_a_removed_member_back_in(client_for, manager, staff):
    their_client = client_for(staff)
    client_for(manager).post(remove_url(staff))
    response = client_for(manager).post(let_back_url(staff), follow=True)
    assert "Sam is part of Willow Ward again, as Staff." in response.content.decode()
    staff.refresh_from_db()
    assert staff.is_active
    assert not staff.is_removed
    assert staff.role == Role.STAFF
    assert their_client.get("/t/willow-ward/settings/").status_code == 200


def test_letting_back_someone_not_removed_changes_nothing(client_for, manager, staff, colleague):
    colleague.leave()
    client = client_for(manager)
    for someone in [staff, colleague]:
        response = client.post(let_back_url(someone), follow=True)
        assert "was not removed from Willow Ward, so there was nothing to undo" in response.content.decode()
    colleague.refresh_from_db()
    assert not colleague.is_active


def test_letting_back_is_post_only(client_for, manager, staff):
    staff.remove()
    assert client_for(manager).get(let_back_url(staff)).status_code == 405


def test_letting_back_needs_sign_in(client, staff):
    staff.remove()
    assert client.post(let_back_url(staff))["Location"].startswith("/sign-in/")


def test_another_teams_manager_cannot_let_back(client_for, outsider, manager, staff):
    staff.remove()
    assert client_for(outsider).post(let_back_url(staff)).status_code == 404
    own = MembershipFactory(team=outsider.team, role=Role.STAFF)
    own.remove()
    assert client_for(manager).post(f"/t/willow-ward/members/{own.pk}/let-back/").status_code == 404
    staff.refresh_from_db()
    own.refresh_from_db()
    assert staff.is_removed and own.is_removed


@pytest.mark.parametrize("role", REFUSED)
def test_only_managers_let_back(client_for, role, request, colleague):
    colleague.remove()
    assert client_for(request.getfixturevalue(role)).post(let_back_url(colleague)).status_code == 403
    colleague.refresh_from_db()
    assert colleague.is_removed


def test_a_manager_cannot_remove_themselves(client_for, manager):
    client = client_for(manager)
    assert "You cannot remove yourself" in client.get(remove_url(manager)).content.decode()
    response = client.post(remove_url(manager))
    assert response.status_code == 400
    assert "You cannot remove yourself" in response.content.decode()
    manager.refresh_from_db()
    assert manager.is_active


def test_removing_someone_already_gone_or_from_another_team_is_not_found(
    client_for, manager, staff, outsider
):
    staff.leave()
    client = client_for(manager)
    assert client.post(remove_url(staff)).status_code == 404
    assert client.post(remove_url(outsider)).status_code == 404
    outsider.refresh_from_db()
    assert outsider.is_active


def test_removing_is_get_or_post_only(client_for, manager, staff):
    assert client_for(manager).delete(remove_url(staff)).status_code == 405


def test_removing_needs_sign_in(client, staff):
    assert client.post(remove_url(staff))["Location"].startswith("/sign-in/")


def test_another_teams_manager_cannot_remove(client_for, outsider, staff):
    assert client_for(outsider).post(remove_url(staff)).status_code == 404


@pytest.mark.parametrize("role", REFUSED)
def test_only_managers_remove(client_for, role, request, colleague):
    assert client_for(request.getfixturevalue(role)).post(remove_url(colleague)).status_code == 403
    colleague.refresh_from_db()
    assert colleague.is_active


# --- inviting by email ---


def test_the_invite_form_offers_every_role_with_staff_chosen(client_for, manager):
    html = client_for(manager).get(INVITE).content.decode()
    assert 'name="email"' in html
    for role in Role:
        assert f'value="{role.value}"' in html
    assert 'value="staff" checked' in html


def test_a_manager_invites_a_colleague_by_email(
    client_for, manager, ward, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(manager).post(INVITE, {"email": " Nia@Example.test ", "role": "supporter"})
    assert response.status_code == 302
    assert response["Location"] == MEMBERS
    invitation = Invitation.objects.get(team=ward)
    assert invitation.email == "Nia@example.test"  # the part before @ stays as typed
    assert invitation.role == Role.SUPPORTER
    assert invitation.invited_by == manager
    assert dt.timedelta(days=6, hours=23) < invitation.expires_at - timezone.now() <= dt.timedelta(days=7)
    [email] = mailoutbox
    assert email.to == ["Nia@example.test"]
    assert email.subject == "Maya invites you to join Willow Ward on Recovery Culture"
    link = f"http://127.0.0.1:8000/invitation/{invitation.token}/"
    assert link in email.body
    assert "Your role in the team: Supporter (relative or friend)." in email.body
    html, mimetype = email.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="{link}"' in html


def test_the_invitation_email_shows_a_team_name_as_typed(
    client_for, manager, ward, mailoutbox, django_capture_on_commit_callbacks
):
    ward.name = "Willow & Ash"
    ward.save()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(manager).post(INVITE, {"email": "nia@example.test", "role": "staff"})
    [email] = mailoutbox
    assert "Willow & Ash" in email.subject
    assert "Willow & Ash" in email.body
    assert "Willow &amp; Ash" in email.alternatives[0][0]


def test_after_inviting_the_manager_sees_it_waiting(client_for, manager, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(manager).post(
            INVITE, {"email": "nia@example.test", "role": "staff"}, follow=True
        )
    html = response.content.decode()
    assert "We have emailed an invitation to nia@example.test" in html
    assert "Invitations waiting for a reply" in html


@pytest.mark.parametrize(
    "email, message",
    [
        ("", "Please type their email address."),
        ("   ", "Please type their email address."),
        ("nia at example", "Please type an email address like name@example.com."),
        ("<b>nia</b>@example.test", "Please type an email address like name@example.com."),
    ],
)
def test_a_wrong_email_is_explained_and_kept(client_for, manager, ward, mailoutbox, email, message):
    response = client_for(manager).post(INVITE, {"email": email, "role": "partner"})
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert 'value="partner" checked' in html
    assert "There is a problem" in html
    assert not Invitation.objects.exists()
    assert mailoutbox == []
    assert "<b>nia</b>" not in html


def test_someone_already_in_the_team_is_not_invited_again(client_for, manager, staff, mailoutbox):
    response = client_for(manager).post(INVITE, {"email": "SAM@example.test", "role": "staff"})
    assert "SAM@example.test is already part of Willow Ward." in response.content.decode()
    assert not Invitation.objects.exists()
    assert mailoutbox == []


def test_someone_who_left_can_be_invited_back(client_for, manager, staff, django_capture_on_commit_callbacks):
    staff.leave()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(manager).post(INVITE, {"email": "sam@example.test", "role": "staff"})
    assert response.status_code == 302
    assert Invitation.objects.filter(email="sam@example.test").exists()


def test_someone_removed_is_let_back_in_rather_than_invited(client_for, manager, staff, mailoutbox):
    staff.remove()
    response = client_for(manager).post(INVITE, {"email": "Sam@example.test", "role": "staff"})
    html = response.content.decode()
    assert "Sam@example.test was removed from Willow Ward" in html
    assert "“Let back in”" in html
    assert 'value="Sam@example.test"' in html
    assert not Invitation.objects.exists()
    assert mailoutbox == []


def test_a_second_invitation_to_the_same_address_offers_to_send_again(client_for, manager, ward, mailoutbox):
    waiting = InvitationFactory(team=ward, email="nia@example.test")
    response = client_for(manager).post(INVITE, {"email": "Nia@example.test", "role": "staff"})
    html = response.content.decode()
    assert "We already invited Nia@example.test on" in html
    assert f'action="/t/willow-ward/members/invitations/{waiting.pk}/send-again/"' in html
    assert Invitation.objects.count() == 1
    assert mailoutbox == []


def test_an_expired_invitation_does_not_block_a_new_one(
    client_for, manager, ward, django_capture_on_commit_callbacks
):
    InvitationFactory(team=ward, email="nia@example.test", expires_at=timezone.now() - dt.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(manager).post(INVITE, {"email": "nia@example.test", "role": "staff"})
    assert response.status_code == 302
    assert ward.invitations.pending().count() == 1


def test_a_made_up_role_is_refused(client_for, manager):
    response = client_for(manager).post(INVITE, {"email": "nia@example.test", "role": "owner"})
    assert "Select a valid choice" in response.content.decode()
    assert not Invitation.objects.exists()


def test_inviting_needs_sign_in(client, ward):
    assert client.post(INVITE, {"email": "nia@example.test", "role": "staff"})["Location"].startswith(
        "/sign-in/"
    )


def test_invite_is_get_or_post_only(client_for, manager):
    assert client_for(manager).put(INVITE).status_code == 405


def test_another_teams_manager_cannot_invite(client_for, outsider, ward):
    assert client_for(outsider).post(INVITE, {"email": "x@example.test", "role": "staff"}).status_code == 404
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("role", REFUSED)
def test_only_managers_invite(client_for, role, request):
    response = client_for(request.getfixturevalue(role)).post(
        INVITE, {"email": "x@example.test", "role": "manager"}
    )
    assert response.status_code == 403
    assert not Invitation.objects.exists()


# --- sending again, cancelling ---


def resend_url(invitation) -> str:
    return f"/t/willow-ward/members/invitations/{invitation.pk}/send-again/"


def cancel_url(invitation) -> str:
    return f"/t/willow-ward/members/invitations/{invitation.pk}/cancel/"


def test_sending_again_renews_the_link_for_seven_days(
    client_for, manager, ward, mailoutbox, django_capture_on_commit_callbacks
):
    invitation = InvitationFactory(
        team=ward, email="nia@example.test", expires_at=timezone.now() - dt.timedelta(days=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(manager).post(resend_url(invitation), follow=True)
    assert "We have sent the invitation to nia@example.test again" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.is_usable
    [email] = mailoutbox
    assert invitation.token in email.body


def test_sending_again_with_htmx_returns_the_refreshed_list(
    client_for, manager, ward, mailoutbox, django_capture_on_commit_callbacks
):
    invitation = InvitationFactory(team=ward, email="nia@example.test")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(manager).post(resend_url(invitation), **HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="invitations">')
    assert "<html" not in html
    assert "We have sent the invitation to nia@example.test again" in html
    assert len(mailoutbox) == 1


def test_a_used_invitation_is_not_sent_again(client_for, manager, ward, mailoutbox):
    invitation = InvitationFactory(team=ward, accepted_at=timezone.now())
    response = client_for(manager).post(resend_url(invitation), follow=True)
    assert "was already used or cancelled, so it was not sent" in response.content.decode()
    assert mailoutbox == []


def test_cancelling_an_invitation_stops_its_link(client_for, manager, ward, client):
    invitation = InvitationFactory(team=ward, email="nia@example.test")
    response = client_for(manager).post(cancel_url(invitation), follow=True)
    assert "The invitation to nia@example.test is cancelled" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert client.get(f"/invitation/{invitation.token}/").status_code == 410


def test_cancelling_with_htmx_returns_the_refreshed_list(client_for, manager, ward):
    invitation = InvitationFactory(team=ward, email="nia@example.test")
    response = client_for(manager).post(cancel_url(invitation), **HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="invitations">')
    assert "The invitation to nia@example.test is cancelled" in html
    assert "No invitations are waiting." in html


def test_cancelling_twice_is_harmless(client_for, manager, ward):
    invitation = InvitationFactory(team=ward, email="nia@example.test")
    client = client_for(manager)
    client.post(cancel_url(invitation))
    response = client.post(cancel_url(invitation), follow=True)
    assert "was already used or cancelled" in response.content.decode()


@pytest.mark.parametrize("url", [resend_url, cancel_url])
def test_invitation_buttons_are_post_only(client_for, manager, ward, url):
    assert client_for(manager).get(url(InvitationFactory(team=ward))).status_code == 405


@pytest.mark.parametrize("url", [resend_url, cancel_url])
def test_another_teams_invitations_are_not_found(client_for, manager, outsider, ward, url):
    theirs = InvitationFactory(team=outsider.team)
    assert client_for(manager).post(url(theirs)).status_code == 404
    ours = InvitationFactory(team=ward)
    assert client_for(outsider).post(url(ours)).status_code == 404
    ours.refresh_from_db()
    assert ours.is_usable


@pytest.mark.parametrize("url", [resend_url, cancel_url])
@pytest.mark.parametrize("role", REFUSED)
def test_only_managers_use_invitation_buttons(client_for, ward, role, request, url):
    invitation = InvitationFactory(team=ward)
    assert client_for(request.getfixturevalue(role)).post(url(invitation)).status_code == 403
    invitation.refresh_from_db()
    assert invitation.is_usable


@pytest.mark.parametrize("url", [resend_url, cancel_url])
def test_invitation_buttons_need_sign_in(client, ward, url):
    assert client.post(url(InvitationFactory(team=ward)))["Location"].startswith("/sign-in/")
