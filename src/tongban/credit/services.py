"""Credit checks used by 信用分类审批 and writes from broken commitments."""

from datetime import datetime

from tongban.audit import services as audit

from .models import CreditRecord, Severity


def has_serious_dishonesty(subject_code: str) -> bool:
    """On a list of serious dishonesty (and not repaired): no 告知承诺, no 容缺."""
    return CreditRecord.objects.filter(
        subject_code=subject_code, severity=Severity.SERIOUS, repaired_at__isnull=True
    ).exists()


def record_dishonesty(*, subject_code: str, subject_name: str, severity: str, reason: str, source: str,
                      actor, now: datetime) -> CreditRecord:
    record = CreditRecord.objects.create(subject_code=subject_code, subject_name=subject_name,
                                         severity=severity, reason=reason, source=source, recorded_at=now)
    audit.record(actor=actor, action="credit.dishonesty_recorded", target=record, now=now,
                 after={"severity": severity, "reason": reason, "source": source})
    return record
