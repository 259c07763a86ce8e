"""Decision notices: titled by the item type, with the result, its validity and the appeal periods
(行政复议法 / 行政诉讼法) as rules in force on the day of issue, frozen into the notice."""

from datetime import date

from tongban.accounts.constants import Role
from tongban.accounts.models import User
from tongban.cases import services
from tongban.cases.notices.documents import notice_context, notice_title
from tongban.cases.services.published import clear_caches
from tongban.catalog.models import ItemType, ServiceItem, ServiceItemVersion
from tongban.rules.services import set_override

from .conftest import at, submit_online


def step(actor, case, action, now, **details):
    return services.transition_case(actor=actor, case_number=case.number,
                                    command=services.Command(action=action, **details), now=now)


def approved(cw, day):
    case = submit_online(cw, at(*day))
    step(cw.clerk, case, "accept", at(*day))
    step(cw.reviewer, case, "start_review", at(*day))
    services.complete_task(actor=cw.housing_reviewer, case_number=case.number, approve=True, opinion="",
                           now=at(*day))
    return step(cw.reviewer, case, "approve", at(*day)).notices.get(kind="approval")


def admin():
    return User.objects.create_user(username="xitong", password="x", role=Role.ADMIN)


def context(notice):
    return notice_context(notice, verify_url="https://example.test/v")


def test_the_title_follows_the_item_type(cases_world):
    cw = cases_world
    assert notice_title(approved(cw, (2026, 3, 2))) == "准予行政许可决定书"
    ServiceItemVersion.objects.filter(item__implementation_code=cw.item_code).update(
        item_type=ItemType.objects.get(code="07"))
    clear_caches()
    notice = approved(cw, (2026, 3, 3))
    assert (notice_title(notice), notice.body["granted"]) == ("行政确认决定书", "行政确认")
    assert "决定准予行政确认" not in notice_title(notice) and context(notice)["granted"] == "行政确认"


def test_an_approval_states_the_result_number_and_its_validity_set_per_item(cases_world):
    cw = cases_world
    item = ServiceItem.objects.get(implementation_code=cw.item_code)
    set_override("case.result_validity_months", value=12, effective_from=date(2026, 3, 3), item=item,
                 reason="许可证有效期", actor=admin(), now=at(2026, 3, 1))
    before = approved(cw, (2026, 3, 2))  # the day before the item's validity rule takes effect
    assert before.body["valid_until"] is None
    assert context(before)["validity"] == "以所发证照或结果文书载明的有效期为准"
    notice = approved(cw, (2026, 3, 3))
    assert (notice.body["result_name"], notice.body["result_number"]) == ("食品经营许可证", notice.case.number)
    assert (notice.body["valid_from"], notice.body["valid_until"]) == ("2026-03-03", "2027-03-02")
    assert context(notice)["validity"] == "自2026年3月3日起至2027年3月2日止"


def test_the_appeal_periods_are_the_rules_in_force_on_the_day_of_issue(cases_world):
    cw = cases_world
    set_override("notice.administrative_review_days", value=90, effective_from=date(2026, 3, 3), region=cw.catalog.region,
                 reason="地方性法规规定更长期限", actor=admin(), now=at(2026, 3, 1))
    earlier = approved(cw, (2026, 3, 2))
    later = approved(cw, (2026, 3, 3))
    assert earlier.body["appeal"] == {"review_days": 60, "litigation_months": 6, "review_body": "兰山区人民政府"}
    assert later.body["appeal"]["review_days"] == 90
    assert "自收到本决定书之日起60日内向兰山区人民政府申请行政复议" in context(earlier)["remedy"]
    assert "6个月内依法向人民法院提起行政诉讼" in context(earlier)["remedy"]
    assert "90日内" in context(later)["remedy"]
