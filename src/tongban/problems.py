"""RFC 9457 problem+json responses: a stable `code` for programs, a Chinese `detail` for people."""

from django.http import JsonResponse
from ninja import Schema
from pydantic import ConfigDict, Field

from tongban.core.errors import DomainError, InvalidInput

PROBLEM_CONTENT_TYPE = "application/problem+json"

TITLES = {
    400: "请求有误",
    401: "需要登录",
    403: "无权访问",
    404: "未找到",
    405: "不支持的请求方法",
    409: "状态冲突",
    413: "请求体过大",
    422: "输入有误",
    429: "请求过于频繁",
    500: "服务器内部错误",
}


class FieldProblem(Schema):
    field: str = Field(description="出错的字段（嵌套字段以 . 连接）")
    code: str
    message: str = Field(description="中文说明")


class Problem(Schema):
    """What every API refusal carries (documented on every operation, see tongban.api)."""

    model_config = ConfigDict(extra="allow", title="Problem")

    type: str
    title: str = Field(description="状态码的中文名称")
    status: int
    code: str = Field(description="稳定的错误码，供程序判断")
    detail: str = Field(description="中文说明，可直接展示给用户")
    errors: list[FieldProblem] | None = Field(None, description="逐字段的错误")


def problem_response(
    code: str, detail: str, status: int, *, errors: list[dict] | None = None, **extra
) -> JsonResponse:
    body = {
        "type": f"https://tongban.example/problems/{code}",
        "title": TITLES.get(status, "错误"),
        "status": status,
        "code": code,
        "detail": detail,
        **extra,
    }
    if errors:
        body["errors"] = errors
    return JsonResponse(
        body, status=status, content_type=PROBLEM_CONTENT_TYPE, json_dumps_params={"ensure_ascii": False}
    )


def problem_from_error(error: DomainError) -> JsonResponse:
    if isinstance(error, InvalidInput):
        errors = [{"field": e.field, "code": e.code, "message": e.message} for e in error.errors]
    elif error.field:
        errors = [{"field": error.field, "code": error.code, "message": error.message}]
    else:
        errors = None
    return problem_response(error.code, error.message, error.status, errors=errors)


# Responses Django or ninja produce without going through our handlers (e.g. 405 from the
# router), rewritten so every API error is a problem document.
FALLBACK_DETAILS = {
    400: ("http.400", "请求有误。"),
    404: ("not_found", "未找到请求的资源。"),
    405: ("http.405", "不支持该请求方法。"),
    413: ("http.413", "请求体过大。"),
}


class ApiProblemMiddleware:
    """Turn any non-JSON error reply under /api/ into application/problem+json."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (request.path.startswith("/api/") and response.status_code in FALLBACK_DETAILS
                and "json" not in response.get("Content-Type", "")):
            code, detail = FALLBACK_DETAILS[response.status_code]
            problem = problem_response(code, detail, response.status_code)
            if response.has_header("Allow"):
                problem["Allow"] = response["Allow"]
            return problem
        return response
