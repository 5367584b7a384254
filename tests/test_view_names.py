"""A view is named as its URL is: whoever reads `url("teams:join_code")` in a template finds
`def join_code` in teams/views.py, and the other way round. Class-based views (sign-in, sign-out,
Django's admin) are named by their class and left out."""

import inspect

from django.urls import URLPattern, URLResolver, get_resolver

OURS = ("teams", "successes", "trip", "supervision", "dashboards", "conversations", "recovery_culture")


def _named_views(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _named_views(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", inspect.unwrap(entry.callback)


def test_every_function_view_has_its_url_name():
    wrong = [
        f"{name} is served by {view.__module__}.{view.__name__}"
        for name, view in _named_views(get_resolver().url_patterns)
        if view.__module__.split(".")[0] in OURS
        and not hasattr(view, "view_class")
        and view.__name__ != name.rsplit(":", 1)[-1]
    ]
    assert not wrong, "Name each view as its URL: " + "; ".join(wrong)
