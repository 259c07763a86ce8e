"""Running the consumers: each entry once, settled entries only, empty logs and periods, and the
update_metrics / verify_metrics commands."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tongban.audit import services as audit
from tongban.audit.models import AuditEntry
from tongban.events.models import ConsumerCursor
from tongban.metrics.aggregation import TABLES, update, update_all, verify_all
from tongban.metrics.models import DailyCaseCount, MonthlyCaseCount

from .conftest import at, submit_online
from .counting import rows

HOUR = timedelta(hours=1)


@pytest.mark.django_db
def test_an_empty_log_counts_nothing_and_agrees():
    assert update_all() == {"cases": 0, "ratings": 0, "tickets": 0}
    assert verify_all() == {"cases": [], "ratings": [], "tickets": []}
    assert not any(model.objects.exists() for t in TABLES.values() for model in (t.daily, t.monthly))


@pytest.mark.django_db
def test_each_entry_is_counted_once_and_a_quiet_month_has_no_rows(cases_world):
    submit_online(cases_world, at(2026, 3, 31, 16))
    submit_online(cases_world, at(2026, 5, 1, 9))
    assert update_all(now=at(2026, 6, 1)) == {"cases": 2, "ratings": 0, "tickets": 0}
    assert update_all(now=at(2026, 6, 1)) == {"cases": 0, "ratings": 0, "tickets": 0}  # the cursor moved

    assert rows(DailyCaseCount) == {(date(2026, 3, 31),): {"submitted": 1, "online_submitted": 1},
                                    (date(2026, 5, 1),): {"submitted": 1, "online_submitted": 1}}
    assert rows(MonthlyCaseCount) == {(date(2026, 3, 1),): {"submitted": 1, "online_submitted": 1},
                                      (date(2026, 5, 1),): {"submitted": 1, "online_submitted": 1}}
    assert not DailyCaseCount.objects.filter(day__range=(date(2026, 4, 1), date(2026, 4, 30))).exists()
    assert not MonthlyCaseCount.objects.filter(day=date(2026, 4, 1)).exists()
    assert verify_all() == {"cases": [], "ratings": [], "tickets": []}


@pytest.mark.django_db
def test_entries_younger_than_the_settling_time_wait_for_the_next_run(cases_world):
    # given a submission written "now": its transaction could still be open behind a later id
    submitted_at = at(2026, 3, 2)
    submit_online(cases_world, submitted_at)
    # when the consumers run 29 s later they leave the entry for later; 30 s later it counts
    assert update_all(now=submitted_at + timedelta(seconds=29))["cases"] == 0
    assert update_all(now=submitted_at + timedelta(seconds=30))["cases"] == 1
    assert verify_all()["cases"] == []


@pytest.mark.django_db
def test_young_entries_of_other_sources_hold_nothing_back(cases_world):
    # given a case entry, three entries of another stream written an hour later (still young
    # when the consumer runs) and then a second case entry with an earlier time
    submitted_at = at(2026, 3, 2)
    submit_online(cases_world, submitted_at)
    for number in range(3):
        audit.record(actor=None, action="note.written", target=f"notes.note:{number}", now=submitted_at + HOUR)
    submit_online(cases_world, submitted_at + timedelta(minutes=1))
    audit.record(actor=None, action="note.written", target="notes.note:3", now=submitted_at + HOUR)
    # when the consumer reads windows of two entries, one of them all young notes
    assert update("cases", now=submitted_at + HOUR, batch_size=2) == 2
    # then both cases count and the cursor rests on the last case entry, not on the young note after it
    assert verify_all()["cases"] == []
    last_case = AuditEntry.objects.filter(stream__startswith="cases.case:").latest("id").id
    assert ConsumerCursor.objects.get(consumer="metrics.cases").last_event_id == last_case


@pytest.mark.django_db
def test_update_metrics_reports_progress_per_source(cases_world):
    submit_online(cases_world, at(2026, 3, 2))
    out = StringIO()
    call_command("update_metrics", stdout=out)
    assert "办件：已处理 1 条审计记录…" in out.getvalue()
    assert "办件 1 条，好差评 0 条，12345 工单 0 条" in out.getvalue()


@pytest.mark.django_db
def test_verify_metrics_reports_differences_in_the_daily_and_the_monthly_table(cases_world):
    submit_online(cases_world, at(2026, 3, 2))
    with pytest.raises(CommandError):
        call_command("verify_metrics", stdout=StringIO())  # not counted yet
    call_command("update_metrics", stdout=StringIO())
    call_command("verify_metrics", stdout=StringIO())

    MonthlyCaseCount.objects.update(submitted=5)
    out = StringIO()
    with pytest.raises(CommandError, match="1 处差异"):
        call_command("verify_metrics", stdout=out)
    assert "办件月统计 2026-03-01" in out.getvalue()
    assert "submitted 应为 1 实为 5" in out.getvalue()

    MonthlyCaseCount.objects.update(submitted=1)
    DailyCaseCount.objects.update(online_submitted=0)
    with pytest.raises(CommandError):
        call_command("verify_metrics", stdout=StringIO())
