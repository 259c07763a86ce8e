"""文书 — numbered notices with a verification code (printed as a QR code on the PDF)."""

from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

from tongban.rules import rule_value

from ..constants import NoticeKind
from ..models import Case, Notice
from ..numbering import new_verification_code
from .intake import add_months

PREFIXES = {
    NoticeKind.ACCEPTANCE: "受", NoticeKind.CORRECTION: "补", NoticeKind.REJECTION: "不受",
    NoticeKind.APPROVAL: "准", NoticeKind.DENIAL: "不准", NoticeKind.SPECIAL_PROCEDURE: "特",
}

# A decision notice is titled by the item's type (GB/T 39046 表A.1 code): (准予 title, 不予 title,
# what the body says is granted). Types without a decision document of their own (公共服务 …)
# get the general 办理 wording.
DECISION_TITLES = {
    "01": ("准予行政许可决定书", "不予行政许可决定书", "行政许可"),
    "05": ("行政给付决定书", "不予行政给付决定书", "行政给付"),
    "07": ("行政确认决定书", "不予行政确认决定书", "行政确认"),
    "08": ("行政奖励决定书", "不予行政奖励决定书", "行政奖励"),
    "09": ("行政裁决书", "驳回行政裁决申请决定书", "行政裁决"),
}
GENERAL_DECISION = ("准予办理决定书", "不予办理决定书", "办理")
DECISIONS = (NoticeKind.APPROVAL, NoticeKind.DENIAL)
# Refusals and decisions tell the applicant how to appeal (行政复议 / 行政诉讼).
APPEALABLE = (NoticeKind.REJECTION, NoticeKind.APPROVAL, NoticeKind.DENIAL)


def appeal_rights(case: Case, on: date) -> dict[str, Any]:
    """行政复议 / 行政诉讼 periods in force on `on` (law, kept as rules with their source)."""
    return {"review_days": rule_value("notice.administrative_review_days", on=on, region=case.region),
            "litigation_months": rule_value("notice.litigation_months", on=on, region=case.region),
            "review_body": f"{settings.DISTRICT_NAME}人民政府"}


def decision_facts(case: Case, kind: str, on: date) -> dict[str, Any]:
    """What a decision notice states besides the reason: its title by item type, and for an
    approval the result, its number and how long it is valid."""
    version = case.item_version
    approval_title, denial_title, granted = DECISION_TITLES.get(version.item_type.code, GENERAL_DECISION)
    facts: dict[str, Any] = {"title": approval_title if kind == NoticeKind.APPROVAL else denial_title,
                             "granted": granted, "item_type": version.item_type.name}
    if kind == NoticeKind.APPROVAL:
        months = rule_value("case.result_validity_months", on=on, item=case.item)
        facts.update(result_name=version.result_name, result_number=case.number,
                     valid_from=on.isoformat(),
                     valid_until=(add_months(on, months) - timedelta(days=1)).isoformat() if months else None)
    return facts


def issue_notice(case: Case, kind: str, *, body: dict[str, Any], now: datetime, writes=None) -> Notice:
    """Issue within a transition: the number is the case number plus the coming audit sequence,
    unique by construction (the case row is locked), so no retry loop is needed. The 16-character
    verification code is random (31^16 values), which is what makes it unguessable.

    What the notice says is frozen into its body here, the rules in force that day included.
    With `writes` (the transition's tongban.core.fastpath writes) the notice is inserted with the
    transition's other writes and returned without its id; otherwise it is saved at once."""
    today = timezone.localtime(now).date()
    base = {
        "case_number": case.number, "item_name": case.item_version.name,
        "item_code": case.item.implementation_code, "item_version": case.item_version.number,
        "applicant_name": case.applicant_name, "department": case.department.name,
    }
    if kind in DECISIONS:
        base.update(decision_facts(case, kind, today))
    if kind in APPEALABLE:
        base["appeal"] = appeal_rights(case, today)
    notice = Notice(
        case=case, kind=kind, number=f"{PREFIXES[kind]}〔{now:%Y}〕{case.number}-{case.audit_sequence + 1}",
        verification_code=new_verification_code(), issued_at=now, body={**base, **body},
    )
    if writes is None:
        notice.save(force_insert=True)
    else:
        writes.insert(notice)
    return notice
