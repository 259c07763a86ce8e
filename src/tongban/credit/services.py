"""Credit checks used by 信用分类审批 and writes from broken commitments."""

import hmac
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.db.models import Q

from tongban.audit import services as audit
from tongban.core.clock import local_date
from tongban.core.errors import DomainError
from tongban.rules import rule_value

from .models import CreditClass, CreditRating, CreditRecord, Severity, SubjectKind
from . import events as credit_events


def has_serious_dishonesty(subject_code: str) -> bool:
    """On a list of serious dishonesty (and not repaired): no 告知承诺, no 容缺."""
    return CreditRecord.objects.filter(
        subject_code=subject_code, severity=Severity.SERIOUS, repaired_at__isnull=True
    ).exists()


def record_dishonesty(*, subject_code: str, subject_name: str, severity: str, reason: str, source: str,
                      actor, now: datetime, category: str = "commitment", department=None) -> CreditRecord:
    """失信记录; its 双公示 is due `credit.publicity_working_days` after the decision (today)."""
    from .records import publicity_due

    decided = local_date(now)
    record = CreditRecord.objects.create(subject_code=subject_code, subject_name=subject_name, category=category,
                                         severity=severity, reason=reason, source=source, recorded_at=now,
                                         decided_on=decided, publicity_due=publicity_due(decided,
                                                                                         department=department))
    audit.record(actor=actor, action=credit_events.DISHONESTY_RECORDED, target=record, now=now,
                 after={"severity": severity, "reason": reason, "source": source})
    return record


def subject_key(subject_kind: str, subject_code: str) -> str:
    """The key a rating is stored by: the USCC itself, or for a person a keyed hash of the ID
    number (an unkeyed hash of an 18-digit number with a birth date inside is easily reversed)."""
    code = subject_code.strip().upper()
    if subject_kind == SubjectKind.ENTERPRISE:
        return code
    return hmac.new(settings.SECRET_KEY.encode(), f"credit:{code}".encode(), "sha256").hexdigest()


def record_credit_class(*, subject_kind: str, subject_code: str, credit_class: str, source: str,
                        valid_from: date, valid_to: date | None, actor, now: datetime,
                        subject_name: str = "") -> CreditRating:
    """登记信用等级 — one published evaluation result of a subject, audited."""
    if credit_class not in CreditClass.values:
        raise DomainError("credit.unknown_class", f"信用等级“{credit_class}”无效，应为 A、B、C 或 D。",
                          field="credit_class", status=422)
    if valid_to is not None and valid_to < valid_from:
        raise DomainError("credit.validity_order", "信用等级的有效期止不能早于有效期起。", field="valid_to", status=422)
    rating = CreditRating.objects.create(
        subject_kind=subject_kind, subject_key=subject_key(subject_kind, subject_code), subject_name=subject_name,
        credit_class=credit_class, source=source, valid_from=valid_from, valid_to=valid_to, recorded_at=now)
    audit.record(actor=actor, action=credit_events.CLASS_RECORDED, target=rating, now=now,
                 after={"subject_kind": subject_kind, "credit_class": credit_class, "source": source,
                        "valid_from": valid_from.isoformat(),
                        "valid_to": valid_to.isoformat() if valid_to else None})
    return rating


def credit_class_on(*, subject_kind: str, subject_code: str, on: date) -> str | None:
    """The subject's class in force on `on` (the latest evaluation valid that day), if any."""
    return (CreditRating.objects.filter(subject_key=subject_key(subject_kind, subject_code), valid_from__lte=on)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
            .order_by("-valid_from", "-recorded_at").values_list("credit_class", flat=True).first())


@dataclass(frozen=True)
class Eligibility:
    allowed: bool
    code: str = ""
    message: str = ""


ALLOWED = Eligibility(True)


def commitment_eligibility(*, subject_kind: str, subject_code: str, on: date, region=None, department=None,
                           item=None) -> Eligibility:
    """信用分类审批: may this applicant use 告知承诺 or 容缺 on day `on`?

    No unrepaired serious 失信 record, and a credit class among `credit.good_classes`; a subject
    with no class in force is decided by `credit.unknown_subject_allowed`.
    """
    if has_serious_dishonesty(subject_code):
        return Eligibility(False, "case.credit_excluded", "申请人存在未修复的严重失信记录，不适用告知承诺和容缺受理。")
    scope = {"on": on, "region": region, "department": department, "item": item}
    good = [value for value in rule_value("credit.good_classes", **scope).split(",") if value]
    from .records import effective_class  # the worse of the published class and the records' class

    found = effective_class(subject_kind=subject_kind, subject_code=subject_code, on=on, region=region,
                            department=department)
    if found is None:
        if rule_value("credit.unknown_subject_allowed", **scope) == "allow":
            return ALLOWED
        return Eligibility(False, "case.credit_unknown",
                           "未查询到申请人有效的公共信用等级，不适用告知承诺和容缺受理，请提交全部材料。")
    if found in good:
        return ALLOWED
    wanted = "、".join(f"{value}级" for value in good)
    return Eligibility(False, "case.credit_class_not_good",
                       f"申请人当前信用等级为{CreditClass(found).label}，告知承诺和容缺受理仅适用于信用等级为"
                       f"{wanted}的申请人，请提交全部材料。")
