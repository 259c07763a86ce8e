"""办件流转 — every item's workflow runs on the shared engine (tongban.core.workflow); the case guards
and effects are implemented once here."""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from django.db import connections, router
from tongban.accounts.constants import DEPARTMENT_ROLES, Role
from tongban.audit import services as audit
from tongban.catalog.constants import SpecialProcedureKind
from tongban.core.clock import local_date as local_today
from tongban.audit.models import AuditEntry
from tongban.core import fastpath
from tongban.core.workflow import Engine, Transition, Workflow
from tongban.events.services import outbox_event

from .. import errors
from ..constants import CommitmentKind, CommitmentStatus, NoticeKind, PauseKind, TaskStatus
from ..deadlines import clock_stopped_until, due_date_of, pause_intervals
from ..models import Case, CasePause, CaseTask
from ..scopes import can_act_on, is_applicant_side
from ..workflow import VOCABULARY
from .notices import issue_notice
from .pickups import PickupInput, checked_pickup, pickup_summary
from .published import attach_reference_data, co_department_ids
from .tasks import task_due_date

logger = logging.getLogger(__name__)
# What the effects write besides the case: tongban.core.fastpath's Batch or OrmWrites.
Writes = fastpath.Batch | fastpath.OrmWrites

@dataclass(frozen=True)
class Command:
    """What the actor asks for, with the details some actions need."""

    action: str
    expected_version: int | None = None
    reason: str = ""
    legal_basis: str = ""
    materials: tuple[str, ...] = field(default_factory=tuple)
    procedure: str = ""
    delivery: str = ""
    pickup: PickupInput | None = None  # 领取: the collector and the identity check


def roles_of(actor, case: Case) -> set[str]:
    roles = {"system"} if actor is None else {actor.role}
    if actor is not None and is_applicant_side(actor, case):
        roles.add("applicant")
    return roles


def _reason_given(transition: Transition, case: Case, command: Command, actor, now) -> None:
    if not command.reason.strip():
        raise errors.guard_failed("reason_required", f"“{transition.label}”须写明理由。", "reason")


def _legal_basis_given(transition: Transition, case: Case, command: Command, actor, now) -> None:
    if not command.legal_basis.strip():
        raise errors.guard_failed("legal_basis_required", f"“{transition.label}”须写明法律依据。", "legal_basis")


def _materials_listed(transition: Transition, case: Case, command: Command, actor, now) -> None:
    if not any(m.strip() for m in command.materials):
        raise errors.guard_failed("materials_required", "补正须一次性列明全部需补正的材料。", "materials")


# The material guards read the 预审 summary the case row carries (kept current when materials
# are handed in, services/materials.py), so a case without 容缺 costs no query.

def _materials_complete(transition: Transition, case: Case, command: Command, actor, now) -> None:
    precheck = case.form_data.get("precheck", {})
    if precheck.get("missing_required"):
        raise errors.guard_failed(
            "materials_incomplete", f"预审仍缺少必要材料：{'、'.join(precheck['missing_required'])}。"
            f"请先一次性告知补正，申请人补齐后方可{transition.label}。")


def _waived_materials_in(transition: Transition, case: Case, command: Command, actor, now) -> None:
    if case.form_data.get("precheck", {}).get("waived", True):
        waiver = case.commitments.filter(kind=CommitmentKind.WAIVER, status=CommitmentStatus.PENDING).first()
        if waiver is not None:
            raise errors.guard_failed(
                "waived_materials_pending", f"容缺材料尚未补交：{'、'.join(waiver.materials)}"
                f"（承诺 {waiver.due_date:%Y-%m-%d} 前补交）。补交后，或逾期按承诺处理后，方可作出决定。")


def _tasks_settled(transition: Transition, case: Case, command: Command, actor, now) -> None:
    """all_tasks_done and no_task_denied, from one read of the co-departments' tasks."""
    if not _co_departments(case):
        return
    unfinished = list(case.tasks.filter(is_lead=False).exclude(status=TaskStatus.APPROVED)
                      .select_related("department").order_by("department_id"))
    pending = "、".join(task.department.name for task in unfinished if task.status == TaskStatus.PENDING)
    if "all_tasks_done" in transition.guards and pending:
        raise errors.guard_failed("parallel_tasks_pending", f"并联审批未完成：{pending} 尚未出具意见。")
    denied = "、".join(task.department.name for task in unfinished if task.status == TaskStatus.DENIED)
    if "no_task_denied" in transition.guards and denied:
        raise errors.guard_failed("parallel_task_denied", f"并联审批：{denied} 不同意，不能准予。"
                                  "可拟不予许可，或退回该部门重新出具意见。")


def proposal_entry(case: Case) -> AuditEntry | None:
    """The step that brought the case into its current state: in a 待签发 state, the proposal."""
    return (AuditEntry.objects.filter(stream=audit.stream_of(case), after__status=case.status)
            .order_by("-sequence").first())


def _signed(transition: Transition, case: Case, command: Command, actor) -> tuple[Command, dict]:
    """签发 (guard signed_by_other): the proposal that brought the case into its current state
    (the audit entry of that step), signed by someone else; the decision carries the proposal's
    reason and legal basis, the signer's words are kept as the note. Other steps: unchanged."""
    if "signed_by_other" not in transition.guards:
        return command, {}
    proposal = proposal_entry(case)
    if actor is None or proposal is None or proposal.actor_id == actor.pk:
        raise errors.SIGN_OFF_BY_OTHER
    after = proposal.after or {}
    signed = replace(command, reason=after.get("reason", ""), legal_basis=after.get("legal_basis", ""))
    return signed, {"note": command.reason, "proposed_by": proposal.actor_id}


def _co_departments(case: Case) -> list[int]:
    """Departments other than the lead's that take part (并联审批). Their tasks are opened by
    `open_tasks` from this list alone, and a published version never changes: without any,
    a case has no co-department task to wait for and the guard needs no query."""
    return [d for d in co_department_ids(case.item_version) if d != case.department_id]


def region_of(case: Case) -> str:
    """The case's region path: the closures of its town and its district move its deadlines."""
    return case.region.path


def pauses_of(case: Case, pauses: list[CasePause] | None = None) -> list[tuple[date, date | None]]:
    """Pause intervals after acceptance for the deadline (of `pauses`, else the stored ones); a
    special procedure counts at most its maximum."""
    return pause_intervals(case.pauses.all() if pauses is None else pauses, after=case.accepted_on or date.min,
                           region=region_of(case))


def recompute_due_date(case: Case, pauses: list[CasePause] | None = None) -> None:
    """The due date from the acceptance day, the pauses (of `pauses`, else the stored ones) and
    the extensions granted; while a special procedure is open, the clock stops only until its
    maximum (paused_until) and the due date assumes that maximum is used."""
    if case.accepted_on is None:
        return
    pauses = list(case.pauses.all()) if pauses is None else pauses
    version, region = case.item_version, region_of(case)
    due, provisional = due_date_of(
        accepted_on=case.accepted_on, limit=version.promised_limit, unit=version.promised_unit,
        immediate=version.case_kind == "immediate", region=region,
        pauses=pause_intervals(pauses, after=case.accepted_on, region=region),
        extensions=[(p.max_duration, p.unit) for p in pauses if p.kind == PauseKind.EXTENSION])
    if due is not None:  # while a pause is open the last known date stays, flagged by is_paused
        case.due_date, case.due_date_provisional = due, provisional
    case.paused_until = clock_stopped_until(pauses, region=region) if case.is_paused else None


def _procedure(case: Case, kind: str):
    return case.item_version.specialprocedures.filter(kind=kind).first() if kind else None


def _start_pause(case: Case, kind: str, command: Command, today: date, writes: Writes) -> None:
    """补正 (until resubmitted), 中止 (until resumed) or a special procedure of the item (at
    most its maximum: the due date is recomputed as if all of it were used)."""
    procedure = None
    if kind == PauseKind.SPECIAL:
        procedure = _procedure(case, command.procedure)
        if procedure is None or procedure.kind == SpecialProcedureKind.EXTENSION:
            raise errors.guard_failed("unknown_procedure", "该事项未列明此特别程序，不能启动。", "procedure")
    stored = list(case.pauses.all()) if procedure is not None else []  # read before the write
    pause = CasePause(
        case=case, kind=kind, started_on=today, reason=command.reason or "、".join(command.materials),
        procedure=procedure.kind if procedure else "", max_duration=procedure.max_duration if procedure else None,
        unit=procedure.unit if procedure else "",
    )
    writes.insert(pause)
    case.is_paused = True
    if procedure is not None:
        recompute_due_date(case, [*stored, pause])


def _extend_limit(case: Case, command: Command, actor, now: datetime, writes: Writes) -> None:
    """延长审批 (行政许可法 第四十二条): the days the item lists for it are added to the limit,
    once, and only before the limit has run out."""
    today = local_today(now)
    procedure = _procedure(case, SpecialProcedureKind.EXTENSION)
    if procedure is None:
        raise errors.guard_failed("extension_not_listed", "该事项未列明延长审批，不能延长办理时限。", "procedure")
    pauses = list(case.pauses.all())
    if any(p.kind == PauseKind.EXTENSION for p in pauses):
        raise errors.guard_failed("already_extended", "办理时限已经延长过，不能再次延长。")
    if case.due_date is not None and today > case.due_date:
        raise errors.guard_failed("limit_expired", "办理时限已届满，不能再延长。")
    pause = CasePause(case=case, kind=PauseKind.EXTENSION, procedure=procedure.kind, started_on=today,
                      ended_on=today, max_duration=procedure.max_duration, unit=procedure.unit,
                      reason=command.reason)
    writes.insert(pause)
    recompute_due_date(case, [*pauses, pause])


def _resume_clock(case: Case, command: Command, actor, now: datetime, writes: Writes) -> None:
    """End the open pause today; the due date is recomputed from the pauses as they will be
    (read as stored: a change to them would have moved the case's chain head too)."""
    today = local_today(now)
    pauses = list(case.pauses.all())
    for pause in pauses:
        if pause.ended_on is None:
            pause.ended_on = today
    writes.update(CasePause, {"ended_on": today}, where={"case": case.pk, "ended_on": None})
    case.is_paused = False
    recompute_due_date(case, pauses)


def _notice(case: Case, effect: str, command: Command, now: datetime, writes: Writes) -> None:
    kind = {
        "notice_acceptance": NoticeKind.ACCEPTANCE, "notice_correction": NoticeKind.CORRECTION,
        "notice_rejection": NoticeKind.REJECTION,
        "notice_decision": NoticeKind.APPROVAL if case.decision == "approved" else NoticeKind.DENIAL,
        "notice_special_procedure": NoticeKind.SPECIAL_PROCEDURE,
    }[effect]
    body = {"reason": command.reason, "legal_basis": command.legal_basis,
            "materials": list(command.materials), "due_date": case.due_date.isoformat() if case.due_date else None}
    if kind == NoticeKind.SPECIAL_PROCEDURE:  # after pause_special, or extend_limit (no procedure named)
        procedure = _procedure(case, command.procedure or SpecialProcedureKind.EXTENSION)
        body.update(procedure=procedure.kind, procedure_label=procedure.get_kind_display(),
                    max_duration=procedure.max_duration, unit=procedure.unit,
                    started_on=local_today(now).isoformat(),
                    paused_until=case.paused_until.isoformat() if case.paused_until else None)
    issue_notice(case, kind, body=body, now=now, writes=writes)


# The effects: each changes the case in memory and sends every other row to `writes`; what one
# returns is added to the transition's audit entry.

def _start_clock(case: Case, command: Command, actor, now: datetime, writes: Writes) -> None:
    case.accepted_on = today = local_today(now)  # no pause can lie after today yet: nothing to read
    version = case.item_version
    case.due_date, case.due_date_provisional = due_date_of(
        accepted_on=today, limit=version.promised_limit, unit=version.promised_unit,
        immediate=version.case_kind == "immediate", region=region_of(case))
    if case.intake_clerk_id is None and actor is not None and actor.role == Role.INTAKE_CLERK:
        case.intake_clerk = actor


def _pause(kind: str):
    def start(case: Case, command: Command, actor, now: datetime, writes: Writes) -> None:
        _start_pause(case, kind, command, local_today(now), writes)
    return start


def _open_tasks(case: Case, command: Command, actor, now: datetime, writes: Writes) -> None:
    writes.insert(CaseTask(case=case, department_id=case.department_id, is_lead=True))
    today = local_today(now)
    for department_id in _co_departments(case):
        writes.insert(CaseTask(case=case, department_id=department_id, is_lead=False,
                               due_date=task_due_date(case, department_id, today)))


def _decide(decision: str):
    """准予, 不予 or 不予受理: the decision on the case, and the lead department's task finished."""
    task_status = TaskStatus.APPROVED if decision == "approved" else TaskStatus.DENIED

    def decide(case: Case, command: Command, actor, now: datetime, writes: Writes) -> None:
        case.decision = decision
        case.decided_at, case.decision_reason, case.legal_basis = now, command.reason, command.legal_basis
        writes.update(CaseTask, {"status": task_status, "finished_by": actor.pk if actor is not None else None,
                                 "finished_at": now},
                      where={"case": case.pk, "is_lead": True, "status": TaskStatus.PENDING})
    return decide


def _issue_result(case: Case, command: Command, actor, now: datetime, writes: Writes) -> None:
    case.result_ready_at, case.delivery = now, command.delivery or "window"


def _record_pickup(case: Case, command: Command, actor, now: datetime, writes: Writes) -> dict:
    record = checked_pickup(case, command.pickup, actor=actor, now=now, today=local_today(now))
    writes.insert(record)
    case.picked_up_at = now
    return {"pickup": pickup_summary(record)}


def _close(case: Case, command: Command, actor, now: datetime, writes: Writes) -> None:
    case.completed_at = now


def _notice_effect(effect: str):
    def notice(case: Case, command: Command, actor, now: datetime, writes: Writes) -> None:
        _notice(case, effect, command, now, writes)
    return notice


def _emit_decided(case: Case, command: Command, actor, now: datetime, writes: Writes) -> None:
    version = case.item_version
    writes.insert(outbox_event("case.decided", stream=audit.stream_of(case), now=now, payload={
        "case_number": case.number, "item_code": case.item.implementation_code,
        "item_version": version.number, "decision": case.decision, "department": case.department.code,
        "applicant_kind": case.applicant_kind, "applicant_code": case.applicant_id_number,
        "applicant_name": case.applicant_name,
        "result_license_type": version.result_license_type.code if version.result_license_type_id else "",
    }))


def _refused(workflow: Workflow, transition: Transition, roles: set[str]) -> Exception:
    if workflow.has_tag(transition.target, "refusal") and Role.INTAKE_CLERK in roles:
        return errors.WINDOW_CANNOT_REFUSE
    return errors.role_not_allowed(transition.label)


ENGINE = Engine(
    VOCABULARY,
    guards={  # checked in this order
        "reason_given": _reason_given, "legal_basis_given": _legal_basis_given,
        "materials_listed": _materials_listed, "materials_complete": _materials_complete,
        "waived_materials_in": _waived_materials_in,
        "all_tasks_done": _tasks_settled, "no_task_denied": _tasks_settled,
        "signed_by_other": None,  # _signed, after the other guards: it also hands the proposal's reasons on
    },
    effects={
        "start_clock": _start_clock, "pause_correction": _pause(PauseKind.CORRECTION),
        "pause_special": _pause(PauseKind.SPECIAL), "pause_suspension": _pause(PauseKind.SUSPENSION),
        "resume_clock": _resume_clock, "extend_limit": _extend_limit,
        "open_tasks": _open_tasks, "decide_approved": _decide("approved"), "decide_denied": _decide("denied"),
        "not_accepted": _decide("not_accepted"), "issue_result": _issue_result, "record_pickup": _record_pickup,
        "close": _close, "emit_decided": _emit_decided,
        **{effect: _notice_effect(effect) for effect in VOCABULARY.effects if effect.startswith("notice_")},
    },
    unknown_action=errors.unknown_action, refused=_refused,
)


# A case changed between read and write is read again; a busy case may lose more than once.
ATTEMPTS = 3

# The plain ORM path for every transition in a `plain_orm()` block (the equivalence test).
_PLAIN_ORM: ContextVar[bool] = ContextVar("tongban_cases_plain_orm", default=False)


@contextmanager
def plain_orm() -> Iterator[None]:
    """Every transition in the block reads and writes through the plain ORM (no fast path)."""
    token = _PLAIN_ORM.set(True)
    try:
        yield
    finally:
        _PLAIN_ORM.reset(token)


def transition_case(*, actor, case_number: str, command: Command, now: datetime) -> Case:
    """Take one step of the case's workflow, or refuse with the reason; all or nothing.

    Optimistic: the case is read without a lock, the step computed in memory, and everything
    written at once, only if the case's audit chain head is still the one read. A concurrent
    change makes it start again from a fresh read, where the step is usually refused because
    the state moved on. The reads and writes go through tongban.core.fastpath: batched into one
    statement, or, for a step that cannot be batched (an effect that uses the ORM itself), the
    plain ORM — the same rows either way."""
    batched = not _PLAIN_ORM.get()
    for _ in range(ATTEMPTS):
        try:
            case = _attempt(actor, case_number, command, now, batched=batched)
        except fastpath.Unbatchable as reason:
            logger.warning("case %s %s: the plain ORM path (%s)", case_number, command.action, reason)
            batched = False
            continue
        if case is not None:
            return case
    case = _read_case(case_number, batched=False)
    attach_reference_data(case)
    raise errors.stale_version(case.row_version, case.workflow.workflow.label_of(case.status))


_CASE_BY_NUMBER = fastpath.RowReader(Case, "number")
_COLUMNS = fastpath.Columns(Case)
_SEQUENCE = _COLUMNS.names.index("audit_sequence")


def _read_case(case_number: str, *, batched: bool) -> Case | None:
    """The case row as it is now (no joins: see published.py; no lock: see transition_case)."""
    connection = connections[router.db_for_write(Case)]
    if batched:
        return _CASE_BY_NUMBER.read(connection, case_number)
    return _CASE_BY_NUMBER.queryset(connection.alias, case_number).first()


def _attempt(actor, case_number: str, command: Command, now: datetime, *, batched: bool) -> Case | None:
    """The transition from one read of the case; None if the case changed before the write."""
    case = _read_case(case_number, batched=batched)
    if case is None:
        raise errors.CASE_NOT_FOUND
    attach_reference_data(case)
    if actor is not None and not can_act_on(actor, case):
        raise errors.CASE_NOT_FOUND
    workflow = case.workflow.workflow
    state_label = workflow.label_of(case.status)
    if command.expected_version is not None and command.expected_version != case.row_version:
        raise errors.stale_version(case.row_version, state_label)
    transition = ENGINE.find(workflow, case.status, command.action, state_label=state_label)
    if actor is not None and actor.role in DEPARTMENT_ROLES and case.department_id != actor.department_id:
        raise errors.LEAD_DEPARTMENT_ONLY  # co-departments act through complete_task only
    ENGINE.permit(workflow, transition, roles_of(actor, case))
    ENGINE.check_guards(transition, case, command, actor, now)
    command, details = _signed(transition, case, command, actor)
    before = {"status": case.status, "row_version": case.row_version}
    loaded = _COLUMNS.values(case)
    connection = connections[router.db_for_write(Case, instance=case)]
    with (fastpath.batched if batched else fastpath.orm_writes)(connection) as writes:
        ENGINE.apply_effects(transition, case, command, actor, now, writes, details)
        case.status, case.row_version, case.updated_at = transition.target, case.row_version + 1, now
        writes.insert(audit.next_entry(
            actor=actor, action=f"case.{command.action}", target=case, now=now, before=before,
            after={"status": case.status, "row_version": case.row_version, "reason": command.reason,
                   "legal_basis": command.legal_basis, "materials": list(command.materials),
                   "due_date": case.due_date.isoformat() if case.due_date else None, **details}))
        written = writes.save_if(case, _COLUMNS.changed(loaded, case),
                                 where={"id": case.pk, "audit_sequence": loaded[_SEQUENCE]})
    return case if written else None
