"""Personas of the demo district (兰山区), one or more per 角色, for every test under tests/.

The demo district is loaded once per session into the test database (see `django_db_setup`);
each test still runs in a transaction that is rolled back, so tests may change the personas.
"""

from collections.abc import Callable

import pytest
from django.test import Client

from tongban.accounts.constants import Role
from tongban.demo.district import DEMO_PASSWORD, load_demo_district
from tongban.accounts.models import User

#: username → role: the demo logins the tests rely on (tongban.demo.district.people).
PERSONAS: dict[str, Role] = {
    "zhangsan": Role.CITIZEN,
    "lisi": Role.CITIZEN,
    "qiye": Role.ENTERPRISE,
    "shouli": Role.INTAKE_CLERK,
    "shouli_zy": Role.INTAKE_CLERK,
    "shenpi": Role.REVIEWER,
    "kezhang": Role.DEPARTMENT_HEAD,
    "jiancha": Role.INSPECTOR,
    "shenpi_zj": Role.REVIEWER,
    "kezhang_zj": Role.DEPARTMENT_HEAD,
    "zhuren": Role.SUPERVISOR,
    "zhuren_zy": Role.SUPERVISOR,
    "lingdao": Role.LEADER,
    "bangban": Role.HELPER,
    "admin": Role.ADMIN,
}

STAFF_PERSONAS = [
    name for name, role in PERSONAS.items() if role not in (Role.CITIZEN, Role.ENTERPRISE)
]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker) -> None:
    """Load the demo district once, committed, into the freshly created test database."""
    with django_db_blocker.unblock():
        load_demo_district()


@pytest.fixture
def demo(db) -> None:
    """The demo district: already in the database; requesting it documents the dependency."""


@pytest.fixture
def user(demo) -> Callable[[str], User]:
    """`user("kezhang")` — a fresh copy of a demo persona from the database."""

    def load(username: str) -> User:
        return User.objects.select_related("department", "region").get(username=username)

    return load


@pytest.fixture
def personas(user) -> dict[str, User]:
    """Every demo persona by username."""
    return {username: user(username) for username in PERSONAS}


@pytest.fixture
def client_as(user) -> Callable[[str], Client]:
    """`client_as("zhangsan")` — a test client with a signed-in page session."""

    def make(username: str) -> Client:
        client = Client()
        client.force_login(user(username))
        return client

    return make


def issue_token(username: str, password: str = DEMO_PASSWORD) -> str:
    """A bearer token through the real endpoint, as an API client would get one."""
    response = Client().post(
        "/api/v1/auth/tokens",
        {"username": username, "password": password, "name": "pytest"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content.decode()
    return response.json()["token"]


@pytest.fixture
def api_as(demo) -> Callable[[str], Client]:
    """`api_as("kezhang")` — a client that sends `Authorization: Bearer <token>`, no session."""

    def make(username: str) -> Client:
        return Client(headers={"Authorization": f"Bearer {issue_token(username)}"})

    return make
