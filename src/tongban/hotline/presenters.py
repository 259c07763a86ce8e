"""What a viewer sees of a ticket: personal data masked, a 举报 reporter hidden from departments."""

from django.utils import timezone

from tongban.audit.models import AuditEntry
from tongban.audit.services import stream_of
from tongban.core.masking import mask_name, mask_phone, mask_text

from .constants import PROTECTED_REPORTER, TicketChannel, TicketKind
from .models import Ticket
from .scopes import is_department
from .workflow import TICKET_WORKFLOW

EXTRA_LABELS = {"register": "登记", "escalate": "督办", "merge_master": "合并重复工单",
                "reply_copied": "同步主工单答复", "merge": "合并至主工单"}


def caller_of(ticket: Ticket, viewer) -> tuple[str, str]:
    """(name, phone) as this viewer may see them."""
    if ticket.kind == TicketKind.REPORT and is_department(viewer):
        return PROTECTED_REPORTER, PROTECTED_REPORTER
    return mask_name(ticket.caller_name), mask_phone(ticket.caller_phone)


def actions_for(ticket: Ticket, viewer) -> list[dict]:
    return [{"action": t.action, "label": t.label}
            for t in TICKET_WORKFLOW.available(ticket.status, {viewer.role}) if t.action != "merge"]


def _iso(value) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def ticket_payload(ticket: Ticket, viewer) -> dict:
    name, phone = caller_of(ticket, viewer)
    category = ticket.category
    return {
        "number": ticket.number, "kind": ticket.kind, "kind_label": TicketKind(ticket.kind).label,
        "category": category.code, "category_name": str(category),
        "channel": ticket.channel, "channel_label": TicketChannel(ticket.channel).label,
        "caller_name": name, "caller_phone": phone,
        "content": mask_text(ticket.content) if is_department(viewer) else ticket.content,
        "region": ticket.region.code, "region_name": ticket.region.name,
        "related_case": ticket.related_case.number if ticket.related_case_id else None,
        "department": ticket.department.code if ticket.department_id else None,
        "department_name": ticket.department.name if ticket.department_id else None,
        "status": ticket.status, "status_label": TICKET_WORKFLOW.label_of(ticket.status),
        "row_version": ticket.row_version, "created_at": _iso(ticket.created_at), "due_at": _iso(ticket.due_at),
        "return_count": ticket.return_count, "reply": ticket.reply, "replied_at": _iso(ticket.replied_at),
        "satisfaction": ticket.satisfaction or None, "reopened_count": ticket.reopened_count,
        "escalated": ticket.escalated, "extension_days": ticket.extension_days,
        "merged_into": ticket.merged_into.number if ticket.merged_into_id else None,
        "actions": actions_for(ticket, viewer),
    }


def timeline(ticket: Ticket) -> list[dict]:
    """The ticket's history, read from its audit chain (no separate event table)."""
    labels = {t.action: t.label for t in TICKET_WORKFLOW.transitions} | EXTRA_LABELS
    rows = []
    for entry in AuditEntry.objects.filter(stream=stream_of(ticket)).order_by("sequence"):
        after = entry.after or {}
        action = entry.action.removeprefix("hotline.")
        rows.append({"at": timezone.localtime(entry.created_at), "actor": entry.actor_label,
                     "label": labels.get(action, action), "reason": after.get("reason") or "",
                     "reply": after.get("reply") or "", "department": after.get("department_name") or "",
                     "status": TICKET_WORKFLOW.label_of(after["status"]) if after.get("status") else ""})
    return rows
