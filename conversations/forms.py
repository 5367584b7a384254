"""Forms for the team's words. They check what was typed and speak kindly about it; who may decide
is the models' and services' business."""

import re

from django import forms

from conversations.models import (
    HOUSE_TEXT_LIMIT,
    HOUSE_TEXT_NAME_LIMIT,
    PHRASE_LIMIT,
    REASON_LIMIT,
    RULE_COMMENT_LIMIT,
    RULE_TEXT_LIMIT,
    WHY_LIMIT,
    BlanketRule,
    Decision,
    Feeling,
    Kind,
)


class ProposeForm(forms.Form):
    phrase = forms.CharField(
        label="The phrase",
        max_length=PHRASE_LIMIT,
        help_text="As people write it, for example \u201cchallenging\u201d or \u201cabsconder\u201d.",
        error_messages={
            "required": "Write the phrase you would like a hint about.",
            "max_length": "Keep the phrase to %(limit_value)d characters or fewer.",
        },
    )
    kind = forms.ChoiceField(
        label="What kind of phrase is it?",
        choices=Kind.choices,
        error_messages={"required": "Choose what kind of phrase it is."},
    )
    why = forms.CharField(
        label="Why it matters, in one sentence",
        max_length=WHY_LIMIT,
        error_messages={
            "required": "Say in a sentence why it matters: it is shown with the hint.",
            "max_length": "Keep it to %(limit_value)d characters or fewer.",
        },
    )
    alternatives = forms.CharField(
        label="Two or three things to say instead",
        widget=forms.Textarea,
        help_text="One on each line.",
        error_messages={"required": "Give at least two things people could say instead."},
    )

    def clean_phrase(self) -> str:
        # Brackets and braces mean something to the matcher (conversations/matcher.py).
        phrase = " ".join(self.cleaned_data["phrase"].split())
        if not re.fullmatch(r"[^\W_]+(?:[\s'\u2019-]+[^\W_]+)*", phrase):
            raise forms.ValidationError("Use letters, spaces, hyphens and apostrophes only.")
        return phrase

    def clean_alternatives(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["alternatives"].splitlines() if line.strip()]
        if not 2 <= len(lines) <= 3:
            raise forms.ValidationError("Give two or three things to say instead, one on each line.")
        return lines


class SwitchOffForm(forms.Form):
    reason = forms.CharField(
        label="Why your team does not want this hint",
        max_length=REASON_LIMIT,
        error_messages={
            "required": "Say why, so everyone in the team can see the reason.",
            "max_length": "Keep the reason to %(limit_value)d characters or fewer.",
        },
    )


class TextCheckForm(forms.Form):
    text = forms.CharField(
        label="Your letter, poster or note",
        max_length=HOUSE_TEXT_LIMIT,
        strip=False,
        widget=forms.Textarea,
        help_text="Paste it here. It is checked and then forgotten, unless you choose to keep it.",
        error_messages={
            "required": "Paste or write the text you would like to check.",
            "max_length": "Please check up to %(limit_value)d characters at a time (it has %(show_value)d).",
        },
    )

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].replace("\r\n", "\n")
        if not text.strip():
            raise forms.ValidationError("Paste or write the text you would like to check.")
        return text


class KeepForm(TextCheckForm):
    name = forms.CharField(
        label="What is it?",
        max_length=HOUSE_TEXT_NAME_LIMIT,
        help_text=(
            "For example \u201cOur first-appointment letter\u201d. Use the same name as before to keep "
            "a new version of it. Please take out anyone\u2019s name before you keep it."
        ),
        error_messages={
            "required": "Give it a name, so the team can find it again.",
            "max_length": "Keep the name to %(limit_value)d characters or fewer.",
        },
    )


TOO_LONG = "Please keep this to %(limit_value)d characters or fewer (it has %(show_value)d)."


class RuleForm(forms.ModelForm):
    class Meta:
        model = BlanketRule
        fields = ["rule", "why", "affects", "alternatives", "script"]
        labels = {
            "rule": "The rule",
            "why": "Why does it exist?",
            "affects": "Who does it affect, and how?",
            "alternatives": "What else could be done? (optional)",
            "script": "If it stays, how could we explain it kindly? (optional)",
        }
        help_texts = {
            "rule": "As people hear it, for example \u201cNo mobile phones on the ward\u201d.",
            "script": "Say sorry, say why, and say what the person can do instead.",
        }
        error_messages = {
            "rule": {"required": "Please write the rule.", "max_length": TOO_LONG},
            "why": {"required": "Please say why the rule exists.", "max_length": TOO_LONG},
            "affects": {"required": "Please say who the rule affects.", "max_length": TOO_LONG},
            "alternatives": {"max_length": TOO_LONG},
            "script": {"max_length": TOO_LONG},
        }


class RuleAnswerForm(forms.Form):
    feeling = forms.TypedChoiceField(
        label="How does this rule feel to you?",
        choices=Feeling.choices,
        coerce=int,
        error_messages={
            "required": "Please choose how the rule feels to you.",
            "invalid_choice": "Please choose one of the answers in the list.",
        },
    )
    comment = forms.CharField(
        label="Anything you would like to say about it? (optional)",
        max_length=RULE_COMMENT_LIMIT,
        required=False,
        widget=forms.Textarea,
        help_text=(
            "It will be shown word for word, mixed in with other people's, and only once 3 people "
            "have answered. Please leave out names."
        ),
        error_messages={"max_length": TOO_LONG},
    )


class RuleDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="What has the team decided?",
        choices=Decision.choices,
        error_messages={
            "required": "Please choose what the team has decided.",
            "invalid_choice": "Please choose one of the decisions in the list.",
        },
    )
    note = forms.CharField(
        label="Why, in a few words (optional)",
        max_length=RULE_TEXT_LIMIT,
        required=False,
        widget=forms.Textarea,
        error_messages={"max_length": TOO_LONG},
    )
