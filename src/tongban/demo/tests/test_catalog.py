"""演示事项目录 — load_demo_catalog publishes a full, valid, idempotent 兰山区 catalog.

Loading runs every item through create → submit → publish (≈7,000 queries), so the district
and catalog are loaded once per module inside an outer transaction that is rolled back at the
end; each test still runs in its own savepoint, rolled back after it.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from tongban.accounts.models import Department, Region, User
from tongban.catalog.constants import ItemKind, VersionStatus
from tongban.catalog.guide import code_lists, guide_of
from tongban.catalog.models import (
    AcceptanceCondition,
    BasicItem,
    LicenseType,
    Material,
    ServiceItem,
    ServiceItemVersion,
    Theme,
)
from tongban.catalog.validation import (
    validate_basic_code,
    validate_guide,
    validate_implementation_code,
)
from tongban.core.checkdigits import validate_uscc
from tongban.demo import catalog as demo
from tongban.demo.catalog import ALL_ITEMS, load_demo_catalog
from tongban.demo.catalog.build import item
from tongban.demo.catalog.codes import LICENSE_TYPES, THEMES, license_code
from tongban.demo.district import load_demo_district

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def published(django_db_setup, django_db_blocker):
    outer = transaction.atomic()

    def roll_back() -> None:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)

    with django_db_blocker.unblock():
        outer.__enter__()
        try:
            load_demo_district()
            count = load_demo_catalog()
        except BaseException:
            roll_back()
            raise
    yield count
    roll_back()


def live(name: str) -> ServiceItemVersion:
    item = ServiceItem.objects.select_related("published_version").get(published_version__name=name)
    return item.published_version


def test_publishes_at_least_64_items_across_12_departments(published):
    assert published == len(ALL_ITEMS) >= 64
    items = ServiceItem.objects.filter(published_version__isnull=False, is_retired=False)
    assert items.count() == published
    assert items.values("department").distinct().count() >= 12
    assert not ServiceItemVersion.objects.exclude(status=VersionStatus.PUBLISHED).exists()


def test_every_published_guide_revalidates_clean(published):
    codes = code_lists()
    for service_item in ServiceItem.objects.select_related("published_version", "department", "basic_item"):
        guide = guide_of(service_item.published_version)
        assert validate_guide(guide, codes) == [], service_item.published_version.name
        basic = service_item.basic_item
        assert validate_basic_code(basic.basic_code, guide["item_type"]) == []
        assert validate_implementation_code(
            service_item.implementation_code, service_item.department.uscc, basic.basic_code
        ) == []


def test_basic_catalog_has_sub_items_under_their_main_item(published):
    subs = BasicItem.objects.filter(kind=ItemKind.SUB).select_related("parent")
    assert subs.count() >= 6
    for sub in subs:
        assert sub.parent.kind == ItemKind.MAIN
        assert sub.basic_code[:7] == sub.parent.basic_code[:7]
        assert sub.basic_code[:2] == sub.item_type.code


def test_themes_and_licence_types(published):
    assert set(Theme.objects.values_list("code", flat=True)) >= {code for code, _, _ in THEMES}
    for key, (name, _, _, department, _) in LICENSE_TYPES.items():
        licence = LicenseType.objects.select_related("issuing_department").get(code=license_code(key))
        assert licence.name == name
        assert licence.issuing_department.code == f"371302-{department}"
        assert len(licence.code) == 21 and licence.code[18:].isdigit()
        validate_uscc(licence.code[:18])
    assert LicenseType.objects.get(name="建筑工程施工许可证").code.startswith("11100000000013338W")
    assert LicenseType.objects.get(name="不动产权证书").code == "11100000MB03271699001"


def test_seed_named_items_carry_their_facts(published):
    startup = live("企业开办（设立登记）")
    assert startup.fully_online and startup.can_apply_online and startup.visits == 0
    assert (startup.promised_limit, startup.promised_unit) == (1, "working")
    assert startup.result_kind == "license" and startup.result_license_type.name == "营业执照"

    simple = live("企业简易注销登记")
    assert (simple.promised_limit, simple.promised_unit) == (1, "working")

    food = live("食品经营许可（新办）")
    assert (food.statutory_limit, food.statutory_unit) == (20, "working")
    assert food.promised_limit <= food.statutory_limit
    inspection = food.specialprocedures.get(kind="site_inspection")
    assert (inspection.max_duration, inspection.unit) == (10, "working")
    assert food.materials.filter(commitment_allowed=True).exists()

    assert live("公共场所卫生许可").result_license_type.name == "公共场所卫生许可证"

    permit = live("建筑工程施工许可证核发")
    exemption = AcceptanceCondition.objects.get(version=permit, text__startswith="工程投资额在100万元")
    assert exemption.rule == {
        "any": [{"field": "investment_wan", "op": "<=", "value": 100},
                {"field": "floor_area_m2", "op": "<=", "value": 500}],
        "effect": "exempt",
    }

    power = live("低压小微企业用电报装")
    assert power.item_type.code == "20"
    assert power.acceptanceconditions.filter(text__contains="160千瓦").exists()
    for name in ("供水接入", "供气接入"):
        utility = live(name)
        assert utility.promised_unit == "working" and utility.promised_limit <= 3

    assert live("人力资源服务许可").result_license_type.name == "人力资源服务许可证"
    assert live("出生医学证明").result_license_type.name == "出生医学证明"

    identity = live("居民身份证换领")
    assert identity.negative_list and not identity.can_apply_online
    assert "指纹" in identity.negative_list_reason


def test_catalog_mixes_kinds_channels_and_fees(published):
    versions = ServiceItemVersion.objects.filter(status=VersionStatus.PUBLISHED)
    assert versions.filter(case_kind="immediate", promised_limit=0).exists()
    assert versions.filter(case_kind="promised").exists()
    assert versions.filter(mobile=True).exists() and versions.filter(kiosk=True).exists()
    assert {"town", "village"} <= set(versions.values_list("near_home_level", flat=True))
    assert {"province", "national"} <= set(versions.values_list("cross_region_scope", flat=True))
    assert versions.filter(negative_list=True).exclude(negative_list_reason="").count() >= 3
    assert versions.filter(is_free=False, fees__isnull=False).distinct().count() >= 3
    assert {"expert_review", "publicity"} <= set(
        versions.values_list("specialprocedures__kind", flat=True)
    )
    assert versions.filter(steps__role="issue").exists()


def test_some_materials_use_each_kind_of_proof_free_source(published):
    materials = Material.objects.filter(version__status=VersionStatus.PUBLISHED)
    assert materials.filter(license_type__isnull=False).exists()
    assert materials.exclude(shared_data_source="").exists()
    assert materials.filter(commitment_allowed=True).exists()
    assert materials.filter(is_waivable=True).exists()


def test_loading_twice_changes_nothing(published):
    # given a loaded catalog
    before = snapshot()
    # when the command runs again
    out = StringIO()
    call_command("load_demo_catalog", stdout=out)
    # then every item is skipped and no row changes
    assert snapshot() == before
    text = out.getvalue()
    assert f"正在加载事项 1/{len(ALL_ITEMS)} …" in text
    assert f"本次新发布 0 项，已存在跳过 {len(ALL_ITEMS)} 项" in text
    assert f"已发布 {published} 项" in text
    assert load_demo_catalog() == published


def snapshot() -> dict:
    return {
        "items": set(ServiceItem.objects.values_list("pk", "published_version_id")),
        "versions": set(ServiceItemVersion.objects.values_list("pk", "status", "revision")),
        "basic": set(BasicItem.objects.values_list("pk", "basic_code", "name", "parent_id")),
        "licences": set(LicenseType.objects.values_list("pk", "code", "issuing_department_id")),
        "themes": set(Theme.objects.values_list("pk", "code")),
    }


def test_an_invalid_demo_guide_fails_loudly(published):
    # given a demo item promising more than the statutory limit
    spec = item("SCJG", "0100099000", "演示坏事项", "《某条例》", limits=(5, 9))
    basic = BasicItem.objects.get(basic_code="0100002000")
    # when it is published, then the loader names the item and the rule it breaks
    with pytest.raises(demo.DemoCatalogError, match="演示坏事项.*承诺办结时限"):
        demo._publish(spec, admin=User.objects.get(username="admin"), basic_item=basic,
                      department=Department.objects.get(code="371302-SCJG"),
                      region=Region.objects.get(code="371302"), now=timezone.now())


def search_names(q: str) -> list[str]:
    from django.test import Client

    body = Client().get("/api/v1/catalog/items", {"q": q, "limit": 100}).json()
    return [row["name"] for row in body["items"]]


def test_searching_a_result_finds_the_items_that_produce_it_first(published):
    # 营业执照 is the result of 企业开办 and 个体工商户登记, and a material of many more items
    producers = set(ServiceItem.objects.filter(published_version__result_license_type__name="营业执照")
                    .values_list("published_version__name", flat=True))
    assert {"企业开办（设立登记）", "个体工商户登记"} <= producers
    found = search_names("营业执照")
    assert set(found[:len(producers)]) == producers
    assert len(found) > len(producers)


def test_searching_a_life_event_finds_its_items(published):
    found = search_names("开饭店")
    assert "食品经营许可（新办）" in found
    assert set(found) == set(ServiceItem.objects.filter(published_version__themes__name="开饭店")
                             .values_list("published_version__name", flat=True))


def test_a_search_pages_by_relevance_without_repeating_an_item(published):
    from django.test import Client

    client, seen, after = Client(), [], ""
    while True:
        body = client.get("/api/v1/catalog/items", {"q": "营业执照", "limit": 3, "after": after}).json()
        seen += [row["name"] for row in body["items"]]
        if not body["next_cursor"]:
            break
        after = body["next_cursor"]
    assert seen == search_names("营业执照") and len(set(seen)) == len(seen)
