"""Small helpers every app's views share."""

from django.http import HttpRequest, QueryDict
from django.views.decorators.http import require_http_methods

GET_OR_POST = require_http_methods(["GET", "POST"])


def posted(request: HttpRequest) -> QueryDict | None:
    """The form data of a POST; None on GET, so a form starts empty rather than full of errors.

    Not `request.POST or None`: an empty POST must still be checked, and answered with errors."""
    return request.POST if request.method == "POST" else None
