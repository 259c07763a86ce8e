"""文书 — numbered notices with a verification code (printed as a QR code on the PDF)."""

from datetime import datetime
from typing import Any

from ..constants import NoticeKind
from ..models import Case, Notice
from ..numbering import new_verification_code

PREFIXES = {
    NoticeKind.ACCEPTANCE: "受", NoticeKind.CORRECTION: "补", NoticeKind.REJECTION: "不受",
    NoticeKind.APPROVAL: "准", NoticeKind.DENIAL: "不准",
}


def issue_notice(case: Case, kind: str, *, body: dict[str, Any], now: datetime, writes=None) -> Notice:
    """Issue within a transition: the number is the case number plus the coming audit sequence,
    unique by construction (the case row is locked), so no retry loop is needed. The 16-character
    verification code is random (31^16 values), which is what makes it unguessable.

    With `writes` (the transition's services.writes.Writes) the notice is inserted with the
    transition's other writes and returned without its id; otherwise it is saved at once."""
    base = {
        "case_number": case.number, "item_name": case.item_version.name,
        "item_code": case.item.implementation_code, "item_version": case.item_version.number,
        "applicant_name": case.applicant_name, "department": case.department.name,
    }
    notice = Notice(
        case=case, kind=kind, number=f"{PREFIXES[kind]}〔{now:%Y}〕{case.number}-{case.audit_sequence + 1}",
        verification_code=new_verification_code(), issued_at=now, body={**base, **body},
    )
    if writes is None:
        notice.save(force_insert=True)
    else:
        writes.insert(notice)
    return notice
