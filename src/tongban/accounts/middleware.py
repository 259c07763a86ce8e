"""Authentication for API clients and the one place where access rules are enforced."""

import time

from django.conf import settings
from django.contrib.auth.middleware import AuthenticationMiddleware as DjangoAuthenticationMiddleware
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.contrib.messages.middleware import MessageMiddleware as DjangoMessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.core.exceptions import PermissionDenied
from django.middleware.clickjacking import XFrameOptionsMiddleware as DjangoXFrameOptionsMiddleware
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import timezone, translation

from tongban.core.fastpath import ninja_operation_name
from tongban.problems import problem_response

from .models import ApiToken
from .models.tokens import hash_token
from .policy import rule_for

# URL namespaces guarded by their own mechanisms rather than the role table.
SELF_GUARDED_NAMESPACES = {"admin"}


def is_bearer_api_request(request) -> bool:
    """An /api/ request with `Authorization: Bearer …`: judged by its token alone."""
    bearer = request.__dict__.get("_bearer_api")
    if bearer is None:
        bearer = request._bearer_api = (request.path.startswith("/api/")
                                        and request.META.get("HTTP_AUTHORIZATION", "")[:7].lower() == "bearer ")
    return bearer


class BearerTokenMiddleware:
    """`Authorization: Bearer <token>` on /api/ authenticates an API client.

    A request that carries a bearer header is judged by it alone: an invalid token is
    anonymous even if a session cookie rides along, so a client never acts as someone else.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_bearer_api_request(request):
            request.user = self._user_for(request.META["HTTP_AUTHORIZATION"][7:].strip())
            request.authenticated_by_token = True
        return self.get_response(request)

    @staticmethod
    def _user_for(raw_key: str):
        key_hash = hash_token(raw_key)
        now = timezone.now()
        cached = _recent_tokens.get(key_hash)
        if cached is not None and cached[0] > time.monotonic() and cached[1].expires_at > now:
            return cached[1].user
        token = (
            ApiToken.objects.select_related("user", "user__region", "user__department")
            .filter(key_hash=key_hash, expires_at__gt=now, user__is_active=True)
            .first()
        )
        if token is None:
            _recent_tokens.pop(key_hash, None)
            return AnonymousUser()
        # Written at most once per cache period, so a busy client does not turn reads into writes.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        _recent_tokens[key_hash] = (time.monotonic() + TOKEN_CACHE_SECONDS, token)
        return token.user


class _BrowserOnly:
    """A Django middleware that serves browsers — session cookie, the user it names, flash
    messages, the frame guard — and steps aside for bearer-token API requests, which never need
    them: such a request is judged by its token alone (BearerTokenMiddleware), and ninja checks
    CSRF itself for the session-cookie API calls of our own pages. Access is still decided only
    by AccessPolicyMiddleware; CsrfViewMiddleware stays as it is."""

    def __call__(self, request):
        if is_bearer_api_request(request):
            return self.get_response(request)
        return super().__call__(request)


class SessionMiddleware(_BrowserOnly, DjangoSessionMiddleware):
    pass


class AuthenticationMiddleware(_BrowserOnly, DjangoAuthenticationMiddleware):
    pass


class MessageMiddleware(_BrowserOnly, DjangoMessageMiddleware):
    pass


class XFrameOptionsMiddleware(_BrowserOnly, DjangoXFrameOptionsMiddleware):
    """Clickjacking is a page's risk: a bearer-token reply is never rendered in a frame."""


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Pages negotiate their language (URL prefix, cookie, Accept-Language); a bearer-token API
    client is answered in the site's language, without the negotiation's cost on every call.
    The language is activated all the same: a thread keeps the last one activated."""

    def __call__(self, request):
        if is_bearer_api_request(request):
            translation.activate(settings.LANGUAGE_CODE)
            response = self.get_response(request)
            response.headers.setdefault("Content-Language", settings.LANGUAGE_CODE)
            return response
        return super().__call__(request)


# A verified token is trusted for a few seconds per worker: a busy API client then costs no
# lookup per request, while a deactivated user or a deleted token stops working within
# TOKEN_CACHE_SECONDS. The cache is bounded by the number of live tokens.
TOKEN_CACHE_SECONDS = 30.0
_recent_tokens: dict[str, tuple[float, ApiToken]] = {}


def forget_cached_tokens() -> None:
    _recent_tokens.clear()


def operation_name(request, match) -> str:
    """The URL name of the operation a request reaches.

    ninja serves every method of one path through one URL pattern named after its first
    operation, so GET and POST /me/enterprises would share a rule; the rule must follow the
    operation the method selects (tongban.core.fastpath.ninja_operation_name finds it).
    """
    if match.namespace != "api":
        return match.view_name
    key = (match.func, request.method, match.view_name)
    name = _operation_names.get(key)
    if name is None:
        operation = ninja_operation_name(match.func, request.method)
        name = _operation_names[key] = f"api:{operation}" if operation else match.view_name
    return name


# (view function, method, URL name) → operation name; the URL patterns are fixed at start-up,
# so this holds one entry per API operation and method actually called.
_operation_names: dict[tuple, str] = {}


class AccessPolicyMiddleware:
    """Admit a request only if the access rule of its URL admits the user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match.namespace in SELF_GUARDED_NAMESPACES or match.view_name.startswith("django."):
            return None
        if match.view_name in PUBLIC_INFRASTRUCTURE:
            return None
        rule = rule_for(operation_name(request, match))
        if rule is not None and rule.admits(request.user):
            return None
        if request.user.is_authenticated:
            if request.path.startswith("/api/"):
                return problem_response("auth.forbidden", "您无权执行此操作。", 403)
            raise PermissionDenied
        if request.path.startswith("/api/"):
            return problem_response("auth.required", "请先登录或提供有效的接口令牌。", 401)
        return redirect_to_login(request.get_full_path())


# The API's own documentation and static files are public.
PUBLIC_INFRASTRUCTURE = {"api:openapi-json", "api_docs", "django.views.static.serve"}
