"""好差评 closed loop in a real browser: 张三 rates a finished case 非常不满意 (with a 差评分类) → the
QR code on the decision notice is refused (一次一评) → the department answers the 整改 → 张三 reads
the answer → the centre supervisor verifies → the callback is satisfied → the rectification is closed."""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from tongban.accounts.constants import Role
from tongban.accounts.models import User
from tongban.cases import services as cases
from tongban.catalog.models import Material, ServiceItem
from tongban.ratings import services as ratings

from .test_cases_flow import PNG, sign_in

pytestmark = pytest.mark.browser


def finished_case(username: str = "zhangsan"):
    """Drive 张三's 小餐饮登记 through the case services to 办结 (the cases tests cover the pages)."""
    from tongban.demo.catalog import load_demo_catalog

    load_demo_catalog()
    item = ServiceItem.objects.get(published_version__name="小餐饮登记")
    citizen = User.objects.get(username=username)
    now = timezone.now()
    materials = []
    for material in Material.objects.filter(version=item.published_version).order_by("order"):
        upload = cases.store_upload(name="材料.png", data=PNG, actor=citizen, now=now)
        materials.append(cases.MaterialInput(material.id, "submitted", upload.public_id))
    case = cases.submit_case(actor=citizen, item_code=item.implementation_code,
                             applicant=cases.applicant_for_account(citizen), channel="online",
                             materials=materials, now=now)

    def step(actor, action):
        return cases.transition_case(actor=actor, case_number=case.number, command=cases.Command(action=action),
                                     now=timezone.now())

    clerk = User.objects.get(username="shouli")
    reviewer = User.objects.filter(role=Role.REVIEWER, department=case.department).order_by("id").first()
    step(clerk, "accept")
    step(reviewer, "start_review")
    for task in case.tasks.exclude(department=case.department):
        helper = User.objects.filter(role=Role.REVIEWER, department=task.department).order_by("id").first()
        cases.complete_task(actor=helper, case_number=case.number, approve=True, opinion="同意", now=timezone.now())
    step(reviewer, "approve")
    step(reviewer, "issue_result")
    case = cases.transition_case(actor=clerk, case_number=case.number, now=timezone.now(), command=cases.Command(
        action="pick_up", pickup=cases.PickupInput("self", citizen.real_name, "resident_id", citizen.id_number,
                                                   id_checked=True)))
    assert case.status == "completed"
    return case, reviewer


def expect_status(page: Page, label: str) -> None:
    expect(page.get_by_test_id("rectification-status")).to_have_text(label)


def test_a_very_dissatisfied_rating_is_rectified_verified_and_closed(page: Page, demo_site: str) -> None:
    case, reviewer = finished_case()
    qr_token = ratings.printed_invitation(case, now=timezone.now()).token  # printed on the decision notice

    # given 张三 rates the finished case 非常不满意, with a reason
    sign_in(page, demo_site, "zhangsan")
    page.goto(demo_site + reverse("ratings:rate_case", args=[case.number]))
    form = page.get_by_test_id("rating-form")
    form.get_by_label("非常不满意").check()
    form.get_by_label("等候时间").check()
    form.get_by_test_id("bad-categories").get_by_label("服务态度").check()
    form.get_by_label("评价内容").fill("排队一个多小时，窗口人员态度冷淡")
    form.get_by_role("button", name="提交评价").click()
    expect(page.get_by_test_id("rating-level")).to_have_text("非常不满意")
    expect(page.get_by_test_id("rectification-opened")).to_contain_text("整改期限")

    # and the notice's QR code no longer takes a second rating, saying why (no sign-in needed)
    page.context.clear_cookies()
    page.goto(demo_site + reverse("ratings:rate_token", args=[qr_token]))
    expect(page.get_by_test_id("already-rated")).to_contain_text("该办件已评价过（一次一评），不能再次评价")
    expect(page.get_by_test_id("rating-form")).to_have_count(0)

    # when the department opens it from its 整改 queue and answers
    sign_in(page, demo_site, reviewer.username)
    page.goto(demo_site + reverse("ratings:queue"))
    row = page.get_by_test_id("rectification-row").filter(has_text=case.number)
    row.get_by_role("link").click()
    expect_status(page, "待整改")
    expect(page.get_by_test_id("rating-comment")).to_have_text("排队一个多小时，窗口人员态度冷淡")
    expect(page.get_by_test_id("bad-categories")).to_have_text("服务态度")
    answer = page.get_by_test_id("answer-form")
    answer.get_by_label("整改情况").fill("增设高峰时段弹性窗口，对当班人员进行服务规范培训")
    answer.get_by_label("答复评价人").fill("您反映的问题已整改，感谢监督")
    answer.get_by_role("button", name="提交整改答复").click()
    expect_status(page, "已整改待核实")
    detail_url = page.url

    # and 张三 reads the answer on the case's rating page
    sign_in(page, demo_site, "zhangsan")
    page.goto(demo_site + reverse("ratings:rate_case", args=[case.number]))
    expect(page.get_by_test_id("already-rated")).to_be_visible()
    expect(page.get_by_test_id("rectification-answer")).to_contain_text("您反映的问题已整改，感谢监督")

    # then the centre supervisor verifies it and calls the applicant back: satisfied
    sign_in(page, demo_site, "zhuren")
    page.goto(detail_url)
    page.get_by_test_id("verify-form").get_by_role("button", name="提交核实结论").click()
    expect_status(page, "已核实待回访")
    callback = page.get_by_test_id("callback-form")
    callback.get_by_label("满意", exact=True).check()
    callback.get_by_label("回访记录").fill("电话回访，申请人表示满意")
    callback.get_by_role("button", name="提交回访结果").click()
    expect_status(page, "已办结")
    expect(page.get_by_test_id("callback")).to_contain_text("满意")

    # and the public rates page counts the closed real-name 差评 as rectified
    page.goto(demo_site + reverse("ratings:rates"))
    expect(page.locator("#rates tbody tr").last).to_contain_text("100.0%")
