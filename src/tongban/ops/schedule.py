"""Which recurring job is due when: pure logic for `manage.py run_scheduler` (no Django import).

A job runs either every `every_seconds`, or once per local (Beijing) date at or after `daily_at`.
The scheduler process keeps the last run times in memory: after a restart every job is due once,
which is harmless because every job here is incremental or idempotent (metrics consume the audit
log from a cursor; the daily case and ticket jobs skip what they already handled).
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone

BEIJING = timezone(timedelta(hours=8))


@dataclass(frozen=True)
class Job:
    command: str
    every_seconds: int | None = None
    daily_at: time | None = None  # local time


def is_due(job: Job, *, last_run: datetime | None, now: datetime) -> bool:
    if last_run is None:
        return True
    if job.every_seconds is not None:
        return (now - last_run).total_seconds() >= job.every_seconds
    local_now, local_last = now.astimezone(BEIJING), last_run.astimezone(BEIJING)
    return local_now.date() > local_last.date() and local_now.time() >= job.daily_at


JOBS = (
    Job("update_metrics", every_seconds=300),
    Job("issue_licences", every_seconds=60),
    Job("run_case_jobs", daily_at=time(6, 0)),
    Job("escalate_overdue_tickets", daily_at=time(6, 0)),
    Job("ledger_reminders", daily_at=time(6, 30)),
)
