"""The district leader's dashboard in a real browser: overview against targets, a breakdown by
town, a drill from a department into its items (htmx swaps the board), and the Excel export."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from .personas import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def district_with_cases(demo_site):
    from tongban.demo.catalog import load_demo_catalog
    from tongban.demo.generators.cases import generate_cases
    from tongban.metrics.aggregation import update_all

    load_demo_catalog()
    # a year of history: last month holds a twelfth of it, enough for every town to show up
    generate_cases(3000, seed=7)
    update_all(now=timezone.now() + timedelta(days=2))  # the generated history is settled
    return demo_site


def last_month() -> str:
    """A whole month of generated history (the current one may be a day old)."""
    return f"{timezone.localdate().replace(day=1) - timedelta(days=1):%Y-%m}"


def test_leader_drills_from_departments_to_items_and_exports(page: Page, district_with_cases, tmp_path):
    base = district_with_cases
    sign_in(page, base, "lingdao")
    page.goto(f"{base}/metrics/?period={last_month()}")
    expect(page.get_by_role("heading", name="区领导指标看板")).to_be_visible()
    overview = page.locator("#overview")
    expect(overview.locator('[data-metric="online_rate"]')).to_contain_text("目标 ≥70%")
    expect(overview.locator('[data-metric="proof_free_rate"]')).to_contain_text("%")

    page.get_by_label("分组").select_option("region")  # htmx: the board is swapped, the URL follows
    expect(page.locator("table.metrics-table").first).to_contain_text("枣园镇")
    expect(page).to_have_url(re.compile(r"[?&]group_by=region(&|$)"))

    page.get_by_label("分组").select_option("department")
    page.locator("table.metrics-table").first.get_by_role("link", name="区市场监管局").click()
    expect(page.get_by_role("navigation", name="当前范围")).to_contain_text("区市场监管局")
    first_table = page.locator("table.metrics-table").first
    expect(first_table.locator("thead")).to_contain_text("事项")

    with page.expect_download() as download:
        page.get_by_role("link", name="导出 Excel").first.click()
    path = tmp_path / "metrics.xlsx"
    download.value.save_as(path)
    sheet = load_workbook(path).active
    assert sheet.cell(row=1, column=1).value == "事项" and sheet.cell(row=sheet.max_row, column=1).value == "合计"
