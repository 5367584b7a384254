"""The access gate, proven for every team address the project has, found by walking the URL
configuration: no table to keep up to date, so a new page is checked the day it is added.

For each address carrying a `team`, with real objects behind its other parts: an anonymous visitor
is asked to sign in, a member of another team is told nothing (404), each role the view's
`team_view` refuses gets 403, each role it allows gets in, another team's object is not found
through ours, and a method the view does not take gets 405."""

import inspect
import re
import uuid
from collections.abc import Callable, Iterator

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from conversations import seed
from conversations.models import BlanketRule, Phrase, SwitchOff, WordList
from conversations.services import house_text_keep
from dashboards.models import MonthlyReport
from supervision.models import About, SupervisionRecord
from supervision.tests.factories import (
    FeedbackCardFactory,
    FeedbackRequestFactory,
    ReflectionFactory,
    SupervisionSessionFactory,
)
from teams.models import STAFF_ROLES, ErasureRequest, Membership, Role
from tests.factories import (
    InvitationFactory,
    JoinCodeFactory,
    MembershipFactory,
    SuccessFactory,
    TeamFactory,
    ThankYouFactory,
)
from trip.models import TripReport
from trip.tests.factories import (
    ActionFactory,
    AssetFactory,
    BenchmarkRatingFactory,
    BenchmarkRoundFactory,
    CommunityResourceFactory,
    CycleFactory,
    LeadRoleFactory,
    PriorityFactory,
    StatementFactory,
)

# Addresses whose object belongs to no team, so every team reaches the same one, and why.
SHARED_BY_ALL_TEAMS = {
    "conversations:switch_off": "a built-in phrase belongs to no team: any team may switch it off for itself",
    "conversations:switch_on": "a built-in phrase belongs to no team: any team may switch it back on",
}

# The team addresses open without the gate, and why.
NOT_GATED = {
    "supervision:feedback_code": "people using the service type a feedback card's code here, unsigned",
    "supervision:feedback_answer": "answered by a single-use card's code alone, unsigned",
}


# --- The addresses ---


def _walk(patterns, route: str = "", namespace: str = "") -> Iterator[tuple[str, str, Callable]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else entry.namespace
            yield from _walk(entry.url_patterns, route + str(entry.pattern), inner or namespace)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield name, route + str(entry.pattern), entry.callback


TEAM_URLS = sorted(
    (name, route, view) for name, route, view in _walk(get_resolver().url_patterns) if "<slug:team>" in route
)


def _methods(view: Callable) -> list[str] | None:
    """The methods the view's `require_http_methods` (or require_GET/POST) lets through."""
    while view is not None:
        declared = inspect.getclosurevars(view).nonlocals.get("request_method_list")
        if declared is not None:
            return list(declared)
        view = getattr(view, "__wrapped__", None)
    return None


# --- One real object for each part of an address, made for the member who will ask for it ---


def _cycle(me: Membership):
    return CycleFactory(team=me.team)


def _statement(me: Membership):
    return StatementFactory(team=me.team)


def _round(me: Membership):
    return BenchmarkRoundFactory(cycle=_cycle(me))


def _priority(me: Membership):
    # Led by the asker, so the co-leads' own pages open for every role the gate lets in.
    leads = {
        "staff_lead": MembershipFactory(team=me.team, role=Role.STAFF),
        "service_user_lead": MembershipFactory(team=me.team, role=Role.SERVICE_USER),
        "staff_lead" if me.role in STAFF_ROLES else "service_user_lead": me,
    }
    return PriorityFactory(cycle=_cycle(me), status="active", **leads)


def _session(me: Membership):
    # Recorded by the other party and not yet confirmed, so the asker's confirm page opens too.
    supervisor = MembershipFactory(team=me.team, role=Role.STAFF)
    return SupervisionSessionFactory(
        supervisee=me, supervisor=supervisor, recorded_by=supervisor, confirmed_at=None
    )


def _card_request(me: Membership):
    # A colleague's request, whom the asker has supervised: the asker may print its cards.
    worker = MembershipFactory(team=me.team, role=Role.STAFF)
    SupervisionSessionFactory(supervisor=me, supervisee=worker)
    return FeedbackRequestFactory(worker=worker)


def _leader(me: Membership) -> dict:
    # Leaders' pages open for a member who holds a lead role, whatever their role in the team.
    LeadRoleFactory(team=me.team, holder=me, title=f"Lead {uuid.uuid4().hex[:8]}")
    return {}


def _my_window(me: Membership):
    _leader(me)
    return FeedbackRequestFactory(worker=me, about=About.LEADING)


def _house_text(me: Membership):
    _cycle(me)  # a priority can be made from it
    name = f"Our first letter {uuid.uuid4().hex[:8]}"
    return house_text_keep(member=me, name=name, text="Welcome. We look forward to meeting you.").house_text


def _rule(me: Membership, **decided):
    # Open for answers, unless decided: then closed, with a cycle its priority can go in.
    if decided:
        _cycle(me)
        decided["answers_closed_at"] = timezone.now()
    _deciding(me)
    return BlanketRule.objects.create(
        team=me.team, rule="No phones after 10pm", why="Sleep.", affects="Everyone.", **decided
    )


def _card(me: Membership) -> dict:
    card = FeedbackCardFactory(request=_card_request(me))
    return {"pk": card.request.pk, "code": card.code}


# "namespace:the word before <pk>" (or "namespace:kwarg" for other kwargs) -> the object.
THINGS: dict[str, Callable[[Membership], object]] = {
    "teams:members": lambda me: MembershipFactory(team=me.team, role=Role.STAFF),
    "teams:invitations": lambda me: InvitationFactory(team=me.team, invited_by=me),
    "teams:join-codes": lambda me: JoinCodeFactory(team=me.team),
    "my_data:members": lambda me: MembershipFactory(team=me.team, role=Role.STAFF),
    "my_data:erasures": lambda me: ErasureRequest.objects.create(
        member=MembershipFactory(team=me.team, role=Role.STAFF), keep_successes=True
    ),
    "dashboard:report": lambda me: MonthlyReport.objects.create(
        team=me.team, month=timezone.localdate().replace(day=1), requested_by=me
    ),
    "successes:handover": lambda me: SuccessFactory(author=me),
    "successes:stories": lambda me: SuccessFactory(author=me),
    "successes:thanks": lambda me: ThankYouFactory(sender=me),
    "successes:thank-you": lambda me: ThankYouFactory(sender=me),
    "supervision:reflections": lambda me: ReflectionFactory(author=me),
    "supervision:sessions": _session,
    "supervision:my-record": lambda me: SupervisionRecord.objects.create(supervisee=me),
    "supervision:feedback": lambda me: FeedbackRequestFactory(worker=me),
    "supervision:feedback-cards": _card_request,
    "supervision:listening": _my_window,
    "supervision:pulse": lambda me: FeedbackRequestFactory(
        worker=MembershipFactory(team=me.team, role=Role.MANAGER), about=About.LEADING
    ),
    "trip:cycles": _cycle,
    "trip:reports": lambda me: TripReport.objects.create(cycle=_cycle(me), requested_by=me),
    "trip:what-i-bring": lambda me: AssetFactory(owner=me),
    "trip:lead-roles": lambda me: LeadRoleFactory(
        team=me.team, holder=MembershipFactory(team=me.team, role=Role.STAFF)
    ),
    "trip:skills-register": lambda me: AssetFactory(owner=MembershipFactory(team=me.team, role=Role.STAFF)),
    "trip:community": lambda me: CommunityResourceFactory(team=me.team, added_by=me),
    "trip:statements": _statement,
    "trip:statement": _statement,
    "trip:rounds": _round,
    "trip:join_code": lambda me: JoinCodeFactory(team=me.team, role=Role.SERVICE_USER),
    "trip:priorities": _priority,
    "trip:actions": lambda me: ActionFactory(priority=_priority(me), owner=me),
    "trip:house-texts": lambda me: _house_text(me),
    "conversations:house-texts": lambda me: _house_text(me),
    "conversations:rules": lambda me: _rule(me),
    "trip:rules": lambda me: _rule(me, decision="change"),
}


def _agreeing(me: Membership) -> dict:
    rating = BenchmarkRatingFactory(round=_round(me), statement=_statement(me))
    return {"pk": rating.round.pk, "statement": rating.statement.pk}


def _answered_theme(me: Membership) -> dict:
    # A closed round with an answer in the statement's theme: that theme has a page of results.
    statement = _statement(me)
    round = BenchmarkRoundFactory(cycle=_cycle(me), closed_at=timezone.now())
    BenchmarkRatingFactory(round=round, statement=statement, score=4)
    return {"pk": round.pk, "theme": statement.theme}


def _first_step(me: Membership) -> dict:
    # One statement at a time: the team's own statement is in use, so there is a first one.
    _statement(me)
    return {"pk": _round(me).pk, "n": 1}


# Addresses whose parts must belong together.
def _deciding(me: Membership) -> None:
    # Managers decide on the team's words, and so does the one person using the service who leads them.
    if me.role == Role.SERVICE_USER:
        WordList.objects.update_or_create(team=me.team, defaults={"service_user_lead": me})


def _proposal(me: Membership) -> dict:
    _deciding(me)
    proposed = Phrase.objects.create(
        team=me.team,
        phrase=f"frequent attender {uuid.uuid4().hex[:8]}",
        kind="deficit",
        why="A label.",
        alternatives=["someone we know well"],
    )
    return {"pk": proposed.pk}


def _built_in(me: Membership, *, switched_off: bool) -> dict:
    _deciding(me)
    if not Phrase.objects.built_in().exists():  # emptied by a browser test on this worker
        Phrase.objects.bulk_create(seed.rows(Phrase))
    phrase = Phrase.objects.built_in().first()
    if switched_off:
        SwitchOff.objects.get_or_create(team=me.team, phrase=phrase, defaults={"reason": "Kindly used here."})
    return {"pk": phrase.pk}


WHOLE_ADDRESSES: dict[str, Callable[[Membership], dict]] = {
    # A suggestion still an idea, made by the asker: only they (and a manager) may change it.
    "trip:priority_edit": lambda me: {"pk": PriorityFactory(cycle=_cycle(me), proposed_by=me).pk},
    "trip:priority_withdraw": lambda me: {"pk": PriorityFactory(cycle=_cycle(me), proposed_by=me).pk},
    "conversations:decide": _proposal,
    "conversations:switch_off": lambda me: _built_in(me, switched_off=False),
    "conversations:switch_on": lambda me: _built_in(me, switched_off=True),
    "trip:round_agree": _agreeing,
    "trip:round_theme_results": _answered_theme,
    "trip:round_step": _first_step,
    "supervision:feedback_card_qr": _card,
    "supervision:leading_reflect": _leader,
    "supervision:leading_pattern": _leader,
    "supervision:listening_new": _leader,
    "dashboard:my_example": _leader,
}


def _kind(name: str, route: str, kwarg: str) -> str:
    namespace = name.rpartition(":")[0]
    if kwarg != "pk":
        return f"{namespace}:{kwarg}"
    before = re.search(r"([\w-]+)/<int:pk>", route)
    return f"{namespace}:{before.group(1) if before else ''}"


def _address(name: str, route: str, me: Membership, *, team: str | None = None) -> str:
    """The address of `name` in `team` (the asker's own by default), its objects made for `me`."""
    parts = {kwarg for kwarg in re.findall(r"<(?:\w+:)?(\w+)>", route) if kwarg != "team"}
    if name in WHOLE_ADDRESSES:
        kwargs = WHOLE_ADDRESSES[name](me)
    else:
        missing = [_kind(name, route, kwarg) for kwarg in parts if _kind(name, route, kwarg) not in THINGS]
        assert not missing, f"{name}: add {missing} to THINGS in tests/test_gate.py"
        kwargs = {kwarg: THINGS[_kind(name, route, kwarg)](me).pk for kwarg in parts}
    return reverse(name, kwargs={"team": team or me.team.slug, **kwargs})


def _signed_in(member: Membership) -> Client:
    client = Client()
    client.force_login(member.user, backend="teams.backends.EmailOrUsernameBackend")
    return client


# --- The test ---


@pytest.mark.parametrize(("name", "route", "view"), TEAM_URLS, ids=[name for name, _, _ in TEAM_URLS])
def test_every_team_address_is_behind_the_gate(db, name, route, view):
    if name in NOT_GATED:
        assert not hasattr(view, "team_roles"), f"{name} is declared open, yet it is gated"
        return
    allowed = getattr(view, "team_roles", None)
    assert allowed, f"{name}: its view is not decorated with teams.access.team_view"
    methods = _methods(view)
    assert methods, f"{name}: its view does not say which methods it takes (@require_GET/POST...)"

    ward = TeamFactory(slug="willow-ward")
    members = {role: MembershipFactory(team=ward, role=role) for role in Role}
    outsider = MembershipFactory(team=TeamFactory(slug="oak-community"), role=Role.MANAGER)
    insider = members[Role.MANAGER] if Role.MANAGER in allowed else members[min(allowed)]
    seen = []

    def ask(client: Client, method: str, url: str) -> int:
        status = getattr(client, method.lower())(url).status_code
        seen.append(f"{method} {url} -> {status}")
        return status

    for method in methods:
        url = _address(name, route, insider)
        response = getattr(Client(), method.lower())(url)
        assert response.status_code == 302 and response["Location"].startswith("/sign-in/"), (method, url)
        assert ask(_signed_in(outsider), method, url) == 404, seen
        for role, member in members.items():
            status = ask(_signed_in(member), method, _address(name, route, member))
            if role in allowed:
                assert status not in (403, 404) and status < 500, (role, seen)
            else:
                assert status == 403, (role, seen)
        if route.count("<") > 1 and name not in SHARED_BY_ALL_TEAMS:
            theirs = _address(name, route, outsider, team=ward.slug)
            assert ask(_signed_in(insider), method, theirs) == 404, ("another team's object", seen)
    for method in {"GET", "POST"} - set(methods):
        assert ask(_signed_in(insider), method, _address(name, route, insider)) == 405, seen


def test_the_walk_finds_the_team_addresses():
    names = {name for name, _, _ in TEAM_URLS}
    assert set(NOT_GATED) <= names
    assert {"trip:asset_delete", "teams:members", "successes:wall", "supervision:home"} <= names
