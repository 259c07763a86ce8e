"""Draft → joint review → published → revised → retired, through the services and the API."""

import json

import pytest
from django.test import Client
from django.utils import timezone

from tongban.audit.models import AuditEntry
from tongban.catalog import services
from tongban.catalog.constants import VersionStatus
from tongban.catalog.models import ServiceItem, ServiceItemVersion
from tongban.core.errors import Conflict, Forbidden, InvalidInput

from .conftest import make_guide, publish_new_item


def test_a_published_item_is_served_by_the_public_api(world):
    # given a published item
    version = publish_new_item(world)
    # when anyone reads the catalog without logging in
    client = Client()
    listing = client.get("/api/v1/catalog/items").json()
    guide = client.get(f"/api/v1/catalog/items/{version.item.implementation_code}")
    # then both show it, with an ETag that makes a repeat read a 304
    assert [row["name"] for row in listing["items"]] == ["食品经营许可"]
    assert guide.status_code == 200 and guide.json()["guide"]["special_procedures"][0]["max_duration"] == 10
    repeat = client.get(f"/api/v1/catalog/items/{version.item.implementation_code}",
                        HTTP_IF_NONE_MATCH=guide["ETag"])
    assert repeat.status_code == 304
    assert guide["Last-Modified"]


def test_a_revision_never_changes_what_is_published(world):
    # given a published item and a draft revision with another time limit
    published = publish_new_item(world)
    now = timezone.now()
    draft = services.start_revision(actor=world.market_editor, item=published.item, now=now)
    services.save_draft(actor=world.market_editor, version=draft, guide=make_guide(promised_limit=5),
                        expected_revision=draft.revision, now=now)
    # then the public guide is still version 1 with 10 days
    public = Client().get(f"/api/v1/catalog/items/{published.item.implementation_code}").json()
    assert (public["version"], public["guide"]["promised_limit"]) == (1, 10)
    # when the reviewer returns it, the department fixes and resubmits, the reviewer publishes
    draft = services.submit_version(actor=world.market_editor, version=draft, now=now)
    services.return_version(actor=world.reviewer, version=draft, comment="请补充法律依据条款号", now=now)
    draft.refresh_from_db()
    services.save_draft(actor=world.market_editor, version=draft,
                        guide=make_guide(promised_limit=5, legal_basis="《食品安全法》第三十五条第一款"),
                        expected_revision=draft.revision, now=now)
    services.submit_version(actor=world.market_editor, version=draft, now=now)
    services.publish_version(actor=world.reviewer, version=draft, now=now)
    # then the portal shows version 2 and version 1 stays readable
    client = Client()
    code = published.item.implementation_code
    assert client.get(f"/api/v1/catalog/items/{code}").json()["guide"]["promised_limit"] == 5
    old = client.get(f"/api/v1/catalog/items/{code}?version=1").json()
    assert (old["version"], old["status"], old["guide"]["promised_limit"]) == (1, "superseded", 10)
    assert [r.action for r in draft.reviews.all()] == ["submitted", "returned", "submitted", "published"]


def test_a_department_edits_only_its_own_items(world):
    published = publish_new_item(world)
    with pytest.raises(Forbidden):
        services.start_revision(actor=world.housing_editor, item=published.item, now=timezone.now())
    assert published.item.versions.count() == 1


def test_only_the_service_management_office_reviews(world):
    draft = services.create_item(actor=world.market_editor, basic_item=world.basic_item,
                                 department=world.market, region=world.region, guide=make_guide(),
                                 now=timezone.now())
    services.submit_version(actor=world.market_editor, version=draft, now=timezone.now())
    with pytest.raises(Forbidden):
        services.publish_version(actor=world.market_editor, version=draft, now=timezone.now())
    draft.refresh_from_db()
    assert draft.status == VersionStatus.SUBMITTED


def test_a_stale_draft_save_is_refused_and_changes_nothing(world):
    # given two people who opened the same draft at revision 0
    draft = services.create_item(actor=world.market_editor, basic_item=world.basic_item,
                                 department=world.market, region=world.region, guide=make_guide(),
                                 now=timezone.now())
    services.save_draft(actor=world.market_editor, version=draft, guide=make_guide(promised_limit=8),
                        expected_revision=0, now=timezone.now())
    # when the second saves on the old revision
    with pytest.raises(Conflict) as refused:
        services.save_draft(actor=world.market_editor, version=draft, guide=make_guide(promised_limit=3),
                            expected_revision=0, now=timezone.now())
    # then they are told and the first save stands
    assert refused.value.code == "catalog.edit_conflict"
    draft.refresh_from_db()
    assert (draft.promised_limit, draft.revision) == (8, 1)


def test_invalid_guide_is_refused_through_the_api_with_field_errors_and_writes_nothing(world):
    client = Client()
    client.force_login(world.market_editor)
    before = (ServiceItem.objects.count(), ServiceItemVersion.objects.count(), AuditEntry.objects.count())
    guide = make_guide(promised_limit=21, item_type="99")
    guide["materials"][0]["name"] = ""
    response = client.post("/api/v1/catalog/drafts", data=json.dumps({
        "basic_code": "0100001000", "department_code": "371302-SCJG", "region_code": "371302",
        "guide": guide}), content_type="application/json")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    fields = {error["field"]: error["message"] for error in response.json()["errors"]}
    assert fields == {
        "item_type": "事项类型“99”不在代码表中。",
        "promised_limit": "承诺办结时限（21 个工作日）不得超过法定办结时限（20 个工作日）。",
        "materials[0].name": "第 1 项材料缺少名称。",
    }
    assert (ServiceItem.objects.count(), ServiceItemVersion.objects.count(), AuditEntry.objects.count()) == before


def test_duplicate_implementation_code_is_refused(world):
    publish_new_item(world)
    with pytest.raises(InvalidInput) as refused:
        services.create_item(actor=world.market_editor, basic_item=world.basic_item, department=world.market,
                             region=world.region, guide=make_guide(), now=timezone.now())
    assert [e.code for e in refused.value.errors] == ["catalog.duplicate_code"]


def test_every_lifecycle_step_is_audited(world):
    version = publish_new_item(world)
    actions = list(AuditEntry.objects.filter(stream=f"catalog.serviceitem:{version.item_id}")
                   .order_by("sequence").values_list("action", flat=True))
    assert actions == ["catalog.item_created", "catalog.submitted", "catalog.published"]


def test_search_finds_chinese_substrings_of_names_conditions_and_materials(world):
    publish_new_item(world)
    client = Client()

    def names(q):
        return [row["name"] for row in client.get("/api/v1/catalog/items", {"q": q}).json()["items"]]

    assert names("食品经营") == ["食品经营许可"]
    assert names("经营场所") == ["食品经营许可"]  # acceptance condition
    assert names("申请书") == ["食品经营许可"]  # material name
    assert names("许") == ["食品经营许可"]  # one character
    assert names("可") == ["食品经营许可"]  # one character at the end of a word
    assert names("施工许可") == []
    assert names("食品 申请书") == ["食品经营许可"]  # every term must match


def test_retired_items_leave_the_catalog_but_old_versions_stay_readable(world):
    version = publish_new_item(world)
    services.retire_item(actor=world.reviewer, item=version.item, comment="事项取消", now=timezone.now())
    client = Client()
    assert client.get("/api/v1/catalog/items").json()["items"] == []
    code = version.item.implementation_code
    assert client.get(f"/api/v1/catalog/items/{code}").status_code == 404
    assert client.get(f"/api/v1/catalog/items/{code}?version=1").json()["status"] == "retired"


def test_overlong_text_and_unknown_codes_are_field_errors_not_database_errors(world):
    guide = make_guide(near_home_level="city", workflow_code="no-such-flow")
    guide["materials"][0]["name"] = "材" * 201
    with pytest.raises(InvalidInput) as refused:
        services.create_item(actor=world.market_editor, basic_item=world.basic_item, department=world.market,
                             region=world.region, guide=guide, now=timezone.now())
    assert {(e.field, e.message) for e in refused.value.errors} == {
        ("near_home_level", "就近办层级“city”不在代码表中。"),
        ("workflow_code", "办理流程“no-such-flow”不在代码表中。"),
        ("materials[0].name", "第 1 项的材料名称不能超过 200 个字。"),
    }
