"""工作台账 pages: plans (upload), review beside the text, publish, a unit's tasks and reports, 通报."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from tongban.accounts.constants import Role
from tongban.accounts.models import Department
from tongban.core.clock import local_date
from tongban.core.errors import DomainError

from . import bulletin as bulletins
from . import errors, services
from .models import PlanStatus, TaskUnit, UnitRole
from .scopes import office_task, plan_for, plans_for, unit_task, unit_tasks

PAGE = 50
FIELD_LABELS = {"lead": "牵头单位", "units": "单位", "deadline": "完成时限"}


def _is_office(user) -> bool:
    return user.role in (Role.SUPERVISOR, Role.ADMIN)


@require_http_methods(["GET", "POST"])
def plans(request: HttpRequest) -> HttpResponse:
    error = None
    if request.method == "POST":
        upload = request.FILES.get("file")
        if not _is_office(request.user):
            error = "只有中心管理员可以导入方案"
        elif upload is None:
            error = "请选择文件"
        elif not request.user.region_id and request.user.role != Role.ADMIN:
            error = "账号未设置所属区划"
        else:
            region = request.user.region or Department.objects.first().region
            try:
                plan = services.import_plan(data=upload.read(services.MAX_UPLOAD + 1), filename=upload.name,
                                            region=region, actor=request.user, now=timezone.now())
            except DomainError as exc:
                error = exc.message
            else:
                messages.success(request, f"已提取 {plan.tasks.count()} 项任务，请校核后发布")
                return redirect("ledger:review", plan_id=plan.pk)
    before = request.GET.get("before", "")
    rows = plans_for(request.user).order_by("-id")
    if before.isdigit():
        rows = rows.filter(id__lt=int(before))
    rows = list(rows[:PAGE])
    return render(request, "ledger/plans.html", {
        "plans": rows, "error": error, "office": _is_office(request.user),
        "next": rows[-1].pk if len(rows) == PAGE else None,
    }, status=422 if error else 200)


def _task_rows(plan, *, now):
    units = defaultdict_list()
    for unit in TaskUnit.objects.filter(task__plan=plan).order_by("id"):
        units[(unit.task_id, unit.role)].append(unit)
    today = local_date(now)
    rows = []
    for task in plan.tasks.all():
        rows.append({
            "task": task, "lead": units[(task.pk, UnitRole.LEAD)], "responsible": units[(task.pk, UnitRole.RESPONSIBLE)],
            "uncertain": {FIELD_LABELS.get(u, u) for u in task.uncertain}, "flags": set(task.uncertain),
            "overdue": plan.status == PlanStatus.PUBLISHED and task.deadline is not None and task.deadline < today
            and task.status == "open",
        })
    return rows


def defaultdict_list():
    from collections import defaultdict

    return defaultdict(list)


def review(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_for(request.user, plan_id)
    rows = _task_rows(plan, now=timezone.now())
    departments = Department.objects.filter(region=plan.region).order_by("code")
    return render(request, "ledger/review.html", {
        "plan": plan, "rows": rows, "departments": departments, "office": _is_office(request.user),
        "draft": plan.status == PlanStatus.DRAFT, "unsure": sum(1 for r in rows if r["flags"]),
    })


def _ids(values: list[str]) -> list[int] | None:
    if not values:
        return None
    out = []
    for value in values:
        if not value.isdigit() or len(value) > 12:
            raise errors.unknown_department()
        out.append(int(value))
    return out


@require_POST
def fix_task(request: HttpRequest, plan_id: int, task_id: int) -> HttpResponse:
    plan = plan_for(request.user, plan_id)
    task = office_task(request.user, plan, task_id)
    post = request.POST
    try:
        deadline = None
        raw = post.get("deadline", "").strip()
        if raw:
            try:
                deadline = dt.date.fromisoformat(raw)
            except ValueError as exc:
                raise errors.bad_date() from exc
        learn = {}
        if post.get("alias", "").strip() and post.get("alias_department", "").isdigit():
            learn[post["alias"].strip()] = int(post["alias_department"])
        services.correct_task(task, title=post.get("title"), deadline=deadline,
                              clear_deadline=post.get("clear_deadline") == "1",
                              lead=_ids(post.getlist("lead")), responsible=_ids(post.getlist("responsible")),
                              learn=learn, actor=request.user, now=timezone.now())
    except DomainError as exc:
        messages.error(request, f"{task.numbering}：{exc.message}")
    else:
        messages.success(request, f"已更正 {task.numbering}")
    return redirect(reverse("ledger:review", args=[plan.pk]) + f"#task-{task.pk}")


@require_POST
def publish(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_for(request.user, plan_id)
    try:
        services.publish_plan(plan, actor=request.user, now=timezone.now())
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "台账已发布，各单位可报送进展")
    return redirect("ledger:review", plan_id=plan.pk)


def bulletin(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_for(request.user, plan_id)
    now = timezone.now()
    on = local_date(now)
    rows = bulletins.ranking(plan, on=on)
    fmt = request.GET.get("format", "")
    if fmt == "xlsx":
        response = HttpResponse(bulletins.excel(plan, rows, on=on),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="bulletin-{plan.pk}-{on.isoformat()}.xlsx"'
        return response
    context = {"plan": plan, "rows": rows, "on": on, "chart": bulletins.chart(rows)}
    if fmt == "pdf":
        from tongban.catalog.views import render_pdf

        html = render_to_string("ledger/bulletin_print.html", context, request=request)
        response = HttpResponse(render_pdf(html, base_url=request.build_absolute_uri("/")),
                                content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="bulletin-{plan.pk}-{on.isoformat()}.pdf"'
        return response
    return render(request, "ledger/bulletin.html", context)


def my_tasks(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    today = local_date(now)
    tasks = list(unit_tasks(request.user).select_related("plan").order_by("deadline", "id")[:200])
    rows = [{"task": t, "overdue": t.deadline is not None and t.deadline < today and t.status == "open",
             "due_soon": t.deadline is not None and today <= t.deadline and t.status == "open"
             and t.pk in services.due_soon_ids(tasks, today=today, region=None),
             "reports": list(t.reports.filter(department_id=request.user.department_id)[:3])} for t in tasks]
    return render(request, "ledger/my_tasks.html", {"rows": rows})


@require_POST
def report(request: HttpRequest, task_id: int) -> HttpResponse:
    task = unit_task(request.user, task_id)
    try:
        services.report_progress(task, department=request.user.department, text=request.POST.get("text", ""),
                                 completed=request.POST.get("completed") == "1",
                                 evidence=request.FILES.get("evidence"), actor=request.user, now=timezone.now())
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "进展已报送")
    return redirect("ledger:my_tasks")
