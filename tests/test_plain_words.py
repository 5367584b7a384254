"""Plain words for people using the service: every page a person using the service can open, and
every statement they rate, reads at Flesch reading ease 60 or more (textstat, through
recovery_culture.lib.readability). The team pages are found by walking the URL configuration,
like the gate test, so a new page is checked the day it is added."""

from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from recovery_culture.lib.glossary import terms_in
from recovery_culture.lib.readability import PLAIN_ENGLISH, hardest_sentences, reading_ease
from teams.models import Role
from tests.factories import JoinCodeFactory, MembershipFactory, TeamFactory
from tests.test_gate import NOT_GATED, TEAM_URLS, _address, _methods, _signed_in
from trip.models import Statement
from trip.tests.factories import BenchmarkRoundFactory, CycleFactory

# Block elements end a sentence even when the page puts no full stop there (headings, buttons,
# list items, table cells): without that, a page's labels would run into one long "sentence".
_BREAKS = {
    "p",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "td",
    "th",
    "label",
    "legend",
    "button",
    "dt",
    "dd",
    "caption",
    "summary",
}
_SKIPPED = {"script", "style", "svg", "template"}


class _MainText(HTMLParser):
    """The words a person reads in a page's <main>: no scripts, no hidden inputs, no markup."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.skipping = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.depth += 1
        if tag in _SKIPPED:
            self.skipping += 1
        if tag in _BREAKS:
            self.parts.append(".\n")

    def handle_endtag(self, tag):
        if tag == "main":
            self.depth -= 1
        if tag in _SKIPPED:
            self.skipping -= 1
        if tag in _BREAKS:
            self.parts.append(".\n")

    def handle_data(self, data):
        if self.depth and not self.skipping:
            self.parts.append(data)


def main_text(page: str) -> str:
    parser = _MainText()
    parser.feed(page)
    return "".join(parser.parts)


def _service_user_pages() -> list[str]:
    """The team pages a person using the service may open with GET, as (name, route)."""
    return [
        (name, route)
        for name, route, view in TEAM_URLS
        if name not in NOT_GATED
        and Role.SERVICE_USER in getattr(view, "team_roles", ())
        and "GET" in (_methods(view) or [])
        and not route.endswith((".svg", ".csv", ".pdf", "pdf/", "download/", ".json"))
    ]


SERVICE_USER_PAGES = _service_user_pages()


def _assert_plain(where: str, page: str) -> None:
    text = main_text(page)
    score = reading_ease(text)
    assert score is not None, f"{where}: no words found"
    assert score >= PLAIN_ENGLISH, (
        f"{where} reads at {score:.0f}, below {PLAIN_ENGLISH}. Hardest sentences: "
        + " | ".join(s.text for s in hardest_sentences(text, 5))
    )


@pytest.mark.parametrize(("name", "route"), SERVICE_USER_PAGES, ids=[n for n, _ in SERVICE_USER_PAGES])
def test_every_page_a_person_using_the_service_sees_is_plain(db, name, route):
    ward = TeamFactory(slug="willow-ward")
    me = MembershipFactory(team=ward, role=Role.SERVICE_USER)
    response = _signed_in(me).get(_address(name, route, me), follow=True)
    assert response.status_code == 200, name
    _assert_plain(name, response.content.decode())


@pytest.mark.parametrize(
    "address",
    ["login", "join", "password_forgotten", "password_with_code"],
)
def test_the_pages_before_signing_in_are_plain(db, address):
    _assert_plain(address, Client().get(reverse(address)).content.decode())


def test_joining_with_a_code_is_plain(db):
    code = JoinCodeFactory(team=TeamFactory(slug="willow-ward"), role=Role.SERVICE_USER)
    client = Client()
    response = client.post(reverse("join"), {"code": code.code}, follow=True)
    assert response.status_code == 200
    _assert_plain("join: about you", response.content.decode())


def test_every_statement_in_the_shared_library_is_plain(db):
    library = Statement.objects.filter(team__isnull=True).select_related("current_version")
    assert library.exists()
    hard = {s.key: round(reading_ease(s.text)) for s in library if reading_ease(s.text) < PLAIN_ENGLISH}
    assert hard == {}


@pytest.mark.parametrize(
    ("key", "term"), [("peer-workers", "Peer worker"), ("paid-roles", "Lived experience")]
)
def test_terms_that_must_stay_are_explained_beside_the_statement(db, client_for, key, term):
    ward = TeamFactory(slug="willow-ward")
    me = MembershipFactory(team=ward, role=Role.SERVICE_USER)
    round_ = BenchmarkRoundFactory(cycle=CycleFactory(team=ward))
    in_use = Statement.objects.in_use_by(ward).in_theme_order()
    n = [s.key for s in in_use].index(key) + 1
    page = client_for(me).get(reverse("trip:round_step", kwargs={"team": ward.slug, "pk": round_.pk, "n": n}))
    text = main_text(page.content.decode())
    assert f"{term}:" in text
    assert terms_in(term)[0].meaning in text
