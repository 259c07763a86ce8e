"""The public guide names each material by the id a case submission refers to (materials[].material_id)."""

from django.test import Client

from tongban.catalog.models import Material

from .conftest import make_guide, publish_new_item

MATERIAL = {"form": "original", "count": 1, "medium": "paper", "is_required": True, "is_waivable": False,
            "license_type": "", "shared_data_source": "", "commitment_allowed": False, "notes": ""}


def test_published_guide_lists_material_ids_in_catalog_order(world):
    version = publish_new_item(world, materials=[{**MATERIAL, "name": "申请书"}, {**MATERIAL, "name": "营业执照"}])

    guide = Client().get(f"/api/v1/catalog/items/{version.item.implementation_code}").json()["guide"]

    rows = Material.objects.filter(version=version).order_by("order")
    assert [(m["id"], m["name"]) for m in guide["materials"]] == [(row.id, row.name) for row in rows]


def test_material_ids_are_documented_in_the_openapi_document(db):
    schema = Client().get("/api/v1/openapi.json").json()["components"]["schemas"]

    assert "id" in schema["PublishedMaterial"]["required"]
    assert schema["PublishedGuideContent"]["properties"]["materials"]["items"] == {
        "$ref": "#/components/schemas/PublishedMaterial"}
    assert make_guide()  # the drafts' input schema is unchanged: no id there
    assert "id" not in schema["MaterialSchema"]["properties"]
