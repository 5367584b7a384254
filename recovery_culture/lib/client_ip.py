"""The address of the person's browser, for rate limits and sign-in lockouts.

Behind a proxy every request seems to come from the proxy, so one person's slips would lock out a
whole trust. Each trusted proxy appends the address it was called from to X-Forwarded-For, so the
browser's address is the TRUSTED_PROXY_COUNT-th entry from the right; anything further left was
sent by the browser itself and could be forged. Used by django-axes and django-ratelimit alike
(settings.py), so both count the same person."""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    trusted = settings.TRUSTED_PROXY_COUNT
    if trusted:
        forwarded = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [hop for hop in forwarded if hop]
        # Fewer entries than proxies means a request that did not come through them all: fall
        # back to the connecting address rather than trust what the sender wrote.
        if len(forwarded) >= trusted:
            return forwarded[-trusted]
    return request.META.get("REMOTE_ADDR", "")
