"""办件 in a real browser: an online case through 补正 to pickup at the exit window, and a walk-in
case with 并联审批 — each persona signs in and works only through the pages."""

import re
from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tongban.demo.district.people import demo_id_number
from tongban.accounts.models import Department, Region, User
from tongban.cases.testing import pdf, png
from tongban.catalog import services as catalog
from tongban.catalog.models import BasicItem, ItemType, ServiceItem
from tongban.catalog.tests.conftest import make_guide
from tongban.core.checkdigits import make_id_number

from .personas import sign_in
from .steps import act, expect_no_action, expect_status, open_from_queue, pick_up, upload

pytestmark = pytest.mark.browser

PNG = png()  # uploads are decoded: real files, not bare signatures
PDF = pdf("scanned at the window")


def test_online_case_from_application_through_correction_to_pickup(page: Page, demo_site: str) -> None:
    from tongban.demo.catalog import load_demo_catalog

    load_demo_catalog()
    code = ServiceItem.objects.get(published_version__name="小餐饮登记").implementation_code

    # given 张三 applies online: two files, a commitment for the premises, a scan of the health certificate
    sign_in(page, demo_site, "zhangsan")
    page.goto(f"{demo_site}/cases/apply/{code}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("网上申办 · 小餐饮登记")
    page.get_by_label("上传小餐饮登记申请表").set_input_files(upload("申请表.png", PNG, "image/png"))
    page.get_by_label("上传经营者居民身份证").set_input_files(upload("身份证.png", PNG, "image/png"))
    # his electronic 居民身份证 is preselected (免证办); he hands in a scan instead
    page.get_by_test_id("material").filter(has_text="经营者居民身份证").get_by_label("上传文件", exact=True).check()
    page.get_by_test_id("material").filter(has_text="经营场所使用证明").get_by_label("告知承诺").check()
    page.get_by_label("上传从业人员健康证明").set_input_files(upload("健康证明.pdf", PDF, "application/pdf"))
    expect(page.get_by_label("承诺人签名")).to_have_value("张三")
    page.get_by_role("button", name="提交申请").click()
    expect_status(page, "待受理")
    number = page.get_by_test_id("case-number").inner_text()
    expect(page.locator(".messages")).to_contain_text(f"办件编号 {number}")

    # when the intake clerk opens it from the 待受理 tab and asks for 补正, listing two materials at once
    sign_in(page, demo_site, "shouli")
    open_from_queue(page, demo_site, number, "waiting")
    expect_no_action(page, "propose_rejection", "reject")  # 窗口无权否决
    act(page, "request_correction", **{"需补正的材料（每行一项，一次性告知）": "申请表须本人签字\n健康证明须在有效期内"})
    expect_status(page, "待补正")
    expect(page.get_by_test_id("notice").filter(has_text="补正材料告知书")).to_have_count(1)

    # and 张三 finds it among 我的办件 and resubmits
    sign_in(page, demo_site, "zhangsan")
    page.goto(f"{demo_site}/cases/mine/")
    page.get_by_role("link", name=number).click()
    expect(page.get_by_test_id("deadline-badge")).to_have_text("暂停计时")
    act(page, "resubmit")
    expect_status(page, "待受理")

    # and the clerk accepts
    sign_in(page, demo_site, "shouli")
    open_from_queue(page, demo_site, number, "waiting")
    act(page, "accept")
    expect_status(page, "已受理")
    expect(page.get_by_test_id("deadline-badge")).to_have_text(re.compile("正常|黄牌"))

    # and the 区市场监管局 reviewer starts the review, approves and sends the result to the exit window
    sign_in(page, demo_site, "shenpi")
    open_from_queue(page, demo_site, number)
    act(page, "start_review")
    expect_status(page, "审查中")
    act(page, "approve", **{"审查意见（可选）": "材料齐全，符合条件"})
    expect_status(page, "准予")
    act(page, "issue_result")
    expect_status(page, "待领取")

    # and the clerk checks 张三's ID card at the exit window and records the pickup
    pick_up(page, demo_site, "shouli", number, collector="张三", id_number=demo_id_number("zhangsan"))

    # then 张三 sees 已办结 and the whole history on his case page
    sign_in(page, demo_site, "zhangsan")
    page.goto(f"{demo_site}/cases/{number}/")
    expect_status(page, "已办结")
    expect(page.get_by_test_id("timeline-entry")).to_have_count(8)
    steps = [text.split(" ", 2)[2].split(" → ") for text in page.get_by_test_id("timeline-entry").all_inner_texts()]
    assert [status for _action, status in steps] == ["待受理", "待补正", "待受理", "已受理", "审查中", "准予",
                                                     "待领取", "已办结"]
    actions = [action for action, _status in steps]
    assert actions == ["提交申请", "一次性告知补正", "补正后重新提交", "受理", "开始审查", "准予", "送综合窗口出件",
                       "领取"]


def publish_parallel_item() -> str:
    """An item of 区市场监管局 reviewed in parallel with 区住房城乡建设局 (并联审批)."""
    admin = User.objects.get(username="admin")
    market = Department.objects.get(code="371302-SCJG")
    basic = BasicItem.objects.create(basic_code="0100098000", name="大型餐饮场所开办核准",
                                     item_type=ItemType.objects.get(code="01"), level="4",
                                     competent_department=market)
    guide = make_guide(
        name="大型餐饮场所开办核准", co_departments=["371302-ZJ"], promised_limit=10,
        materials=[
            {"name": "开办申请书", "form": "original", "count": 1, "medium": "paper", "is_required": True,
             "is_waivable": False, "license_type": "", "shared_data_source": "", "commitment_allowed": False,
             "notes": ""},
            {"name": "场所结构安全说明", "form": "copy", "count": 1, "medium": "paper", "is_required": True,
             "is_waivable": False, "license_type": "", "shared_data_source": "住建部门房屋安全数据",
             "commitment_allowed": False, "notes": ""},
        ],
    )
    now = timezone.now()
    draft = catalog.create_item(actor=admin, basic_item=basic, department=market,
                                region=Region.objects.get(code="371302"), guide=guide, now=now)
    catalog.submit_version(actor=admin, version=draft, now=now)
    return catalog.publish_version(actor=admin, version=draft, now=now).item.implementation_code


def test_walk_in_case_with_two_departments_waits_for_the_co_department(page: Page, demo_site: str) -> None:
    publish_parallel_item()
    walk_in = make_id_number("371302", date(1980, 6, 15), 31)

    # given the intake clerk finds the item from her workbench by search (htmx swaps the results)
    sign_in(page, demo_site, "shouli")
    page.get_by_role("link", name="综合窗口受理").click()
    page.get_by_label("搜索事项").fill("大型餐饮")
    page.get_by_role("link", name="大型餐饮场所开办核准").click()
    expect(page.get_by_role("heading", level=2, name="大型餐饮场所开办核准")).to_be_visible()

    # when she records the walk-in applicant, scans the form and registers the case, then accepts it
    page.get_by_label("证件号码（居民身份证号或统一社会信用代码）").fill(walk_in)
    page.get_by_label("申请人姓名或名称").fill("王五")
    page.get_by_label("联系电话").fill("13912340000")
    page.get_by_label("上传开办申请书").set_input_files(upload("申请书.pdf", PDF, "application/pdf"))
    page.get_by_test_id("material").filter(has_text="场所结构安全说明").get_by_label(re.compile("共享数据")).check()
    page.get_by_role("button", name="登记办件").click()
    expect_status(page, "待受理")
    number = page.get_by_test_id("case-number").inner_text()
    expect(page.get_by_test_id("applicant")).to_contain_text("王五（371302********")
    act(page, "accept")
    expect_status(page, "已受理")
    expect(page.get_by_test_id("task")).to_have_count(2)

    # and the lead reviewer starts the review but cannot approve yet
    sign_in(page, demo_site, "shenpi")
    open_from_queue(page, demo_site, number)
    act(page, "start_review")
    act(page, "approve")
    expect(page.locator(".messages")).to_contain_text("并联审批未完成：区住房城乡建设局 尚未出具意见。")
    expect_status(page, "审查中")

    # when the 住建局 reviewer gives his department's opinion from his queue
    sign_in(page, demo_site, "shenpi_zj")
    page.goto(f"{demo_site}/cases/queue/")
    page.get_by_test_id("pending-tasks").get_by_role("link", name=number).click()
    expect(page.get_by_test_id("action-approve")).to_have_count(0)  # the lead department decides
    task = page.get_by_test_id("task-form")
    task.get_by_label("同意", exact=True).check()
    task.get_by_label("意见说明").fill("场所结构符合安全要求")
    task.get_by_role("button", name="出具意见").click()
    expect(page.locator(".messages")).to_contain_text("已对办件")
    expect(page.get_by_test_id("task").filter(has_text="区住房城乡建设局")).to_contain_text("同意")

    # then the lead reviewer approves
    sign_in(page, demo_site, "shenpi")
    open_from_queue(page, demo_site, number)
    act(page, "approve")
    expect_status(page, "准予")


def test_queue_tabs_swap_the_table_and_keep_history(page: Page, demo_site: str) -> None:
    # given the clerk on her queue (待受理 by default)
    sign_in(page, demo_site, "shouli")
    page.goto(f"{demo_site}/cases/queue/")
    expect(page.get_by_test_id("queue-table")).to_have_attribute("data-queue", "waiting")
    page.evaluate("window.__same_page = true")

    # when she switches to 办理中 and then to 红牌
    page.get_by_test_id("tab-in_progress").click()
    expect(page.get_by_test_id("queue-table")).to_have_attribute("data-queue", "in_progress")
    page.get_by_test_id("flag-red").click()

    # then only the table was swapped, the URL follows, the tab is marked, and back works
    expect(page).to_have_url(f"{demo_site}/cases/queue/?name=in_progress&flag=red")
    expect(page.get_by_test_id("flag-red")).to_have_attribute("aria-current", "page")
    expect(page.get_by_test_id("tab-in_progress")).to_have_attribute("aria-current", "page")
    assert page.evaluate("window.__same_page") is True
    page.go_back()
    expect(page).to_have_url(f"{demo_site}/cases/queue/?name=in_progress")
    expect(page.get_by_test_id("flag-all")).to_have_attribute("aria-current", "page")
