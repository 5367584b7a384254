"""Where a person lands after joining: somewhere with something for them to do.

What there is to do lives in the feature apps (an open rating round, a priority they co-lead),
but `teams` sits below them and may not import them (docs/adr/0004-layers-one-direction.md).
So the feature apps register a function here from their `AppConfig.ready()`, and `teams` asks
them in turn without knowing who they are.
"""

from collections.abc import Callable

from teams.models import Membership

NextStep = Callable[[Membership], str | None]

_finders: list[NextStep] = []


def register(finder: NextStep) -> None:
    """Add `finder`: given a member, the address of something for them to do, or None."""
    if finder not in _finders:
        _finders.append(finder)


def next_step_for(member: Membership) -> str | None:
    """The first registered app's answer for `member`, or None if no app has anything."""
    for finder in _finders:
        if url := finder(member):
            return url
    return None


def landing_url(member: Membership) -> str:
    """Where `member` goes after joining: something to do, otherwise their usual start page."""
    return next_step_for(member) or member.start_url
