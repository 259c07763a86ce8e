"""Pages: 起草单位 and 司法局 desk, a document's or decision's stages with the next steps, the public
list of published 规范性文件, the quarterly catalogue and the decision catalogue."""

from datetime import date

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from tongban.core.clock import local_date
from tongban.core.errors import DomainError, Forbidden, NotFound

from . import presenters, services
from .constants import (
    ASSESSMENT_TRIGGERS,
    DECISION_MATERIALS,
    EVALUATION_CONTENTS,
    EVALUATION_TRIGGERS,
    NORM_MATERIALS,
    DecisionOutcome,
    RiskLevel,
)
from .models import PlanEntry
from .queries import decision_page, document_page
from .workflow import DECISION_WORKFLOW, NORM_WORKFLOW

#: the inputs each step's form asks for (the service checks them all again)
NORM_FIELDS = {
    "open_consultation": ["comment_start", "comment_end"], "return_to_unit": ["reason"],
    "pass_legality": ["opinion"], "deliberate": ["meeting"],
    "publish": ["published_on", "effective_on", "expires_on", "immediate_reason"], "evaluate": ["evaluation"],
    "keep": ["reason"], "revise": ["reason"], "repeal": ["reason"], "withdraw": ["reason"],
}
DECISION_FIELDS = {
    "start_participation": ["comment_start", "comment_end"],
    "finish_participation": ["hearing_held_on", "participation_summary"],
    "record_experts": ["experts", "expert_opinion"], "submit_for_review": ["risk_level", "risk_report", "materials"],
    "return_for_correction": ["reason"], "pass_legality": ["opinion"],
    "decide": ["outcome", "majority_view", "head_reasons", "risk_controls"],
    "reject": ["outcome", "majority_view", "head_reasons"],
    "post_evaluate": ["evaluation_triggers", "evaluation"],
}
LABELS = {
    "comment_start": "征求意见开始日期", "comment_end": "征求意见截止日期", "reason": "理由", "opinion": "审核（审查）意见",
    "meeting": "审议会议", "published_on": "公布日期", "effective_on": "施行日期", "expires_on": "有效期至",
    "immediate_reason": "公布即施行的理由（如有）", "evaluation": "评估结论", "hearing_held_on": "听证日期（如举行）",
    "participation_summary": "公众意见及采纳情况", "experts": "论证专家（每行一人）", "expert_opinion": "专家论证结论",
    "risk_level": "风险等级", "risk_report": "风险评估报告", "materials": "送审材料", "outcome": "决定",
    "majority_view": "会议组成人员多数意见", "head_reasons": "行政首长说明理由（与多数意见不一致时）",
    "risk_controls": "风险可控说明（高风险时）", "evaluation_triggers": "后评估情形",
}
TEXTAREAS = {"reason", "opinion", "evaluation", "participation_summary", "experts", "expert_opinion", "risk_report",
             "head_reasons", "risk_controls", "immediate_reason"}
DATE_FIELDS = {"comment_start", "comment_end", "published_on", "effective_on", "expires_on", "hearing_held_on"}


def _fields(names: list[str]) -> list[dict]:
    choices = {"risk_level": RiskLevel.choices, "outcome": DecisionOutcome.choices,
               "majority_view": DecisionOutcome.choices,
               "materials": [(code, label) for code, label, _ in DECISION_MATERIALS],
               "evaluation_triggers": list(EVALUATION_TRIGGERS)}
    found = []
    for name in names:
        if name == "evaluation" and "evaluation_triggers" in names:
            found += [{"name": f"evaluation_{code}", "label": label, "kind": "textarea"}
                      for code, label in EVALUATION_CONTENTS]
            continue
        kind = ("date" if name in DATE_FIELDS else "multi" if name in ("materials", "evaluation_triggers")
                else "select" if name in choices else "textarea" if name in TEXTAREAS else "text")
        found.append({"name": name, "label": LABELS[name], "kind": kind, "choices": choices.get(name, ())})
    return found


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _version(post) -> int | None:
    value = post.get("expected_version", "")
    return int(value) if value.isdigit() and len(value) < 10 else None


def _refused(request: HttpRequest, error: DomainError, target: str, pk: int) -> HttpResponse:
    if isinstance(error, NotFound | Forbidden):
        raise error
    messages.error(request, error.message)
    return redirect(target, pk)


@require_GET
def public(request: HttpRequest) -> HttpResponse:
    today = local_date(timezone.now())
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else today.year
    quarter = request.GET.get("quarter", "")
    quarter = int(quarter) if quarter in ("1", "2", "3", "4") else (today.month - 1) // 3 + 1
    documents = [d for d in document_page(None, limit=100, status=NORM_WORKFLOW.states_tagged("in_force"))][:100]
    decisions = decision_page(None, limit=100)[:100]
    return render(request, "procedures/public.html", {
        "documents": documents, "catalogue": list(services.quarterly_catalogue(year, quarter)),
        "year": year, "quarter": quarter, "quarters": (1, 2, 3, 4), "decisions": decisions,
        "decision_labels": DECISION_WORKFLOW.states})


@require_GET
def desk(request: HttpRequest) -> HttpResponse:
    user = request.user
    today = local_date(timezone.now())
    open_states = NORM_WORKFLOW.states_tagged("open")
    documents = [d for d in document_page(user, limit=100, status=open_states + ("in_force",))
                 if presenters.document_capacities(user, d)][:100]
    decisions = [d for d in decision_page(user, limit=100) if presenters.decision_capacities_for(user, d)][:100]
    issuer = services.issuer_of(user)
    alerts = services.expiry_alerts(today, documents=services.documents_for(user)) if documents else []
    return render(request, "procedures/desk.html", {
        "documents": documents, "decisions": decisions, "issuer": issuer, "alerts": alerts,
        "plan_entries": PlanEntry.objects.filter(issuer=issuer).order_by("-id")[:50] if issuer else [],
        "triggers": ASSESSMENT_TRIGGERS, "year": today.year,
        "norm_labels": NORM_WORKFLOW.states, "decision_labels": DECISION_WORKFLOW.states})


@require_POST
def new_document(request: HttpRequest) -> HttpResponse:
    post, now = request.POST, timezone.now()
    try:
        entry_id = post.get("plan_entry", "")
        if not entry_id.isdigit():
            year = post.get("year", "")
            entry = services.submit_plan_entry(actor=request.user, year=int(year) if year.isdigit() else 0,
                                               title=post.get("title", ""), basis=post.get("basis", ""), now=now)
            entry_id = str(entry.pk)
        document = services.create_document(
            actor=request.user, plan_entry_id=int(entry_id[:9]), is_trial=post.get("is_trial") == "on",
            affects_enterprises=post.get("affects_enterprises") == "on",
            trade_related=post.get("trade_related") == "on",
            assessment_triggers=post.getlist("assessment_triggers"),
            assessment_conclusion=post.get("assessment_conclusion", ""), now=now)
    except DomainError as error:
        if isinstance(error, NotFound | Forbidden):
            raise
        messages.error(request, error.message)
        return redirect("procedures:desk")
    messages.success(request, f"已创建规范性文件草案“{document.title}”。")
    return redirect("procedures:document", document.pk)


@require_GET
def document(request: HttpRequest, pk: int) -> HttpResponse:
    doc = presenters.document_for(request.user, pk)
    capacities = presenters.document_capacities(request.user, doc)
    actions = [{**t, "fields": _fields(NORM_FIELDS.get(t["action"], []))}
               for t in presenters.document_payload(doc, request.user)["next_actions"]]
    return render(request, "procedures/document.html", {
        "doc": doc, "status_label": NORM_WORKFLOW.label_of(doc.status), "actions": actions,
        "can_edit": "unit" in capacities and doc.status in services.EDITABLE_STATES,
        "materials": [(code, label, when, code in doc.materials) for code, label, when in NORM_MATERIALS],
        "missing": services.missing_materials(doc), "triggers": dict(ASSESSMENT_TRIGGERS)})


@require_POST
def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    post = request.POST
    try:
        services.update_draft(actor=request.user, document_id=pk, materials=post.getlist("materials"),
                              assessment_conclusion=post.get("assessment_conclusion"),
                              fair_competition_conclusion=post.get("fair_competition_conclusion"),
                              compliance_opinion=post.get("compliance_opinion"), now=timezone.now())
    except DomainError as error:
        return _refused(request, error, "procedures:document", pk)
    messages.success(request, "已保存送审材料与审查结论。")
    return redirect("procedures:document", pk)


@require_POST
def document_transition(request: HttpRequest, pk: int) -> HttpResponse:
    post = request.POST
    values = {name: (_date(post.get(name, "")) if name in DATE_FIELDS else post.get(name, ""))
              for name in ("reason", "opinion", "meeting", "comment_start", "comment_end", "published_on",
                           "effective_on", "expires_on", "immediate_reason", "evaluation")}
    command = services.Command(action=post.get("action", "")[:40], expected_version=_version(post), **values)
    try:
        doc = services.transition_document(actor=request.user, document_id=pk, command=command, now=timezone.now())
    except DomainError as error:
        return _refused(request, error, "procedures:document", pk)
    suffix = f"，登记号 {doc.registration_number}" if command.action == "register" else ""
    messages.success(request, f"当前状态：{NORM_WORKFLOW.label_of(doc.status)}{suffix}。")
    return redirect("procedures:document", pk)


@require_GET
def decision(request: HttpRequest, pk: int) -> HttpResponse:
    item = presenters.decision_for(request.user, pk)
    actions = [{**t, "fields": _fields(DECISION_FIELDS.get(t["action"], []))}
               for t in presenters.decision_payload(item, request.user)["next_actions"]]
    return render(request, "procedures/decision.html", {
        "item": item, "status_label": DECISION_WORKFLOW.label_of(item.status), "actions": actions,
        "materials": DECISION_MATERIALS, "risk_levels": RiskLevel.choices, "outcomes": DecisionOutcome.choices,
        "evaluation_triggers": EVALUATION_TRIGGERS, "evaluation_contents": EVALUATION_CONTENTS,
        "risk_label": dict(RiskLevel.choices).get(item.risk_level, "—"),
        "outcome_label": dict(DecisionOutcome.choices).get(item.outcome, "—"),
        "evaluation": [(label, item.evaluation.get(code, "")) for code, label in EVALUATION_CONTENTS]})


@require_POST
def decision_transition(request: HttpRequest, pk: int) -> HttpResponse:
    post = request.POST
    experts = [line.strip() for line in post.get("experts", "").replace("，", "\n").replace(",", "\n").splitlines()]
    command = services.DecisionCommand(
        action=post.get("action", "")[:40], expected_version=_version(post), reason=post.get("reason", ""),
        opinion=post.get("opinion", ""), comment_start=_date(post.get("comment_start", "")),
        comment_end=_date(post.get("comment_end", "")), hearing_held_on=_date(post.get("hearing_held_on", "")),
        participation_summary=post.get("participation_summary", ""), experts=[e for e in experts if e][:100],
        expert_opinion=post.get("expert_opinion", ""), risk_level=post.get("risk_level", "")[:8],
        risk_report=post.get("risk_report", ""), materials=post.getlist("materials")[:20],
        outcome=post.get("outcome", "")[:20], majority_view=post.get("majority_view", "")[:20],
        head_reasons=post.get("head_reasons", ""), risk_controls=post.get("risk_controls", ""),
        evaluation_triggers=post.getlist("evaluation_triggers")[:10],
        evaluation={code: post.get(f"evaluation_{code}", "") for code, _ in EVALUATION_CONTENTS})
    try:
        item = services.transition_decision(actor=request.user, decision_id=pk, command=command, now=timezone.now())
    except DomainError as error:
        return _refused(request, error, "procedures:decision", pk)
    messages.success(request, f"当前状态：{DECISION_WORKFLOW.label_of(item.status)}。")
    return redirect("procedures:decision", pk)
