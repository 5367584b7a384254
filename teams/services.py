"""Joining and leaving a team: invitations by email, join codes, removing a member.

Each function is one thing a person does. Emails go out only after the transaction commits, so
nobody is sent a link to an invitation that was rolled back."""

import datetime as dt
import logging
import secrets
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from recovery_culture.lib.emails import make_message
from recovery_culture.lib.links import absolute_url
from teams.cache import team_cache_forget
from teams.models import (
    MANAGER_ROLES,
    AuditAction,
    AuditEvent,
    Invitation,
    JoinCode,
    Membership,
    PasswordResetCode,
    Role,
    Team,
    User,
    invitation_expiry,
    new_join_code,
    normalise_join_code,
    reset_code_digest,
)

logger = logging.getLogger(__name__)


class JoinCodeProblem(Exception):
    """A typed join code that cannot be used. `reason` is "unknown", "expired" or "revoked"."""

    def __init__(self, reason: str, join_code: JoinCode | None = None):
        super().__init__(reason)
        self.reason = reason
        self.join_code = join_code


class InvitationNotUsable(Exception):
    pass


class AccountExists(Exception):
    """Someone already has an account with the invitation's email address."""


class CannotRemoveYourself(Exception):
    pass


class RemovedFromTeam(Exception):
    """A manager removed this person from the team: only a manager can let them back in."""

    def __init__(self, team: Team):
        super().__init__(team.name)
        self.team = team


class NotRemoved(Exception):
    pass


class NameTaken(Exception):
    """Someone else in `team` already goes by this name, in some case or spacing."""

    def __init__(self, team: Team, name: str):
        self.team = team
        self.name = name
        super().__init__(
            f"Someone in {team.name} already goes by “{name}”. So that nobody is mistaken for anyone "
            "else, please choose a name your team will know is yours: adding your surname, or its "
            "first letter, works well."
        )


def tidy_name(name: str) -> str:
    return " ".join(name.split())


def join_url(join_code: JoinCode, *, then: str = "") -> str:
    """The absolute link a QR code or a poster carries: the join page with the code filled in,
    and, if given, the path (in the team) that joining ends on."""
    if then:
        return absolute_url(reverse("join"), code=join_code.code, next=then)
    return absolute_url(reverse("join"), code=join_code.code)


def invitation_url(invitation: Invitation) -> str:
    return absolute_url(reverse("accept_invitation", args=[invitation.token]))


# --- people and places in a team ---


def name_check(*, name: str, teams: Iterable[Team], user: User | None = None) -> None:
    """NameTaken if anyone but `user` goes by `name` in one of `teams` (see Team.name_in_use)."""
    for team in teams:
        if team.name_in_use(name, other_than=user):
            raise NameTaken(team, tidy_name(name))


def _lock(teams: Iterable[Team]) -> None:
    """Hold the teams' rows until the transaction ends, so that two people taking the same name
    in the same team at the same moment cannot both pass the name check."""
    list(Team.objects.select_for_update().filter(pk__in=[team.pk for team in teams]).order_by("pk"))


def _new_user(*, name_for_username: str, display_name: str, password: str, email: str = "") -> User:
    """A new person with a readable, unique sign-in name made from `name_for_username`.

    Names are lower case (sign-in ignores case) and never contain "@" (that means an email
    address at sign-in). The number makes a clash with another Alex unlikely; the unique
    constraint settles the rare race, and we simply try another number."""
    base = slugify(name_for_username.replace(".", "-").replace("_", "-"))[:30].strip("-") or "member"
    candidates = [base] if email else []  # someone with an email rarely needs their sign-in name
    candidates += [f"{base}-{secrets.randbelow(9000) + 1000}" for _ in range(4)]
    candidates += [f"{base}-{secrets.randbelow(900000) + 100000}" for _ in range(4)]
    for username in candidates:
        if User.objects.filter(username__iexact=username).exists():
            continue
        user = User(username=username, display_name=tidy_name(display_name), email=email)
        user.set_password(password)
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError:
            if email and User.objects.filter(email__iexact=email).exists():
                raise AccountExists(email) from None
            continue
        return user
    raise RuntimeError(f"No free sign-in name for {base!r}")  # pragma: no cover


def join_check(*, team: Team, user: User) -> None:
    """RemovedFromTeam or NameTaken if `user` may not take a place in `team`, whatever code or
    invitation they hold: removal lasts until a manager lets them back in, and nobody may join
    under a name someone else in the team goes by."""
    if team.memberships.removed().filter(user=user).exists():
        raise RemovedFromTeam(team)
    name_check(name=user.display_name, teams=[team], user=user)


def _take_place(*, team: Team, user: User, role: str) -> Membership:
    """An active membership of `team` for `user`: new, or the one they once left, reopened.

    Someone already active keeps their role: a code for people using the service must never
    turn a manager into something less."""
    _lock([team])
    join_check(team=team, user=user)
    member, created = Membership.objects.get_or_create(team=team, user=user, defaults={"role": role})
    if not created and member.left_at is not None:
        member.left_at = None
        member.role = role
        member.joined_at = timezone.now()
        member.save(update_fields=["left_at", "role", "joined_at"])
    team_cache_forget([team.pk])
    return member


@transaction.atomic
def member_remove(*, member: Membership, removed_by: Membership) -> None:
    """Close `member`'s place in the team. Their stories stay on the team's record; their access
    ends with their next click, because the access gate only lets active members in."""
    if member.pk == removed_by.pk:
        raise CannotRemoveYourself
    member.remove()
    AuditEvent.objects.record(actor=removed_by, action=AuditAction.REMOVED, subject=member)


@transaction.atomic
def member_let_back(*, member: Membership) -> Membership:
    """A manager lets a removed member back in, with the role they had."""
    member = Membership.objects.select_for_update(of=("self",)).select_related("user").get(pk=member.pk)
    if not member.is_removed:
        raise NotRemoved
    member.let_back()
    return member


@transaction.atomic
def member_settings_update(
    *, member: Membership, display_name: str, weekly_digest: bool, chose_to_be_named: bool
) -> None:
    """One name for a person in all their teams: it must be free in each of them. Whether they
    are named in what leaves the app is chosen in each team: the people there differ."""
    user = member.user
    teams = [m.team for m in user.memberships.active().select_related("team")]
    _lock(teams)
    name_check(name=display_name, teams=teams, user=user)
    user.display_name = tidy_name(display_name)
    user.save(update_fields=["display_name"])
    member.digest_opt_out = not weekly_digest
    member.chose_to_be_named = chose_to_be_named
    member.save(update_fields=["digest_opt_out", "chose_to_be_named"])
    # Their name shows in every team they are part of, not only the one whose page they used.
    team_cache_forget(team.pk for team in teams)


# --- join codes ---


def join_code_find(typed: str) -> JoinCode:
    """The join code someone typed, or JoinCodeProblem saying why it cannot be used."""
    code = normalise_join_code(typed)
    join_code = JoinCode.objects.select_related("team").filter(code=code).first() if code else None
    if join_code is None:
        raise JoinCodeProblem("unknown")
    if join_code.revoked_at is not None:
        raise JoinCodeProblem("revoked", join_code)
    if not join_code.is_usable:
        raise JoinCodeProblem("expired", join_code)
    return join_code


@transaction.atomic
def join_code_create(*, team: Team, role: str, valid_for: dt.timedelta, created_by: Membership) -> JoinCode:
    return JoinCode.objects.create(
        team=team, role=role, created_by=created_by, expires_at=timezone.now() + valid_for
    )


@transaction.atomic
def member_join_with_code(*, code: str, display_name: str, password: str) -> Membership:
    """A new person joins from their phone: a sign-in name is made for them, no email needed."""
    join_code = join_code_find(code)
    user = _new_user(name_for_username=display_name, display_name=display_name, password=password)
    return _take_place(team=join_code.team, user=user, role=join_code.role)


@transaction.atomic
def member_join_signed_in(*, code: str, user: User) -> Membership:
    """Someone who already has an account (in another team) joins this one with a code."""
    join_code = join_code_find(code)
    return _take_place(team=join_code.team, user=user, role=join_code.role)


# --- invitations by email ---


def _send(message: EmailMultiAlternatives) -> None:
    try:
        message.send()
    except Exception:
        # The invitation is saved and listed with "Send again"; a mail outage must not turn a
        # saved invitation into an error page.
        logger.exception("Could not send an invitation email to %s", message.to)


def _email_invitation(invitation: Invitation) -> None:
    message = make_message(
        "invitation",
        invitation.email,
        {
            "team": invitation.team,
            "role": invitation.get_role_display(),
            "invited_by": invitation.invited_by.name if invitation.invited_by else None,
            "link": invitation_url(invitation),
            "expires_at": invitation.expires_at,
        },
    )
    transaction.on_commit(lambda: _send(message))


@transaction.atomic
def invitation_send(*, team: Team, email: str, role: str, invited_by: Membership) -> Invitation:
    invitation = Invitation.objects.create(team=team, email=email.strip(), role=role, invited_by=invited_by)
    _email_invitation(invitation)
    return invitation


@transaction.atomic
def invitation_resend(*, invitation: Invitation) -> Invitation:
    """Send the same link again, good for another seven days from now."""
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("team", "invited_by__user")
        .get(pk=invitation.pk)
    )
    if invitation.accepted_at is not None or invitation.revoked_at is not None:
        raise InvitationNotUsable
    invitation.expires_at = invitation_expiry()
    invitation.save(update_fields=["expires_at"])
    _email_invitation(invitation)
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: Invitation) -> None:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None or invitation.revoked_at is not None:
        raise InvitationNotUsable
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])


def _claim(invitation: Invitation) -> Invitation:
    """Lock the invitation so a double click cannot accept it twice."""
    invitation = (
        Invitation.objects.select_for_update(of=("self",)).select_related("team").get(pk=invitation.pk)
    )
    if not invitation.is_usable:
        raise InvitationNotUsable
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """Someone who already has an account, signed in as it, joins the team they were invited to."""
    if user.email.lower() != invitation.email.lower():
        raise PermissionDenied("This invitation was sent to a different email address.")
    invitation = _claim(invitation)
    return _take_place(team=invitation.team, user=user, role=invitation.role)


@transaction.atomic
def invitation_accept_new_user(*, invitation: Invitation, display_name: str, password: str) -> Membership:
    """A new person joins from their invitation; they will sign in with its email address."""
    invitation = _claim(invitation)
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise AccountExists(invitation.email)
    user = _new_user(
        name_for_username=invitation.email.split("@")[0],
        display_name=display_name,
        password=password,
        email=invitation.email,
    )
    return _take_place(team=invitation.team, user=user, role=invitation.role)


# --- forgotten passwords ---


class ResetCodeRefused(Exception):
    """A manager may not make a reset code for this member; the message says why, kindly."""


def reset_code_create(*, member: Membership, made_by: Membership) -> str:
    """A new one-time code that lets `member` choose a new password. It is returned this once:
    only its hash is kept. An earlier code for the same person stops working.

    A code opens the whole account, in every team the person belongs to, so a manager may make
    one only for someone who manages no team and belongs to no team the manager does not manage."""
    if member.is_manager:
        raise ResetCodeRefused(
            f"{member.name} is a manager. Managers get a new password by email, from the sign-in page."
        )
    managed = Membership.objects.active().filter(user=made_by.user, role__in=MANAGER_ROLES).values("team")
    if Membership.objects.active().filter(user=member.user).exclude(team__in=managed).exists():
        raise ResetCodeRefused(
            f"{member.name} is also part of a team you do not manage, so a code from you would open more "
            "than your team. A manager of that team can help, or they can get a link by email."
        )
    code = new_join_code()
    with transaction.atomic():
        now = timezone.now()
        PasswordResetCode.objects.usable().filter(user=member.user).update(expires_at=now)
        PasswordResetCode.objects.create(
            user=member.user, team=member.team, created_by=made_by, digest=reset_code_digest(code)
        )
        AuditEvent.objects.record(actor=made_by, action=AuditAction.RESET_CODE, subject=member)
    return code


def reset_code_find(typed: str) -> PasswordResetCode | None:
    """The usable reset code someone typed, if there is one."""
    if not normalise_join_code(typed):
        return None
    return (
        PasswordResetCode.objects.usable()
        .select_related("user")
        .filter(digest=reset_code_digest(typed))
        .first()
    )


@transaction.atomic
def password_reset_with_code(*, reset: PasswordResetCode, password: str) -> User | None:
    """Set the new password and use the code up; None if someone used it a moment before."""
    reset = PasswordResetCode.objects.usable().select_for_update().filter(pk=reset.pk).first()
    if reset is None:
        return None
    reset.used_at = timezone.now()
    reset.save(update_fields=["used_at"])
    reset.user.set_password(password)
    reset.user.save(update_fields=["password"])
    return reset.user


class LastManager(Exception):
    """The team would be left with no manager."""


@transaction.atomic
def member_role_change(*, member: Membership, role: str, changed_by: Membership) -> Membership:
    """Give `member` another role in the team. A team always keeps at least one manager, so the
    last one cannot step down; the change is in the audit trail."""
    # Locking the team's managers makes two managers stepping down at once still leave one.
    managers = list(member.team.memberships.active().filter(role=Role.MANAGER).select_for_update())
    if member.role == Role.MANAGER and role != Role.MANAGER and len(managers) <= 1:
        raise LastManager
    was = member.get_role_display()
    member.role = role
    member.save(update_fields=["role"])
    AuditEvent.objects.record(
        actor=changed_by,
        action=AuditAction.ROLE_CHANGED,
        subject=member,
        detail=f"{was} to {member.get_role_display()}",
    )
    return member
