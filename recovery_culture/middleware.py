"""Project-wide middleware that no single app owns: response headers, and the session's renewal."""

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


def private_by_default(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable:
    """Nothing the app serves may be kept by a browser or a proxy: its pages hold a team's stories,
    supervision, reflections and feedback, often on a shared ward computer whose next user could
    press Back. Static files are served before this (whitenoise) and keep their long cache."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response

    return middleware


# How often a signed-in person's session is written back to extend its 30 idle minutes.
SESSION_RENEWAL_SECONDS = 60
RENEWED_AT = "_renewed_at"


def renew_session_now_and_then(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable:
    """Keep a session alive while it is used, writing it at most once a minute. Saving it on every
    request (SESSION_SAVE_EVERY_REQUEST) cost three of the five queries of a typical page; an idle
    session still ends within SESSION_COOKIE_AGE of the last request, give or take this minute."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        session, now = request.session, int(time.time())
        # Stamped whenever the session is saved anyway, so the next minute's pages write nothing.
        if not session.is_empty() and (
            session.modified or now - session.get(RENEWED_AT, 0) >= SESSION_RENEWAL_SECONDS
        ):
            session[RENEWED_AT] = now  # marks it modified: SessionMiddleware saves it with a new expiry
        return response

    return middleware
