"""Text inputs, checkboxes, radios, textareas and selects (templates/_forms.jinja), buttons and
tags are written out in plain markup rather than built by the NHS.UK macros, which cost a macro
call and an import per option. They must stay exactly what the design system's macros make from
the same field: same classes, ids, hints, errors, ticks and what the person typed."""

import re

import pytest
from django import forms
from django.template import engines

# What _forms.jinja did before: each field handed to the NHS.UK macro.
NHS = """
{% macro nhs_text(field, hint=None, type="text", autocomplete=None, classes=None, attributes={}) %}
  {{ input({
    "label": {"text": field.label},
    "hint": {"text": hint or field.help_text} if (hint or field.help_text) else undefined,
    "id": field.id_for_label,
    "name": field.html_name,
    "type": type,
    "value": field.value() if field.value() is not none else "",
    "autocomplete": autocomplete,
    "classes": classes,
    "errorMessage": {"text": field.errors[0]} if field.errors else undefined,
    "attributes": attributes,
  }) }}
{% endmacro %}
{% macro nhs_checkboxes(field, legend=None, hint=None, small=False) %}
  {% set selected = (field.value() or []) | map("string") | list %}
  {% set ns = namespace(items=[]) %}
  {% for value, text in field.field.choices %}
    {% set ns.items = ns.items + [{"value": value, "text": text, "checked": (value | string) in selected}] %}
  {% endfor %}
  {{ checkboxes({
    "idPrefix": field.id_for_label,
    "name": field.html_name,
    "classes": "nhsuk-checkboxes--small" if small else undefined,
    "fieldset": {"legend": {"text": legend or field.label, "size": "s"}},
    "hint": {"text": hint or field.help_text} if (hint or field.help_text) else undefined,
    "items": ns.items,
    "errorMessage": {"text": field.errors[0]} if field.errors else undefined,
  }) }}
{% endmacro %}
{% macro nhs_radios(field, legend=None, hint=None, inline=False, small=False) %}
  {% set current = field.value() | string %}
  {% set ns = namespace(items=[]) %}
  {% for value, text in field.field.choices if value != "" %}
    {% set ns.items = ns.items + [{"value": value, "text": text, "checked": (value | string) == current}] %}
  {% endfor %}
  {{ radios({
    "idPrefix": field.id_for_label,
    "name": field.html_name,
    "classes": ("nhsuk-radios--inline" if inline else "") ~ (" nhsuk-radios--small" if small else ""),
    "fieldset": {"legend": {"text": legend or field.label, "size": "s"}},
    "hint": {"text": hint or field.help_text} if (hint or field.help_text) else undefined,
    "items": ns.items,
    "errorMessage": {"text": field.errors[0]} if field.errors else undefined,
  }) }}
{% endmacro %}
{% macro nhs_textarea(field, hint=None, rows=3, label_classes=None, attributes={}) %}
  {{ characterCount({
    "label": {"text": field.label, "classes": label_classes},
    "hint": {"text": hint or field.help_text} if (hint or field.help_text) else undefined,
    "id": field.id_for_label,
    "name": field.html_name,
    "rows": rows,
    "value": field.value() or "",
    "maxlength": field.field.max_length,
    "errorMessage": {"text": field.errors[0]} if field.errors else undefined,
    "attributes": attributes,
  }) }}
{% endmacro %}
{% macro nhs_select(field, hint=None) %}
  {% set current = field.value() | string %}
  {% set ns = namespace(items=[]) %}
  {% for value, text in field.field.choices %}
    {% set ns.items = ns.items + [{"value": value, "text": text, "selected": (value | string) == current}] %}
  {% endfor %}
  {{ select({
    "label": {"text": field.label},
    "hint": {"text": hint or field.help_text} if (hint or field.help_text) else undefined,
    "id": field.id_for_label,
    "name": field.html_name,
    "items": ns.items,
    "errorMessage": {"text": field.errors[0]} if field.errors else undefined,
  }) }}
{% endmacro %}
"""


class Choosing(forms.Form):
    helpers = forms.MultipleChoiceField(
        label="Who helped?", choices=[("1", "Sam & Jo"), ("2", "<Alex>"), ("3", "Kim")], required=False
    )
    tips = forms.MultipleChoiceField(
        choices=[("a", "Listen"), ("b", "Hope")], help_text="Choose any that fit.", required=True
    )
    shift = forms.ChoiceField(choices=[("", "Choose"), ("early", "Early"), ("late", "Late")])
    story = forms.CharField(label="What went <well>?", max_length=500, widget=forms.Textarea)
    note = forms.CharField(required=False, help_text="Only if you want to.", widget=forms.Textarea)
    recipient = forms.ChoiceField(label="Who to", choices=[("", "Choose someone"), ("7", "Sam & Jo")])
    stars = forms.TypedChoiceField(choices=[(1, "1 star"), (2, "2 stars")], coerce=int, required=False)
    name = forms.CharField(label="Your <name>", max_length=20)
    held_on = forms.DateField(required=False, help_text="The day & month.")


def _tags(html: str) -> str:
    """The markup without the spaces a browser ignores: between tags, and around a label's text
    inside its tags."""
    html = re.sub(r"\s+", " ", re.sub(r">\s+|\s+<", lambda m: m.group().strip(), html)).strip()
    return html.replace('class=" ', 'class="').replace("  ", " ")


CALLS = [
    ('text_field(form["name"])', "nhs_text"),
    (
        'text_field(form["name"], autocomplete="name", classes="nhsuk-input--width-10",'
        ' attributes={"autocapitalize": "none", "spellcheck": "false"})',
        "nhs_text",
    ),
    ('text_field(form["held_on"], type="date", classes="nhsuk-input--width-10")', "nhs_text"),
    (
        'text_field(form["held_on"], type="search", hint="A <word>.",'
        ' attributes={"hx-get": "/find/?a=1&b=2"})',
        "nhs_text",
    ),
    ('checkboxes_field(form["helpers"], legend="Who helped?", small=True)', "nhs_checkboxes"),
    ('checkboxes_field(form["tips"], hint="Pick <any>.")', "nhs_checkboxes"),
    ('radios_field(form["shift"], legend="Shift", inline=True, small=True)', "nhs_radios"),
    ('radios_field(form["shift"], hint="When you worked.")', "nhs_radios"),
    ('radios_field(form["stars"], small=True)', "nhs_radios"),
    (
        'textarea_field(form["story"], hint="Say <why>.", rows=4, label_classes="nhsuk-label--m")',
        "nhs_textarea",
    ),
    ('textarea_field(form["note"], attributes={"hx-post": "/lens/", "data-x": "1"})', "nhs_textarea"),
    ('select_field(form["recipient"])', "nhs_select"),
    ('select_field(form["recipient"], hint="Anyone in the team.")', "nhs_select"),
]


@pytest.mark.parametrize(
    "data",
    [
        None,
        {},
        {
            "helpers": ["1", "3"],
            "tips": ["b"],
            "shift": "late",
            "stars": "2",
            "story": "A & B",
            "recipient": "7",
            "name": 'Sam & "Jo" <b>',
            "held_on": "not a day",
        },
    ],
)
@pytest.mark.parametrize(("call", "reference"), CALLS)
def test_our_choices_are_the_nhs_components_markup(call, reference, data):
    form = Choosing(data)
    if data is not None:
        form.is_valid()  # a posted form: errors shown beside the fields, and what was ticked kept
    env = engines["jinja2"].env
    ours = env.from_string("{{ " + call + " }}").render(form=form)
    theirs = env.from_string(NHS + "{{ " + call.replace(call.split("(")[0], reference, 1) + " }}").render(
        form=form
    )
    assert _tags(ours) == _tags(theirs)


def test_a_posted_form_keeps_its_ticks_and_shows_its_error():
    form = Choosing({"helpers": ["1", "3"], "shift": "late"})
    assert not form.is_valid()
    html = (
        engines["jinja2"]
        .env.from_string('{{ checkboxes_field(form["helpers"]) }}{{ checkboxes_field(form["tips"]) }}')
        .render(form=form)
    )
    assert html.count(" checked") == 2
    assert 'value="2">' in html and "&lt;Alex&gt;" in html
    assert 'aria-describedby="id_tips-hint id_tips-error"' in html
    assert '<span class="nhsuk-u-visually-hidden">Error: </span>This field is required.' in html


@pytest.mark.parametrize(
    "params",
    [
        {"text": "Snippet", "colour": "blue", "classes": "app-miracle__tag"},
        {"text": "Team records only", "colour": "grey"},
        {"text": "Done & <dusted>"},
        {"html": "<span>Open</span> now", "colour": "green"},
    ],
)
def test_our_tag_is_the_nhs_tag(params):
    env = engines["jinja2"].env
    theirs = env.from_string('{% from "nhsuk/components/tag/macro.jinja" import tag %}{{ tag(p) }}')
    assert _tags(env.globals["tag"](params)) == _tags(theirs.render(p=params))


@pytest.mark.parametrize(
    "params",
    [
        {"text": "Save"},
        {"text": "Save & go on", "variant": "secondary"},
        {"text": "Hide", "variant": "secondary", "small": True},
        {
            "html": 'Hide <span class="nhsuk-u-visually-hidden">this story</span>',
            "variant": "secondary",
            "small": True,
        },
        {"text": "Close this round", "variant": "warning", "preventDoubleClick": True},
        {"text": "Send", "classes": "app-send"},
        {"text": "Show", "classes": "nhsuk-button--secondary"},
        {"text": "Switch back on", "classes": "nhsuk-button--small", "variant": "secondary", "small": True},
        {"text": "Back", "name": "go", "value": "back", "variant": "secondary"},
        {"text": "Keep", "attributes": {"form": "letter-form", "formaction": "/keep/?a=1&b=2"}},
        {"text": "Add a priority", "href": "/t/oak/trip/1/priorities/new/", "variant": "secondary"},
        {"text": "Download", "href": "/report.pdf", "preventDoubleClick": False},
        {"text": "Drop", "variant": None, "preventDoubleClick": True},
    ],
)
def test_our_button_is_the_nhs_button(params):
    env = engines["jinja2"].env
    theirs = env.from_string('{% from "nhsuk/components/button/macro.jinja" import button %}{{ button(p) }}')
    assert _tags(env.globals["button"](params)) == _tags(theirs.render(p=params))


@pytest.mark.parametrize(
    "params",
    [
        {
            "id": "weeks",
            "caption": {"text": "Little miracles & thank-yous per week", "size": "s"},
            "head": ["Week beginning", {"text": "Little miracles", "format": "numeric"}],
            "rows": [["1 December 2026", "3"], ["8 December 2026", {"text": "4", "format": "numeric"}]],
        },
        {
            "id": "themes-table",
            "classes": "trip-results",
            "caption": {"text": "By theme", "size": "s"},
            "firstCellIsHeader": True,
            "head": ["Theme", "Average (out of 5)", "Answers"],
            "rows": [["Hope <and> control", "3.4", "120"], ["Peer support", "2.0", "80"]],
        },
        {
            "caption": {"text": "How often", "classes": "nhsuk-u-visually-hidden"},
            "head": [{"text": "Statement"}, {"text": "Average", "format": "numeric"}],
            "rows": [[{"text": "We listen"}, {"text": "Too few answers to show", "format": "numeric"}]],
        },
        {"rows": [["no head", "no caption"]]},
        {
            "caption": "A plain caption",
            "captionSize": "m",
            "responsive": True,
            "head": ["Name"],
            "rows": [["Sam"]],
        },
    ],
)
def test_our_table_is_the_nhs_table(params):
    env = engines["jinja2"].env
    theirs = env.from_string('{% from "nhsuk/components/tables/macro.jinja" import table %}{{ table(p) }}')
    assert _tags(env.globals["table"](params)) == _tags(theirs.render(p=params))
