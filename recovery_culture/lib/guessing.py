"""A pause for someone who keeps typing codes that do not exist: join codes, password reset
codes, feedback cards. The codes are long enough that guessing one is hopeless; the pause makes
sure of it. Counted per browser address (lib/client_ip.py) in the shared cache, so every web
worker sees the same count."""

import math

from django.http import HttpRequest
from django_ratelimit.core import get_usage

WRONG_CODES = "10/15m"


def wrong_code_pause(request: HttpRequest, kind: str, *, count: bool = False) -> int:
    """Minutes this address must wait before trying another `kind` of code; 0 when it may try.
    With `count`, this try was a wrong code and is counted first."""
    usage = get_usage(request, group=f"wrong-{kind}", key="ip", rate=WRONG_CODES, increment=count)
    if not usage or not usage["should_limit"]:
        return 0
    return max(1, math.ceil(usage["time_left"] / 60))
