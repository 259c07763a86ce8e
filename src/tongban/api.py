"""The one NinjaAPI: each app's router, bearer/session auth, problem+json errors."""

import logging
import re

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer
from ninja.utils import check_csrf

from tongban.accounts.api import router as accounts_router
from tongban.audit.api import router as audit_router
from tongban.calendar_admin.api import router as calendar_router
from tongban.cases.api import router as cases_router
from tongban.catalog.api import router as catalog_router
from tongban.catalog.excel.api import router as catalog_excel_router
from tongban.core.errors import DomainError
from tongban.ratings.api import router as ratings_router
from tongban.hotline.api import router as hotline_router
from tongban.metrics.api import router as metrics_router
from tongban.rules.api import router as rules_router
from tongban.licences.api import router as licences_router
from tongban.supervision.api import router as supervision_router
from tongban.policies.api import router as policies_router
from tongban.vouchers.api import router as vouchers_router
from tongban.procedures.api import router as procedures_router
from tongban.ledger.api import router as ledger_router
from tongban.problems import (
    FALLBACK_DETAILS, PROBLEM_CONTENT_TYPE, TITLES, Problem, problem_from_error, problem_response,
)

from .validation_messages import field_errors

logger = logging.getLogger(__name__)


class ActorAuth(HttpBearer):
    """Bearer token for API clients, or the page session for the site's own htmx calls.

    BearerTokenMiddleware has already resolved the token into request.user; this class
    documents the scheme in OpenAPI and adds the CSRF check that session-cookie writes need.
    """

    def __call__(self, request):
        user = request.user
        if not user.is_authenticated:
            return None
        by_session = not getattr(request, "authenticated_by_token", False)
        if by_session and request.method not in ("GET", "HEAD", "OPTIONS") and check_csrf(request) is not None:
            raise DomainError("auth.csrf_failed", "页面已过期或请求来源无法验证（CSRF），请刷新页面后重试。",
                              status=403)
        return user

    def authenticate(self, request, token):  # pragma: no cover - __call__ does the work
        return None


def problem_statuses(path: str, method: str, operation: dict, paths: dict) -> set[int]:
    """The refusals an operation can answer with, from what every request passes through:
    RequestGuardMiddleware (422 for forbidden text, 413 / 400 for bodies), the access policy
    (401 / 403 where a token is required), lookups of what a parameter or body names (404), the
    state checks of every write (409), and a path parameter that spells a sibling route lacking
    the method (GET /tickets/online: 405)."""
    statuses = {422} | EXTRA_PROBLEMS.get((method, path), set())
    if "requestBody" in operation:
        statuses |= {400, 413}
    if operation.get("security"):
        statuses |= {401, 403}
    if operation["parameters"] or "requestBody" in operation:
        statuses.add(404)
    if method != "get":
        statuses.add(409)
    if "{" in path:
        template = re.compile(re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)) + "$")
        if any(template.match(other) and method not in paths[other] for other in paths if "{" not in other):
            statuses.add(405)
    return statuses


# Refusals beyond problem_statuses, by (method, path): wrong credentials, throttles.
EXTRA_PROBLEMS: dict[tuple[str, str], set[int]] = {
    ("post", "/api/v1/auth/tokens"): {401},
    ("get", "/api/v1/cases/track"): {429},
}


class TongbanAPI(NinjaAPI):
    """NinjaAPI whose OpenAPI document lists the problem+json replies of every operation."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        problem = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
        schema["components"]["schemas"].update(problem.pop("$defs"), Problem=problem)
        reply = {"$ref": "#/components/schemas/Problem"}
        paths = schema["paths"]
        for path, operations in paths.items():
            for method, operation in operations.items():
                for status in sorted(problem_statuses(path, method, operation, paths)):
                    operation["responses"].setdefault(status, {
                        "description": TITLES[status], "content": {PROBLEM_CONTENT_TYPE: {"schema": reply}}})
        return schema


api = TongbanAPI(
    title="通办 Tongban API",
    version="1",
    description="一网通办政务服务平台接口。错误以 application/problem+json 返回，含稳定的 code 与中文 detail。",
    urls_namespace="api",
    docs_url=None,
    auth=ActorAuth(),
)
api.add_router("/", accounts_router)
api.add_router("/", audit_router)
api.add_router("/", calendar_router)
api.add_router("/", catalog_router)
api.add_router("/", catalog_excel_router)
api.add_router("/", cases_router)
api.add_router("/", ratings_router)
api.add_router("/", hotline_router)
api.add_router("/", metrics_router)
api.add_router("/", rules_router)
api.add_router("/", licences_router)
api.add_router("/", supervision_router)
api.add_router("/", policies_router)
api.add_router("/", vouchers_router)
api.add_router("/", procedures_router)
api.add_router("/", ledger_router)


@api.exception_handler(DomainError)
def on_domain_error(request, error: DomainError):
    return problem_from_error(error)


@api.exception_handler(ValidationError)
def on_validation_error(request, error: ValidationError):
    errors = field_errors(error.errors)
    detail = "；".join(f"{item['field']}：{item['message']}" for item in errors) or "请求参数有误。"
    return problem_response("request.invalid", detail, 422, errors=errors)


@api.exception_handler(AuthenticationError)
def on_authentication_error(request, error):
    return problem_response("auth.required", "请先登录或提供有效的接口令牌。", 401)


@api.exception_handler(PermissionDenied)
def on_permission_denied(request, error):
    return problem_response("auth.forbidden", "您无权执行此操作。", 403)


@api.exception_handler(Http404)
def on_not_found(request, error):
    return problem_response("not_found", "未找到请求的资源。", 404)


@api.exception_handler(ObjectDoesNotExist)
def on_object_missing(request, error):
    return problem_response("not_found", "未找到请求的资源。", 404)


@api.exception_handler(HttpError)
def on_http_error(request, error: HttpError):
    # ninja's own HttpErrors carry English text ("Cannot parse request body"): speak Chinese.
    if error.status_code == 400:
        return problem_response("request.unparsable", "请求体无法解析：应为有效的 JSON 或表单数据。", 400)
    code, detail = FALLBACK_DETAILS.get(error.status_code, (f"http.{error.status_code}", "请求未能完成。"))
    return problem_response(code, detail, error.status_code)


@api.exception_handler(Exception)
def on_unexpected(request, error: Exception):
    logger.exception("unhandled API error on %s %s", request.method, request.path)
    return problem_response("server.error", "服务器内部错误，请稍后重试；问题已记录。", 500)
