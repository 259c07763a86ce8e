"""Generated 12345 tickets: kinds, channels and outcomes in plausible shares, due times as the
hotline computes them, every audit chain intact."""

from collections import Counter
from datetime import date

from django.db.models import Sum
from django.utils import timezone

from tongban.audit.models import AuditEntry
from tongban.audit.services import find_tampering
from tongban.demo.generators.hotline import generate_tickets
from tongban.hotline.due import due_after
from tongban.hotline.models import Ticket, TicketReturn
from tongban.hotline.workflow import TICKET_WORKFLOW
from tongban.rules import rule_value

WORKING = TICKET_WORKFLOW.states_tagged("in_progress")  # the due time runs

TODAY = date(2026, 11, 20)


def test_generated_tickets_have_realistic_kinds_channels_and_outcomes(user):
    user("zhuren")  # the demo district: departments, towns
    assert generate_tickets(1500, seed=3, today=TODAY) == Ticket.objects.count() == 1500
    tickets = list(Ticket.objects.all())
    kinds, channels = Counter(t.kind for t in tickets), Counter(t.channel for t in tickets)
    assert set(kinds) == {"consult", "help", "complaint", "report", "suggestion"}
    assert 0.3 < kinds["consult"] / 1500 < 0.5 and 0.6 < channels["phone"] / 1500 < 0.85
    statuses = Counter(t.status for t in tickets)
    assert set(statuses) <= set(TICKET_WORKFLOW.states) and statuses["closed"] / 1500 > 0.8
    assert sum(statuses[s] for s in WORKING) > 0  # some still open
    dispatched = [t for t in tickets if t.dispatched_at]
    assert len(dispatched) > 1000
    closed = [t for t in dispatched if t.status == "closed"]
    late = [t for t in closed if t.replied_at > t.due_at]
    assert 0 < len(late) / len(closed) < 0.15  # most closed on time, some late
    assert all(t.escalated for t in late)
    on_time = sum(t.closed_at <= t.due_at for t in closed) / len(closed)  # the dashboard's 按时办结率
    assert 0.85 < on_time < 0.99
    assert all(t.satisfaction == "satisfied" for t in closed)
    assert any(t.reopened_count for t in closed)  # an unsatisfied callback reopened it once
    assert all(t.department_id for t in tickets if t.status in WORKING)
    assert all(t.created_at <= t.updated_at for t in tickets)
    assert TicketReturn.objects.count() == Ticket.objects.aggregate(n=Sum("return_count"))["n"] > 0


def test_due_times_are_the_hotline_services_own(user):
    user("zhuren")
    generate_tickets(600, seed=4, today=TODAY)
    days = rule_value("hotline.due_working_days", on=TODAY)
    # dispatched once and never extended: the due time of that 派单, also after a 重办
    plain = Ticket.objects.filter(dispatched_at__isnull=False, extension_days=0, return_count=0)
    assert plain.count() > 300 and plain.filter(reopened_count__gt=0).exists()
    for ticket in plain:
        assert ticket.due_at == due_after(timezone.localtime(ticket.dispatched_at).date(), days[ticket.kind]).at
    for ticket in Ticket.objects.filter(extension_days__gt=0, status="accepted"):
        assert ticket.due_at > due_after(timezone.localtime(ticket.dispatched_at).date(), days[ticket.kind]).at
    # 改派 keeps the first 派单's due time, which came before the last dispatch
    for ticket in Ticket.objects.filter(return_count__gt=0, extension_days=0, dispatched_at__isnull=False):
        assert ticket.due_at <= due_after(timezone.localtime(ticket.dispatched_at).date(), days[ticket.kind]).at


def test_generated_tickets_verify_with_one_imported_entry_each(user):
    user("zhuren")
    generate_tickets(400, seed=5, today=TODAY)
    generate_tickets(100, seed=6, today=TODAY)  # a second run: new numbers, chains still whole
    assert Ticket.objects.values("number").distinct().count() == 500
    assert list(find_tampering()) == []
    entries = {e.stream: e.after for e in AuditEntry.objects.filter(action="ticket.imported")}
    for ticket in Ticket.objects.select_related("department"):
        department = ticket.department.code if ticket.department_id else None
        # what the metrics consumer counts an import by: its department and its last callback's satisfaction
        assert entries[f"hotline.ticket:{ticket.pk}"] == {"status": ticket.status, "department": department,
                                                          "satisfaction": ticket.satisfaction}
        assert ticket.audit_sequence == 1


def test_generation_works_at_the_end_of_the_last_published_year(user):
    user("zhuren")  # due times of late-December tickets run into 2027 (provisional calendar)
    assert generate_tickets(300, seed=8, today=date(2026, 12, 31)) == 300
