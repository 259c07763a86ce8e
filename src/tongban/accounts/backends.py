"""The only authentication backend: every `authenticate()` goes through the login lockout."""

from django.contrib.auth.backends import ModelBackend
from django.utils import timezone

from .errors import LoginError
from .services import login_with_lockout


class LockoutBackend(ModelBackend):
    """ModelBackend whose password check is `services.login_with_lockout`.

    Django's own entry points (the admin site's login form, anything added later that calls
    `authenticate()`) thus count failures and respect a lock exactly like the login page and
    the API token endpoint, which call the service directly to show its message. Being the
    only entry in AUTHENTICATION_BACKENDS, no other backend checks a password behind its back.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        try:
            return login_with_lockout(username, password, now=timezone.now())
        except LoginError:
            return None
