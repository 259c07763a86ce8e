"""告知承诺书: a per-item template (content and legal liability) published with the guide."""

import pytest
from django.test import Client
from django.utils import timezone

from tongban.catalog import services
from tongban.demo.catalog import ALL_ITEMS
from tongban.catalog.diff import diff_guides
from tongban.catalog.guide import guide_problems
from tongban.core.errors import InvalidInput

from .conftest import make_guide, publish_new_item
from .test_desk_pages import form_data

PROMISED = {"name": "经营场所使用证明", "form": "copy", "count": 1, "medium": "electronic", "is_required": True,
            "is_waivable": False, "license_type": "", "shared_data_source": "", "commitment_allowed": True,
            "notes": ""}
CONTENT = "本单位承诺：经营场所真实、合法，可用于申请经营的项目。"
LIABILITY = "承诺不实的，撤销已作出的许可决定，记入信用记录并依法实施联合惩戒。"


def test_an_item_allowing_a_commitment_must_publish_its_commitment_form(world):
    problems = {(p.field, p.code) for p in guide_problems(make_guide(materials=[PROMISED]))}
    assert ("commitment_content", "catalog.commitment_template_required") in problems
    assert ("commitment_liability", "catalog.commitment_template_required") in problems
    complete = make_guide(materials=[PROMISED], commitment_content=CONTENT, commitment_liability=LIABILITY)
    assert not [p for p in guide_problems(complete) if p.code == "catalog.commitment_template_required"]


def test_without_a_commitment_material_no_commitment_form_is_needed(world):
    assert not [p for p in guide_problems(make_guide()) if p.code == "catalog.commitment_template_required"]


def test_creating_an_item_without_the_form_is_refused(world):
    with pytest.raises(InvalidInput) as refused:
        publish_new_item(world, materials=[PROMISED])
    assert "commitment_content" in {p.field for p in refused.value.errors}


def test_the_published_guide_exposes_the_form_and_a_revision_copies_it(world, client):
    version = publish_new_item(world, materials=[PROMISED], commitment_content=CONTENT, commitment_liability=LIABILITY)
    guide = client.get(f"/api/v1/catalog/items/{version.item.implementation_code}").json()["guide"]
    assert (guide["commitment_content"], guide["commitment_liability"]) == (CONTENT, LIABILITY)
    draft = services.start_revision(actor=world.market_editor, item=version.item, now=timezone.now())
    assert (draft.commitment_content, draft.commitment_liability) == (CONTENT, LIABILITY)
    page = client.get(f"/catalog/{version.item.implementation_code}/").content.decode()
    assert CONTENT in page and LIABILITY in page


def test_catalog_staff_edit_the_form_on_the_desk(world):
    published = publish_new_item(world, materials=[PROMISED], commitment_content=CONTENT,
                                 commitment_liability=LIABILITY)
    draft = services.start_revision(actor=world.market_editor, item=published.item, now=timezone.now())
    client = Client()
    client.force_login(world.market_editor)
    url = f"/workbench/catalog/versions/{draft.id}/"
    rows = {"materials-TOTAL_FORMS": 1, "materials-0-name": PROMISED["name"], "materials-0-form": "copy",
            "materials-0-medium": "electronic", "materials-0-commitment_allowed": "on"}
    page = client.post(url, form_data(draft, commitment_content="", commitment_liability=LIABILITY, **rows))
    assert 'data-field="commitment_content"' in page.content.decode()
    response = client.post(url, form_data(draft, commitment_content="新的承诺内容。",
                                          commitment_liability=LIABILITY, **rows))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.commitment_content == "新的承诺内容。"
    diff = diff_guides({"commitment_content": CONTENT}, {"commitment_content": "新的承诺内容。"})
    assert any(row.label == "告知承诺书内容" and row.changed for row in diff)


def test_every_demo_item_allowing_a_commitment_has_a_real_form():
    promised = [spec for spec in ALL_ITEMS if any(m["commitment_allowed"] for m in spec.guide["materials"])]
    assert promised
    for spec in promised:
        guide = spec.guide
        names = [m["name"] for m in guide["materials"] if m["commitment_allowed"]]
        assert guide["name"] in guide["commitment_content"]
        assert all(name in guide["commitment_content"] for name in names)
        assert "信用" in guide["commitment_liability"] and "撤销" in guide["commitment_liability"]
