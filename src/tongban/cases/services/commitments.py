"""容缺 and 告知承诺 after intake: deliveries, reminders, consequences, verification (核查)."""

import logging
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import DatabaseError, transaction
from django.db.models import QuerySet

from tongban import workdays
from tongban.accounts.constants import DEPARTMENT_ROLES
from tongban.audit import services as audit
from tongban.core.errors import Conflict, DomainError
from tongban.credit.models import Severity
from tongban.credit.services import record_dishonesty
from tongban.events.services import emit
from tongban.rules import rule_value

from .. import errors
from ..constants import CommitmentKind, CommitmentStatus, Provision
from ..models import Case, Commitment
from ..scopes import cases_for
from ..states import states_tagged
from .materials import hand_in_files, locked_case, may_hand_in
from .transitions import Command, local_today, transition_case
from .. import events as case_events

OPEN_STATES = states_tagged("open")
logger = logging.getLogger(__name__)


def _commitment_for(actor, case_number: str, commitment_id: int) -> Commitment:
    commitment = (Commitment.objects.select_for_update().select_related("case")
                  .filter(pk=commitment_id, case__number=case_number).first())
    if commitment is None or not cases_for(actor).filter(pk=commitment.case_id).exists():
        raise errors.CASE_NOT_FOUND
    if commitment.status != CommitmentStatus.PENDING:
        raise Conflict("case.commitment_resolved", "该承诺已处理完毕。")
    return commitment


@transaction.atomic
def deliver_waived_materials(*, actor, case_number: str, commitment_id: int, files: dict[str, str],
                             now: datetime) -> Commitment:
    """补交容缺材料 — the applicant (or the window clerk) hands in what was promised, by material
    name → upload public id; every file is checked (materials.hand_in_files) and the commitment
    is fulfilled once nothing is waived any more."""
    case = locked_case(actor, case_number)  # the case before its commitment, as resubmit_case locks them
    commitment = _commitment_for(actor, case_number, commitment_id)
    if commitment.kind != CommitmentKind.WAIVER or not may_hand_in(actor, case):
        raise errors.CASE_NOT_FOUND
    waived = {m.name: m.material_id for m in case.materials.filter(provision=Provision.WAIVED)}
    if unknown := [name for name in files if name not in waived]:
        raise DomainError("case.unknown_material", f"以下材料不是本承诺的容缺材料：{'、'.join(unknown)}。",
                          field="files", status=422)
    if missing := [name for name in waived if name not in files]:
        raise DomainError("case.waived_materials_missing", f"尚缺容缺材料：{'、'.join(missing)}。",
                          field="files", status=422)
    hand_in_files(case, actor=actor, files={waived[name]: reference for name, reference in files.items()},
                  now=now)
    commitment.refresh_from_db()
    return commitment


@dataclass(frozen=True)
class JobReport:
    reminded: int
    suspended: int
    terminated: int
    refused: list[str] = field(default_factory=list)  # "case number: why", one per case the step was refused


def run_waiver_deadlines(*, now: datetime) -> JobReport:
    """Daily job: remind before a 容缺 deadline, apply the configured consequence after it."""
    today = local_today(now)
    remind_by = workdays.add_working_days(today, rule_value("case.yellow_card_working_days", on=today))
    reminded = suspended = terminated = 0
    pending = Commitment.objects.filter(kind=CommitmentKind.WAIVER, status=CommitmentStatus.PENDING,
                                        case__status__in=OPEN_STATES).select_related("case")
    for commitment in pending.filter(due_date__gte=today, due_date__lte=remind_by, resolution_note=""):
        with transaction.atomic():
            emit(case_events.WAIVER_REMINDER, stream=audit.stream_of(commitment.case), now=now,
                 payload={"case_number": commitment.case.number, "due_date": commitment.due_date.isoformat(),
                          "materials": commitment.materials})
            Commitment.objects.filter(pk=commitment.pk).update(resolution_note="已提醒")
        reminded += 1
    refused = []
    for commitment in pending.filter(due_date__lt=today).order_by("pk"):
        action = "terminate" if commitment.consequence == "terminate" else "suspend"
        try:
            with transaction.atomic():
                transition_case(actor=None, case_number=commitment.case.number, now=now,
                                command=Command(action, reason=f"容缺材料未在 {commitment.due_date} 前补交："
                                                               f"{'、'.join(commitment.materials)}"))
                Commitment.objects.filter(pk=commitment.pk).update(status=CommitmentStatus.BROKEN, resolved_at=now)
        except DomainError as error:  # one case's refusal (its state has no such step) stops no other
            logger.warning("容缺逾期处理被拒绝：办件 %s：%s", commitment.case.number, error.message)
            refused.append(f"{commitment.case.number}：{error.message}")
            continue
        suspended, terminated = suspended + (action == "suspend"), terminated + (action == "terminate")
    return JobReport(reminded, suspended, terminated, refused)


def overdue_verifications(actor, *, today: date) -> QuerySet[Commitment]:
    """告知承诺 whose 核查 period has passed without a result, of the cases the actor's department
    leads (a co-department gives its opinion but does not verify), oldest due date first."""
    cases = cases_for(actor)
    if actor.role in DEPARTMENT_ROLES:
        cases = cases.filter(department_id=actor.department_id)
    return (Commitment.objects.filter(kind=CommitmentKind.NOTIFICATION, status=CommitmentStatus.PENDING,
                                      due_date__lt=today, case__in=cases)
            .select_related("case", "case__item_version").order_by("due_date", "pk"))


@dataclass(frozen=True)
class OverdueReport:
    overdue: int  # pending 告知承诺 past their 核查 date
    flagged: int  # of which flagged by this run
    failed: list[str] = field(default_factory=list)  # "case number: why", one per commitment not flagged


def flag_overdue_verifications(*, now: datetime) -> OverdueReport:
    """Daily job: each 告知承诺 past its 核查 date without a result is flagged once (and the
    department alerted through the outbox); one commitment's failure stops no other."""
    today = local_today(now)
    overdue = Commitment.objects.filter(kind=CommitmentKind.NOTIFICATION, status=CommitmentStatus.PENDING,
                                        due_date__lt=today)
    flagged, failed = 0, []
    for commitment in overdue.filter(verification_overdue_at__isnull=True).select_related("case").order_by("pk"):
        case = commitment.case
        try:
            with transaction.atomic():
                case = Case.objects.select_for_update(of=("self",)).select_related("department").get(pk=case.pk)
                if not Commitment.objects.filter(pk=commitment.pk, verification_overdue_at__isnull=True,
                                                 status=CommitmentStatus.PENDING).update(verification_overdue_at=now):
                    continue  # verified or flagged meanwhile
                audit.record(target=case, actor=None, action=case_events.COMMITMENT_VERIFICATION_OVERDUE, now=now,
                             after={"commitment": commitment.pk, "due_date": commitment.due_date.isoformat()})
                emit(case_events.COMMITMENT_VERIFICATION_OVERDUE, stream=audit.stream_of(case), now=now,
                     payload={"case_number": case.number, "department_code": case.department.code,
                              "due_date": commitment.due_date.isoformat()})
        except (DomainError, DatabaseError) as error:
            logger.warning("告知承诺核查逾期标记失败：办件 %s：%s", case.number, error)
            failed.append(f"{case.number}：{error}")
            continue
        flagged += 1
    return OverdueReport(overdue=overdue.count(), flagged=flagged, failed=failed)


@transaction.atomic
def verify_commitment(*, actor, case_number: str, commitment_id: int, kept: bool, note: str,
                      now: datetime) -> Commitment:
    """告知承诺核查 — kept: done; broken: the result is revoked and a serious 失信 record written."""
    commitment = _commitment_for(actor, case_number, commitment_id)
    if commitment.kind != CommitmentKind.NOTIFICATION:
        raise Conflict("case.not_a_notification_commitment", "容缺承诺以补交材料履行，无需核查。")
    if not kept and not note.strip():
        raise errors.guard_failed("reason_required", "承诺不实须写明核查发现的问题。", "note")
    case = commitment.case
    commitment.status = CommitmentStatus.FULFILLED if kept else CommitmentStatus.BROKEN
    commitment.resolved_at, commitment.resolved_by, commitment.resolution_note = now, actor, note.strip()
    commitment.save(update_fields=["status", "resolved_at", "resolved_by", "resolution_note"])
    audit.record(target=case, actor=actor, action=case_events.COMMITMENT_VERIFIED, now=now,
                 after={"kept": kept, "note": note.strip()})
    if not kept:
        # 撤销 where the workflow has it: a completed case, and a result not collected yet (准予,
        # 待领取), which is then never handed out
        if case.workflow.workflow.find(case.status, "revoke") is not None:
            transition_case(actor=None, case_number=case.number, now=now,
                            command=Command("revoke", reason=f"告知承诺不实：{note.strip()}"))
        record_dishonesty(subject_code=case.applicant_id_number, subject_name=case.applicant_name,
                          severity=Severity.SERIOUS, reason=f"告知承诺不实（办件 {case.number}）：{note.strip()}",
                          source=audit.stream_of(case), actor=actor, now=now)
        emit(case_events.COMMITMENT_BROKEN, stream=audit.stream_of(case), now=now,
             payload={"case_number": case.number, "applicant_code": case.applicant_id_number})
    return commitment
