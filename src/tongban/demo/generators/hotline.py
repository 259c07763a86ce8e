"""Generated 12345 tickets: the hotline year of a realistic district, next to its cases.

Calls, web messages and 办不成事 window complaints arrive every day of the year (fewer on days
off); the centre answers part of the 咨询 on the spot and dispatches the rest to the department
of the category, with the due time hotline.due computes from the kind. Departments sometimes
return a ticket (退单) or get an extension; most reply in time, some late (督办), a few never;
the callback is mostly satisfied, an unsatisfied one reopens the ticket with a fresh due time.
Each ticket's state follows that timeline cut at now and gets one "ticket.imported" entry.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import transaction

from tongban import workdays
from tongban.accounts.models import Department, Region
from tongban.audit.models import AuditEntry
from tongban.bulk import assign_ids, insert_imported, insert_rows, reset_sequences, rows_of
from tongban.core.clock import local_date, local_zone
from tongban.demo.generators.cases import (
    BATCH,
    generation_now,
    office_moment,
    person,
    serial,
    shares_by_department,
    working_day_after,
)
from tongban.hotline.constants import EscalationKind, Satisfaction, SupervisionLevel, TicketChannel, TicketKind
from tongban.hotline.due import due_after, extend_due, start_due
from tongban.hotline.models import Ticket, TicketCategory, TicketEscalation, TicketReturn
from tongban.hotline.services import OVERDUE_REASON
from tongban.rules import rule_value
from tongban.hotline import events as hotline_events

KINDS = [(TicketKind.CONSULT, 40), (TicketKind.HELP, 15), (TicketKind.COMPLAINT, 28), (TicketKind.REPORT, 5),
         (TicketKind.SUGGESTION, 12)]
CHANNELS = [(TicketChannel.PHONE, 72), (TicketChannel.ONLINE, 25), (TicketChannel.COMPLAINT_WINDOW, 3)]
ANSWERED_ON_THE_CALL = {TicketKind.CONSULT: 0.4, TicketKind.HELP: 0.1}  # 直接答复办结 by the centre
RETURNED, EXTENDED, NEVER_REPLIED, UNSATISFIED = 0.04, 0.03, 0.02, 0.12
LATE, LAGGING_LATE = (0.01, 0.06), (0.12, 0.18)  # replies after the due time, by department
# Which department a category's tickets go to (root category code → department code suffix);
# categories not listed go to any department, as the centre decides case by case.
CATEGORY_DEPARTMENTS = {"ZW": "SPJ", "SC": "SCJG", "ZJ": "ZJ"}
TOPICS = {"ZW": ["办理营业执照", "社保关系转移", "不动产登记", "新生儿落户"],
          "SC": ["超市销售过期食品", "网购退货纠纷", "停车场收费未明码标价"],
          "ZJ": ["小区物业服务不到位", "夜间施工噪音扰民", "新房墙体开裂"],
          "": ["路灯损坏", "小区门口道路积水", "公交站牌缺失"]}
CONTENT = {TicketKind.CONSULT: "咨询{topic}需要准备哪些材料、在哪里办理。",
           TicketKind.HELP: "求助：{topic}，希望相关部门帮助协调解决。",
           TicketKind.COMPLAINT: "投诉：{topic}，多次反映未解决，要求尽快处理。",
           TicketKind.REPORT: "举报：{topic}，请相关部门核查处理。",
           TicketKind.SUGGESTION: "建议：{topic}方面进一步优化服务。"}
REPLY = "您好，您反映的问题已转相关部门核实处理，处理结果已电话告知，感谢您的监督。"


@dataclass(frozen=True)
class _Category:
    pk: int
    code: str
    root: str  # the root category's code ("" for a root itself)


@dataclass
class _Flow:
    """The ticket being built, with the time of its last step."""

    ticket: Ticket
    last: datetime
    returns: list[TicketReturn] = field(default_factory=list)
    escalations: list[TicketEscalation] = field(default_factory=list)

    def step(self, status: str, at: datetime) -> None:
        self.ticket.status, self.ticket.updated_at, self.last = status, at, at
        self.ticket.row_version += 1


class _District:
    def __init__(self, rng: random.Random, today: date):
        categories = list(TicketCategory.objects.select_related("parent").order_by("code"))
        leaves = [c for c in categories if not c.children.exists()] or categories
        if not leaves:
            raise RuntimeError("没有诉求分类：请先运行 migrate。")
        self.categories = [_Category(c.pk, c.code, c.parent.code if c.parent_id else "") for c in leaves]
        departments = list(Department.objects.order_by("pk").values_list("pk", "code"))
        if not departments:
            raise RuntimeError("没有部门：请先运行 load_demo_district。")
        self.departments = [pk for pk, _ in departments]
        self.codes = dict(departments)
        self.late_share = shares_by_department(rng, self.departments, LATE, LAGGING_LATE)
        self.by_root = {root: pk for root, suffix in CATEGORY_DEPARTMENTS.items()
                        for pk, code in departments if code.endswith(f"-{suffix}")}
        towns = list(Region.objects.filter(level="town").values_list("pk", flat=True))
        self.regions = towns or list(Region.objects.values_list("pk", flat=True))
        days = [today - timedelta(days=back) for back in range(366)]  # natural days: the calendar year back
        self.days, self.day_weights = days, [1.0 if workdays.is_working_day(day) else 0.6 for day in days]
        self.days_by_kind = rule_value("hotline.due_working_days", on=today)
        self.callback_days = rule_value("hotline.callback_working_days", on=today)


def _dispatch(flow: _Flow, department: int, at: datetime, district: _District) -> None:
    ticket = flow.ticket
    ticket.department_id, ticket.dispatched_at = department, at
    if ticket.due_at is None:  # 改派 keeps the first 派单's due time
        start_due(ticket, local_date(at), district.days_by_kind[ticket.kind])
    flow.step("dispatched", at)


def _overdue(flow: _Flow, now: datetime, rng: random.Random) -> None:
    """督办: escalate_overdue marks a working ticket past its due time on its next run."""
    ticket = flow.ticket
    escalated_at = ticket.due_at + timedelta(minutes=rng.randint(1, 60))
    if escalated_at <= now and not ticket.escalated:
        ticket.escalated, ticket.escalated_at = True, escalated_at
        ticket.supervision_level = SupervisionLevel.GENERAL
        ticket.row_version, ticket.updated_at = ticket.row_version + 1, max(ticket.updated_at, escalated_at)
        flow.escalations.append(TicketEscalation(kind=EscalationKind.SUPERVISE, level=SupervisionLevel.GENERAL,
                                                 reason=OVERDUE_REASON, created_at=escalated_at))


def _work(rng: random.Random, flow: _Flow, now: datetime, district: _District) -> None:
    """From dispatch to the end of the callbacks, stopping at the first step after now."""
    ticket = flow.ticket
    if rng.random() < RETURNED:  # 退单 with a reason, then 改派 to another department
        returned_at = flow.last + timedelta(minutes=rng.randint(30, 360))
        if returned_at > now:
            return
        flow.returns.append(TicketReturn(department_id=ticket.department_id, reason="非本部门职责，请改派。",
                                         returned_at=returned_at))
        ticket.return_count, ticket.department_id = 1, None
        flow.step("returned", returned_at)
        redispatched_at = returned_at + timedelta(minutes=rng.randint(30, 240))
        if redispatched_at > now:
            return
        others = [pk for pk in district.departments if pk != flow.returns[-1].department_id] or district.departments
        _dispatch(flow, rng.choice(others), redispatched_at, district)
    accepted_at = flow.last + timedelta(minutes=rng.randint(10, 240))
    if accepted_at > now:
        return
    flow.step("accepted", accepted_at)
    if ticket.kind != TicketKind.CONSULT and rng.random() < EXTENDED:  # 申请延期, then 同意延期
        requested_at = flow.last + timedelta(hours=rng.randint(1, 48))
        if requested_at > min(now, ticket.due_at):
            return
        ticket.extension_days = rng.choice([3, 5, 10])
        flow.step("extension_requested", requested_at)
        approved_at = requested_at + timedelta(minutes=rng.randint(30, 600))
        if approved_at > now:
            return
        extend_due(ticket, ticket.extension_days)
        flow.step("accepted", approved_at)
    for round_ in (1, 2, 3):  # an unsatisfied callback reopens it; the third reply satisfies
        roll = rng.random()
        if roll < NEVER_REPLIED:
            return _overdue(flow, now, rng) if ticket.due_at < now else None
        due_day = local_date(ticket.due_at)
        if roll < NEVER_REPLIED + district.late_share[ticket.department_id]:
            reply_day = working_day_after(due_day, rng.randint(1, 4))
            callback_day = working_day_after(reply_day, rng.randint(0, 2))
        else:  # replied, and called back, within the due time (按时办结)
            reply_day = min(working_day_after(local_date(flow.last), rng.randint(0, 3)), due_day)
            callback_day = min(working_day_after(reply_day, rng.randint(0, 2)), due_day)
        replied_at = office_moment(rng, reply_day, flow.last)
        if replied_at > ticket.due_at:
            _overdue(flow, min(now, replied_at), rng)
        if replied_at > now:
            return
        ticket.reply, ticket.replied_at = REPLY, replied_at
        ticket.callback_due_at = due_after(local_date(replied_at), district.callback_days).at
        flow.step("replied", replied_at)
        callback_at = office_moment(rng, callback_day, replied_at)
        if callback_at > now:
            return
        ticket.callback_at = callback_at
        if round_ == 3 or rng.random() >= UNSATISFIED:
            ticket.satisfaction, ticket.closed_at = Satisfaction.SATISFIED, callback_at
            return flow.step("closed", callback_at)
        # 重办 keeps the original due time
        ticket.satisfaction, ticket.reopened_count, ticket.replied_at = Satisfaction.UNSATISFIED, round_, None
        ticket.callback_due_at = None
        flow.step("reopened", callback_at)


def _ticket(rng: random.Random, number: int, district: _District, now: datetime) -> _Flow:
    zone = local_zone()
    day = rng.choices(district.days, district.day_weights)[0]
    hour = rng.randint(7, 21) if rng.random() < 0.95 else rng.randint(0, 23)
    created_at = min(datetime.combine(day, time(hour, rng.randint(0, 59)), zone), now - timedelta(minutes=1))
    channel = rng.choices(*zip(*CHANNELS, strict=True))[0]
    if channel == TicketChannel.COMPLAINT_WINDOW:  # 办不成事 reported at the window
        kind, category = TicketKind.COMPLAINT, next((c for c in district.categories if c.code == "ZW02"), None)
    else:
        kind, category = rng.choices(*zip(*KINDS, strict=True))[0], None
    category = category or rng.choice(district.categories)
    name, _, phone = person(rng)
    topic = rng.choice(TOPICS.get(category.root, TOPICS[""]))
    ticket = Ticket(number=f"12345-{local_date(created_at):%Y%m%d}-{serial(number)}", kind=kind,
                    category_id=category.pk, channel=channel, caller_name=name, caller_phone=phone,
                    content=CONTENT[kind].format(topic=topic), region_id=rng.choice(district.regions),
                    status="registered", row_version=1, created_at=created_at, updated_at=created_at)
    flow = _Flow(ticket, created_at)
    if rng.random() < ANSWERED_ON_THE_CALL.get(kind, 0):
        answered_at = created_at + timedelta(minutes=rng.randint(3, 30))
        if answered_at <= now:
            ticket.reply, ticket.replied_at, ticket.closed_at = REPLY, answered_at, answered_at
            flow.step("closed", answered_at)
        return flow
    dispatched_at = created_at + timedelta(minutes=rng.randint(10, 180))
    if dispatched_at <= now:
        department = district.by_root.get(category.root) or rng.choice(district.departments)
        _dispatch(flow, department, dispatched_at, district)
        _work(rng, flow, now, district)
    return flow


def _imported(ticket: Ticket, codes: dict[int, str]) -> dict:
    """The import's `after`: the status, and what the metrics consumer would otherwise infer from
    the row — the department (by 部门编码, as the hotline's entries name it) and the satisfaction
    of the last callback (回访, "" for none)."""
    return {"status": ticket.status, "department": codes.get(ticket.department_id),
            "satisfaction": str(ticket.satisfaction)}


@transaction.atomic
def _write(flows: list[_Flow], codes: dict[int, str]) -> None:
    tickets = [flow.ticket for flow in flows]
    assign_ids(Ticket, tickets)
    insert_imported(Ticket, tickets, action=hotline_events.IMPORTED, after=lambda ticket: _imported(ticket, codes),
                    created_at=lambda ticket: ticket.updated_at)
    returns = []
    for flow in flows:
        for ticket_return in flow.returns:
            ticket_return.ticket_id = flow.ticket.pk
            returns.append(ticket_return)
    if returns:
        assign_ids(TicketReturn, returns)
        insert_rows(TicketReturn, rows_of(TicketReturn, returns))
    escalations = []
    for flow in flows:
        for escalation in flow.escalations:
            escalation.ticket_id = flow.ticket.pk
            escalations.append(escalation)
    if escalations:
        assign_ids(TicketEscalation, escalations)
        insert_rows(TicketEscalation, rows_of(TicketEscalation, escalations))


def generate_tickets(n: int, *, seed: int = 2026, today: date | None = None,
                     progress: Callable[[int, int], None] | None = None) -> int:
    """Insert `n` tickets of the year up to today with their audit entries; returns how many."""
    rng = random.Random(f"{seed}-tickets")
    today = today or date.today()
    now = generation_now(today)
    district = _District(rng, today)
    first = Ticket.objects.count()
    written = 0
    while written < n:
        size = min(BATCH, n - written)
        _write([_ticket(rng, first + written + index, district, now) for index in range(size)], district.codes)
        written += size
        if progress:
            progress(written, n)
    reset_sequences(Ticket, TicketReturn, TicketEscalation, AuditEntry)
    return written
