from django import forms
from django.utils import timezone

from recovery_culture.lib.dates import format_day
from teams.models import Membership, Team
from trip.models import (
    ACTION_LIMIT,
    COMMENT_LIMIT,
    DESCRIPTION_LIMIT,
    NOTE_LIMIT,
    PRIORITY_TITLE_LIMIT,
    QUESTION_LIMIT,
    STATEMENT_LIMIT,
    UPDATE_LIMIT,
    ActionStatus,
    Asset,
    AssetKind,
    CommunityResource,
    Cycle,
    LeadRole,
    PriorityStatus,
    Score,
    Statement,
    TeamWords,
    Theme,
)

TOO_LONG = "Please keep this to %(limit_value)d characters or fewer (it has %(show_value)d)."
DATE_FORMAT = "Please enter a date, for example 17/05/2026."


class CycleForm(forms.ModelForm):
    class Meta:
        model = Cycle
        fields = ["name", "starts_on", "ends_on"]
        labels = {"name": "Name of this cycle", "ends_on": "End date (if you know it)"}
        help_texts = {"name": "For example, “Spring 2026” or “Our second TRIP”."}
        error_messages = {
            "name": {"required": "Please give this cycle a name.", "max_length": TOO_LONG},
            "starts_on": {"required": "Please enter the date the cycle starts.", "invalid": DATE_FORMAT},
            "ends_on": {"invalid": DATE_FORMAT},
        }

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error(
                "ends_on",
                f"The end date is before the start date. Please choose {format_day(starts_on)} or later.",
            )
        return cleaned


class AssetForm(forms.ModelForm):
    class Meta:
        model = Asset
        fields = ["kind", "title", "description", "visibility"]
        help_texts = {
            "title": "For example, “Gardening”, “Speaks Polish” or “Qualified first aider”.",
            "description": "What could you offer, or share with others? You can leave this empty.",
        }
        error_messages = {
            "kind": {
                "required": "Please choose what kind of thing this is.",
                "invalid_choice": "Please choose one of the kinds in the list.",
            },
            "title": {"required": "Please say what it is, in a few words.", "max_length": TOO_LONG},
            "description": {"max_length": TOO_LONG},
            "visibility": {
                "required": "Please choose who can see this.",
                "invalid_choice": "Please choose one of the options for who can see this.",
            },
        }


class LeadRoleForm(forms.ModelForm):
    class Meta:
        model = LeadRole
        fields = ["title", "offer", "holder"]
        help_texts = {
            "title": "For example, “Family, friends and carers lead” or “Physical health lead”.",
            "offer": "What this person offers to everyone in the team, not only the people they work with.",
        }
        error_messages = {
            "title": {"required": "Please give the role a name.", "max_length": TOO_LONG},
            "offer": {"required": "Please say what the role offers across the team.", "max_length": TOO_LONG},
        }

    def __init__(self, *args, team: Team, **kwargs):
        super().__init__(*args, **kwargs)
        self.team = team
        words = TeamWords(team)
        holder = self.fields["holder"]
        # Anyone ever in the team is accepted here, so that choosing someone who has since left
        # gets a kind word in clean_holder rather than "not a valid choice".
        holder.queryset = Membership.objects.filter(team=team).select_related("user")
        holder.empty_label = "No one yet"
        holder.choices = [("", "No one yet")] + [
            (m.pk, f"{m.name} ({words.beside_name(m.role)})") for m in holder.queryset.active()
        ]
        holder.error_messages["invalid_choice"] = "Please choose someone from the team."

    def clean_title(self) -> str:
        title = self.cleaned_data["title"]
        if self.team.lead_roles.filter(title__iexact=title).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(f"There is already a lead role called “{title}”.")
        return title

    def clean_holder(self) -> Membership | None:
        holder = self.cleaned_data["holder"]
        if holder is not None and not holder.is_active:
            raise forms.ValidationError(
                f"{holder.name} has left the team, so they cannot hold this role. "
                "Please choose someone who is still in the team, or “No one yet”."
            )
        return holder


class CommunityResourceForm(forms.ModelForm):
    class Meta:
        model = CommunityResource
        fields = ["name", "offer", "contact"]
        help_texts = {
            "name": "A college, club, faith group, employer or any place outside mental-health services.",
            "contact": "A website, phone number or address for the place. "
            "Please do not put anyone's personal details here.",
        }
        error_messages = {
            "name": {"required": "Please give the name of the place or group.", "max_length": TOO_LONG},
            "offer": {"required": "Please say what they offer.", "max_length": TOO_LONG},
            "contact": {"max_length": TOO_LONG},
        }

    def __init__(self, *args, team: Team, **kwargs):
        super().__init__(*args, **kwargs)
        self.team = team

    def clean_name(self) -> str:
        name = self.cleaned_data["name"]
        if self.team.community_resources.filter(name__iexact=name).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(f"“{name}” is already on the list. You can rate it there.")
        return name


STAR_CHOICES = [
    (1, "1 star – not good"),
    (2, "2 stars – could be better"),
    (3, "3 stars – OK"),
    (4, "4 stars – good"),
    (5, "5 stars – excellent"),
]


class RatingForm(forms.Form):
    stars = forms.TypedChoiceField(
        label="How many stars would you give it?",
        choices=STAR_CHOICES,
        coerce=int,
        error_messages={
            "required": "Please choose from 1 to 5 stars.",
            "invalid_choice": "Please choose from 1 to 5 stars.",
        },
    )
    comment = forms.CharField(
        label="A few words about it (optional)",
        max_length=COMMENT_LIMIT,
        required=False,
        widget=forms.Textarea,
        help_text="What was it like? Would you recommend it?",
        error_messages={"max_length": TOO_LONG},
    )


class QuestionForm(forms.Form):
    text = forms.CharField(
        label="Your message",
        max_length=QUESTION_LIMIT,
        widget=forms.Textarea,
        help_text="A few words: what you would like to know, or what you could offer. Only they will see it.",
        error_messages={"required": "Please write a few words to send.", "max_length": TOO_LONG},
    )


SHOW_CHOICES = [("people", "By person"), ("list", "As one list")]


class RegisterFilterForm(forms.Form):
    q = forms.CharField(
        label="Search", max_length=100, required=False, error_messages={"max_length": TOO_LONG}
    )
    kind = forms.ChoiceField(
        label="Kind",
        choices=[("", "All kinds")] + AssetKind.choices,
        required=False,
        error_messages={"invalid_choice": "Please choose one of the kinds in the list."},
    )
    show = forms.ChoiceField(label="Show", choices=SHOW_CHOICES, required=False)

    def filters(self) -> tuple[str, str, str]:
        """The keyword, kind and layout asked for; anything not understood is simply left out."""
        self.is_valid()
        data = self.cleaned_data
        return data.get("q") or "", data.get("kind") or "", data.get("show") or "people"


# --- Benchmarking ---


class StatementForm(forms.Form):
    theme = forms.ChoiceField(
        label="Theme",
        choices=[("", "Choose a theme")] + Theme.choices,
        error_messages={
            "required": "Please choose the theme this statement belongs to.",
            "invalid_choice": "Please choose one of the themes in the list.",
        },
    )
    text = forms.CharField(
        label="The statement",
        max_length=STATEMENT_LIMIT,
        widget=forms.Textarea,
        help_text="Say what good practice looks like, in plain words and in the team's voice. "
        "For example, “We ask people what matters to them before we talk about medication.”",
        error_messages={"required": "Please write the statement.", "max_length": TOO_LONG},
    )


class RoundForm(forms.Form):
    name = forms.CharField(
        label="Name of this round",
        max_length=120,
        help_text="For example, “Spring 2026 benchmark”.",
        error_messages={"required": "Please give this round a name.", "max_length": TOO_LONG},
    )


DONT_KNOW = "dont_know"
ANSWER_CHOICES = [(str(value), label) for value, label in Score.choices] + [(DONT_KNOW, "Don’t know")]
ANSWER_MESSAGE = "Please choose an answer from “Not yet” to “Fully in place”, or “Don’t know”."


class BenchmarkAnswerForm(forms.Form):
    """One answer. Each statement on the page has its own form, told apart by a prefix."""

    answer = forms.ChoiceField(
        label="How far is this in place?",
        choices=ANSWER_CHOICES,
        error_messages={"required": ANSWER_MESSAGE, "invalid_choice": ANSWER_MESSAGE},
    )
    achieved = forms.CharField(
        label="What we have achieved (optional)",
        max_length=NOTE_LIMIT,
        required=False,
        widget=forms.Textarea,
        error_messages={"max_length": TOO_LONG},
    )
    next_step = forms.CharField(
        label="What could be next (optional)",
        max_length=NOTE_LIMIT,
        required=False,
        widget=forms.Textarea,
        error_messages={"max_length": TOO_LONG},
    )

    NOTES = ("achieved", "next_step")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A card on the page of all statements shows its note boxes only when they are asked for
        # or hold something. A save from a card without them keeps the notes already written, on
        # this device or another: a field that was not sent keeps its initial value.
        if self.is_bound:
            for name in self.NOTES:
                self.fields[name].disabled = self.add_prefix(name) not in self.data

    def notes_sent(self) -> list[str]:
        """The note fields this save carried: the only ones to look at with the language lens."""
        return [name for name in self.NOTES if not self.fields[name].disabled]

    def score(self) -> int | None:
        """The score to store: None for "don't know"."""
        answer = self.cleaned_data["answer"]
        return None if answer == DONT_KNOW else int(answer)


AGREED_MESSAGE = "Please choose the rating the group agreed, from “Not yet” to “Fully in place”."


class AgreementForm(forms.Form):
    """Meeting mode: the one rating the group agrees for a statement, with the reason."""

    score = forms.TypedChoiceField(
        label="The rating we agreed",
        choices=Score.choices,
        coerce=int,
        error_messages={"required": AGREED_MESSAGE, "invalid_choice": AGREED_MESSAGE},
    )
    reason = forms.CharField(
        label="Why we agreed this",
        max_length=NOTE_LIMIT,
        widget=forms.Textarea,
        error_messages={
            "required": "Please write down why the group agreed this rating.",
            "max_length": TOO_LONG,
        },
    )


# --- Priorities and action plans ---


class PriorityForm(forms.Form):
    title = forms.CharField(
        label="Name of the priority",
        max_length=PRIORITY_TITLE_LIMIT,
        help_text="For example, “A friendlier first-appointment letter”.",
        error_messages={"required": "Please give the priority a name.", "max_length": TOO_LONG},
    )
    change = forms.CharField(
        label="What we want to change",
        max_length=DESCRIPTION_LIMIT,
        widget=forms.Textarea,
        help_text="Not doing more, but doing differently. What would be different, and for whom?",
        error_messages={"required": "Please say what we want to change.", "max_length": TOO_LONG},
    )
    statements = forms.ModelMultipleChoiceField(
        label="Which of our statements does it answer? (optional)",
        queryset=Statement.objects.none(),
        required=False,
        error_messages={
            "invalid_choice": "Please choose statements from the list.",
            "invalid_pk_value": "Please choose statements from the list.",
        },
    )

    def __init__(self, *args, team: Team, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["statements"]
        field.queryset = Statement.objects.in_use_by(team).select_related("current_version")
        field.choices = [(s.pk, s.current_version.text) for s in field.queryset.in_theme_order()]


IMPACT_CHOICES = [
    (1, "1 – a small difference"),
    (2, "2"),
    (3, "3 – a real difference"),
    (4, "4"),
    (5, "5 – a big difference"),
]
EASE_CHOICES = [
    (1, "1 – hard, a long-term project"),
    (2, "2"),
    (3, "3 – takes some work"),
    (4, "4"),
    (5, "5 – easy, a quick win"),
]


class PriorityRatingForm(forms.Form):
    impact = forms.TypedChoiceField(
        label="How much difference would it make?",
        choices=IMPACT_CHOICES,
        coerce=int,
        error_messages={
            "required": "Please choose how much difference it would make, from 1 to 5.",
            "invalid_choice": "Please choose how much difference it would make, from 1 to 5.",
        },
    )
    ease = forms.TypedChoiceField(
        label="How easy would it be?",
        choices=EASE_CHOICES,
        coerce=int,
        error_messages={
            "required": "Please choose how easy it would be, from 1 to 5.",
            "invalid_choice": "Please choose how easy it would be, from 1 to 5.",
        },
    )


class _TeamMemberField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Membership) -> str:
        return obj.name


def member_choices(members: list[Membership], words: TeamWords) -> list[tuple[int, str]]:
    """Each member named with their role, so a list can be read at a glance. Where two would still
    read the same (names are unique in a team, but a former member's name can come back), the first
    letter of their sign-in name tells them apart."""
    labels = [f"{m.name} ({words.beside_name(m.role)})" for m in members]
    clashes = {label for label in labels if labels.count(label) > 1}
    return [
        (m.pk, f"{label[:-1]}, sign-in name {m.user.username[:1].upper()}…)" if label in clashes else label)
        for m, label in zip(members, labels, strict=True)
    ]


class CoLeadsForm(forms.Form):
    """The co-leads and helpers. Anyone ever in the team is accepted here, so that choosing someone
    who has since left gets a kind word from the service rather than "not a valid choice"."""

    staff_lead = _TeamMemberField(label="Staff co-lead", queryset=Membership.objects.none(), required=False)
    service_user_lead = _TeamMemberField(label="", queryset=Membership.objects.none(), required=False)
    helpers = forms.ModelMultipleChoiceField(
        label="Helpers (optional)",
        queryset=Membership.objects.none(),
        required=False,
        help_text="Anyone in the team can help: staff, supporters and community partners too.",
    )

    def __init__(self, *args, team: Team, **kwargs):
        super().__init__(*args, **kwargs)
        words = TeamWords(team)
        everyone = Membership.objects.filter(team=team).select_related("user")
        active = list(everyone.active())
        staff, users = self.fields["staff_lead"], self.fields["service_user_lead"]
        helpers = self.fields["helpers"]
        for field in (staff, users, helpers):
            field.queryset = everyone
            field.error_messages["invalid_choice"] = "Please choose someone from the team."
            field.error_messages["invalid_pk_value"] = "Please choose someone from the team."
        users.label = f"Co-lead who is a {words.person}"
        staff.choices = [("", "No one yet")] + member_choices([m for m in active if m.is_staff_member], words)
        users.choices = [("", "No one yet")] + member_choices(
            [m for m in active if m.role == "service_user"], words
        )
        helpers.choices = member_choices(active, words)


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        choices=PriorityStatus.choices,
        error_messages={
            "required": "Please choose what should happen to this priority.",
            "invalid_choice": "Please choose what should happen to this priority.",
        },
    )


PAST_DATE = "That date has passed — save it anyway?"


class ActionForm(forms.Form):
    text = forms.CharField(
        label="What needs doing",
        max_length=ACTION_LIMIT,
        error_messages={"required": "Please say what needs doing.", "max_length": TOO_LONG},
    )
    owner = _TeamMemberField(
        label="Who will do it",
        queryset=Membership.objects.none(),
        empty_label="Choose someone",
        error_messages={
            "required": "Please choose who will do it.",
            "invalid_choice": "Please choose someone from the team.",
        },
    )
    due_on = forms.DateField(
        label="By when",
        error_messages={"required": "Please enter the date it should be done by.", "invalid": DATE_FORMAT},
    )
    # Offered only once a past date has been typed: a date in the past is usually a slip, but
    # writing down something already done (to record it) is fair.
    past_date_ok = forms.BooleanField(label="Yes, save it with this date", required=False)

    def __init__(self, *args, cycle: Cycle, **kwargs):
        super().__init__(*args, prefix="action", **kwargs)
        self.cycle = cycle
        owner = self.fields["owner"]
        owner.queryset = Membership.objects.filter(team=cycle.team_id).select_related("user")
        owner.choices = [("", "Choose someone")] + member_choices(
            list(owner.queryset.active()), TeamWords(cycle.team)
        )

    @property
    def asks_about_past_date(self) -> bool:
        return "due_on" in self.errors and self.errors["due_on"] == [PAST_DATE]

    def clean_owner(self) -> Membership:
        owner = self.cleaned_data["owner"]
        if not owner.is_active:
            raise forms.ValidationError(
                f"{owner.name} has left the team. Please choose someone who is still in the team."
            )
        return owner

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        if due_on < self.cycle.starts_on:
            raise forms.ValidationError(
                f"This date is before the cycle started. Please choose {format_day(self.cycle.starts_on)} "
                "or later."
            )
        return due_on

    def clean(self):
        cleaned = super().clean()
        due_on = cleaned.get("due_on")
        if due_on and due_on < timezone.localdate() and not cleaned.get("past_date_ok"):
            self.add_error("due_on", PAST_DATE)
        cleaned.pop("past_date_ok", None)
        return cleaned


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(
        choices=ActionStatus.choices,
        error_messages={
            "required": "Please choose to do, doing or done.",
            "invalid_choice": "Please choose to do, doing or done.",
        },
    )


class UpdateForm(forms.Form):
    text = forms.CharField(
        label="How is it going?",
        max_length=UPDATE_LIMIT,
        widget=forms.Textarea,
        help_text="A few words: what happened, what went well, what is next.",
        error_messages={
            "required": "Please write a few words about how it is going.",
            "max_length": TOO_LONG,
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="update", **kwargs)
