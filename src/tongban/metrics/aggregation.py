"""Keeping DailyCaseCount up to date, and checking it against the cases themselves.

`update_case_counts` is an incremental consumer of the cases' audit entries (one append-only
log, ordered by id): "case.submitted"/"case.imported" count a submission, a transition into
"已办结" (or an imported case that is already completed) counts a completion. Its position is a
ConsumerCursor ("metrics.cases") moved in the same transaction as the counts, so each entry is
counted exactly once; the cursor row lock also keeps two runs from counting side by side.

`recompute_case_counts` derives the same counts straight from the Case table (GROUP BY), which
`manage.py verify_metrics` compares with the table.
"""

from collections import Counter, defaultdict
from collections.abc import Callable

from django.db import transaction
from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from tongban.audit.models import AuditEntry
from tongban.cases.models import Case
from tongban.events.models import ConsumerCursor
from tongban.events.services import settled

from .models import COUNTERS, DailyCaseCount
from .registry import COMPLETED_STATUSES, ONLINE_CHANNELS

CONSUMER = "metrics.cases"
BATCH_SIZE = 5000
STREAM_PREFIX = "cases.case:"
SUBMISSIONS = ("case.submitted", "case.imported")

Key = tuple  # (day, department_id, region_id, item_id, channel)


def _key(case: dict, moment) -> Key:
    return (timezone.localdate(moment), case["department_id"], case["region_id"], case["item_id"], case["channel"])


def _completion(counts: dict[Key, Counter], case: dict) -> None:
    if case["completed_at"] is None:
        return
    key = _key(case, case["completed_at"])
    counts[key]["completed"] += 1
    if case["due_date"] is not None:
        counts[key]["completed_timed"] += 1
        if key[0] <= case["due_date"]:
            counts[key]["completed_on_time"] += 1


def _effects(entries: list[dict]) -> dict[Key, Counter]:
    """What a batch of audit entries adds to the counts (entries of other kinds add nothing)."""
    relevant = []
    for entry in entries:
        after, before = entry["after"] or {}, entry["before"] or {}
        if entry["action"] in SUBMISSIONS:
            relevant.append(entry)
        elif after.get("status") == "completed" and before.get("status") != "completed":
            relevant.append(entry)
    case_ids = {int(entry["stream"].removeprefix(STREAM_PREFIX)) for entry in relevant}
    cases = {case["id"]: case for case in Case.objects.filter(id__in=case_ids).values(
        "id", "department_id", "region_id", "item_id", "channel", "status", "submitted_at", "completed_at",
        "due_date")}
    counts: dict[Key, Counter] = defaultdict(Counter)
    for entry in relevant:
        case = cases.get(int(entry["stream"].removeprefix(STREAM_PREFIX)))
        if case is None:
            continue
        if entry["action"] in SUBMISSIONS:
            key = _key(case, case["submitted_at"])
            counts[key]["submitted"] += 1
            counts[key]["online_submitted"] += case["channel"] in ONLINE_CHANNELS
            if entry["action"] == "case.imported" and (entry["after"] or {}).get("status") in COMPLETED_STATUSES:
                _completion(counts, case)
        else:
            _completion(counts, case)
    return counts


def _add(counts: dict[Key, Counter]) -> None:
    """Add to the rows (creating missing ones); the caller holds the cursor lock."""
    if not counts:
        return
    DailyCaseCount.objects.bulk_create(
        [DailyCaseCount(day=k[0], department_id=k[1], region_id=k[2], item_id=k[3], channel=k[4]) for k in counts],
        ignore_conflicts=True, batch_size=1000)
    days = {key[0] for key in counts}
    items = {key[3] for key in counts}
    rows = DailyCaseCount.objects.select_for_update().filter(day__in=days, item_id__in=items)
    changed = []
    for row in rows:
        delta = counts.get((row.day, row.department_id, row.region_id, row.item_id, row.channel))
        if delta:
            for name in COUNTERS:
                setattr(row, name, getattr(row, name) + delta[name])
            changed.append(row)
    DailyCaseCount.objects.bulk_update(changed, COUNTERS, batch_size=1000)


@transaction.atomic
def _consume_batch(batch_size: int, now) -> int:
    cursor, _ = ConsumerCursor.objects.select_for_update().get_or_create(consumer=CONSUMER)
    entries = list(AuditEntry.objects.filter(id__gt=cursor.last_event_id, stream__startswith=STREAM_PREFIX)
                   .order_by("id").values("id", "stream", "action", "before", "after", "created_at")[:batch_size])
    entries = settled(entries, now=now, created_at=lambda entry: entry["created_at"])
    if not entries:
        return 0
    _add(_effects(entries))
    cursor.last_event_id = entries[-1]["id"]
    cursor.save(update_fields=["last_event_id"])
    return len(entries)


def update_case_counts(*, batch_size: int = BATCH_SIZE, progress: Callable[[int], None] | None = None,
                       now=None) -> int:
    """Count every settled case audit entry not counted yet; returns how many entries were read."""
    now = now or timezone.now()
    total = 0
    while True:
        read = _consume_batch(batch_size, now)
        if not read:
            return total
        total += read
        if progress:
            progress(total)


def recompute_case_counts() -> dict[Key, dict[str, int]]:
    """The counts from the Case table itself: two GROUP BY queries, no audit entries involved."""
    fields = ("day", "department_id", "region_id", "item_id", "channel")
    result: dict[Key, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTERS, 0))
    submitted = (Case.objects.order_by().annotate(day=TruncDate("submitted_at")).values(*fields)
                 .annotate(submitted=Count("id"), online_submitted=Count("id", filter=Q(channel__in=ONLINE_CHANNELS))))
    completed = (Case.objects.order_by().filter(status__in=COMPLETED_STATUSES, completed_at__isnull=False)
                 .annotate(day=TruncDate("completed_at")).values(*fields)
                 .annotate(completed=Count("id"), completed_timed=Count("id", filter=Q(due_date__isnull=False)),
                           completed_on_time=Count("id", filter=Q(due_date__gte=F("day")))))
    for query in (submitted, completed):
        for row in query:
            key = tuple(row[name] for name in fields)
            result[key].update({name: row[name] for name in COUNTERS if name in row})
    return dict(result)


def stored_case_counts() -> dict[Key, dict[str, int]]:
    rows = DailyCaseCount.objects.values("day", "department_id", "region_id", "item_id", "channel", *COUNTERS)
    return {(r["day"], r["department_id"], r["region_id"], r["item_id"], r["channel"]): {n: r[n] for n in COUNTERS}
            for r in rows if any(r[n] for n in COUNTERS)}


def differences(expected: dict[Key, dict[str, int]], stored: dict[Key, dict[str, int]]) -> list[str]:
    """One line per key whose counters differ (empty when they agree)."""
    zero = dict.fromkeys(COUNTERS, 0)
    lines = []
    for key in sorted(expected.keys() | stored.keys(), key=lambda k: (str(k[0]), k[1:])):
        want, have = expected.get(key, zero), stored.get(key, zero)
        if want != have:
            diff = ", ".join(f"{n} 应为 {want[n]} 实为 {have[n]}" for n in COUNTERS if want[n] != have[n])
            lines.append(f"{key[0]} 部门#{key[1]} 区划#{key[2]} 事项#{key[3]} {key[4]}：{diff}")
    return lines
