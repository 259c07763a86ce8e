"""Pages and API of the 运营基地 flow: match → estimate (10 元/㎡ capped at 30万) → apply → review
→ 公示 → pay; the second application refused; stats with the chart."""

import json

from django.test import Client
from django.urls import reverse

from tongban.policies.models import Application


FIGURES = {"area_sqm": "30000.10", "rooms": "30", "organisations": "25", "active_anchors": "60",
           "annual_sales_yuan": "1200000000"}


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_enterprise_pages_flow(demo):
    qiye = client_for(demo.users["qiye"])
    portal = qiye.get(reverse("policies:portal")).content.decode()
    assert "我可以申报的政策" in portal and "在运营直播基地（园区）奖励" in portal
    url = reverse("policies:program", args=["ds-base-running"])
    estimate = qiye.post(url, {**FIGURES, "project_name": "兰山直播园", "intent": "estimate"}).content.decode()
    assert "300,000.00 元" in estimate and "已达上限" in estimate
    response = qiye.post(url, {**FIGURES, "project_name": "兰山直播园", "intent": "apply"})
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.estimated_fen == 300000_00
    again = qiye.post(url, {**FIGURES, "project_name": "兰山直播园", "intent": "apply"}).content.decode()
    assert "不能重复申报" in again and Application.objects.count() == 1
    bad = qiye.post(url, {**FIGURES, "area_sqm": "3万", "project_name": "x", "intent": "apply"})
    assert bad.status_code == 200 and "不是数字" in bad.content.decode()
    assert qiye.post(url, {**FIGURES, "area_sqm": "3\x00", "intent": "apply"}).status_code == 400  # the request guard
    detail = reverse("policies:detail", args=[application.pk])
    auditor = client_for(demo.users["shenji"])
    assert "第三方审核通过" in auditor.get(detail).content.decode()
    assert auditor.post(detail, {"action": "audit_pass", "reason": "材料齐全"}).status_code == 302
    staff = client_for(demo.users["shenpi"])
    assert staff.post(detail, {"action": "approve"}).status_code == 302
    page = staff.get(detail).content.decode()
    assert "公示中" in page and "公示期满无异议" in page
    refused = staff.post(detail, {"action": "end_publicity"}).content.decode()
    assert "期满后方可" in refused
    assert qiye.get(detail).status_code == 200
    assert client_for(demo.users["zhangsan"]).get(detail).status_code in (403, 404)


def test_api_flow_and_stats(demo):
    qiye = client_for(demo.users["qiye"])
    matches = qiye.get("/api/v1/policies/matches").json()
    assert any(m["program"] == "ds-base-running" for m in matches)
    estimate = qiye.post("/api/v1/policies/programs/ds-base-running/estimate",
                         json.dumps({"declared": FIGURES}), content_type="application/json").json()
    assert estimate["amount_yuan"] == "300000.00" and estimate["capped"] is True
    created = qiye.post("/api/v1/policies/applications", json.dumps(
        {"program": "ds-base-running", "declared": FIGURES, "project_name": "园区A"}), content_type="application/json")
    assert created.status_code == 201, created.content
    body = created.json()
    floaty = qiye.post("/api/v1/policies/programs/ds-base-running/estimate",
                       json.dumps({"declared": {**FIGURES, "area_sqm": 30000.5}}), content_type="application/json")
    assert floaty.status_code == 422 and floaty.json()["code"] == "policy.bad_figure"
    auditor = client_for(demo.users["shenji"])
    step = auditor.post(f"/api/v1/policies/applications/{body['id']}/steps", json.dumps({"action": "audit_pass"}),
                        content_type="application/json")
    assert step.json()["status"] == "audited"
    duplicate = qiye.post("/api/v1/policies/applications", json.dumps(
        {"program": "ds-base-running", "declared": FIGURES, "project_name": "园区a"}), content_type="application/json")
    assert duplicate.status_code == 409 and duplicate.json()["code"] == "policy.duplicate_project"
    assert auditor.get("/api/v1/policies/applications/999999").status_code == 404
    stats = client_for(demo.users["kezhang"]).get("/api/v1/policies/stats").json()
    assert {row["program"] for row in stats} >= {"ds-base-running", "gy-upgrade"}
    page = client_for(demo.users["kezhang"]).get(reverse("policies:stats")).content.decode()
    assert 'data-testid="policy-chart"' in page
