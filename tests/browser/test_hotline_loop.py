"""12345 闭环 in a real browser: a complaint → 退单 → 改派 (the original due date stays) → 督办 with
its history on the ticket → reply → unsatisfied callback → reopen (due date still the original) →
reply → satisfied callback → closed, each persona working only through the pages."""


import pytest
from playwright.sync_api import Page, expect


from .personas import sign_in

pytestmark = pytest.mark.browser


def act(page: Page, action: str, **fields: str) -> None:
    form = page.get_by_test_id(f"action-{action}")
    for label, value in fields.items():
        field = form.get_by_label(label)
        if field.evaluate("el => el.tagName") == "SELECT":
            field.select_option(label=value)
        else:
            field.fill(value)
    form.get_by_role("button").click()


def expect_status(page: Page, label: str) -> None:
    expect(page.get_by_test_id("ticket-status")).to_have_text(label)


def open_ticket(page: Page, base_url: str, number: str) -> None:
    page.goto(f"{base_url}/hotline/")
    page.get_by_role("link", name=number).click()
    expect(page.get_by_test_id("ticket-number")).to_have_text(number)


def test_complaint_ticket_closed_loop(page: Page, demo_site: str) -> None:
    # given the 12345 operator registers a complaint from a call
    sign_in(page, demo_site, "zhuren")
    page.goto(f"{demo_site}/hotline/intake/")
    page.get_by_label("诉求类型").select_option(label="投诉")
    page.get_by_label("诉求分类").select_option(label="市场监管 › 食品安全")
    page.get_by_label("诉求人姓名").fill("王小明")
    page.get_by_label("联系电话").fill("13905391111")
    page.get_by_label("诉求内容").fill("兰山街道某饭店后厨卫生脏乱，餐具不消毒")
    page.get_by_role("button", name="登记工单").click()
    expect_status(page, "已登记")
    number = page.get_by_test_id("ticket-number").inner_text()
    expect(page.get_by_test_id("caller")).to_contain_text("王**")

    # and dispatches it to the housing bureau by mistake
    act(page, "dispatch", 承办部门="区住房城乡建设局")
    expect_status(page, "已派单")
    original_due = page.get_by_test_id("ticket-due").inner_text()
    assert original_due[:10].count("-") == 2  # a date, e.g. 2026-12-24 23:59

    # when the housing bureau returns it with a reason
    sign_in(page, demo_site, "shenpi_zj")
    open_ticket(page, demo_site, number)
    page.get_by_test_id("action-return").get_by_role("button").click()  # no reason: refused
    expect(page.locator(".messages")).to_contain_text("须写明理由")
    act(page, "return", 理由="餐饮卫生属市场监管部门职责")
    expect(page.get_by_role("link", name=number)).to_have_count(0)

    # then the centre re-dispatches (改派) it to market supervision
    sign_in(page, demo_site, "zhuren")
    open_ticket(page, demo_site, number)
    expect_status(page, "已退单")
    act(page, "redispatch", 承办部门="区市场监管局")
    expect_status(page, "已派单")
    expect(page.get_by_test_id("ticket-due")).to_have_text(original_due)  # 改派 does not restart the limit

    # and presses the new department with a 重点督办, which the ticket keeps on record
    supervise = page.get_by_test_id("supervise-form")
    supervise.get_by_label("督办级别").select_option(label="重点督办")
    supervise.get_by_label("督办理由").fill("已退单一次，群众反复来电")
    supervise.get_by_role("button", name="督办").click()
    expect(page.get_by_test_id("escalated")).to_have_text("重点督办")
    history = page.get_by_test_id("escalations")
    expect(history.get_by_test_id("escalation-row")).to_have_count(1)
    expect(history).to_contain_text("已退单一次，群众反复来电")
    expect(history).to_contain_text("陈静")

    # and market supervision accepts and replies
    sign_in(page, demo_site, "shenpi")
    open_ticket(page, demo_site, number)
    expect(page.get_by_test_id("escalations")).to_contain_text("重点督办")  # the department sees it too
    act(page, "accept")
    expect_status(page, "办理中")
    act(page, "reply", 答复内容="已现场检查并责令整改")
    expect_status(page, "已答复待回访")

    # when the caller is unsatisfied at the callback, the ticket reopens to the same department
    sign_in(page, demo_site, "zhuren")
    open_ticket(page, demo_site, number)
    act(page, "callback_unsatisfied", 理由="餐具仍未消毒")
    expect_status(page, "重办中")
    expect(page.get_by_test_id("ticket-department")).to_have_text("区市场监管局")
    expect(page.get_by_test_id("ticket-due")).to_have_text(original_due)  # 重办 keeps it too

    sign_in(page, demo_site, "shenpi")
    open_ticket(page, demo_site, number)
    act(page, "reply", 答复内容="已立案查处，餐具消毒设施已配齐")
    expect_status(page, "已答复待回访")

    # then a satisfied callback closes it, and the timeline tells the whole story
    sign_in(page, demo_site, "zhuren")
    open_ticket(page, demo_site, number)
    act(page, "callback_satisfied")
    expect_status(page, "已办结")
    expect(page.get_by_test_id("ticket-reply")).to_contain_text("已立案查处")
    timeline = page.get_by_test_id("timeline")
    expect(timeline.locator("li")).to_have_count(10)  # register … 督办 … callback_satisfied
    expect(timeline).to_contain_text("退单 · 理由：餐饮卫生属市场监管部门职责")
    expect(timeline).to_contain_text("回访：不满意（重办）")

    # and the public stats page counts it without signing in
    page.context.clear_cookies()
    page.goto(f"{demo_site}/hotline/stats/")
    expect(page.locator("#hotline-stats")).to_contain_text("区市场监管局")
