"""The incremental consumer agrees with a recomputation from the Case table."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tongban.cases import services
from tongban.metrics.aggregation import differences, recompute_case_counts, stored_case_counts, update_case_counts
from tongban.metrics.models import DailyCaseCount

from .conftest import at, submit_online

# The path from submission to 已办结, with who takes each step.
STEPS = ["accept", "start_review", "co_opinion", "approve", "issue_result", "pick_up"]


def submit(cw, now, channel):
    case = submit_online(cw, now)
    if channel != "online":  # same application, recorded as made through another channel
        type(case).objects.filter(pk=case.pk).update(channel=channel)
    return case


def advance(cw, case_number, step, now):
    if step == "co_opinion":
        services.complete_task(actor=cw.housing_reviewer, case_number=case_number, approve=True, opinion="同意",
                               now=now)
        return
    actor = {"accept": cw.clerk, "pick_up": cw.clerk}.get(step, cw.reviewer)
    services.transition_case(actor=actor, case_number=case_number, command=services.Command(action=step), now=now)


def assert_agrees():
    assert differences(recompute_case_counts(), stored_case_counts()) == []


@pytest.mark.django_db
def test_a_completed_case_is_counted_once_and_on_time(cases_world):
    cw = cases_world
    case = submit_online(cw, at(2026, 3, 2))
    for offset, step in enumerate(STEPS):
        advance(cw, case.number, step, at(2026, 3, 3) + timedelta(days=offset // 3))
    assert update_case_counts() > 0
    assert update_case_counts() == 0  # nothing new: the cursor moved
    totals = {name: sum(getattr(row, name) for row in DailyCaseCount.objects.all())
              for name in ("submitted", "online_submitted", "completed", "completed_timed", "completed_on_time")}
    assert totals == {"submitted": 1, "online_submitted": 1, "completed": 1, "completed_timed": 1,
                      "completed_on_time": 1}
    assert_agrees()


@pytest.mark.django_db
def test_verify_metrics_reports_a_difference(cases_world):
    submit_online(cases_world, at(2026, 3, 2))
    with pytest.raises(CommandError):
        call_command("verify_metrics")  # not counted yet
    call_command("update_metrics")
    call_command("verify_metrics")
    DailyCaseCount.objects.update(submitted=5)
    with pytest.raises(CommandError):
        call_command("verify_metrics")


operations = st.lists(
    st.one_of(
        st.tuples(st.just("submit"), st.sampled_from(["online", "mobile", "window", "helper"]), st.integers(0, 20)),
        st.tuples(st.just("advance"), st.integers(0, 7), st.integers(0, 24)),
        st.tuples(st.just("update"), st.just(""), st.just(0)),
    ),
    max_size=14,
)


@pytest.mark.django_db
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=operations)
def test_the_consumer_equals_the_recomputation(cases_world, ops):
    cw = cases_world
    with transaction.atomic():
        cases: list[list] = []  # [number, next step, day]
        for kind, arg, days in ops:
            if kind == "submit":
                day = at(2026, 3, 2) + timedelta(days=days)
                cases.append([submit(cw, day, arg).number, 0, day])
            elif kind == "advance" and cases:
                entry = cases[arg % len(cases)]
                for _ in range(1 + days % 6):  # several steps at once, so cases do complete
                    if entry[1] < len(STEPS):
                        entry[2] += timedelta(days=days // 6)  # days pass: some finish late
                        advance(cw, entry[0], STEPS[entry[1]], entry[2])
                        entry[1] += 1
            elif kind == "update":
                update_case_counts(batch_size=3)
        update_case_counts(batch_size=3)
        assert_agrees()
        transaction.set_rollback(True)


def test_entries_younger_than_the_settling_time_wait_for_the_next_run(cases_world):
    # given a submission written "now": its transaction could still be open behind a later id
    cw = cases_world
    submitted_at = at(2026, 3, 2)
    submit_online(cw, submitted_at)
    # when the consumer runs 29 s later, it leaves the entry for later; 30 s later it counts it
    assert update_case_counts(now=submitted_at + timedelta(seconds=29)) == 0
    assert update_case_counts(now=submitted_at + timedelta(seconds=30)) == 1
    assert_agrees()
