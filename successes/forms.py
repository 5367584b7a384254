"""Forms for the little-miracles pages. They check what was typed and speak kindly about it; who may
do what is the models' and services' business."""

from collections.abc import Iterable

from django import forms
from django.db.models import Q, QuerySet

from successes.models import HIDDEN_REASON_LIMIT, TEXT_LIMIT, THANK_YOU_LIMIT, WORKED_SHIFTS, Shift
from teams.models import STAFF_ROLES, Membership


class StoryField(forms.CharField):
    """Free text, with line endings as the character count counts them (a browser sends "\\r\\n",
    which would otherwise make 2,000 characters on screen more than 2,000 here)."""

    def to_python(self, value):
        return super().to_python(value).replace("\r\n", "\n")


def _names(members: Iterable[Membership]) -> str:
    names = [m.name for m in members]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def offer_members(
    field: forms.ModelChoiceField,
    everyone: QuerySet,
    keep: Iterable[int] = (),
    *,
    offered: list[tuple[int, str]] | None = None,
    with_role: bool = False,
) -> list[tuple[int, str]]:
    """Let `field` accept anyone who was ever among `everyone` but offer only those still in the team
    (and any in `keep`), so a form can name a colleague who left after the page was opened, instead
    of calling them "not one of the available choices". `offered` is the choices already looked up;
    returns them, to offer again without a second look-up. `with_role` names each with their role."""
    field.queryset = everyone.select_related("user")
    if offered is None:
        offered = everyone.filter(Q(left_at__isnull=True) | Q(pk__in=keep)).names(with_role=with_role)
    field.choices = offered
    return offered


class SuccessForm(forms.Form):
    shift = forms.ChoiceField(
        label="Shift",
        choices=WORKED_SHIFTS,
        error_messages={
            "required": "Choose the shift you are handing over from.",
            "invalid_choice": "Choose the shift you are handing over from: early, late or night.",
        },
    )
    text = StoryField(
        label="What went well on this shift?",
        max_length=TEXT_LIMIT,
        error_messages={
            "required": "Write one thing that went well on this shift. Something small counts.",
            "max_length": "Keep it to %(limit_value)d characters or fewer. It is %(show_value)d now: "
            "what you wrote is still here to shorten.",
        },
    )
    helpers = forms.ModelMultipleChoiceField(
        label="Who helped?",
        queryset=Membership.objects.none(),
        required=False,
        error_messages={
            "invalid_choice": "Choose helpers from your team's list.",
            "invalid_pk_value": "Choose helpers from your team's list.",
        },
    )
    on_wall = forms.BooleanField(label="Show on the wall", required=False, initial=True)
    share_beyond_team = forms.BooleanField(
        label="Share as a snippet for managers and newsletters", required=False
    )

    HINT = (
        "However small. Please leave out names or any details that could identify a person using the service."
    )

    def __init__(self, *args, author: Membership, colleagues: list[tuple[int, str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.author = author
        # An entry being edited keeps a helper who has left since: their help still happened.
        self.named_before = {m.pk for m in self.initial.get("helpers", [])}
        self.colleagues = offer_members(
            self.fields["helpers"],
            author.team.memberships.filter(role__in=STAFF_ROLES).exclude(pk=author.pk),
            keep=self.named_before,
            offered=colleagues,
        )
        if not author.team.works_shifts:
            # A team without shifts is not asked for one: its entries belong to the day.
            del self.fields["shift"]
            self.fields["text"].label = "What went well today?"
            self.fields["text"].error_messages["required"] = (
                "Write one thing that went well today. Something small counts."
            )

    def emptied(self, *, shift: str) -> "SuccessForm":
        """A blank form for the next entry, offering the same colleagues without looking them up
        again (a save at handover answers with one)."""
        return SuccessForm(author=self.author, initial={"shift": shift}, colleagues=self.colleagues)

    def clean(self) -> dict:
        cleaned = super().clean()
        if "shift" not in self.fields:
            # An entry made while the team worked shifts keeps its shift when it is changed.
            cleaned["shift"] = self.initial.get("shift") or Shift.DAY
        return cleaned

    def clean_helpers(self) -> list[Membership]:
        helpers = list(self.cleaned_data["helpers"])
        gone = [m for m in helpers if not m.is_active and m.pk not in self.named_before]
        if gone:
            verb = "is" if len(gone) == 1 else "are"
            raise forms.ValidationError(
                f"{_names(gone)} {verb} no longer in the team, so cannot be named as helping. "
                "Untick them and save again: everything else you wrote is kept."
            )
        return helpers


class ThankYouForm(forms.Form):
    recipient = forms.ModelChoiceField(
        label="Who would you like to thank?",
        queryset=Membership.objects.none(),
        empty_label="Choose someone in your team",
        error_messages={
            "required": "Choose who you would like to thank.",
            "invalid_choice": "Choose someone from your team's list.",
        },
    )
    message = StoryField(
        label="Your message",
        max_length=THANK_YOU_LIMIT,
        help_text="For example, what they did and the difference it made. The wall can be printed "
        "and shared: please leave out the names of anyone else, and any details that could identify "
        "a person using the service.",
        error_messages={
            "required": "Write a short message to go with your thank-you.",
            "max_length": "Keep it to %(limit_value)d characters or fewer. It is %(show_value)d now: "
            "what you wrote is still here to shorten.",
        },
    )

    def __init__(self, *args, sender: Membership, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["recipient"]
        # Colleagues and people using the service alike: the role beside each name says which.
        offer_members(field, sender.team.memberships.exclude(pk=sender.pk), with_role=True)
        field.choices = [("", field.empty_label), *field.choices]

    def clean_recipient(self) -> Membership:
        recipient = self.cleaned_data["recipient"]
        if not recipient.is_active:
            raise forms.ValidationError(
                f"{recipient.name} is no longer in the team, so your thank-you cannot reach them. "
                "Your message is kept: you could choose someone else."
            )
        return recipient


class HideForm(forms.Form):
    reason = StoryField(
        label="Why are you taking it off the wall?",
        max_length=HIDDEN_REASON_LIMIT,
        help_text="The person who wrote it will see this, and no one else. Say it kindly: for example, "
        "“It names someone using the service, so we have taken it off the wall. Thank you for sharing.”",
        error_messages={
            "required": "Say why you are taking it off the wall, so the person who wrote it understands.",
            "max_length": "Keep it to %(limit_value)d characters or fewer. It is %(show_value)d now: "
            "what you wrote is still here to shorten.",
        },
    )
