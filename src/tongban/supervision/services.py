"""监管 services: plans and the verifiable draw, results, 审管联动, 监管线索.

Plain functions `(…, *, actor, now)`, one transaction each; every state change audited.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Q

from tongban import workdays
from tongban.accounts.constants import Role
from tongban.accounts.models import Department, Enterprise, User
from tongban.audit import services as audit
from tongban.core.clock import local_date
from tongban.core.workflow import Engine, Workflow
from tongban.credit.records import classes_for_pool
from tongban.events.services import consume, emit
from tongban.rules import rule_value
from tongban.rules.registry import get_rule

from . import draw as drawing
from . import errors
from . import events as names
from .models import (
    BoundaryEntry,
    CheckItem,
    Clue,
    Finding,
    Inspection,
    InspectorLink,
    InspectorProfile,
    LenientEntry,
    LenientKind,
    Outcome,
    Plan,
    SubjectProfile,
    SupervisionTask,
    TaskKind,
)
from .workflow import CLUE_WORKFLOW, INSPECTION_WORKFLOW, PLAN_WORKFLOW, TASK_WORKFLOW, VOCABULARY

DEFAULT_BOUNDARY = "*"  # the 边界清单 row naming the department for items the list leaves unclear
UNRATED = "U"
SHARE_RULE = get_rule("supervision.draw_share_percent")


def _due(start: date, days: int) -> date:
    return workdays.provisional_add_working_days(start, days)[0]


# Commands ------------------------------------------------------------------------------------

@dataclass
class Step:
    action: str
    sources: str = ""  # announce: the public values to be used, one per line
    values: list[str] = field(default_factory=list)  # draw: the announced values, once known
    findings: list[tuple[str, str, str]] = field(default_factory=list)  # (check item code, outcome, note)
    note: str = ""
    department_code: str = ""
    kept: bool | None = None  # 告知承诺 核查 feedback


# Guards --------------------------------------------------------------------------------------

def _sources_given(transition, plan, command, actor, now) -> None:
    if len([line for line in command.sources.splitlines() if line.strip()]) == 0:
        raise errors.invalid("sources_required", "请写明抽取时将使用的公开随机数来源（每行一项）。", "sources")


def _values_given(transition, plan, command, actor, now) -> None:
    announced = [line for line in plan.seed_sources.splitlines() if line.strip()]
    values = [value for value in command.values if value.strip()]
    if len(values) != len(announced):
        raise errors.invalid("values_mismatch", f"公布了 {len(announced)} 项种子来源，应逐项填写其取值"
                             f"（收到 {len(values)} 项）。", "values")
    if plan.seed_announced_at is None or now <= plan.seed_announced_at:
        raise errors.invalid("seed_not_announced", "随机种子来源须在抽取前公布。", "values")


def _findings_given(transition, inspection, command, actor, now) -> None:
    wanted = set(inspection.plan.check_items.values_list("code", flat=True)) if inspection.plan_id else set()
    given = {code for code, _, _ in command.findings}
    if not command.findings or (wanted and given != wanted):
        missing = "、".join(sorted(wanted - given))
        raise errors.invalid("findings_required", f"请逐项录入检查结果（缺：{missing or '检查事项'}）。", "findings")
    for _, outcome, _ in command.findings:
        if outcome not in Outcome.values:
            raise errors.invalid("bad_outcome", f"检查结果“{outcome}”无效。", "findings")
    if command.action == "order_rectification" and not any(o == Outcome.DEFECT for _, o, _ in command.findings):
        raise errors.invalid("no_defect", "责令整改须至少有一项“发现问题，责令整改”。", "findings")


def _note_given(transition, subject, command, actor, now) -> None:
    if not command.note.strip():
        raise errors.invalid("note_required", "请写明处置或反馈情况。", "note")


def _department_chosen(transition, subject, command, actor, now) -> None:
    if not Department.objects.filter(code=command.department_code[:32]).exists():
        raise errors.invalid("department_required", "请选择推送的监管部门。", "department_code")


# Effects -------------------------------------------------------------------------------------

def _announce_seed(plan: Plan, command: Step, actor, now, context) -> dict:
    plan.seed_sources = "\n".join(line.strip() for line in command.sources.splitlines() if line.strip())
    plan.seed_announced_at = now
    return {"seed_sources": plan.seed_sources}


def build_pool(plan: Plan, *, on: date) -> drawing.Pool:
    """The plan's two pools (名录库) as they are on `on`, with conflicts and previous inspectors."""
    departments = [plan.department_id, *plan.joint_departments.values_list("id", flat=True)]
    profiles = (SubjectProfile.objects.filter(Q(departments__in=departments) | Q(departments__isnull=True))
                .distinct().values_list("enterprise__uscc", "risk_class", "enterprise__region__code"))
    rows = list(profiles)
    classes = classes_for_pool([uscc for uscc, _, _ in rows], on=on)
    subjects = tuple(drawing.Subject(uscc, classes.get(uscc, UNRATED), risk, region or "")
                     for uscc, risk, region in rows)
    inspector_rows = (InspectorProfile.objects.filter(active=True, user__is_active=True, user__role=Role.INSPECTOR,
                                                      user__department_id__in=departments)
                      .values_list("id", "user__username"))
    usernames = dict(inspector_rows)
    regions: dict[int, list[str]] = {pk: [] for pk in usernames}
    for pk, code in InspectorProfile.regions.through.objects.filter(
            inspectorprofile_id__in=usernames).values_list("inspectorprofile_id", "region__code"):
        regions[pk].append(code)
    inspectors = tuple(drawing.Inspector(usernames[pk], tuple(sorted(regions[pk]))) for pk in usernames)
    links = frozenset(InspectorLink.objects.filter(inspector_id__in=usernames)
                      .values_list("inspector__user__username", "enterprise__uscc"))
    previous: dict[str, tuple[str, ...]] = {}
    earlier = (Inspection.objects.filter(plan__department_id=plan.department_id, plan__drawn_at__isnull=False)
               .exclude(plan=plan).order_by("subject_key", "-plan__drawn_at", "-id")
               .values_list("subject_key", "inspector_keys"))
    for key, keys in earlier:
        previous.setdefault(key, tuple(keys))  # the latest drawn plan's inspectors of that subject
    return drawing.Pool(subjects, inspectors, links, previous)


def shares_of(plan: Plan, *, on: date) -> dict:
    shares = dict(rule_value("supervision.draw_share_percent", on=on, department=plan.department))
    shares.update(plan.shares or {})
    return shares


def per_subject_of(plan: Plan, *, on: date) -> int:
    return max(plan.per_subject, rule_value("supervision.inspectors_per_subject", on=on, department=plan.department))


def _run_draw(plan: Plan, command: Step, actor, now, context) -> dict:
    today = local_date(now)
    pool = build_pool(plan, on=today)
    plan.seed_values = [value.strip() for value in command.values if value.strip()]
    plan.seed = drawing.seed_from_sources(plan.seed_values)
    plan.algorithm = drawing.ALGORITHM
    shares = {key: str(value) for key, value in shares_of(plan, on=today).items()}
    per_subject = per_subject_of(plan, on=today)
    plan.shares, plan.per_subject = shares, per_subject  # the ratios used, published with the draw
    result = drawing.draw(seed=plan.seed, plan=plan.code, pool=pool, shares=_decimal(shares), per_subject=per_subject)
    if result.short:
        raise errors.invalid("pool_too_small", f"执法检查人员不足：{len(result.short)} 户检查对象无法在回避后"
                             f"配齐 {per_subject} 名检查人员，请补充人员名录库后再抽取。", "values")
    plan.pool_snapshot = pool.snapshot()
    plan.pool_digest = drawing.digest(plan.pool_snapshot)
    plan.result_digest = result.digest
    plan.drawn_at = now
    plan.publish_due = _due(today, rule_value("supervision.publish_working_days", on=today,
                                              department=plan.department))
    enterprises = dict(Enterprise.objects.filter(uscc__in=[key for key, _ in result.assignments])
                       .values_list("uscc", "id"))
    users = dict(User.objects.filter(username__in={k for _, keys in result.assignments for k in keys})
                 .values_list("username", "id"))
    strata = {s.key: drawing.stratum(s) for s in pool.subjects}
    inspections = Inspection.objects.bulk_create([
        Inspection(plan=plan, enterprise_id=enterprises[key], subject_key=key, stratum=strata[key], rank=rank,
                   inspector_keys=list(keys)) for rank, (key, keys) in enumerate(result.assignments, start=1)])
    through = Inspection.inspectors.through
    through.objects.bulk_create([through(inspection_id=inspection.id, user_id=users[k])
                                 for inspection, (_, keys) in zip(inspections, result.assignments, strict=True)
                                 for k in keys])
    return {"seed": plan.seed, "pool_digest": plan.pool_digest, "result_digest": plan.result_digest,
            "drawn": len(result.assignments), "pool": len(pool.subjects), "inspectors": len(pool.inspectors)}


def _decimal(shares: dict) -> dict:
    return {key: Decimal(str(value)) for key, value in shares.items()}


def _publish(plan: Plan, command: Step, actor, now, context) -> dict:
    plan.published_at = now
    emit(names.TOPIC_PLAN_PUBLISHED, stream=audit.stream_of(plan), now=now,
         payload={"plan": plan.code, "department": plan.department.code})
    return {"on_time": local_date(now) <= plan.publish_due if plan.publish_due else None}


def _record_findings(inspection: Inspection, command: Step, actor, now, context) -> dict:
    items = {item.code: item for item in CheckItem.objects.filter(code__in=[c for c, _, _ in command.findings])}
    rows = []
    for code, outcome, note in command.findings:
        item = items.get(code)
        if item is None:
            raise errors.invalid("unknown_item", f"抽查事项“{code[:40]}”不存在。", "findings")
        lenient = None
        if outcome in (Outcome.NO_PENALTY, Outcome.LIGHT_PENALTY):
            kind = LenientKind.NO_PENALTY if outcome == Outcome.NO_PENALTY else LenientKind.LIGHT
            lenient = (LenientEntry.objects.filter(kind=kind, department_id=item.department_id)
                       .filter(Q(check_item=item) | Q(check_item__isnull=True)).order_by("check_item_id").first())
            if lenient is None:
                raise errors.invalid("not_on_lenient_list", f"“{item.name}”不在本部门{LenientKind(kind).label}"
                                     "清单内，不能适用包容审慎监管。", "findings")
        rows.append(Finding(inspection=inspection, check_item=item, outcome=outcome, note=note.strip()[:2000],
                            lenient_entry=lenient, recorded_at=now))
    Finding.objects.bulk_create(rows)
    inspection.inspected_at = now
    return {"findings": [[code, outcome] for code, outcome, _ in command.findings]}


def _order_rectification(inspection: Inspection, command: Step, actor, now, context) -> dict:
    today = local_date(now)
    department = inspection.plan.department if inspection.plan_id else None
    inspection.rectification_due = _due(today, rule_value("supervision.rectification_working_days", on=today,
                                                          department=department))
    return {"rectification_due": inspection.rectification_due.isoformat()}


def _close(subject, command: Step, actor, now, context) -> None:
    if isinstance(subject, SupervisionTask):
        subject.fed_back_at = now


def _receive(task, command: Step, actor, now, context) -> dict:
    task.received_at = now
    today = local_date(now)
    task.handle_due = _due(today, rule_value("supervision.task_handle_working_days", on=today,
                                             department=task.department))
    return {"on_time": today <= task.receive_due, "handle_due": task.handle_due.isoformat()}


def _record_handling(subject, command: Step, actor, now, context) -> None:
    subject.handling = command.note.strip()[:4000]


def _record_feedback(subject, command: Step, actor, now, context) -> dict:
    subject.feedback = command.note.strip()[:4000]
    if isinstance(subject, SupervisionTask) and subject.kind == TaskKind.COMMITMENT:
        if command.kept is None:
            raise errors.invalid("kept_required", "告知承诺核查须写明承诺是否属实。", "kept")
        subject.commitment_kept = command.kept
        _commitment_checked(subject, command, actor, now)
        return {"commitment_kept": command.kept}
    return {}


def _push(clue: Clue, command: Step, actor, now, context) -> dict:
    clue.department = Department.objects.get(code=command.department_code[:32])
    today = local_date(now)
    clue.due = _due(today, rule_value("supervision.clue_working_days", on=today, department=clue.department))
    return {"department": clue.department.code, "due": clue.due.isoformat()}


ENGINE = Engine(
    VOCABULARY,
    guards={"sources_given": _sources_given, "values_given": _values_given, "findings_given": _findings_given,
            "note_given": _note_given, "department_chosen": _department_chosen},
    effects={"announce_seed": _announce_seed, "run_draw": _run_draw, "publish": _publish,
             "record_findings": _record_findings, "order_rectification": _order_rectification, "close": _close,
             "receive": _receive, "record_handling": _record_handling, "record_feedback": _record_feedback,
             "push": _push},
    unknown_action=errors.unknown_action,
    refused=lambda workflow, transition, roles: errors.role_not_allowed(transition.label),
)


def _step(workflow: Workflow, subject, command: Step, *, actor, now: datetime, action_name: str,
          roles: set[str]) -> dict:
    label = workflow.label_of(subject.status)
    transition = ENGINE.find(workflow, subject.status, command.action, state_label=label)
    ENGINE.permit(workflow, transition, roles)
    ENGINE.check_guards(transition, subject, command, actor, now)
    before = {"status": subject.status}
    details = ENGINE.apply_effects(transition, subject, command, actor, now, None, {})
    subject.status = transition.target
    subject.save()
    audit.record(actor=actor, action=action_name.format(action=command.action), target=subject, now=now,
                 before=before, after={"status": subject.status, **details})
    return details


# Scopes --------------------------------------------------------------------------------------

def plans_for(actor):
    """Plans an actor sees: the department's (lead or joint) for department staff; all for the
    centre, leaders and admins."""
    plans = Plan.objects.select_related("department")
    if actor.role in (Role.ADMIN, Role.SUPERVISOR, Role.LEADER):
        return plans
    if actor.role in (Role.INSPECTOR, Role.DEPARTMENT_HEAD, Role.REVIEWER) and actor.department_id:
        return plans.filter(Q(department_id=actor.department_id)
                            | Q(joint_departments=actor.department_id)).distinct()
    return plans.none()


def public_plans():
    return Plan.objects.filter(status__in=PLAN_WORKFLOW.states_tagged("public")).select_related("department")


def tasks_for(actor):
    tasks = SupervisionTask.objects.select_related("department")
    if actor.role in (Role.ADMIN, Role.SUPERVISOR, Role.LEADER):
        return tasks
    if actor.role in (Role.INSPECTOR, Role.DEPARTMENT_HEAD, Role.REVIEWER) and actor.department_id:
        return tasks.filter(department_id=actor.department_id)
    return tasks.none()


def clues_for(actor):
    clues = Clue.objects.select_related("department", "enterprise")
    if actor.role in (Role.ADMIN, Role.SUPERVISOR, Role.LEADER):
        return clues
    if actor.role in (Role.INSPECTOR, Role.DEPARTMENT_HEAD, Role.REVIEWER) and actor.department_id:
        return clues.filter(department_id=actor.department_id)
    return clues.none()


def _plan_roles(actor, plan: Plan) -> set[str]:
    if actor.role == Role.DEPARTMENT_HEAD and actor.department_id != plan.department_id:
        return set()  # a joint department's head takes part but does not run the plan
    return {actor.role}


# Plans ---------------------------------------------------------------------------------------

@dataclass
class PlanInput:
    code: str
    name: str
    department_code: str
    period_start: date
    period_end: date
    check_item_codes: list[str]
    joint_department_codes: list[str] = field(default_factory=list)
    shares: dict = field(default_factory=dict)


@transaction.atomic
def create_plan(data: PlanInput, *, actor, now: datetime) -> Plan:
    """抽查计划 (one department, or joint: one visit for several departments)."""
    department = Department.objects.filter(code=data.department_code[:32]).first()
    if department is None:
        raise errors.invalid("department_required", "请选择牵头部门。", "department_code")
    if actor.role not in (Role.ADMIN, Role.SUPERVISOR) and actor.department_id != department.pk:
        raise errors.role_not_allowed("制定抽查计划")
    if data.period_end < data.period_start:
        raise errors.invalid("period_order", "检查期止不能早于检查期起。", "period_end")
    joint = list(Department.objects.filter(code__in=[c[:32] for c in data.joint_department_codes])
                 .exclude(pk=department.pk))
    items = list(CheckItem.objects.filter(code__in=[c[:40] for c in data.check_item_codes],
                                          department__in=[department, *joint]))
    if not items or len(items) != len(set(data.check_item_codes)):
        raise errors.invalid("check_items_required", "请从牵头或联合部门的抽查事项清单中选择抽查事项。", "check_items")
    for key, value in (data.shares or {}).items():
        if key not in dict(rule_value("supervision.draw_share_percent", on=local_date(now))):
            raise errors.invalid("bad_stratum", f"抽取比例的分层“{str(key)[:20]}”无效。", "shares")
        try:
            number = Decimal(str(value))
        except ArithmeticError:
            number = None
        if number is None or not SHARE_RULE.min <= number <= SHARE_RULE.max:
            raise errors.invalid("bad_share", "抽取比例应在 0 至 100 之间。", "shares")
    if Plan.objects.filter(code=data.code[:40]).exists():
        raise errors.invalid("code_taken", "计划编号已存在。", "code")
    plan = Plan.objects.create(code=data.code[:40], name=data.name[:200], department=department,
                               period_start=data.period_start, period_end=data.period_end,
                               shares={k: str(v) for k, v in (data.shares or {}).items()},
                               per_subject=rule_value("supervision.inspectors_per_subject", on=local_date(now),
                                                      department=department),
                               created_by=actor, created_at=now, status=PLAN_WORKFLOW.initial)
    plan.joint_departments.set(joint)
    plan.check_items.set(items)
    audit.record(actor=actor, action=names.PLAN_CREATED, target=plan, now=now,
                 after={"code": plan.code, "department": department.code, "joint": [d.code for d in joint],
                        "check_items": sorted(item.code for item in items), "shares": plan.shares})
    return plan


@transaction.atomic
def step_plan(*, plan_code: str, command: Step, actor, now: datetime) -> Plan:
    """公布种子来源 → 抽取 → 公开 → 办结 (see workflow.PLAN_FLOW)."""
    plan = (Plan.objects.select_for_update(of=("self",)).select_related("department")
            .filter(pk__in=plans_for(actor).values("pk"), code=plan_code[:40]).first())
    if plan is None:
        raise errors.PLAN_NOT_FOUND
    _step(PLAN_WORKFLOW, plan, command, actor=actor, now=now, action_name=names.PLAN_STEP,
          roles=_plan_roles(actor, plan))
    return plan


@dataclass(frozen=True)
class Verification:
    plan: str
    seed_ok: bool
    pool_ok: bool
    result_ok: bool
    rows_ok: bool
    recomputed_digest: str

    @property
    def ok(self) -> bool:
        return self.seed_ok and self.pool_ok and self.result_ok and self.rows_ok


def verify_plan(plan: Plan) -> Verification:
    """Recompute the draw from the published seed values, pool snapshot and ratios, and compare it
    with the published digests and the stored inspections."""
    seed = drawing.seed_from_sources(plan.seed_values or [])
    snapshot = plan.pool_snapshot or {"subjects": [], "inspectors": [], "links": [], "previous": {}}
    result = drawing.draw(seed=seed, plan=plan.code, pool=drawing.Pool.from_snapshot(snapshot),
                          shares=_decimal(plan.shares or {}), per_subject=plan.per_subject)
    stored = [(key, tuple(keys)) for key, keys in
              plan.inspections.filter(outside_draw=False).order_by("rank").values_list("subject_key",
                                                                                       "inspector_keys")]
    return Verification(plan.code, seed == plan.seed, drawing.digest(snapshot) == plan.pool_digest,
                        result.digest == plan.result_digest, stored == list(result.assignments), result.digest)


# Inspections ---------------------------------------------------------------------------------

def inspections_for(actor):
    inspections = Inspection.objects.select_related("plan", "plan__department", "enterprise")
    if actor.role in (Role.ADMIN, Role.SUPERVISOR, Role.LEADER):
        return inspections
    if actor.role == Role.INSPECTOR:
        return inspections.filter(inspectors=actor)
    if actor.role == Role.DEPARTMENT_HEAD and actor.department_id:
        return inspections.filter(plan__department_id=actor.department_id)
    return inspections.none()


@transaction.atomic
def step_inspection(*, inspection_id: int, command: Step, actor, now: datetime) -> Inspection:
    """录入检查结果 / 责令整改 / 复查, one finding per check item of the plan."""
    inspection = (Inspection.objects.select_for_update(of=("self",)).select_related("plan", "plan__department")
                  .filter(pk__in=inspections_for(actor).values("pk"), pk=inspection_id).first())
    if inspection is None:
        raise errors.INSPECTION_NOT_FOUND
    _step(INSPECTION_WORKFLOW, inspection, command, actor=actor, now=now, action_name=names.INSPECTION_STEP,
          roles={actor.role})
    return inspection


# 审管联动 -------------------------------------------------------------------------------------

def supervising_department(item_code: str) -> tuple[Department | None, bool]:
    """Who supervises an item per the 边界清单; unclear items go to the named default row."""
    entry = BoundaryEntry.objects.select_related("supervising_department").filter(item_code=item_code).first()
    if entry is not None:
        return entry.supervising_department, False
    default = (BoundaryEntry.objects.select_related("supervising_department")
               .filter(item_code=DEFAULT_BOUNDARY).first())
    return (default.supervising_department if default else None), True


def push_decisions(*, now: datetime) -> int:
    """Job: every `case.decided` event becomes exactly one 审管联动 task (the event id is unique),
    and a decided case with a pending 告知承诺 also gets a 核查 task."""
    pushed = 0
    for event in consume(names.CONSUMER, [names.TOPIC_CASE_DECIDED], now=now):
        pushed += _push_event(event, now=now)
    return pushed


def _push_event(event, *, now: datetime) -> int:
    from tongban.cases.constants import CommitmentKind, CommitmentStatus  # the case side of 告知承诺
    from tongban.cases.models import Commitment

    payload = event.payload
    department, by_default = supervising_department(payload.get("item_code", ""))
    if department is None:
        department = Department.objects.filter(code=payload.get("department", "")).first()
    if department is None:
        return 0
    today = local_date(now)
    receive_due = _due(today, rule_value("supervision.task_receive_working_days", on=today, department=department))
    commitment = (Commitment.objects.filter(case__number=payload.get("case_number", ""),
                                            kind=CommitmentKind.NOTIFICATION, status=CommitmentStatus.PENDING)
                  .order_by("pk").first())
    kinds = [TaskKind.DECISION] + ([TaskKind.COMMITMENT] if commitment else [])
    created = 0
    for index, kind in enumerate(kinds):
        # one task per (event, kind): the commitment task's key is the negative event id
        source = event.id if index == 0 else -event.id
        try:
            with transaction.atomic():
                task = SupervisionTask.objects.create(
                    source_event=source, kind=kind, case_number=payload.get("case_number", ""),
                    item_code=payload.get("item_code", ""), decision=payload.get("decision", ""),
                    applicant_name=payload.get("applicant_name", ""), applicant_code=payload.get("applicant_code", ""),
                    approving_department=payload.get("department", ""), department=department,
                    by_default=by_default, pushed_at=now, receive_due=receive_due, status=TASK_WORKFLOW.initial)
                audit.record(actor=None, action=names.TASK_PUSHED, target=task, now=now,
                             after={"kind": kind, "case_number": task.case_number, "department": department.code,
                                    "by_default": by_default, "receive_due": receive_due.isoformat()})
        except IntegrityError:
            continue  # already pushed (the consumer ran twice): exactly once
        created += 1
    return created


@transaction.atomic
def step_task(*, task_id: int, command: Step, actor, now: datetime) -> SupervisionTask:
    task = tasks_for(actor).select_for_update(of=("self",)).filter(pk=task_id).first()
    if task is None:
        raise errors.TASK_NOT_FOUND
    _step(TASK_WORKFLOW, task, command, actor=actor, now=now, action_name=names.TASK_STEP, roles={actor.role})
    return task


def _commitment_checked(task: SupervisionTask, command: Step, actor, now: datetime) -> None:
    """The 核查 outcome flows back: the case's 告知承诺 is verified (broken → revoked and a 失信 record)."""
    from tongban.cases.constants import CommitmentKind, CommitmentStatus
    from tongban.cases.models import Commitment
    from tongban.cases.services.commitments import verify_commitment

    commitment = (Commitment.objects.filter(case__number=task.case_number, kind=CommitmentKind.NOTIFICATION,
                                            status=CommitmentStatus.PENDING).order_by("pk").first())
    if commitment is not None:
        verify_commitment(actor=actor, case_number=task.case_number, commitment_id=commitment.pk,
                          kept=bool(command.kept), note=command.note, now=now)
    emit(names.TOPIC_COMMITMENT_CHECKED, stream=audit.stream_of(task), now=now,
         payload={"case_number": task.case_number, "kept": bool(command.kept)})


def escalate_overdue_tasks(*, now: datetime) -> int:
    """Job: tasks not received, or not fed back, by their due day are escalated once (督办)."""
    today = local_date(now)
    overdue = SupervisionTask.objects.filter(escalated_at__isnull=True).filter(
        Q(status="pushed", receive_due__lt=today)
        | Q(status__in=["received", "handled"], handle_due__lt=today))
    escalated = 0
    for task in overdue.order_by("pk"):
        with transaction.atomic():
            if not SupervisionTask.objects.filter(pk=task.pk, escalated_at__isnull=True).update(escalated_at=now):
                continue
            audit.record(actor=None, action=names.TASK_ESCALATED, target=task, now=now,
                         after={"status": task.status, "department": task.department.code})
            emit(names.TOPIC_TASK_ESCALATED, stream=audit.stream_of(task), now=now,
                 payload={"task": task.pk, "case_number": task.case_number, "department": task.department.code})
        escalated += 1
    return escalated


# 互联网+监管 clues ------------------------------------------------------------------------------

@transaction.atomic
def receive_clue(*, source: str, source_ref: str, content: str, uscc: str = "", actor, now: datetime) -> Clue:
    """接收 a clue (12345 ticket, rating, inspection, outside report); one per source reference."""
    if not content.strip():
        raise errors.invalid("content_required", "请填写线索内容。", "content")
    existing = Clue.objects.filter(source=source, source_ref=source_ref[:64]).first() if source_ref else None
    if existing is not None:
        return existing
    enterprise = Enterprise.objects.filter(uscc=uscc.strip().upper()[:18]).first() if uscc else None
    clue = Clue.objects.create(source=source, source_ref=source_ref[:64], content=content.strip()[:4000],
                               enterprise=enterprise, received_at=now, status=CLUE_WORKFLOW.initial)
    audit.record(actor=actor, action=names.CLUE_RECEIVED, target=clue, now=now,
                 after={"source": source, "source_ref": clue.source_ref,
                        "enterprise": enterprise.uscc if enterprise else None})
    return clue


@transaction.atomic
def step_clue(*, clue_id: int, command: Step, actor, now: datetime) -> Clue:
    clues = Clue.objects.all() if actor.role in (Role.ADMIN, Role.SUPERVISOR, Role.DEPARTMENT_HEAD) \
        else clues_for(actor)
    clue = clues.select_for_update(of=("self",)).filter(pk=clue_id).first()
    if clue is None:
        raise errors.CLUE_NOT_FOUND
    _step(CLUE_WORKFLOW, clue, command, actor=actor, now=now, action_name=names.CLUE_STEP, roles={actor.role})
    return clue


@transaction.atomic
def inspect_from_clue(*, clue_id: int, inspector_usernames: list[str], actor, now: datetime) -> Inspection:
    """A clue starts an inspection outside the random draw (重点监管), with ≥ the rule's inspectors."""
    clue = clues_for(actor).select_for_update(of=("self",)).filter(pk=clue_id).first()
    if clue is None or clue.enterprise_id is None:
        raise errors.CLUE_NOT_FOUND
    inspectors = list(User.objects.filter(username__in=inspector_usernames, role=Role.INSPECTOR,
                                          department_id=clue.department_id))
    wanted = rule_value("supervision.inspectors_per_subject", on=local_date(now), department=clue.department)
    if len(inspectors) < wanted:
        raise errors.invalid("inspectors_required", f"至少需要 {wanted} 名本部门执法检查人员。", "inspectors")
    linked = set(InspectorLink.objects.filter(enterprise_id=clue.enterprise_id, inspector__user__in=inspectors)
                 .values_list("inspector__user__username", flat=True))
    if linked:
        raise errors.invalid("conflict", f"{'、'.join(sorted(linked))} 与该主体存在回避关系。", "inspectors")
    inspection = Inspection.objects.create(enterprise_id=clue.enterprise_id, subject_key=clue.enterprise.uscc,
                                           inspector_keys=sorted(u.username for u in inspectors), outside_draw=True,
                                           status=INSPECTION_WORKFLOW.initial)
    inspection.inspectors.set(inspectors)
    clue.inspection = inspection
    clue.save(update_fields=["inspection"])
    audit.record(actor=actor, action=names.INSPECTION_OUTSIDE_DRAW, target=inspection, now=now,
                 after={"clue": clue.pk, "inspectors": inspection.inspector_keys})
    return inspection
