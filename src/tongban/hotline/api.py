"""12345 接诉即办 API: intake, read, transitions (409 on stale versions), queue, duplicates, stats."""

from django.utils import timezone
from ninja import Query, Router, Status

from tongban.core.masking import mask_text

from . import services
from .presenters import due_label, ticket_payload
from .queries import QUEUES, cursor_of, hotline_stats, queue
from .schemas import (
    DuplicateOut,
    TicketEscalateIn,
    MergeIn,
    OnlineTicketIn,
    StatsOut,
    TicketIn,
    TicketOut,
    TicketPageOut,
    TicketTransitionIn,
)
from .scopes import ticket_for
from .workflow import TICKET_WORKFLOW

router = Router(tags=["12345 接诉即办"])


def _stats_row(row) -> dict:
    return {"department": row.department, "month": row.month, "volume": row.volume, "replied": row.replied,
            "on_time_rate": row.on_time_rate, "callbacks": row.callbacks,
            "satisfaction_rate": row.satisfaction_rate, "returns": row.returns}


@router.post("/tickets", response={201: TicketOut}, summary="统一受理：登记工单（12345 话务员）")
def create_ticket(request, payload: TicketIn):
    data = services.TicketInput(
        kind=payload.kind, category_code=payload.category, channel=payload.channel,
        caller_name=payload.caller_name, caller_phone=payload.caller_phone, content=payload.content,
        region_code=payload.region, related_case_number=payload.related_case,
        enterprise_uscc=payload.enterprise_uscc, enterprise_name=payload.enterprise_name,
        is_emergency=payload.is_emergency)
    ticket = services.register_ticket(data, actor=request.user, now=timezone.now())
    return Status(201, ticket_payload(ticket, request.user))


@router.post("/tickets/online", response={201: TicketOut}, summary="网上留言：登录群众提交诉求")
def create_online_ticket(request, payload: OnlineTicketIn):
    user = request.user
    data = services.TicketInput(
        kind=payload.kind, category_code=payload.category, channel="online",
        caller_name=user.real_name or user.username, caller_phone=user.phone or "",
        content=payload.content, region_code=payload.region, related_case_number=payload.related_case)
    ticket = services.register_ticket(data, actor=user, now=timezone.now())
    return Status(201, ticket_payload(ticket, user))


@router.get("/tickets", response=TicketPageOut, summary="工单队列（本部门 / 本中心，应急工单在前，游标分页）")
def list_tickets(request, name: str = "open", status: str = "", after: str = "", limit: int = Query(50, ge=1, le=200),
                 enterprise: bool = False, callback_overdue: bool = False):
    now = timezone.now()
    name = name if name in QUEUES else "open"
    rows = queue(request.user, name=name, status=status[:20], after=after[:20], limit=limit,
                 enterprise=enterprise, callback_overdue=callback_overdue, now=now)
    items = [{"number": t.number, "kind_label": t.get_kind_display(), "category_name": str(t.category),
              "status": t.status, "status_label": TICKET_WORKFLOW.label_of(t.status),
              "department_name": t.department.name if t.department_id else None,
              "due_at": timezone.localtime(t.due_at).isoformat() if t.due_at else None,
              "due_at_provisional": t.due_at_provisional, "due_label": due_label(t), "escalated": t.escalated,
              "is_emergency": t.is_emergency, "is_enterprise": t.is_enterprise,
              "supervision_level": t.supervision_level, "callback_overdue": t.callback_overdue(now)}
             for t in rows[:limit]]
    return {"items": items, "next_cursor": cursor_of(rows[limit - 1]) if len(rows) > limit else None}


@router.get("/tickets/{number}", response=TicketOut, summary="工单详情")
def get_ticket(request, number: str):
    return ticket_payload(ticket_for(request.user, number), request.user)


@router.post("/tickets/{number}/transitions", response=TicketOut,
             summary="工单流转（派单、签收、退单、改派、延期、答复、回访）")
def transition_ticket(request, number: str, payload: TicketTransitionIn):
    command = services.Command(
        action=payload.action, expected_version=payload.expected_version, reason=payload.reason,
        reply=payload.reply, department_code=payload.department, extension_days=payload.extension_days)
    ticket = services.transition_ticket(actor=request.user, number=number, command=command, now=timezone.now())
    return ticket_payload(ticket, request.user)


@router.post("/tickets/{number}/supervise", response=TicketOut, summary="督办（中心；级别只升不降，每次留痕）")
def supervise_ticket(request, number: str, payload: TicketEscalateIn):
    ticket = services.supervise_ticket(actor=request.user, number=number, level=payload.level, reason=payload.reason,
                                       now=timezone.now(), expected_version=payload.expected_version)
    return ticket_payload(ticket_for(request.user, ticket.number), request.user)


@router.post("/tickets/{number}/elevate", response=TicketOut, summary="提级办理（中心；提高办理层级）")
def elevate_ticket(request, number: str, payload: TicketEscalateIn):
    ticket = services.elevate_ticket(actor=request.user, number=number, level=payload.level, reason=payload.reason,
                                     now=timezone.now(), expected_version=payload.expected_version)
    return ticket_payload(ticket_for(request.user, ticket.number), request.user)


@router.get("/tickets/{number}/duplicates", response=list[DuplicateOut], summary="疑似重复工单")
def ticket_duplicates(request, number: str):
    ticket = ticket_for(request.user, number)
    return [{"number": other.number, "similarity": score, "status_label": TICKET_WORKFLOW.label_of(other.status),
             "content": mask_text(other.content), "created_at": timezone.localtime(other.created_at).isoformat()}
            for other, score in services.duplicate_candidates(ticket, viewer=request.user)]


@router.post("/tickets/{number}/merge", response=TicketOut, summary="合并重复工单（答复同步给每位诉求人）")
def merge_tickets(request, number: str, payload: MergeIn):
    master = services.merge_tickets(actor=request.user, master_number=number[:30],
                                    duplicate_numbers=payload.duplicates, now=timezone.now(),
                                    expected_version=payload.expected_version)
    return ticket_payload(ticket_for(request.user, master.number), request.user)


@router.get("/hotline/stats", response=StatsOut, auth=None, summary="接诉即办统计（公开：受理量、按时答复率、满意率）")
def hotline_statistics(request):
    rows, total = hotline_stats()
    return {"rows": [_stats_row(row) for row in rows], "total": _stats_row(total)}
