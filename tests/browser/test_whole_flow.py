"""The whole walk of issue 12's "done when", one persona after another, only through the pages:
张三 applies online without his health certificate (容缺后补) → the window clerk 王芳 asks for it
by 补正 (she has no 不予受理: 窗口无权否决) → 张三 uploads it → 王芳 opens and downloads it, then
accepts → the 区市场监管局 reviewer 赵强 proposes the decision and cannot sign it → the department
head 刘敏 signs it (否决权上移; 承办—审核—签发) → 王芳 hands the result over at the exit window
after checking the collector's ID card (GB 11643) → 张三 downloads the decision notice and rates
the service once; the notice's QR code then refuses a second rating (一次一评).

The walk runs twice: a 不予许可 in the shipped `standard` flow (the reviewer approves alone but
only proposes a refusal), and a 准予 in `standard_signed` (the head signs every decision)."""

from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from tongban.accounts.models import User
from tongban.cases.models import Case
from tongban.cases.testing import pdf, png
from tongban.catalog.models import ServiceItem, ServiceItemVersion
from tongban.ratings.models import Rating, RatingInvitation

from .personas import sign_in
from .steps import (
    a_few_days_ahead, act, apply_online, ask_for_correction, download_material, expect_no_action, expect_status,
    fill_pickup, open_case, open_from_queue, open_material, resubmit_with_files, upload,
)

pytestmark = pytest.mark.browser

HEALTH = "从业人员健康证明"
REASON = "经营场所与居民住宅楼共用烟道，不符合小餐饮登记的场所条件"
BASIS = "《山东省食品小作坊小餐饮和食品摊点管理条例》第二十二条"


@dataclass(frozen=True)
class Decision:
    """What the reviewer proposes and the head signs, with the labels each of them sees."""

    workflow: str
    propose: str  # the reviewer's action
    sign: str  # the head's action
    pending: str  # 待签发 status label
    decided: str  # status label once signed
    notice: str  # the decision notice's title
    reviewer_may_not: tuple[str, ...]  # decisions the reviewer is not offered
    fields: dict[str, str]  # the reviewer's proposal
    sign_title: str  # the head's button
    sign_label: str  # the head's comment


DENIAL = Decision(
    workflow="standard", propose="propose_denial", sign="deny", pending="不予待签发", decided="不予",
    notice="不予许可决定书", reviewer_may_not=("deny",), fields={"理由": REASON, "法律依据": BASIS},
    sign_title="签发不予许可", sign_label="签发意见（可选）")
APPROVAL = Decision(
    workflow="standard_signed", propose="propose_approval", sign="approve", pending="准予待签发", decided="准予",
    notice="准予许可决定书", reviewer_may_not=("approve", "deny"), fields={"拟办意见（可选）": "材料齐全，符合条件"},
    sign_title="签发准予", sign_label="签发意见（可选）")


def forged_step(page: Page, base_url: str, number: str, action: str) -> tuple[int, str]:
    """POST `action` for the signed-in user as a hand-made request would, bypassing the page's
    buttons: the response's status code and the refusal the page shows."""
    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    version = Case.objects.get(number=number).row_version
    response = page.request.post(f"{base_url}/cases/{number}/transition/", form={
        "csrfmiddlewaretoken": csrf, "action": action, "expected_version": str(version), "confirm": "yes",
        "reason": REASON, "legal_basis": BASIS}, headers={"Referer": f"{base_url}/cases/{number}/"})
    page.set_content(response.text())
    return response.status, page.locator(".messages").inner_text()


def expect_pickup_refused(page: Page, field: str, message: str) -> None:
    expect(page.locator(f'.field-error[data-field="{field}"]')).to_contain_text(message)
    expect(page.get_by_test_id("pickup-form")).to_be_visible()


@pytest.mark.parametrize("decision", [DENIAL, APPROVAL], ids=["standard-denial", "signed-approval"])
def test_whole_flow_from_application_to_one_rating(page: Page, demo_site: str, decision: Decision) -> None:
    from tongban.demo.catalog import load_demo_catalog

    load_demo_catalog()
    item = ServiceItem.objects.get(published_version__name="小餐饮登记")
    # the district chose the item's flow (办理流程编码 in its guide)
    ServiceItemVersion.objects.filter(pk=item.published_version_id).update(workflow_code=decision.workflow)
    certificate, lease = pdf("health certificate"), pdf("lease")

    # 张三 applies online and promises the health certificate for later (容缺后补)
    number = apply_online(
        page, demo_site, "zhangsan", item.implementation_code,
        files={"小餐饮登记申请表": upload("申请表.png", png(1), "image/png"),
               "经营者居民身份证": upload("身份证.png", png(2), "image/png"),
               "经营场所使用证明": upload("租赁合同.pdf", lease, "application/pdf")},
        provisions={HEALTH: "容缺后补"}, waiver_due=a_few_days_ahead(timezone.localdate()))
    assert Case.objects.get(number=number).workflow.code == decision.workflow

    # 王芳 finds it in her 待受理 queue, sees what is missing and what came, and has no way to refuse
    sign_in(page, demo_site, "shouli")
    open_from_queue(page, demo_site, number, "waiting")
    expect(page.get_by_test_id("case-material").filter(has_text=HEALTH)).to_contain_text("容缺")
    assert open_material(page, "经营场所使用证明") == ("application/pdf", lease)
    expect(page.get_by_test_id("action-request_correction")).to_be_visible()
    expect_no_action(page, "propose_rejection", "reject")  # 窗口无权否决
    assert forged_step(page, demo_site, number, "propose_rejection") == (
        403, "综合窗口无权作出不予受理或不予许可决定（窗口无权否决），请转后台审批人员。")
    ask_for_correction(page, demo_site, "shouli", number, [HEALTH])
    expect(page.get_by_test_id("notice").filter(has_text="补正材料告知书")).to_have_count(1)

    # 张三 sees the 补正 request among 我的办件, the clock paused, and uploads the certificate
    sign_in(page, demo_site, "zhangsan")
    page.goto(f"{demo_site}/cases/mine/")
    expect(page.get_by_test_id("case-row").filter(has_text=number)).to_contain_text("待补正")
    page.get_by_role("link", name=number).click()
    expect(page.get_by_test_id("deadline-badge")).to_have_text("暂停计时")
    expect(page.get_by_test_id("notice").filter(has_text="补正材料告知书")).to_have_count(1)
    resubmit_with_files(page, demo_site, "zhangsan", number,
                        {HEALTH: upload("健康证明.pdf", certificate, "application/pdf")})
    expect_status(page, "待受理")

    # 王芳 sees it back in 待受理, opens and downloads the certificate (the bytes he sent), accepts
    sign_in(page, demo_site, "shouli")
    open_from_queue(page, demo_site, number, "waiting")
    expect(page.get_by_test_id("case-material").filter(has_text=HEALTH)).to_contain_text("健康证明.pdf")
    assert open_material(page, HEALTH) == ("application/pdf", certificate)
    assert download_material(page, HEALTH) == ("健康证明.pdf", certificate)
    act(page, "accept")
    expect_status(page, "已受理")
    expect(page.get_by_test_id("notice").filter(has_text="受理通知书")).to_have_count(1)
    expect_no_action(page, "start_review", decision.propose)  # the review is the department's

    # 赵强 (区市场监管局) finds it in 办理中, reads the certificate, reviews and proposes
    sign_in(page, demo_site, "shenpi")
    open_from_queue(page, demo_site, number, "in_progress")
    assert download_material(page, HEALTH) == ("健康证明.pdf", certificate)
    act(page, "start_review")
    expect_status(page, "审查中")
    expect_no_action(page, *decision.reviewer_may_not)
    act(page, decision.propose, **decision.fields)
    expect_status(page, decision.pending)
    expect(page.get_by_test_id("proposal")).to_contain_text("赵强")

    # and cannot sign his own proposal: no button, and a hand-made request is refused
    expect_no_action(page, decision.sign, "return_proposal")
    status, refusal = forged_step(page, demo_site, number, decision.sign)
    assert (status, refusal) == (403, f"您的角色无权执行“{decision.sign_title}”。")
    open_case(page, demo_site, number)
    expect_status(page, decision.pending)

    # 刘敏 finds it in 待签发 with the proposal, can open the file, and signs
    sign_in(page, demo_site, "kezhang")
    open_from_queue(page, demo_site, number, "sign_off")
    expect(page.get_by_test_id("proposal")).to_contain_text("赵强")
    if decision is DENIAL:
        expect(page.get_by_test_id("proposal")).to_contain_text(REASON)
        expect(page.get_by_test_id("proposal")).to_contain_text(BASIS)
    assert open_material(page, HEALTH) == ("application/pdf", certificate)
    expect(page.get_by_test_id("action-return_proposal")).to_be_visible()
    expect(page.get_by_test_id(f"action-{decision.sign}").get_by_role("button")).to_have_text(decision.sign_title)
    act(page, decision.sign, **{decision.sign_label: "同意"})
    expect_status(page, decision.decided)
    expect(page.get_by_test_id("notice").filter(has_text=decision.notice)).to_have_count(1)

    # 王芳 sees the decided case at the exit window and sends the result there
    sign_in(page, demo_site, "shouli")
    page.goto(f"{demo_site}/cases/exit/")
    row = page.locator(f'tr[data-number="{number}"]')
    expect(row).to_contain_text(decision.decided)
    row.get_by_role("link", name=number).click()
    act(page, "issue_result")
    expect_status(page, "待领取")
    expect(page.get_by_test_id("action-pick_up").get_by_role("link")).to_have_attribute(
        "href", f"/cases/{number}/pickup/")

    # at 领取 she checks the collector's ID card: a mistyped number, another person's card and an
    # unticked check are each refused, 张三's own card ticked as checked is taken
    page.goto(f"{demo_site}/cases/exit/")
    page.locator(f'tr[data-number="{number}"]').get_by_role("link", name="领取（核验身份）").click()
    own = User.objects.get(username="zhangsan").id_number
    mistyped = own[:-1] + ("0" if own[-1] != "0" else "1")
    fill_pickup(page, collector="张三", id_number=mistyped, checked=True)
    expect_pickup_refused(page, "collector_id_number", "校验位错误")
    fill_pickup(page, collector="张三", id_number=User.objects.get(username="lisi").id_number, checked=True)
    expect_pickup_refused(page, "collector_id_number", "领取人证件与申请人身份证号不符")
    fill_pickup(page, collector="张三", id_number=own, checked=False)
    expect_pickup_refused(page, "id_checked", "须核验领取人身份证件原件")
    assert Case.objects.get(number=number).status == "awaiting_pickup"
    fill_pickup(page, collector="张三", id_number=own, checked=True)
    expect(page).to_have_url(f"{demo_site}/cases/exit/")
    expect(page.locator(".messages")).to_contain_text(f"办件 {number} 的结果已领取")
    open_case(page, demo_site, number)
    expect_status(page, "已办结")
    pickup = page.get_by_test_id("pickup")
    expect(pickup).to_contain_text("已核验证件")
    expect(pickup).to_contain_text(own[:6] + "********" + own[-4:])
    expect(pickup).not_to_contain_text(own)

    # 张三 sees 已办结 and downloads the decision notice, which carries the 好差评 QR code
    sign_in(page, demo_site, "zhangsan")
    page.goto(f"{demo_site}/cases/mine/")
    expect(page.get_by_test_id("case-row").filter(has_text=number)).to_contain_text("已办结")
    page.get_by_role("link", name=number).click()
    expect(page.get_by_test_id("decision")).to_contain_text(decision.decided)
    if decision is DENIAL:  # the reasons are the reviewer's, which the head signed
        expect(page.get_by_test_id("decision")).to_contain_text(f"{REASON}（依据：{BASIS}）")
    link = page.get_by_test_id("notice").filter(has_text=decision.notice).get_by_role("link")
    notice = page.request.get(demo_site + link.get_attribute("href"))
    assert notice.ok and notice.headers["content-type"] == "application/pdf"
    assert notice.body().startswith(b"%PDF-")
    qr_token = RatingInvitation.objects.get(case__number=number).token  # what the notice's QR encodes

    # and rates the service once
    page.get_by_role("link", name="评价本次服务").click()
    form = page.get_by_test_id("rating-form")
    form.get_by_label("满意", exact=True).check()
    form.get_by_label("评价内容").fill("补正一次说清楚，领取时核验认真")
    form.get_by_role("button", name="提交评价").click()
    expect(page.get_by_test_id("rating-level")).to_have_text("满意")
    page.goto(demo_site + reverse("ratings:rate_case", args=[number]))
    expect(page.get_by_test_id("already-rated")).to_be_visible()
    expect(page.get_by_test_id("rating-form")).to_have_count(0)

    # then the notice's QR code offers no second rating, and a posted one is refused (一次一评)
    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    page.context.clear_cookies()
    token_url = demo_site + reverse("ratings:rate_token", args=[qr_token])
    page.goto(token_url)
    expect(page.get_by_test_id("already-rated")).to_contain_text("一次一评")
    expect(page.get_by_test_id("rating-form")).to_have_count(0)
    page.context.add_cookies([{"name": "csrftoken", "value": csrf, "url": demo_site}])
    second = page.request.post(token_url, form={"csrfmiddlewaretoken": csrf, "level": "1"},
                               headers={"Referer": token_url})
    assert second.status == 422 and "该办件已评价过（一次一评），不能再次评价" in second.text()
    assert Rating.objects.filter(case__number=number).count() == 1
