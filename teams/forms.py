import datetime as dt

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, PasswordResetForm
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.text import slugify

from recovery_culture.lib.dates import format_day
from recovery_culture.lib.emails import make_message
from recovery_culture.lib.links import absolute_url
from teams.models import Invitation, JoinCode, Membership, PasswordResetCode, Role, Team, User
from teams.services import JoinCodeProblem, NameTaken, join_code_find, name_check, reset_code_find, tidy_name


class SignInForm(AuthenticationForm):
    username = forms.CharField(
        label="Email address or sign-in name",
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
        error_messages={"required": "Please type your email address or sign-in name."},
    )

    error_messages = {
        "invalid_login": (
            "We could not sign you in with that email address or sign-in name and password. "
            "Please check them and try again."
        ),
        "inactive": "This account is switched off. Please ask your team manager.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].error_messages["required"] = "Please type your password."


# Kinder words for Django's password checks, by their error code; anything else keeps Django's own.
PASSWORD_HELP = {
    "password_too_short": "Please choose a longer password, at least 8 characters. A few words you "
    "will remember work well.",
    "password_too_common": "That password is one many people use, so it is easy to guess. Please "
    "choose another, perhaps a few words you will remember.",
    "password_too_similar": "That password is too like your name, so it is easy to guess. Please "
    "choose another.",
    "password_entirely_numeric": "Please use some letters as well as numbers.",
}


def check_password_kindly(form: forms.Form, field: str, password: str, user: User) -> None:
    """Django's password checks, with one kind sentence at a time on `field`."""
    try:
        validate_password(password, user=user)
    except ValidationError as problems:
        problem = problems.error_list[0]
        form.add_error(field, PASSWORD_HELP.get(problem.code, problem))


def new_password_field(label: str = "Choose a new password") -> forms.CharField:
    return forms.CharField(
        label=label,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 8 characters. A few words you will remember work well.",
        error_messages={"required": "Please choose a new password."},
    )


def display_name_field(help_text: str) -> forms.CharField:
    return forms.CharField(
        label="Your name",
        max_length=60,
        help_text=help_text,
        error_messages={
            "required": "Please type the name you would like your team to see.",
            "max_length": "Please use a shorter name, up to 60 letters.",
        },
    )


def free_display_name(name: str, *, teams: list[Team], user: User | None = None) -> str:
    """The name, tidied, if nobody else in `teams` goes by it; else a kind error on the field."""
    try:
        name_check(name=name, teams=teams, user=user)
    except NameTaken as taken:
        raise ValidationError(str(taken), code="name_taken") from None
    return tidy_name(name)


class NewAccountForm(forms.Form):
    """Everything a new person is asked: the name their team sees, and a password."""

    display_name = display_name_field("This is how your team will see you. Your first name is fine.")
    password = forms.CharField(
        label="Choose a password",
        strip=False,
        widget=forms.PasswordInput,
        help_text="At least 8 characters. A few words you will remember work well.",
        error_messages={"required": "Please choose a password."},
    )

    def __init__(self, *args, team: Team, email: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.team = team
        self.email = email

    def clean_display_name(self) -> str:
        return free_display_name(self.cleaned_data["display_name"], teams=[self.team])

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        name = cleaned.get("display_name", "")
        if password:
            someone = User(username=slugify(name), first_name=name, display_name=name, email=self.email)
            check_password_kindly(self, "password", password, someone)
        return cleaned


class ChangePasswordForm(PasswordChangeForm):
    """Django's own password change, in our words: one new password typed twice."""

    error_messages = {
        "password_incorrect": "That is not your current password. Please type it again.",
        "password_mismatch": "The two new passwords are not the same. Please type your new password "
        "again in both boxes.",
    }

    WORDS = {  # field: (label, hint, when left empty)
        "old_password": ("Your current password", "", "Please type your current password."),
        "new_password1": (
            "Your new password",
            "At least 8 characters. A few words you will remember work well.",
            "Please choose a new password.",
        ),
        "new_password2": (
            "Your new password again",
            "So that we know it is typed as you meant it.",
            "Please type your new password again.",
        ),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, (label, hint, required) in self.WORDS.items():
            self.fields[name].label = label
            self.fields[name].help_text = hint
            self.fields[name].error_messages["required"] = required

    def validate_password_for_user(self, user, password_field_name="new_password2"):  # noqa: S107
        # Django's checks, one at a time and in kinder words, shown by the first box.
        password = self.cleaned_data.get(password_field_name)
        if password:
            try:
                validate_password(password, user)
            except ValidationError as problems:
                problem = problems.error_list[0]
                self.add_error("new_password1", PASSWORD_HELP.get(problem.code, problem))


JOIN_CODE_MESSAGES = {
    "unknown": "We could not find that code. Please check it against the card or poster, or ask "
    "the person who gave it to you.",
    "expired": "This code has run out. Please ask your team for a new one.",
    "revoked": "This code has been switched off by the team. Please ask your team for a new one.",
}


class JoinCodeForm(forms.Form):
    code = forms.CharField(
        label="Your join code",
        max_length=40,
        help_text="It has 8 letters and numbers, like ABCD-3467. Small letters are fine too.",
        error_messages={
            "required": "Please type the code your team gave you.",
            "max_length": JOIN_CODE_MESSAGES["unknown"],
        },
    )

    join_code: JoinCode | None = None

    def clean_code(self) -> str:
        typed = self.cleaned_data["code"]
        try:
            self.join_code = join_code_find(typed)
        except JoinCodeProblem as problem:
            raise ValidationError(JOIN_CODE_MESSAGES[problem.reason], code=problem.reason) from None
        return self.join_code.code


class InviteForm(forms.Form):
    email = forms.EmailField(
        label="Their email address",
        max_length=254,
        error_messages={
            "required": "Please type their email address.",
            "invalid": "Please type an email address like name@example.com.",
        },
    )
    role = forms.ChoiceField(label="Their role in the team", choices=Role.choices, initial=Role.STAFF)

    pending: Invitation | None = None

    def __init__(self, *args, team: Team, **kwargs):
        super().__init__(*args, **kwargs)
        self.team = team

    def clean_email(self) -> str:
        email = User.objects.normalize_email(self.cleaned_data["email"])
        if self.team.memberships.active().filter(user__email__iexact=email).exists():
            raise ValidationError(f"{email} is already part of {self.team.name}.", code="member")
        if self.team.memberships.removed().filter(user__email__iexact=email).exists():
            raise ValidationError(
                f"{email} was removed from {self.team.name}. To have them back, choose "
                "“Let back in” beside their name under “Removed from the team” on the members page.",
                code="removed",
            )
        self.pending = self.team.invitations.pending().filter(email__iexact=email).first()
        if self.pending:
            raise ValidationError(
                f"We already invited {email} on {format_day(self.pending.created_at)}. "
                "You can send the invitation again below.",
                code="pending",
            )
        return email


VALID_FOR_CHOICES = [("1", "1 day"), ("7", "7 days"), ("30", "30 days")]


class JoinCodeCreateForm(forms.Form):
    # Manager rights only come with an email invitation: a code on a poster can be read by anyone.
    role = forms.ChoiceField(
        label="Who is this code for?",
        choices=[(value, label) for value, label in Role.choices if value != Role.MANAGER],
        initial=Role.SERVICE_USER,
        error_messages={
            "required": "Please choose who the code is for.",
            # Only a changed page sends "manager": managers join by an email invitation.
            "invalid_choice": "Please choose one of the roles listed. A new manager joins by an "
            "email invitation instead.",
        },
    )
    valid_for = forms.ChoiceField(
        label="How long should it work?",
        choices=VALID_FOR_CHOICES,
        initial="7",
        error_messages={
            "required": "Please choose how long the code should work.",
            "invalid_choice": "Please choose one of the lengths of time listed.",
        },
    )

    def clean_valid_for(self) -> dt.timedelta:
        return dt.timedelta(days=int(self.cleaned_data["valid_for"]))


class MySettingsForm(forms.Form):
    display_name = display_name_field("This is how your team sees you.")
    weekly_digest = forms.BooleanField(label="Send me the weekly digest email", required=False)
    chose_to_be_named = forms.BooleanField(
        label="Use my name in printouts, emails and downloaded files",
        required=False,
        help_text="Your team always sees your name in the app. Printouts, emails and downloaded files"
        " can be passed on to people outside the team, so in them we say “a person using the"
        " service” instead of your name. Tick this if you would like your name used there too."
        " Only you can change this, at any time. Anything already printed or sent stays as it was.",
    )

    def __init__(self, *args, member: Membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member
        # The choice is for people using the service: staff are named, and supporters and
        # partners never are (docs/adr/0006-how-members-are-named.md).
        if member.role != Role.SERVICE_USER:
            del self.fields["chose_to_be_named"]

    def clean_display_name(self) -> str:
        user = self.member.user
        teams = [m.team for m in user.memberships.active().select_related("team")]
        return free_display_name(self.cleaned_data["display_name"], teams=teams, user=user)


class TeamMeetingForm(forms.ModelForm):
    meeting_time = forms.TimeField(
        label="Meeting time",
        help_text="For example, 15:00. The weekly digest goes out after the meeting.",
        error_messages={
            "required": "Please type a time, like 15:00.",
            "invalid": "Please type a time like 15:00.",
        },
    )

    class Meta:
        model = Team
        fields = ["meeting_weekday", "meeting_time"]
        labels = {"meeting_weekday": "Meeting day"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["meeting_time"] = self.instance.meeting_time.strftime("%H:%M")


class TeamShiftsForm(forms.ModelForm):
    class Meta:
        model = Team
        fields = ["works_shifts"]
        labels = {"works_shifts": "We work early, late and night shifts"}


# --- forgotten passwords ---


class ForgottenPasswordForm(PasswordResetForm):
    """Django's own reset by emailed link (its tokens, its "no such address" silence), with our
    three-file email."""

    email = forms.EmailField(
        label="Your email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Please type the email address you sign in with.",
            "invalid": "Please type an email address like name@example.com.",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        typed = self.data.get("email", "").strip()
        if typed and "@" not in typed and " " not in typed:
            # A sign-in name, typed where an address was asked for: whether or not it is anyone's,
            # the way on is the same, a code from the team manager.
            self.fields["email"].error_messages["invalid"] = (
                "That looks like a sign-in name, not an email address. If you sign in with a "
                "sign-in name, your team manager can give you a reset code: just ask them."
            )

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        link = absolute_url(
            reverse("password_reset_confirm", kwargs={"uidb64": context["uid"], "token": context["token"]})
        )
        make_message("password_reset", to_email, {"user": context["user"], "link": link}).send()


class NewPasswordForm(forms.Form):
    """The new password, once (the NHS.UK password input can show what was typed)."""

    new_password = new_password_field()

    def __init__(self, user: User, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        cleaned = super().clean()
        if password := cleaned.get("new_password"):
            check_password_kindly(self, "new_password", password, self.user)
        return cleaned

    def save(self, commit: bool = True) -> User:
        self.user.set_password(self.cleaned_data["new_password"])
        if commit:
            self.user.save(update_fields=["password"])
        return self.user


RESET_CODE_UNUSABLE = (
    "That code does not work. It may have been used already, or be more than a day old. Please "
    "ask your team manager for a new one."
)


class ResetCodeForm(forms.Form):
    code = forms.CharField(
        label="Your reset code",
        max_length=40,
        help_text="Your team manager gave it to you. It has 8 letters and numbers, like ABCD-3467.",
        error_messages={
            "required": "Please type the code your team manager gave you.",
            "max_length": RESET_CODE_UNUSABLE,
        },
    )
    new_password = new_password_field()

    reset: PasswordResetCode | None = None

    def clean_code(self) -> str:
        typed = self.cleaned_data["code"]
        self.reset = reset_code_find(typed)
        if self.reset is None:
            raise ValidationError(RESET_CODE_UNUSABLE, code="unknown")
        return typed

    def clean(self):
        cleaned = super().clean()
        if self.reset is not None and (password := cleaned.get("new_password")):
            check_password_kindly(self, "new_password", password, self.reset.user)
        return cleaned


class TeamRetentionForm(forms.ModelForm):
    class Meta:
        model = Team
        fields = ["retention_months"]
        labels = {"retention_months": "Keep quick reflections and feedback comments for"}
        help_texts = {
            "retention_months": "Older ones are deleted every night. Little miracles, thank-yous and "
            "the TRIP are the team's record and are kept."
        }


class RoleForm(forms.Form):
    role = forms.ChoiceField(
        label="Their role in the team",
        choices=Role.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Please choose a role.",
            "invalid_choice": "Please choose one of the roles.",
        },
    )
