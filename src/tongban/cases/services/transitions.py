"""办件流转 — one generic engine runs every item's workflow; effects are implemented once here."""

import operator
import weakref
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import connections, models, router, transaction
from django.db.models.base import ModelState
from django.db.models.signals import post_init, post_save, pre_init, pre_save
from django.utils import timezone

from tongban import workdays
from tongban.accounts.constants import DEPARTMENT_ROLES, Role
from tongban.audit import services as audit
from tongban.core.prepared import execute_prepared
from tongban.events.services import outbox_event

from .. import errors
from ..constants import NoticeKind, PauseKind, TaskStatus
from ..deadlines import due_date_of
from ..models import Case, CasePause, CaseTask
from ..scopes import can_act_on, is_applicant_side
from ..workflow import Transition
from .notices import issue_notice
from .published import attach_reference_data, co_department_ids
from .writes import Writes

REFUSALS = {"reject", "deny"}


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


def local_today(now: datetime) -> date:
    return timezone.localtime(now).date()


def roles_of(actor, case: Case) -> set[str]:
    roles = {"system"} if actor is None else {actor.role}
    if actor is not None and is_applicant_side(actor, case):
        roles.add("applicant")
    return roles


def _check_guards(transition: Transition, case: Case, command: Command) -> None:
    if "reason_given" in transition.guards and not command.reason.strip():
        raise errors.guard_failed("reason_required", f"“{transition.label}”须写明理由。", "reason")
    if "legal_basis_given" in transition.guards and not command.legal_basis.strip():
        raise errors.guard_failed("legal_basis_required", f"“{transition.label}”须写明法律依据。", "legal_basis")
    if "materials_listed" in transition.guards and not any(m.strip() for m in command.materials):
        raise errors.guard_failed("materials_required", "补正须一次性列明全部需补正的材料。", "materials")
    if "all_tasks_done" in transition.guards and _co_departments(case):
        pending = case.tasks.filter(is_lead=False, status=TaskStatus.PENDING).select_related("department")
        if pending:
            names = "、".join(task.department.name for task in pending)
            raise errors.guard_failed("parallel_tasks_pending", f"并联审批未完成：{names} 尚未出具意见。")


def _co_departments(case: Case) -> list[int]:
    """Departments other than the lead's that take part (并联审批). Their tasks are opened by
    `open_tasks` from this list alone, and a published version never changes: without any,
    a case has no co-department task to wait for and the guard needs no query."""
    return [d for d in co_department_ids(case.item_version) if d != case.department_id]


def _last_day_of(start: date, duration: int, unit: str) -> date:
    """The last day a special procedure of `duration` days starting on `start` may exclude
    (pauses exclude both ends, so the start day itself is the first of them)."""
    if unit == "working":
        first_day_counts = workdays.is_working_day(start)
        return workdays.add_working_days(start, duration - 1 if first_day_counts else duration)
    return workdays.add_calendar_days(start, duration - 1)


def pauses_of(case: Case) -> list[tuple[date, date | None]]:
    """Pause intervals for the deadline; a special procedure counts at most its maximum."""
    intervals = []
    for pause in case.pauses.all():
        end = pause.ended_on
        if pause.kind == PauseKind.SPECIAL and pause.max_duration:
            cap = _last_day_of(pause.started_on, pause.max_duration, pause.unit)
            end = cap if end is None or end > cap else end
        intervals.append((pause.started_on, end))
    return intervals


def recompute_due_date(case: Case) -> None:
    if case.accepted_on is None:
        return
    version = case.item_version
    due, provisional = due_date_of(accepted_on=case.accepted_on, limit=version.promised_limit,
                                   unit=version.promised_unit, immediate=version.case_kind == "immediate",
                                   pauses=[p for p in pauses_of(case) if p[0] > case.accepted_on])
    if due is not None:  # while a pause is open the last known date stays, flagged by is_paused
        case.due_date, case.due_date_provisional = due, provisional


def _start_pause(case: Case, kind: str, command: Command, today: date) -> None:
    procedure = None
    if kind == PauseKind.SPECIAL:
        procedure = case.item_version.specialprocedures.filter(kind=command.procedure).first()
        if procedure is None:
            raise errors.guard_failed("unknown_procedure", "该事项未列明此特别程序，不能启动。", "procedure")
    CasePause.objects.create(
        case=case, kind=kind, started_on=today, reason=command.reason or "、".join(command.materials),
        procedure=procedure.kind if procedure else "", max_duration=procedure.max_duration if procedure else None,
        unit=procedure.unit if procedure else "",
    )
    case.is_paused = True


def _notice(case: Case, effect: str, command: Command, now: datetime, writes: Writes) -> None:
    kind = {
        "notice_acceptance": NoticeKind.ACCEPTANCE, "notice_correction": NoticeKind.CORRECTION,
        "notice_rejection": NoticeKind.REJECTION,
        "notice_decision": NoticeKind.APPROVAL if case.decision == "approved" else NoticeKind.DENIAL,
    }[effect]
    body = {"reason": command.reason, "legal_basis": command.legal_basis,
            "materials": list(command.materials), "due_date": case.due_date.isoformat() if case.due_date else None}
    issue_notice(case, kind, body=body, now=now, writes=writes)


def _apply(effect: str, case: Case, command: Command, actor, now: datetime, writes: Writes) -> None:
    """One effect. Rows nothing reads back within the transition go to `writes`; pauses, which
    resume_clock reads back, are written at once."""
    if effect == "start_clock":
        case.accepted_on = today = local_today(now)  # no pause can lie after today yet: nothing to read
        version = case.item_version
        case.due_date, case.due_date_provisional = due_date_of(
            accepted_on=today, limit=version.promised_limit, unit=version.promised_unit,
            immediate=version.case_kind == "immediate")
        if case.intake_clerk_id is None and actor is not None and actor.role == Role.INTAKE_CLERK:
            case.intake_clerk = actor
    elif effect == "pause_correction":
        _start_pause(case, PauseKind.CORRECTION, command, local_today(now))
    elif effect == "pause_special":
        _start_pause(case, PauseKind.SPECIAL, command, local_today(now))
    elif effect == "resume_clock":
        case.pauses.filter(ended_on__isnull=True).update(ended_on=local_today(now))
        case.is_paused = False
        recompute_due_date(case)
    elif effect == "open_tasks":
        for department_id in [case.department_id, *_co_departments(case)]:
            writes.insert(CaseTask(case=case, department_id=department_id,
                                   is_lead=department_id == case.department_id))
    elif effect in ("decide_approved", "decide_denied", "not_accepted"):
        case.decision = {"decide_approved": "approved", "decide_denied": "denied", "not_accepted": "not_accepted"}[effect]
        case.decided_at, case.decision_reason, case.legal_basis = now, command.reason, command.legal_basis
        _finish_lead_task(writes, case, TaskStatus.APPROVED if effect == "decide_approved" else TaskStatus.DENIED,
                          actor, now)
    elif effect == "issue_result":
        case.result_ready_at, case.delivery = now, command.delivery or "window"
    elif effect == "record_pickup":
        case.picked_up_at = now
    elif effect == "close":
        case.completed_at = now
    elif effect.startswith("notice_"):
        _notice(case, effect, command, now, writes)
    elif effect == "emit_decided":
        version = case.item_version
        writes.insert(outbox_event("case.decided", stream=audit.stream_of(case), now=now, payload={
            "case_number": case.number, "item_code": case.item.implementation_code,
            "item_version": version.number, "decision": case.decision, "department": case.department.code,
            "applicant_kind": case.applicant_kind, "applicant_code": case.applicant_id_number,
            "applicant_name": case.applicant_name,
            "result_license_type": version.result_license_type.code if version.result_license_type_id else "",
        }))


@transaction.atomic
def transition_case(*, actor, case_number: str, command: Command, now: datetime) -> Case:
    """Take one step of the case's workflow, or refuse with the reason; all or nothing."""
    case = _lock_case(case_number)
    if case is None:
        raise errors.CASE_NOT_FOUND
    attach_reference_data(case)
    if actor is not None and not can_act_on(actor, case):
        raise errors.CASE_NOT_FOUND
    workflow = case.workflow.workflow
    state_label = workflow.label_of(case.status)
    if command.expected_version is not None and command.expected_version != case.row_version:
        raise errors.stale_version(case.row_version, state_label)
    transition = workflow.find(case.status, command.action)
    if transition is None:
        raise errors.unknown_action(command.action, state_label)
    if actor is not None and actor.role in DEPARTMENT_ROLES and case.department_id != actor.department_id:
        raise errors.LEAD_DEPARTMENT_ONLY  # co-departments act through complete_task only
    roles = roles_of(actor, case)
    if not transition.roles & roles:
        if command.action in REFUSALS and Role.INTAKE_CLERK in roles:
            raise errors.WINDOW_CANNOT_REFUSE
        raise errors.role_not_allowed(transition.label)
    _check_guards(transition, case, command)
    before = {"status": case.status, "row_version": case.row_version}
    loaded = _column_values(case)
    writes = Writes(connections[router.db_for_write(Case, instance=case)])
    for effect in transition.effects:
        _apply(effect, case, command, actor, now, writes)
    case.status, case.row_version, case.updated_at = transition.target, case.row_version + 1, now
    writes.insert(audit.next_entry(
        actor=actor, action=f"case.{command.action}", target=case, now=now, before=before,
        after={"status": case.status, "row_version": case.row_version, "reason": command.reason,
               "legal_basis": command.legal_basis, "materials": list(command.materials),
               "due_date": case.due_date.isoformat() if case.due_date else None}))
    # one UPDATE of the changed columns: the new state and the audit chain head together,
    # sent with the notice, tasks, event and audit entry in one round trip
    _save_changed(case, [name for name, old, new in zip(_COLUMNS, loaded, _column_values(case)) if old != new], writes)
    return case


_COLUMNS = tuple(field.attname for field in Case._meta.concrete_fields if not field.primary_key)
_column_values = operator.attrgetter(*_COLUMNS)  # the values of _COLUMNS, as a tuple


# The hot path of every transition runs the same two statements; building them through the
# ORM each time (select list of ~35 columns, ordering, lookups) cost more CPU than PostgreSQL
# spends executing them. The lock statement is therefore compiled by the ORM once per database
# connection and reused, and the UPDATE of the changed columns is written from the fields'
# own get_db_prep_save, as Django's update compiler does. Same SQL, same values.

_LOCK_PROBE = "\x00tongban-lock-probe\x00"
_lock_statements: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _compile_lock(connection, alias: str):
    """What `Case.objects.select_for_update().filter(number=…).first()` runs, compiled once."""
    query = Case.objects.using(alias).select_for_update().filter(number=_LOCK_PROBE).order_by("pk")[:1].query
    compiler = query.get_compiler(using=alias)
    sql, params = compiler.as_sql()
    if list(params) != [_LOCK_PROBE]:  # pragma: no cover - a lookup the compiler rewrote
        return None
    select = [column for column, _sql, _alias in compiler.select]
    names = [select[index].target.attname for index in compiler.klass_info["select_fields"]]
    if names != [f.attname for f in Case._meta.concrete_fields]:  # pragma: no cover - defensive
        return None
    converters = [(index, converters, expression)
                  for index, (converters, expression) in compiler.get_converters(select).items()]
    return sql, names, converters


def _lock_case(case_number: str) -> Case | None:
    """The case row, locked FOR UPDATE until the transaction ends (no joins: see published.py)."""
    alias = router.db_for_write(Case)
    connection = connections[alias]
    if connection.get_autocommit():  # the ORM refuses FOR UPDATE outside a transaction: so do we
        return Case.objects.select_for_update().filter(number=case_number).first()
    statement = _lock_statements.get(connection)
    if statement is None:
        statement = _lock_statements[connection] = _compile_lock(connection, alias) or ()
    if not statement:  # pragma: no cover
        return Case.objects.select_for_update().filter(number=case_number).first()
    sql, names, converters = statement
    if connection.vendor == "postgresql":
        row = execute_prepared(connection, sql, [case_number]).fetchone()
    else:
        with connection.cursor() as cursor:
            cursor.execute(sql, [case_number])
            row = cursor.fetchone()
    if row is None:
        return None
    if converters:
        row = list(row)
        for index, functions, expression in converters:
            value = row[index]
            for function in functions:
                value = function(value, expression, connection)
            row[index] = value
    return _case_from_row(alias, names, row)


def _case_from_row(alias: str, names: list[str], row) -> Case:
    """`Case.from_db(alias, names, row)` for a full row: what Model.__init__ does with positional
    values, when nothing can tell the difference (no pre_init/post_init receiver, no __init__ of
    Case's own), is to store each value under its attname — a fresh instance has no related
    object cached for a foreign key's descriptor to clear."""
    if Case.__init__ is not models.Model.__init__ or pre_init.has_listeners(Case) or post_init.has_listeners(Case):
        return Case.from_db(alias, names, row)  # pragma: no cover
    case = Case.__new__(Case)
    case._state = ModelState()
    case._state.adding, case._state.db = False, alias
    case.__dict__.update(zip(names, row))
    return case


def _save_changed(case: Case, names: list[str], writes: Writes) -> None:
    """`case.save(update_fields=names)` without building the UPDATE through the ORM each time,
    sent with the transition's other writes.

    Model signals are honoured: with any pre_save/post_save receiver for Case, save() runs."""
    if not names or pre_save.has_listeners(Case) or post_save.has_listeners(Case):
        writes.flush()
        if names:
            case.save(update_fields=names)
        return
    connection = writes.connection
    sql, fields, relations = _update_statement(connection, tuple(names))
    # as save() does, for the changed relations only: the check does nothing for other fields,
    # and given all of them Django compares each of ~35 fields with every name (~200 __eq__)
    if relations:
        case._prepare_related_fields_for_save(operation_name="save", fields=relations)
    values = [model_field.get_db_prep_save(model_field.pre_save(case, False), connection=connection)
              for model_field in fields]
    if sql is None:  # pragma: no cover - a field with its own placeholder (none of Case's has one)
        sql = _update_sql(connection, fields, values)
    writes.add(sql, [*values, Case._meta.pk.get_db_prep_value(case.pk, connection)])
    writes.flush(expect_one_row=True)


# connection -> {changed column names: (UPDATE sql, fields, relation fields)}: a workflow has a
# handful of transitions, each changing the same columns every time, so this stays small.
_update_statements: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _update_statement(connection, names: tuple[str, ...]) -> tuple[str | None, list, list]:
    statements = _update_statements.setdefault(connection, {})
    statement = statements.get(names)
    if statement is None:
        fields = [Case._meta.get_field(name) for name in names]
        fixed = not any(hasattr(model_field, "get_placeholder") for model_field in fields)
        sql = _update_sql(connection, fields, [None] * len(fields)) if fixed else None
        statement = statements[names] = (sql, fields, [f for f in fields if f.is_relation])
    return statement


def _update_sql(connection, fields: list, values: list) -> str:
    quote = connection.ops.quote_name
    assignments = []
    for model_field, value in zip(fields, values, strict=True):
        placeholder = (model_field.get_placeholder(value, None, connection)
                       if hasattr(model_field, "get_placeholder") else "%s")
        assignments.append(f"{quote(model_field.column)} = {placeholder}")
    table, pk = quote(Case._meta.db_table), quote(Case._meta.pk.column)
    return f"UPDATE {table} SET {', '.join(assignments)} WHERE {table}.{pk} = %s"


def _finish_lead_task(writes: Writes, case: Case, status: str, actor, now: datetime) -> None:
    """What `case.tasks.filter(is_lead=True, status=PENDING).update(status=…, finished_by=actor,
    finished_at=now)` runs (none or one row: a case has at most one lead task)."""
    connection, meta = writes.connection, CaseTask._meta
    quote = connection.ops.quote_name
    table = quote(meta.db_table)

    def column(name: str) -> str:
        return quote(meta.get_field(name).column)

    sql = (f"UPDATE {table} SET {column('status')} = %s, {column('finished_by')} = %s, {column('finished_at')} = %s "
           f"WHERE {table}.{column('case')} = %s AND {table}.{column('is_lead')} = %s "
           f"AND {table}.{column('status')} = %s")
    writes.add(sql, [status, actor.pk if actor is not None else None,
                     meta.get_field("finished_at").get_db_prep_save(now, connection),
                     case.pk, meta.get_field("is_lead").get_db_prep_save(True, connection), TaskStatus.PENDING])
