"""办件 counts: what the cases' audit entries add, and the same counts straight from the Case table.

- "case.submitted" / "case.imported" count a submission (by the day submitted);
- a transition into "completed" (已办结), or an imported case whose `after` status is already
  completed or revoked, counts a completion (by the day completed). A later 撤销 (revoked)
  does not take it back: the case was completed when it was;
- a transition into a state tagged `decided` from one that is not, with the decision 准予 or
  不予 (不予受理 is no decision on the application and has no due date), or an imported case
  already decided, counts a decision (by the local day of `decided_at`): `decided_timed` when
  the case has a due date, `decided_on_time` when that day is on or before it — as the case card
  judges it (cases.deadlines.deadline_status). A 即办件's due date is the working day of its
  受理 (cases.deadlines.due_date_of): decided on the spot, it is on time.
The dimensions and dates come from the case row as it stands; they are written once (at
submission, at the decision, or at completion for completed_at and delivery), so reading them
later is exact.
"""

from collections import Counter, defaultdict

from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate

from tongban.cases.constants import ONLINE_CHANNELS, Delivery
from tongban.cases.models import Case
from tongban.cases.states import states_tagged

from ..models import CASE_COUNTERS, DailyCaseCount, MonthlyCaseCount
from .base import Counts, CountTables, Key, Source, among, grouped, object_id
from tongban.cases import events as case_events

TABLES = CountTables(name="cases", daily=DailyCaseCount, monthly=MonthlyCaseCount,
                     dimensions=("region", "department", "item", "channel"), counters=CASE_COUNTERS)
STREAM = "cases.case:"
SUBMISSIONS = (case_events.SUBMITTED, case_events.IMPORTED)
# Statuses that mean "办结" for the metrics (tag concluded in the workflow data): a decision was
# delivered or picked up, even if later revoked.
COMPLETED_STATUSES = states_tagged("concluded")
# The decisions on the application that the time limit judges (Case.decision values).
DECISIONS = ("approved", "denied")
FIELDS = ("id", "region_id", "department_id", "item_id", "channel", "submitted_day", "completed_day",
          "decided_day", "decision", "due_date", "delivery")
# the local days, computed by the database (as the recomputation does) rather than per entry in Python
DAYS = {"submitted_day": TruncDate("submitted_at"), "completed_day": TruncDate("completed_at"),
        "decided_day": TruncDate("decided_at")}


def _key(case: dict, day) -> Key:
    return (day, case["region_id"], case["department_id"], case["item_id"], case["channel"])


def _submission(counts: Counts, case: dict) -> None:
    counter = counts[_key(case, case["submitted_day"])]
    counter["submitted"] += 1
    counter["online_submitted"] += case["channel"] in ONLINE_CHANNELS


def _completion(counts: Counts, case: dict) -> None:
    if case["completed_day"] is None:
        return
    key = _key(case, case["completed_day"])
    counter = counts[key]
    counter["completed"] += 1
    counter["completed_electronic"] += (case["channel"] in ONLINE_CHANNELS
                                        and case["delivery"] == Delivery.ELECTRONIC)


def _decision(counts: Counts, case: dict) -> None:
    if case["decided_day"] is None or case["decision"] not in DECISIONS or case["due_date"] is None:
        return
    counter = counts[_key(case, case["decided_day"])]
    counter["decided_timed"] += 1
    counter["decided_on_time"] += case["decided_day"] <= case["due_date"]


def _completes(entry: dict) -> bool:
    after, before = entry["after"] or {}, entry["before"] or {}
    if entry["action"] == case_events.IMPORTED:
        return after.get("status") in COMPLETED_STATUSES
    return after.get("status") in COMPLETED_STATUSES and before.get("status") not in COMPLETED_STATUSES


def _decides(entry: dict) -> bool:
    after, before = entry["after"] or {}, entry["before"] or {}
    decided = states_tagged("decided")
    if entry["action"] == case_events.IMPORTED:  # decided then, or since concluded (a revoked case was decided)
        return after.get("status") in decided or after.get("status") in COMPLETED_STATUSES
    # a transition names the case's status before and after; other entries of the stream (a
    # co-department's opinion: its task's status) do not
    return "status" in before and after.get("status") in decided and before["status"] not in decided


def effects(entries: list[dict]) -> Counts:
    """What a batch of case audit entries adds (entries of other actions add nothing)."""
    relevant = [entry for entry in entries if entry["action"] in SUBMISSIONS or _completes(entry) or _decides(entry)]
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
        if _decides(entry):
            _decision(counts, case)
    return counts


def recompute_case_counts() -> dict[Key, dict[str, int]]:
    """The daily counts from the Case table itself: three GROUP BY queries, no audit entries."""
    columns = TABLES.columns
    online = Q(channel__in=ONLINE_CHANNELS)
    submitted = (Case.objects.order_by().annotate(day=TruncDate("submitted_at")).values(*columns).annotate(
        submitted=Count("id"), online_submitted=Count("id", filter=online)))
    completed = (Case.objects.order_by().filter(status__in=COMPLETED_STATUSES, completed_at__isnull=False)
                 .annotate(day=TruncDate("completed_at")).values(*columns).annotate(
                     completed=Count("id"),
                     completed_electronic=Count("id", filter=online & Q(delivery=Delivery.ELECTRONIC))))
    decided = (Case.objects.order_by().filter(decision__in=DECISIONS, decided_at__isnull=False,
                                              due_date__isnull=False)
               .annotate(day=TruncDate("decided_at")).values(*columns).annotate(
                   decided_timed=Count("id"), decided_on_time=Count("id", filter=Q(due_date__gte=F("day")))))
    result: dict[Key, dict] = {}
    for rows in (submitted, completed, decided):
        grouped(rows, columns, result)
    return result


SOURCE = Source(tables=TABLES, consumer="metrics.cases", streams=(STREAM,), effects=effects,
                recompute=recompute_case_counts)
