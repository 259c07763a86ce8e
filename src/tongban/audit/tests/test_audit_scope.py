"""The audit log shows only what its reader may see: each object's entries are scoped by the
object's own accessor, and an object out of scope is not found here either."""

import pytest
from django.test import Client

from tongban.accounts.constants import Role
from tongban.accounts.models import Region, User
from tongban.audit.services import record, stream_of
from tongban.cases.tests.conftest import at, cases_world, submit_online  # noqa: F401
from tongban.catalog.tests.conftest import world  # noqa: F401


@pytest.fixture
def readers(cases_world):  # noqa: F811
    district = cases_world.catalog.region
    town = Region.objects.create(code="371302001", name="枣园镇", level="town", parent=district)
    town_supervisor = User.objects.create_user(username="zhuren_zy", password="x", role=Role.SUPERVISOR, region=town)
    district_supervisor = User.objects.create_user(username="zhuren", password="x", role=Role.SUPERVISOR,
                                                   region=district)
    admin = User.objects.create_user(username="admin", password="x", role=Role.ADMIN, region=district)
    return town_supervisor, district_supervisor, admin


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def streams(response) -> set[str]:
    assert response.status_code == 200, response.content.decode()
    return {entry["stream"] for entry in response.json()["items"]}


def test_a_town_supervisor_reads_no_entries_of_a_district_case(cases_world, readers):  # noqa: F811
    town_supervisor, district_supervisor, admin = readers
    case = submit_online(cases_world, at(2026, 3, 2))  # filed with the district's market department
    stream = stream_of(case)
    town = client_for(town_supervisor)

    # the case itself is not found for the town supervisor ...
    assert town.get(f"/api/v1/cases/{case.number}").status_code == 404
    # ... nor are its entries: absent from the log, and 404 when asked for by name, as the case is
    assert stream not in streams(town.get("/api/v1/audit/entries"))
    assert stream not in streams(town.get("/api/v1/audit/entries", {"stream": "cases.case:"}))
    refused = town.get("/api/v1/audit/entries", {"stream": stream})
    assert (refused.status_code, refused["Content-Type"]) == (404, "application/problem+json")
    assert refused.json()["code"] == "audit.stream_not_found"
    assert town.get("/audit/", {"stream": stream}).status_code == 404
    assert case.number not in town.get("/audit/").content.decode()

    # the district supervisor, whose scope holds the case, reads them
    assert streams(client_for(district_supervisor).get("/api/v1/audit/entries", {"stream": stream})) == {stream}
    assert stream in streams(client_for(district_supervisor).get("/api/v1/audit/entries"))


def test_stream_kinds_without_an_accessor_are_for_administrators_only(cases_world, readers):  # noqa: F811
    town_supervisor, district_supervisor, admin = readers
    record(actor=admin, action="calendar.year_published", target="workdays.year:2027", now=at(2026, 3, 2))

    assert "workdays.year:2027" not in streams(client_for(district_supervisor).get("/api/v1/audit/entries"))
    assert client_for(district_supervisor).get(
        "/api/v1/audit/entries", {"stream": "workdays.year:2027"}).status_code == 404
    assert streams(client_for(admin).get("/api/v1/audit/entries", {"stream": "workdays.year:2027"})) == {
        "workdays.year:2027"}


def test_an_object_stream_is_exact_not_a_prefix(cases_world, readers):  # noqa: F811
    *_, admin = readers
    first = submit_online(cases_world, at(2026, 3, 2))
    # the admin sees every case; asking for one names that one only
    assert streams(client_for(admin).get("/api/v1/audit/entries", {"stream": stream_of(first)})) == {stream_of(first)}
    assert client_for(admin).get("/api/v1/audit/entries", {"stream": "cases.case:999999"}).status_code == 404
