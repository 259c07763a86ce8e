"""惠企政策 services: rules saved as versions, 精准匹配, applications and their review, payments
within the budget, 免申即享 runs. Plain functions `(…, *, actor, now)`, one transaction each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Sum

from tongban.accounts.constants import DEPARTMENT_ROLES, Role
from tongban.accounts.models import Enterprise, EnterpriseAgent
from tongban.audit import services as audit
from tongban.core.clock import local_date
from tongban.core.masking import mask_text
from tongban.core.workflow import Engine
from tongban.credit.models import CreditRating, CreditRecord, Severity
from tongban.events import services as events
from tongban.rules import rule_value
from tongban.workdays import add_working_days, provisional_add_working_days
from tongban.workdays.errors import CalendarNotPublished

from . import events as names
from . import rules_engine as engine
from .constants import ACCOUNT_DIGITS, MATCH_LIMIT, MAX_PROJECT, MAX_REASON
from .errors import PolicyConflict, PolicyError, PolicyNotFound, invalid_rules
from .models import Application, EnterpriseProfile, Payment, Policy, Program, ProgramVersion
from .workflow import APPLICATION_WORKFLOW, AUTO_WORKFLOW, BY_CODE, VOCABULARY

LIVE_STATES_EXCLUDED = ("rejected", "clawed_back", "withdrawn")


# ---- rules and profiles ----------------------------------------------------------------------

def save_rules(program: Program, rules, *, actor, now: datetime) -> Program:
    """保存规则 — validate the document and keep it as the program's next version."""
    try:
        document = engine.validate(rules)
    except engine.RuleError as error:
        raise invalid_rules(error.problems) from None
    with transaction.atomic():
        program = Program.objects.select_for_update().get(pk=program.pk)
        before = {"version": program.version}
        program.version += 1
        program.rules = document
        program.save(update_fields=["version", "rules"])
        ProgramVersion.objects.create(program=program, number=program.version, rules=document, created_at=now)
        audit.record(actor=actor, action=names.RULES_SAVED, target=program, now=now, before=before,
                     after={"version": program.version})
    return program


def profile_facts(enterprise: Enterprise, *, on: date) -> dict:
    """profile.* facts: the stored 企业画像 plus what the credit app holds today."""
    profile = EnterpriseProfile.objects.filter(enterprise=enterprise).first()
    facts = dict(profile.facts) if profile else {}
    facts["serious_dishonesty"] = CreditRecord.objects.filter(
        subject_code=enterprise.uscc, severity=Severity.SERIOUS, repaired_at__isnull=True).exists()
    rating = (CreditRating.objects.filter(subject_key=enterprise.uscc, valid_from__lte=on)
              .order_by("-valid_from").first())
    if rating is not None and (rating.valid_to is None or rating.valid_to >= on):
        facts["credit_class"] = rating.credit_class
    facts.setdefault("in_district", enterprise.region_id is not None)
    return facts


def save_profile(enterprise: Enterprise, facts: dict, *, actor, now: datetime) -> EnterpriseProfile:
    if not isinstance(facts, dict):
        raise PolicyError("policy.profile_not_object", "企业画像必须是对象。", field="facts")
    with transaction.atomic():
        profile, _created = EnterpriseProfile.objects.select_for_update().get_or_create(
            enterprise=enterprise, defaults={"facts": {}, "updated_at": now})
        before = dict(profile.facts)
        profile.facts, profile.updated_at = facts, now
        profile.save(update_fields=["facts", "updated_at"])
        audit.record(actor=actor, action=names.PROFILE_SAVED, target=profile, now=now, before=before, after=facts)
    return profile


# ---- estimates and 精准匹配 -------------------------------------------------------------------

def facts_for(program: Program, enterprise: Enterprise, declared: dict, *, on: date,
              review: dict | None = None) -> dict:
    return {"profile": profile_facts(enterprise, on=on), "declared": declared, "review": review or {}}


def estimate(program: Program, enterprise: Enterprise, raw: dict, *, on: date, review: dict | None = None):
    """(declared figures parsed, evaluation) for an enterprise under the program's current rules."""
    try:
        declared = engine.parse_declared(program.rules, raw)
    except engine.FactError as error:
        raise PolicyError("policy.bad_figure", error.message, field=error.name) from None
    return declared, engine.evaluate(program.rules, facts_for(program, enterprise, declared, on=on, review=review))


@dataclass
class Match:
    program: Program
    enterprise: Enterprise
    evaluation: engine.Evaluation
    ceiling: Decimal | None

    @property
    def sure(self) -> bool:
        return self.evaluation.eligible is True


def matches_for_enterprise(enterprise: Enterprise, *, on: date) -> list[Match]:
    """我可以申报的政策: programs open today whose profile conditions the enterprise meets
    (or may meet once it declares its figures), highest ceiling first."""
    facts = {"profile": profile_facts(enterprise, on=on), "declared": {}, "review": {}}
    found = []
    for program in open_programs(on=on):
        evaluation = engine.evaluate(program.rules, facts)
        if evaluation.eligible is not False:
            found.append(Match(program, enterprise, evaluation, engine.upper_bound(program.rules["amount"])))
    found.sort(key=lambda m: (not m.sure, -(m.ceiling or 0)))
    return found


def eligible_enterprises(program: Program, *, on: date, limit: int = MATCH_LIMIT) -> list[Match]:
    """A program's 精准匹配 list: enterprises with a profile that meet (or may meet) its conditions,
    with their estimated amounts where the government's data already gives one."""
    found = []
    profiles = EnterpriseProfile.objects.select_related("enterprise").order_by("enterprise__uscc")[:limit]
    for profile in profiles:
        facts = {"profile": profile_facts(profile.enterprise, on=on), "declared": {}, "review": {}}
        evaluation = engine.evaluate(program.rules, facts)
        if evaluation.eligible is not False:
            found.append(Match(program, profile.enterprise, evaluation, engine.upper_bound(program.rules["amount"])))
    return found


def open_programs(*, on: date):
    return [program for program in Program.objects.select_related("policy").filter(active=True).order_by("code")
            if (program.opens_on is None or program.opens_on <= on) and (program.closes_on is None or on <= program.closes_on)]


def notify_matches(program: Program, *, actor, now: datetime, limit: int = MATCH_LIMIT) -> int:
    """智能精准推送: an outbox event per eligible enterprise (the notification app delivers it)."""
    matches = eligible_enterprises(program, on=local_date(now), limit=limit)
    with transaction.atomic():
        for match in matches:
            events.emit(names.TOPIC_MATCHED, stream=f"policies.program:{program.pk}", now=now, payload={
                "program": program.code, "enterprise": match.enterprise.uscc,
                "estimated_fen": match.evaluation.amount_fen, "sure": match.sure})
    return len(matches)


# ---- applications ----------------------------------------------------------------------------

def mandated_enterprise(actor, uscc: str) -> Enterprise:
    mandate = EnterpriseAgent.objects.select_related("enterprise").filter(user=actor, enterprise__uscc=uscc).first()
    if mandate is None:
        raise PolicyError("policy.not_an_agent", "您不是该企业的经办人，不能代表其申报。", field="enterprise_uscc", status=403)
    return mandate.enterprise


def _project_key(program: Program, project_name: str) -> str:
    name = " ".join((project_name or "").split())
    if "\x00" in name or len(name) > MAX_PROJECT:
        raise PolicyError("policy.project_name_invalid", "项目名称过长或含非法字符。", field="project_name")
    if program.project_required and not name:
        raise PolicyError("policy.project_required", "请填写申报项目名称。", field="project_name")
    return name.casefold() or program.code


def submit_application(program: Program, *, enterprise_uscc: str, declared: dict, project_name: str = "",
                       actor, now: datetime) -> Application:
    """自主申报 — the figures are checked against the rules; an ineligible one is refused with
    the failed conditions; the same project in the same category twice is refused."""
    today = local_date(now)
    enterprise = mandated_enterprise(actor, enterprise_uscc)
    if program.auto_grant:
        raise PolicyError("policy.auto_grant_only", "该政策免申即享，无需申报，符合条件的企业将收到兑现通知。")
    if program not in open_programs(on=today):
        raise PolicyError("policy.window_closed", "该政策当前不在申报期内。")
    if not isinstance(declared, dict):
        raise PolicyError("policy.bad_figure", "申报数据格式错误。", field="declared")
    figures, evaluation = estimate(program, enterprise, declared, on=today)
    if evaluation.eligible is False:
        raise PolicyError("policy.not_eligible", "不符合申报条件：" + "；".join(evaluation.failed))
    if evaluation.eligible is None and not _only_review_missing(evaluation):
        raise PolicyError("policy.figures_missing", "请补充申报数据：" + "；".join(evaluation.unknown))
    key = _project_key(program, project_name)
    _refuse_excluded(program, enterprise)
    try:
        with transaction.atomic():
            if Application.objects.filter(enterprise=enterprise, category=program.category or program.code,
                                          project_key=key).exclude(status__in=LIVE_STATES_EXCLUDED).exists():
                raise _duplicate()
            application = Application.objects.create(
                program=program, program_version=program.version, category=program.category or program.code,
                enterprise=enterprise, applicant=actor, workflow=APPLICATION_WORKFLOW.code,
                status=APPLICATION_WORKFLOW.initial, project_key=key, project_name=" ".join(project_name.split()),
                declared=figures, estimated_fen=evaluation.amount_fen, submitted_at=now)
            audit.record(actor=actor, action=names.APPLIED, target=application, now=now, after={
                "program": program.code, "version": program.version, "declared": figures,
                "estimated_fen": evaluation.amount_fen, "project": mask_text(application.project_name)})
    except IntegrityError:
        raise _duplicate() from None
    return application


def _only_review_missing(evaluation: engine.Evaluation) -> bool:
    return not evaluation.unknown  # the amount waits for review.* (名次), the conditions are met


def _duplicate() -> PolicyConflict:
    return PolicyConflict("policy.duplicate_project", "同一项目同一类别的政策已申报或已享受，不能重复申报（从优、从高、同类别不重复）。",
                          field="project_name")


def _refuse_excluded(program: Program, enterprise: Enterprise) -> None:
    if program.excludes and Application.objects.filter(
            enterprise=enterprise, program__code__in=program.excludes).exclude(status__in=LIVE_STATES_EXCLUDED).exists():
        raise PolicyError("policy.not_stackable", "已享受不得叠加的政策，不能再申报本项。")


# ---- the workflow ----------------------------------------------------------------------------

@dataclass
class Step:
    action: str
    reason: str = ""
    amount_yuan: str = ""
    rank: int | None = None
    bank_account: str = ""
    decided_fen: int | None = None  # set by the amount_decided guard


def _reason(transition, subject, command, actor, now):
    if not command.reason.strip():
        raise PolicyError("policy.reason_required", "请填写理由。", field="reason")
    if len(command.reason) > MAX_REASON or "\x00" in command.reason:
        raise PolicyError("policy.reason_too_long", "理由过长或含非法字符。", field="reason")


def _amount_decided(transition, subject, command, actor, now):
    """联合审定: a 评选 program needs the rank; the amount follows the rules (or is given lower)."""
    review = {"rank": command.rank} if command.rank is not None else {}
    _figures, evaluation = estimate(subject.program, subject.enterprise, subject.declared,
                                    on=local_date(now), review=review)
    if evaluation.eligible is False:
        raise PolicyError("policy.not_eligible", "按审定数据不符合条件：" + "；".join(evaluation.failed), field="rank")
    if evaluation.amount is None:
        raise PolicyError("policy.rank_required", "请填写评选名次。", field="rank")
    amount = evaluation.amount
    if command.amount_yuan:
        try:
            given = engine.down(engine.yuan(command.amount_yuan))
        except ValueError as error:
            raise PolicyError("policy.bad_amount", f"审定金额：{error}", field="amount_yuan") from None
        if given < 0 or given > amount:
            raise PolicyError("policy.amount_above_rule", f"审定金额不能超过按规则计算的 {engine.format_yuan(amount)}。",
                              field="amount_yuan")
        amount = given
    command.decided_fen = engine.to_fen(amount)


def _publicity_over(transition, subject, command, actor, now):
    if subject.publicity_ends_on is None or local_date(now) <= subject.publicity_ends_on:
        raise PolicyError("policy.publicity_running",
                          f"公示期至 {subject.publicity_ends_on} 止，期满后方可确认无异议。", status=409)


def _account(transition, subject, command, actor, now):
    account = "".join(command.bank_account.split())
    if not (ACCOUNT_DIGITS[0] <= len(account) <= ACCOUNT_DIGITS[1]) or not account.isdigit():
        raise PolicyError("policy.bad_account", "请填写正确的银行账号（8至32位数字）。", field="bank_account")


def _budget_left(transition, subject, command, actor, now):
    left = budget_left(subject.program)
    if subject.approved_fen is None or subject.approved_fen > left:
        raise PolicyConflict("policy.budget_exhausted",
                             f"预算余额 {engine.format_yuan(engine.from_fen(left))} 不足，不能拨付；请按批次分配。")


def _record_audit(subject, command, actor, now, context):
    subject.audit_note = command.reason.strip()[:500]
    return {"note": mask_text(subject.audit_note)}


def _set_amount(subject, command, actor, now, context):
    subject.approved_fen = command.decided_fen
    subject.rank = command.rank
    return {"approved_fen": subject.approved_fen, "rank": subject.rank}


def _start_publicity(subject, command, actor, now, context):
    today = local_date(now)
    days = rule_value("policy.publicity_working_days", on=today, department=subject.program.policy.department)
    subject.publicity_starts_on = today
    try:
        subject.publicity_ends_on = add_working_days(today, days)
    except CalendarNotPublished:
        subject.publicity_ends_on = provisional_add_working_days(today, days)
    return {"publicity_ends_on": subject.publicity_ends_on.isoformat(), "working_days": days}


def _record_objection(subject, command, actor, now, context):
    subject.objection = command.reason.strip()[:500]
    return {"objection": mask_text(subject.objection)}


def _clear_objection(subject, command, actor, now, context):
    subject.objection = ""
    return {"dismissed": mask_text(command.reason.strip())}


def _pay(subject, command, actor, now, context):
    Payment.objects.create(application=subject, program=subject.program, kind=Payment.Kind.PAYMENT,
                           amount_fen=subject.approved_fen, created_at=now)
    subject.paid_fen += subject.approved_fen
    subject.paid_at = now
    events.emit(names.TOPIC_GRANTED, stream=f"policies.application:{subject.pk}", now=now,
                payload={"program": subject.program.code, "enterprise": subject.enterprise.uscc,
                         "amount_fen": subject.approved_fen})
    return {"paid_fen": subject.approved_fen}


def _claw_back(subject, command, actor, now, context):
    Payment.objects.create(application=subject, program=subject.program, kind=Payment.Kind.CLAWBACK,
                           amount_fen=-subject.paid_fen, created_at=now, note=command.reason.strip()[:200])
    amount = subject.paid_fen
    subject.paid_fen = 0
    events.emit(names.TOPIC_CLAWED_BACK, stream=f"policies.application:{subject.pk}", now=now,
                payload={"program": subject.program.code, "enterprise": subject.enterprise.uscc, "amount_fen": amount})
    return {"clawed_back_fen": amount}


def _record_account(subject, command, actor, now, context):
    subject.bank_account = "".join(command.bank_account.split())
    return {"bank_account": "****" + subject.bank_account[-4:]}


def _close(subject, command, actor, now, context):
    subject.closed_at = now


def _unknown(action, state_label):
    return PolicyError("policy.unknown_action", f"“{state_label}”状态下不能执行该操作。", status=409)


def _refused(workflow, transition, roles):
    return PolicyError("policy.not_permitted", f"您无权执行“{transition.label}”。", status=403)


ENGINE = Engine(
    VOCABULARY,
    guards={"reason_given": _reason, "account_given": _account, "amount_decided": _amount_decided,
            "publicity_over": _publicity_over, "budget_left": _budget_left},
    effects={"record_audit": _record_audit, "set_amount": _set_amount, "start_publicity": _start_publicity,
             "record_objection": _record_objection, "clear_objection": _clear_objection, "pay": _pay,
             "claw_back": _claw_back, "record_account": _record_account, "close": _close},
    unknown_action=_unknown, refused=_refused)


def roles_of(actor, application: Application) -> set[str]:
    if actor.role == Role.ENTERPRISE:
        mandated = EnterpriseAgent.objects.filter(user=actor, enterprise_id=application.enterprise_id).exists()
        return {Role.ENTERPRISE} if mandated else set()
    if actor.role == Role.POLICY_AUDITOR:
        return {Role.POLICY_AUDITOR}
    if actor.role in DEPARTMENT_ROLES:
        department = application.program.policy.department_id
        return {actor.role} if department is None or department == actor.department_id else set()
    return set()


def _lock_budget_rows(program_id: int) -> Program:
    program = Program.objects.select_related("policy").get(pk=program_id)
    Policy.objects.select_for_update().filter(pk=program.policy_id).first()  # the policy first, always
    return Program.objects.select_for_update().select_related("policy").get(pk=program_id)


def step(application: Application, command: Step, *, actor, now: datetime) -> Application:
    """One workflow step on an application, audited; 拨付 holds the budget rows' locks."""
    with transaction.atomic():
        program = _lock_budget_rows(application.program_id) if command.action == "pay" else None
        subject = Application.objects.select_for_update().select_related("program__policy", "enterprise").get(
            pk=application.pk)
        if program is not None:
            subject.program = program
        workflow = BY_CODE[subject.workflow]
        transition = ENGINE.find(workflow, subject.status, command.action, state_label=workflow.label_of(subject.status))
        ENGINE.permit(workflow, transition, roles_of(actor, subject))
        ENGINE.check_guards(transition, subject, command, actor, now)
        before = {"status": subject.status}
        details = ENGINE.apply_effects(transition, subject, command, actor, now, None, {})
        subject.status = transition.target
        subject.save()
        audit.record(actor=actor, action=names.STEP.format(action=command.action), target=subject, now=now,
                     before=before, after={"status": subject.status, **details})
    return subject


def paid_fen(program: Program) -> int:
    return Payment.objects.filter(program=program).aggregate(total=Sum("amount_fen"))["total"] or 0


def budget_left(program: Program) -> int:
    """What may still be paid: the smaller of the program's and the policy's remaining budget."""
    lefts = []
    if program.budget_fen is not None:
        lefts.append(program.budget_fen - paid_fen(program))
    if program.policy.budget_fen is not None:
        spent = Payment.objects.filter(program__policy=program.policy).aggregate(total=Sum("amount_fen"))["total"] or 0
        lefts.append(program.policy.budget_fen - spent)
    return max(0, min(lefts)) if lefts else 2**62


def pay_batch(program: Program, *, actor, now: datetime) -> list[Application]:
    """批量拨付 — every approved application of the program; when they ask more than the budget
    left, shared as the program says (pro rata, or by rank while it lasts). Those left without a
    share stay 待拨付."""
    if actor.role != Role.DEPARTMENT_HEAD:
        raise PolicyError("policy.not_permitted", "只有部门负责人可以拨付。", status=403)
    paid = []
    with transaction.atomic():
        program = _lock_budget_rows(program.pk)
        pending = list(Application.objects.select_for_update().select_related("enterprise", "program__policy")
                       .filter(program=program, status="approved").order_by("rank", "submitted_at", "id"))
        shares = engine.allocate([(app.pk, app.approved_fen or 0) for app in pending], budget_left(program),
                                 program.allocation)
        for app in pending:
            share = shares[app.pk]
            if share <= 0 or not roles_of(actor, app):
                continue
            before = {"status": app.status, "approved_fen": app.approved_fen}
            app.program = program
            app.approved_fen = share
            _pay(app, Step("pay"), actor, now, None)
            app.status, app.closed_at = "paid", now
            app.save()
            audit.record(actor=actor, action=names.STEP.format(action="pay"), target=app, now=now, before=before,
                         after={"status": "paid", "paid_fen": share, "allocation": program.allocation})
            paid.append(app)
    return paid


# ---- 免申即享 -----------------------------------------------------------------------------------

def run_auto_grant(program: Program, *, actor, now: datetime, limit: int = MATCH_LIMIT) -> list[Application]:
    """免申即享 run: an application in 待确认 for each enterprise the government's data already
    makes eligible with a known amount (and none yet for this program and category)."""
    if not program.auto_grant:
        raise PolicyError("policy.not_auto_grant", "该政策不是免申即享政策。")
    if actor.role not in DEPARTMENT_ROLES:
        raise PolicyError("policy.not_permitted", "只有部门工作人员可以生成免申即享名单。", status=403)
    created = []
    with transaction.atomic():
        for match in eligible_enterprises(program, on=local_date(now), limit=limit):
            if not match.sure or not match.evaluation.amount_fen:
                continue
            category = program.category or program.code
            if Application.objects.filter(enterprise=match.enterprise, category=category, project_key=program.code
                                          ).exclude(status__in=LIVE_STATES_EXCLUDED).exists():
                continue
            application = Application.objects.create(
                program=program, program_version=program.version, category=category, enterprise=match.enterprise,
                workflow=AUTO_WORKFLOW.code, status=AUTO_WORKFLOW.initial, project_key=program.code,
                estimated_fen=match.evaluation.amount_fen, approved_fen=match.evaluation.amount_fen, submitted_at=now)
            audit.record(actor=actor, action=names.AUTO_PROPOSED, target=application, now=now,
                         after={"program": program.code, "amount_fen": application.approved_fen})
            created.append(application)
    return created


# ---- scope ------------------------------------------------------------------------------------

def applications_for(actor):
    """Applications an actor may see: an enterprise's own, the auditor's all, department staff
    those of their department's policies (or of policies without a department)."""
    rows = Application.objects.select_related("program__policy", "enterprise")
    if actor.role == Role.ENTERPRISE:
        return rows.filter(enterprise__agents__user=actor)
    if actor.role == Role.POLICY_AUDITOR:
        return rows.filter(workflow=APPLICATION_WORKFLOW.code)
    if actor.role in DEPARTMENT_ROLES:
        from django.db.models import Q

        return rows.filter(Q(program__policy__department__isnull=True)
                           | Q(program__policy__department_id=actor.department_id))
    if actor.role in (Role.SUPERVISOR, Role.LEADER, Role.ADMIN):
        return rows
    return rows.none()


def application_for(actor, pk) -> Application:
    try:
        return applications_for(actor).get(pk=int(pk))
    except (Application.DoesNotExist, ValueError, TypeError, OverflowError):
        raise PolicyNotFound("policy.application_not_found", "未找到该申请。") from None


def program_by_code(code: str) -> Program:
    program = Program.objects.select_related("policy").filter(code=str(code)[:40]).first()
    if program is None:
        raise PolicyNotFound("policy.program_not_found", "未找到该政策条款。")
    return program
