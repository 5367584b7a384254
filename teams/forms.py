from django import forms
from django.contrib.auth.forms import AuthenticationForm


class SignInForm(AuthenticationForm):
    username = forms.CharField(
        label="Email address or sign-in name",
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )

    error_messages = {
        "invalid_login": (
            "We could not sign you in with that email address or sign-in name and password. "
            "Please check them and try again."
        ),
        "inactive": "This account is switched off. Please ask your team manager.",
    }
