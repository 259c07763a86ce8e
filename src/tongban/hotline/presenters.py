"""What a viewer sees of a ticket: personal data masked, a 举报 reporter hidden from departments."""

from django.utils import timezone

from tongban.audit.models import AuditEntry
from tongban.audit.services import stream_of
from tongban.core.masking import mask_name, mask_phone, mask_text

from . import events as hotline_events
from .constants import PROTECTED_REPORTER, HandlingLevel, SupervisionLevel, TicketKind
from .models import HotlineChannel, Ticket
from .scopes import is_department
from .workflow import TICKET_WORKFLOW

EXTRA_LABELS = {"register": "登记", "escalate": "超期自动督办", "supervise": "督办", "elevate": "提级办理",
                "merge_master": "合并重复工单", "reply_copied": "同步主工单答复", "merge": "合并至主工单"}


def channel_names() -> dict[str, str]:
    return dict(HotlineChannel.objects.values_list("code", "name"))


def caller_of(ticket: Ticket, viewer) -> tuple[str, str]:
    """(name, phone) as this viewer may see them."""
    if ticket.kind == TicketKind.REPORT and is_department(viewer):
        return PROTECTED_REPORTER, PROTECTED_REPORTER
    return mask_name(ticket.caller_name), mask_phone(ticket.caller_phone)


def actions_for(ticket: Ticket, viewer) -> list[dict]:
    return [{"action": t.action, "label": t.label}
            for t in TICKET_WORKFLOW.allowed(ticket.status, {viewer.role}) if t.action != "merge"]


def _iso(value) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def escalations_of(ticket: Ticket) -> list[dict]:
    """督办 and 提级 history, oldest first (each step its own row)."""
    return [{"kind": row.kind, "kind_label": row.get_kind_display(), "level": row.level,
             "level_label": row.level_label, "reason": row.reason,
             "actor": row.actor.display_name if row.actor_id else "系统（超期自动督办）", "at": _iso(row.created_at)}
            for row in ticket.escalations.select_related("actor").order_by("created_at", "id")]


def ticket_payload(ticket: Ticket, viewer, *, channels: dict[str, str] | None = None, now=None,
                   with_history: bool = True) -> dict:
    name, phone = caller_of(ticket, viewer)
    category = ticket.category
    channels = channel_names() if channels is None else channels
    now = now or timezone.now()
    return {
        "number": ticket.number, "kind": ticket.kind, "kind_label": TicketKind(ticket.kind).label,
        "category": category.code, "category_name": str(category),
        "channel": ticket.channel, "channel_label": channels.get(ticket.channel, ticket.channel),
        "is_emergency": ticket.is_emergency, "is_enterprise": ticket.is_enterprise,
        "enterprise_uscc": ticket.enterprise_uscc or None, "enterprise_name": ticket.enterprise_name or None,
        "handling_level": ticket.handling_level, "handling_level_label": HandlingLevel(ticket.handling_level).label,
        "supervision_level": ticket.supervision_level,
        "supervision_level_label": SupervisionLevel(ticket.supervision_level).label
        if ticket.supervision_level else None,
        "caller_name": name, "caller_phone": phone,
        "content": mask_text(ticket.content) if is_department(viewer) else ticket.content,
        "region": ticket.region.code, "region_name": ticket.region.name,
        "related_case": ticket.related_case.number if ticket.related_case_id else None,
        "department": ticket.department.code if ticket.department_id else None,
        "department_name": ticket.department.name if ticket.department_id else None,
        "status": ticket.status, "status_label": TICKET_WORKFLOW.label_of(ticket.status),
        "row_version": ticket.row_version, "created_at": _iso(ticket.created_at), "due_at": _iso(ticket.due_at),
        "due_at_provisional": ticket.due_at_provisional,
        "due_label": due_label(ticket),
        "return_count": ticket.return_count, "reply": ticket.reply, "replied_at": _iso(ticket.replied_at),
        "satisfaction": ticket.satisfaction or None, "reopened_count": ticket.reopened_count,
        "escalated": ticket.escalated, "extension_days": ticket.extension_days,
        "callback_due_at": _iso(ticket.callback_due_at), "callback_at": _iso(ticket.callback_at),
        "callback_overdue": ticket.callback_overdue(now),
        "escalations": escalations_of(ticket) if with_history else [],
        "merged_into": ticket.merged_into.number if ticket.merged_into_id else None,
        "actions": actions_for(ticket, viewer),
    }


def timeline(ticket: Ticket) -> list[dict]:
    """The ticket's history, read from its audit chain (no separate event table)."""
    labels = {t.action: t.label for t in TICKET_WORKFLOW.transitions} | EXTRA_LABELS
    rows = []
    for entry in AuditEntry.objects.filter(stream=stream_of(ticket)).order_by("sequence"):
        after = entry.after or {}
        action = entry.action.removeprefix(hotline_events.PREFIX)
        rows.append({"at": timezone.localtime(entry.created_at), "actor": entry.actor_label,
                     "label": labels.get(action, action), "reason": after.get("reason") or "",
                     "reply": after.get("reply") or "", "department": after.get("department_name") or "",
                     "status": TICKET_WORKFLOW.label_of(after["status"]) if after.get("status") else ""})
    return rows


def due_label(ticket: Ticket) -> str:
    """办理时限 as people read it: a local date and time, marked 暂定 while its year is unpublished."""
    if ticket.due_at is None:
        return ""
    shown = f"{timezone.localtime(ticket.due_at):%Y-%m-%d %H:%M}"
    return f"{shown}（暂定）" if ticket.due_at_provisional else shown
