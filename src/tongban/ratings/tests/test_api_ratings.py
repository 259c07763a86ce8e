"""API contract: rate, problem+json for duplicate and not-closed, token rating, the 整改 steps, rates."""

import json

import pytest
from django.test import Client

from tongban.ratings import services
from tongban.ratings.models import Rating, Rectification

from .conftest import at, completed_case, submit_online

PROBLEM = "application/problem+json"


def post(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


@pytest.fixture
def citizen_client(rating_world):
    client = Client()
    client.force_login(rating_world.citizen)
    return client


def test_rate_then_duplicate_is_409_problem(rating_world, citizen_client):
    case = completed_case(rating_world)
    first = post(citizen_client, "/api/v1/ratings", {"case_number": case.number, "level": 5, "comment": "等太久"})
    assert first.status_code == 201, first.content
    body = first.json()
    assert (body["level"], body["level_label"], body["is_real_name"]) == (5, "非常不满意", True)
    assert body["rectification_id"] == Rectification.objects.get().pk
    again = post(citizen_client, "/api/v1/ratings", {"case_number": case.number, "level": 1})
    assert (again.status_code, again["Content-Type"]) == (409, PROBLEM)
    assert again.json()["code"] == "rating.duplicate"
    assert Rating.objects.count() == 1


def test_an_open_case_is_409_problem(rating_world, citizen_client):
    case = submit_online(rating_world, at(2026, 9, 21))
    response = post(citizen_client, "/api/v1/ratings", {"case_number": case.number, "level": 1})
    assert (response.status_code, response["Content-Type"]) == (409, PROBLEM)
    assert response.json()["code"] == "rating.case_not_closed"
    assert "办结" in response.json()["detail"]


def test_a_bad_level_is_422(rating_world, citizen_client):
    case = completed_case(rating_world)
    response = post(citizen_client, "/api/v1/ratings", {"case_number": case.number, "level": 6})
    assert (response.status_code, response.json()["code"]) == (422, "rating.level_invalid")


def test_staff_cannot_use_the_applicant_endpoint(rating_world):
    client = Client()
    client.force_login(rating_world.reviewer)
    response = post(client, "/api/v1/ratings", {"case_number": "x", "level": 1})
    assert response.status_code == 403 and response["Content-Type"] == PROBLEM


def test_token_rating_without_login(rating_world):
    case = completed_case(rating_world)
    token = services.invitation_for(case, now=at(2026, 9, 22)).token
    response = post(Client(), f"/api/v1/rate/{token}", {"level": 2})
    assert response.status_code == 201 and response.json()["is_real_name"] is False
    again = post(Client(), f"/api/v1/rate/{token}", {"level": 2})
    assert (again.status_code, again.json()["code"]) == (409, "rating.duplicate")


def test_the_rectification_steps_over_the_api(rating_world, citizen_client):
    rw = rating_world
    case = completed_case(rw)
    post(citizen_client, "/api/v1/ratings", {"case_number": case.number, "level": 4, "comment": "材料反复要"})
    department = Client()
    department.force_login(rw.reviewer)
    queue = department.get("/api/v1/rectifications").json()
    assert [item["case_number"] for item in queue["items"]] == [case.number] and queue["next_cursor"] is None
    rid = queue["items"][0]["id"]
    other = Client()
    other.force_login(rw.housing_reviewer)
    assert other.get("/api/v1/rectifications").json()["items"] == []
    refused = post(other, f"/api/v1/rectifications/{rid}/answer", {"fix_description": "x", "answer_to_rater": "y"})
    assert (refused.status_code, refused.json()["code"]) == (404, "rectification.not_found")
    answered = post(department, f"/api/v1/rectifications/{rid}/answer",
                    {"fix_description": "一次性告知清单已更新", "answer_to_rater": "已整改"})
    assert answered.json()["status"] == "answered"
    supervisor = Client()
    supervisor.force_login(rw.supervisor)
    assert post(supervisor, f"/api/v1/rectifications/{rid}/verify", {}).json()["status"] == "verified"
    closed = post(supervisor, f"/api/v1/rectifications/{rid}/callback", {"satisfied": True, "note": "满意"})
    assert closed.json()["status"] == "closed"
    again = post(supervisor, f"/api/v1/rectifications/{rid}/callback", {"satisfied": True, "note": "满意"})
    assert (again.status_code, again.json()["code"]) == (409, "rectification.wrong_state")


def test_rates_are_public(rating_world):
    response = Client().get("/api/v1/ratings/rates?group_by=department&month=2026-12")
    assert response.status_code == 200
    body = response.json()
    assert (body["month"], body["total"]["ratings"], body["total"]["good_rate"], body["rows"]) == (
        "2026-12", 0, None, [])
    bad = Client().get("/api/v1/ratings/rates?month=2026-13")
    assert (bad.status_code, bad.json()["code"]) == (422, "rates.month_invalid")
    bad = Client().get("/api/v1/ratings/rates?group_by=region")
    assert (bad.status_code, bad.json()["code"]) == (422, "rates.group_by_invalid")
