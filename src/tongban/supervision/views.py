"""监管 pages: the inspector's / department head's 双随机 desk, the public 公开 page, 信用查询."""

from django.shortcuts import render
from django.utils import timezone

from tongban.core.clock import local_date
from tongban.core.errors import DomainError
from tongban.credit.records import public_credit

from . import services
from .workflow import INSPECTION_WORKFLOW, PLAN_WORKFLOW, TASK_WORKFLOW

PAGE = 50


def _before(request) -> int | None:
    value = (request.GET.get("before") or "")[:12]
    return int(value) if value.isdigit() else None


def plans(request):
    """双随机抽查: plans in scope (keyset by id), my inspections, 审管联动 tasks."""
    actor, before = request.user, _before(request)
    rows = services.plans_for(actor).order_by("-id")
    if before:
        rows = rows.filter(id__lt=before)
    rows = list(rows[:PAGE])
    inspections = list(services.inspections_for(actor).filter(status__in=INSPECTION_WORKFLOW.states_tagged("open"))
                       .order_by("-id")[:PAGE])
    tasks = list(services.tasks_for(actor).filter(status__in=TASK_WORKFLOW.states_tagged("open")).order_by("-id")[:PAGE])
    return render(request, "supervision/plans.html", {
        "plans": [(plan, PLAN_WORKFLOW.label_of(plan.status)) for plan in rows],
        "next_before": rows[-1].id if len(rows) == PAGE else None,
        "inspections": [(i, INSPECTION_WORKFLOW.label_of(i.status)) for i in inspections],
        "tasks": [(t, TASK_WORKFLOW.label_of(t.status)) for t in tasks]})


def public(request):
    """抽查结果公开: published plans with their seed, digests, drawn subjects and results."""
    before = _before(request)
    rows = services.public_plans().order_by("-id")
    if before:
        rows = rows.filter(id__lt=before)
    rows = list(rows[:PAGE // 5])
    shown = []
    for plan in rows:
        inspections = list(plan.inspections.select_related("enterprise").prefetch_related("findings")
                           .order_by("rank")[:PAGE]) if PLAN_WORKFLOW.has_tag(plan.status, "drawn") else []
        shown.append({"plan": plan, "state": PLAN_WORKFLOW.label_of(plan.status), "inspections": [
            (i, INSPECTION_WORKFLOW.label_of(i.status)) for i in inspections]})
    return render(request, "supervision/public.html", {"plans": shown,
                                                       "next_before": rows[-1].id if len(rows) == PAGE // 5 else None})


def credit_query(request):
    """信用查询 by USCC: only what is published."""
    uscc = (request.GET.get("uscc") or "").strip()[:40]
    found, error = None, ""
    if uscc:
        try:
            found = public_credit(uscc, on=local_date(timezone.now()))
        except DomainError as refusal:
            error = refusal.message
    return render(request, "supervision/credit_query.html", {"uscc": uscc, "found": found, "error": error})
