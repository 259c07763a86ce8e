"""The 规则参数 page (中心管理员, 系统管理员) and GET/POST /api/v1/rules."""

from datetime import date, timedelta

from django.test import Client
from django.utils import timezone

from tongban.rules import rule_value
from tongban.rules.models import RuleOverride

YELLOW = "case.yellow_card_working_days"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_supervisor_sees_every_rule_with_default_source_and_current_value(rules_world):
    page = _client(rules_world.supervisor).get("/rules/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "黄牌预警提前工作日数" in text and "2个工作日" in text
    assert "case.waiver_consequence" in text and "中止办理" in text
    assert "咨询 3" in text  # a mapping in words


def test_the_workbench_links_the_page_for_supervisors(rules_world):
    assert "/rules/" in _client(rules_world.supervisor).get("/workbench/").content.decode()


def test_other_staff_may_not_open_the_page(rules_world):
    assert _client(rules_world.clerk).get("/rules/").status_code == 403
    assert _client(rules_world.clerk).get(f"/rules/{YELLOW}/").status_code == 403


def test_unknown_rule_page_is_404(rules_world):
    assert _client(rules_world.admin).get("/rules/case.nothing/").status_code == 404


def test_supervisor_adds_a_town_override_on_the_page(rules_world):
    rw = rules_world
    start = timezone.localdate() + timedelta(days=1)
    client = _client(rw.supervisor)
    response = client.post(f"/rules/{YELLOW}/", {
        "target_kind": "region", "region": rw.town.pk, "value": "3", "effective_from": start.isoformat(),
        "reason": "兰山街道考核方案"})
    assert response.status_code == 302
    override = RuleOverride.objects.get()
    assert (override.scope, override.value, override.created_by) == ("town", 3, rw.supervisor)
    assert rule_value(YELLOW, on=start, region=rw.village) == 3
    page = client.get(response["Location"]).content.decode()
    assert "兰山街道考核方案" in page and "已设置" in page


def test_a_bad_value_shows_the_form_again_with_the_message_by_the_field(rules_world):
    rw = rules_world
    response = _client(rw.supervisor).post(f"/rules/{YELLOW}/", {
        "target_kind": "region", "region": rw.district.pk, "value": "99", "effective_from": "2026-03-01",
        "reason": "x"})
    assert response.status_code == 200
    text = response.content.decode()
    assert 'data-field="value">取值不能大于 30个工作日。' in text
    assert not RuleOverride.objects.exists()


def test_a_missing_target_and_reason_are_shown_by_their_fields(rules_world):
    response = _client(rules_world.supervisor).post(f"/rules/{YELLOW}/", {
        "target_kind": "item", "item": "NO-SUCH", "value": "3", "effective_from": "2026-03-01", "reason": ""})
    text = response.content.decode()
    assert 'data-field="item">未找到实施编码为“NO-SUCH”的事项。' in text


def test_the_page_refuses_a_region_outside_the_supervisors_own(rules_world):
    rw = rules_world
    response = _client(rw.town_supervisor).post(f"/rules/{YELLOW}/", {
        "target_kind": "region", "region": rw.district.pk, "value": "3", "effective_from": "2026-03-01",
        "reason": "x"})
    assert response.status_code == 200  # the district is not among the town supervisor's choices
    assert 'data-field="region"' in response.content.decode()
    assert not RuleOverride.objects.exists()


def test_api_lists_rules_with_defaults_sources_and_overrides(rules_world):
    rw = rules_world
    client = _client(rw.admin)
    client.post(f"/rules/{YELLOW}/", {"target_kind": "department", "department": rw.market.pk, "value": "4",
                                      "effective_from": "2026-03-01", "reason": "部门要求"})
    rules = {rule["code"]: rule for rule in Client().get("/api/v1/rules").json()}  # public, no sign-in
    yellow = rules[YELLOW]
    assert (yellow["default"], yellow["kind"], yellow["unit"]) == (2, "working_days", "个工作日")
    assert yellow["source"] and yellow["scopes"] == ["district", "town", "department", "item"]
    assert yellow["overrides"] == [{"scope": "department", "scope_label": "部门", "target": rw.market.code,
                                    "value": 4, "effective_from": "2026-03-01", "reason": "部门要求"}]
    assert rules["hotline.duplicate_similarity"]["default"] == "50"
    assert rules["rating.rectification_working_days"]["default"] == {"4": 10, "5": 5}
    assert Client().get(f"/api/v1/rules/{YELLOW}").json()["code"] == YELLOW
    missing = Client().get("/api/v1/rules/case.nothing")
    assert (missing.status_code, missing.json()["code"]) == (404, "rules.not_found")


def test_api_sets_an_override_and_refuses_bad_values_as_problems(rules_world):
    rw = rules_world
    client = _client(rw.admin)
    created = client.post(f"/api/v1/rules/{YELLOW}/overrides", {
        "value": 5, "effective_from": "2026-03-01", "reason": "考核方案", "region": rw.district.code},
        content_type="application/json")
    assert created.status_code == 201, created.content
    assert rule_value(YELLOW, on=date(2026, 3, 1)) == 5
    bad = client.post("/api/v1/rules/case.waiver_consequence/overrides", {
        "value": "delete", "effective_from": "2026-03-01", "reason": "x", "region": rw.district.code},
        content_type="application/json")
    assert bad.status_code == 422
    problem = bad.json()
    assert problem["code"] == "rules.value_invalid" and problem["errors"][0]["field"] == "value"
    unknown = client.post(f"/api/v1/rules/{YELLOW}/overrides", {
        "value": 5, "effective_from": "2026-03-01", "reason": "x", "department": "NOPE"},
        content_type="application/json")
    assert (unknown.status_code, unknown.json()["code"]) == (422, "rules.target_not_found")
    refused = _client(rw.clerk).post(f"/api/v1/rules/{YELLOW}/overrides", {
        "value": 5, "effective_from": "2026-03-01", "reason": "x", "region": rw.district.code},
        content_type="application/json")
    assert refused.status_code == 403


def test_catalog_rates_page_shows_the_district_target_from_the_registry(rules_world):
    rw = rules_world
    assert "可网办率 ≥95%" in Client().get("/workbench/catalog/rates/").content.decode()
    _client(rw.admin).post("/rules/metric.online_capable_rate.target/", {
        "target_kind": "region", "region": rw.district.pk, "value": "97.5",
        "effective_from": timezone.localdate().isoformat(), "reason": "区考核方案"})
    assert "可网办率 ≥97.5%" in Client().get("/workbench/catalog/rates/").content.decode()
