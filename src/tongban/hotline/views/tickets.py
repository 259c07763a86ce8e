"""12345 pages: the operator's intake, the queue, the ticket page with its actions, public stats."""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from tongban.accounts.scopes import departments_for, regions_for
from tongban.catalog.queries import CatalogFilter, filtered
from tongban.core.errors import DomainError, Forbidden, InvalidInput, NotFound

from .. import services
from ..constants import HandlingLevel, SupervisionLevel, TicketKind
from ..models import HotlineChannel, TicketCategory
from ..presenters import channel_names, ticket_payload, timeline
from ..queries import QUEUES, cursor_of, hotline_stats, queue
from ..scopes import is_operator, ticket_for
from ..stats_chart import bars
from ..workflow import TICKET_WORKFLOW

QUEUE_PAGE = 50
QUEUE_TABS = [("open", "办理中"), ("closed", "已办结"), ("all", "全部")]
FIELDS = ["kind", "category", "channel", "caller_name", "caller_phone", "content", "region", "related_case", "answer",
          "enterprise_uscc", "enterprise_name", "is_emergency"]
#: What each action's form asks for (the workflow's guards decide what is required).
ACTION_FIELDS = {
    "dispatch": ["department"], "redispatch": ["department"], "return": ["reason"],
    "request_extension": ["extension_days", "reason"], "refuse_extension": ["reason"],
    "reply": ["reply"], "answer_directly": ["reply"], "callback_unsatisfied": ["reason"],
}


def guide_hits(request: HttpRequest, q: str) -> list[dict]:
    """咨询 answered from the catalog: published guides matching the caller's words, with links."""
    if not q.strip():
        return []
    items = filtered(CatalogFilter(q=q.strip()[:50]))[:8]
    return [{"name": item.published_version.name, "code": item.implementation_code,
             "url": request.build_absolute_uri(reverse("catalog:guide", args=[item.implementation_code]))}
            for item in items]


def _intake_context(request: HttpRequest, values: dict, field_errors: dict) -> dict:
    q = request.GET.get("q", "")[:50]
    hits = guide_hits(request, q)
    picked = next((hit for hit in hits if hit["code"] == request.GET.get("guide")), None)
    if picked and not values.get("answer"):
        values = {**values, "answer": f"您好，您咨询的事项请参阅办事指南《{picked['name']}》：{picked['url']}",
                  "kind": "consult"}
    return {
        "values": values, "errors": field_errors, "q": q, "hits": hits,
        "kinds": TicketKind.choices,
        "channels": list(HotlineChannel.objects.filter(is_active=True).values_list("code", "name")),
        "categories": TicketCategory.objects.filter(parent__isnull=False).select_related("parent"),
        "regions": regions_for(request.user),
    }


def intake(request: HttpRequest) -> HttpResponse:
    """统一受理 — the operator records a call; a consult can be answered at once from the catalog."""
    if request.method != "POST":
        values = {"channel": "phone", "region": request.user.region.code if request.user.region_id else ""}
        return render(request, "hotline/intake.html", _intake_context(request, values, {}))
    values = {name: request.POST.get(name, "").strip() for name in FIELDS}
    data = services.TicketInput(
        kind=values["kind"], category_code=values["category"], channel=values["channel"],
        caller_name=values["caller_name"], caller_phone=values["caller_phone"], content=values["content"],
        region_code=values["region"], related_case_number=values["related_case"],
        enterprise_uscc=values["enterprise_uscc"], enterprise_name=values["enterprise_name"],
        is_emergency=values["is_emergency"] == "1")
    now = timezone.now()
    try:
        ticket = services.register_ticket(data, actor=request.user, now=now)
    except InvalidInput as error:
        field_errors = {e.field: e.message for e in error.errors}
        return render(request, "hotline/intake.html", _intake_context(request, values, field_errors), status=422)
    if values["answer"] and ticket.kind == TicketKind.CONSULT:
        services.transition_ticket(actor=request.user, number=ticket.number, now=now, command=services.Command(
            action="answer_directly", expected_version=ticket.row_version, reply=values["answer"]))
    messages.success(request, f"已登记工单 {ticket.number}。")
    return redirect("hotline:detail", number=ticket.number)


@require_GET
def catalog_search(request: HttpRequest) -> HttpResponse:
    """htmx: the guide links matching the search box, swapped into the intake page."""
    q = request.GET.get("q", "")[:50]
    return render(request, "hotline/_catalog_results.html", {"q": q, "hits": guide_hits(request, q)})


@require_GET
def ticket_queue(request: HttpRequest) -> HttpResponse:
    """工单队列 — a department sees only its own tickets, the centre those of its regions; 应急 first."""
    name = request.GET.get("name", "open")
    name = name if name in QUEUES else "open"
    enterprise, overdue = request.GET.get("enterprise") == "1", request.GET.get("callback_overdue") == "1"
    now, channels = timezone.now(), channel_names()
    rows = queue(request.user, name=name, after=request.GET.get("after", "")[:20], limit=QUEUE_PAGE,
                 enterprise=enterprise, callback_overdue=overdue, now=now)
    base = reverse("hotline:queue")
    filters = {key: "1" for key, on in (("enterprise", enterprise), ("callback_overdue", overdue)) if on}
    return render(request, "hotline/queue.html", {
        "rows": [ticket_payload(t, request.user, channels=channels, now=now, with_history=False)
                 for t in rows[:QUEUE_PAGE]], "name": name,
        "tabs": [{"label": label, "url": f"{base}?{urlencode({'name': tab, **filters})}", "active": tab == name}
                 for tab, label in QUEUE_TABS],
        "filters": [{"label": label, "active": key in filters,
                     "url": f"{base}?{urlencode({'name': name, **({} if key in filters else {key: '1'})})}"}
                    for key, label in (("enterprise", "只看企业诉求"), ("callback_overdue", "只看回访超期"))],
        "more_url": f"{base}?{urlencode({'name': name, **filters, 'after': cursor_of(rows[QUEUE_PAGE - 1])})}"
        if len(rows) > QUEUE_PAGE else "",
        "can_register": is_operator(request.user),
    })


@require_GET
def ticket_detail(request: HttpRequest, number: str) -> HttpResponse:
    ticket = ticket_for(request.user, number)
    payload = ticket_payload(ticket, request.user)
    duplicates = []
    if is_operator(request.user) and TICKET_WORKFLOW.find(ticket.status, "merge"):
        duplicates = services.duplicate_candidates(ticket, viewer=request.user)
    return render(request, "hotline/detail.html", {
        "ticket": ticket, "payload": payload, "timeline": timeline(ticket),
        "actions": [{**action, "fields": ACTION_FIELDS.get(action["action"], [])} for action in payload["actions"]],
        "departments": departments_for(request.user).order_by("code"), "duplicates": duplicates,
        "merged_tickets": list(ticket.merged_tickets.values_list("number", flat=True)),
        "can_escalate": is_operator(request.user) and ticket.status not in TICKET_WORKFLOW.terminal,
        "supervision_levels": [(value, label) for value, label in SupervisionLevel.choices
                               if value >= ticket.supervision_level],
        "handling_levels": [(value, label) for value, label in HandlingLevel.choices if value > ticket.handling_level],
    })


def _refused(request: HttpRequest, error: DomainError, number: str) -> HttpResponse:
    if isinstance(error, NotFound | Forbidden):
        raise error
    messages.error(request, error.message)
    return redirect("hotline:detail", number=number)


@require_POST
def ticket_transition(request: HttpRequest, number: str) -> HttpResponse:
    post = request.POST
    version, days = post.get("expected_version", ""), post.get("extension_days", "")
    command = services.Command(
        action=post.get("action", "")[:40], expected_version=int(version) if version.isdigit() else None,
        reason=post.get("reason", ""), reply=post.get("reply", ""), department_code=post.get("department", ""),
        extension_days=int(days) if days.isdigit() else None)
    try:
        ticket = services.transition_ticket(actor=request.user, number=number, command=command, now=timezone.now())
    except DomainError as error:
        return _refused(request, error, number)
    # state labels already read as results (已派单, 办理中, 已退单): never prefix them with 已
    messages.success(request, f"工单 {ticket.number} 当前状态：{TICKET_WORKFLOW.label_of(ticket.status)}。")
    if ticket.department_id is None and not is_operator(request.user):  # 退单: no longer ours
        return redirect("hotline:queue")
    return redirect("hotline:detail", number=ticket.number)


@require_POST
def ticket_escalate(request: HttpRequest, number: str) -> HttpResponse:
    """督办 or 提级办理 from the ticket page (the centre)."""
    post = request.POST
    version, level = post.get("expected_version", ""), post.get("level", "")
    run = services.elevate_ticket if post.get("kind") == "elevate" else services.supervise_ticket
    try:
        ticket = run(actor=request.user, number=number, level=int(level) if level.isdigit() else 0,
                     reason=post.get("reason", ""), now=timezone.now(),
                     expected_version=int(version) if version.isdigit() else None)
    except DomainError as error:
        return _refused(request, error, number)
    messages.success(request, f"工单 {ticket.number} 已{'提级办理' if post.get('kind') == 'elevate' else '督办'}。")
    return redirect("hotline:detail", number=ticket.number)


@require_POST
def ticket_merge(request: HttpRequest, number: str) -> HttpResponse:
    version = request.POST.get("expected_version", "")
    try:
        master = services.merge_tickets(actor=request.user, master_number=number[:30],
                                        duplicate_numbers=request.POST.getlist("duplicates"), now=timezone.now(),
                                        expected_version=int(version) if version.isdigit() else None)
    except DomainError as error:
        return _refused(request, error, number)
    messages.success(request, f"已合并到主工单 {master.number}，答复将同步给每位诉求人。")
    return redirect("hotline:detail", number=master.number)


@require_GET
def stats(request: HttpRequest) -> HttpResponse:
    """接诉即办统计 — public: volume, on-time replies and satisfaction by department and month."""
    rows, total = hotline_stats()
    return render(request, "hotline/stats.html", {"rows": rows, "total": total, "chart": bars(rows)})
