"""Credit records beyond the 失信 list: 守信 records, 双公示, classes from records (rules as data),
信用修复 (a workflow) and the public 信用查询. Plain functions `(…, *, actor, now)`."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.db.models import Q

from tongban import workdays
from tongban.accounts.models import EnterpriseAgent
from tongban.audit import services as audit
from tongban.core.checkdigits import validate_uscc
from tongban.core.clock import local_date
from tongban.core.workflow import Engine
from tongban.events.services import emit
from tongban.rules import rule_value

from . import errors
from . import events as names
from .models import (
    CreditClass,
    CreditRating,
    CreditRecord,
    CreditRepair,
    RecordCategory,
    RecordKind,
    RepairStatus,
    Severity,
    SubjectKind,
)
from .workflow import REPAIR_WORKFLOW, VOCABULARY


def publicity_due(decided: date, *, department=None) -> date:
    """双公示: the last day to publish a record decided on `decided`."""
    due, _ = workdays.provisional_add_working_days(
        decided, rule_value("credit.publicity_working_days", on=decided, department=department))
    return due


def record_honour(*, subject_code: str, subject_name: str, reason: str, source: str, actor, now: datetime,
                  category: str = RecordCategory.HONOUR, decided_on: date | None = None,
                  department=None) -> CreditRecord:
    """守信记录 (表彰奖励; 行政许可 for 双公示), due for publication like a 失信 record."""
    decided = decided_on or local_date(now)
    record = CreditRecord.objects.create(subject_code=subject_code.strip().upper(), subject_name=subject_name,
                                         kind=RecordKind.HONEST, category=category, severity="", reason=reason,
                                         source=source, decided_on=decided, recorded_at=now,
                                         publicity_due=publicity_due(decided, department=department))
    audit.record(actor=actor, action=names.HONOUR_RECORDED, target=record, now=now,
                 after={"kind": record.kind, "category": category, "reason": reason, "source": source,
                        "publicity_due": record.publicity_due.isoformat()})
    return record


@transaction.atomic
def publish_record(*, record_id: int, publish_until: date | None, actor, now: datetime) -> CreditRecord:
    """双公示 — the record becomes public on the 信用查询 page (until `publish_until`, if given)."""
    record = CreditRecord.objects.select_for_update().filter(pk=record_id).first()
    if record is None:
        raise errors.RECORD_NOT_FOUND
    before = {"published_at": record.published_at.isoformat() if record.published_at else None}
    record.published_at, record.publish_until = now, publish_until
    record.save(update_fields=["published_at", "publish_until"])
    audit.record(actor=actor, action=names.RECORD_PUBLISHED, target=record, now=now, before=before,
                 after={"published_at": now.isoformat(),
                        "publish_until": publish_until.isoformat() if publish_until else None,
                        "on_time": local_date(now) <= record.publicity_due if record.publicity_due else None})
    return record


def overdue_publicity(*, today: date):
    """Records whose 双公示 is past due and not yet published (oldest first)."""
    return CreditRecord.objects.filter(published_at__isnull=True, publicity_due__lt=today).order_by(
        "publicity_due", "pk")


def counting_records(subject_code: str):
    """The 失信 records that count for the subject's class: not repaired."""
    return CreditRecord.objects.filter(subject_code=subject_code.strip().upper(), kind=RecordKind.DISHONEST,
                                       repaired_at__isnull=True)


def _class_by_counts(serious: bool, general: int, honest: bool, limit: int) -> str | None:
    if serious:
        return CreditClass.D
    if general:
        return CreditClass.C if general >= limit else CreditClass.B
    return CreditClass.A if honest else None


def class_from_records(subject_code: str, *, on: date, region=None, department=None) -> str | None:
    """The class the records alone give (rules as data): unrepaired serious 失信 → D; at least
    `credit.general_records_for_class_c` general ones → C; fewer → B; only 守信 → A; none → None."""
    code = subject_code.strip().upper()
    severities = list(counting_records(code).values_list("severity", flat=True))
    honest = CreditRecord.objects.filter(subject_code=code, kind=RecordKind.HONEST).exists()
    limit = rule_value("credit.general_records_for_class_c", on=on, region=region, department=department)
    return _class_by_counts(Severity.SERIOUS in severities, len(severities), honest, limit)


def effective_class(*, subject_kind: str, subject_code: str, on: date, region=None, department=None) -> str | None:
    """The worse of the published evaluation and the class the records give (either may be absent)."""
    from .services import credit_class_on

    found = [value for value in (
        credit_class_on(subject_kind=subject_kind, subject_code=subject_code, on=on),
        class_from_records(subject_code, on=on, region=region, department=department)) if value]
    return max(found) if found else None  # "A" < "B" < "C" < "D"


def classes_for_pool(codes: list[str], *, on: date) -> dict[str, str]:
    """Credit class per USCC for a draw's subject pool, in three queries (ratings, 失信, 守信)."""
    ratings: dict[str, str] = {}
    for key, value in (CreditRating.objects.filter(subject_kind=SubjectKind.ENTERPRISE, subject_key__in=codes,
                                                   valid_from__lte=on)
                       .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
                       .order_by("subject_key", "valid_from", "recorded_at")
                       .values_list("subject_key", "credit_class")):
        ratings[key] = value  # the latest valid one wins
    serious, general = set(), {}
    for code, severity in CreditRecord.objects.filter(subject_code__in=codes, kind=RecordKind.DISHONEST,
                                                      repaired_at__isnull=True).values_list("subject_code",
                                                                                            "severity"):
        if severity == Severity.SERIOUS:
            serious.add(code)
        general[code] = general.get(code, 0) + 1
    honest = set(CreditRecord.objects.filter(subject_code__in=codes, kind=RecordKind.HONEST)
                 .values_list("subject_code", flat=True))
    limit = rule_value("credit.general_records_for_class_c", on=on)
    result = {}
    for code in codes:
        found = [value for value in (ratings.get(code), _class_by_counts(code in serious, general.get(code, 0),
                                                                         code in honest, limit)) if value]
        if found:
            result[code] = max(found)
    return result


# 信用修复 -------------------------------------------------------------------------------------

def subject_codes_of(actor) -> list[str]:
    """The subject codes an account speaks for: its own ID number, the enterprises it acts for."""
    codes = list(EnterpriseAgent.objects.filter(user=actor).values_list("enterprise__uscc", flat=True))
    if getattr(actor, "id_number", ""):
        codes.append(actor.id_number.strip().upper())
    return codes


def records_of(actor):
    return CreditRecord.objects.filter(subject_code__in=subject_codes_of(actor)).order_by("-recorded_at", "-pk")


@transaction.atomic
def apply_repair(*, record_id: int, evidence: str, actor, now: datetime) -> CreditRepair:
    """信用修复申请 by the subject; to be reviewed within `credit.repair_review_working_days`."""
    record = records_of(actor).select_for_update().filter(pk=record_id).first()
    if record is None:
        raise errors.RECORD_NOT_FOUND
    if record.kind != RecordKind.DISHONEST or record.repaired_at is not None:
        raise errors.NOT_REPAIRABLE
    if not (evidence or "").strip():
        raise errors.EVIDENCE_REQUIRED
    if record.repairs.filter(status=RepairStatus.APPLIED).exists():
        raise errors.REPAIR_PENDING
    today = local_date(now)
    due, _ = workdays.provisional_add_working_days(today, rule_value("credit.repair_review_working_days", on=today))
    repair = CreditRepair.objects.create(record=record, applicant=actor, evidence=evidence.strip(), applied_at=now,
                                         review_due=due)
    audit.record(actor=actor, action=names.REPAIR_APPLIED, target=repair, now=now,
                 after={"record": record.pk, "status": repair.status, "review_due": due.isoformat()})
    return repair


def repairs_for(actor):
    """Repair applications a reviewer may decide (the district's credit desk: every reviewer for now)."""
    return CreditRepair.objects.select_related("record", "applicant")


def overdue_repairs(*, today: date):
    return CreditRepair.objects.filter(status=RepairStatus.APPLIED, review_due__lt=today).order_by("review_due", "pk")


def _note_given(transition, repair, command, actor, now) -> None:
    if not command["note"].strip():
        raise errors.NOTE_REQUIRED


def _record_review(repair, command, actor, now, context) -> None:
    repair.reviewed_by, repair.reviewed_at, repair.review_note = actor, now, command["note"].strip()


def _repair_record(repair, command, actor, now, context) -> dict:
    record = repair.record
    record.repaired_at = now
    record.save(update_fields=["repaired_at"])
    emit(names.TOPIC_RECORD_REPAIRED, stream=audit.stream_of(record), now=now,
         payload={"record": record.pk, "subject_code": record.subject_code})
    return {"record_repaired": record.pk}


REPAIR_ENGINE = Engine(VOCABULARY, guards={"note_given": _note_given},
                       effects={"record_review": _record_review, "repair_record": _repair_record},
                       unknown_action=errors.unknown_action,
                       refused=lambda workflow, transition, roles: errors.role_not_allowed(transition.label))


@transaction.atomic
def review_repair(*, repair_id: int, action: str, note: str, actor, now: datetime) -> CreditRepair:
    """准予修复 (the record stops counting and leaves the public view; history kept) or 不予修复."""
    repair = repairs_for(actor).select_for_update(of=("self",)).filter(pk=repair_id).first()
    if repair is None:
        raise errors.REPAIR_NOT_FOUND
    label = REPAIR_WORKFLOW.label_of(repair.status)
    transition = REPAIR_ENGINE.find(REPAIR_WORKFLOW, repair.status, action, state_label=label)
    REPAIR_ENGINE.permit(REPAIR_WORKFLOW, transition, {actor.role})
    command = {"note": note or ""}
    REPAIR_ENGINE.check_guards(transition, repair, command, actor, now)
    before = {"status": repair.status}
    details = REPAIR_ENGINE.apply_effects(transition, repair, command, actor, now, None, {})
    repair.status = transition.target
    repair.save()
    audit.record(actor=actor, action=names.REPAIR_STEP.format(action=action), target=repair, now=now,
                 before=before, after={"status": repair.status, "note": command["note"].strip(),
                                       "on_time": local_date(now) <= repair.review_due, **details})
    return repair


# 信用查询 (public) ------------------------------------------------------------------------------

@dataclass(frozen=True)
class PublicCredit:
    uscc: str
    name: str
    credit_class: str | None
    records: list


def public_credit(uscc: str, *, on: date, limit: int = 50) -> PublicCredit:
    """信用查询 by USCC: only published, unrepaired records within their publication period."""
    try:
        code = validate_uscc((uscc or "").replace("\x00", "").strip().upper()[:18])
    except ValueError:
        raise errors.BAD_USCC from None
    records = list(CreditRecord.objects.filter(subject_code=code, published_at__isnull=False,
                                               repaired_at__isnull=True)
                   .filter(Q(publish_until__isnull=True) | Q(publish_until__gte=on))
                   .order_by("-recorded_at", "-pk")[:limit])
    name = records[0].subject_name if records else ""
    return PublicCredit(code, name, effective_class(subject_kind=SubjectKind.ENTERPRISE, subject_code=code, on=on),
                        records)


def credit_summary(*, subject_kind: str, subject_code: str, on: date) -> dict:
    """逢办必查: what the clerk sees at intake — class, counting 失信 records, 守信 records."""
    code = subject_code.strip().upper()
    counting = counting_records(code)
    return {"credit_class": effective_class(subject_kind=subject_kind, subject_code=code, on=on),
            "dishonest": counting.count(), "serious": counting.filter(severity=Severity.SERIOUS).exists(),
            "honest": CreditRecord.objects.filter(subject_code=code, kind=RecordKind.HONEST).count()}
