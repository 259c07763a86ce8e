"""problem+json (RFC 9457) for every API refusal, field-level validation errors, the
registration contract (masking, audit) and the OpenAPI document."""

import enum
import re
import typing
from collections import defaultdict
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from pydantic import BaseModel

from tongban.accounts.constants import AgentCapacity, Role
from tongban.accounts.models import ApiToken, Enterprise, EnterpriseAgent, User
from tongban.api import api
from tongban.audit.models import AuditEntry

from .conftest import issue_token

PROBLEM_JSON = "application/problem+json"
CHINESE = re.compile(r"[\u4e00-\u9fff]")
VALID_ID_NUMBER = "370302199001011232"
VALID_USCC = "91371302MA3E5R7T2B"


def assert_problem(response, status: int, title: str, code: str, detail: str, errors=None) -> None:
    """The whole body, not a part of it: clients rely on every member."""
    assert response.status_code == status, response.content.decode()
    assert response["Content-Type"] == PROBLEM_JSON
    expected = {
        "type": f"https://tongban.example/problems/{code}",
        "title": title,
        "status": status,
        "code": code,
        "detail": detail,
    }
    if errors is not None:
        expected["errors"] = errors
    assert response.json() == expected


def citizen(**overrides) -> dict:
    return {
        "username": "wangwu",
        "password": "Tongban#2026",
        "real_name": "王五",
        "id_number": VALID_ID_NUMBER,
        "phone": "13812345678",
        **overrides,
    }


def post_json(client: Client, url: str, data) -> object:
    return client.post(url, data, content_type="application/json")


# --------------------------------------------------------------------------- 401 / 403 / 404


def test_401_without_credentials(demo) -> None:
    response = Client().get("/api/v1/me")

    assert_problem(response, 401, "需要登录", "auth.required", "请先登录或提供有效的接口令牌。")


def test_401_with_an_expired_token(demo) -> None:
    # given a token whose validity ended a second ago
    token = issue_token("zhangsan")
    ApiToken.objects.filter(user__username="zhangsan").update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )

    # when it is used
    response = Client(headers={"Authorization": f"Bearer {token}"}).get("/api/v1/me")

    # then the caller is anonymous
    assert_problem(response, 401, "需要登录", "auth.required", "请先登录或提供有效的接口令牌。")


def test_a_valid_token_identifies_its_owner(api_as) -> None:
    response = api_as("zhangsan").get("/api/v1/me")

    assert response.status_code == 200
    assert (response.json()["username"], response.json()["role"]) == ("zhangsan", Role.CITIZEN)


def test_403_for_a_role_without_access(api_as) -> None:
    response = api_as("zhangsan").get("/api/v1/audit/entries")

    assert_problem(response, 403, "无权访问", "auth.forbidden", "您无权执行此操作。")


def test_404_for_a_staff_id_that_does_not_exist(api_as) -> None:
    response = api_as("admin").get("/api/v1/staff/999999999")

    assert_problem(
        response, 404, "未找到", "staff.not_found", "未找到该工作人员，或不在您的管理范围内。"
    )


@pytest.mark.parametrize(
    "path", ["/api/v1/no-such-thing", "/api/v1/staff/1/no-such-action", "/api/v2/me"]
)
def test_404_for_an_unknown_api_path(path, api_as) -> None:
    response = api_as("admin").get(path)

    assert_problem(response, 404, "未找到", "not_found", "您访问的页面不存在或已被移除。")


def test_405_for_a_method_the_operation_does_not_have(demo) -> None:
    # when the token endpoint, which only takes POST, is read
    response = Client().get("/api/v1/auth/tokens")

    # then the refusal is a problem document like every other API error
    assert_problem(response, 405, "不支持的请求方法", "http.405", "不支持该请求方法。")
    assert response["Allow"] == "POST"


def test_409_for_a_taken_username(demo) -> None:
    response = post_json(Client(), "/api/v1/citizens", citizen(username="zhangsan"))

    assert_problem(
        response,
        409,
        "状态冲突",
        "user.username_taken",
        "该用户名已被使用。",
        errors=[
            {"field": "username", "code": "user.username_taken", "message": "该用户名已被使用。"}
        ],
    )


# --------------------------------------------------------------------------- 422 validation


def test_422_for_a_missing_field(demo) -> None:
    response = post_json(Client(), "/api/v1/auth/tokens", {"username": "zhangsan"})

    assert_problem(
        response,
        422,
        "输入有误",
        "request.invalid",
        "password：必填项不能为空",
        errors=[{"field": "password", "code": "missing", "message": "必填项不能为空"}],
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [("phone", "12805391234"), ("phone", "1380539123"), ("username", "wang wu")],
    ids=["phone_second_digit_2", "phone_10_digits", "username_with_space"],
)
def test_422_for_a_value_not_matching_its_pattern(field, value, demo) -> None:
    response = post_json(Client(), "/api/v1/citizens", citizen(**{field: value}))

    assert_problem(
        response,
        422,
        "输入有误",
        "request.invalid",
        f"{field}：格式不正确",
        errors=[{"field": field, "code": "string_pattern_mismatch", "message": "格式不正确"}],
    )
    assert not User.objects.filter(username="wangwu").exists()


@pytest.mark.parametrize(
    ("_case", "limit", "code", "message"),
    [
        ("below_minimum", 0, "greater_than_equal", "不能小于 1"),
        ("above_maximum", 201, "less_than_equal", "不能大于 200"),
    ],
)
def test_422_for_a_query_parameter_out_of_range(_case, limit, code, message, api_as) -> None:
    response = api_as("admin").get(f"/api/v1/audit/entries?limit={limit}")

    assert_problem(
        response,
        422,
        "输入有误",
        "request.invalid",
        f"limit：{message}",
        errors=[{"field": "limit", "code": code, "message": message}],
    )


@pytest.mark.parametrize("limit", [1, 200], ids=["minimum_1", "maximum_200"])
def test_query_parameter_at_its_bounds_is_accepted(limit, api_as) -> None:
    response = api_as("admin").get(f"/api/v1/audit/entries?limit={limit}")

    assert response.status_code == 200


def test_422_for_a_path_parameter_that_is_not_a_number(api_as) -> None:
    response = api_as("admin").get("/api/v1/staff/abc")

    assert_problem(
        response,
        422,
        "输入有误",
        "request.invalid",
        "staff_id：应为整数",
        errors=[{"field": "staff_id", "code": "int_parsing", "message": "应为整数"}],
    )


@pytest.mark.parametrize(
    ("id_number", "code", "message"),
    [
        ("370302199001011233", "id_number.check_digit", "身份证号码校验位错误"),
        ("370302199002301232", "id_number.birth_date", "身份证号码出生日期无效"),
        ("37030219900101123", "id_number.length", "身份证号码应为18位，当前为17位"),
        ("3703021990010112320", "id_number.length", "身份证号码应为18位，当前为19位"),
    ],
    ids=["bad_check_digit", "february_30", "17_digits", "19_digits"],
)
def test_422_for_an_invalid_id_number(id_number, code, message, demo) -> None:
    # given the number of users before
    users = User.objects.count()

    # when a citizen registers with an invalid 居民身份证号
    response = post_json(Client(), "/api/v1/citizens", citizen(id_number=id_number))

    # then the problem names the field and the rule, and no account was created
    assert_problem(
        response,
        422,
        "输入有误",
        code,
        message,
        errors=[{"field": "id_number", "code": code, "message": message}],
    )
    assert User.objects.count() == users


def test_422_for_an_invalid_uscc(api_as) -> None:
    # given the enterprises and mandates before
    enterprises, mandates = Enterprise.objects.count(), EnterpriseAgent.objects.count()

    # when the enterprise user registers a USCC with a wrong check character
    response = post_json(
        api_as("qiye"),
        "/api/v1/me/enterprises",
        {
            "uscc": VALID_USCC[:-1] + "C",
            "name": "临沂新开商贸有限公司",
            "legal_representative": "李华",
        },
    )

    # then the problem names the uscc field and nothing was created
    assert_problem(
        response,
        422,
        "输入有误",
        "uscc.check_digit",
        "统一社会信用代码校验位错误",
        errors=[
            {"field": "uscc", "code": "uscc.check_digit", "message": "统一社会信用代码校验位错误"}
        ],
    )
    assert (Enterprise.objects.count(), EnterpriseAgent.objects.count()) == (enterprises, mandates)


def test_400_for_a_body_that_is_not_json(demo) -> None:
    # when a client sends a broken JSON body
    response = Client().post("/api/v1/auth/tokens", "{not json", content_type="application/json")

    # then it is a problem document whose detail a Chinese-speaking user can read
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM_JSON
    body = response.json()
    assert (body["status"], body["title"]) == (400, "请求有误")
    assert CHINESE.search(body["detail"]), body["detail"]


# --------------------------------------------------------------------------- registrations


def test_citizen_registration_masks_personal_data_in_response_and_audit(demo) -> None:
    # when a citizen registers with a valid 居民身份证号
    response = post_json(Client(), "/api/v1/citizens", citizen())

    # then the account exists and the response shows only masked personal data
    assert response.status_code == 201
    created = User.objects.get(username="wangwu")
    assert response.json() == {
        "id": created.pk,
        "username": "wangwu",
        "display_name": "王五",
        "role": Role.CITIZEN,
        "department_code": None,
        "region_code": None,
        "phone": "138****5678",
        "is_locked": False,
        "real_name": "王五",
        "id_number": "370302********1232",
    }
    assert VALID_ID_NUMBER not in response.content.decode()
    assert created.id_number == VALID_ID_NUMBER
    # and the audit entry keeps only masked values
    entry = AuditEntry.objects.get(stream=f"accounts.user:{created.pk}")
    assert (entry.sequence, entry.action, entry.actor) == (1, "user.registered", created)
    assert entry.before is None
    assert entry.after == {
        "username": "wangwu",
        "id_number": "370302********1232",
        "phone": "138****5678",
    }


def test_registered_citizen_can_take_a_token(demo) -> None:
    post_json(Client(), "/api/v1/citizens", citizen())

    response = Client(headers={"Authorization": f"Bearer {issue_token('wangwu')}"}).get(
        "/api/v1/me"
    )

    assert response.json()["username"] == "wangwu"


def test_enterprise_registration_links_the_legal_representative(api_as, user) -> None:
    # when 李华 registers an enterprise whose 法定代表人 is 李华
    response = post_json(
        api_as("qiye"),
        "/api/v1/me/enterprises",
        {
            "uscc": VALID_USCC,
            "name": "临沂新开商贸有限公司",
            "legal_representative": "李华",
        },
    )

    # then the enterprise exists, he is linked as 法定代表人, and it is audited
    assert response.status_code == 201
    assert response.json() == {
        "uscc": VALID_USCC,
        "name": "临沂新开商贸有限公司",
        "legal_representative": "李华",
    }
    enterprise = Enterprise.objects.get(uscc=VALID_USCC)
    agent = EnterpriseAgent.objects.get(enterprise=enterprise)
    assert (agent.user, agent.capacity) == (user("qiye"), AgentCapacity.LEGAL_REPRESENTATIVE)
    entries = AuditEntry.objects.filter(stream=f"accounts.enterprise:{enterprise.pk}").order_by("sequence")
    assert [(entry.action, entry.after) for entry in entries] == [
        ("enterprise.registered", {"uscc": VALID_USCC, "name": "临沂新开商贸有限公司"}),
        ("enterprise.agent_linked", {"user": "qiye", "capacity": "legal_representative"}),
    ]


# --------------------------------------------------------------------------- OpenAPI


def test_openapi_lists_the_endpoints_and_the_bearer_scheme(demo) -> None:
    # when anyone reads the OpenAPI document
    response = Client().get("/api/v1/openapi.json")

    # then it lists the operations and documents bearer authentication
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "通办 Tongban API"
    assert {
        "/api/v1/regions",
        "/api/v1/departments",
        "/api/v1/halls",
        "/api/v1/auth/tokens",
        "/api/v1/citizens",
        "/api/v1/me",
        "/api/v1/me/enterprises",
        "/api/v1/me/departments",
        "/api/v1/staff",
        "/api/v1/staff/{staff_id}",
        "/api/v1/staff/{staff_id}/unlock",
        "/api/v1/audit/entries",
    } <= set(schema["paths"])
    assert set(schema["paths"]["/api/v1/me/enterprises"]) == {"get", "post"}
    schemes = schema["components"]["securitySchemes"]
    assert schemes == {"ActorAuth": {"type": "http", "scheme": "bearer"}}
    assert schema["paths"]["/api/v1/me"]["get"]["security"] == [{"ActorAuth": []}]
    assert "security" not in schema["paths"]["/api/v1/auth/tokens"]["post"]


def test_api_docs_page_renders(demo) -> None:
    response = Client().get("/api/docs")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "/api/v1/openapi.json" in page
    assert "swagger" in page.lower()


def _component_classes() -> dict[str, set[type]]:
    """Every model and enum an operation's parameters, body or responses reach, by the name it
    gets under components/schemas (its class name)."""
    found: dict[str, set[type]] = defaultdict(set)
    seen: set[type] = set()

    def walk(annotation) -> None:
        for arg in typing.get_args(annotation):
            walk(arg)
        if not isinstance(annotation, type) or annotation in seen:
            return
        seen.add(annotation)
        if issubclass(annotation, enum.Enum):
            found[annotation.__name__].add(annotation)
        elif issubclass(annotation, BaseModel):
            # ninja's per-operation wrappers of parameters and responses get no component
            if not hasattr(annotation, "__ninja_param_source__") and annotation.__name__ != "NinjaResponseSchema":
                found[annotation.__name__].add(annotation)
            for field in annotation.model_fields.values():
                walk(field.annotation)

    for router in api._get_bound_routers():
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for model in operation.models:
                    walk(model)
                for model in operation.response_models.values():
                    walk(model)
    return found


def test_every_openapi_component_name_belongs_to_one_class() -> None:
    # ninja files every model under its class name: two routers' `TransitionIn` would share one
    # entry, and the document would describe one operation's body with the other's fields.
    collisions = {
        name: sorted(f"{cls.__module__}.{cls.__qualname__}" for cls in classes)
        for name, classes in _component_classes().items() if len(classes) > 1
    }

    assert collisions == {}


# --------------------------------------------------------------------------- text no database can hold

FORBIDDEN_TEXT = ("request.forbidden_characters",
                  "请求中含有不允许的字符（空字符 U+0000 或不成对的 Unicode 代理字符），请删除后重试。")


@pytest.mark.parametrize("url", [
    "/api/v1/catalog/items?q=%00",
    "/api/v1/cases/track?number=%00&last4=1234",
    "/api/v1/cases/%00",
    "/api/v1/tickets/%00abc",
])
def test_422_for_a_nul_in_the_path_or_query(url, api_as) -> None:
    # PostgreSQL refuses NUL in any string: it used to surface as a 500, for anonymous callers too
    for client in (Client(), api_as("shouli")):
        assert_problem(client.get(url), 422, "输入有误", *FORBIDDEN_TEXT)


@pytest.mark.parametrize("escape", ["\\u0000", "\\ud800", "\\udfff", "\\ud83d x"], ids=["nul", "high", "low", "split_pair"])
@pytest.mark.parametrize(("user", "url", "template"), [
    ("zhangsan", "/api/v1/cases", '{"item_code": "%s", "applicant": {}}'),
    ("zhangsan", "/api/v1/ratings", '{"case_number": "%s", "level": 5}'),
    ("zhangsan", "/api/v1/tickets/online", '{"kind": "consult", "category": "x", "content": "%s", "region": "x"}'),
    ("admin", "/api/v1/tickets", '{"kind": "consult", "category": "x", "caller_name": "%s"}'),
    ("admin", "/api/v1/tickets/12345-1/merge", '{"duplicates": ["%s"]}'),
    ("admin", "/api/v1/citizens", '{"%s": "key, not value"}'),
], ids=["case", "rating", "online_ticket", "ticket", "ticket_merge", "in_a_key"])
def test_422_for_a_nul_or_lone_surrogate_in_a_json_body(user, url, template, escape, api_as) -> None:
    response = post_json(api_as(user), url, template % escape)

    assert_problem(response, 422, "输入有误", *FORBIDDEN_TEXT)


@pytest.mark.parametrize("text", ["\\ud83d\\ude00", "\\\\u0000", "\\\\ud800"], ids=["surrogate_pair", "escaped_backslash_nul", "escaped_backslash_surrogate"])
def test_escapes_that_stand_for_valid_text_pass(text, demo) -> None:
    # an emoji written as a surrogate pair, or the six characters `\u0000` themselves, are text
    response = post_json(Client(), "/api/v1/auth/tokens", '{"username": "%s", "password": "x"}' % text)  # noqa: UP031 - JSON braces unescaped

    assert response.json()["code"] != FORBIDDEN_TEXT[0]


def _one_pixel_png() -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff"))
            + chunk(b"IEND", b""))


def test_a_file_may_contain_nul_bytes(api_as) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("照片.png", _one_pixel_png())
    assert b"\x00" in upload.read(64)  # chunk lengths alone hold NUL bytes
    upload.seek(0)
    response = api_as("zhangsan").post("/api/v1/cases/uploads", {"file": upload})

    assert response.status_code == 201, response.content.decode()


def test_a_nul_in_a_multipart_text_field_is_refused(api_as) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("照片.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    response = api_as("zhangsan").post("/api/v1/cases/uploads", {"file": upload, "note": "a\x00b"})

    assert_problem(response, 422, "输入有误", *FORBIDDEN_TEXT)


@pytest.mark.parametrize(("method", "url", "data"), [
    ("get", "/catalog/?q=%00", None),
    ("get", "/cases/track/?number=%00&last4=1234", None),
    ("post", "/accounts/login/", {"username": "zhangsan\x00", "password": "x"}),
])
def test_pages_answer_a_nul_with_a_400_page(method, url, data, demo) -> None:
    client = Client()
    response = client.get(url) if method == "get" else client.post(url, data)

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert FORBIDDEN_TEXT[1] in response.content.decode()


# --------------------------------------------------------------------------- body size


def test_413_for_a_json_body_over_the_limit(settings, api_as) -> None:
    # given a body one byte over DATA_UPLOAD_MAX_MEMORY_SIZE
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    body = '{"item_code": "%s"}' % ("x" * (limit + 1 - len('{"item_code": ""}')))
    assert len(body) == limit + 1

    response = post_json(api_as("zhangsan"), "/api/v1/cases", body)

    assert_problem(response, 413, "请求体过大", "request.too_large",
                   f"请求体过大：不能超过 {limit // 1024} KB（上传文件除外）。")


def test_a_json_body_at_the_limit_is_read(settings, api_as) -> None:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    body = '{"item_code": "%s"}' % ("x" * (limit - len('{"item_code": ""}')))

    response = post_json(api_as("zhangsan"), "/api/v1/cases", body)

    assert response.status_code == 422
    assert response.json()["code"] != "request.too_large"


def test_pages_answer_a_form_over_the_limit_with_a_413_page(settings, demo) -> None:
    response = Client().post("/accounts/login/", {"username": "x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE})

    assert response.status_code == 413
    assert "请求体过大" in response.content.decode()


@pytest.mark.parametrize("limit", [-3, 0, 1000])
def test_my_cases_with_a_limit_out_of_range_is_a_422(limit, api_as) -> None:
    # every page size is bounded alike: tests/test_api_page_sizes.py
    response = api_as("zhangsan").get(f"/api/v1/me/cases?limit={limit}")

    assert (response.status_code, response["Content-Type"]) == (422, PROBLEM_JSON), response.content.decode()
