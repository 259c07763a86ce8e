"""Access matrix: every URL has a rule, every persona gets exactly what the rule says, and
staff records are only visible and unlockable inside the viewer's scope."""

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone, translation

from tongban.accounts import services as accounts
from tongban.accounts.errors import LoginError
from tongban.accounts.models import User
from tongban.accounts.policy import rule_for
from tongban.api import api
from tongban.audit.models import AuditEntry

from .conftest import PERSONAS, issue_token

ANONYMOUS = "anonymous"
PROBLEM_JSON = "application/problem+json"

# Guarded by their own mechanism (Django admin checks is_staff itself).
SELF_GUARDED_NAMESPACES = {"admin"}
# Infrastructure without a role rule: the OpenAPI document and Swagger UI (public by the
# middleware's own list) and ninja's API root, which exists only so ninja can compute paths.
INFRASTRUCTURE = {"api:openapi-json", "api_docs", "api:api-root"}

# Path parameters filled with a real object: parameter name → demo persona whose id to use.
SAMPLE_OBJECTS = {"staff_id": "shenpi"}
# Anything else still gets a well-formed placeholder, so the access rule is exercised anyway.
PLACEHOLDERS = {
    "int": "1",
    "str": "x",
    "slug": "x",
    "uuid": "00000000-0000-0000-0000-000000000000",
    "path": "x",
}
PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


@dataclass(frozen=True)
class Route:
    view_name: str
    route: str
    methods: tuple[str, ...]

    @property
    def is_api(self) -> bool:
        return self.route.startswith("api/")

    def __str__(self) -> str:
        return self.view_name


def walk(patterns, prefix: str = "", namespaces: tuple[str, ...] = ()):
    """(view name or None, route, namespaces) of every URL pattern, resolvers unfolded."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespaces + ((pattern.namespace,) if pattern.namespace else ())
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = ":".join((*namespaces, pattern.name)) if pattern.name else None
            yield name, prefix + str(pattern.pattern), namespaces


def api_methods(view_name: str, route: str, schema: dict) -> tuple[str, ...]:
    """HTTP methods of one API operation, from the OpenAPI document.

    ninja adds one URL pattern per operation, so operations sharing a path (GET and POST
    /me/enterprises) have the same route; only the document says which method is whose.
    """
    path = "/" + PARAMETER.sub(r"{\g<name>}", route)
    suffix = "_" + view_name.removeprefix("api:")
    return tuple(
        method.upper()
        for method, operation in schema["paths"].get(path, {}).items()
        if operation["operationId"].endswith(suffix)
    )


def project_routes() -> list[Route]:
    routes, schema = [], api.get_openapi_schema()
    for name, route, namespaces in walk(get_resolver().url_patterns):
        if set(namespaces) & SELF_GUARDED_NAMESPACES or name in INFRASTRUCTURE or name is None:
            continue
        methods = api_methods(name, route, schema) if route.startswith("api/") else ("GET", "POST")
        routes.append(Route(name, route, methods))
    return routes


ROUTES = project_routes()


def url_of(route: Route) -> str:
    kwargs = {}
    for match in PARAMETER.finditer(route.route):
        name, converter = match["name"], match["converter"] or "str"
        if name in SAMPLE_OBJECTS:
            kwargs[name] = str(User.objects.get(username=SAMPLE_OBJECTS[name]).pk)
        else:
            kwargs[name] = PLACEHOLDERS[converter]
    return reverse(route.view_name, kwargs=kwargs)


def send(client: Client, method: str, url: str, *, api_call: bool):
    if method == "GET":
        return client.get(url)
    if api_call:
        return client.generic(method, url, "{}", content_type="application/json")
    return client.generic(method, url, "", content_type="application/x-www-form-urlencoded")


def problem(response) -> dict:
    assert response["Content-Type"] == PROBLEM_JSON, response.content.decode()
    return response.json()


def locked(username: str, now: datetime) -> User:
    """Lock an account the way it happens in life: LOGIN_MAX_FAILURES wrong passwords."""
    for _ in range(settings.LOGIN_MAX_FAILURES):
        with pytest.raises(LoginError):
            accounts.login_with_lockout(username, "Wrong#0000", now=now)
    account = User.objects.get(username=username)
    assert account.locked_until == now + timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    return account


@pytest.fixture
def lockout_settings(settings):
    settings.LOGIN_MAX_FAILURES = 5
    settings.LOGIN_LOCKOUT_MINUTES = 15
    return settings


# --------------------------------------------------------------------------- rule coverage


def test_every_named_route_has_an_access_rule() -> None:
    # given every URL of the project, the API's operations included
    names = [
        name
        for name, _route, namespaces in walk(get_resolver().url_patterns)
        if not set(namespaces) & SELF_GUARDED_NAMESPACES and name not in INFRASTRUCTURE
    ]

    # then each one is named (a rule needs a name) and has a rule (deny by default otherwise)
    assert None not in names
    assert [name for name in names if rule_for(name) is None] == []
    assert {
        "portal:home",
        "accounts:staff_unlock",
        "api:get_staff",
        "api:unlock_staff",
        "api:list_audit_entries",
    } <= set(names)


def test_every_api_operation_is_in_the_matrix_with_its_methods() -> None:
    # given the API routes the matrix walks
    methods = {route.view_name: route.methods for route in ROUTES if route.is_api}

    # then each has the methods of its operation, even where two share a path
    assert methods["api:list_my_enterprises"] == ("GET",)
    assert methods["api:register_enterprise"] == ("POST",)
    assert methods["api:unlock_staff"] == ("POST",)
    assert [name for name, verbs in methods.items() if not verbs] == []


def test_personas_have_the_roles_the_matrix_assumes(personas) -> None:
    assert {name: person.role for name, person in personas.items()} == PERSONAS


def test_infrastructure_is_public_and_never_fails(demo) -> None:
    # when an anonymous visitor opens the API document and its UI
    openapi = Client().get("/api/v1/openapi.json")
    docs = Client().get("/api/docs")

    # then both are served
    assert (openapi.status_code, docs.status_code) == (200, 200)


# --------------------------------------------------------------------------- the matrix


@pytest.mark.parametrize("persona", [ANONYMOUS, *PERSONAS])
@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_access_matrix(route: Route, persona: str, user, client_as) -> None:
    # given the persona's page session (or none) and the route with real ids filled in
    anonymous = persona == ANONYMOUS
    client = Client() if anonymous else client_as(persona)
    viewer = AnonymousUser() if anonymous else user(persona)
    rule = rule_for(route.view_name)
    admitted = rule is not None and rule.admits(viewer)
    url = url_of(route)

    for method in route.methods:
        audit_entries = AuditEntry.objects.count()

        # when the persona sends the request
        response = send(client, method, url, api_call=route.is_api)

        # then the response is exactly what the rule says
        where = f"{persona} {method} {url} → {response.status_code}"
        if admitted:
            assert response.status_code not in (401, 403, 500), where
            assert not response.get("Location", "").startswith("/accounts/login/"), where
            continue
        if anonymous and route.is_api:
            assert response.status_code == 401, where
            assert problem(response)["code"] == "auth.required", where
        elif anonymous:
            assert response.status_code == 302, where
            assert response["Location"] == f"/accounts/login/?next={url}", where
        elif route.is_api:
            assert response.status_code == 403, where
            assert problem(response)["code"] == "auth.forbidden", where
        else:
            assert response.status_code == 403, where
            assert "403 无权访问" in response.content.decode(), where
        # and a refused request leaves no trace in the audit log
        assert AuditEntry.objects.count() == audit_entries, where


@pytest.mark.parametrize("persona", list(PERSONAS))
def test_api_matrix_with_bearer_token(persona: str, user) -> None:
    # given an API client holding the persona's bearer token and no session
    client = Client(headers={"Authorization": f"Bearer {issue_token(persona)}"})
    viewer = user(persona)
    wrong = []

    for route in (route for route in ROUTES if route.is_api):
        rule = rule_for(route.view_name)
        admitted = rule is not None and rule.admits(viewer)
        for method in route.methods:
            # when it calls the operation
            response = send(client, method, url_of(route), api_call=True)

            # then the token's user is judged by the same rule as a page session
            if admitted and response.status_code in (401, 403, 500):
                wrong.append((route.view_name, method, response.status_code))
            if not admitted and response.status_code != 403:
                wrong.append((route.view_name, method, response.status_code))

    assert wrong == []


def test_invalid_bearer_token_is_anonymous_even_with_a_session(client_as) -> None:
    # given a signed-in page session that also sends a bearer token that does not exist
    client = client_as("admin")

    # when it calls an API operation admins may use
    response = client.get("/api/v1/staff", headers={"Authorization": "Bearer tb_not-a-token"})

    # then the token alone decides: nobody is signed in
    assert response.status_code == 401
    assert problem(response)["code"] == "auth.required"


def test_pages_negotiate_their_language_and_a_bearer_client_is_answered_in_the_site_language(
        client_as, api_as) -> None:
    # given a page asked for in English: Django's negotiation applies and the thread keeps "en"
    page = client_as("kezhang").get("/", headers={"Accept-Language": "en"})
    assert (page["Content-Language"], page["X-Frame-Options"]) == ("en", "DENY")
    assert translation.get_language() == "en"

    # when an API client asks in English with its bearer token
    reply = api_as("kezhang").get("/api/v1/me", headers={"Accept-Language": "en"})

    # then it is answered in the site's language, which is active again, and not framed-guarded
    assert reply.status_code == 200 and reply["Content-Language"] == settings.LANGUAGE_CODE == "zh-hans"
    assert translation.get_language() == "zh-hans"
    assert not reply.has_header("X-Frame-Options")


def test_session_write_to_the_api_needs_the_csrf_token(user, lockout_settings) -> None:
    # given a locked reviewer and his department head signed in with a CSRF-checking browser
    now = timezone.now()
    shenpi = locked("shenpi", now)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user("kezhang"))
    audit_entries = AuditEntry.objects.count()

    # when the head's session posts the unlock without a CSRF token
    response = client.post(f"/api/v1/staff/{shenpi.pk}/unlock", content_type="application/json")

    # then it is refused as a forged request (not as "please log in") and nothing changed
    assert response.status_code == 403
    assert problem(response)["code"] == "auth.csrf_failed"
    assert User.objects.get(pk=shenpi.pk).locked_until == shenpi.locked_until
    assert AuditEntry.objects.count() == audit_entries


# --------------------------------------------------------------------------- object scope

SEES = [
    ("kezhang", "shenpi"),
    ("kezhang", "jiancha"),
    ("kezhang", "kezhang"),
    ("kezhang_zj", "shenpi_zj"),
    ("zhuren", "shenpi"),
    ("zhuren", "shenpi_zj"),
    ("zhuren", "shouli_zy"),
    ("zhuren_zy", "shouli_zy"),
    ("admin", "shenpi_zj"),
    ("admin", "zhuren_zy"),
]
DOES_NOT_SEE = [
    ("kezhang", "shenpi_zj"),
    ("kezhang", "shouli"),
    ("kezhang", "zhuren"),
    ("kezhang_zj", "shenpi"),
    ("zhuren_zy", "shenpi"),
    ("zhuren_zy", "shenpi_zj"),
    ("zhuren_zy", "kezhang"),
    ("zhuren_zy", "shouli"),
    ("zhuren_zy", "zhuren"),
    ("zhuren", "admin"),  # nobody but administrators manages an administrator
    ("admin", "zhangsan"),  # citizens are not staff records at all
]


def pair_id(pair: tuple[str, str]) -> str:
    return f"{pair[0]}->{pair[1]}"


@pytest.mark.parametrize(("viewer", "target"), SEES, ids=map(pair_id, SEES))
def test_staff_detail_inside_scope(viewer, target, user, api_as) -> None:
    # given a staff member inside the viewer's scope
    staff = user(target)

    # when the viewer opens the record
    response = api_as(viewer).get(f"/api/v1/staff/{staff.pk}")

    # then it is shown, personal data masked
    assert response.status_code == 200
    body = response.json()
    assert (body["id"], body["username"], body["role"]) == (staff.pk, target, staff.role)
    assert body["phone"] == staff.phone[:3] + "****" + staff.phone[-4:]


@pytest.mark.parametrize(("viewer", "target"), DOES_NOT_SEE, ids=map(pair_id, DOES_NOT_SEE))
def test_staff_detail_outside_scope_is_not_found(viewer, target, user, api_as) -> None:
    # given a person outside the viewer's scope
    staff = user(target)

    # when the viewer opens the record
    response = api_as(viewer).get(f"/api/v1/staff/{staff.pk}")

    # then it does not exist as far as the viewer can tell
    assert response.status_code == 404
    body = problem(response)
    assert (body["code"], body["detail"]) == (
        "staff.not_found",
        "未找到该工作人员，或不在您的管理范围内。",
    )


@pytest.mark.parametrize(
    ("viewer", "usernames"),
    [
        ("kezhang", {"shenpi", "kezhang", "jiancha"}),
        ("kezhang_zj", {"shenpi_zj", "kezhang_zj"}),
        ("zhuren_zy", {"zhuren_zy", "shouli_zy"}),
    ],
)
def test_staff_list_is_cut_to_scope(viewer, usernames, api_as) -> None:
    # when the viewer lists staff
    response = api_as(viewer).get("/api/v1/staff")

    # then exactly the staff in scope are listed
    assert response.status_code == 200
    assert {item["username"] for item in response.json()["items"]} == usernames
    assert response.json()["next_cursor"] is None


def test_admin_staff_list_sees_every_staff_member_and_no_citizen(api_as) -> None:
    # when the admin lists staff
    items = api_as("admin").get("/api/v1/staff?limit=200").json()["items"]

    # then every staff persona is there, and no citizen or enterprise user
    names = {item["username"] for item in items}
    assert {n for n, role in PERSONAS.items() if role not in ("citizen", "enterprise")} <= names
    assert names & {"zhangsan", "lisi", "qiye"} == set()


@pytest.mark.parametrize("persona", ["kezhang", "admin"])
def test_staff_list_endpoint_query_count_does_not_grow_with_rows(
    persona, client_as, django_assert_num_queries
) -> None:
    client = client_as(persona)

    # session, user, one page of staff with department and region joined
    with django_assert_num_queries(3):
        response = client.get("/api/v1/staff")
    assert response.status_code == 200


UNLOCKS = [
    ("kezhang", "shenpi"),
    ("zhuren", "shenpi_zj"),
    ("zhuren_zy", "shouli_zy"),
    ("admin", "kezhang_zj"),
]
REFUSED_UNLOCKS = [
    ("kezhang", "shenpi_zj"),
    ("kezhang_zj", "shenpi"),
    ("zhuren_zy", "shenpi"),
    ("zhuren_zy", "shouli"),
]


@pytest.mark.parametrize(("actor", "target"), UNLOCKS, ids=map(pair_id, UNLOCKS))
def test_unlock_inside_scope(actor, target, user, api_as, lockout_settings) -> None:
    # given a locked staff account inside the actor's scope
    staff = locked(target, timezone.now())
    client = api_as(actor)
    audit_entries = AuditEntry.objects.count()

    # when the actor unlocks it through the API
    response = client.post(f"/api/v1/staff/{staff.pk}/unlock")

    # then the lock is gone and the unlock is audited under the actor's name
    assert response.status_code == 200
    assert (response.json()["username"], response.json()["is_locked"]) == (target, False)
    assert User.objects.get(pk=staff.pk).locked_until is None
    assert AuditEntry.objects.count() == audit_entries + 1
    entry = AuditEntry.objects.get(stream=f"accounts.user:{staff.pk}", action="account.unlocked")
    assert entry.actor == user(actor)
    assert entry.before == {"locked_until": staff.locked_until.isoformat()}
    assert entry.after == {"locked_until": None}


@pytest.mark.parametrize(("actor", "target"), REFUSED_UNLOCKS, ids=map(pair_id, REFUSED_UNLOCKS))
def test_unlock_outside_scope_changes_nothing(actor, target, api_as, lockout_settings) -> None:
    # given a locked staff account outside the actor's scope
    staff = locked(target, timezone.now())
    client = api_as(actor)
    audit_entries = AuditEntry.objects.count()

    # when the actor tries to unlock it
    response = client.post(f"/api/v1/staff/{staff.pk}/unlock")

    # then it is not found, still locked, and the log has no new entry
    assert response.status_code == 404
    assert problem(response)["code"] == "staff.not_found"
    assert User.objects.get(pk=staff.pk).locked_until == staff.locked_until
    assert AuditEntry.objects.count() == audit_entries


def test_unlock_page_inside_scope(client_as, lockout_settings) -> None:
    # given a locked reviewer and his department head on the staff page
    staff = locked("shenpi", timezone.now())
    client = client_as("kezhang")

    # when the head presses 解锁
    response = client.post(f"/accounts/staff/{staff.pk}/unlock/", follow=True)

    # then the lock is lifted and the page says so
    assert response.redirect_chain == [("/accounts/staff/", 302)]
    assert "已解除 赵强 的登录锁定。" in response.content.decode()
    assert User.objects.get(pk=staff.pk).locked_until is None


def test_unlock_page_outside_scope_changes_nothing(client_as, lockout_settings) -> None:
    # given a locked reviewer of another department
    staff = locked("shenpi_zj", timezone.now())
    client = client_as("kezhang")
    audit_entries = AuditEntry.objects.count()

    # when the 市场监管局 head posts an unlock for him
    response = client.post(f"/accounts/staff/{staff.pk}/unlock/", follow=True)

    # then the page reports him as not found and nothing changed
    assert response.redirect_chain == [("/accounts/staff/", 302)]
    assert "未找到该工作人员，或不在您的管理范围内。" in response.content.decode()
    assert User.objects.get(pk=staff.pk).locked_until == staff.locked_until
    assert AuditEntry.objects.count() == audit_entries
