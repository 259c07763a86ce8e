"""Staff pages: 综合窗口受理, 帮办代办, the department queue and 综合窗口出件 (一窗受理)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods

from tongban.accounts.constants import Role
from tongban.catalog.queries import CatalogFilter, catalog_page, published_version_of
from tongban.rules import rule_value

from ..forms import IntakeForm, ItemSearchForm, applicant_code_of
from ..queries import QUEUES, pending_tasks, queue
from ..reuse import licence_types_held
from ..services.transitions import local_today
from ..deadlines import deadline_status
from .case import DEADLINE_BADGES, case_rows, form_accepted, is_partial, submitted_or_shown

QUEUE_PAGE = 50
SEARCH_RESULTS = 20
QUEUE_TABS = (("waiting", "待受理"), ("in_progress", "办理中"), ("sign_off", "待签发"), ("results", "待出件"))
FLAGS = (("", "全部"), ("yellow", "黄牌"), ("red", "红牌"))
INTAKE_PAGES = {
    "window": {"url_name": "cases:window_intake", "title": "综合窗口受理",
               "intro": "为现场申请人受理任意事项：选择事项，录入申请人，扫描上传材料。"},
    "helper": {"url_name": "cases:helper_apply", "title": "帮办代办",
               "intro": "代申请人提交申请：办件同时记录帮办代办员和申请人。"},
}


def _intake(request: HttpRequest, channel: str) -> HttpResponse:
    """Choose an item (catalog search), then record the applicant and materials and submit."""
    page = INTAKE_PAGES[channel]
    code = (request.POST.get("item") or request.GET.get("item") or "").strip()[:64]
    version = published_version_of(code) if code else None
    if version is None:
        search = ItemSearchForm(request.GET)
        q = search.cleaned_data["q"].strip() if search.is_valid() else ""
        criteria = CatalogFilter(q=q, channel="window" if channel == "window" else "")
        items, more = (catalog_page(criteria, after="", limit=SEARCH_RESULTS) if q
                       else ([], None))
        context = {**page, "search": search, "q": q, "items": items, "more": more, "unknown_item": code}
        if is_partial(request) and not code:
            return render(request, "cases/_item_results.html", context)
        return render(request, "cases/intake.html", context, status=404 if code else 200)
    today = local_today(timezone.now())
    materials = list(version.materials.select_related("license_type").order_by("order"))
    held = licence_types_held(applicant_code_of(request.POST)) if request.POST else frozenset()
    form = IntakeForm(request.POST or None, request.FILES or None, materials=materials, today=today,
                      held=held)
    if request.method == "POST" and form_accepted(form, actor=request.user):
        window = request.user.window if request.user.role == Role.INTAKE_CLERK else None
        number = submitted_or_shown(request, form, item_code=version.item.implementation_code,
                                    channel=channel, applicant=form.applicant, window=window)
        if number:
            messages.success(request, f"已登记办件 {number}。请核对材料后受理，或一次性告知补正。")
            return redirect("cases:detail", number)
    return render(request, "cases/intake.html", {**page, "version": version, "form": form})


@require_http_methods(["GET", "POST"])
def window_intake(request: HttpRequest) -> HttpResponse:
    """综合窗口受理 — the general window takes in any item for a walk-in applicant."""
    return _intake(request, "window")


@require_http_methods(["GET", "POST"])
def helper_apply(request: HttpRequest) -> HttpResponse:
    """帮办代办 — a helper applies on someone's behalf, with their own record on the case."""
    return _intake(request, "helper")


def _default_queue(user) -> str:
    return "waiting" if user.role in (Role.INTAKE_CLERK, Role.SUPERVISOR) else "in_progress"


def _queue_url(base: str, **params: str) -> str:
    return f"{base}?{urlencode({key: value for key, value in params.items() if value})}"


def _task_rows(cases, today) -> list[dict]:
    """并联审批 cases waiting for this department, with the 黄牌/红牌 of its own task's limit."""
    yellow_days = rule_value("case.yellow_card_working_days", on=today)
    rows = []
    for case in cases:
        status = deadline_status(due_date=case.task_due_date, is_paused=False, today=today,
                                 yellow_days=yellow_days).value
        rows.append({"case": case, "due_date": case.task_due_date, "deadline_status": status,
                     "deadline_label": DEADLINE_BADGES.get(status, "")})
    return rows


@require_GET
def department_queue(request: HttpRequest) -> HttpResponse:
    """部门办件队列 — 待受理 / 办理中 / 待出件, most urgent first, with 黄牌/红牌 filters.

    htmx swaps only the table when a tab or filter is chosen (and pushes the URL); "更多"
    appends the next keyset page. Without JavaScript the same links load whole pages.
    """
    name = request.GET.get("name", "")
    name = name if name in QUEUES else _default_queue(request.user)
    flag = request.GET.get("flag", "")
    flag = flag if flag in ("yellow", "red") else ""
    after = request.GET.get("after", "")[:40]
    today = local_today(timezone.now())
    page = queue(request.user, name=name, today=today, after=after, limit=QUEUE_PAGE, flag=flag,
                 yellow_days=rule_value("case.yellow_card_working_days", on=today))
    base = reverse("cases:department_queue")
    context = {
        "rows": case_rows(page.cases, today), "name": name, "flag": flag, "after": after,
        "queue_label": dict(QUEUE_TABS)[name],
        "tabs": [{"name": tab, "label": label, "active": tab == name,
                  "url": _queue_url(base, name=tab, flag=flag)} for tab, label in QUEUE_TABS],
        "flags": [{"flag": value, "label": label, "active": value == flag,
                   "url": _queue_url(base, name=name, flag=value)} for value, label in FLAGS],
        "first_url": _queue_url(base, name=name, flag=flag),
        "more_url": _queue_url(base, name=name, flag=flag, after=page.next_cursor or "")
        if page.next_cursor else "",
    }
    if is_partial(request):
        template = "cases/_queue_rows.html" if after else "cases/_queue_table.html"
        response = render(request, template, {**context, "oob": True})
    else:
        context["pending_tasks"] = _task_rows(pending_tasks(request.user, limit=QUEUE_PAGE), today)
        response = render(request, "cases/queue.html", context)
    response["Vary"] = "HX-Request"
    return response


@require_GET
def exit_window(request: HttpRequest) -> HttpResponse:
    """综合窗口出件 — results of the clerk's region waiting at the window; 领取 records the pickup."""
    after = request.GET.get("after", "")[:40]
    today = local_today(timezone.now())
    page = queue(request.user, name="results", today=today, after=after, limit=QUEUE_PAGE,
                 yellow_days=rule_value("case.yellow_card_working_days", on=today))
    base = reverse("cases:exit_window")
    context = {
        "rows": case_rows(page.cases, today), "after": after, "first_url": base,
        "more_url": _queue_url(base, after=page.next_cursor or "") if page.next_cursor else "",
    }
    template = "cases/_exit_rows.html" if is_partial(request) and after else "cases/exit_window.html"
    response = render(request, template, context)
    response["Vary"] = "HX-Request"
    return response
