"""Parts of a team's pages that many read and few change, kept in the cache under the team's version.

Every write to a team's data comes through the access gate (a POST to one of its pages), or is
one of the few from outside its pages: joining, a feedback card's answer, a new name and an
erasure (in each of the person's teams). Each gives the team a new version (`team_cache_forget`),
and what was kept under the old one is never read again. The version is a random token, not a
counter, so a version the cache dropped cannot come back and find old parts. Anything that
changes a team's data another way (the admin site, the shared statement library) shows within
KEEP_FOR (docs/adr/0010-kept-page-parts.md).
"""

import hashlib
import uuid
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.conf import settings
from django.core import checks
from django.core.cache import cache
from django.db import transaction

# The longest a kept part may lag a change made outside the team's own pages, in seconds.
KEEP_FOR = 10 * 60

T = TypeVar("T")


def _version_key(team_id: int) -> str:
    return f"team-version:{team_id}"


def _versions(team_ids: list[int]) -> list[str]:
    """The teams' versions, in one round trip once they exist; a team without one gets one."""
    keys = [_version_key(team_id) for team_id in team_ids]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            # add() rather than set(): two first readers at once agree on one version.
            cache.add(key, uuid.uuid4().hex, timeout=None)
            found[key] = cache.get(key)
    return [found[key] for key in keys]


def team_cache_forget(team_ids: Iterable[int]) -> None:
    """Give these teams new versions now, and again once the current transaction commits: a page
    drawn in between, from data read before the commit, is kept under a version nobody reads."""
    keys = [_version_key(team_id) for team_id in set(team_ids)]

    def forget() -> None:
        cache.set_many({key: uuid.uuid4().hex for key in keys}, timeout=None)

    forget()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(forget)


def team_cache_get_or_make(team_id: int, name: str, parts: Iterable, make: Callable[[], T]) -> T:
    """What `make()` returns, kept under the team's version, `name` and `parts` (whatever else
    the result depends on: the reader's role, today's date)."""
    return teams_cache_get_or_make([team_id], name, parts, make)


def teams_cache_get_or_make(team_ids: Iterable[int], name: str, parts: Iterable, make: Callable[[], T]) -> T:
    """The same for a part drawn from several teams' data: a change to any of them forgets it."""
    team_ids = sorted(team_ids)
    versions = ",".join(
        f"{team_id}.{version}" for team_id, version in zip(team_ids, _versions(team_ids), strict=True)
    )
    # Hashed: a manager of many teams would otherwise make a key longer than the 250 characters
    # Django's caches accept without a warning.
    teams = hashlib.sha256(versions.encode()).hexdigest()
    key = ":".join(["kept", name, teams, *map(str, parts)])
    value = cache.get(key)
    if value is None:
        value = make()
        cache.set(key, value, KEEP_FOR)
    return value


def shared_cache_check(**kwargs) -> list[checks.CheckMessage]:
    """`manage.py check --deploy`: kept parts (and rate limits) need a cache every process shares.
    In one process's memory, another process would go on showing what a change replaced."""
    if settings.CACHES["default"]["BACKEND"].endswith("LocMemCache"):
        return [
            checks.Warning(
                "The cache is in each process's memory, so processes do not share kept page parts"
                " or rate limits.",
                hint="Set REDIS_URL, or run a single process.",
                id="teams.W001",
            )
        ]
    return []
