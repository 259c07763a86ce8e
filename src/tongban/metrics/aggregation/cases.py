"""办件 counts: what the cases' audit entries add, and the same counts straight from the Case table.

- "case.submitted" / "case.imported" count a submission (by the day submitted);
- a transition into "completed" (已办结), or an imported case whose `after` status is already
  completed or revoked, counts a completion (by the day completed). A later 撤销 (revoked)
  does not take it back: the case was completed when it was.
The dimensions and dates come from the case row as it stands; they are written once (at
submission, or at completion for completed_at and delivery), so reading them later is exact.
One exception: `general_window_submitted` reads the intake window's kind when the entry is
counted, so re-classifying a window afterwards shows up in verify_metrics as a difference.
"""

from collections import Counter, defaultdict

from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate

from tongban.accounts.constants import WindowKind
from tongban.cases.constants import ONLINE_CHANNELS, Channel, Delivery
from tongban.cases.models import Case
from tongban.cases.states import states_tagged

from ..models import CASE_COUNTERS, DailyCaseCount, MonthlyCaseCount
from .base import Counts, CountTables, Key, Source, among, grouped, object_id

TABLES = CountTables(name="cases", daily=DailyCaseCount, monthly=MonthlyCaseCount,
                     dimensions=("region", "department", "item", "channel"), counters=CASE_COUNTERS)
STREAM = "cases.case:"
SUBMISSIONS = ("case.submitted", "case.imported")
# Statuses that mean "办结" for the metrics (tag concluded in the workflow data): a decision was
# delivered or picked up, even if later revoked.
COMPLETED_STATUSES = states_tagged("concluded")
# 一窗受理: the general window and the cross-region (通办) window take in any item.
GENERAL_WINDOW_KINDS = (WindowKind.GENERAL, WindowKind.CROSS_REGION)
FIELDS = ("id", "region_id", "department_id", "item_id", "channel", "submitted_day", "completed_day", "due_date",
          "delivery", "intake_window__kind")
# the local days, computed by the database (as the recomputation does) rather than per entry in Python
DAYS = {"submitted_day": TruncDate("submitted_at"), "completed_day": TruncDate("completed_at")}


def _key(case: dict, day) -> Key:
    return (day, case["region_id"], case["department_id"], case["item_id"], case["channel"])


def _submission(counts: Counts, case: dict) -> None:
    counter = counts[_key(case, case["submitted_day"])]
    at_window = case["channel"] == Channel.WINDOW
    counter["submitted"] += 1
    counter["online_submitted"] += case["channel"] in ONLINE_CHANNELS
    counter["window_submitted"] += at_window
    counter["general_window_submitted"] += at_window and case["intake_window__kind"] in GENERAL_WINDOW_KINDS


def _completion(counts: Counts, case: dict) -> None:
    if case["completed_day"] is None:
        return
    key = _key(case, case["completed_day"])
    counter = counts[key]
    counter["completed"] += 1
    counter["completed_electronic"] += (case["channel"] in ONLINE_CHANNELS
                                        and case["delivery"] == Delivery.ELECTRONIC)
    if case["due_date"] is not None:
        counter["completed_timed"] += 1
        counter["completed_on_time"] += key[0] <= case["due_date"]


def _completes(entry: dict) -> bool:
    after, before = entry["after"] or {}, entry["before"] or {}
    if entry["action"] == "case.imported":
        return after.get("status") in COMPLETED_STATUSES
    return after.get("status") in COMPLETED_STATUSES and before.get("status") not in COMPLETED_STATUSES


def effects(entries: list[dict]) -> Counts:
    """What a batch of case audit entries adds (entries of other actions add nothing)."""
    relevant = [entry for entry in entries if entry["action"] in SUBMISSIONS or _completes(entry)]
    rows = Case.objects.filter(id__in=among({object_id(entry) for entry in relevant})).annotate(**DAYS)
    cases = {case["id"]: case for case in rows.values(*FIELDS)}
    counts: Counts = defaultdict(Counter)
    for entry in relevant:
        case = cases.get(object_id(entry))
        if case is None:
            continue
        if entry["action"] in SUBMISSIONS:
            _submission(counts, case)
        if _completes(entry):
            _completion(counts, case)
    return counts


def recompute_case_counts() -> dict[Key, dict[str, int]]:
    """The daily counts from the Case table itself: two GROUP BY queries, no audit entries."""
    columns = TABLES.columns
    at_window = Q(channel=Channel.WINDOW)
    online = Q(channel__in=ONLINE_CHANNELS)
    submitted = (Case.objects.order_by().annotate(day=TruncDate("submitted_at")).values(*columns).annotate(
        submitted=Count("id"), online_submitted=Count("id", filter=online),
        window_submitted=Count("id", filter=at_window),
        general_window_submitted=Count("id", filter=at_window & Q(intake_window__kind__in=GENERAL_WINDOW_KINDS))))
    completed = (Case.objects.order_by().filter(status__in=COMPLETED_STATUSES, completed_at__isnull=False)
                 .annotate(day=TruncDate("completed_at")).values(*columns).annotate(
                     completed=Count("id"), completed_timed=Count("id", filter=Q(due_date__isnull=False)),
                     completed_on_time=Count("id", filter=Q(due_date__gte=F("day"))),
                     completed_electronic=Count("id", filter=online & Q(delivery=Delivery.ELECTRONIC))))
    result: dict[Key, dict] = {}
    grouped(submitted, columns, result)
    grouped(completed, columns, result)
    return result


SOURCE = Source(tables=TABLES, consumer="metrics.cases", streams=(STREAM,), effects=effects,
                recompute=recompute_case_counts)
