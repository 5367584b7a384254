"""Every address the app prints (on a page, a poster, a QR code, an email) starts from one
setting, SITE_URL, so none can point somewhere else: the web process and the Celery worker
print the same links, and `make run PORT=…` sets it to the port the app is on."""

from django.conf import settings
from django.utils.http import urlencode


def site_url() -> str:
    return settings.SITE_URL.rstrip("/")


def absolute_url(path: str, **query: str) -> str:
    """`path` (from reverse()) as an address to open from anywhere, with `query` if given."""
    address = f"{site_url()}{path}"
    return f"{address}?{urlencode(query)}" if query else address
