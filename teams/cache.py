"""Parts of a team's pages that many read and few change, kept in the cache under the team's version.

Every write to a team's data comes through the access gate (a POST to one of its pages), through
joining, or through an erasure: each of those gives the team a new version once its transaction
commits, and what was kept under the old one is never read again. The version is a random token,
not a counter, so a version the cache dropped cannot come back and find old parts. Anything that
changes a team's data another way (the admin site, the shared statement library) shows within
KEEP_FOR (docs/adr/0010-kept-page-parts.md).
"""

import uuid
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction

# The longest a kept part may lag a change made outside the team's own pages, in seconds.
KEEP_FOR = 10 * 60

T = TypeVar("T")


def _version_key(team_id: int) -> str:
    return f"team-version:{team_id}"


def team_version(team_id: int) -> str:
    key = _version_key(team_id)
    version = cache.get(key)
    if version is None:
        # add() rather than set(): two first readers at once agree on one version.
        cache.add(key, uuid.uuid4().hex, timeout=None)
        version = cache.get(key)
    return version


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
    key = ":".join(["kept", name, str(team_id), team_version(team_id), *map(str, parts)])
    value = cache.get(key)
    if value is None:
        value = make()
        cache.set(key, value, KEEP_FOR)
    return value
