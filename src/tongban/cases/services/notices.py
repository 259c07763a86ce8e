"""文书 — numbered notices with a verification code (printed as a QR code on the PDF)."""

from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction

from ..constants import NoticeKind
from ..models import Case, Notice
from ..numbering import new_notice_number, new_verification_code

PREFIXES = {
    NoticeKind.ACCEPTANCE: "兰审受", NoticeKind.CORRECTION: "兰审补", NoticeKind.REJECTION: "兰审不受",
    NoticeKind.APPROVAL: "兰审准", NoticeKind.DENIAL: "兰审不准",
}


def issue_notice(case: Case, kind: str, *, body: dict[str, Any], now: datetime) -> Notice:
    base = {
        "case_number": case.number, "item_name": case.item_version.name,
        "item_code": case.item.implementation_code, "item_version": case.item_version.number,
        "applicant_name": case.applicant_name, "department": case.department.name,
    }
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Notice.objects.create(
                    case=case, kind=kind, number=new_notice_number(PREFIXES[kind], now.date()),
                    verification_code=new_verification_code(), issued_at=now, body={**base, **body},
                )
        except IntegrityError:
            continue
    raise RuntimeError("could not allocate a unique notice number")
