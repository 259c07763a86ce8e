"""Daily jobs beside the 容缺 deadlines: due dates computed again when the calendar changes — a
year's notice published (provisional dates become final) or a regional closure decided."""

from datetime import datetime

from django.db import transaction
from django.db.models import Q, QuerySet

from tongban.audit import services as audit

from ..models import Case
from .transitions import recompute_due_date
from .. import events as case_events


def _recompute(cases: QuerySet[Case], *, action: str, now: datetime, confirm: bool) -> int:
    """Each case locked, its due date recomputed, saved and audited when it changed (with
    `confirm`: only once it is no longer provisional)."""
    updated = 0
    for case_id in cases.values_list("pk", flat=True).iterator():
        with transaction.atomic():
            case = Case.objects.select_for_update(of=("self",)).select_related("item_version", "region").get(pk=case_id)
            before = (case.due_date, case.due_date_provisional, case.paused_until)
            recompute_due_date(case)
            if (confirm and case.due_date_provisional) or before == (
                    case.due_date, case.due_date_provisional, case.paused_until):
                continue
            audit.record(actor=None, action=action, target=case, now=now,
                         before={"due_date": before[0].isoformat() if before[0] else None},
                         after={"due_date": case.due_date.isoformat() if case.due_date else None})
            case.save(update_fields=["due_date", "due_date_provisional", "paused_until"])
            updated += 1
    return updated


def recompute_provisional_due_dates(*, now: datetime) -> int:
    """暂定期限 → 正式期限 for every case whose limit ran into a then-unpublished year."""
    return _recompute(Case.objects.filter(due_date_provisional=True), action=case_events.DUE_DATE_CONFIRMED, now=now,
                      confirm=True)


def recompute_region_due_dates(region_code: str, *, now: datetime) -> int:
    """A closure of `region_code` changed: every running case of that region or below it gets
    its due date again (decided and closed cases keep theirs: they were judged already)."""
    in_region = Q(region__path__startswith=f"{region_code}/") | Q(region__path__contains=f"/{region_code}/")
    cases = Case.objects.filter(in_region, accepted_on__isnull=False, decided_at__isnull=True,
                                completed_at__isnull=True)
    return _recompute(cases, action=case_events.DUE_DATE_MOVED, now=now, confirm=False)
