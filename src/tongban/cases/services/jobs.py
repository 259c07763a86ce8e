"""Daily jobs beside the 容缺 deadlines: recompute provisional due dates once a year is published."""

from datetime import datetime

from django.db import transaction

from tongban.audit import services as audit

from ..models import Case
from .transitions import recompute_due_date


def recompute_provisional_due_dates(*, now: datetime) -> int:
    """暂定期限 → 正式期限 for every case whose limit ran into a then-unpublished year."""
    updated = 0
    for case_id in Case.objects.filter(due_date_provisional=True).values_list("pk", flat=True).iterator():
        with transaction.atomic():
            case = Case.objects.select_for_update(of=("self",)).select_related("item_version").get(pk=case_id)
            before = case.due_date
            recompute_due_date(case)
            if case.due_date_provisional:
                continue  # that year is still not published
            audit.record(actor=None, action="case.due_date_confirmed", target=case, now=now,
                         before={"due_date": before.isoformat() if before else None},
                         after={"due_date": case.due_date.isoformat() if case.due_date else None})
            case.save(update_fields=["due_date", "due_date_provisional", "audit_sequence", "audit_hash"])
            updated += 1
    return updated
