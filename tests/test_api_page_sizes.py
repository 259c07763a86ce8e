"""Every page-size parameter of the API is bounded: outside its range a 422 problem, never a 500
(`GET /me/cases?limit=-3` was one) and never a silently different page; at its bounds, a page."""

import pytest
from django.test import Client

PROBLEM_JSON = "application/problem+json"

# (reader, path, largest page)
PAGED = [
    ("zhangsan", "/api/v1/me/cases", 100),
    ("shouli", "/api/v1/cases/queue", 200),
    ("zhuren", "/api/v1/tickets", 200),
    ("kezhang", "/api/v1/rectifications", 100),
    ("kezhang", "/api/v1/staff", 200),
    ("admin", "/api/v1/audit/entries", 200),
    (None, "/api/v1/catalog/items", 100),
]


@pytest.mark.parametrize(("reader", "path", "largest"), PAGED, ids=[path for _, path, _ in PAGED])
@pytest.mark.parametrize("offset", [-4, -1, 1], ids=["negative", "zero", "one_above"])
def test_a_page_size_out_of_range_is_a_422_problem(reader, path, largest, offset, client_as, demo) -> None:
    limit = largest + 1 if offset == 1 else offset + 1
    client = client_as(reader) if reader else Client()

    response = client.get(path, {"limit": limit})

    assert (response.status_code, response["Content-Type"]) == (422, PROBLEM_JSON), response.content.decode()
    assert response.json()["code"] == "request.invalid"
    assert [error["field"] for error in response.json()["errors"]] == ["limit"]


@pytest.mark.parametrize(("reader", "path", "largest"), PAGED, ids=[path for _, path, _ in PAGED])
@pytest.mark.parametrize("at", ["smallest", "largest"])
def test_a_page_size_at_its_bounds_is_served(reader, path, largest, at, client_as, demo) -> None:
    client = client_as(reader) if reader else Client()

    response = client.get(path, {"limit": 1 if at == "smallest" else largest})

    assert response.status_code == 200, response.content.decode()
    assert len(response.json()["items"]) <= (1 if at == "smallest" else largest)
