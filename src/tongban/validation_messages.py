"""Chinese messages for request validation errors (pydantic's own are English)."""

from typing import Any

MESSAGES = {
    "missing": "必填项不能为空",
    "string_too_short": "长度不能少于 {min_length} 个字符",
    "string_too_long": "长度不能超过 {max_length} 个字符",
    "string_pattern_mismatch": "格式不正确",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "float_parsing": "应为数字",
    "bool_parsing": "应为是/否",
    "date_parsing": "日期格式应为 YYYY-MM-DD",
    "date_from_datetime_parsing": "日期格式应为 YYYY-MM-DD",
    "datetime_parsing": "时间格式应为 ISO 8601",
    "enum": "取值无效，可选值：{expected}",
    "literal_error": "取值无效，可选值：{expected}",
    "greater_than_equal": "不能小于 {ge}",
    "less_than_equal": "不能大于 {le}",
    "json_invalid": "请求体不是有效的 JSON",
    "model_attributes_type": "请求体格式不正确",
    "dict_type": "请求体格式不正确",
    "list_type": "应为列表",
}

# ninja prefixes locations with where the value came from; the client only needs the field.
_LOCATIONS = {"body", "query", "path", "header", "cookie", "form", "file", "payload", "filters"}


def _field(loc: tuple[Any, ...]) -> str:
    parts = [str(part) for part in loc if str(part) not in _LOCATIONS]
    return ".".join(parts) or "body"


def _message(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    if kind == "value_error":
        # Our own validators raise ValueError with a Chinese message; pydantic prefixes it.
        return str(error.get("msg", "")).removeprefix("Value error, ")
    template = MESSAGES.get(kind)
    if template is None:
        return "取值无效"
    try:
        return template.format(**(error.get("ctx") or {}))
    except (KeyError, IndexError):
        return template.split("，")[0]


def field_errors(errors: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [
        {"field": _field(tuple(error.get("loc", ()))), "code": error.get("type", "invalid"),
         "message": _message(error)}
        for error in errors
    ]
