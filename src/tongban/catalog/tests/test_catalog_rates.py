"""Catalog rates on a hand-made catalog, with the boundaries of the definitions."""

from decimal import Decimal

import pytest
from django.test import Client

from django.utils import timezone

from tongban.catalog.rates import catalog_rates
from tongban.core.rates import percent
from tongban.metrics.periods import period_of
from tongban.metrics.query import Scope, answer
from tongban.metrics.registry import BY_CODE

from .conftest import publish_new_item


@pytest.mark.parametrize(
    ("_case", "numerator", "denominator", "expected"),
    [("empty", 0, 0, None), ("all", 3, 3, Decimal("100.0")), ("none", 0, 4, Decimal("0.0")),
     ("just_below_95", 949, 1000, Decimal("94.9")), ("exactly_95", 19, 20, Decimal("95.0")),
     ("exact_half", 1, 8, Decimal("12.5")), ("two_thirds_cut", 2, 3, Decimal("66.6")),
     ("almost_all_is_not_all", 1999, 2000, Decimal("99.9"))],
)
def test_rate_boundaries(_case, numerator, denominator, expected):
    assert percent(numerator, denominator) == expected


def test_rates_per_department_from_the_published_catalog(world):
    # given two published items of the market department: one fully online, one offline
    publish_new_item(world, name="甲", fully_online=True, visits=0)
    world.basic_item.pk, world.basic_item.basic_code = None, "0100002000"
    world.basic_item.save()
    publish_new_item(world, name="乙", can_apply_online=False, negative_list=True,
                     negative_list_reason="须现场核验", window_acceptance=False)
    # when the rates are computed
    total, market = catalog_rates("department")
    # then hand-computed values come out (both 行政许可, so both applied for): 1 of 2 online, 1 of 2
    # fully online, 1 of 2 at the window
    assert (total.items, total.online_rate, total.fully_online_rate, total.general_window_rate) == (
        2, Decimal("50.0"), Decimal("50.0"), Decimal("50.0"))
    assert (market.code, market.items) == ("371302-SCJG", 2)


def test_rates_count_only_the_items_applied_for_as_the_metrics_do(world):
    # a 行政许可 offered online and a 行政处罚 (started by the authority, not applied for)
    publish_new_item(world, name="甲")
    world.basic_item.pk, world.basic_item.basic_code = None, "0100002000"
    world.basic_item.save()
    publish_new_item(world, name="乙", item_type="02", can_apply_online=False, negative_list=True,
                     negative_list_reason="依职权实施", window_acceptance=False)
    total, market = catalog_rates("department")
    # 1 of the 1 依申请 item online; the old page divided by both items (50 %)
    assert (total.items, total.applied, total.online_rate, total.general_window_rate) == (
        2, 1, Decimal("100.0"), Decimal("100.0"))
    metrics = answer(tuple(BY_CODE[code] for code in ("online_capable_rate", "one_window_rate")),
                     period_of("month", timezone.localdate()), Scope(), "total")
    assert [cell.value for cell in metrics.total.cells] == [total.online_rate, total.general_window_rate]
    page = Client().get("/workbench/catalog/rates/").content.decode()
    assert "一窗受理通办比例 ≥95%" in page and "一窗受理覆盖率" not in page


def test_an_empty_catalog_shows_a_dash_not_an_error(world):
    total, = catalog_rates("region")
    assert total.items == 0 and total.online_rate is None
    page = Client().get("/workbench/catalog/rates/")
    assert page.status_code == 200 and "—" in page.content.decode()
    assert Client().get("/api/v1/catalog/rates?group_by=region").json()[0]["online_rate"] is None
