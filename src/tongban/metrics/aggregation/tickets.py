"""12345 counts: what the tickets' audit entries add, and the same counts from the Ticket table and log.

Keys are (day, region, department, channel); region and channel are written once, at registration.
- "hotline.register" / "ticket.imported" count `received` (day registered) under the
  department it had then: none at registration; for an import, the `after` department if
  given, else the row's as it was before any later entry of the ticket changed it;
- an entry whose before/after departments differ moves `received` from one to the other
  (entries name departments by their unique 部门编码; an unknown code counts as none, and
  verify_metrics would show it);
- an entry into "closed" (or an import already closed) counts `closed`, `closed_timed`,
  `closed_on_time` (day closed) from the row; an entry out of "closed" takes them back, also
  from the row. "closed" is terminal in hotline.workflow, so a closed row never changes again and
  reading it later is exact;
- 回访 (`callbacks`, `satisfied`) count callback *events*, not tickets: each entry of a callback
  action records the satisfaction (services._step writes it into `after`) and counts on its own
  day under the department it names. An unsatisfied callback reopens the ticket, so counting
  only closed tickets would make the rate 100 % by construction. An import counts the
  satisfaction the legacy row holds, once (see `_imported_satisfaction`): on the day it closed
  when closed (a satisfied callback closes it), else on the day of the import — the legacy
  row keeps no callback time.

The Ticket table keeps only the last satisfaction, so the recomputation counts 回访 from the
audit log: every callback entry, plus each import's satisfaction by the same rule.
"""

from collections import Counter, defaultdict

from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate

from tongban.accounts.models import Department
from tongban.audit.models import AuditEntry
from tongban.core.clock import local_date
from tongban.hotline.constants import Satisfaction
from tongban.hotline.models import Ticket
from tongban.hotline.workflow import TICKET_WORKFLOW

from ..models import TICKET_COUNTERS, DailyTicketCount, MonthlyTicketCount
from .base import Counts, CountTables, Key, Source, among, grouped, object_id
from tongban.hotline import events as hotline_events

TABLES = CountTables(name="tickets", daily=DailyTicketCount, monthly=MonthlyTicketCount,
                     dimensions=("region", "department", "channel"), counters=TICKET_COUNTERS)
STREAM = "hotline.ticket:"
REGISTERED, IMPORTED = hotline_events.REGISTER, hotline_events.IMPORTED
CALLBACKS = frozenset(f"{hotline_events.PREFIX}{transition.action}" for transition in TICKET_WORKFLOW.transitions
                      if "record_satisfaction" in transition.effects)  # 回访：满意 / 不满意（重办）
CLOSED = "closed"
FIELDS = ("id", "created_day", "region_id", "department_id", "channel", "status", "closed_at", "closed_day",
          "due_at", "satisfaction", "reopened_count", "audit_sequence")
DAYS = {"created_day": TruncDate("created_at"), "closed_day": TruncDate("closed_at")}  # local days, by the database


def _count(counts: Counts, day, ticket: dict, department_id: int | None) -> Counter:
    return counts[(day, ticket["region_id"], department_id, ticket["channel"])]


def _closing(counts: Counts, ticket: dict, sign: int) -> None:
    if ticket["closed_at"] is None:
        return
    counter = _count(counts, ticket["closed_day"], ticket, ticket["department_id"])
    timed = ticket["due_at"] is not None
    counter["closed"] += sign
    counter["closed_timed"] += sign * timed
    counter["closed_on_time"] += sign * (timed and ticket["closed_at"] <= ticket["due_at"])


def _callback(counts: Counts, day, ticket: dict, department_id: int | None, satisfaction: str) -> None:
    counter = _count(counts, day, ticket, department_id)
    counter["callbacks"] += 1
    counter["satisfied"] += satisfaction == Satisfaction.SATISFIED


def _status(entry: dict, side: str, ticket: dict) -> str | None:
    values = entry[side] or {}
    if entry["action"] == IMPORTED and side == "after":
        return values.get("status", ticket["status"])
    return values.get("status")


def _imported_satisfaction(entry: dict, ticket: dict, later: list[dict]) -> str:
    """The satisfaction an imported ticket had when imported ("" for none): the `after` one if the
    loader wrote it, else the row's — unless a callback since overwrote it. Then only an open
    ticket can have had one (a satisfied callback closes), and an open ticket carries one only
    after an unsatisfied callback, which reopened it: so it was 不满意 iff the ticket had been
    reopened by then (the row's reopen count less the unsatisfied callbacks since)."""
    after = entry["after"] or {}
    if "satisfaction" in after:
        return after["satisfaction"] or ""
    callbacks_since = [(e["after"] or {}).get("satisfaction") for e in later if e["action"] in CALLBACKS]
    if not callbacks_since:
        return ticket["satisfaction"]
    reopened_since = sum(satisfaction == Satisfaction.UNSATISFIED for satisfaction in callbacks_since)
    return Satisfaction.UNSATISFIED if ticket["reopened_count"] > reopened_since else ""


def _imported_callback_day(entry: dict, ticket: dict):
    """Closed when imported: its (satisfied) callback closed it; else the import's own day."""
    if _status(entry, "after", ticket) == CLOSED and ticket["closed_day"] is not None:
        return ticket["closed_day"]
    return local_date(entry["created_at"])


def _department_code_at_import(entry: dict, ticket: dict, later: list[dict], codes: dict[int, str]) -> str | None:
    """The department an imported ticket had when imported (a code, as entries name it)."""
    after = entry["after"] or {}
    if "department" in after:
        return after["department"]
    for change in later:  # the row has moved on: ask the next change
        if change["before"] and "department" in change["before"]:
            return change["before"]["department"]
    return codes.get(ticket["department_id"])


def _entries_after_imports(imports: list[tuple[dict, dict]]) -> dict[str, list[dict]]:
    """Per stream, the entries after its import, for the imports whose row has moved on since:
    one query for the batch."""
    moved = {entry["stream"]: entry["sequence"] for entry, ticket in imports
             if ticket["audit_sequence"] > entry["sequence"]}
    later: dict[str, list[dict]] = defaultdict(list)
    if moved:
        for entry in (AuditEntry.objects.filter(stream__in=list(moved)).order_by("stream", "sequence")
                      .values("stream", "sequence", "action", "before", "after")):
            if entry["sequence"] > moved[entry["stream"]]:
                later[entry["stream"]].append(entry)
    return later


def effects(entries: list[dict]) -> Counts:
    """What a batch of ticket audit entries adds (entries of other actions add nothing)."""
    tickets = {row["id"]: row for row in Ticket.objects.filter(
        id__in=among({object_id(entry) for entry in entries})).annotate(**DAYS).values(*FIELDS)}
    found = [(entry, tickets[object_id(entry)]) for entry in entries if object_id(entry) in tickets]
    later = _entries_after_imports([(entry, ticket) for entry, ticket in found if entry["action"] == IMPORTED])
    department_ids = {ticket["department_id"] for ticket in tickets.values()} - {None}
    codes = dict(Department.objects.filter(id__in=department_ids).values_list("id", "code"))
    moves: list[tuple[dict, dict, list]] = []  # (entry, ticket, [(department code, sign)])
    for entry, ticket in found:
        before, after = entry["before"] or {}, entry["after"] or {}
        if entry["action"] == REGISTERED:
            moves.append((entry, ticket, [(after.get("department"), 1)]))
        elif entry["action"] == IMPORTED:
            code = _department_code_at_import(entry, ticket, later[entry["stream"]], codes)
            moves.append((entry, ticket, [(code, 1)]))
        elif "department" in before and "department" in after and before["department"] != after["department"]:
            moves.append((entry, ticket, [(before["department"], -1), (after["department"], 1)]))
    named = {code for _, _, changes in moves for code, _ in changes}
    named |= {(entry["after"] or {}).get("department") for entry, _ in found if entry["action"] in CALLBACKS}
    ids = dict(Department.objects.filter(code__in=named - {None}).values_list("code", "id"))
    counts: Counts = defaultdict(Counter)
    for _, ticket, changes in moves:
        for code, sign in changes:
            _count(counts, ticket["created_day"], ticket, ids.get(code) if code else None)["received"] += sign
    for entry, ticket in found:
        was_closed, is_closed = _status(entry, "before", ticket) == CLOSED, _status(entry, "after", ticket) == CLOSED
        if is_closed != was_closed:
            _closing(counts, ticket, 1 if is_closed else -1)
        after = entry["after"] or {}
        if entry["action"] in CALLBACKS and after.get("satisfaction"):
            code = after.get("department")
            _callback(counts, local_date(entry["created_at"]), ticket, ids.get(code) if code else None,
                      after["satisfaction"])
        elif entry["action"] == IMPORTED and (satisfaction := _imported_satisfaction(entry, ticket,
                                                                                   later[entry["stream"]])):
            # under the row's department: it cannot have changed since, a ticket is re-dispatched only
            # before it is replied to, let alone called back
            _callback(counts, _imported_callback_day(entry, ticket), ticket, ticket["department_id"], satisfaction)
    return counts


def _recompute_callbacks() -> dict[Key, Counter]:
    """回访 from the audit log (the row keeps only the last satisfaction): each ticket's callback
    entries, and its import's satisfaction by the consumer's rule, reading the whole stream."""
    tickets = {row["id"]: row for row in Ticket.objects.annotate(**DAYS).values(*FIELDS)}
    ids = dict(Department.objects.values_list("code", "id"))
    streams: dict[str, list[dict]] = defaultdict(list)
    for entry in (AuditEntry.objects.filter(stream__startswith=STREAM, action__in=[*CALLBACKS, IMPORTED])
                  .order_by("stream", "sequence").values("stream", "sequence", "action", "after", "created_at")):
        streams[entry["stream"]].append(entry)
    counts: Counts = defaultdict(Counter)
    for entries in streams.values():
        ticket = tickets.get(object_id(entries[0]))
        if ticket is None:
            continue
        for index, entry in enumerate(entries):
            after = entry["after"] or {}
            if entry["action"] == IMPORTED:
                if satisfaction := _imported_satisfaction(entry, ticket, entries[index + 1:]):
                    _callback(counts, _imported_callback_day(entry, ticket), ticket, ticket["department_id"],
                              satisfaction)
            elif after.get("satisfaction"):
                _callback(counts, local_date(entry["created_at"]), ticket, ids.get(after.get("department")),
                          after["satisfaction"])
    return counts


def recompute_ticket_counts() -> dict[Key, dict[str, int]]:
    """The daily counts: received and closed from the Ticket table (two GROUP BY queries), 回访 from
    the audit log."""
    columns = TABLES.columns
    received = (Ticket.objects.order_by().annotate(day=TruncDate("created_at")).values(*columns)
                .annotate(received=Count("id")))
    timed = Q(due_at__isnull=False)
    closed = (Ticket.objects.order_by().filter(status=CLOSED, closed_at__isnull=False)
              .annotate(day=TruncDate("closed_at")).values(*columns).annotate(
                  closed=Count("id"), closed_timed=Count("id", filter=timed),
                  closed_on_time=Count("id", filter=timed & Q(closed_at__lte=F("due_at")))))
    result: dict[Key, dict] = {}
    grouped(received, columns, result)
    grouped(closed, columns, result)
    for key, values in _recompute_callbacks().items():
        result.setdefault(key, {}).update(values)
    return result


SOURCE = Source(tables=TABLES, consumer="metrics.tickets", streams=(STREAM,), effects=effects,
                recompute=recompute_ticket_counts)
