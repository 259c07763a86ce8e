"""The drafting desk's forms: errors by the field, concurrent edits told, nothing half-written."""

import pytest
from django.test import Client
from django.utils import timezone

from tongban.catalog import services

from .conftest import publish_new_item


def form_data(version, **changes) -> dict:
    data = {
        "expected_revision": version.revision, "name": version.name, "legal_basis": version.legal_basis,
        "statutory_limit": 20, "statutory_unit": "working", "promised_limit": 10, "promised_unit": "working",
        "case_kind": "promised", "result_name": version.result_name, "can_apply_online": "on", "visits": 1,
        "window_acceptance": "on", "negative_list_reason": "", "consultation_phone": "",
        "materials-TOTAL_FORMS": 2, "materials-INITIAL_FORMS": 1, "materials-MIN_NUM_FORMS": 0,
        "materials-MAX_NUM_FORMS": 1000,
        "materials-0-name": "食品经营许可申请书", "materials-0-form": "original", "materials-0-count": 1,
        "materials-0-medium": "paper", "materials-0-is_required": "on",
        "materials-1-name": "", "materials-1-form": "original", "materials-1-count": 1, "materials-1-medium": "paper",
    }
    data.update(changes)
    return data


@pytest.fixture
def draft(world):
    published = publish_new_item(world)
    return services.start_revision(actor=world.market_editor, item=published.item, now=timezone.now())


def test_a_rule_broken_in_the_form_is_shown_by_its_field_and_nothing_is_saved(world, draft):
    client = Client()
    client.force_login(world.market_editor)
    page = client.post(f"/workbench/catalog/versions/{draft.id}/", form_data(draft, promised_limit=21)).content.decode()
    assert ('<p class="field-error" data-field="promised_limit">承诺办结时限（21 个工作日）不得超过法定办结时限'
            '（20 个工作日）。</p>') in page
    draft.refresh_from_db()
    assert (draft.promised_limit, draft.revision) == (10, 0)


def test_a_new_material_row_is_added_and_a_blank_spare_row_ignored(world, draft):
    client = Client()
    client.force_login(world.market_editor)
    response = client.post(f"/workbench/catalog/versions/{draft.id}/",
                           form_data(draft, **{"materials-1-name": "营业执照"}))
    assert response.status_code == 302
    assert list(draft.materials.values_list("name", flat=True)) == ["食品经营许可申请书", "营业执照"]


def test_a_stale_form_is_told_that_someone_else_saved_first(world, draft):
    client = Client()
    client.force_login(world.market_editor)
    client.post(f"/workbench/catalog/versions/{draft.id}/", form_data(draft, promised_limit=8))
    page = client.post(f"/workbench/catalog/versions/{draft.id}/", form_data(draft, promised_limit=3)).content.decode()
    assert "该版本已被他人修改（当前修改计数 1），请刷新后在最新内容上重新修改。" in page
    draft.refresh_from_db()
    assert draft.promised_limit == 8


def test_another_department_cannot_open_the_draft(world, draft):
    client = Client()
    client.force_login(world.housing_editor)
    response = client.get(f"/workbench/catalog/versions/{draft.id}/")
    assert response.status_code == 404
    assert "未找到该事项或版本" in response.content.decode()
