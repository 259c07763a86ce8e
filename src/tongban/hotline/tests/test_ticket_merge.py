"""重复工单: candidates by phone or region within the window and bigram similarity; merged
tickets get the master's reply."""

import pytest

from tongban.core.errors import DomainError
from tongban.events.models import OutboxEvent
from tongban.hotline import services
from tongban.hotline.models import Ticket

from .conftest import at

MARKET = "371302-SCJG"
NOISE = "兰山街道某小区夜间施工噪音扰民"


def test_candidates_by_phone_or_region_within_the_window(register) -> None:
    master = register(content=NOISE, now=at(2026, 9, 30))
    same_phone = register(content=NOISE + "，严重影响休息", now=at(2026, 9, 28))
    other_region = register(content=NOISE, caller_phone="13700000000", region_code="371302001000",
                            now=at(2026, 9, 29))
    too_old = register(content=NOISE, now=at(2026, 9, 22))
    different = register(content="路灯损坏不亮", now=at(2026, 9, 29))

    found = [other.number for other, _ in services.duplicate_candidates(master)]

    assert same_phone.number in found
    assert other_region.number not in found  # other phone, other region
    assert too_old.number not in found and different.number not in found


def test_window_boundary_in_days(register) -> None:  # hotline.duplicate_days: 7 by default
    master = register(content=NOISE, now=at(2026, 9, 30, 10))
    inside = register(content=NOISE, now=at(2026, 9, 23, 10))   # exactly 7 days before
    outside = register(content=NOISE, now=at(2026, 9, 23, 9))  # 7 days and an hour

    found = {other.number for other, _ in services.duplicate_candidates(master)}

    assert (inside.number in found, outside.number in found) == (True, False)


def test_merge_then_reply_reaches_every_caller(register, step, operator, market) -> None:
    master = register(content=NOISE)
    duplicate = register(content=NOISE + "！", caller_name="李四", caller_phone="13905392345")

    services.merge_tickets(actor=operator, master_number=master.number, duplicate_numbers=[duplicate.number],
                           now=at(2026, 9, 30, 12))
    step(master, operator, "dispatch", department_code=MARKET)
    step(master, market, "accept")
    step(master, market, "reply", reply="已责令施工单位夜间停工")

    merged = Ticket.objects.get(pk=duplicate.pk)
    assert (merged.status, merged.merged_into_id, merged.reply) == ("merged", master.pk, "已责令施工单位夜间停工")
    assert merged.audit_sequence == 3  # register, merge, reply_copied


def test_merge_refuses_a_dispatched_duplicate_and_changes_nothing(register, step, operator) -> None:
    master = register(content=NOISE)
    busy = step(register(content=NOISE), operator, "dispatch", department_code=MARKET)

    with pytest.raises(DomainError) as refused:
        services.merge_tickets(actor=operator, master_number=master.number, duplicate_numbers=[busy.number],
                               now=at(2026, 9, 30, 12))

    assert refused.value.status == 409
    assert Ticket.objects.get(pk=busy.pk).merged_into_id is None
    assert Ticket.objects.get(pk=master.pk).row_version == 1


def test_merge_as_a_plain_step_is_refused_without_a_master(register, step, operator) -> None:
    """合并 through the transition endpoint names no master: it used to leave a 已合并 ticket
    pointing nowhere; the master_given guard refuses it."""
    ticket = register(content=NOISE)

    with pytest.raises(DomainError) as refused:
        step(ticket, operator, "merge")

    assert (refused.value.code, refused.value.field) == ("hotline.master_required", "master")
    assert Ticket.objects.get(pk=ticket.pk).status == "registered"


def test_escalation_marks_overdue_tickets_once_and_emits_an_event(register, step, operator, market) -> None:
    overdue = step(register(kind="consult"), operator, "dispatch", department_code=MARKET, now=at(2026, 9, 30))
    on_time = step(register(), operator, "dispatch", department_code=MARKET, now=at(2026, 9, 30))
    replied = step(register(kind="help"), operator, "dispatch", department_code=MARKET, now=at(2026, 9, 30))
    step(replied, market, "accept")
    step(replied, market, "reply", reply="已处理")

    assert services.escalate_overdue(at(2026, 10, 10, 23)) == []  # due 10-10 23:59:59: not yet
    first = services.escalate_overdue(at(2026, 10, 11, 0))
    again = services.escalate_overdue(at(2026, 10, 12, 9))

    assert (first, again) == ([overdue.number], [])
    assert Ticket.objects.get(pk=overdue.pk).escalated is True
    assert Ticket.objects.get(pk=on_time.pk).escalated is False
    event = OutboxEvent.objects.get(topic="hotline.escalated")
    assert (event.payload["ticket_number"], event.payload["department"]) == (overdue.number, MARKET)
