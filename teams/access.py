"""The one access gate. Every team page gets its team and the signed-in person's membership here.

A person who is not an active member of the team gets 404 (the team's existence is not
confirmed to outsiders); a member whose role may not use the page gets 403 with a kind message.
"""

from collections.abc import Callable, Iterable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

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


def team_view(roles: Iterable[str] = ALL_ROLES) -> Callable:
    """Decorate a view taking `(request, member, ...)`; the URL carries `team` (the team's slug)."""
    allowed = frozenset(roles)

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, team: str, *args, **kwargs) -> HttpResponse:
            member = membership_for(request, team)
            if member.role not in allowed:
                raise PermissionDenied("This page is for other roles in the team.")
            if request.session.get("last_team") != member.team.slug:
                request.session["last_team"] = member.team.slug
            try:
                return view(request, member, *args, **kwargs)
            finally:
                # Whatever a POST changed, the team's kept page parts are drawn again (teams/cache.py).
                if request.method not in SAFE_METHODS:
                    team_cache_forget([member.team_id])

        # Read by the whole-URL gate test (tests/test_gate.py), which checks every role against it.
        wrapper.team_roles = allowed
        return wrapper

    return decorator
