import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from teams.models import Role, User
from teams.services import (
    CannotRemoveYourself,
    InvitationNotUsable,
    JoinCodeProblem,
    invitation_accept,
    invitation_accept_new_user,
    invitation_send,
    join_code_create,
    join_code_find,
    member_join_with_code,
    member_remove,
)
from tests.factories import InvitationFactory, JoinCodeFactory, UserFactory


def test_the_invitation_email_waits_for_the_commit(
    ward, manager, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        invitation_send(team=ward, email="nia@example.test", role=Role.STAFF, invited_by=manager)
        assert mailoutbox == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert [m.to for m in mailoutbox] == [["nia@example.test"]]


def test_a_mail_outage_keeps_the_invitation(
    ward, manager, settings, django_capture_on_commit_callbacks, caplog
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_PORT = 1  # nothing listens there
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitation_send(team=ward, email="nia@example.test", role=Role.STAFF, invited_by=manager)
    assert ward.invitations.pending().get() == invitation
    assert "Could not send an invitation email" in caplog.text


@pytest.mark.parametrize("typed", ["ABCD3467", "abcd-3467", " a b c d 3 4 6 7 "])
def test_join_code_find_forgives_case_and_spacing(ward, typed):
    code = JoinCodeFactory(team=ward, code="ABCD3467")
    assert join_code_find(typed) == code


@pytest.mark.parametrize(
    "state, reason",
    [
        ({"code": "WXYZ7896"}, "unknown"),
        ({"expires_at": timezone.now() - dt.timedelta(seconds=1)}, "expired"),
        ({"revoked_at": timezone.now()}, "revoked"),
        ({"revoked_at": timezone.now(), "expires_at": timezone.now() - dt.timedelta(days=1)}, "revoked"),
    ],
)
def test_join_code_find_says_why_a_code_cannot_be_used(ward, state, reason):
    JoinCodeFactory(team=ward, **{"code": "ABCD3467", **state})
    with pytest.raises(JoinCodeProblem) as problem:
        join_code_find("ABCD3467")
    assert problem.value.reason == reason


def test_join_codes_are_readable(ward, manager):
    code = join_code_create(
        team=ward, role=Role.SERVICE_USER, valid_for=dt.timedelta(days=1), created_by=manager
    )
    assert re.fullmatch(r"[ABCDEFGHJKMNPQRTUVWXY346789]{8}", code.code)
    assert code.display_code == f"{code.code[:4]}-{code.code[4:]}"


def test_joining_with_a_code_makes_a_readable_unique_sign_in_name(ward):
    # Five teams: within one team, a second Alex must choose another name (test_names.py).
    codes = [JoinCodeFactory(team=ward, code="ABCD3467").code]
    codes += [JoinCodeFactory(code=f"ABCD346{n}").code for n in "4689"]
    UserFactory(username="alex-1000")
    names = {
        member_join_with_code(code=code, display_name="Alex", password="kettle on").user.username
        for code in codes
    }
    assert len(names) == 5
    assert all(re.fullmatch(r"alex-\d{4}", name) for name in names)
    assert not User.objects.filter(username__contains="@").exists()


def test_joining_with_a_dead_code_creates_nobody(ward):
    JoinCodeFactory(team=ward, code="ABCD3467", revoked_at=timezone.now())
    with pytest.raises(JoinCodeProblem):
        member_join_with_code(code="ABCD3467", display_name="Alex", password="kettle on")
    assert not User.objects.exists()


def test_an_invitation_is_accepted_once(ward):
    invitation = InvitationFactory(team=ward, email="nia@example.test")
    invitation_accept_new_user(invitation=invitation, display_name="Nia", password="kettle on")
    with pytest.raises(InvitationNotUsable):
        invitation_accept_new_user(invitation=invitation, display_name="Nia", password="kettle on")
    assert User.objects.filter(email="nia@example.test").count() == 1


def test_an_invitation_only_joins_the_account_it_was_sent_to(ward, staff):
    invitation = InvitationFactory(team=ward, email="someone.else@example.test")
    with pytest.raises(PermissionDenied):
        invitation_accept(invitation=invitation, user=staff.user)
    invitation.refresh_from_db()
    assert invitation.is_usable


def test_a_manager_cannot_remove_themselves(manager, staff):
    with pytest.raises(CannotRemoveYourself):
        member_remove(member=manager, removed_by=manager)
    member_remove(member=staff, removed_by=manager)
    staff.refresh_from_db()
    assert not staff.is_active
