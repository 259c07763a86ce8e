"""惠企政策 pages: 我可以申报的政策 and the application form (enterprise), the review queue and an
application's page with its steps (auditor, staff, enterprise), statistics with the chart."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from tongban.core.clock import local_date
from tongban.core.errors import DomainError

from . import rules_engine as engine
from . import services
from .api import _enterprise_uscc, application_payload, program_payload
from .constants import PAGE_SIZE
from .stats import chart, program_stats

#: what each step's form asks for (the workflow's guards decide what is required)
ACTION_FIELDS = {
    "audit_pass": ["reason"], "audit_reject": ["reason"], "approve": ["rank", "amount_yuan"], "reject": ["reason"],
    "object": ["reason"], "dismiss_objection": ["reason"], "uphold_objection": ["reason"], "claw_back": ["reason"],
    "drop": ["reason"], "confirm_account": ["bank_account"],
}


def portal(request: HttpRequest) -> HttpResponse:
    """我可以申报的政策 — the programs the enterprise qualifies for, and its applications."""
    today = local_date(timezone.now())
    try:
        enterprise = services.mandated_enterprise(request.user, _enterprise_uscc(request, ""))
    except DomainError as error:
        return render(request, "policies/portal.html", {"error": error.message, "matches": [], "applications": []})
    matches = services.matches_for_enterprise(enterprise, on=today)
    applications = [application_payload(a, request.user)
                    for a in services.applications_for(request.user).order_by("-id")[:PAGE_SIZE]]
    return render(request, "policies/portal.html", {"enterprise": enterprise, "matches": matches,
                                                    "applications": applications})


@require_http_methods(["GET", "POST"])
def program(request: HttpRequest, code: str) -> HttpResponse:
    """A program's clause, conditions and amount rule, and the application form."""
    program = services.program_by_code(code)
    context = {"program": program, "payload": program_payload(program, detail=True), "values": {}, "error": None,
               "field": None, "evaluation": None}
    if request.method == "POST":
        raw = {spec["name"]: request.POST.get(spec["name"], "").strip() for spec in program.rules.get("inputs", [])}
        context["values"] = raw | {"project_name": request.POST.get("project_name", "")}
        try:
            uscc = _enterprise_uscc(request, "")
            if request.POST.get("intent") == "estimate":
                enterprise = services.mandated_enterprise(request.user, uscc)
                _declared, context["evaluation"] = services.estimate(program, enterprise, raw,
                                                                     on=local_date(timezone.now()))
            else:
                application = services.submit_application(program, enterprise_uscc=uscc, declared=raw,
                                                           project_name=request.POST.get("project_name", ""),
                                                           actor=request.user, now=timezone.now())
                messages.success(request, "申报已提交，等待第三方审核。")
                return redirect("policies:detail", application_id=application.pk)
        except DomainError as error:
            context["error"], context["field"] = error.message, error.field
    if context["evaluation"] is not None and context["evaluation"].amount is not None:
        context["amount_text"] = engine.format_yuan(context["evaluation"].amount)
    return render(request, "policies/program.html", context)


def queue(request: HttpRequest) -> HttpResponse:
    """审核与兑现 — applications in the viewer's scope, newest first (keyset: ?before=<id>)."""
    rows = services.applications_for(request.user).order_by("-id")
    status = request.GET.get("status", "")[:20]
    if status:
        rows = rows.filter(status=status)
    before = request.GET.get("before", "")
    if before.isdigit() and len(before) < 18:
        rows = rows.filter(id__lt=int(before))
    page = list(rows[:PAGE_SIZE + 1])
    return render(request, "policies/queue.html", {
        "applications": [application_payload(a, request.user) for a in page[:PAGE_SIZE]],
        "next": page[PAGE_SIZE - 1].pk if len(page) > PAGE_SIZE else None, "status": status,
        "programs": services.open_programs(on=local_date(timezone.now()))})


@require_http_methods(["GET", "POST"])
def detail(request: HttpRequest, application_id: int) -> HttpResponse:
    application = services.application_for(request.user, application_id)
    error = field = None
    if request.method == "POST":
        rank = request.POST.get("rank", "").strip()
        try:
            if rank and not (rank.isdigit() and len(rank) < 5):
                raise DomainError("policy.bad_rank", "名次应为正整数。", field="rank", status=422)
            services.step(application, services.Step(
                action=request.POST.get("action", "")[:40], reason=request.POST.get("reason", "")[:600],
                amount_yuan=request.POST.get("amount_yuan", "").strip()[:20], rank=int(rank) if rank else None,
                bank_account=request.POST.get("bank_account", "")[:40]), actor=request.user, now=timezone.now())
            messages.success(request, "操作已完成。")
            return redirect("policies:detail", application_id=application.pk)
        except DomainError as exc:
            error, field = exc.message, exc.field
            application = services.application_for(request.user, application_id)
    payload = application_payload(application, request.user)
    for action in payload["actions"]:
        action["fields"] = ACTION_FIELDS.get(action["action"], [])
    return render(request, "policies/detail.html", {"payload": payload, "error": error, "field": field,
                                                    "inputs": application.program.rules.get("inputs", [])})


@require_http_methods(["GET", "POST"])
def program_ops(request: HttpRequest, code: str) -> HttpResponse:
    """Staff: 精准匹配 list of a program, 免申即享 run, batch payment."""
    program = services.program_by_code(code)
    if request.method == "POST":
        try:
            if request.POST.get("op") == "auto_grant":
                created = services.run_auto_grant(program, actor=request.user, now=timezone.now())
                messages.success(request, f"已生成免申即享名单 {len(created)} 条，待确认。")
            elif request.POST.get("op") == "pay_batch":
                paid = services.pay_batch(program, actor=request.user, now=timezone.now())
                messages.success(request, f"已拨付 {len(paid)} 笔。")
            elif request.POST.get("op") == "notify":
                count = services.notify_matches(program, actor=request.user, now=timezone.now())
                messages.success(request, f"已向 {count} 家符合条件的企业推送政策。")
        except DomainError as error:
            messages.error(request, error.message)
        return redirect("policies:program_ops", code=program.code)
    matches = services.eligible_enterprises(program, on=local_date(timezone.now()))
    return render(request, "policies/program_ops.html", {
        "program": program, "payload": program_payload(program), "matches": matches,
        "left": engine.format_yuan(engine.from_fen(min(services.budget_left(program), 10**15)))})


def stats(request: HttpRequest) -> HttpResponse:
    rows = program_stats()
    return render(request, "policies/stats.html", {"rows": rows, "chart": chart(rows)})
