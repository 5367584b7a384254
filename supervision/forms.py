import datetime as dt

from django import forms
from django.utils import timezone

from supervision.leading import BEHAVIOUR_SLUGS, BEHAVIOURS, COMPONENTS, HOW_OFTEN, Component
from supervision.models import (
    FEEDBACK_COMMENT_LIMIT,
    FEEDBACK_WINDOW_MOST_DAYS,
    NOTE_LIMIT,
    TRY_NEXT_LIMIT,
    WENT_WELL_LIMIT,
    FeedbackCard,
    SharedWith,
    SupervisionSession,
    feedback_window_end,
    session_date_problem,
)
from supervision.questions import QUESTIONS, RATHER_NOT_SAY, SCALE, Question
from supervision.tips import PROMPT_CHOICES, TIP_CHOICES
from teams.models import Membership, normalise_join_code

TOO_LONG = "Please keep this to %(limit_value)d characters or fewer (it has %(show_value)d)."
NOT_A_TIP = "Please choose from the ten tips in the list."
DATE_FORMAT = "Please enter a date, for example 17/05/2026."


class ReflectionForm(forms.Form):
    tips = forms.MultipleChoiceField(
        label="Thinking about that conversation…",
        choices=PROMPT_CHOICES,
        required=False,
        help_text="Tick any you did. There are no wrong answers.",
        error_messages={"invalid_choice": NOT_A_TIP},
    )
    went_well = forms.CharField(
        label="What went well? (optional)",
        max_length=WENT_WELL_LIMIT,
        required=False,
        help_text="One line is plenty. Please leave out anything that could identify the person.",
        error_messages={"max_length": TOO_LONG},
    )

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("tips") and not cleaned.get("went_well", "").strip():
            raise forms.ValidationError("Please tick at least one tip, or say in a line what went well.")
        return cleaned


class SessionForm(forms.Form):
    """A new session: who, when, and which tips to talk about. The person recording it must be
    the supervisor or the supervisee."""

    held_on = forms.DateField(
        label="Date of the session",
        help_text="For example, 17/05/2026.",
        error_messages={"required": "Please enter the date of the session.", "invalid": DATE_FORMAT},
    )
    supervisor = forms.CharField(
        label="Supervisor", error_messages={"required": "Please choose the supervisor."}
    )
    supervisee = forms.CharField(
        label="Person being supervised",
        error_messages={"required": "Please choose the person being supervised."},
    )
    tips = forms.MultipleChoiceField(
        label="Which tips will you talk about?",
        choices=TIP_CHOICES,
        help_text="Choose one or more. You will start with what went well.",
        error_messages={
            "required": "Please choose at least one tip to talk about.",
            "invalid_choice": NOT_A_TIP,
        },
    )

    def __init__(self, *args, member: Membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member
        # Every active staff colleague of the team is a choice; anything else posted gets a kind
        # word in clean() rather than Django's "not a valid choice".
        self.staff = {str(m.pk): m for m in member.team.memberships.staff().select_related("user")}
        people = [("", "Choose someone")] + [(pk, m.name) for pk, m in self.staff.items()]
        for name in ("supervisor", "supervisee"):
            # A plain text field offered as a list (select_field reads `choices`).
            self.fields[name].choices = people

    def clean_held_on(self) -> dt.date:
        held_on = self.cleaned_data["held_on"]
        problem = session_date_problem(held_on, today=timezone.localdate())
        if problem:
            raise forms.ValidationError(problem)
        return held_on

    def _person(self, name: str) -> Membership | None:
        value = self.cleaned_data.get(name)
        if not value:
            return None
        person = self.staff.get(str(value))
        if person is None:
            self.add_error(name, "Please choose a member of staff from this team.")
        return person

    def clean(self):
        cleaned = super().clean()
        supervisor, supervisee = self._person("supervisor"), self._person("supervisee")
        if supervisor and supervisee:
            if supervisor.pk == supervisee.pk:
                self.add_error(
                    "supervisee",
                    "The supervisor and the person being supervised need to be two different people.",
                )
            elif self.member.pk not in (supervisor.pk, supervisee.pk):
                self.add_error(
                    None, "You can only record a session that you take part in, as supervisor or supervisee."
                )
        cleaned["supervisor_member"], cleaned["supervisee_member"] = supervisor, supervisee
        return cleaned


class PreparationForm(forms.ModelForm):
    class Meta:
        model = SupervisionSession
        fields = ["preparation"]
        help_texts = {
            "preparation": "What would you like to talk about? Only you and your supervisor can see this."
        }
        error_messages = {"preparation": {"max_length": TOO_LONG}}


NOTE_FIELDS = (
    ("went_well", "What went well, and why?"),
    ("was_hard", "What was hard?"),
    ("try_next", "What I'll try next"),
)


EMPTY_WRITE_UP = (
    "Write a few words about at least one part of the session, even just what went well, "
    "so you both have a record of it."
)


class SessionNotesForm(forms.Form):
    """The record of a session: three notes for each tip talked about, then the goals agreed."""

    agreed_goals = forms.CharField(
        label="Goals we agreed",
        max_length=NOTE_LIMIT,
        required=False,
        widget=forms.Textarea,
        help_text="One goal a line. They will open your next session together.",
        error_messages={"max_length": TOO_LONG},
    )

    def __init__(self, *args, session: SupervisionSession, tips, **kwargs):
        super().__init__(*args, **kwargs)
        self.tips = tips
        for tip in tips:
            for part, label in NOTE_FIELDS:
                self.fields[f"{tip.tip}-{part}"] = forms.CharField(
                    label=label,
                    max_length=NOTE_LIMIT,
                    required=False,
                    widget=forms.Textarea,
                    initial=getattr(tip, part),
                    error_messages={"max_length": TOO_LONG},
                )
        self.fields["agreed_goals"].initial = session.agreed_goals
        # In the order of the page, the goals last: the error summary leads to the first box.
        self.order_fields([name for name in self.fields if name != "agreed_goals"])

    def clean(self):
        cleaned = super().clean()
        # Every part is optional, but a write-up with nothing in it is no record at all. (The
        # fields strip their text, so spaces alone count as blank.)
        if not self.errors and not any(cleaned.get(name) for name in self.fields):
            raise forms.ValidationError(EMPTY_WRITE_UP)
        return cleaned

    def notes(self) -> dict[str, dict[str, str]]:
        return {
            tip.tip: {part: self.cleaned_data[f"{tip.tip}-{part}"] for part, _ in NOTE_FIELDS}
            for tip in self.tips
        }


class FeedbackRequestForm(forms.Form):
    closes_on = forms.DateField(
        label="Take answers until",
        help_text="For example, 17/05/2026. You will see the results after this day, or when you close it.",
        error_messages={"required": "Please enter the last day to take answers.", "invalid": DATE_FORMAT},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["closes_on"].initial = feedback_window_end()

    def clean_closes_on(self) -> dt.date:
        closes_on = self.cleaned_data["closes_on"]
        today = timezone.localdate()
        latest = today + dt.timedelta(days=FEEDBACK_WINDOW_MOST_DAYS)
        if not today < closes_on <= latest:
            raise forms.ValidationError(
                f"Please choose a day after today and no later than {latest:%d/%m/%Y}: "
                "long enough for people to answer, soon enough for the answers to be useful."
            )
        return closes_on


class FeedbackCardsForm(forms.Form):
    count = forms.IntegerField(
        label="How many cards?",
        min_value=1,
        max_value=30,
        initial=10,
        help_text="One for each person you will ask. You can make more later.",
        error_messages={
            "required": "Please say how many cards to make.",
            "invalid": "Please enter a number of cards, like 10.",
            "min_value": "Please make at least 1 card.",
            "max_value": "Please make 30 cards or fewer at a time.",
        },
    )


class CardCodeForm(forms.Form):
    """The short page for a person who has only the code printed on their card."""

    code = forms.CharField(
        label="The code on your card",
        max_length=20,
        help_text="8 letters and numbers, for example ABCD 3467. Capitals or small letters are both fine.",
        error_messages={"required": "Please type the code from your card."},
    )

    def __init__(self, *args, team_slug: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.team_slug = team_slug

    def clean_code(self) -> FeedbackCard:
        code = normalise_join_code(self.cleaned_data["code"])
        card = FeedbackCard.objects.filter(code=code, request__worker__team__slug=self.team_slug).first()
        if card is None:
            raise forms.ValidationError(
                "We could not find that code. Please check it against your card and try again.",
                code="unknown",
            )
        return card


class FeedbackForm(forms.Form):
    """The questions for a person using the service. Every question needs an answer, and
    "I'd rather not say" is always one of them."""

    comment = forms.CharField(
        label="Anything else you would like to say? (optional)",
        max_length=FEEDBACK_COMMENT_LIMIT,
        required=False,
        widget=forms.Textarea,
        help_text=(
            "It will be shown word for word, mixed in with other people's. "
            "Please do not put your name or anything that could identify you."
        ),
        error_messages={"max_length": TOO_LONG},
    )

    def __init__(self, *args, questions: tuple[Question, ...] = QUESTIONS, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        fields = {
            question.slug: forms.ChoiceField(
                label=question.text,
                choices=SCALE,
                error_messages={
                    "required": f"Please choose an answer to “{question.text}”, or “I'd rather not say”.",
                    "invalid_choice": "Please choose one of the answers in the list.",
                },
            )
            for question in questions
        }
        # The questions come first, the comment last.
        self.fields = {**fields, "comment": self.fields["comment"]}

    def scores(self) -> dict[str, int]:
        return {
            question.slug: int(self.cleaned_data[question.slug])
            for question in self.questions
            if self.cleaned_data[question.slug] != RATHER_NOT_SAY
        }


class LeadershipReflectionForm(forms.Form):
    """This month I…: how often, for each behaviour of the four parts of leadership."""

    note = forms.CharField(
        label="Anything you noticed this month? (optional)",
        max_length=NOTE_LIMIT,
        required=False,
        widget=forms.Textarea,
        error_messages={"max_length": TOO_LONG},
    )
    try_next = forms.CharField(
        label="One thing to try next month (optional)",
        max_length=TRY_NEXT_LIMIT,
        required=False,
        help_text="For example: ask for ideas at handover before giving mine.",
        error_messages={"max_length": TOO_LONG},
    )
    bring_to_supervision = forms.BooleanField(
        label="Bring this to my own supervision as a goal", required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        how_often = {
            behaviour.slug: forms.ChoiceField(
                label=f"This month I {behaviour.text}.",
                choices=HOW_OFTEN,
                error_messages={
                    "required": f"Please say how often: \u201cThis month I {behaviour.text}\u201d.",
                    "invalid_choice": "Please choose one of the answers in the list.",
                },
            )
            for behaviour in BEHAVIOURS
        }
        self.fields = {**how_often, **self.fields}

    def how_often(self) -> dict[str, int]:
        return {slug: int(self.cleaned_data[slug]) for slug in BEHAVIOUR_SLUGS}

    def components(self) -> list[tuple[Component, list[forms.BoundField]]]:
        """The behaviour fields grouped under their part of leadership, for one fieldset each."""
        return [(c, [self[b.slug] for b in c.behaviours]) for c in COMPONENTS]


class ShareResultsForm(forms.Form):
    shared_with = forms.ChoiceField(
        label="Who can see these results?",
        choices=SharedWith.choices,
        error_messages={"required": "Please choose who can see the results."},
    )
