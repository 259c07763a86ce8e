"""Import → review (fix a unit, learn an alias) → publish → a unit reports → reminders → 通报."""

import datetime as dt

import pytest
from django.test import Client

from tongban.audit.models import AuditEntry
from tongban.core.errors import DomainError
from tongban.events.models import OutboxEvent
from tongban.ledger import services
from tongban.ledger.bulletin import ranking
from tongban.ledger.models import DepartmentAlias, PlanStatus, TaskUnit, UnitRole

from .conftest import at

PLAN = """青河区便民服务提升方案
青政办发〔2026〕3号
一、重点任务
1. 压缩开办时间。企业开办时间压缩至1个工作日以内，6月底前完成。（牵头单位：区审批局；责任单位：区市场监管局）
2. 推行帮办。9月底前覆盖全区。（区帮办局牵头，区税务局负责）
"""


@pytest.fixture
def plan(user):
    return services.import_plan(data=PLAN.encode(), filename="plan.txt", region=user("zhuren").region,
                                actor=user("zhuren"), now=at(2026, 6, 1))


def test_import_normalises_units_and_audits(plan):
    first, second = plan.tasks.order_by("seq")
    lead = first.units.get(role=UnitRole.LEAD)
    assert lead.department.name == "区行政审批服务局" and lead.raw == "区审批局"
    assert first.deadline == dt.date(2026, 6, 30) and first.indicators[0]["op"] == "<="
    assert "units" in second.uncertain  # 区帮办局 is not in the department table
    assert AuditEntry.objects.filter(action="ledger.plan_imported").count() == 1


def test_fix_a_unit_learn_an_alias_then_reuse_it(plan, user):
    office = user("zhuren")
    second = plan.tasks.get(seq=2)
    helper_office = user("shenpi").department
    services.correct_task(second, lead=[helper_office.pk], learn={"区帮办局": helper_office.pk},
                          actor=office, now=at(2026, 6, 1, 11))
    second.refresh_from_db()
    assert [u.department_id for u in second.units.filter(role=UnitRole.LEAD)] == [helper_office.pk]
    assert "units" not in second.uncertain
    assert DepartmentAlias.objects.get(alias="区帮办局").department == helper_office
    again = services.import_plan(data=PLAN.encode(), filename="again.txt", region=office.region, actor=office,
                                 now=at(2026, 6, 2))
    learned = TaskUnit.objects.get(task__plan=again, raw="区帮办局")
    assert learned.department == helper_office  # the alias learned once is reused
    assert AuditEntry.objects.filter(action__in=["ledger.task_corrected", "ledger.alias_learned"]).count() == 2


def test_fix_refuses_a_department_of_nowhere(plan, user):
    with pytest.raises(DomainError) as caught:
        services.correct_task(plan.tasks.get(seq=1), lead=[10**9], actor=user("zhuren"), now=at(2026, 6, 1))
    assert caught.value.code == "ledger.unknown_department"


def test_publish_report_reminders_and_bulletin(plan, user):
    office, head = user("zhuren"), user("shenpi")
    first = plan.tasks.get(seq=1)
    services.correct_task(first, lead=[head.department_id], actor=office, now=at(2026, 6, 1))
    services.publish_plan(plan, actor=office, now=at(2026, 6, 1))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PUBLISHED
    with pytest.raises(DomainError):
        services.publish_plan(plan, actor=office, now=at(2026, 6, 1))
    # reminder window: N working days (rule) before 6-30
    days = services.reminder_days(on=dt.date(2026, 6, 1))
    assert services.due_soon_ids([first], today=dt.date(2026, 6, 1)) == set()
    assert services.send_reminders(now=at(2026, 6, 29)) >= 1
    assert services.send_reminders(now=at(2026, 6, 29)) == 0  # idempotent per task and day
    assert OutboxEvent.objects.filter(topic="ledger.task_due_soon", stream=f"ledger.task:{first.pk}").exists()
    assert days >= 1
    report = services.report_progress(first, department=head.department, text="已完成系统改造", completed=True,
                                      actor=head, now=at(2026, 6, 20))
    assert report.period == dt.date(2026, 6, 1)
    rows = ranking(plan, on=dt.date(2026, 7, 1))
    mine = next(r for r in rows if r["department"] == head.department.name)
    assert mine["due"] == 1 and mine["on_time"] == 1 and mine["rank"] == 1


def test_report_refused_for_a_task_not_yours(plan, user):
    services.publish_plan(plan, actor=user("zhuren"), now=at(2026, 6, 1))
    other = user("shenpi_zj")
    with pytest.raises(DomainError):
        services.report_progress(plan.tasks.get(seq=1), department=other.department, text="x", completed=False,
                                 actor=other, now=at(2026, 6, 2))
    with pytest.raises(DomainError):
        services.report_progress(plan.tasks.get(seq=1), department=other.department, text="  ", completed=False,
                                 actor=other, now=at(2026, 6, 2))


def test_pages(plan, user):
    office = Client()
    office.force_login(user("zhuren"))
    assert "导入工作方案" in office.get("/ledger/").content.decode()
    page = office.get(f"/ledger/plans/{plan.pk}/").content.decode()
    assert "压缩开办时间" in page and "ledger-unsure" in page
    assert office.post(f"/ledger/plans/{plan.pk}/publish/").status_code == 302
    assert office.get(f"/ledger/plans/{plan.pk}/bulletin/?format=xlsx")["Content-Type"].startswith(
        "application/vnd.openxmlformats")
    pdf = office.get(f"/ledger/plans/{plan.pk}/bulletin/?format=pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content[:4] == b"%PDF"
    assert office.get("/ledger/plans/999999999/").status_code == 404
    bad = office.post("/ledger/", {"file": _upload(b"\x00\x01", "x.exe")})
    assert bad.status_code == 422
    head = Client()
    head.force_login(user("shenpi"))
    assert head.get(f"/ledger/plans/{plan.pk}/").status_code == 403
    assert head.get("/ledger/tasks/").status_code == 200


def _upload(data, name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)
