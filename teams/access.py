"""The one access gate. Every team page gets its team and the signed-in person's membership here.

A person who is not an active member of the team gets 404 (the team's existence is not
confirmed to outsiders); a member whose role may not use the page gets 403 with a kind message.

A person whose sign-in ran out (30 idle minutes, for shared ward computers) is sent to sign in
again. If they were saving a form that keeps drafts, what they typed is kept in the browser's
session and handed back, on the page they were on, once the same person has signed in again.
"""

from collections.abc import Callable, Iterable
from functools import wraps
from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.http import HttpResponseClientRedirect

from recovery_culture.lib.views import posted
from teams.cache import team_cache_forget
from teams.models import ALL_ROLES, Membership

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def membership_for(request: HttpRequest, team_slug: str) -> Membership:
    # One row at most (one membership per team), so it is looked up unordered: every page asks.
    # The person is the one already signed in, so they are not read again.
    try:
        member = (
            Membership.objects.active()
            .select_related("team")
            .get(user_id=request.user.pk, team__slug=team_slug)
        )
    except Membership.DoesNotExist:
        raise Http404("No such team") from None
    member.user = request.user
    return member


# Who was last signed in on this browser, signed so it cannot be forged: a draft typed after the
# sign-in ran out goes back only to them, never to the next person at a shared computer.
SIGNED_IN_AS = "signed_in_as"
SIGNED_IN_AS_SALT = "teams.access.drafts"
DRAFT = "kept_draft"
# Marks the "Welcome back" notice, which the page takes away once the draft is saved (base.jinja).
KEPT_DRAFT_TAG = "kept-draft"


def team_view(
    roles: Iterable[str] = ALL_ROLES, *, keeps_drafts: bool = False, background: bool = False
) -> Callable:
    """Decorate a view taking `(request, member, ...)`; the URL carries `team` (the team's slug).
    `keeps_drafts`: a POST that arrives after the sign-in ran out keeps its form data for the
    page it came from, whose view hands it back with `kept_draft`. `background`: the page asks for
    it while the person types (the language lens), so a sign-in that ran out never leaves the page."""
    allowed = frozenset(roles)

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, team: str, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return _sign_in_again(request, keeps_drafts, background)
            member = membership_for(request, team)
            if member.role not in allowed:
                raise PermissionDenied("This page is for other roles in the team.")
            if request.session.get("last_team") != member.team.slug:
                request.session["last_team"] = member.team.slug
            try:
                response = view(request, member, *args, **kwargs)
            finally:
                # Whatever a POST changed, the team's kept page parts are drawn again (teams/cache.py).
                if request.method not in SAFE_METHODS:
                    team_cache_forget([member.team_id])
            _remember_who(request, response)
            return response

        # Read by the whole-URL gate test (tests/test_gate.py), which checks every role against it.
        wrapper.team_roles = allowed
        return wrapper

    return decorator


def _page_came_from(request: HttpRequest) -> str:
    """The address of the page the person is on: htmx says it, a plain form sends it as the
    referrer (same-origin only). A request that says neither is its own page."""
    came_from = request.htmx.current_url if request.htmx else request.headers.get("Referer")
    if came_from and url_has_allowed_host_and_scheme(
        came_from, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        parts = urlsplit(came_from)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return request.get_full_path()


def _sign_in_again(request: HttpRequest, keeps_drafts: bool, background: bool) -> HttpResponse:
    if request.htmx and (background or request.method in SAFE_METHODS):
        # A background part (a hint, a refresh) must not take the page away from someone typing:
        # nothing is swapped, and their next save asks them to sign in.
        return HttpResponse(status=401, headers={"HX-Reswap": "none"})
    page = _page_came_from(request)
    if request.method not in SAFE_METHODS:
        writer = request.get_signed_cookie(SIGNED_IN_AS, default=None, salt=SIGNED_IN_AS_SALT)
        if keeps_drafts and writer is not None:
            fields = {
                name: request.POST.getlist(name) for name in request.POST if name != "csrfmiddlewaretoken"
            }
            request.session[DRAFT] = {"user": writer, "page": urlsplit(page).path, "fields": fields}
    sign_in = redirect_to_login(page)
    return HttpResponseClientRedirect(sign_in.url) if request.htmx else sign_in


def _remember_who(request: HttpRequest, response: HttpResponse) -> None:
    signed_in_as = request.get_signed_cookie(SIGNED_IN_AS, default=None, salt=SIGNED_IN_AS_SALT)
    if signed_in_as != str(request.user.pk):
        response.set_signed_cookie(
            SIGNED_IN_AS,
            str(request.user.pk),
            salt=SIGNED_IN_AS_SALT,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )


def kept_draft(request: HttpRequest) -> QueryDict | None:
    """On a GET of the page a draft was kept for, the form data the person sent when their sign-in
    had run out, once; None otherwise. The draft is only ever handed back to the person who
    wrote it."""
    draft = request.session.get(DRAFT)
    if request.method != "GET" or not draft or draft["page"] != request.path:
        return None
    del request.session[DRAFT]
    if draft["user"] != str(request.user.pk):
        return None
    data = QueryDict(mutable=True)
    for name, values in draft["fields"].items():
        data.setlist(name, values)
    messages.info(
        request,
        "Welcome back. What you typed is here as you left it: check it, then save it.",
        extra_tags=KEPT_DRAFT_TAG,
    )
    return data


def posted_or_kept(request: HttpRequest) -> QueryDict | None:
    """A form's data: what was posted, or on a GET the draft kept for this page, if any."""
    return posted(request) if request.method == "POST" else kept_draft(request)


def drop_draft_of_someone_else(request: HttpRequest) -> None:
    """After a sign-in: a draft kept on this browser for another person is thrown away."""
    draft = request.session.get(DRAFT)
    if draft and draft["user"] != str(request.user.pk):
        del request.session[DRAFT]
