"""联合审核 in a real browser: a department revises an item, the office returns it with a comment,
the department fixes it, the office publishes, and the portal shows the new version while the
old one stays readable by version."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tongban.demo.district import DEMO_PASSWORD
from tongban.accounts.models import Department, Region, User
from tongban.catalog import services
from tongban.catalog.models import BasicItem, ItemType
from tongban.catalog.tests.conftest import make_guide

from .test_login_home import log_in

pytestmark = pytest.mark.browser


def published_item() -> str:
    """食品经营许可 of 区市场监管局, published by the office reviewer 何平 (shenhe)."""
    market = Department.objects.get(code="371302-SCJG")
    basic = BasicItem.objects.create(basic_code="0100099000", name="食品经营许可", level="4",
                                     item_type=ItemType.objects.get(code="01"), competent_department=market)
    now = timezone.now()
    draft = services.create_item(actor=User.objects.get(username="kezhang"), basic_item=basic, department=market,
                                 region=Region.objects.get(code="371302"), guide=make_guide(), now=now)
    services.submit_version(actor=User.objects.get(username="kezhang"), version=draft, now=now)
    services.publish_version(actor=User.objects.get(username="shenhe"), version=draft, now=now)
    return draft.item.implementation_code


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="退出").click()


def test_revision_is_returned_fixed_published_and_the_old_version_stays_readable(page: Page, demo_site: str):
    code = published_item()
    # the department head starts a revision and shortens the promised limit from 10 to 3 days
    log_in(page, demo_site, "kezhang", DEMO_PASSWORD)
    page.goto(f"{demo_site}/workbench/catalog/")
    page.get_by_role("button", name="发起修订").click()
    expect(page.get_by_test_id("version-status")).to_have_text("草稿")
    page.get_by_label("承诺办结时限", exact=True).fill("3")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.get_by_text("草稿已保存。")).to_be_visible()
    page.get_by_role("button", name="提交联合审核").click()
    expect(page.get_by_test_id("version-status")).to_have_text("待联合审核")
    sign_out(page)

    # the service-management office sees the difference and returns it with a comment
    log_in(page, demo_site, "shenhe", DEMO_PASSWORD)
    page.goto(f"{demo_site}/workbench/catalog/reviews/")
    page.get_by_role("link", name="食品经营许可").click()
    diff = page.locator("#diff")
    expect(diff).to_contain_text("承诺办结时限")
    expect(diff.get_by_role("row", name="承诺办结时限")).to_contain_text("10")
    page.get_by_label("审核意见").fill("请在设定依据中写明条款项")
    page.get_by_role("button", name="退回修改").click()
    expect(page.get_by_test_id("version-status")).to_have_text("退回修改")
    sign_out(page)

    # the department reads the comment, fixes the legal basis and submits again
    log_in(page, demo_site, "kezhang", DEMO_PASSWORD)
    page.goto(f"{demo_site}/workbench/catalog/")
    page.get_by_role("link", name="已退回").click()
    expect(page.get_by_test_id("review-comment").last).to_have_text("请在设定依据中写明条款项")
    page.get_by_label("设定依据").fill("《中华人民共和国食品安全法》第三十五条第一款")
    page.get_by_role("button", name="保存草稿").click()
    page.get_by_role("button", name="提交联合审核").click()
    sign_out(page)

    # the office publishes
    log_in(page, demo_site, "shenhe", DEMO_PASSWORD)
    page.goto(f"{demo_site}/workbench/catalog/reviews/")
    page.get_by_role("link", name="食品经营许可").click()
    page.get_by_role("button", name="审核发布").click()
    expect(page.get_by_test_id("version-status")).to_have_text("已发布")
    sign_out(page)

    # the portal shows version 2 with 3 days; version 1 is still readable, marked as replaced
    page.goto(f"{demo_site}/catalog/{code}/")
    expect(page.get_by_role("row", name="承诺办结时限")).to_contain_text("3 个工作日")
    page.goto(f"{demo_site}/catalog/{code}/?version=1")
    expect(page.get_by_test_id("old-version-banner")).to_contain_text("您正在查看第 1 版（已被第 2 版替代）")
    expect(page.get_by_role("row", name="承诺办结时限")).to_contain_text("10 个工作日")
