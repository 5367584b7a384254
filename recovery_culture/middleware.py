"""Project-wide response headers that no single app owns."""

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
