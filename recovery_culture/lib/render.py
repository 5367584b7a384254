"""Rendering a page, or one fragment of it for htmx.

A page's template names its fragments as Jinja blocks; an htmx request asks for one and gets the
same markup the full page would hold (jinja2-fragments renders just that block)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import engines
from django.template.backends.utils import csrf_input_lazy, csrf_token_lazy
from django.utils.cache import patch_vary_headers
from jinja2_fragments import render_block


def render_fragment(request: HttpRequest, template_name: str, block: str, context: dict) -> str:
    """The block `block` of `template_name`, with the context Django's Jinja2 backend gives pages."""
    engine = engines["jinja2"]
    full = dict(context)
    full["request"] = request
    full["csrf_input"] = csrf_input_lazy(request)
    full["csrf_token"] = csrf_token_lazy(request)
    for processor in engine.template_context_processors:
        full.update(processor(request))
    return render_block(engine.env, template_name, block, full)


def render_page(
    request: HttpRequest,
    template_name: str,
    context: dict | None = None,
    *,
    fragment: str | None = None,
    status: int = 200,
) -> HttpResponse:
    """The whole page, or only `fragment` when htmx asked for it."""
    context = context or {}
    # A boosted link or a history restore wants the whole page, not a fragment.
    htmx = request.htmx
    if fragment and htmx and not htmx.boosted and not htmx.history_restore_request:
        response = HttpResponse(render_fragment(request, template_name, fragment, context), status=status)
    else:
        response = render(request, template_name, context, status=status)
    if fragment:
        # The same address gives the whole page or only a fragment: caches must tell them apart.
        patch_vary_headers(response, ["HX-Request"])
    return response
