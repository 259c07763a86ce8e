"""The cases API: idempotent submission, 409 on conflicts, queues, uploads, public tracking."""

import io
import json
import zipfile

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tongban.cases.models import Case
from tongban.catalog.models import Material

from .conftest import PNG


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def upload(client, name, data):
    return client.post("/api/v1/cases/uploads", {"file": SimpleUploadedFile(name, data)})


def application(cw, file_id):
    materials = list(Material.objects.filter(version__item__implementation_code=cw.item_code).order_by("order"))
    return {
        "item_code": cw.item_code, "channel": "online",
        "materials": [{"material_id": materials[0].id, "provision": "submitted", "file_id": file_id},
                      {"material_id": materials[1].id, "provision": "commitment"},
                      {"material_id": materials[2].id, "provision": "shared_data"}],
        "commitment": {"signed_name": "张三", "template_version": 1},  # the item's published 承诺书
    }


def post_json(client, path, body, **headers):
    return client.post(path, data=json.dumps(body), content_type="application/json", **headers)


def test_the_same_idempotency_key_never_creates_two_cases(cases_world):
    cw = cases_world
    client = client_for(cw.citizen)
    file_id = upload(client, "申请书.png", PNG).json()["id"]
    body = application(cw, file_id)
    first = post_json(client, "/api/v1/cases", body, HTTP_IDEMPOTENCY_KEY="abc-1")
    again = post_json(client, "/api/v1/cases", body, HTTP_IDEMPOTENCY_KEY="abc-1")
    assert first.status_code == again.status_code == 201
    assert first.json()["number"] == again.json()["number"]
    assert Case.objects.count() == 1
    other = post_json(client, "/api/v1/cases", {**body, "form_data": {"x": 1}}, HTTP_IDEMPOTENCY_KEY="abc-1")
    assert (other.status_code, other.json()["code"]) == (409, "idempotency.key_reused")


def test_online_submission_lists_every_missing_material_at_once(cases_world):
    cw = cases_world
    client = client_for(cw.citizen)
    body = {"item_code": cw.item_code, "channel": "online", "materials": []}
    response = post_json(client, "/api/v1/cases", body)
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert [e["message"] for e in response.json()["errors"]] == [
        "缺少必要材料：申请书。", "缺少必要材料：场所使用证明。", "缺少必要材料：营业执照。"]
    assert Case.objects.count() == 0


def test_concurrent_transition_gets_409_with_the_current_state(cases_world):
    cw = cases_world
    client = client_for(cw.citizen)
    number = post_json(client, "/api/v1/cases", application(cw, upload(client, "a.png", PNG).json()["id"])).json()["number"]
    clerk, reviewer = client_for(cw.clerk), client_for(cw.reviewer)
    won = post_json(clerk, f"/api/v1/cases/{number}/transitions", {"action": "accept", "expected_version": 0})
    lost = post_json(reviewer, f"/api/v1/cases/{number}/transitions",
                     {"action": "request_correction", "expected_version": 0, "materials": ["x"]})
    assert won.status_code == 200 and won.json()["status"] == "accepted"
    assert lost.status_code == 409 and lost.json()["code"] == "case.concurrent_change"
    assert "已受理" in lost.json()["detail"]


def test_queue_lists_the_department_cases_by_urgency_with_keyset_pages(cases_world):
    cw = cases_world
    client = client_for(cw.citizen)
    numbers = []
    for _ in range(3):
        file_id = upload(client, "a.png", PNG).json()["id"]
        numbers.append(post_json(client, "/api/v1/cases", application(cw, file_id)).json()["number"])
    clerk = client_for(cw.clerk)
    for number in numbers:
        post_json(clerk, f"/api/v1/cases/{number}/transitions", {"action": "accept"})
    reviewer = client_for(cw.reviewer)
    first = reviewer.get("/api/v1/cases/queue", {"name": "in_progress", "limit": 2}).json()
    second = reviewer.get("/api/v1/cases/queue", {"name": "in_progress", "limit": 2,
                                                   "after": first["next_cursor"]}).json()
    assert [row["number"] for row in first["items"] + second["items"]] == numbers
    assert second["next_cursor"] is None
    assert client_for(cw.housing_reviewer).get("/api/v1/cases/queue").json()["items"] == []


def test_citizens_cannot_open_queues(cases_world):
    response = client_for(cases_world.citizen).get("/api/v1/cases/queue")
    assert (response.status_code, response.json()["code"]) == (403, "auth.forbidden")


@pytest.mark.parametrize(
    ("_case", "name", "data", "code"),
    [
        ("exe_renamed_pdf", "证明.pdf", b"MZ\x90\x00" + b"\0" * 60, "upload.executable"),
        ("script", "run.sh", b"#!/bin/sh\nrm -rf /", "upload.executable"),
        ("text_as_pdf", "x.pdf", b"hello, not a pdf", "upload.unsupported_type"),
        ("empty", "x.pdf", b"", "upload.empty"),
    ],
)
def test_uploads_are_judged_by_their_content(cases_world, _case, name, data, code):
    response = upload(client_for(cases_world.citizen), name, data)
    assert (response.status_code, response.json()["code"]) == (422, code)


def _zip(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("_case", "entries", "accepted"),
    [
        ("plain", [("scan.pdf", b"%PDF-1.4 ...")], True),
        ("path_traversal", [("../../etc/passwd", b"x")], False),
        ("executable_inside", [("setup.exe", b"MZ....")], False),
        ("nested_archive", [("more.zip", b"PK..")], False),
        ("bomb", [("big.txt", b"0" * 5_000_000)], False),
    ],
)
def test_archives_are_opened_and_checked(cases_world, _case, entries, accepted):
    response = upload(client_for(cases_world.citizen), "材料.zip", _zip(entries))
    assert (response.status_code == 201) is accepted


def test_public_tracking_needs_the_last_four_digits_and_throttles_guessing(cases_world):
    cache.clear()
    cw = cases_world
    client = client_for(cw.citizen)
    number = post_json(client, "/api/v1/cases", application(cw, upload(client, "a.png", PNG).json()["id"])).json()["number"]
    anonymous = Client()
    found = anonymous.get("/api/v1/cases/track", {"number": number, "last4": "1234"})  # phone 13805391234
    assert found.status_code == 200
    assert [row["label"] for row in found.json()["timeline"]] == ["提交申请"]
    assert "applicant_name" not in found.json()
    for _ in range(10):
        assert anonymous.get("/api/v1/cases/track", {"number": number, "last4": "0000"}).status_code == 404
    assert anonymous.get("/api/v1/cases/track", {"number": number, "last4": "1234"}).status_code == 429


def test_my_cases_lists_only_my_own(cases_world):
    cw = cases_world
    client = client_for(cw.citizen)
    number = post_json(client, "/api/v1/cases", application(cw, upload(client, "a.png", PNG).json()["id"])).json()["number"]
    assert [row["number"] for row in client.get("/api/v1/me/cases").json()["items"]] == [number]
    assert client_for(cw.clerk).get(f"/api/v1/cases/{number}").json()["applicant_code"].count("*") == 8
