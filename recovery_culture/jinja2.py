"""The Jinja2 environment for our pages: our templates first, then NHS England's Jinja port of the
NHS.UK design-system components (`nhsuk-frontend-jinja`), which needs ChainableUndefined."""

from functools import cache, partial

from django.contrib.messages import get_messages
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.backends.utils import csrf_input
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.safestring import SafeString
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, PackageLoader, select_autoescape
from jinja2_fragments import setup_globals

from recovery_culture.lib import dates
from recovery_culture.lib.glossary import terms_in
from recovery_culture.lib.layout import navigation
from recovery_culture.lib.links import absolute_url

# NHS.UK components (and our form-field helpers) as globals, so that a template's htmx fragment,
# rendered alone without the template's top-level imports, can still call them.
COMPONENTS = {
    "actionLink": "action-link",
    "backLink": "back-link",
    "button": "button",
    "card": "card",
    "characterCount": "character-count",
    "checkboxes": "checkboxes",
    "details": "details",
    "errorSummary": "error-summary",
    "insetText": "inset-text",
    "input": "input",
    "notificationBanner": "notification-banner",
    "pagination": "pagination",
    "panel": "panel",
    "passwordInput": "password-input",
    "radios": "radios",
    "select": "select",
    "summaryList": "summary-list",
    "tag": "tag",
    "textarea": "textarea",
    "warningCallout": "warning-callout",
}
FORM_HELPERS = (
    "error_summary",
    "text_field",
    "textarea_field",
    "checkboxes_field",
    "radios_field",
    "select_field",
    "password_field",
)


def csrf_once(request: HttpRequest) -> dict:
    """The CSRF field and token for a page, each masked once for the whole page, as Django's own
    template language does: Django's Jinja2 backend masks them anew at every use, which was 62
    times on a rating round's page. Still lazy, so a page without a form sets no CSRF cookie."""
    field, token = cache(partial(csrf_input, request)), cache(partial(get_token, request))
    return {"csrf_input": _lazy_markup(field), "csrf_token": _lazy_text(token)}


# Each made once: lazy() defines a class every time it is called.
_lazy_markup = lazy(lambda make: make(), SafeString, str)
_lazy_text = lazy(lambda make: make(), str)


def url(name: str, *args, **kwargs) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def environment(**options) -> Environment:
    options["loader"] = ChoiceLoader([options["loader"], PackageLoader("nhsuk_frontend_jinja")])
    options["undefined"] = ChainableUndefined
    # Escape everything but plain-text templates (email bodies and subjects), where "&amp;" would
    # be shown to the reader as it is.
    options["autoescape"] = select_autoescape(
        disabled_extensions=("txt",), default=True, default_for_string=True
    )
    options["trim_blocks"] = True
    options["lstrip_blocks"] = True
    env = Environment(**options)  # noqa: S701 (autoescape is chosen just above)
    env.globals.update(
        static=static,
        url=url,
        absolute_url=absolute_url,
        get_messages=get_messages,
        now=timezone.localtime,
        terms_in=terms_in,
        navigation=navigation,
    )
    env.filters.update(
        localtime=timezone.localtime,
        day=dates.format_day,
        time=dates.format_time,
        week_label=dates.format_week,
    )
    setup_globals(env)
    for macro, folder in COMPONENTS.items():
        module = env.get_template(f"nhsuk/components/{folder}/macro.jinja").module
        env.globals[macro] = getattr(module, macro)
    # Drawn once per item on walls and rounds: our own copies of the components' markup.
    env.globals["tag"] = env.get_template("_tag.jinja").module.tag
    env.globals["button"] = env.get_template("_button.jinja").module.button
    env.globals["table"] = env.get_template("_table.jinja").module.table
    forms = env.get_template("_forms.jinja").module
    env.globals.update({name: getattr(forms, name) for name in FORM_HELPERS})
    # The language lens, which any app puts under a text field (templates/conversations/_lens.jinja).
    env.globals["language_lens"] = env.get_template("conversations/_lens.jinja").module.language_lens
    env.globals["pdf_status"] = env.get_template("_pdf.jinja").module.pdf_status
    env.globals["explain_terms"] = env.get_template("_glossary.jinja").module.explain_terms
    return env
