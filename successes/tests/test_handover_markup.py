"""The handover form's "who helped" and "who sees it" parts are written out in the design system's
markup (templates/successes/_success.jinja) rather than through its details and checkboxes macros,
which took most of the handover page's time. They must stay what those macros made."""

import re

import pytest
from django.template import engines

from successes.forms import SuccessForm
from tests.factories import MembershipFactory

# success_fields as it was, through the NHS.UK macros.
NHS = """
{% macro nhs_success_fields(form, member) %}
  {{ textarea_field(form["text"], hint=form.HINT, rows=4, label_classes="nhsuk-label--m") }}
  {# The hints sit right under the words they are about, in view while typing on a phone. #}
  {{ language_lens(form["text"], member) }}
  {% set helpers = form["helpers"] %}
  {% set named = (helpers.value() or []) | list %}
  {% set helpers_html %}
    {% if helpers.field.choices %}
      {{ checkboxes_field(helpers, legend="Who helped?", small=True) }}
    {% else %}
      <p>When colleagues join the team, you can name them here.</p>
    {% endif %}
  {% endset %}
  {{ details({
    "summary": {"text": "Name who helped (optional)"},
    "html": helpers_html,
    "open": helpers.errors or named,
    "classes": "app-helpers",
  }) }}
  {{ checkboxes({
    "idPrefix": form["on_wall"].id_for_label,
    "name": "on_wall",
    "classes": "nhsuk-checkboxes--small",
    "fieldset": {"legend": {"text": "Who sees it", "size": "s"}},
    "items": [
      {
        "id": form["on_wall"].id_for_label,
        "name": form["on_wall"].html_name,
        "value": "true",
        "text": "Show on the wall",
        "hint": {"text": "Untick to keep it only in the team's records."},
        "checked": true if form["on_wall"].value() else false,
      },
      {
        "id": form["share_beyond_team"].id_for_label,
        "name": form["share_beyond_team"].html_name,
        "value": "true",
        "text": "Share as a snippet for managers and newsletters",
        "hint": {"text": "A short story that can be told beyond the team, with no one identifiable."},
        "checked": true if form["share_beyond_team"].value() else false,
      },
    ],
  }) }}
{% endmacro %}
"""


def _tags(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", html)).strip()


def _both(form, member) -> tuple[str, str]:
    env = engines["jinja2"].env
    ours = env.from_string(
        '{% from "successes/_success.jinja" import success_fields %}{{ success_fields(form, member) }}'
    )
    theirs = env.from_string(NHS + "{{ nhs_success_fields(form, member) }}")
    return ours.render(form=form, member=member), theirs.render(form=form, member=member)


@pytest.mark.django_db
def test_a_fresh_form_is_the_nhs_markup(staff, colleague):
    ours, theirs = _both(SuccessForm(author=staff, initial={"shift": "early"}), staff)
    assert colleague.name in ours and " open" not in ours.split("</summary>")[0]
    assert _tags(ours) == _tags(theirs)


@pytest.mark.django_db
def test_a_posted_form_keeps_its_ticks_and_its_errors(staff, colleague):
    form = SuccessForm(
        {"shift": "early", "text": "", "helpers": [str(colleague.pk)], "share_beyond_team": "true"},
        author=staff,
    )
    assert not form.is_valid()
    ours, theirs = _both(form, staff)
    assert '<details class="nhsuk-details app-helpers" open>' in ours
    assert ours.count(" checked") == 2  # the colleague named, and "share as a snippet"
    assert _tags(ours) == _tags(theirs)


@pytest.mark.django_db
def test_a_team_of_one_is_told_colleagues_can_be_named_later(staff):
    lone = MembershipFactory(role=staff.role)
    ours, theirs = _both(SuccessForm(author=lone, initial={"shift": "early"}), lone)
    assert "When colleagues join the team, you can name them here." in ours
    assert _tags(ours) == _tags(theirs)
