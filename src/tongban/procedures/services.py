"""规范性文件 and 重大行政决策 on the workflow engine; SOE guarantee and accountability checks.

Every function takes the actor and the time explicitly, runs in one transaction, locks the row
it changes and writes one audit entry per state change. Guards read the evidence on the row, so
a step is refused while a required stage, document or period is missing, with the stage named.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Q

from tongban.accounts.constants import Role
from tongban.audit import services as audit
from tongban.core.clock import add_months, local_date
from tongban.core.workflow import Engine
from tongban.events.services import emit
from tongban.rules import rule_value
from tongban.workdays import add_working_days, working_days_between

from . import errors, events, soe
from .constants import (
    ASSESSMENT_TRIGGERS,
    DECISION_MATERIALS,
    EVALUATION_CONTENTS,
    EVALUATION_TRIGGERS,
    NORM_MATERIALS,
    QUARTER_MONTHS,
    TEXT_MAX,
    Cleanup,
    DecisionOutcome,
    RiskLevel,
)
from .models import (
    DecisionCatalogue,
    Issuer,
    MajorDecision,
    NormativeDocument,
    PlanEntry,
    ReviewOffice,
    ReviewRequest,
    SerialCounter,
)
from .workflow import DECISION_VOCABULARY, DECISION_WORKFLOW, NORM_VOCABULARY, NORM_WORKFLOW

STAFF_WORKERS = frozenset({Role.REVIEWER, Role.DEPARTMENT_HEAD})


def _rule(code: str, today: date, region=None):
    return rule_value(code, on=today, region=region)


def _text(value: str, limit: int = TEXT_MAX) -> str:
    return (value or "").replace("\x00", "").strip()[:limit]


# --- who is who ------------------------------------------------------------------------------

def issuer_of(actor) -> Issuer | None:
    if actor is None or actor.role not in STAFF_WORKERS or not actor.department_id:
        return None
    return Issuer.objects.filter(department_id=actor.department_id, listed=True).select_related("department").first()


def is_legal_reviewer(actor, region_id: int | None = None) -> bool:
    if actor is None or actor.role not in STAFF_WORKERS or not actor.department_id:
        return False
    offices = ReviewOffice.objects.filter(department_id=actor.department_id)
    return offices.filter(region_id=region_id).exists() if region_id else offices.exists()


def norm_capacities(actor, document: NormativeDocument) -> set[str]:
    if actor is None:
        return {"system"}
    found = set()
    region_id = document.issuer.department.region_id
    if actor.role in STAFF_WORKERS and actor.department_id == document.issuer.department_id:
        found.add("unit")
    if is_legal_reviewer(actor, region_id):
        found.add("legal_reviewer")
    if actor.role == Role.LEADER and actor.region_id == region_id:
        found.add("deliberator")
    return found


def decision_capacities(actor, decision: MajorDecision) -> set[str]:
    if actor is None:
        return {"system"}
    found = set()
    region_id = decision.catalogue.region_id
    if actor.role in STAFF_WORKERS and actor.department_id == decision.undertaker_id:
        found.add("unit")
    if is_legal_reviewer(actor, region_id):
        found.add("legal_reviewer")
    if actor.role == Role.LEADER and actor.region_id == region_id:
        found.add("deliberator")
    return found


def documents_for(actor):
    """The 规范性文件 an actor may open: the published ones for everybody, the rest in scope."""
    published = Q(status__in=NORM_WORKFLOW.states_tagged("published") + ("repealed", "expired"))
    if actor is None or not actor.is_authenticated:
        return NormativeDocument.objects.filter(published)
    if actor.role == Role.ADMIN:
        return NormativeDocument.objects.all()
    scope = published
    if actor.role in STAFF_WORKERS and actor.department_id:
        scope |= Q(issuer__department_id=actor.department_id)
        regions = list(ReviewOffice.objects.filter(department_id=actor.department_id).values_list("region_id", flat=True))
        if regions:
            scope |= Q(issuer__department__region_id__in=regions)
    if actor.role == Role.LEADER and actor.region_id:
        scope |= Q(issuer__department__region_id=actor.region_id)
    return NormativeDocument.objects.filter(scope)


def decisions_for(actor):
    published = Q(status__in=DECISION_WORKFLOW.states_tagged("published"))
    listed = Q(catalogue__published_on__isnull=False)
    if actor is None or not actor.is_authenticated:
        return MajorDecision.objects.filter(listed)
    if actor.role == Role.ADMIN:
        return MajorDecision.objects.all()
    scope = listed | published
    if actor.role in STAFF_WORKERS and actor.department_id:
        scope |= Q(undertaker_id=actor.department_id)
        regions = list(ReviewOffice.objects.filter(department_id=actor.department_id).values_list("region_id", flat=True))
        if regions:
            scope |= Q(catalogue__region_id__in=regions)
    if actor.role == Role.LEADER and actor.region_id:
        scope |= Q(catalogue__region_id=actor.region_id)
    return MajorDecision.objects.filter(scope)


# --- 规范性文件: plan and drafting -----------------------------------------------------------

@transaction.atomic
def submit_plan_entry(*, actor, year: int, title: str, basis: str = "", now: datetime) -> PlanEntry:
    """A unit on the issuer list puts a document on next year's (or this year's) plan."""
    issuer = issuer_of(actor)
    if issuer is None:
        raise errors.NOT_AN_ISSUER
    title = _text(title, 200)
    if not title:
        raise errors.gate("title_required", "请填写文件名称。", "title")
    if year < local_date(now).year or year > local_date(now).year + 1:
        raise errors.gate("plan_year", "计划年度只能是本年度或下一年度。", "year")
    entry = PlanEntry.objects.create(issuer=issuer, year=year, title=title, basis=_text(basis, 500), submitted_at=now)
    audit.record(actor=actor, action=events.PLAN_SUBMITTED, target=entry, now=now,
                 after={"issuer": issuer.unit_code, "year": year, "title": title})
    return entry


@transaction.atomic
def create_document(*, actor, plan_entry_id: int, is_trial: bool = False, affects_enterprises: bool = False,
                    trade_related: bool = False, assessment_triggers: list[str] | None = None,
                    assessment_conclusion: str = "", now: datetime) -> NormativeDocument:
    """起草: only a listed issuer drafts, and only what its plan for the year lists (第十二条)."""
    issuer = issuer_of(actor)
    if issuer is None:
        raise errors.NOT_AN_ISSUER
    entry = PlanEntry.objects.filter(pk=plan_entry_id, issuer=issuer).first()
    if entry is None:
        raise errors.PLAN_ENTRY_NOT_FOUND
    triggers = _triggers(assessment_triggers or [])
    document = NormativeDocument.objects.create(
        issuer=issuer, plan_entry=entry, title=entry.title, is_trial=is_trial,
        affects_enterprises=affects_enterprises, trade_related=trade_related, assessment_triggers=triggers,
        assessment_conclusion=_text(assessment_conclusion), created_by=actor, created_at=now, updated_at=now)
    audit.record(actor=actor, action=events.NORM_CREATED, target=document, now=now,
                 after={"status": document.status, "title": document.title, "issuer": issuer.unit_code,
                        "plan_year": entry.year})
    return document


def _triggers(codes: list[str]) -> list[str]:
    known = dict(ASSESSMENT_TRIGGERS)
    if bad := [code for code in codes if code not in known]:
        raise errors.gate("unknown_trigger", f"未知的制定前评估情形：{'、'.join(map(str, bad))[:100]}",
                          "assessment_triggers")
    return sorted(set(codes))


EDITABLE_STATES = ("drafting", "consultation", "competition_review")


@transaction.atomic
def update_draft(*, actor, document_id: int, now: datetime, materials: list[str] | None = None,
                 assessment_triggers: list[str] | None = None, assessment_conclusion: str | None = None,
                 fair_competition_conclusion: str | None = None, compliance_opinion: str | None = None,
                 affects_enterprises: bool | None = None, trade_related: bool | None = None) -> NormativeDocument:
    """The drafting unit records the evidence of its stages (materials, assessment, reviews)."""
    document = _locked_document(actor, document_id)
    if "unit" not in norm_capacities(actor, document):
        raise errors.role_not_allowed("编辑送审材料")
    if document.status not in EDITABLE_STATES:
        raise errors.unknown_action("编辑送审材料", NORM_WORKFLOW.label_of(document.status))
    before = _norm_snapshot(document)
    if materials is not None:
        known = {code for code, _, _ in NORM_MATERIALS}
        if bad := [code for code in materials if code not in known]:
            raise errors.gate("unknown_material", f"未知的送审材料：{'、'.join(map(str, bad))[:100]}", "materials")
        document.materials = sorted(set(materials))
    if assessment_triggers is not None:
        document.assessment_triggers = _triggers(assessment_triggers)
    for name, value in (("assessment_conclusion", assessment_conclusion),
                        ("fair_competition_conclusion", fair_competition_conclusion),
                        ("compliance_opinion", compliance_opinion)):
        if value is not None:
            setattr(document, name, _text(value))
    if affects_enterprises is not None and document.status == "drafting":
        document.affects_enterprises = affects_enterprises
    if trade_related is not None:
        document.trade_related = trade_related
    document.row_version += 1
    document.updated_at = now
    audit.record(actor=actor, action=f"{events.NORM_PREFIX}update", target=document, now=now, before=before,
                 after=_norm_snapshot(document))
    document.save()
    return document


def _norm_snapshot(document: NormativeDocument) -> dict:
    return {"status": document.status, "row_version": document.row_version, "materials": list(document.materials),
            "registration_number": document.registration_number,
            "assessment_triggers": list(document.assessment_triggers),
            "affects_enterprises": document.affects_enterprises}


# --- 规范性文件: the workflow's guards and effects --------------------------------------------

@dataclass(frozen=True)
class Command:
    action: str
    expected_version: int | None = None
    reason: str = ""
    opinion: str = ""
    meeting: str = ""
    comment_start: date | None = None
    comment_end: date | None = None
    published_on: date | None = None
    effective_on: date | None = None
    expires_on: date | None = None
    immediate_reason: str = ""
    evaluation: str = ""


def required_comment_days(document: NormativeDocument, today: date) -> int:
    code = ("procedures.norm_comment_enterprise_natural_days" if document.affects_enterprises
            else "procedures.norm_comment_natural_days")
    return _rule(code, today, document.issuer.department.region)


def comment_days(start: date, end: date) -> int:
    """The days a comment period lasts, both ends included (1–20 June: 20 days)."""
    return (end - start).days + 1


def required_materials(document) -> list[tuple[str, str]]:
    if isinstance(document, NormativeDocument):
        flags = {"always": True, "affects_enterprises": document.affects_enterprises, "optional": False}
        return [(code, label) for code, label, when in NORM_MATERIALS if flags[when]]
    return [(code, label) for code, label, when in DECISION_MATERIALS if when == "always"]


def missing_materials(document) -> list[str]:
    given = set(document.materials)
    return [label for code, label in required_materials(document) if code not in given]


def _reason_given(transition, subject, command: Command, actor, now) -> None:
    if not _text(command.reason):
        raise errors.gate("reason_required", f"“{transition.label}”须说明理由。", "reason")


def _assessment_done(transition, document: NormativeDocument, command: Command, actor, now) -> None:
    if document.assessment_triggers and not document.assessment_conclusion:
        raise errors.gate("assessment_missing", "存在应当进行制定前评估的情形，须先载明制定前评估结论。",
                          "assessment_conclusion")


def _comment_period_planned(transition, subject, command: Command, actor, now) -> None:
    today = local_date(now)
    start, end = command.comment_start, command.comment_end
    if start is None or end is None:
        raise errors.gate("comment_period_missing", "请填写公开征求意见的起止日期。", "comment_start")
    if start < today:
        raise errors.gate("comment_start_past", "征求意见开始日期不能早于今天。", "comment_start")
    if isinstance(subject, NormativeDocument):
        needed = required_comment_days(subject, today)
        why = "（涉及市场主体）" if subject.affects_enterprises else ""
    else:
        needed = _rule("procedures.decision_comment_natural_days", today, subject.catalogue.region)
        why = ""
    if end < start or comment_days(start, end) < needed:
        raise errors.gate("comment_period_too_short",
                          f"公开征求意见时间不少于 {needed} 日{why}，所填期间为 "
                          f"{max(comment_days(start, end), 0)} 日。", "comment_end")


def _comment_period_elapsed(transition, subject, command: Command, actor, now) -> None:
    if subject.comment_end is None or local_date(now) <= subject.comment_end:
        raise errors.gate("comment_period_running",
                          f"公开征求意见至 {subject.comment_end} 截止，期满后方可进入下一环节。")


def _fair_competition_done(transition, document: NormativeDocument, command: Command, actor, now) -> None:
    if document.affects_enterprises and not document.fair_competition_conclusion:
        raise errors.gate("fair_competition_missing", "文件涉及市场主体经济活动，须先形成公平竞争审查结论书。",
                          "fair_competition_conclusion")


def _compliance_done(transition, document: NormativeDocument, command: Command, actor, now) -> None:
    if document.trade_related and not document.compliance_opinion:
        raise errors.gate("compliance_missing", "文件涉及贸易，须先形成合规审查意见书。", "compliance_opinion")


def _materials_complete(transition, subject, command: Command, actor, now) -> None:
    if missing := missing_materials(subject):
        raise errors.gate("materials_missing", "送审材料不全，缺少：" + "；".join(missing), "materials")


def _legality_period_elapsed(transition, subject, command: Command, actor, now) -> None:
    today = local_date(now)
    if isinstance(subject, NormativeDocument):
        needed = _rule("procedures.norm_legality_working_days", today, subject.issuer.department.region)
        name = "合法性审核"
    else:
        needed = _rule("procedures.decision_legality_working_days", today, subject.catalogue.region)
        name = "合法性审查"
    spent = working_days_between(subject.legality_submitted_on, today) if subject.legality_submitted_on else 0
    if spent < needed:
        earliest = add_working_days(subject.legality_submitted_on or today, needed)
        raise errors.gate("legality_period_running",
                          f"{name}时间不少于 {needed} 个工作日（已 {spent} 个工作日），最早 {earliest} 可出具意见。")


def _opinion_given(transition, subject, command: Command, actor, now) -> None:
    if not _text(command.opinion):
        raise errors.gate("opinion_required", "请填写审核（审查）意见。", "opinion")


def _legality_passed(transition, subject, command: Command, actor, now) -> None:
    if subject.legality_passed_on is None or not subject.legality_opinion:
        raise errors.gate("legality_review_missing", "未经合法性审核（审查），不得审议、登记编号或公布。")


def _meeting_given(transition, subject, command: Command, actor, now) -> None:
    if not _text(command.meeting):
        raise errors.gate("meeting_required", "请填写审议会议（如区政府第N次常务会议）。", "meeting")


def _deliberated(transition, document: NormativeDocument, command: Command, actor, now) -> None:
    if document.deliberated_on is None:
        raise errors.gate("deliberation_missing", "未经集体审议，不得登记编号或公布。")


def _registered(transition, document: NormativeDocument, command: Command, actor, now) -> None:
    if not document.registration_number:
        raise errors.gate("registration_missing", "未经统一登记、统一编号的规范性文件无效，不得公布或备案。")


def validity_bounds(document: NormativeDocument, effective_on: date, today: date) -> tuple[date, date]:
    prefix = "procedures.norm_trial_validity" if document.is_trial else "procedures.norm_validity"
    region = document.issuer.department.region
    shortest = add_months(effective_on, _rule(f"{prefix}_min_months", today, region))
    longest = add_months(effective_on, _rule(f"{prefix}_max_months", today, region))
    return shortest - timedelta(days=1), longest - timedelta(days=1)  # natural days: 有效期至 the day before


def _dates_valid(transition, document: NormativeDocument, command: Command, actor, now) -> None:
    today = local_date(now)
    published = command.published_on or today
    effective, expires = command.effective_on, command.expires_on
    if effective is None or expires is None:
        raise errors.gate("dates_missing", "请载明施行日期和有效期。", "effective_on")
    if published < today:
        raise errors.gate("published_in_past", "公布日期不能早于今天。", "published_on")
    gap = _rule("procedures.norm_effective_gap_natural_days", today, document.issuer.department.region)
    if (effective - published).days < gap and not _text(command.immediate_reason):
        raise errors.gate("effective_too_soon",
                          f"施行日期与公布日期的间隔不得少于 {gap} 日（公布即施行须说明理由）。", "effective_on")
    if effective < published:
        raise errors.gate("effective_before_publication", "施行日期不能早于公布日期。", "effective_on")
    shortest, longest = validity_bounds(document, effective, today)
    if not shortest <= expires <= longest:
        kind = "暂行、试行文件" if document.is_trial else "规范性文件"
        raise errors.gate("validity_out_of_range",
                          f"{kind}有效期须在 {shortest} 至 {longest} 之间届满。", "expires_on")


def _evaluation_given(transition, subject, command: Command, actor, now) -> None:
    if not _text(command.evaluation):
        raise errors.gate("evaluation_required", "请填写评估报告结论。", "evaluation")


def _validity_ended(transition, document: NormativeDocument, command: Command, actor, now) -> None:
    if document.expires_on is None or local_date(now) <= document.expires_on:
        raise errors.gate("still_valid", f"文件有效期至 {document.expires_on}，尚未届满。")


def _record_comment_period(subject, command: Command, actor, now, context) -> dict:
    subject.comment_start, subject.comment_end = command.comment_start, command.comment_end
    return {"comment_start": str(command.comment_start), "comment_end": str(command.comment_end)}


def _record_submission(subject, command: Command, actor, now, context) -> dict:
    subject.legality_submitted_on = local_date(now)
    return {"legality_submitted_on": str(subject.legality_submitted_on)}


def _record_legality(subject, command: Command, actor, now, context) -> dict:
    subject.legality_opinion, subject.legality_passed_on = _text(command.opinion), local_date(now)
    return {"legality_passed_on": str(subject.legality_passed_on)}


def _record_deliberation(document: NormativeDocument, command: Command, actor, now, context) -> dict:
    document.deliberation_meeting, document.deliberated_on = _text(command.meeting, 200), local_date(now)
    return {"meeting": document.deliberation_meeting}


def next_registration_number(issuer: Issuer, year: int) -> str:
    """LSDR-YYYY-{单位代码}{NNN}: the issuer's year counter row is locked while it moves, so two
    registrations never draw the same serial and a rolled-back one leaves no gap."""
    counter = SerialCounter.objects.select_for_update().filter(issuer=issuer, year=year).first()
    if counter is None:
        try:
            with transaction.atomic():
                SerialCounter.objects.create(issuer=issuer, year=year, last=0)
        except IntegrityError:  # another registration created it first; lock that one
            pass
        counter = SerialCounter.objects.select_for_update().get(issuer=issuer, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"LSDR-{year}-{issuer.unit_code}{counter.last:03d}"


def _assign_number(document: NormativeDocument, command: Command, actor, now, context) -> dict:
    today = local_date(now)
    document.registration_number = next_registration_number(document.issuer, today.year)
    document.registered_on = today
    return {"registration_number": document.registration_number}


def _record_publication(document: NormativeDocument, command: Command, actor, now, context) -> dict:
    document.published_on = command.published_on or local_date(now)
    document.effective_on, document.expires_on = command.effective_on, command.expires_on
    document.immediate_reason = _text(command.immediate_reason, 300)
    return {"published_on": str(document.published_on), "effective_on": str(document.effective_on),
            "expires_on": str(document.expires_on)}


def filing_due(published_on: date, today: date, *, decision: bool = False, region=None) -> date:
    code = "procedures.decision_filing_natural_days" if decision else "procedures.norm_filing_natural_days"
    return published_on + timedelta(days=_rule(code, today, region))  # natural days: 自公布之日起30日内


def _record_filing(subject, command: Command, actor, now, context) -> dict:
    today = local_date(now)
    is_decision = isinstance(subject, MajorDecision)
    region = subject.catalogue.region if is_decision else subject.issuer.department.region
    subject.filed_on = today
    subject.filed_late = today > filing_due(subject.published_on, today, decision=is_decision, region=region)
    return {"filed_on": str(today), "filed_late": subject.filed_late}


def _record_norm_evaluation(document: NormativeDocument, command: Command, actor, now, context) -> dict:
    document.evaluated_on, document.evaluation = local_date(now), _text(command.evaluation)
    return {"evaluated_on": str(document.evaluated_on)}


def _record_cleanup(document: NormativeDocument, command: Command, actor, now, context) -> dict:
    document.cleanup = {"keep": Cleanup.KEEP, "revise": Cleanup.REVISE, "repeal": Cleanup.REPEAL}[command.action]
    return {"cleanup": str(document.cleanup), "reason": _text(command.reason)}


def _start_revision(document: NormativeDocument, command: Command, actor, now, context) -> dict:
    """修改 runs the whole procedure again; the old number stays in the audit log, never reused."""
    old = document.registration_number
    for name in ("comment_start", "comment_end", "legality_submitted_on", "legality_passed_on", "deliberated_on",
                 "registration_number", "registered_on", "published_on", "effective_on", "expires_on", "filed_on"):
        setattr(document, name, None)
    document.legality_opinion = document.deliberation_meeting = ""
    document.filed_late = False
    return {"previous_registration_number": old}


NORM_ENGINE = Engine(
    NORM_VOCABULARY,
    guards={  # checked in this order
        "reason_given": _reason_given, "assessment_done": _assessment_done,
        "comment_period_planned": _comment_period_planned, "comment_period_elapsed": _comment_period_elapsed,
        "fair_competition_done": _fair_competition_done, "compliance_done": _compliance_done,
        "materials_complete": _materials_complete, "legality_passed": _legality_passed,
        "deliberated": _deliberated, "registered": _registered,
        "legality_period_elapsed": _legality_period_elapsed, "opinion_given": _opinion_given,
        "meeting_given": _meeting_given, "dates_valid": _dates_valid, "evaluation_given": _evaluation_given,
        "validity_ended": _validity_ended,
    },
    effects={
        "record_comment_period": _record_comment_period, "record_submission": _record_submission,
        "record_legality": _record_legality, "record_deliberation": _record_deliberation,
        "assign_number": _assign_number, "record_publication": _record_publication,
        "record_filing": _record_filing, "record_evaluation": _record_norm_evaluation,
        "record_cleanup": _record_cleanup, "start_revision": _start_revision,
    },
    unknown_action=errors.unknown_action,
    refused=lambda workflow, transition, roles: errors.role_not_allowed(transition.label),
)


def _locked_document(actor, document_id: int) -> NormativeDocument:
    rows = NormativeDocument.objects if actor is None else documents_for(actor)
    document = (rows.select_for_update(of=("self",)).select_related("issuer__department__region")
                .filter(pk=document_id).first())
    if document is None:
        raise errors.DOCUMENT_NOT_FOUND
    return document


def _norm_step(document: NormativeDocument, command: Command, *, actor, now: datetime) -> NormativeDocument:
    label = NORM_WORKFLOW.label_of(document.status)
    if command.expected_version is not None and command.expected_version != document.row_version:
        raise errors.stale_version(document.row_version, label)
    transition = NORM_ENGINE.find(NORM_WORKFLOW, document.status, command.action, state_label=label)
    NORM_ENGINE.permit(NORM_WORKFLOW, transition, norm_capacities(actor, document))
    NORM_ENGINE.check_guards(transition, document, command, actor, now)
    before = _norm_snapshot(document)
    details = NORM_ENGINE.apply_effects(transition, document, command, actor, now, None, {})
    document.status, document.row_version, document.updated_at = transition.target, document.row_version + 1, now
    audit.record(actor=actor, action=f"{events.NORM_PREFIX}{command.action}", target=document, now=now,
                 before=before, after={**_norm_snapshot(document), **details, "reason": _text(command.reason)})
    document.save()
    if command.action == "publish":
        emit(events.TOPIC_NORM_PUBLISHED, stream=f"procedures.norm:{document.pk}", now=now,
             payload={"id": document.pk, "registration_number": document.registration_number,
                      "published_on": str(document.published_on)})
    elif command.action == "expire":
        emit(events.TOPIC_NORM_EXPIRED, stream=f"procedures.norm:{document.pk}", now=now,
             payload={"id": document.pk, "registration_number": document.registration_number})
    return document


@transaction.atomic
def transition_document(*, actor, document_id: int, command: Command, now: datetime) -> NormativeDocument:
    """Take one step of the 规范性文件 procedure, or refuse naming the missing stage; all or nothing."""
    return _norm_step(_locked_document(actor, document_id), command, actor=actor, now=now)


def expire_documents(now: datetime) -> list[int]:
    """Job: documents whose validity ended lapse (自动失效), each in its own transaction."""
    today = local_date(now)
    expired = []
    for pk in NormativeDocument.objects.filter(status="in_force", expires_on__lt=today).values_list("pk", flat=True):
        with transaction.atomic():
            _norm_step(_locked_document(None, pk), Command(action="expire"), actor=None, now=now)
        expired.append(pk)
    return expired


def expiry_alerts(today: date, *, region=None, documents=None):
    """Documents in force entering the last months of their validity (第四十八条: 评估 then),
    soonest first, with whether an evaluation was done in that window."""
    months = _rule("procedures.norm_evaluation_months", today, region)
    horizon = add_months(today, months)
    rows = (documents if documents is not None else NormativeDocument.objects).filter(
        status="in_force", expires_on__lte=horizon, expires_on__gte=today).select_related("issuer__department")
    found = []
    for document in rows.order_by("expires_on", "id"):
        window_start = add_months(document.expires_on, -months)
        found.append((document, bool(document.evaluated_on and document.evaluated_on >= window_start)))
    return found


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    if not 1 <= quarter <= 12 // QUARTER_MONTHS:
        raise errors.gate("bad_quarter", "季度须为 1–4。", "quarter")
    first = date(year, QUARTER_MONTHS * (quarter - 1) + 1, 1)
    return first, add_months(first, QUARTER_MONTHS)


def quarterly_catalogue(year: int, quarter: int):
    """备案登记的规范性文件目录 of one quarter (第四十三条), by registration number."""
    start, end = quarter_bounds(year, quarter)
    return (NormativeDocument.objects.filter(filed_on__gte=start, filed_on__lt=end)
            .select_related("issuer__department").order_by("registration_number"))


# --- 审查申请 (citizens) -----------------------------------------------------------------------

@transaction.atomic
def request_review(*, actor, document_id: int, content: str, now: datetime) -> ReviewRequest:
    document = documents_for(None).filter(pk=document_id).select_related("issuer__department__region").first()
    if document is None:
        raise errors.DOCUMENT_NOT_FOUND
    content = _text(content, 2000)
    if not content:
        raise errors.gate("content_required", "请写明认为文件违法的理由。", "content")
    today = local_date(now)
    days = _rule("procedures.norm_review_request_natural_days", today, document.issuer.department.region)
    request = ReviewRequest.objects.create(document=document, applicant=actor, content=content, received_on=today,
                                           due_on=today + timedelta(days=days),  # natural days: 60日内
                                           created_at=now)
    audit.record(actor=actor, action=events.REVIEW_REQUESTED, target=request, now=now,
                 after={"document": document.pk, "due_on": str(request.due_on)})
    return request


def _locked_request(actor, request_id: int) -> ReviewRequest:
    request = (ReviewRequest.objects.select_for_update(of=("self",)).select_related("document__issuer__department")
               .filter(pk=request_id).first())
    if request is None or not (norm_capacities(actor, request.document) & {"unit", "legal_reviewer"}):
        raise NotFoundRequest
    return request


NotFoundRequest = errors.NotFound("procedures.review_request_not_found", "未找到该审查申请，或不在您的办理范围内。")


@transaction.atomic
def extend_review(*, actor, request_id: int, reason: str, now: datetime) -> ReviewRequest:
    request = _locked_request(actor, request_id)
    if request.extended or request.answered_on:
        raise errors.gate("review_extension_used", "审查申请只能延长一次，且须在处理前。")
    if not _text(reason):
        raise errors.gate("reason_required", "延长处理期限须说明理由（经审查机关负责人批准）。", "reason")
    before = {"due_on": str(request.due_on)}
    extra = _rule("procedures.norm_review_request_extension_natural_days", local_date(now),
                  request.document.issuer.department.region)
    request.due_on = request.due_on + timedelta(days=extra)  # natural days: 延长最多不超过30日
    request.extended = True
    request.save()
    audit.record(actor=actor, action=events.REVIEW_EXTENDED, target=request, now=now, before=before,
                 after={"due_on": str(request.due_on), "reason": _text(reason)})
    return request


@transaction.atomic
def answer_review(*, actor, request_id: int, answer: str, now: datetime) -> ReviewRequest:
    request = _locked_request(actor, request_id)
    if request.answered_on:
        raise errors.gate("review_answered", "该审查申请已处理。")
    if not _text(answer):
        raise errors.gate("answer_required", "请填写处理结果。", "answer")
    request.answer, request.answered_on = _text(answer), local_date(now)
    request.save()
    audit.record(actor=actor, action=events.REVIEW_ANSWERED, target=request, now=now,
                 after={"answered_on": str(request.answered_on), "late": request.answered_on > request.due_on})
    return request


# --- 重大行政决策 -----------------------------------------------------------------------------

def _is_legal_reviewer_of(actor, region) -> bool:
    return actor is not None and (actor.role == Role.ADMIN or is_legal_reviewer(actor, region.pk))


@transaction.atomic
def add_to_catalogue(*, actor, region, year: int, title: str, undertaker, complex: bool = False,
                     hearing_required: bool = False, now: datetime) -> MajorDecision:
    """司法行政部门 compiles the year's catalogue (seed 003 第七条)."""
    if not _is_legal_reviewer_of(actor, region):
        raise errors.role_not_allowed("编制决策事项目录")
    catalogue, _ = DecisionCatalogue.objects.get_or_create(region=region, year=year)
    if catalogue.published_on:
        raise errors.gate("catalogue_published", "目录已公布，调整须报决策机关研究确定后重新公布。")
    title = _text(title, 200)
    if not title:
        raise errors.gate("title_required", "请填写决策事项名称。", "title")
    decision = MajorDecision.objects.create(catalogue=catalogue, title=title, undertaker=undertaker,
                                            complex=complex, hearing_required=hearing_required,
                                            created_at=now, updated_at=now)
    audit.record(actor=actor, action=events.DECISION_CREATED, target=decision, now=now,
                 after={"title": title, "year": year, "undertaker": undertaker.code})
    return decision


@transaction.atomic
def publish_catalogue(*, actor, region, year: int, now: datetime) -> DecisionCatalogue:
    if not _is_legal_reviewer_of(actor, region):
        raise errors.role_not_allowed("公布决策事项目录")
    catalogue = DecisionCatalogue.objects.select_for_update().filter(region=region, year=year).first()
    if catalogue is None or not catalogue.decisions.exists():
        raise errors.gate("catalogue_empty", "目录中尚无决策事项。")
    if catalogue.published_on:
        raise errors.gate("catalogue_published", "目录已公布。")
    catalogue.published_on = local_date(now)
    catalogue.save()
    audit.record(actor=actor, action=events.CATALOGUE_PUBLISHED, target=catalogue, now=now,
                 after={"year": year, "published_on": str(catalogue.published_on)})
    return catalogue


@dataclass(frozen=True)
class DecisionCommand:
    action: str
    expected_version: int | None = None
    reason: str = ""
    opinion: str = ""
    comment_start: date | None = None
    comment_end: date | None = None
    hearing_held_on: date | None = None
    participation_summary: str = ""
    experts: list[str] = field(default_factory=list)
    expert_opinion: str = ""
    risk_level: str = ""
    risk_report: str = ""
    materials: list[str] = field(default_factory=list)
    outcome: str = ""
    majority_view: str = ""
    head_reasons: str = ""
    risk_controls: str = ""
    evaluation_triggers: list[str] = field(default_factory=list)
    evaluation: dict = field(default_factory=dict)


def _catalogue_published(transition, decision: MajorDecision, command, actor, now) -> None:
    if decision.catalogue.published_on is None:
        raise errors.gate("catalogue_unpublished", "年度决策事项目录尚未公布，目录外事项不得启动决策程序。")


def _hearing_held(transition, decision: MajorDecision, command: DecisionCommand, actor, now) -> None:
    if decision.hearing_required and not (command.hearing_held_on or decision.hearing_held_on):
        raise errors.gate("hearing_missing", "决策事项存在较大分歧或直接涉及切身利益，应当召开听证会。",
                          "hearing_held_on")
    if not _text(command.participation_summary):
        raise errors.gate("participation_summary_missing", "请填写公众意见及采纳情况。", "participation_summary")


def required_experts(decision: MajorDecision, today: date) -> int:
    code = "procedures.decision_experts_complex_min" if decision.complex else "procedures.decision_experts_min"
    return _rule(code, today, decision.catalogue.region)


def _experts_enough(transition, decision: MajorDecision, command: DecisionCommand, actor, now) -> None:
    names = {_text(name, 50) for name in command.experts} - {""}
    needed = required_experts(decision, local_date(now))
    if len(names) < needed:
        why = "（涉及面较广、争议较大或特别复杂敏感）" if decision.complex else ""
        raise errors.gate("experts_too_few", f"参与论证的专家一般不少于 {needed} 人{why}，现有 {len(names)} 人。",
                          "experts")
    if not _text(command.expert_opinion):
        raise errors.gate("expert_opinion_missing", "请填写专家论证结论。", "expert_opinion")


def _risk_assessed(transition, decision: MajorDecision, command: DecisionCommand, actor, now) -> None:
    if command.risk_level not in RiskLevel.values:
        raise errors.gate("risk_level_missing", "请确定风险等级（高 / 中 / 低）。", "risk_level")
    if not _text(command.risk_report):
        raise errors.gate("risk_report_missing", "请填写风险评估报告（评估过程、结果、防范措施和处置预案）。",
                          "risk_report")


def _decision_materials(transition, decision: MajorDecision, command: DecisionCommand, actor, now) -> None:
    given = set(command.materials)
    if missing := [label for code, label in required_materials(decision) if code not in given]:
        raise errors.gate("materials_missing", "送审材料不全，缺少：" + "；".join(missing), "materials")


def _outcome_given(transition, decision: MajorDecision, command: DecisionCommand, actor, now) -> None:
    wanted = ("disagree",) if command.action == "reject" else ("agree", "agree_in_principle")
    if command.outcome not in wanted:
        raise errors.gate("outcome_missing", "请选择决定：" + "、".join(DecisionOutcome(v).label for v in wanted),
                          "outcome")
    if command.majority_view not in DecisionOutcome.values:
        raise errors.gate("majority_missing", "请记录会议组成人员的多数意见。", "majority_view")
    if command.majority_view != command.outcome and not _text(command.head_reasons):
        raise errors.gate("head_reasons_missing", "行政首长的决定与多数人意见不一致，应当说明理由。", "head_reasons")


def _risk_controllable(transition, decision: MajorDecision, command: DecisionCommand, actor, now) -> None:
    if decision.risk_level == RiskLevel.HIGH and not _text(command.risk_controls):
        raise errors.gate("risk_uncontrolled", "风险评估为高风险：须说明已采取调整草案等措施确保风险可控，方可作出决策。",
                          "risk_controls")


def _decided(transition, decision: MajorDecision, command, actor, now) -> None:
    if decision.decided_on is None or decision.outcome not in ("agree", "agree_in_principle"):
        raise errors.gate("decision_missing", "未经集体讨论决定，不得公布。")


def _evaluation_complete(transition, decision: MajorDecision, command: DecisionCommand, actor, now) -> None:
    triggers = [code for code in command.evaluation_triggers if code in dict(EVALUATION_TRIGGERS)]
    if not triggers:
        raise errors.gate("evaluation_trigger_missing", "请选择开展决策后评估的情形。", "evaluation_triggers")
    missing = [label for code, label in EVALUATION_CONTENTS if not _text(str(command.evaluation.get(code, "")))]
    if missing:
        raise errors.gate("evaluation_incomplete", "后评估内容不全，缺少：" + "；".join(missing), "evaluation")


def _record_participation(decision: MajorDecision, command: DecisionCommand, actor, now, context) -> dict:
    decision.hearing_held_on = command.hearing_held_on or decision.hearing_held_on
    decision.participation_summary = _text(command.participation_summary)
    return {"hearing_held_on": str(decision.hearing_held_on) if decision.hearing_held_on else None}


def _record_experts(decision: MajorDecision, command: DecisionCommand, actor, now, context) -> dict:
    decision.experts = sorted({_text(name, 50) for name in command.experts} - {""})
    decision.expert_opinion = _text(command.expert_opinion)
    return {"experts": len(decision.experts)}


def _record_risk(decision: MajorDecision, command: DecisionCommand, actor, now, context) -> dict:
    decision.risk_level, decision.risk_report = command.risk_level, _text(command.risk_report)
    known = {code for code, _, _ in DECISION_MATERIALS}
    decision.materials = sorted({code for code in command.materials if code in known})
    return {"risk_level": decision.risk_level}


def _record_decision(decision: MajorDecision, command: DecisionCommand, actor, now, context) -> dict:
    decision.outcome, decision.majority_view = command.outcome, command.majority_view
    decision.head_reasons, decision.risk_controls = _text(command.head_reasons), _text(command.risk_controls)
    decision.decided_on = local_date(now)
    return {"outcome": decision.outcome, "majority_view": decision.majority_view,
            "head_reasons": decision.head_reasons}


def _record_decision_publication(decision: MajorDecision, command, actor, now, context) -> dict:
    decision.published_on = local_date(now)
    return {"published_on": str(decision.published_on)}


def _record_archive(decision: MajorDecision, command, actor, now, context) -> dict:
    decision.archived_on = local_date(now)
    return {"archived_on": str(decision.archived_on)}


def _record_decision_evaluation(decision: MajorDecision, command: DecisionCommand, actor, now, context) -> dict:
    decision.evaluation_triggers = sorted(set(command.evaluation_triggers) & set(dict(EVALUATION_TRIGGERS)))
    decision.evaluation = {code: _text(str(command.evaluation.get(code, ""))) for code, _ in EVALUATION_CONTENTS}
    decision.evaluated_on = local_date(now)
    return {"evaluation_triggers": decision.evaluation_triggers}


def _reset_review(decision: MajorDecision, command, actor, now, context) -> dict:
    decision.legality_submitted_on = None
    decision.comment_start = decision.comment_end = None
    return {"reason": _text(command.reason)}


DECISION_ENGINE = Engine(
    DECISION_VOCABULARY,
    guards={
        "reason_given": _reason_given, "catalogue_published": _catalogue_published,
        "comment_period_planned": _comment_period_planned, "comment_period_elapsed": _comment_period_elapsed,
        "hearing_held": _hearing_held, "experts_enough": _experts_enough, "risk_assessed": _risk_assessed,
        "materials_complete": _decision_materials, "legality_period_elapsed": _legality_period_elapsed,
        "opinion_given": _opinion_given, "legality_passed": _legality_passed, "outcome_given": _outcome_given,
        "risk_controllable": _risk_controllable, "decided": _decided, "evaluation_complete": _evaluation_complete,
    },
    effects={
        "record_comment_period": _record_comment_period, "record_participation": _record_participation,
        "record_experts": _record_experts, "record_risk": _record_risk, "record_submission": _record_submission,
        "record_legality": _record_legality, "record_decision": _record_decision,
        "record_publication": _record_decision_publication, "record_filing": _record_filing,
        "record_archive": _record_archive, "record_evaluation": _record_decision_evaluation,
        "reset_review": _reset_review,
    },
    unknown_action=errors.unknown_action,
    refused=lambda workflow, transition, roles: errors.role_not_allowed(transition.label),
)


def _decision_snapshot(decision: MajorDecision) -> dict:
    return {"status": decision.status, "row_version": decision.row_version, "risk_level": decision.risk_level,
            "outcome": decision.outcome}


@transaction.atomic
def transition_decision(*, actor, decision_id: int, command: DecisionCommand, now: datetime) -> MajorDecision:
    """Take one step of the 重大行政决策 procedure, or refuse naming the missing stage."""
    rows = MajorDecision.objects if actor is None else decisions_for(actor)
    decision = (rows.select_for_update(of=("self",)).select_related("catalogue__region", "undertaker")
                .filter(pk=decision_id).first())
    if decision is None:
        raise errors.DECISION_NOT_FOUND
    label = DECISION_WORKFLOW.label_of(decision.status)
    if command.expected_version is not None and command.expected_version != decision.row_version:
        raise errors.stale_version(decision.row_version, label)
    transition = DECISION_ENGINE.find(DECISION_WORKFLOW, decision.status, command.action, state_label=label)
    DECISION_ENGINE.permit(DECISION_WORKFLOW, transition, decision_capacities(actor, decision))
    before = _decision_snapshot(decision)
    DECISION_ENGINE.check_guards(transition, decision, command, actor, now)
    details = DECISION_ENGINE.apply_effects(transition, decision, command, actor, now, None, {})
    decision.status, decision.row_version, decision.updated_at = transition.target, decision.row_version + 1, now
    audit.record(actor=actor, action=f"{events.DECISION_PREFIX}{command.action}", target=decision, now=now,
                 before=before, after={**_decision_snapshot(decision), **details})
    decision.save()
    if command.action in ("decide", "reject"):
        emit(events.TOPIC_DECISION_DECIDED, stream=f"procedures.decision:{decision.pk}", now=now,
             payload={"id": decision.pk, "outcome": decision.outcome})
    return decision


# --- 国有企业: guarantees, milestones, accountability -----------------------------------------

def check_guarantee(*, stake_percent: Decimal, debt_amount: Decimal, requested_amount: Decimal,
                    net_assets_held: Decimal, capital_contributed: Decimal, existing_guaranteed: Decimal = Decimal(0),
                    counter_guarantee: bool = False, pledged_assets: tuple[str, ...] = (), today: date,
                    region=None) -> soe.GuaranteeCheck:
    """The share rule with the district's control threshold (34 % by default)."""
    return soe.check_guarantee(
        stake_percent=stake_percent, debt_amount=debt_amount, requested_amount=requested_amount,
        net_assets_held=net_assets_held, capital_contributed=capital_contributed,
        existing_guaranteed=existing_guaranteed, counter_guarantee=counter_guarantee, pledged_assets=pledged_assets,
        control_stake_percent=_rule("procedures.soe_control_stake_percent", today, region))


def milestone_report_due(stage_ended_on: date, today: date, region=None) -> date:
    """融资事项重要阶段结束后报告的最后一天 (10 个工作日)."""
    return add_working_days(stage_ended_on, _rule("procedures.soe_milestone_working_days", today, region))


def accountability_assessment(loss_yuan: Decimal, responsibility: str, today: date, region=None) -> dict:
    """The tier of an asset loss and the pay-cut range the seed sets for the responsibility."""
    tier = soe.loss_tier(loss_yuan, larger_min=_rule("procedures.soe_loss_larger_min_yuan", today, region),
                         major_min=_rule("procedures.soe_loss_major_min_yuan", today, region))
    low, high = soe.pay_cut_range(tier, responsibility,
                                  minimums=_rule("procedures.soe_pay_cut_min_percent", today, region),
                                  maximums=_rule("procedures.soe_pay_cut_max_percent", today, region))
    return {"tier": tier, "tier_label": soe.LOSS_TIER_LABELS[tier], "pay_cut_min_percent": low,
            "pay_cut_max_percent": high}


def accountability_deadlines(opened_on: date, today: date, region=None) -> dict[str, date]:
    """The case time limits counted from `opened_on` (初核, 调查, and from a decision's delivery
    the 申诉, 复核 and 整改报告 limits)."""
    limits = _rule("procedures.soe_case_limits_working_days", today, region)
    found = {key: add_working_days(opened_on, days) for key, days in limits.items()}
    found["investigation"] = add_months(opened_on, _rule("procedures.soe_investigation_months", today, region))
    return found
