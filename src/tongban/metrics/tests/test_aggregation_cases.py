"""办件 counts: the consumer of the case audit log against hand counts and against the Case table."""

from datetime import date, datetime, time, timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tongban.accounts.constants import WindowKind
from tongban.accounts.models import ServiceHall, Window
from tongban.cases import services
from tongban.cases.models import Case
from tongban.cases.services.pickups import PickupInput
from tongban.catalog.models import ServiceItemVersion
from tongban.demo.generators.cases import generate_cases
from tongban.metrics.aggregation import update
from tongban.metrics.models import DailyCaseCount, MonthlyCaseCount

from .conftest import SHANGHAI, at, submit_online
from .counting import assert_agrees, assert_monthly_is_sum_of_daily, rows

# From submission to 已办结, with who takes each step: picked up at the window, or delivered.
DECIDE = ["accept", "start_review", "co_opinion", "approve"]
RESULT = ["issue_result", "pick_up"]
PICK_UP = [*DECIDE, *RESULT]
DELIVER = [*DECIDE, "deliver"]


@pytest.fixture
def windows(cases_world):
    """One window of each kind in the district centre."""
    hall = ServiceHall.objects.create(name="兰山区政务服务中心", level="centre", region=cases_world.catalog.region)
    return {kind: Window.objects.create(hall=hall, number=str(number), name=label, kind=kind)
            for number, (kind, label) in enumerate(WindowKind.choices, start=1)}


def submit(cw, now, channel="online", window=None) -> Case:
    case = submit_online(cw, now)
    if channel != "online":  # the same application, recorded as made through another channel
        Case.objects.filter(pk=case.pk).update(channel=channel, intake_window=window)
    return case


def advance(cw, case_number, step, now, delivery="window"):
    if step == "co_opinion":
        services.complete_task(actor=cw.housing_reviewer, case_number=case_number, approve=True, opinion="同意",
                               now=now)
        return
    actor = {"accept": cw.clerk, "pick_up": cw.clerk, "approve_on_the_spot": cw.clerk}.get(step, cw.reviewer)
    pickup = PickupInput("self", cw.citizen.real_name, "resident_id", cw.citizen.id_number, id_checked=True)
    services.transition_case(actor=actor, case_number=case_number, now=now, command=services.Command(
        action=step, delivery=delivery, pickup=pickup if step == "pick_up" else None))


def complete(cw, case, steps, first, last, delivery="window"):
    """Every step at `first` except the last one, taken at `last`."""
    for step in steps[:-1]:
        advance(cw, case.number, step, first, delivery)
    advance(cw, case.number, steps[-1], last, delivery)
    return Case.objects.get(pk=case.pk)


@pytest.mark.django_db
def test_hand_counted_month_by_channel(cases_world, windows):
    cw = cases_world
    # 3/2: online (delivered electronically 3/3), mobile (picked up 3/3), general window
    online = submit(cw, at(2026, 3, 2, 9))
    mobile = submit(cw, at(2026, 3, 2, 9), "mobile")
    submit(cw, at(2026, 3, 2, 10), "window", windows[WindowKind.GENERAL])
    # 3/3: department window, cross-region window, a window case without a window, a helper's case
    submit(cw, at(2026, 3, 3, 9), "window", windows[WindowKind.DEPARTMENT])
    submit(cw, at(2026, 3, 3, 9), "window", windows[WindowKind.CROSS_REGION])
    submit(cw, at(2026, 3, 3, 9), "window")
    submit(cw, at(2026, 3, 3, 9), "helper")
    complete(cw, online, DELIVER, at(2026, 3, 2, 11), at(2026, 3, 3, 10), delivery="electronic")
    complete(cw, mobile, DELIVER, at(2026, 3, 2, 11), at(2026, 3, 3, 10), delivery="post")

    assert update("cases", now=at(2026, 4, 1)) > 0

    assert rows(DailyCaseCount, "channel") == {
        (date(2026, 3, 2), "window"): {"submitted": 1},
        (date(2026, 3, 3), "window"): {"submitted": 3},
        (date(2026, 3, 3), "helper"): {"submitted": 1},
        # decided on 3/2 (the approve step), completed (delivered) on 3/3
        (date(2026, 3, 2), "online"): {"submitted": 1, "online_submitted": 1, "decided_timed": 1,
                                       "decided_on_time": 1},
        (date(2026, 3, 2), "mobile"): {"submitted": 1, "online_submitted": 1, "decided_timed": 1,
                                       "decided_on_time": 1},
        (date(2026, 3, 3), "online"): {"completed": 1, "completed_electronic": 1},
        (date(2026, 3, 3), "mobile"): {"completed": 1},
    }
    assert rows(MonthlyCaseCount) == {(date(2026, 3, 1),): {
        "submitted": 7, "online_submitted": 2, "completed": 2, "decided_timed": 2, "decided_on_time": 2,
        "completed_electronic": 1}}
    assert_agrees("cases")
    assert_monthly_is_sum_of_daily("cases")


@pytest.mark.django_db
def test_decided_on_the_due_date_is_on_time_the_next_local_day_is_late(cases_world):
    cw = cases_world
    on_time, late = submit(cw, at(2026, 3, 2, 9)), submit(cw, at(2026, 3, 2, 9))
    advance(cw, on_time.number, "accept", at(2026, 3, 2, 9))
    due = Case.objects.get(pk=on_time.pk).due_date
    last_second = datetime.combine(due, time(23, 59, 59), SHANGHAI)
    # approved in the last second of the due date; picked up a week later: still on time (the
    # decision is judged, not the pickup), counted on the day of the decision
    for step in DECIDE[1:]:
        advance(cw, on_time.number, step, at(2026, 3, 2, 10) if step != "approve" else last_second)
    complete(cw, Case.objects.get(pk=on_time.pk), RESULT, last_second, last_second + timedelta(days=7))
    # approved at 00:00 Beijing time the next day (still `due` in UTC: the local date decides),
    # picked up at once
    for step in DECIDE:
        advance(cw, late.number, step, at(2026, 3, 2, 9) if step != "approve" else last_second + timedelta(seconds=1))
    late = complete(cw, late, RESULT, last_second + timedelta(seconds=1), last_second + timedelta(seconds=2))
    assert late.due_date == due

    update("cases", now=at(2026, 4, 30))

    decided = {key: {n: v for n, v in values.items() if n.startswith("decided")}
               for key, values in rows(DailyCaseCount).items()}
    assert {key: values for key, values in decided.items() if values} == {
        (due,): {"decided_timed": 1, "decided_on_time": 1},
        (due + timedelta(days=1),): {"decided_timed": 1},
    }
    assert_agrees("cases")


@pytest.mark.django_db
def test_an_immediate_case_decided_on_the_spot_is_on_time_however_late_it_is_picked_up(cases_world):
    cw = cases_world
    ServiceItemVersion.objects.filter(item__implementation_code=cw.item_code, status="published").update(
        case_kind="immediate", workflow_code="immediate")
    case = submit(cw, at(2026, 3, 2, 9))
    complete(cw, case, ["approve_on_the_spot", "issue_result", "pick_up"], at(2026, 3, 2, 10), at(2026, 3, 9, 10))
    assert Case.objects.get(pk=case.pk).due_date == date(2026, 3, 2)  # 即办件: due the working day of 受理

    update("cases", now=at(2026, 4, 30))

    assert rows(MonthlyCaseCount) == {(date(2026, 3, 1),): {
        "submitted": 1, "online_submitted": 1, "completed": 1, "decided_timed": 1, "decided_on_time": 1}}
    assert_agrees("cases")


@pytest.mark.django_db
def test_a_revoked_case_stays_completed_and_a_rejected_one_never_was(cases_world):
    cw = cases_world
    case = complete(cw, submit(cw, at(2026, 3, 2)), PICK_UP, at(2026, 3, 2, 11), at(2026, 3, 3, 15))
    rejected = submit(cw, at(2026, 3, 2))
    services.transition_case(actor=cw.reviewer, case_number=rejected.number, now=at(2026, 3, 2, 14),
                             command=services.Command(action="propose_rejection", reason="不符合条件",
                                                      legal_basis="某条例"))
    services.transition_case(actor=cw.head, case_number=rejected.number, now=at(2026, 3, 2, 15),
                             command=services.Command(action="reject"))  # 签发
    update("cases", now=at(2026, 3, 4))
    services.transition_case(actor=cw.head, case_number=case.number, now=at(2026, 3, 10),
                             command=services.Command(action="revoke", reason="承诺不实"))

    update("cases", now=at(2026, 3, 11))

    assert rows(MonthlyCaseCount) == {(date(2026, 3, 1),): {
        "submitted": 2, "online_submitted": 2, "completed": 1, "decided_timed": 1, "decided_on_time": 1}}
    assert_agrees("cases")


@pytest.mark.django_db
def test_imported_cases_are_counted_from_their_rows(cases_world):
    written = generate_cases(40, seed=7, today=date(2026, 3, 31))
    assert update("cases", now=at(2026, 4, 1)) == written
    totals = rows(MonthlyCaseCount)
    assert sum(values.get("submitted", 0) for values in totals.values()) == 40
    assert any(values.get("completed") for values in totals.values())
    assert_agrees("cases")
    assert_monthly_is_sum_of_daily("cases")


operations = st.lists(
    st.one_of(
        st.tuples(st.just("submit"), st.sampled_from(["online", "mobile", "window", "helper", "kiosk"]),
                  st.integers(0, 40)),
        st.tuples(st.just("advance"), st.integers(0, 7), st.integers(0, 24)),
        st.tuples(st.just("update"), st.just(""), st.integers(1, 4)),
    ),
    max_size=14,
)


@pytest.mark.django_db
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=operations, kinds=st.lists(st.sampled_from(WindowKind.values + [None]), min_size=8, max_size=8))
def test_the_consumer_equals_the_recomputation(cases_world, windows, ops, kinds):
    cw = cases_world
    with transaction.atomic():
        cases: list[list] = []  # [number, steps, next step, day, delivery]
        for kind, arg, number in ops:
            if kind == "submit":  # submissions spread over March and April (two months)
                day = at(2026, 3, 2) + timedelta(days=number)
                window = windows.get(kinds[len(cases) % 8]) if arg == "window" else None
                steps, delivery = (DELIVER, "electronic") if number % 3 else (PICK_UP, "window")
                cases.append([submit(cw, day, arg, window).number, steps, 0, day, delivery])
            elif kind == "advance" and cases:
                entry = cases[arg % len(cases)]
                for _ in range(1 + number % 6):  # several steps at once, so cases do complete
                    if entry[2] < len(entry[1]):
                        entry[3] += timedelta(days=number // 6)  # days pass: some finish late
                        advance(cw, entry[0], entry[1][entry[2]], entry[3], entry[4])
                        entry[2] += 1
            elif kind == "update":
                update("cases", batch_size=number, now=at(2026, 12, 31))
        update("cases", batch_size=3, now=at(2026, 12, 31))
        assert_agrees("cases")
        assert_monthly_is_sum_of_daily("cases")
        transaction.set_rollback(True)
