from datetime import UTC, datetime, time

from tongban.ops.schedule import Job, is_due

METRICS = Job("update_metrics", every_seconds=300)
DAILY = Job("run_case_jobs", daily_at=time(6, 0))


def test_every_job_is_due_on_the_first_round():
    assert is_due(METRICS, last_run=None, now=datetime(2026, 12, 6, tzinfo=UTC))
    assert is_due(DAILY, last_run=None, now=datetime(2026, 12, 6, tzinfo=UTC))


def test_an_interval_job_is_due_at_its_interval_not_a_second_before():
    last = datetime(2026, 12, 6, 10, 0, 0, tzinfo=UTC)
    assert not is_due(METRICS, last_run=last, now=datetime(2026, 12, 6, 10, 4, 59, tzinfo=UTC))
    assert is_due(METRICS, last_run=last, now=datetime(2026, 12, 6, 10, 5, 0, tzinfo=UTC))


def test_a_daily_job_runs_once_per_beijing_date_from_its_local_time():
    ran = datetime(2026, 12, 6, 1, 0, tzinfo=UTC)  # 09:00 Beijing, 12-06
    # 12-06 21:59 UTC is 12-07 05:59 Beijing: a new date, but before 06:00
    assert not is_due(DAILY, last_run=ran, now=datetime(2026, 12, 6, 21, 59, tzinfo=UTC))
    assert is_due(DAILY, last_run=ran, now=datetime(2026, 12, 6, 22, 0, tzinfo=UTC))
    # later the same Beijing date: already ran
    assert not is_due(DAILY, last_run=ran, now=datetime(2026, 12, 6, 15, 0, tzinfo=UTC))
