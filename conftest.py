"""The fixed cast every test can call on: one ward with a member in every role, and an outsider
who belongs to a different team."""

import os
import time
import uuid

import pytest
from django.db import connection
from django.test import Client

from recovery_culture.middleware import RENEWED_AT
from teams.models import Membership, Role
from tests.factories import MembershipFactory, TeamFactory, UserFactory


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    # `make test` on a fresh machine runs on SQLite; CI (.ci/run) sets REQUIRE_POSTGRES=1 so these
    # tests can never be skipped there unnoticed.
    if item.get_closest_marker("postgres") is None or connection.vendor == "postgresql":
        return
    reason = f"needs PostgreSQL, and DATABASE_URL points at {connection.vendor}"
    if os.environ.get("REQUIRE_POSTGRES") == "1":
        pytest.fail(f"REQUIRE_POSTGRES=1, but this test {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fresh_cache(settings):
    """An empty cache for each test: rate-limit counters live there (Redis under REDIS_URL). A new
    key prefix rather than `cache.clear()`, which would empty Redis under tests running at the
    same time in other processes."""
    settings.CACHES = {"default": {**settings.CACHES["default"], "KEY_PREFIX": uuid.uuid4().hex}}


@pytest.fixture
def database_sessions(settings):
    """Sessions kept in the database alone, for tests that travel in time: time_machine moves
    Django's clock, not Redis's, where a session's cached copy expires by the real clock
    (teams/tests/test_sign_in.py checks that half)."""
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"


@pytest.fixture
def ward(db):
    return TeamFactory(name="Willow Ward", slug="willow-ward")


def _member(team, role: Role, name: str, **user_fields) -> Membership:
    user = UserFactory(display_name=name, username=name.lower(), **user_fields)
    return MembershipFactory(team=team, user=user, role=role)


@pytest.fixture
def manager(ward):
    return _member(ward, Role.MANAGER, "Maya")


@pytest.fixture
def staff(ward):
    return _member(ward, Role.STAFF, "Sam")


@pytest.fixture
def colleague(ward):
    return _member(ward, Role.STAFF, "Priya")


@pytest.fixture
def service_user(ward):
    # Like many people using the service: no email address, signs in with a sign-in name.
    return _member(ward, Role.SERVICE_USER, "Alex", email="")


@pytest.fixture
def supporter(ward):
    return _member(ward, Role.SUPPORTER, "Jo")


@pytest.fixture
def partner(ward):
    return _member(ward, Role.PARTNER, "Canal Side College")


@pytest.fixture
def outsider(db):
    return _member(TeamFactory(name="Oak Community Team", slug="oak-community"), Role.MANAGER, "Olu")


@pytest.fixture
def client_for():
    """A browser session signed in as the given member's person, who has their team open already
    (so a page's query count is what it is for someone using the app, not a session's first page)."""

    def sign_in(member: Membership) -> Client:
        client = Client()
        client.force_login(member.user, backend="teams.backends.EmailOrUsernameBackend")
        session = client.session
        session.update({"last_team": member.team.slug, RENEWED_AT: int(time.time())})
        session.save()
        return client

    return sign_in
