"""Request hygiene and browser security headers, applied once for every URL.

RequestGuardMiddleware refuses text no database or template can hold — a NUL character
(PostgreSQL rejects it in any string) or a lone UTF-16 surrogate (not encodable as UTF-8) — in
the path, the query string, a form or a JSON body, and bodies over DATA_UPLOAD_MAX_MEMORY_SIZE,
before any view or service sees them. The API gets problem+json (422 / 413), pages an error page
(400 / 413). Every check is a substring test on text the request carries anyway; only a body that
contains a `\\u0000` or `\\ud…` escape is parsed here to find out whether the escape is real.

ContentSecurityPolicyMiddleware sends the policy below on every reply a browser may render.
Scripts come only from our static files (no inline script, no eval, no `javascript:` URL). A
template's `<style>` element carries `nonce="{{ request.csp_nonce }}"`; the nonce is made only
when a template asks for it. `style` attributes are still allowed (style-src-attr): they cannot
run code, and the templates use them for one-off layout.
"""

import json
import secrets

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject
from django.http.multipartparser import MultiPartParserError

from tongban.accounts.middleware import is_bearer_api_request
from tongban.problems import problem_response

FORBIDDEN_TEXT_CODE = "request.forbidden_characters"
FORBIDDEN_TEXT_DETAIL = "请求中含有不允许的字符（空字符 U+0000 或不成对的 Unicode 代理字符），请删除后重试。"
TOO_LARGE_CODE = "request.too_large"

_BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# JSON escapes that may stand for a NUL or a surrogate; anything else cannot produce one, since
# a UTF-8 body cannot carry a surrogate and a raw control character is invalid JSON.
_SUSPECT_ESCAPES = (b"\\u0000", b"\\ud", b"\\uD")


def is_bad_text(value: str) -> bool:
    """A NUL or a lone surrogate (a surrogate pair decodes to one code point and passes)."""
    if "\x00" in value:
        return True
    if value.isascii():
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _json_has_bad_text(value) -> bool:
    if isinstance(value, str):
        return is_bad_text(value)
    if isinstance(value, dict):
        return any(is_bad_text(key) or _json_has_bad_text(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_json_has_bad_text(item) for item in value)
    return False


def _body_has_bad_text(request) -> bool:
    """Raises RequestDataTooBig for a body over the limit (Django's own check)."""
    if request.content_type == "multipart/form-data":
        # Only the text fields: file contents may hold any byte, and reading request.body would
        # apply the in-memory limit to the uploads themselves.
        return (any(is_bad_text(text) for key, values in request.POST.lists() for text in [key, *values])
                or any(is_bad_text(upload.name or "") for upload in request.FILES.values()))
    body = request.body
    if request.content_type == "application/x-www-form-urlencoded":
        return b"%00" in body or b"\x00" in body
    if not any(escape in body for escape in _SUSPECT_ESCAPES):
        return False
    try:
        data = json.loads(body)
    except ValueError:
        return False  # not JSON: the view reports it as unparsable
    return _json_has_bad_text(data)


class RequestGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        refusal = self._refusal(request)
        return refusal if refusal is not None else self.get_response(request)

    def _refusal(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path_info or "%00" in query or "\x00" in query:
            return self._forbidden_text(request)
        if request.method in _BODY_METHODS:
            try:
                if _body_has_bad_text(request):
                    return self._forbidden_text(request)
            except RequestDataTooBig:
                return self._too_large(request)
            except (SuspiciousOperation, MultiPartParserError):
                return None  # too many fields, a broken multipart body: the view reports it
        return None

    @staticmethod
    def _forbidden_text(request):
        if request.path.startswith("/api/"):
            return problem_response(FORBIDDEN_TEXT_CODE, FORBIDDEN_TEXT_DETAIL, 422)
        return render(request, "400.html", {"detail": FORBIDDEN_TEXT_DETAIL}, status=400)

    @staticmethod
    def _too_large(request):
        detail = f"请求体过大：不能超过 {settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1024} KB（上传文件除外）。"
        if request.path.startswith("/api/"):
            return problem_response(TOO_LARGE_CODE, detail, 413)
        return render(request, "413.html", {"detail": detail}, status=413)


CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'{nonce}; style-src-attr 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_bearer_api_request(request):
            return self.get_response(request)  # JSON for a program, never rendered by a browser
        made = []

        def make_nonce() -> str:
            made.append(secrets.token_urlsafe(16))
            return made[0]

        request.csp_nonce = SimpleLazyObject(make_nonce)
        response = self.get_response(request)
        nonce = f" 'nonce-{made[0]}'" if made else ""
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY.format(nonce=nonce))
        return response
