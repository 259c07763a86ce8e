"""审管联动 (exactly once per decision, 边界清单 with a default department, limits and escalation) and
互联网+监管 clues."""

import pytest

from tongban.audit.models import AuditEntry
from tongban.core.errors import DomainError
from tongban.events.models import ConsumerCursor
from tongban.events.services import emit
from tongban.supervision import services
from tongban.supervision.models import BoundaryEntry, Clue, Inspection, InspectorLink, SupervisionTask
from tongban.supervision.services import Step

from .conftest import at


def decided(number: str, item_code: str, now):
    return emit("case.decided", stream=f"cases.case:{number}", now=now, payload={
        "case_number": number, "item_code": item_code, "item_version": 1, "decision": "approved",
        "department": "371302-XZSP", "applicant_kind": "enterprise", "applicant_code": "91371302MA0000001X",
        "applicant_name": "兰山测试企业", "result_license_type": ""})


@pytest.mark.django_db
def test_each_decision_is_pushed_once_to_the_supervising_department(district):
    BoundaryEntry.objects.create(item_code="ITEM-FOOD", item_name="食品经营许可", supervising_department=district["market"])
    BoundaryEntry.objects.create(item_code="*", item_name="边界未明确事项", supervising_department=district["housing"])
    decided("C-1", "ITEM-FOOD", at(2026, 11, 2, 9))
    decided("C-2", "ITEM-UNLISTED", at(2026, 11, 2, 9))
    assert services.push_decisions(now=at(2026, 11, 2, 10)) == 2
    ConsumerCursor.objects.filter(consumer="supervision.push").update(last_event_id=0)  # redelivered
    assert services.push_decisions(now=at(2026, 11, 2, 11)) == 0
    food, unlisted = SupervisionTask.objects.get(case_number="C-1"), SupervisionTask.objects.get(case_number="C-2")
    assert (food.department, food.by_default) == (district["market"], False)
    assert (unlisted.department, unlisted.by_default) == (district["housing"], True)
    assert food.receive_due.isoformat() == "2026-11-03"
    assert AuditEntry.objects.filter(action="supervision.task_pushed").count() == 2


@pytest.mark.django_db
def test_receive_handle_feedback_and_escalation_at_the_limit(district):
    BoundaryEntry.objects.create(item_code="ITEM-FOOD", supervising_department=district["market"])
    decided("C-1", "ITEM-FOOD", at(2026, 11, 2, 9))
    decided("C-2", "ITEM-FOOD", at(2026, 11, 2, 9))
    services.push_decisions(now=at(2026, 11, 2, 10))
    inspector = district["inspectors"][0]
    one, two = SupervisionTask.objects.order_by("case_number")
    # receive due Tue 11-03: on the due day nothing escalates, the day after it does
    assert services.escalate_overdue_tasks(now=at(2026, 11, 3, 20)) == 0
    services.step_task(task_id=one.pk, command=Step("receive"), actor=inspector, now=at(2026, 11, 3, 9))
    assert services.escalate_overdue_tasks(now=at(2026, 11, 4, 1)) == 1  # two was never received
    assert services.escalate_overdue_tasks(now=at(2026, 11, 4, 2)) == 0  # once
    one.refresh_from_db()
    assert one.handle_due.isoformat() == "2026-11-10"  # 5 working days after Tue 11-03
    with pytest.raises(DomainError, match="处置"):
        services.step_task(task_id=one.pk, command=Step("handle"), actor=inspector, now=at(2026, 11, 5))
    services.step_task(task_id=one.pk, command=Step("handle", note="已纳入日常监管名录"), actor=inspector,
                       now=at(2026, 11, 5))
    services.step_task(task_id=one.pk, command=Step("feedback", note="现场核查经营正常"), actor=inspector,
                       now=at(2026, 11, 6))
    one.refresh_from_db()
    assert one.status == "fed_back" and one.fed_back_at is not None
    two.refresh_from_db()
    assert two.escalated_at is not None
    with pytest.raises(DomainError, match="未找到"):
        services.step_task(task_id=one.pk, command=Step("receive"), actor=district["head"].__class__.objects.create(
            username="zj", role="inspector", department=district["housing"]), now=at(2026, 11, 6))


@pytest.mark.django_db
def test_a_clue_is_pushed_handled_fed_back_and_may_start_an_inspection_outside_the_draw(district):
    head = district["head"]
    enterprise = district["enterprises"][0]
    clue = services.receive_clue(source="hotline", source_ref="T-20261102-0001", uscc=enterprise.uscc,
                                 content="12345 反映后厨卫生脏乱", actor=None, now=at(2026, 11, 2))
    assert services.receive_clue(source="hotline", source_ref="T-20261102-0001", uscc=enterprise.uscc,
                                 content="重复", actor=None, now=at(2026, 11, 2)).pk == clue.pk
    services.step_clue(clue_id=clue.pk, command=Step("push", department_code="371302-SCJG"), actor=head,
                       now=at(2026, 11, 2))
    clue.refresh_from_db()
    assert clue.due.isoformat() == "2026-11-16"  # 10 working days after Mon 11-02
    InspectorLink.objects.create(inspector=district["inspectors"][1].inspector_profile, enterprise=enterprise,
                                 reason="曾在该企业任职")
    with pytest.raises(DomainError, match="回避"):
        services.inspect_from_clue(clue_id=clue.pk, inspector_usernames=["jc0", "jc1"], actor=head,
                                   now=at(2026, 11, 3))
    with pytest.raises(DomainError, match="至少需要 2 名"):
        services.inspect_from_clue(clue_id=clue.pk, inspector_usernames=["jc0"], actor=head, now=at(2026, 11, 3))
    inspection = services.inspect_from_clue(clue_id=clue.pk, inspector_usernames=["jc0", "jc2"], actor=head,
                                            now=at(2026, 11, 3))
    assert inspection.outside_draw and Inspection.objects.filter(plan__isnull=True).count() == 1
    services.step_clue(clue_id=clue.pk, command=Step("handle", note="已现场检查"), actor=head, now=at(2026, 11, 4))
    services.step_clue(clue_id=clue.pk, command=Step("feedback", note="已责令整改并回复来电人"), actor=head,
                       now=at(2026, 11, 5))
    assert Clue.objects.get(pk=clue.pk).status == "fed_back"
