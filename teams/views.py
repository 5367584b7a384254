import math

from django.conf import settings as django_settings
from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.core import get_usage

from recovery_culture.lib.guessing import wrong_code_pause
from recovery_culture.lib.links import absolute_url
from recovery_culture.lib.qr import qr_data_uri, qr_svg_response
from recovery_culture.lib.render import render_page
from recovery_culture.lib.views import posted
from teams import services
from teams.access import DRAFT, SIGNED_IN_AS, drop_draft_of_someone_else, team_view
from teams.forms import (
    JOIN_CODE_MESSAGES,
    ChangePasswordForm,
    ForgottenPasswordForm,
    InviteForm,
    JoinCodeCreateForm,
    JoinCodeForm,
    MySettingsForm,
    NewAccountForm,
    NewPasswordForm,
    ResetCodeForm,
    RoleForm,
    SignInForm,
    TeamMeetingForm,
    TeamRetentionForm,
    TeamShiftsForm,
)
from teams.models import MANAGER_ROLES, Invitation, Membership, User, display_code
from teams.next_steps import landing_url
from teams.services import (
    AccountExists,
    CannotRemoveYourself,
    InvitationNotUsable,
    JoinCodeProblem,
    LastManager,
    NameTaken,
    NotRemoved,
    RemovedFromTeam,
    ResetCodeRefused,
    invitation_accept,
    invitation_accept_new_user,
    invitation_send,
    join_check,
    join_code_find,
    join_url,
    member_join_signed_in,
    member_join_with_code,
    member_let_back,
    member_remove,
    member_role_change,
    member_settings_update,
    password_reset_with_code,
    reset_code_create,
)

BACKEND = "teams.backends.EmailOrUsernameBackend"

# Wrong join codes from one address: 10 tries per 15 minutes, then a pause. Only codes that do not
# exist count, so a person fumbling an expired code is never slowed down.

# Wrong current passwords on the change-password page, per person: a session left open on a shared
# computer must not let someone guess their way to a new password (sign-in's lockout is not asked).
PASSWORD_GUESS_RATE = "5/15m"  # noqa: S105 (a rate, not a password)


class SignInView(auth_views.LoginView):
    template_name = "teams/sign_in.jinja"
    form_class = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs) -> dict:
        # Typed after the sign-in ran out: kept for whoever wrote it (teams.access).
        return super().get_context_data(
            **kwargs,
            draft_kept=DRAFT in self.request.session,
            idle_minutes=django_settings.SESSION_COOKIE_AGE // 60,
        )

    def form_valid(self, form: SignInForm) -> HttpResponse:
        response = super().form_valid(form)
        drop_draft_of_someone_else(self.request)
        return response


class SignOutView(auth_views.LogoutView):
    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        response.delete_cookie(SIGNED_IN_AS, samesite="Lax")
        messages.info(request, "You have signed out. Thank you for what you shared today.")
        return response


def locked_out(request: HttpRequest, credentials: dict | None = None, *args, **kwargs) -> HttpResponse:
    """django-axes calls this after too many wrong passwords for one sign-in name."""
    return render_page(request, "teams/locked_out.jinja", status=429)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("login")
    memberships = list(
        Membership.objects.active().filter(user=request.user).select_related("team__organisation")
    )
    if len(memberships) == 1:
        return redirect(memberships[0].start_url)
    return render_page(request, "teams/home.jinja", {"memberships": memberships})


@require_GET
@team_view()
def team_home(request: HttpRequest, member: Membership) -> HttpResponse:
    """The team's own address, as people shorten a link or type it: their start page in it."""
    return redirect(member.start_url)


# --- members (managers) ---


def _members_context(member: Membership, **notices: str) -> dict:
    team = member.team
    # Each member's pending erasure request comes with them, in the same query.
    members = list(team.memberships.active().select_related("user", "erasure_request"))
    removed = list(team.memberships.removed().select_related("user", "erasure_request"))
    return {
        "member": member,
        "nav": "members",
        "members": members,
        "removed": removed,
        "invitations": list(team.invitations.pending()),
        "join_codes": list(team.join_codes.usable()),
        "erasures": [m.erasure_request for m in members + removed if hasattr(m, "erasure_request")],
        **notices,
    }


def _back_to_members(request: HttpRequest, member: Membership, notice: str, fragment: str) -> HttpResponse:
    """After a change on the members page: the refreshed list for htmx, or the page again."""
    if request.htmx:
        context = _members_context(member, **{f"{fragment}_notice": notice})
        return render_page(request, "teams/members.jinja", context, fragment=fragment)
    messages.info(request, notice)
    return redirect("teams:members", team=member.team.slug)


@require_GET
@team_view(roles=MANAGER_ROLES)
def members(request: HttpRequest, member: Membership) -> HttpResponse:
    return render_page(request, "teams/members.jinja", _members_context(member))


@require_http_methods(["GET", "POST"])
@team_view(roles=MANAGER_ROLES)
def remove_member(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    leaving = get_object_or_404(member.team.memberships.active().select_related("user"), pk=pk)
    context = {"member": member, "nav": "members", "leaving": leaving}
    if request.method == "POST":
        try:
            member_remove(member=leaving, removed_by=member)
        except CannotRemoveYourself:
            return render_page(request, "teams/remove_member.jinja", context, status=400)
        messages.success(
            request,
            f"{leaving.name} is no longer part of {member.team.name}. Their stories stay on the wall.",
        )
        return redirect("teams:members", team=member.team.slug)
    return render_page(request, "teams/remove_member.jinja", context)


@require_POST
@team_view(roles=MANAGER_ROLES)
def let_member_back(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    returning = get_object_or_404(member.team.memberships.select_related("user"), pk=pk)
    try:
        returning = member_let_back(member=returning)
    except NotRemoved:
        notice = f"{returning.name} was not removed from {member.team.name}, so there was nothing to undo."
    else:
        notice = f"{returning.name} is part of {member.team.name} again, as {returning.get_role_display()}."
    messages.info(request, notice)
    return redirect("teams:members", team=member.team.slug)


@require_http_methods(["GET", "POST"])
@team_view(roles=MANAGER_ROLES)
def invite(request: HttpRequest, member: Membership) -> HttpResponse:
    form = InviteForm(request.POST or None, team=member.team, initial={"email": request.GET.get("email", "")})
    if request.method == "POST" and form.is_valid():
        invitation = invitation_send(
            team=member.team,
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
            invited_by=member,
        )
        messages.success(
            request, f"We have emailed an invitation to {invitation.email}. The link works for 7 days."
        )
        return redirect("teams:members", team=member.team.slug)
    return render_page(request, "teams/invite.jinja", {"member": member, "nav": "members", "form": form})


@require_POST
@team_view(roles=MANAGER_ROLES)
def invitation_resend(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    invitation = get_object_or_404(member.team.invitations, pk=pk)
    try:
        invitation = services.invitation_resend(invitation=invitation)
    except InvitationNotUsable:
        notice = f"The invitation to {invitation.email} was already used or cancelled, so it was not sent."
    else:
        notice = f"We have sent the invitation to {invitation.email} again. The link works for 7 days."
    return _back_to_members(request, member, notice, "invitations")


@require_POST
@team_view(roles=MANAGER_ROLES)
def invitation_revoke(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    invitation = get_object_or_404(member.team.invitations, pk=pk)
    try:
        services.invitation_revoke(invitation=invitation)
    except InvitationNotUsable:
        notice = f"The invitation to {invitation.email} was already used or cancelled."
    else:
        notice = f"The invitation to {invitation.email} is cancelled. Its link no longer works."
    return _back_to_members(request, member, notice, "invitations")


# --- join codes (managers) ---


@require_http_methods(["GET", "POST"])
@team_view(roles=MANAGER_ROLES)
def join_code_create(request: HttpRequest, member: Membership) -> HttpResponse:
    form = JoinCodeCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        join_code = services.join_code_create(
            team=member.team,
            role=form.cleaned_data["role"],
            valid_for=form.cleaned_data["valid_for"],
            created_by=member,
        )
        return redirect("teams:join_code", team=member.team.slug, pk=join_code.pk)
    return render_page(
        request, "teams/join_code_create.jinja", {"member": member, "nav": "members", "form": form}
    )


@require_GET
@team_view(roles=MANAGER_ROLES)
def join_code(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    join_code = get_object_or_404(member.team.join_codes, pk=pk)
    context = {"member": member, "nav": "members", "join_code": join_code, "join_url": join_url(join_code)}
    return render_page(request, "teams/join_code.jinja", context)


@require_GET
@team_view(roles=MANAGER_ROLES)
def join_code_qr(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    join_code = get_object_or_404(member.team.join_codes.usable(), pk=pk)
    return qr_svg_response(join_url(join_code))


@require_POST
@team_view(roles=MANAGER_ROLES)
def join_code_revoke(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    join_code = get_object_or_404(member.team.join_codes, pk=pk)
    if join_code.revoked_at is None:
        join_code.revoke()
        notice = f"The code {join_code.display_code} is switched off. Nobody can join with it now."
    else:
        notice = f"The code {join_code.display_code} was already switched off."
    return _back_to_members(request, member, notice, "join_codes")


# --- my settings (everyone) ---


@require_http_methods(["GET", "POST"])
@team_view()
def settings(request: HttpRequest, member: Membership) -> HttpResponse:
    which = request.POST.get("form") if request.method == "POST" else None
    if which in ("meeting", "shifts", "retention") and not member.is_manager:
        raise PermissionDenied("Only a team manager can change the team's settings.")
    me_form = MySettingsForm(
        request.POST if which == "me" else None,
        member=member,
        initial={
            "display_name": member.user.display_name,
            "weekly_digest": not member.digest_opt_out,
            "chose_to_be_named": member.chose_to_be_named,
        },
    )
    meeting_form = shifts_form = retention_form = None
    if member.is_manager:
        meeting_form = TeamMeetingForm(request.POST if which == "meeting" else None, instance=member.team)
        shifts_form = TeamShiftsForm(request.POST if which == "shifts" else None, instance=member.team)
        retention_form = TeamRetentionForm(
            request.POST if which == "retention" else None, instance=member.team
        )
    if which == "me" and me_form.is_valid():
        try:
            member_settings_update(
                member=member,
                display_name=me_form.cleaned_data["display_name"],
                # Without an email address there is no digest to choose; leave the choice as it was.
                weekly_digest=me_form.cleaned_data["weekly_digest"]
                if member.user.email
                else not member.digest_opt_out,
                # Only a person using the service has the choice; for anyone else it stays off.
                chose_to_be_named=me_form.cleaned_data.get("chose_to_be_named", False),
            )
        except NameTaken as taken:  # taken by someone else since the form checked
            me_form.add_error("display_name", str(taken))
        else:
            messages.success(request, "Your settings are saved.")
            return redirect("teams:settings", team=member.team.slug)
    if which == "meeting" and meeting_form.is_valid():
        meeting_form.save()
        messages.success(request, "The meeting day and time are saved.")
        return redirect("teams:settings", team=member.team.slug)
    if which == "shifts" and shifts_form.is_valid():
        shifts_form.save()
        works_shifts = shifts_form.instance.works_shifts
        messages.success(
            request,
            "Saved. Handover now asks which shift you are handing over from."
            if works_shifts
            else "Saved. Handover now logs what went well today, without asking for a shift.",
        )
        return redirect("teams:settings", team=member.team.slug)
    if which == "retention" and retention_form.is_valid():
        retention_form.save()
        messages.success(request, "How long the team keeps reflections and feedback comments is saved.")
        return redirect("teams:settings", team=member.team.slug)
    context = {
        "member": member,
        "nav": "settings",
        "me_form": me_form,
        "meeting_form": meeting_form,
        "shifts_form": shifts_form,
        "retention_form": retention_form,
    }
    return render_page(request, "teams/settings.jinja", context)


def _wrong_password_usage(request: HttpRequest, *, increment: bool) -> dict | None:
    return get_usage(
        request, group="password-change", key="user", rate=PASSWORD_GUESS_RATE, increment=increment
    )


@require_http_methods(["GET", "POST"])
@team_view()
def password_change(request: HttpRequest, member: Membership) -> HttpResponse:
    context = {"member": member, "nav": "settings"}

    def paused(usage: dict) -> HttpResponse:
        wait = max(1, math.ceil(usage["time_left"] / 60))
        context.update(form=ChangePasswordForm(member.user), wait_minutes=wait)
        return render_page(request, "teams/password_change.jinja", context, status=429)

    if request.method == "POST":
        usage = _wrong_password_usage(request, increment=False)
        if usage and usage["should_limit"]:
            return paused(usage)
    form = ChangePasswordForm(member.user, request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            # Keep this session signed in; every other session of theirs ends with the old password.
            update_session_auth_hash(request, form.user)
            messages.success(request, "Your password is changed. Use the new one next time you sign in.")
            return redirect("teams:settings", team=member.team.slug)
        if form.has_error("old_password", "password_incorrect"):
            usage = _wrong_password_usage(request, increment=True)
            if usage and usage["should_limit"]:
                return paused(usage)
    return render_page(request, "teams/password_change.jinja", {**context, "form": form})


# --- joining with a code (anyone, usually on their own phone) ---


def _refused(request: HttpRequest, problem: RemovedFromTeam | NameTaken) -> HttpResponse:
    """Why a signed-in person cannot join a team, kindly, with what they can do about it."""
    if isinstance(problem, RemovedFromTeam):
        return render_page(request, "teams/removed.jinja", {"team": problem.team}, status=403)
    # Their name is the same in all their teams: it is changed in any one team's settings.
    elsewhere = Membership.objects.active().filter(user=request.user).select_related("team").first()
    context = {"problem": problem, "elsewhere": elsewhere}
    return render_page(request, "teams/name_taken.jinja", context, status=409)


def _please_wait(request: HttpRequest, form: JoinCodeForm, minutes: int) -> HttpResponse:
    return _join_page(request, {"form": form, "wait_minutes": minutes}, status=429)


# Where a person was going when they were asked to join first (a round's poster, or "Join your
# team" on the sign-in page): kept in the session through the join steps, so that joining ends
# there. Checked as it comes in and again as it is used, so it can only lead within this site.
JOIN_NEXT = "join_next"


def _safe_next(request: HttpRequest, wanted: str) -> str:
    safe = url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return wanted if wanted and safe else ""


def _keep_next(request: HttpRequest) -> None:
    if wanted := _safe_next(request, request.GET.get("next", "")):
        request.session[JOIN_NEXT] = wanted
    elif "code" not in request.GET:
        request.session.pop(JOIN_NEXT, None)  # a fresh start: nowhere to go back to


def _after_joining(request: HttpRequest, membership: Membership) -> str:
    """Where they were going before joining, otherwise something for them to do in the team."""
    return _safe_next(request, request.session.pop(JOIN_NEXT, "")) or landing_url(membership)


def _join_page(request: HttpRequest, context: dict, status: int = 200) -> HttpResponse:
    context = {"next": request.session.get(JOIN_NEXT, ""), **context}
    return render_page(request, "teams/join.jinja", context, status=status)


@require_http_methods(["GET", "POST"])
def join(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        _keep_next(request)
        form = JoinCodeForm(initial={"code": request.GET.get("code", "")})
        return _join_page(request, {"form": form})

    if minutes := wrong_code_pause(request, "join-code"):
        return _please_wait(request, JoinCodeForm(initial={"code": request.POST.get("code", "")}), minutes)
    form = JoinCodeForm(request.POST)
    if not form.is_valid():
        if form.has_error("code", "unknown") and (
            minutes := wrong_code_pause(request, "join-code", count=True)
        ):
            return _please_wait(request, JoinCodeForm(initial={"code": request.POST["code"]}), minutes)
        return _join_page(request, {"form": form})

    join_code = form.join_code
    if not request.user.is_authenticated:
        request.session["join_code"] = join_code.code
        return redirect("join_details")

    existing = Membership.objects.active().filter(team=join_code.team, user=request.user).first()
    if existing is not None:
        messages.info(request, f"You are already part of {join_code.team.name}.")
        return redirect(_after_joining(request, existing))
    try:
        join_check(team=join_code.team, user=request.user)  # before they are offered "Join"
        if not request.POST.get("confirm"):
            return _join_page(request, {"form": form, "join_code": join_code})
        joined = member_join_signed_in(code=join_code.code, user=request.user)
    except (RemovedFromTeam, NameTaken) as problem:
        return _refused(request, problem)
    messages.success(request, f"Welcome to {join_code.team.name}.")
    return redirect(_after_joining(request, joined))


def _back_to_step_one(request: HttpRequest, typed: str, problem: JoinCodeProblem) -> HttpResponse:
    request.session.pop("join_code", None)
    messages.error(request, JOIN_CODE_MESSAGES[problem.reason])
    return redirect(f"{reverse('join')}?{urlencode({'code': typed})}")


@require_http_methods(["GET", "POST"])
def join_details(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        # Already joined (a second click on "Join"), or signed in: step 1 offers the right thing.
        return redirect("join_welcome" if "welcome_team" in request.session else "join")
    typed = request.session.get("join_code")
    if not typed:
        return redirect("join")
    try:
        join_code = join_code_find(typed)
    except JoinCodeProblem as problem:
        return _back_to_step_one(request, typed, problem)

    form = NewAccountForm(request.POST or None, team=join_code.team)
    if request.method == "POST" and form.is_valid():
        try:
            membership = member_join_with_code(
                code=typed,
                display_name=form.cleaned_data["display_name"],
                password=form.cleaned_data["password"],
            )
        except JoinCodeProblem as problem:
            return _back_to_step_one(request, typed, problem)
        except NameTaken as taken:  # taken by someone else since the form checked
            form.add_error("display_name", str(taken))
            return render_page(request, "teams/join_details.jinja", {"form": form, "join_code": join_code})
        login(request, membership.user, backend=BACKEND)
        request.session.pop("join_code", None)
        if JOIN_NEXT in request.session:
            # Straight on to where they were going; the welcome page's one job comes along.
            name = membership.user.username
            messages.success(
                request,
                f"Welcome to {membership.team.name}. Your sign-in name is {name}. Please write it "
                "down: you will use it, with your password, to sign in next time.",
            )
            return redirect(_after_joining(request, membership))
        request.session["welcome_team"] = membership.team.slug
        return redirect("join_welcome")
    return render_page(request, "teams/join_details.jinja", {"form": form, "join_code": join_code})


@require_GET
@login_required
def join_welcome(request: HttpRequest) -> HttpResponse:
    membership = (
        Membership.objects.active()
        .select_related("team")
        .filter(user=request.user, team__slug=request.session.get("welcome_team", ""))
        .first()
    )
    if membership is None:
        return redirect("home")
    context = {"membership": membership, "go_to": landing_url(membership)}
    return render_page(request, "teams/join_welcome.jinja", context)


# --- accepting an invitation by email ---


def _why_unusable(invitation: Invitation | None) -> str:
    if invitation is None:
        return "unknown"
    if invitation.accepted_at is not None:
        return "accepted"
    if invitation.revoked_at is not None:
        return "revoked"
    return "expired"


def _unusable_invitation(request: HttpRequest, invitation: Invitation | None) -> HttpResponse:
    reason = _why_unusable(invitation)
    if reason == "accepted" and request.user.is_authenticated:
        # Most often a second click on "Join": take them in.
        joined = Membership.objects.active().filter(team=invitation.team, user=request.user).first()
        if joined is not None:
            return redirect(joined.start_url)
    return render_page(
        request,
        "teams/invitation_unusable.jinja",
        {"reason": reason, "invitation": invitation},
        status=404 if reason == "unknown" else 410,
    )


@require_http_methods(["GET", "POST"])
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = Invitation.objects.select_related("team", "invited_by__user").filter(token=token).first()
    if invitation is None or not invitation.is_usable:
        return _unusable_invitation(request, invitation)

    account = User.objects.filter(email__iexact=invitation.email).first()
    context = {"invitation": invitation, "account": account}
    signed_in = request.user.is_authenticated

    if account is not None:
        if not signed_in or request.user.pk != account.pk:
            sign_in_url = f"{reverse('login')}?{urlencode({'next': request.path})}"
            return render_page(request, "teams/invitation.jinja", {**context, "sign_in_url": sign_in_url})
        try:
            join_check(team=invitation.team, user=account)  # before they are offered "Join"
            if request.method == "POST":
                membership = invitation_accept(invitation=invitation, user=request.user)
        except (RemovedFromTeam, NameTaken) as problem:
            return _refused(request, problem)
        except InvitationNotUsable:
            invitation.refresh_from_db()
            return _unusable_invitation(request, invitation)
        if request.method == "POST":
            messages.success(request, f"Welcome to {invitation.team.name}.")
            return redirect(landing_url(membership))
        return render_page(request, "teams/invitation.jinja", context)

    if signed_in:
        # Someone else's session, most likely, left open on a shared computer.
        return render_page(request, "teams/invitation.jinja", context)
    form = NewAccountForm(request.POST or None, team=invitation.team, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            membership = invitation_accept_new_user(
                invitation=invitation,
                display_name=form.cleaned_data["display_name"],
                password=form.cleaned_data["password"],
            )
        except InvitationNotUsable:
            invitation.refresh_from_db()
            return _unusable_invitation(request, invitation)
        except AccountExists:
            return redirect(request.path)
        except NameTaken as taken:  # taken by someone else since the form checked
            form.add_error("display_name", str(taken))
            return render_page(request, "teams/invitation.jinja", {**context, "form": form})
        login(request, membership.user, backend=BACKEND)
        team, email = invitation.team.name, invitation.email
        messages.success(request, f"Welcome to {team}. Next time, sign in with {email} and your password.")
        return redirect(landing_url(membership))
    return render_page(request, "teams/invitation.jinja", {**context, "form": form})


# --- forgotten passwords: a link by email, or a code from the team manager ---

FORGOTTEN_RATE = "5/15m"


@require_http_methods(["GET", "POST"])
def password_forgotten(request: HttpRequest) -> HttpResponse:
    form = ForgottenPasswordForm(posted(request))
    if request.method == "POST":
        usage = get_usage(request, group="password-email", key="ip", rate=FORGOTTEN_RATE, increment=True)
        if usage and usage["should_limit"]:
            return render_page(
                request, "teams/password_forgotten.jinja", {"form": form, "wait": True}, status=429
            )
        if form.is_valid():
            # The same answer whether or not the address has an account: nobody learns who does.
            form.save(request=request, use_https=request.is_secure())
            request.session["password_email"] = form.cleaned_data["email"]
            return redirect("password_email_sent")
    return render_page(request, "teams/password_forgotten.jinja", {"form": form})


@require_GET
def password_email_sent(request: HttpRequest) -> HttpResponse:
    context = {"email": request.session.get("password_email", "")}
    return render_page(request, "teams/password_email_sent.jinja", context)


class PasswordFromEmailView(auth_views.PasswordResetConfirmView):
    """The link in the email: Django checks its token and keeps it out of the address bar."""

    template_name = "teams/password_new.jinja"
    form_class = NewPasswordForm
    post_reset_login = True
    post_reset_login_backend = BACKEND
    success_url = reverse_lazy("home")

    def form_valid(self, form: NewPasswordForm) -> HttpResponse:
        messages.success(self.request, "Your new password is set, and you are signed in.")
        return super().form_valid(form)


@require_http_methods(["GET", "POST"])
def password_with_code(request: HttpRequest) -> HttpResponse:
    form = ResetCodeForm(posted(request), initial={"code": request.GET.get("code", "")})
    if request.method == "POST":
        if wrong_code_pause(request, "reset-code"):
            return render_page(request, "teams/password_code.jinja", {"form": form, "wait": True}, status=429)
        if form.is_valid() and (
            user := password_reset_with_code(reset=form.reset, password=form.cleaned_data["new_password"])
        ):
            login(request, user, backend=BACKEND)
            messages.success(request, "Your new password is set, and you are signed in.")
            return redirect("home")
        if form.has_error("code", "unknown") and wrong_code_pause(request, "reset-code", count=True):
            return render_page(request, "teams/password_code.jinja", {"form": form, "wait": True}, status=429)
    return render_page(request, "teams/password_code.jinja", {"form": form})


@require_http_methods(["GET", "POST"])
@team_view(roles=MANAGER_ROLES)
def reset_code_new(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    forgetful = get_object_or_404(member.team.memberships.active().select_related("user"), pk=pk)
    context = {"member": member, "nav": "members", "forgetful": forgetful}
    if request.method == "POST":
        try:
            code = reset_code_create(member=forgetful, made_by=member)
        except ResetCodeRefused as refusal:
            return render_page(
                request, "teams/reset_code.jinja", {**context, "refusal": str(refusal)}, status=400
            )
        link = absolute_url(reverse("password_with_code"), code=code)
        # Shown on this response only, never again: the page must not be kept (see the middleware).
        context |= {"code": display_code(code), "link": link, "qr": qr_data_uri(link)}
    return render_page(request, "teams/reset_code.jinja", context)


# --- the audit trail (managers) ---

AUDIT_PER_PAGE = 50


@require_GET
@team_view(roles=MANAGER_ROLES)
def audit_trail(request: HttpRequest, member: Membership) -> HttpResponse:
    events = member.team.audit_events.select_related("actor__user", "subject__user")
    page = Paginator(events, AUDIT_PER_PAGE).get_page(request.GET.get("page"))
    return render_page(request, "teams/audit_trail.jinja", {"member": member, "nav": "members", "page": page})


@require_http_methods(["GET", "POST"])
@team_view(roles=MANAGER_ROLES)
def member_role(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    changing = get_object_or_404(member.team.memberships.active().select_related("user"), pk=pk)
    form = RoleForm(posted(request), initial={"role": changing.role})
    context = {"member": member, "nav": "members", "changing": changing, "form": form}
    if request.method == "POST" and form.is_valid():
        try:
            member_role_change(member=changing, role=form.cleaned_data["role"], changed_by=member)
        except LastManager:
            context["last_manager"] = True
            return render_page(request, "teams/member_role.jinja", context, status=400)
        messages.success(
            request, f"{changing.name} is now {changing.get_role_display().lower()} in the team."
        )
        if changing.pk == member.pk and not changing.is_manager:
            return redirect(changing.start_url)
        return redirect("teams:members", team=member.team.slug)
    return render_page(request, "teams/member_role.jinja", context, status=400 if form.errors else 200)
