"""12345 counts: the consumer of the ticket audit log against hand counts and the Ticket table."""

from datetime import date, timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tongban.accounts.models import Department, Region
from tongban.audit import services as audit
from tongban.hotline import services
from tongban.hotline.models import Ticket, TicketCategory
from tongban.hotline.tests.conftest import housing, market, operator, register, step, user  # noqa: F401
from tongban.metrics.aggregation import update
from tongban.metrics.models import DailyTicketCount, MonthlyTicketCount

from .conftest import at
from .counting import assert_agrees, assert_monthly_is_sum_of_daily, rows

MARKET, HOUSING = "371302-SCJG", "371302-ZJ"
TOWN = "371302001000"
LATER = at(2027, 1, 1)  # every entry has settled by then


@pytest.fixture
def ids(operator):  # noqa: F811 - the demo district is loaded with the operator
    return {code: Department.objects.get(code=code).pk for code in (MARKET, HOUSING)} | {
        "district": Region.objects.get(code="371302").pk, "town": Region.objects.get(code=TOWN).pk}


def replied(take, ticket, centre, department_user, code, now):
    """派单, 签收 and 答复, all at `now`."""
    take(ticket, centre, "dispatch", now=now, department_code=code)
    take(ticket, department_user, "accept", now=now)
    return take(ticket, department_user, "reply", now=now, reply="已处理")


def test_hand_counted_tickets_with_the_due_time_boundary(register, step, operator, market, housing, ids):  # noqa: F811
    start = at(2026, 9, 30, 10)
    on_time, late = (replied(step, register(), operator, market, MARKET, start) for _ in range(2))
    due = on_time.due_at  # complaint: 13 working days, across 国庆 → 10/23 23:59:59
    assert timezone.localtime(due).date() == date(2026, 10, 23)
    step(on_time, operator, "callback_satisfied", now=due)
    step(late, operator, "callback_satisfied", now=due + timedelta(seconds=1))  # 00:00:00 on 10/24
    window = register(channel="complaint_window")
    step(window, operator, "answer_directly", now=start, reply="已当场解答")  # no department, no due time
    moved = step(register(), operator, "dispatch", now=start, department_code=MARKET)
    step(moved, market, "return", now=start, reason="属住建部门职责")
    step(moved, operator, "redispatch", now=start, department_code=HOUSING)
    reopened = replied(step, register(), operator, market, MARKET, start)
    step(reopened, operator, "callback_unsatisfied", now=at(2026, 10, 9), reason="未解决")
    update("tickets", now=LATER)  # counted while reopened: no closing counters yet
    step(reopened, market, "reply", now=at(2026, 10, 10), reply="已再次处理")
    step(reopened, operator, "callback_satisfied", now=at(2026, 10, 12))
    duplicate = register(now=at(2026, 10, 8), region_code=TOWN)
    services.merge_tickets(actor=operator, master_number=on_time.number, duplicate_numbers=[duplicate.number],
                           now=at(2026, 10, 8, 11))

    update("tickets", now=LATER)

    district, town, market_id, housing_id = ids["district"], ids["town"], ids[MARKET], ids[HOUSING]
    closed = {"closed": 1, "closed_timed": 1, "callbacks": 1, "satisfied": 1}
    assert rows(DailyTicketCount, "region", "department", "channel") == {
        (date(2026, 9, 30), district, market_id, "phone"): {"received": 3},
        (date(2026, 9, 30), district, housing_id, "phone"): {"received": 1},
        (date(2026, 9, 30), district, None, "complaint_window"): {"received": 1, "closed": 1},
        (date(2026, 10, 8), town, None, "phone"): {"received": 1},
        (date(2026, 10, 9), district, market_id, "phone"): {"callbacks": 1},  # the unsatisfied callback
        (date(2026, 10, 12), district, market_id, "phone"): {**closed, "closed_on_time": 1},
        (date(2026, 10, 23), district, market_id, "phone"): {**closed, "closed_on_time": 1},
        (date(2026, 10, 24), district, market_id, "phone"): closed,
    }
    assert rows(MonthlyTicketCount, "department") == {
        (date(2026, 9, 1), market_id): {"received": 3},
        (date(2026, 9, 1), housing_id): {"received": 1},
        (date(2026, 9, 1), None): {"received": 1, "closed": 1},
        (date(2026, 10, 1), None): {"received": 1},
        (date(2026, 10, 1), market_id): {"closed": 3, "closed_timed": 3, "closed_on_time": 2, "callbacks": 4,
                                         "satisfied": 3},
    }
    assert_agrees("tickets")
    assert_monthly_is_sum_of_daily("tickets")


def _import(number, *, status, department=None, after=None, **fields):
    """What a bulk loader writes: the row as it stands and one "ticket.imported" entry."""
    now = at(2026, 8, 3)
    ticket = Ticket.objects.create(
        number=number, kind="complaint", category=TicketCategory.objects.get(code="SC01"), channel="phone",
        caller_name="王小明", caller_phone="13905391111", content="历史工单", region=Region.objects.get(code="371302"),
        department=Department.objects.get(code=department) if department else None, status=status,
        created_at=now, updated_at=now, **fields)
    audit.record(actor=None, action="ticket.imported", target=ticket, now=now,
                 after={"status": status, **(after or {})})
    ticket.save(update_fields=["audit_sequence", "audit_hash"])
    return ticket


# an imported ticket the centre called back once, unsatisfied, and the department answered again
CALLED_BACK_UNSATISFIED = {"satisfaction": "unsatisfied", "reopened_count": 1, "due_at": at(2026, 8, 20)}


def test_imported_tickets_are_counted_as_imported_even_when_changed_since(step, operator, market, ids):  # noqa: F811
    _import("12345-20260803-AAAAAA", status="closed", department=MARKET, due_at=at(2026, 8, 10),
            closed_at=at(2026, 8, 5), satisfaction="satisfied", reply="已处理")
    waiting = _import("12345-20260803-BBBBBB", status="registered")
    returned = _import("12345-20260803-CCCCCC", status="dispatched", department=MARKET, due_at=at(2026, 8, 20))
    # changed by the services before the consumer ever ran
    step(waiting, operator, "dispatch", now=at(2026, 8, 4), department_code=HOUSING)
    step(returned, market, "return", now=at(2026, 8, 4), reason="不属本部门")

    update("tickets", now=LATER)

    assert rows(DailyTicketCount, "department") == {
        (date(2026, 8, 3), ids[MARKET]): {"received": 1},
        (date(2026, 8, 3), ids[HOUSING]): {"received": 1},
        (date(2026, 8, 3), None): {"received": 1},
        (date(2026, 8, 5), ids[MARKET]): {"closed": 1, "closed_timed": 1, "closed_on_time": 1, "callbacks": 1,
                                          "satisfied": 1},
    }
    assert_agrees("tickets")


def test_every_callback_counts_on_its_day_and_an_import_its_recorded_satisfaction_once(
        step, operator, ids):  # noqa: F811
    reopened = _import("12345-20260803-AAAAAA", status="reopened", department=MARKET, **CALLED_BACK_UNSATISFIED)
    replied = _import("12345-20260803-BBBBBB", status="replied", department=MARKET, reply="已再次处理",
                      replied_at=at(2026, 8, 3), **CALLED_BACK_UNSATISFIED)
    first_reply = _import("12345-20260803-CCCCCC", status="replied", department=HOUSING, reply="已处理",
                          replied_at=at(2026, 8, 3), due_at=at(2026, 8, 20))
    _import("12345-20260803-DDDDDD", status="reopened", department=HOUSING, reopened_count=1,
            due_at=at(2026, 8, 20), after={"satisfaction": "unsatisfied"})  # the loader wrote it, the row did not
    # called back before the consumer ever ran: the rows' satisfaction is overwritten
    step(replied, operator, "callback_satisfied", now=at(2026, 8, 6))
    step(first_reply, operator, "callback_unsatisfied", now=at(2026, 8, 7), reason="未解决")

    update("tickets", now=LATER)

    market_id, housing_id = ids[MARKET], ids[HOUSING]
    callbacks = {key: {n: v for n, v in values.items() if n in ("callbacks", "satisfied")}
                 for key, values in rows(DailyTicketCount, "department").items()}
    assert {key: values for key, values in callbacks.items() if values} == {
        (date(2026, 8, 3), market_id): {"callbacks": 2},  # the two imported unsatisfied callbacks, once each
        (date(2026, 8, 3), housing_id): {"callbacks": 1},  # the one the loader wrote
        (date(2026, 8, 6), market_id): {"callbacks": 1, "satisfied": 1},
        (date(2026, 8, 7), housing_id): {"callbacks": 1},
    }
    assert Ticket.objects.get(pk=reopened.pk).satisfaction == "unsatisfied"
    assert_agrees("tickets")
    assert_monthly_is_sum_of_daily("tickets")


def _next_step(take, ticket, choice, now, users, tickets) -> None:
    """One step the ticket's status allows, chosen by `choice`."""
    centre, by_department = users["operator"], {MARKET: users["market"], HOUSING: users["housing"]}
    department = (MARKET, HOUSING)[choice % 2]
    handler = by_department.get(ticket.department.code) if ticket.department_id else None
    status = ticket.status
    if status == "registered":
        masters = [t for t in tickets if t.pk != ticket.pk and t.status != "merged"]
        if choice % 3 == 2 and masters:
            services.merge_tickets(actor=centre, master_number=masters[0].number,
                                   duplicate_numbers=[ticket.number], now=now)
        elif choice % 3 == 1:
            take(ticket, centre, "answer_directly", now=now, reply="已解答")
        else:
            take(ticket, centre, "dispatch", now=now, department_code=department)
    elif status == "dispatched":
        take(ticket, handler, "accept" if choice % 2 else "return", now=now, reason="不属本部门")
    elif status == "returned":
        take(ticket, centre, "redispatch", now=now, department_code=department)
    elif status == "accepted" and choice % 4 == 3:
        take(ticket, handler, "request_extension", now=now, reason="需现场核查", extension_days=2)
    elif status in ("accepted", "reopened"):
        take(ticket, handler, "reply", now=now, reply="已处理")
    elif status == "extension_requested":
        take(ticket, centre, "approve_extension" if choice % 2 else "refuse_extension", now=now, reason="不同意")
    elif status == "replied":
        take(ticket, centre, "callback_satisfied" if choice % 3 else "callback_unsatisfied", now=now,
             reason="仍未解决")


IMPORTED_STATES = {  # status → the row's other fields
    "registered": {},
    "dispatched": {"due_at": at(2026, 8, 20)},
    "replied": {"reply": "已处理", "replied_at": at(2026, 8, 3), "due_at": at(2026, 8, 20)},
    "replied_again": {"reply": "已再次处理", "replied_at": at(2026, 8, 3), **CALLED_BACK_UNSATISFIED},
    "reopened": CALLED_BACK_UNSATISFIED,
    "closed": {"reply": "已处理", "replied_at": at(2026, 8, 4), "closed_at": at(2026, 8, 5), "due_at": at(2026, 8, 20),
               "satisfaction": "satisfied"},
}


operations = st.lists(
    st.one_of(
        st.tuples(st.just("register"), st.sampled_from(["consult", "help", "complaint"]),
                  st.sampled_from(["phone", "complaint_window"]), st.booleans(), st.integers(1, 200)),
        # several steps of one ticket at once, so tickets do get through their flow
        st.tuples(st.just("act"), st.integers(0, 11), st.lists(st.integers(0, 11), min_size=1, max_size=6),
                  st.just(False), st.integers(1, 100)),
        st.tuples(st.just("escalate"), st.just(0), st.just(0), st.just(False), st.integers(1, 100)),
        st.tuples(st.just("update"), st.integers(1, 4), st.just(0), st.just(False), st.just(0)),
        # a legacy ticket in one of the states an import may hold
        st.tuples(st.just("import"), st.sampled_from(list(IMPORTED_STATES)), st.just(0), st.booleans(), st.just(0)),
    ),
    min_size=4, max_size=20,
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=operations)
def test_the_consumer_equals_the_recomputation(register, step, operator, market, housing, ops):  # noqa: F811
    users = {"operator": operator, "market": market, "housing": housing}
    with transaction.atomic():
        clock = at(2026, 9, 28, 8)  # hours pass between operations: tickets over two months
        tickets: list[Ticket] = []
        for kind, first, second, in_town, hours in ops:
            clock += timedelta(hours=hours)
            if kind == "register":
                tickets.append(register(now=clock, kind=first, channel=second,
                                        region_code=TOWN if in_town else "371302"))
            elif kind == "act" and tickets:
                for choice in second:
                    clock += timedelta(hours=choice)
                    ticket = Ticket.objects.select_related("department").get(pk=tickets[first % len(tickets)].pk)
                    _next_step(step, ticket, choice, clock, users, [Ticket.objects.get(pk=t.pk) for t in tickets])
            elif kind == "escalate":
                services.escalate_overdue(clock)
            elif kind == "update":
                update("tickets", batch_size=first, now=LATER)
            elif kind == "import":
                fields = {"department": None if first == "registered" else (HOUSING if in_town else MARKET),
                          **IMPORTED_STATES[first]}
                tickets.append(_import(f"12345-20260803-{len(tickets):06d}", status=first.removesuffix("_again"),
                                       **fields))
        update("tickets", batch_size=3, now=LATER)
        assert_agrees("tickets")
        assert_monthly_is_sum_of_daily("tickets")
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_a_redispatched_or_reopened_ticket_is_judged_by_the_first_dispatchs_due_time(
        register, step, operator, market, housing, ids):  # noqa: F811
    # 派单 9/30 (complaint: due 10/23); 退单 and 改派 on 10/22, answered 10/26 and closed 10/27 —
    # within 13 working days of the 改派, but after the first 派单's limit: late
    moved = step(register(), operator, "dispatch", now=at(2026, 9, 30), department_code=MARKET)
    step(moved, market, "return", now=at(2026, 10, 22), reason="属住建部门职责")
    step(moved, operator, "redispatch", now=at(2026, 10, 22), department_code=HOUSING)
    step(moved, housing, "accept", now=at(2026, 10, 22))
    step(moved, housing, "reply", now=at(2026, 10, 26), reply="已处理")
    step(moved, operator, "callback_satisfied", now=at(2026, 10, 27))
    # 重办: called back unsatisfied on 10/20, answered again and closed 10/26: late as well
    reopened = replied(step, register(), operator, market, MARKET, at(2026, 9, 30))
    step(reopened, operator, "callback_unsatisfied", now=at(2026, 10, 20), reason="未解决")
    step(reopened, market, "reply", now=at(2026, 10, 26), reply="已再次处理")
    step(reopened, operator, "callback_satisfied", now=at(2026, 10, 26, 11))
    assert Ticket.objects.get(pk=moved.pk).due_at == Ticket.objects.get(pk=reopened.pk).due_at

    update("tickets", now=LATER)

    closing = {key: {n: v for n, v in values.items() if n.startswith("closed")}
               for key, values in rows(MonthlyTicketCount, "department").items()}
    assert {key: values for key, values in closing.items() if values} == {(date(2026, 10, 1), ids[HOUSING]): {"closed": 1, "closed_timed": 1},
                       (date(2026, 10, 1), ids[MARKET]): {"closed": 1, "closed_timed": 1}}
    assert_agrees("tickets")
