"""工单流转 through the services: 退单 needs a reason and counts, no close without a reply,
an unsatisfied callback reopens, extensions move the due time; every step is in the audit chain."""

from datetime import datetime

import pytest
from django.utils import timezone

from tongban.audit.models import AuditEntry
from tongban.audit.services import stream_of
from tongban.core.errors import DomainError, Forbidden
from tongban.hotline.models import Ticket, TicketReturn

from .conftest import SHANGHAI, at

MARKET, HOUSING = "371302-SCJG", "371302-ZJ"


def test_return_needs_a_reason_and_is_counted_per_department(register, step, operator, market, housing) -> None:
    ticket = step(register(), operator, "dispatch", department_code=MARKET)

    with pytest.raises(DomainError) as refused:
        step(ticket, market, "return", reason="  ")
    assert refused.value.code == "hotline.reason_required"
    unchanged = Ticket.objects.get(pk=ticket.pk)
    assert (unchanged.status, unchanged.return_count, unchanged.row_version) == ("dispatched", 0, 2)

    returned = step(ticket, market, "return", reason="属住建部门职责")
    assert (returned.status, returned.return_count, returned.department_id) == ("returned", 1, None)
    assert list(TicketReturn.objects.values_list("department__code", "reason")) == [(MARKET, "属住建部门职责")]

    redispatched = step(ticket, operator, "redispatch", department_code=HOUSING)
    assert (redispatched.status, redispatched.department.code) == ("dispatched", HOUSING)


def test_returning_department_loses_sight_of_the_ticket(register, step, operator, market) -> None:
    ticket = step(register(), operator, "dispatch", department_code=MARKET)
    step(ticket, market, "return", reason="不属本部门")

    with pytest.raises(DomainError) as hidden:
        step(ticket, market, "accept")
    assert hidden.value.status == 404


def test_reply_is_required_and_nobody_closes_without_it(register, step, operator, market) -> None:
    ticket = step(register(), operator, "dispatch", department_code=MARKET)
    step(ticket, market, "accept")

    with pytest.raises(DomainError) as no_reply:
        step(ticket, market, "reply", reply="")
    with pytest.raises(DomainError) as no_close:
        step(ticket, operator, "callback_satisfied")

    assert no_reply.value.code == "hotline.reply_required"
    assert (no_close.value.status, no_close.value.code) == (409, "hotline.transition_not_allowed")
    assert Ticket.objects.get(pk=ticket.pk).status == "accepted"


def test_department_cannot_take_the_centres_steps(register, step, operator, market) -> None:
    ticket = step(register(), operator, "dispatch", department_code=MARKET)
    step(ticket, market, "accept")
    step(ticket, market, "reply", reply="已责令整改")

    with pytest.raises(Forbidden):
        step(ticket, market, "callback_satisfied")


def test_unsatisfied_callback_reopens_to_the_same_department_keeping_the_original_due_time(
        register, step, operator, market) -> None:
    ticket = step(register(), operator, "dispatch", department_code=MARKET, now=at(2026, 9, 30))
    step(ticket, market, "accept")
    step(ticket, market, "reply", reply="已现场检查", now=at(2026, 10, 9))

    with pytest.raises(DomainError):
        step(ticket, operator, "callback_unsatisfied", reason="")
    reopened = step(ticket, operator, "callback_unsatisfied", reason="问题仍存在", now=at(2026, 10, 12))

    assert (reopened.status, reopened.reopened_count, reopened.satisfaction) == ("reopened", 1, "unsatisfied")
    assert reopened.department.code == MARKET
    # 重办 does not restart the limit: still 13 working days from the dispatch on 09-30
    assert timezone.localtime(reopened.due_at) == datetime(2026, 10, 23, 23, 59, 59, tzinfo=SHANGHAI)

    step(ticket, market, "reply", reply="已立案查处")
    closed = step(ticket, operator, "callback_satisfied")
    assert (closed.status, closed.satisfaction, closed.reply) == ("closed", "satisfied", "已立案查处")
    actions = list(AuditEntry.objects.filter(stream=stream_of(closed)).order_by("sequence")
                   .values_list("action", flat=True))
    assert actions == ["hotline.register", "hotline.dispatch", "hotline.accept", "hotline.reply",
                       "hotline.callback_unsatisfied", "hotline.reply", "hotline.callback_satisfied"]
    assert closed.audit_sequence == 7


def test_extension_is_asked_by_the_department_and_decided_by_the_centre(register, step, operator, market) -> None:
    ticket = step(register(), operator, "dispatch", department_code=MARKET, now=at(2026, 9, 30))
    step(ticket, market, "accept")

    with pytest.raises(DomainError) as bad_days:
        step(ticket, market, "request_extension", reason="需检测", extension_days=0)
    assert bad_days.value.code == "hotline.extension_days_invalid"
    step(ticket, market, "request_extension", reason="需送检", extension_days=5)
    approved = step(ticket, operator, "approve_extension")

    assert approved.status == "accepted"
    assert timezone.localtime(approved.due_at) == datetime(2026, 10, 30, 23, 59, 59, tzinfo=SHANGHAI)


def test_consult_answered_directly_from_the_catalog_closes(register, step, operator) -> None:
    ticket = register(kind="consult", content="个体工商户怎么办理登记")

    with pytest.raises(DomainError):
        step(ticket, operator, "answer_directly", reply="")
    closed = step(ticket, operator, "answer_directly", reply="请参阅办事指南：https://example.test/catalog/X/")

    assert (closed.status, closed.closed_at is not None) == ("closed", True)


def test_invalid_intake_lists_every_field_and_writes_nothing(register) -> None:
    with pytest.raises(DomainError) as refused:
        register(kind="gossip", caller_phone="12", content=" ", category_code="NOPE")

    assert {e.field for e in refused.value.errors} == {"kind", "caller_phone", "content", "category"}
    assert Ticket.objects.count() == 0


def test_redispatch_keeps_the_original_due_time(register, step, operator, market, housing) -> None:
    ticket = step(register(), operator, "dispatch", department_code=MARKET, now=at(2026, 9, 30))
    original = ticket.due_at
    step(ticket, market, "return", reason="属住建部门职责", now=at(2026, 10, 9))
    redispatched = step(ticket, operator, "redispatch", department_code=HOUSING, now=at(2026, 10, 12))

    assert redispatched.due_at == original
    assert timezone.localtime(redispatched.due_at) == datetime(2026, 10, 23, 23, 59, 59, tzinfo=SHANGHAI)
    # judged against the original limit: a reply after it is late although the new department had little time
    step(ticket, housing, "accept", now=at(2026, 10, 12))
    late = step(ticket, housing, "reply", reply="已处理", now=at(2026, 10, 26))
    assert late.replied_at > late.due_at


def test_on_time_statistics_judge_a_redispatched_ticket_by_the_original_limit(
        register, step, operator, market, housing) -> None:
    from tongban.hotline.queries import hotline_stats

    ticket = step(register(), operator, "dispatch", department_code=MARKET, now=at(2026, 9, 30))
    step(ticket, market, "return", reason="属住建部门职责", now=at(2026, 10, 22))
    step(ticket, operator, "redispatch", department_code=HOUSING, now=at(2026, 10, 22))
    step(ticket, housing, "accept", now=at(2026, 10, 22))
    step(ticket, housing, "reply", reply="已处理", now=at(2026, 10, 26))  # within 13 days of 改派, not of 派单
    _, total = hotline_stats()
    assert (total.replied, total.on_time) == (1, 0)
