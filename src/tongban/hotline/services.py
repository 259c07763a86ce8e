"""接诉即办 — register, dispatch, return, reply, call back, merge and escalate 12345 tickets.

Every function takes the actor and the time explicitly, owns its transaction, locks the rows
it changes, writes the audit chain in the ticket's own row and saves once.
"""

import re
import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q

from tongban.accounts.constants import Role
from tongban.accounts.models import Department, EnterpriseAgent, Region
from tongban.accounts.scopes import departments_for, regions_for
from tongban.audit import services as audit
from tongban.cases.models import Case
from tongban.cases.numbering import ALPHABET
from tongban.core.checkdigits import InvalidUscc, validate_uscc
from tongban.core.clock import local_date, local_zone
from tongban.core.errors import InvalidInput
from tongban.core.workflow import Engine, Transition
from tongban.events.services import emit
from tongban.rules import rule_value

from . import errors
from .constants import EscalationKind, HandlingLevel, Satisfaction, SupervisionLevel, TicketChannel, TicketKind
from .due import END_OF_DAY, count_due, due_after, extend_due, start_due
from .models import HotlineChannel, Ticket, TicketCategory, TicketEscalation, TicketReturn
from .scopes import is_operator, tickets_for
from .similarity import jaccard
from .workflow import TICKET_WORKFLOW, VOCABULARY
from . import events as hotline_events

PHONE = re.compile(r"^[0-9+\-\s()（）]{7,20}$")


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
    enterprise_uscc: str = ""  # 企业诉求 (an enterprise user's own messages are flagged without it)
    enterprise_name: str = ""
    is_emergency: bool = False


@dataclass(frozen=True)
class Command:
    """What the actor asks for, with the details some actions need."""

    action: str
    expected_version: int | None = None
    reason: str = ""
    reply: str = ""
    department_code: str = ""
    extension_days: int | None = None
    master: Ticket | None = None  # 合并: the locked master ticket (merge_tickets)


def new_ticket_number(now: datetime) -> str:
    """e.g. 12345-20261123-K7Q2MD: unique without a shared counter."""
    day = local_date(now)
    return f"12345-{day:%Y%m%d}-{''.join(secrets.choice(ALPHABET) for _ in range(6))}"


def days_by_kind(ticket: Ticket, now: datetime) -> dict[str, int]:
    """办理时限 per kind for this ticket's region and department (district rule)."""
    return rule_value("hotline.due_working_days", on=local_date(now), region=ticket.region,
                      department=ticket.department)


def _rule(code: str, ticket: Ticket, now: datetime):
    return rule_value(code, on=local_date(now), region=ticket.region, department=ticket.department)


def emergency_due_at(ticket: Ticket, now: datetime) -> datetime:
    """应急 tier: the end of the dispatch day plus the rule's natural days (0: the same day)."""
    last_day = local_date(now) + timedelta(days=_rule("hotline.emergency_natural_days", ticket, now))
    return datetime.combine(last_day, END_OF_DAY, tzinfo=local_zone())


def _enterprise_of(user):
    mandate = EnterpriseAgent.objects.select_related("enterprise").filter(user=user).order_by("id").first()
    return mandate.enterprise if mandate else None


def _validated(data: TicketInput, *, actor, regions) -> dict:
    problems, values = [], {}
    if data.kind not in TicketKind.values:
        problems.append(errors.invalid("unknown_kind", "请选择诉求类型（咨询、求助、投诉、举报、建议）。", "kind"))
    if not HotlineChannel.objects.filter(code=data.channel[:20], is_active=True).exists():
        problems.append(errors.invalid("unknown_channel", "请选择来源渠道。", "channel"))
    values["enterprise_uscc"], values["enterprise_name"] = "", data.enterprise_name.strip()[:200]
    if data.enterprise_uscc.strip():
        try:
            values["enterprise_uscc"] = validate_uscc(data.enterprise_uscc)
        except InvalidUscc:
            problems.append(errors.invalid("enterprise_uscc_invalid", "统一社会信用代码有误，请核对 18 位代码。",
                                           "enterprise_uscc"))
        if not values["enterprise_name"]:
            problems.append(errors.invalid("enterprise_name_required", "企业诉求请填写企业名称。", "enterprise_name"))
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
    if online:
        data = replace(data, channel=TicketChannel.ONLINE, is_emergency=False)
        enterprise = _enterprise_of(actor) if actor.role == Role.ENTERPRISE else None
        if enterprise is not None:  # an enterprise user's message is the enterprise's
            data = replace(data, enterprise_uscc=enterprise.uscc, enterprise_name=enterprise.name)
    values = _validated(data, actor=actor, regions=regions)
    ticket = Ticket(
        number=new_ticket_number(now), kind=data.kind, channel=data.channel, is_emergency=data.is_emergency,
        caller_name=data.caller_name.strip()[:50], caller_phone=data.caller_phone.strip()[:20],
        content=data.content.strip(), submitted_by=actor if online else None, created_at=now, updated_at=now,
        status=TICKET_WORKFLOW.initial, **values,
    )
    ticket.save()
    audit.record(actor=actor, action=hotline_events.REGISTER, target=ticket, now=now, after={
        "status": ticket.status, "kind": ticket.kind, "channel": ticket.channel,
        "emergency": ticket.is_emergency, "enterprise_uscc": ticket.enterprise_uscc or None,
        "category": ticket.category.code, "region": ticket.region.code,
        "related_case": ticket.related_case.number if ticket.related_case_id else None})
    return ticket


def roles_of(actor, ticket: Ticket) -> set[str]:
    if actor is None:
        return {"system"}
    return {actor.role}


def _reason_given(transition: Transition, ticket: Ticket, command: Command, actor, now: datetime) -> None:
    if not command.reason.strip():
        raise errors.invalid("reason_required", f"“{transition.label}”须写明理由。", "reason")


def _reply_given(transition: Transition, ticket: Ticket, command: Command, actor, now: datetime) -> None:
    if not command.reply.strip():
        raise errors.invalid("reply_required", "未填写答复内容，不能答复或办结工单。", "reply")


def _department_chosen(transition: Transition, ticket: Ticket, command: Command, actor, now: datetime) -> None:
    departments = Department.objects.all() if actor is None else departments_for(actor)
    if not departments.filter(code=command.department_code[:32]).exists():
        raise errors.invalid("department_required", f"“{transition.label}”须选择承办部门。", "department")


def _extension_days_given(transition: Transition, ticket: Ticket, command: Command, actor, now: datetime) -> None:
    days, most = command.extension_days, _rule("hotline.extension_max_working_days", ticket, now)
    if days is None or not 1 <= days <= most:
        raise errors.invalid("extension_days_invalid", f"延期天数应为 1 至 {most} 个工作日。", "extension_days")


def _master_given(transition: Transition, ticket: Ticket, command: Command, actor, now: datetime) -> None:
    if command.master is None:  # only merge_tickets names (and locks) the master
        raise errors.invalid("master_required", "合并须选择主工单（合并重复工单）。", "master")


def _copy_reply(master: Ticket, command: Command, actor, now: datetime, context) -> None:
    """Every caller of a merged ticket gets the master's answer."""
    for merged in Ticket.objects.select_for_update().filter(merged_into=master).order_by("pk"):
        merged.reply, merged.replied_at, merged.updated_at = master.reply, now, now
        merged.row_version += 1
        audit.record(actor=actor, action=hotline_events.REPLY_COPIED, target=merged, now=now,
                     after={"master": master.number, "reply": master.reply})
        merged.save()


# The effects: each changes the ticket in memory (saved once by the step) or writes its own rows.

def _assign_department(ticket: Ticket, command: Command, actor, now: datetime, context) -> None:
    ticket.department = Department.objects.get(code=command.department_code[:32])
    ticket.dispatched_at = now


def _set_due(ticket: Ticket, command: Command, actor, now: datetime, context) -> None:
    if ticket.is_emergency:
        ticket.due_at, ticket.due_at_provisional = emergency_due_at(ticket, now), False
    else:
        start_due(ticket, local_date(now), days_by_kind(ticket, now)[ticket.kind])


def _count_return(ticket: Ticket, command: Command, actor, now: datetime, context) -> None:
    TicketReturn.objects.create(ticket=ticket, department=ticket.department, reason=command.reason.strip(),
                                returned_at=now)
    ticket.return_count += 1
    ticket.department = None  # back to the centre; the returning department no longer sees it


def _record_extension(ticket: Ticket, command: Command, actor, now: datetime, context) -> None:
    ticket.extension_days = command.extension_days or 0


def _extend_due(ticket: Ticket, command: Command, actor, now: datetime, context) -> None:
    if ticket.due_working_days is None:  # 应急: natural days to the due day, then the approved working days
        ticket.due_at, ticket.due_at_provisional = due_after(local_date(ticket.due_at or now), ticket.extension_days)
    else:
        extend_due(ticket, ticket.extension_days)
    ticket.escalated, ticket.escalated_at = False, None


def _record_reply(ticket: Ticket, command: Command, actor, now: datetime, context) -> None:
    ticket.reply, ticket.replied_at = command.reply.strip(), now
    if ticket.status != TICKET_WORKFLOW.initial:  # a direct answer closes: nobody calls back
        # the same end-of-nth-working-day arithmetic (and year-end handling) as the due time
        ticket.callback_due_at = due_after(local_date(now), _rule("hotline.callback_working_days", ticket, now)).at


def _record_satisfaction(ticket: Ticket, command: Command, actor, now: datetime, context) -> None:
    ticket.satisfaction = (Satisfaction.SATISFIED if command.action == "callback_satisfied"
                           else Satisfaction.UNSATISFIED)
    ticket.callback_at = now


def _count_reopen(ticket: Ticket, command: Command, actor, now: datetime, context) -> None:
    ticket.reopened_count += 1
    ticket.replied_at = ticket.callback_due_at = None


def _close(ticket: Ticket, command: Command, actor, now: datetime, context) -> None:
    ticket.closed_at = now


def _mark_merged(ticket: Ticket, command: Command, actor, now: datetime, context) -> None:
    ticket.merged_into = command.master
    if command.master.reply:  # the master was already answered: the caller gets it now
        ticket.reply, ticket.replied_at = command.master.reply, now


ENGINE = Engine(
    VOCABULARY,
    guards={  # checked in this order
        "reason_given": _reason_given, "reply_given": _reply_given, "department_chosen": _department_chosen,
        "extension_days_given": _extension_days_given, "master_given": _master_given,
    },
    effects={
        "assign_department": _assign_department, "set_due": _set_due, "extend_due": _extend_due,
        "count_return": _count_return, "record_reply": _record_reply,
        "copy_reply": _copy_reply,
        "record_satisfaction": _record_satisfaction, "count_reopen": _count_reopen,
        "record_extension": _record_extension, "close": _close, "mark_merged": _mark_merged,
    },
    unknown_action=errors.unknown_action,
    refused=lambda workflow, transition, roles: errors.role_not_allowed(transition.label),
)


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
    transition = ENGINE.find(TICKET_WORKFLOW, ticket.status, command.action, state_label=state_label)
    ENGINE.permit(TICKET_WORKFLOW, transition, roles_of(actor, ticket))
    ENGINE.check_guards(transition, ticket, command, actor, now)
    before = {"status": ticket.status, "row_version": ticket.row_version,
              "department": ticket.department.code if ticket.department_id else None}
    ENGINE.apply_effects(transition, ticket, command, actor, now, None, {})
    ticket.status, ticket.row_version, ticket.updated_at = transition.target, ticket.row_version + 1, now
    audit.record(actor=actor, action=f"{hotline_events.PREFIX}{command.action}", target=ticket, now=now, before=before, after={
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
    day = local_date(ticket.created_at)
    # calendar days searched, not a working-day limit
    since = ticket.created_at - timedelta(days=rule_value("hotline.duplicate_days", on=day, region=ticket.region))
    threshold = float(rule_value("hotline.duplicate_similarity", on=day, region=ticket.region)) / 100
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
    command = Command(action="merge", master=master)
    for number in numbers:
        duplicate = by_number[number]
        transition = TICKET_WORKFLOW.find(duplicate.status, command.action)
        if transition is None:
            raise errors.unknown_action("合并", TICKET_WORKFLOW.label_of(duplicate.status))
        ENGINE.permit(TICKET_WORKFLOW, transition, roles_of(actor, duplicate))
        ENGINE.check_guards(transition, duplicate, command, actor, now)
        before = {"status": duplicate.status, "row_version": duplicate.row_version}
        ENGINE.apply_effects(transition, duplicate, command, actor, now, None, {})
        duplicate.status = transition.target
        duplicate.row_version, duplicate.updated_at = duplicate.row_version + 1, now
        audit.record(actor=actor, action=hotline_events.MERGE, target=duplicate, now=now, before=before,
                     after={"status": duplicate.status, "row_version": duplicate.row_version,
                            "master": master.number})
        duplicate.save()
    master.row_version, master.updated_at = master.row_version + 1, now
    audit.record(actor=actor, action=hotline_events.MERGE_MASTER, target=master, now=now,
                 after={"merged": numbers, "row_version": master.row_version})
    master.save()
    return master


def escalate_overdue(now: datetime) -> list[str]:
    """督办 — mark every open ticket past its due time, once, and tell the outbox."""
    escalated = []
    working = TICKET_WORKFLOW.states_tagged("in_progress")  # the due time runs
    candidates = (Ticket.objects.filter(status__in=working, due_at__lt=now, escalated=False)
                  .order_by("pk").values_list("pk", flat=True))
    for pk in list(candidates):
        with transaction.atomic():
            ticket = (Ticket.objects.select_for_update(of=("self",)).select_related("department")
                      .filter(pk=pk, status__in=working, due_at__lt=now, escalated=False).first())
            if ticket is None:  # replied or escalated meanwhile
                continue
            ticket.escalated, ticket.escalated_at = True, now
            ticket.supervision_level = max(ticket.supervision_level, SupervisionLevel.GENERAL)
            ticket.row_version, ticket.updated_at = ticket.row_version + 1, now
            TicketEscalation.objects.create(ticket=ticket, kind=EscalationKind.SUPERVISE,
                                            level=SupervisionLevel.GENERAL, reason=OVERDUE_REASON, created_at=now)
            audit.record(actor=None, action=hotline_events.ESCALATE, target=ticket, now=now,
                         after={"escalated": True, "due_at": ticket.due_at.isoformat(),
                                "level": ticket.supervision_level, "reason": OVERDUE_REASON,
                                "row_version": ticket.row_version})
            ticket.save()
            emit(hotline_events.ESCALATED, stream=audit.stream_of(ticket), now=now, payload={
                "ticket_number": ticket.number, "kind": ticket.kind,
                "department": ticket.department.code if ticket.department_id else None,
                "due_at": ticket.due_at.isoformat()})
            escalated.append(ticket.number)
    return escalated


OVERDUE_REASON = "超过办理时限未办结"


def confirm_provisional_due_times(now: datetime) -> int:
    """Due times that fell into an unpublished year, recomputed once that year's notice is loaded
    (run daily before 督办); each change is audited."""
    changed = 0
    for pk in list(Ticket.objects.filter(due_at_provisional=True).values_list("pk", flat=True)):
        with transaction.atomic():
            ticket = Ticket.objects.select_for_update().filter(pk=pk, due_at_provisional=True).first()
            if ticket is None or ticket.due_working_days is None:
                continue
            before = {"due_at": ticket.due_at.isoformat(), "due_at_provisional": True}
            count_due(ticket)
            if ticket.due_at_provisional:  # the year is still unpublished; the row is not saved
                continue
            ticket.row_version, ticket.updated_at = ticket.row_version + 1, now
            audit.record(actor=None, action=hotline_events.DUE_CONFIRMED, target=ticket, now=now, before=before,
                         after={"due_at": ticket.due_at.isoformat(), "due_at_provisional": False,
                                "row_version": ticket.row_version})
            ticket.save()
            changed += 1
    return changed


def _escalation_step(*, actor, number: str, kind: str, reason: str, expected_version: int | None) -> Ticket:
    reason = (reason or "").strip()[:2000]
    ticket = _locked(actor, number)
    if not is_operator(actor):
        raise errors.role_not_allowed(EscalationKind(kind).label)
    if expected_version is not None and expected_version != ticket.row_version:
        raise errors.stale_version(ticket.row_version, TICKET_WORKFLOW.label_of(ticket.status))
    if ticket.status in TICKET_WORKFLOW.terminal:
        raise errors.unknown_action(EscalationKind(kind).label, TICKET_WORKFLOW.label_of(ticket.status))
    if not reason:
        raise errors.invalid("reason_required", f"“{EscalationKind(kind).label}”须写明理由。", "reason")
    return ticket


@transaction.atomic
def supervise_ticket(*, actor, number: str, level: int, reason: str, now: datetime,
                     expected_version: int | None = None) -> Ticket:
    """督办 — the centre presses the department; a level never drops below the one in force."""
    ticket = _escalation_step(actor=actor, number=number, kind=EscalationKind.SUPERVISE, reason=reason,
                              expected_version=expected_version)
    if level not in SupervisionLevel.values or level < ticket.supervision_level:
        raise errors.invalid("supervision_level_invalid",
                             "督办级别无效，且不能低于当前级别（一般督办、重点督办、挂牌督办）。", "level")
    before = {"level": ticket.supervision_level, "row_version": ticket.row_version}
    ticket.supervision_level, ticket.escalated = level, True
    ticket.escalated_at = ticket.escalated_at or now
    return _escalated(ticket, actor=actor, kind=EscalationKind.SUPERVISE, level=level, reason=reason, now=now,
                      before=before, action=hotline_events.SUPERVISE)


@transaction.atomic
def elevate_ticket(*, actor, number: str, level: int, reason: str, now: datetime,
                   expected_version: int | None = None) -> Ticket:
    """提级办理 — a ticket the department cannot settle alone goes to a higher handling level."""
    ticket = _escalation_step(actor=actor, number=number, kind=EscalationKind.ELEVATE, reason=reason,
                              expected_version=expected_version)
    if level not in HandlingLevel.values or level <= ticket.handling_level:
        raise errors.invalid("handling_level_invalid", "提级办理须选择高于当前的办理层级。", "level")
    before = {"handling_level": ticket.handling_level, "row_version": ticket.row_version}
    ticket.handling_level = level
    return _escalated(ticket, actor=actor, kind=EscalationKind.ELEVATE, level=level, reason=reason, now=now,
                      before=before, action=hotline_events.ELEVATE)


def _escalated(ticket: Ticket, *, actor, kind: str, level: int, reason: str, now: datetime, before: dict,
               action: str) -> Ticket:
    reason = reason.strip()[:2000]
    ticket.row_version, ticket.updated_at = ticket.row_version + 1, now
    TicketEscalation.objects.create(ticket=ticket, kind=kind, level=level, reason=reason, actor=actor,
                                    created_at=now)
    audit.record(actor=actor, action=action, target=ticket, now=now, before=before,
                 after={"level": level, "reason": reason, "row_version": ticket.row_version})
    ticket.save()
    return ticket
