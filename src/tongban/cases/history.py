"""The case's history is its audit chain, whose head lives in the case row (ChainHead)."""

from datetime import datetime
from typing import Any

from tongban.audit import services as audit
from tongban.audit.models import AuditEntry

from .models import Case


def record_case_event(case: Case, *, actor, action: str, now: datetime,
                      before: dict[str, Any] | None = None, after: dict[str, Any] | None = None) -> AuditEntry:
    """Append to the case's chain and persist the head. The caller holds the case's row lock
    (or just created the case); transition_case saves the head with its own conditional UPDATE."""
    entry = audit.record(actor=actor, action=action, target=case, now=now, before=before, after=after)
    Case.objects.filter(pk=case.pk).update(audit_sequence=case.audit_sequence, audit_hash=case.audit_hash)
    return entry
