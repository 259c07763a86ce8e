"""The case clock (issue 12 §2): 中止 stops it and 恢复 recomputes the due date, decided cases
show 按时/超期办结 instead of 红牌, a special procedure stops it only up to its maximum, 延长审批
adds the item's days with a 特别程序告知书, and regional closures move deadlines."""

from datetime import date

import pytest
from django.test import Client

from tongban import workdays
from tongban.accounts.constants import Role
from tongban.accounts.models import User
from tongban.audit.models import AuditEntry
from tongban.calendar_admin.services import save_region_closures
from tongban.cases import services
from tongban.cases.constants import DeadlineStatus
from tongban.cases.models import Case
from tongban.cases.notices.documents import render_notice_html
from tongban.cases.presenters import status_of
from tongban.cases.queries import queue
from tongban.catalog.models import SpecialProcedure
from tongban.core.errors import DomainError

from .conftest import at, submit_online


def step(actor, case, action, now, **details) -> Case:
    return services.transition_case(actor=actor, case_number=case.number,
                                    command=services.Command(action=action, **details), now=now)


def reviewed(cw) -> Case:
    """Accepted Tue 2026-03-03 with 5 working days (due 3/10), in review from 3/4."""
    case = submit_online(cw, at(2026, 3, 2))
    case = step(cw.clerk, case, "accept", at(2026, 3, 3))
    assert case.due_date == date(2026, 3, 10)
    return step(cw.reviewer, case, "start_review", at(2026, 3, 4))


def card(case: Case, today: date) -> str:
    return status_of(Case.objects.select_related("item", "department", "region").get(pk=case.pk), today)


def red_numbers(cw, today: date, name: str = "in_progress") -> list[str]:
    return [c.number for c in queue(cw.reviewer, name=name, today=today, yellow_days=2, flag="red").cases]


def test_suspension_stops_the_clock_and_resumption_recomputes_the_due_date(cases_world):
    cw = cases_world
    case = reviewed(cw)
    case = step(cw.reviewer, case, "suspend", at(2026, 3, 5), reason="容缺材料逾期未补交")
    assert case.is_paused
    assert card(case, date(2026, 3, 20)) == DeadlineStatus.PAUSED  # not 红牌 while suspended
    assert red_numbers(cw, date(2026, 3, 20)) == []
    # 恢复 on Thu 3/12: 3/5..3/12 do not count; used 3/4, then 3/13, 3/16, 3/17, 3/18
    case = step(cw.reviewer, case, "resume", at(2026, 3, 12))
    assert (case.status, case.is_paused, case.due_date) == ("in_review", False, date(2026, 3, 18))
    assert case.pauses.get(kind="suspension").ended_on == date(2026, 3, 12)
    assert card(case, date(2026, 3, 18)) == DeadlineStatus.YELLOW
    assert card(case, date(2026, 3, 19)) == DeadlineStatus.RED


def decide(cw, case, now) -> Case:
    services.complete_task(actor=cw.housing_reviewer, case_number=case.number, approve=True, opinion="同意",
                           now=now)
    return step(cw.reviewer, case, "approve", now)


@pytest.mark.parametrize(("decided", "status"), [
    (at(2026, 3, 10, 17), DeadlineStatus.ON_TIME),   # on the last day
    (at(2026, 3, 11, 9), DeadlineStatus.LATE),       # a day late
])
def test_a_decided_case_shows_how_it_was_decided_never_red(cases_world, decided, status):
    cw = cases_world
    case = decide(cw, reviewed(cw), decided)
    for today in (decided.date(), date(2026, 4, 30)):
        assert card(case, today) == status
    assert red_numbers(cw, date(2026, 4, 30), name="results") == []
    case = step(cw.clerk, case, "deliver", at(2026, 3, 12), delivery="electronic")
    assert case.status == "completed" and card(case, date(2026, 4, 30)) == status


def test_a_withdrawn_case_carries_no_card(cases_world):
    cw = cases_world
    case = step(cw.citizen, reviewed(cw), "withdraw", at(2026, 3, 5))
    assert card(case, date(2026, 4, 30)) == DeadlineStatus.NONE


def test_a_special_procedure_stops_the_clock_only_up_to_its_maximum(cases_world):
    cw = cases_world
    case = reviewed(cw)
    # 现场勘验, at most 10 working days from Thu 3/5: 3/5..3/18
    case = step(cw.reviewer, case, "start_special_procedure", at(2026, 3, 5), procedure="site_inspection")
    # used 3/4; if the maximum is used: 3/19, 3/20, 3/23, 3/24
    assert (case.is_paused, case.paused_until, case.due_date) == (True, date(2026, 3, 18), date(2026, 3, 24))
    assert card(case, date(2026, 3, 18)) == DeadlineStatus.PAUSED
    # past the maximum the clock runs again, though the procedure was never ended
    assert card(case, date(2026, 3, 19)) == DeadlineStatus.NORMAL  # 3/20, 3/23, 3/24 left
    assert card(case, date(2026, 3, 23)) == DeadlineStatus.YELLOW
    assert card(case, date(2026, 3, 25)) == DeadlineStatus.RED
    assert red_numbers(cw, date(2026, 3, 25)) == [case.number]
    assert red_numbers(cw, date(2026, 3, 24)) == []
    notice = case.notices.get(kind="special")
    assert (notice.body["procedure"], notice.body["paused_until"]) == ("site_inspection", "2026-03-18")
    html = render_notice_html(notice, verify_url="https://example.invalid/v")
    assert "特别程序告知书" in html and "现场勘验" in html and "第四十五条" in html and "2026年3月18日届满" in html
    # ended early (3/6): only 3/5..3/6 are excluded
    case = step(cw.reviewer, case, "end_special_procedure", at(2026, 3, 6))
    assert (case.is_paused, case.paused_until, case.due_date) == (False, None, date(2026, 3, 12))


@pytest.fixture
def extension(cases_world):
    version = Case._meta.get_field("item_version").related_model.objects.get(
        item__implementation_code=cases_world.item_code, status="published")
    return SpecialProcedure.objects.create(version=version, order=9, kind="extension", max_duration=10,
                                           unit="working", description="情况复杂的，经负责人批准延长")


def test_the_head_extends_the_limit_once_with_a_special_procedure_notice(cases_world, extension):
    cw = cases_world
    case = reviewed(cw)
    with pytest.raises(DomainError):  # a reviewer only proposes; the head approves an extension
        step(cw.reviewer, case, "extend_time_limit", at(2026, 3, 5), reason="需核实多个经营场所")
    case = step(cw.head, case, "extend_time_limit", at(2026, 3, 5), reason="需核实多个经营场所")
    # 3/10 plus 10 working days
    assert (case.status, case.is_paused, case.due_date) == ("in_review", False, date(2026, 3, 24))
    assert case.pauses.get(kind="extension").max_duration == 10
    notice = case.notices.get(kind="special")
    html = render_notice_html(notice, verify_url="https://example.invalid/v")
    assert "延长10个工作日" in html and "2026年3月24日" in html and "第四十二条" in html
    assert card(case, date(2026, 3, 11)) == DeadlineStatus.NORMAL  # no longer 红牌 after 3/10
    with pytest.raises(DomainError) as again:
        step(cw.head, case, "extend_time_limit", at(2026, 3, 6), reason="再延")
    assert again.value.code == "case.already_extended"


def test_an_extension_needs_the_item_to_list_it_and_a_running_limit(cases_world, extension):
    cw = cases_world
    case = reviewed(cw)
    with pytest.raises(DomainError) as expired:
        step(cw.head, case, "extend_time_limit", at(2026, 3, 11), reason="超期后延长")
    assert expired.value.code == "case.limit_expired"
    extension.delete()
    with pytest.raises(DomainError) as unlisted:
        step(cw.head, case, "extend_time_limit", at(2026, 3, 5), reason="未列明")
    assert unlisted.value.code == "case.extension_not_listed"
    with pytest.raises(DomainError) as misused:  # 延长审批 is not a pause of the clock
        step(cw.reviewer, case, "start_special_procedure", at(2026, 3, 5), procedure="extension")
    assert misused.value.code == "case.unknown_procedure"


@pytest.fixture
def calendar_dir(tmp_path, settings, monkeypatch):
    settings.WORKDAYS_DATA_DIR = tmp_path
    monkeypatch.setenv("TONGBAN_CALENDAR_DIR", str(tmp_path))
    workdays.reload()
    yield tmp_path
    monkeypatch.delenv("TONGBAN_CALENDAR_DIR")
    workdays.reload()


CLOSURE = {"name": "防汛停止对外办公", "source": "兰山区防指〔2026〕1号", "days": ["2026-03-05", "2026-03-06"]}


def test_a_regional_closure_moves_the_deadlines_of_that_region(cases_world, calendar_dir):
    cw = cases_world
    admin = User.objects.create_user(username="xitong", password="x", role=Role.ADMIN)
    case = reviewed(cw)
    moved = save_region_closures(region=cw.catalog.region, closures=[CLOSURE], actor=admin, now=at(2026, 3, 4, 18))
    case.refresh_from_db()
    assert (moved, case.due_date) == (1, date(2026, 3, 12))
    assert AuditEntry.objects.filter(action="case.due_date_moved").count() == 1
    assert AuditEntry.objects.filter(action="calendar.region_closures_saved").count() == 1
    # a case accepted afterwards counts the closure from the start: 3/4, 3/9, 3/10, 3/11, 3/12
    later = step(cw.clerk, submit_online(cw, at(2026, 3, 3)), "accept", at(2026, 3, 3))
    assert later.due_date == date(2026, 3, 12)
    # removing it moves them back
    save_region_closures(region=cw.catalog.region, closures=[], actor=admin, now=at(2026, 3, 4, 19))
    case.refresh_from_db()
    assert case.due_date == date(2026, 3, 10)


def test_closures_are_edited_on_a_chinese_page_by_the_centre(cases_world, calendar_dir):
    cw = cases_world
    region = cw.catalog.region
    supervisor = User.objects.create_user(username="zhongxin", password="x", role=Role.SUPERVISOR, region=region)
    reviewed(cw)
    client = Client()
    client.force_login(supervisor)
    assert client.get("/calendar/closures/").status_code == 200
    bad = client.post("/calendar/closures/", {"add": "1", "region": region.pk, "name": "停止办公",
                                              "source": "通知", "days": "2026-3-5"})
    assert bad.status_code == 200 and "YYYY-MM-DD" in bad.content.decode()
    response = client.post("/calendar/closures/", {"add": "1", "region": region.pk, **CLOSURE,
                                                   "days": "2026-03-05\n2026-03-06"}, follow=True)
    assert "1 件在办办件的办结期限已重新计算" in response.content.decode()
    assert Case.objects.get().due_date == date(2026, 3, 12)
    client.post("/calendar/closures/", {"region": region.pk, "remove": "0"})
    assert Case.objects.get().due_date == date(2026, 3, 10)
    reviewer = Client()
    reviewer.force_login(cw.reviewer)
    assert reviewer.get("/calendar/closures/").status_code == 403
