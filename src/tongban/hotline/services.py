"""接诉即办 — register, dispatch, return, reply, call back, merge and escalate 12345 tickets.

Every function takes the actor and the time explicitly, owns its transaction, locks the rows
it changes, writes the audit chain in the ticket's own row and saves once.
"""

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from tongban.accounts.models import Department, Region
from tongban.accounts.scopes import departments_for, regions_for
from tongban.audit import services as audit
from tongban.cases.models import Case
from tongban.cases.numbering import ALPHABET
from tongban.cases.workflow import Transition
from tongban.core.errors import InvalidInput
from tongban.events.services import emit

from . import errors
from .constants import Satisfaction, TicketChannel, TicketKind
from .due import due_at_for, extended, parse_days_by_kind
from .models import Ticket, TicketCategory, TicketReturn
from .scopes import is_operator, tickets_for
from .similarity import jaccard
from .workflow import TICKET_WORKFLOW, WORKING

PHONE = re.compile(r"^[0-9+\-\s()（）]{7,20}$")
MAX_EXTENSION_DAYS = 30


@dataclass(frozen=True)
class TicketInput:
    kind: str
    category_code: str
    channel: str
    caller_name: str
    caller_phone: str
    content: str
    region_code: str
    related_case_number: str = ""


@dataclass(frozen=True)
class Command:
    """What the actor asks for, with the details some actions need."""

    action: str
    expected_version: int | None = None
    reason: str = ""
    reply: str = ""
    department_code: str = ""
    extension_days: int | None = None


def new_ticket_number(now: datetime) -> str:
    """e.g. 12345-20261123-K7Q2MD: unique without a shared counter."""
    day = timezone.localtime(now).date()
    return f"12345-{day:%Y%m%d}-{''.join(secrets.choice(ALPHABET) for _ in range(6))}"


def days_by_kind() -> dict[str, int]:
    return parse_days_by_kind(settings.HOTLINE_DUE_WORKING_DAYS)


def _validated(data: TicketInput, *, actor, regions) -> dict:
    problems, values = [], {}
    if data.kind not in TicketKind.values:
        problems.append(errors.invalid("unknown_kind", "请选择诉求类型（咨询、求助、投诉、举报、建议）。", "kind"))
    if data.channel not in TicketChannel.values:
        problems.append(errors.invalid("unknown_channel", "请选择来源渠道。", "channel"))
    values["category"] = TicketCategory.objects.filter(code=data.category_code[:20]).first()
    if values["category"] is None:
        problems.append(errors.invalid("unknown_category", "请选择诉求分类。", "category"))
    if not data.caller_name.strip():
        problems.append(errors.invalid("caller_name_required", "请填写诉求人姓名。", "caller_name"))
    if not PHONE.fullmatch(data.caller_phone.strip()):
        problems.append(errors.invalid("caller_phone_invalid", "请填写有效的联系电话。", "caller_phone"))
    if not data.content.strip():
        problems.append(errors.invalid("content_required", "请填写诉求内容。", "content"))
    values["region"] = regions.filter(code=data.region_code[:12]).first()
    if values["region"] is None:
        problems.append(errors.invalid("unknown_region", "请选择事发区划（须在您的受理范围内）。", "region"))
    values["related_case"] = None
    if data.related_case_number.strip():
        values["related_case"] = Case.objects.filter(number=data.related_case_number.strip()[:50]).first()
        if values["related_case"] is None:
            problems.append(errors.invalid("unknown_case", "未找到该关联办件编号。", "related_case_number"))
    if problems:
        raise InvalidInput(problems, code="hotline.invalid")
    return values


@transaction.atomic
def register_ticket(data: TicketInput, *, actor, now: datetime) -> Ticket:
    """统一受理 — record a call, a web message or a 办不成事 window complaint."""
    online = not is_operator(actor)
    regions = Region.objects.all() if online else regions_for(actor)
    values = _validated(data, actor=actor, regions=regions)
    ticket = Ticket(
        number=new_ticket_number(now), kind=data.kind, channel=TicketChannel.ONLINE if online else data.channel,
        caller_name=data.caller_name.strip()[:50], caller_phone=data.caller_phone.strip()[:20],
        content=data.content.strip(), submitted_by=actor if online else None, created_at=now, updated_at=now,
        status=TICKET_WORKFLOW.initial, **values,
    )
    ticket.save()
    audit.record(actor=actor, action="hotline.register", target=ticket, now=now, after={
        "status": ticket.status, "kind": ticket.kind, "channel": ticket.channel,
        "category": ticket.category.code, "region": ticket.region.code,
        "related_case": ticket.related_case.number if ticket.related_case_id else None})
    ticket.save(update_fields=["audit_sequence", "audit_hash"])
    return ticket


def roles_of(actor, ticket: Ticket) -> set[str]:
    if actor is None:
        return {"system"}
    return {actor.role}


def _check_guards(transition: Transition, ticket: Ticket, command: Command, actor) -> None:
    if "reason_given" in transition.guards and not command.reason.strip():
        raise errors.invalid("reason_required", f"“{transition.label}”须写明理由。", "reason")
    if "reply_given" in transition.guards and not command.reply.strip():
        raise errors.invalid("reply_required", "未填写答复内容，不能答复或办结工单。", "reply")
    if "department_chosen" in transition.guards:
        departments = Department.objects.all() if actor is None else departments_for(actor)
        if not departments.filter(code=command.department_code[:32]).exists():
            raise errors.invalid("department_required", f"“{transition.label}”须选择承办部门。", "department")
    if "extension_days_given" in transition.guards:
        days = command.extension_days
        if days is None or not 1 <= days <= MAX_EXTENSION_DAYS:
            raise errors.invalid("extension_days_invalid",
                                 f"延期天数应为 1 至 {MAX_EXTENSION_DAYS} 个工作日。", "extension_days")


def _copy_reply(master: Ticket, now: datetime, actor) -> None:
    """Every caller of a merged ticket gets the master's answer."""
    for merged in Ticket.objects.select_for_update().filter(merged_into=master).order_by("pk"):
        merged.reply, merged.replied_at, merged.updated_at = master.reply, now, now
        merged.row_version += 1
        audit.record(actor=actor, action="hotline.reply_copied", target=merged, now=now,
                     after={"master": master.number, "reply": master.reply})
        merged.save()


def _apply(effect: str, ticket: Ticket, command: Command, actor, now: datetime) -> None:
    if effect == "assign_department":
        ticket.department = Department.objects.get(code=command.department_code[:32])
        ticket.dispatched_at = now
    elif effect == "set_due":
        ticket.due_at = due_at_for(ticket.kind, now, days_by_kind())
        ticket.escalated, ticket.escalated_at = False, None
    elif effect == "count_return":
        TicketReturn.objects.create(ticket=ticket, department=ticket.department, reason=command.reason.strip(),
                                    returned_at=now)
        ticket.return_count += 1
        ticket.department = None  # back to the centre; the returning department no longer sees it
    elif effect == "record_extension":
        ticket.extension_days = command.extension_days or 0
    elif effect == "extend_due":
        ticket.due_at = extended(ticket.due_at or now, ticket.extension_days)
        ticket.escalated, ticket.escalated_at = False, None
    elif effect == "record_reply":
        ticket.reply, ticket.replied_at = command.reply.strip(), now
    elif effect == "copy_reply":
        _copy_reply(ticket, now, actor)
    elif effect == "record_satisfaction":
        ticket.satisfaction = (Satisfaction.SATISFIED if command.action == "callback_satisfied"
                               else Satisfaction.UNSATISFIED)
    elif effect == "count_reopen":
        ticket.reopened_count += 1
        ticket.replied_at = None
    elif effect == "close":
        ticket.closed_at = now


def _locked(actor, number: str) -> Ticket:
    tickets = Ticket.objects if actor is None else tickets_for(actor)
    ticket = (tickets.select_for_update(of=("self",)).select_related("department", "category", "region")
              .filter(number=number[:30]).first())
    if ticket is None:
        raise errors.TICKET_NOT_FOUND
    return ticket


def _step(ticket: Ticket, command: Command, *, actor, now: datetime) -> Ticket:
    state_label = TICKET_WORKFLOW.label_of(ticket.status)
    if command.expected_version is not None and command.expected_version != ticket.row_version:
        raise errors.stale_version(ticket.row_version, state_label)
    transition = TICKET_WORKFLOW.find(ticket.status, command.action)
    if transition is None:
        raise errors.unknown_action(command.action, state_label)
    if not transition.roles & roles_of(actor, ticket):
        raise errors.role_not_allowed(transition.label)
    _check_guards(transition, ticket, command, actor)
    before = {"status": ticket.status, "row_version": ticket.row_version,
              "department": ticket.department.code if ticket.department_id else None}
    for effect in transition.effects:
        _apply(effect, ticket, command, actor, now)
    ticket.status, ticket.row_version, ticket.updated_at = transition.target, ticket.row_version + 1, now
    audit.record(actor=actor, action=f"hotline.{command.action}", target=ticket, now=now, before=before, after={
        "status": ticket.status, "row_version": ticket.row_version,
        "department": ticket.department.code if ticket.department_id else None,
        "department_name": ticket.department.name if ticket.department_id else None,
        "reason": command.reason.strip(), "reply": command.reply.strip() if "record_reply" in transition.effects else "",
        "due_at": ticket.due_at.isoformat() if ticket.due_at else None,
        "extension_days": command.extension_days if command.action == "request_extension" else None,
        "satisfaction": ticket.satisfaction if "record_satisfaction" in transition.effects else None})
    ticket.save()  # one UPDATE: the new state and the audit chain head together
    return ticket


@transaction.atomic
def transition_ticket(*, actor, number: str, command: Command, now: datetime) -> Ticket:
    """Take one step of the ticket flow, or refuse with the reason; all or nothing."""
    return _step(_locked(actor, number), command, actor=actor, now=now)


def duplicate_candidates(ticket: Ticket, *, viewer=None, limit: int = 20) -> list[tuple[Ticket, float]]:
    """疑似重复 — same caller phone or same region within the window, with similar text."""
    since = ticket.created_at - timedelta(days=settings.HOTLINE_DUPLICATE_DAYS)  # calendar days, not a limit
    threshold = float(settings.HOTLINE_DUPLICATE_SIMILARITY)
    pool = tickets_for(viewer) if viewer is not None else Ticket.objects.all()
    pool = (pool.filter(Q(caller_phone=ticket.caller_phone) | Q(region_id=ticket.region_id),
                        created_at__gte=since, merged_into__isnull=True)
            .exclude(pk=ticket.pk).exclude(status="merged"))
    scored = [(other, round(jaccard(ticket.content, other.content), 3))
              for other in pool.select_related("department").order_by("-id")[:500]]
    found = [(other, score) for other, score in scored if score >= threshold]
    return sorted(found, key=lambda pair: (-pair[1], pair[0].id))[:limit]


@transaction.atomic
def merge_tickets(*, actor, master_number: str, duplicate_numbers: list[str], now: datetime,
                  expected_version: int | None = None) -> Ticket:
    """合并 — duplicates point to the master and will get its reply; the master is unchanged otherwise."""
    numbers = sorted({n[:30] for n in duplicate_numbers if n.strip()} - {master_number})
    if not numbers:
        raise errors.invalid("duplicates_required", "请选择要合并的重复工单。", "duplicates")
    scope = tickets_for(actor)
    rows = list(scope.select_for_update(of=("self",)).filter(number__in=[master_number, *numbers]).order_by("pk"))
    by_number = {row.number: row for row in rows}
    master = by_number.get(master_number)
    if master is None:
        raise errors.TICKET_NOT_FOUND
    if expected_version is not None and expected_version != master.row_version:
        raise errors.stale_version(master.row_version, TICKET_WORKFLOW.label_of(master.status))
    if master.status == "merged":
        raise errors.invalid("master_merged", "主工单本身已合并，不能作为主工单。", "master")
    missing = [n for n in numbers if n not in by_number]
    if missing:
        raise errors.invalid("unknown_duplicate", f"未找到工单：{'、'.join(missing)}。", "duplicates")
    for number in numbers:
        duplicate = by_number[number]
        transition = TICKET_WORKFLOW.find(duplicate.status, "merge")
        if transition is None:
            raise errors.unknown_action("合并", TICKET_WORKFLOW.label_of(duplicate.status))
        if not transition.roles & roles_of(actor, duplicate):
            raise errors.role_not_allowed(transition.label)
        before = {"status": duplicate.status, "row_version": duplicate.row_version}
        duplicate.merged_into, duplicate.status = master, transition.target
        duplicate.row_version, duplicate.updated_at = duplicate.row_version + 1, now
        if master.reply:  # the master was already answered: the caller gets it now
            duplicate.reply, duplicate.replied_at = master.reply, now
        audit.record(actor=actor, action="hotline.merge", target=duplicate, now=now, before=before,
                     after={"status": duplicate.status, "row_version": duplicate.row_version,
                            "master": master.number})
        duplicate.save()
    master.row_version, master.updated_at = master.row_version + 1, now
    audit.record(actor=actor, action="hotline.merge_master", target=master, now=now,
                 after={"merged": numbers, "row_version": master.row_version})
    master.save()
    return master


def escalate_overdue(now: datetime) -> list[str]:
    """督办 — mark every open ticket past its due time, once, and tell the outbox."""
    escalated = []
    candidates = (Ticket.objects.filter(status__in=WORKING, due_at__lt=now, escalated=False)
                  .order_by("pk").values_list("pk", flat=True))
    for pk in list(candidates):
        with transaction.atomic():
            ticket = (Ticket.objects.select_for_update(of=("self",)).select_related("department")
                      .filter(pk=pk, status__in=WORKING, due_at__lt=now, escalated=False).first())
            if ticket is None:  # replied or escalated meanwhile
                continue
            ticket.escalated, ticket.escalated_at = True, now
            ticket.row_version, ticket.updated_at = ticket.row_version + 1, now
            audit.record(actor=None, action="hotline.escalate", target=ticket, now=now,
                         after={"escalated": True, "due_at": ticket.due_at.isoformat(),
                                "row_version": ticket.row_version})
            ticket.save()
            emit("hotline.escalated", stream=audit.stream_of(ticket), now=now, payload={
                "ticket_number": ticket.number, "kind": ticket.kind,
                "department": ticket.department.code if ticket.department_id else None,
                "due_at": ticket.due_at.isoformat()})
            escalated.append(ticket.number)
    return escalated
