"""The forms of the monthly story report: which month and stories, and the email on the 1st."""

import datetime as dt

from django import forms

from dashboards import queries
from recovery_culture.lib import dates
from successes.models import Success
from teams.models import Team


class StoryChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Success) -> str:
        return f"{dates.format_day(obj.created_at)}: {obj.text}"


CHOOSE_MONTH = "Choose one of the last 12 months from the list."
NOT_A_SNIPPET = "One of the stories you chose is not a snippet from that month. Please choose again."


class StoryReportForm(forms.Form):
    """Which month, and which of its snippets: all of them to start with, since their authors
    already chose to share them beyond the team."""

    month = forms.TypedChoiceField(
        label="Month",
        coerce=dt.date.fromisoformat,
        empty_value=None,
        error_messages={"required": CHOOSE_MONTH, "invalid_choice": CHOOSE_MONTH},
    )
    story = StoryChoice(
        label="Stories to put beside the numbers",
        queryset=Success.objects.none(),
        required=False,
        help_text="Little miracles their authors shared as snippets in the month.",
        error_messages={"invalid_choice": NOT_A_SNIPPET, "invalid_pk_value": NOT_A_SNIPPET},
    )
    # The second step after a warning: a report with numbers only is fine, but never by accident.
    without_stories = forms.BooleanField(required=False)

    def __init__(self, team: Team, data=None, *, today: dt.date, month: str | None = None):
        months = dates.month_days(today)
        choices = [(m.isoformat(), f"{m:%B %Y}") for m in months]
        # The stories offered, and accepted, are the chosen month's (this month until one is chosen).
        asked = data.get("month") if data is not None else month
        self.chosen_month = dt.date.fromisoformat(asked) if asked in dict(choices) else months[0]
        self.snippets = list(queries.month_snippets(team, self.chosen_month))
        super().__init__(
            data,
            initial={"month": self.chosen_month.isoformat(), "story": [s.pk for s in self.snippets]},
        )
        self.fields["month"].choices = choices
        self.fields["story"].queryset = queries.month_snippets(team, self.chosen_month)

    @property
    def needs_stories_confirmed(self) -> bool:
        """Valid, but with no story chosen and nobody yet saying that is what they want."""
        data = self.cleaned_data
        return not data["story"] and not data["without_stories"]


class MonthlyReportEmailForm(forms.Form):
    """Managers only, from their settings page: the monthly story report by email."""

    monthly_report = forms.BooleanField(label="Email me the monthly story report", required=False)
