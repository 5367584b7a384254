from django.contrib.auth.backends import ModelBackend

from teams.models import User


class EmailOrUsernameBackend(ModelBackend):
    """Sign in with an email address or, for people without one, the sign-in name they chose."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        typed = username.strip()
        field = "email__iexact" if "@" in typed else "username__iexact"
        user = User.objects.filter(**{field: typed}).first()
        if user is None:
            User().set_password(password)  # same work as a real check: no timing hint
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
