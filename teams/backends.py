from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from teams.models import User


def account_for(typed: str) -> User | None:
    """The account a typed sign-in name means: an email address or a sign-in name, in any case,
    with any spaces around it."""
    typed = typed.strip()
    if not typed:
        return None
    field = "email__iexact" if "@" in typed else "username__iexact"
    return User.objects.filter(**{field: typed}).first()


def lockout_name(request: HttpRequest, credentials: dict | None = None) -> str:
    """What django-axes counts wrong passwords against (AXES_USERNAME_CALLABLE).

    Sign-in forgives case, spaces and email-or-sign-in-name, so counting the name as typed would
    give an attacker a fresh five tries with every "ALEX", " alex" or "alex@…". Counting against
    the account closes that; a name with no account is counted in the same forgiving form."""
    typed = (credentials or getattr(request, "POST", {})).get("username") or ""
    account = account_for(typed)
    if account is not None:
        return account.username  # no unknown name can equal it: it would be that account's
    return " ".join(typed.split()).lower()


class EmailOrUsernameBackend(ModelBackend):
    """Sign in with an email address or, for people without one, the sign-in name they chose."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        user = account_for(username)
        if user is None:
            User().set_password(password)  # same work as a real check: no timing hint
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
