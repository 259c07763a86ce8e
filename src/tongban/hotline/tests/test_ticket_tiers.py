"""12345 beyond the basic flow: channels as data, 企业诉求, the 应急 tier, 督办 levels and 提级办理
with their history, the 回访 limit, and the 延期 maximum as a district rule."""

from datetime import datetime

import pytest
from django.utils import timezone

from tongban.accounts.models import Enterprise
from tongban.core.errors import DomainError, Forbidden
from tongban.hotline import services
from tongban.hotline.models import HotlineChannel, Ticket, TicketEscalation
from tongban.hotline.queries import cursor_of, queue

from .conftest import SHANGHAI, at, ticket_input

MARKET = "371302-SCJG"
USCC = "91110000600037341L"


def end_of(year, month, day):
    return datetime(year, month, day, 23, 59, 59, tzinfo=SHANGHAI)


# --- channels ---------------------------------------------------------------------------------

def test_channels_are_data_a_district_adds_and_retires(register) -> None:
    assert register(channel="mayor_mailbox").channel == "mayor_mailbox"  # seeded: 区长信箱
    HotlineChannel.objects.create(code="hotline_app", name="爱山东 App", position=9)
    assert register(channel="hotline_app").channel == "hotline_app"
    HotlineChannel.objects.filter(code="mayor_mailbox").update(is_active=False)
    with pytest.raises(DomainError) as refused:
        register(channel="mayor_mailbox")
    assert {e.field for e in refused.value.errors} == {"channel"}


# --- 企业诉求 ---------------------------------------------------------------------------------

def test_an_enterprise_ticket_carries_a_checked_uscc_and_is_filterable(register, operator) -> None:
    with pytest.raises(DomainError) as refused:
        register(enterprise_uscc="91110000600037341X", enterprise_name="某公司")
    assert {e.field for e in refused.value.errors} == {"enterprise_uscc"}
    with pytest.raises(DomainError) as nameless:
        register(enterprise_uscc=USCC)
    assert {e.field for e in nameless.value.errors} == {"enterprise_name"}

    firm = register(enterprise_uscc=USCC.lower(), enterprise_name="某科技有限公司")
    person = register()
    assert (firm.enterprise_uscc, firm.is_enterprise, person.is_enterprise) == (USCC, True, False)
    assert [t.number for t in queue(operator, enterprise=True)] == [firm.number]


def test_an_enterprise_users_online_message_is_the_enterprises(user) -> None:
    qiye = user("qiye")
    ticket = services.register_ticket(ticket_input(channel="phone"), actor=qiye, now=at(2026, 9, 30))
    enterprise = Enterprise.objects.filter(agents__user=qiye).order_by("agents__id").first()
    assert (ticket.channel, ticket.enterprise_uscc, ticket.enterprise_name) == (
        "online", enterprise.uscc, enterprise.name)


# --- 应急 ---------------------------------------------------------------------------------------

def test_an_emergency_ticket_is_due_the_same_day_and_leads_the_queue(register, step, operator) -> None:
    ordinary = [register(), register()]
    emergency = register(is_emergency=True, content="燃气管道泄漏，有刺鼻气味")
    dispatched = step(emergency, operator, "dispatch", department_code=MARKET, now=at(2026, 9, 30, 10))
    assert timezone.localtime(dispatched.due_at) == end_of(2026, 9, 30)

    first_page = queue(operator, limit=2)
    assert [t.number for t in first_page] == [emergency.number, ordinary[0].number, ordinary[1].number]
    rest = queue(operator, limit=2, after=cursor_of(first_page[1]))
    assert [t.number for t in rest] == [ordinary[1].number]


@pytest.mark.parametrize(("days", "due"), [(0, (2026, 10, 1)), (1, (2026, 10, 2))])
def test_emergency_limit_is_natural_days_by_rule(register, step, operator, district_rule, days, due) -> None:
    district_rule("hotline.emergency_natural_days", days)
    ticket = step(register(is_emergency=True), operator, "dispatch", department_code=MARKET,
                  now=at(2026, 10, 1, 22))  # a holiday still counts: 应急 does not wait for working days
    assert timezone.localtime(ticket.due_at) == end_of(*due)


def test_an_online_message_cannot_make_itself_an_emergency(user) -> None:
    ticket = services.register_ticket(ticket_input(is_emergency=True), actor=user("zhangsan"), now=at(2026, 9, 30))
    assert ticket.is_emergency is False


# --- 督办 and 提级办理 ----------------------------------------------------------------------------

def test_supervision_levels_keep_a_history_row_each_and_never_drop(register, step, operator, market) -> None:
    ticket = step(register(), operator, "dispatch", department_code=MARKET, now=at(2026, 9, 30))
    services.supervise_ticket(actor=operator, number=ticket.number, level=1, reason="群众多次来电催办",
                              now=at(2026, 10, 9))
    raised = services.supervise_ticket(actor=operator, number=ticket.number, level=3, reason="区领导批示",
                                       now=at(2026, 10, 12))
    assert (raised.supervision_level, raised.escalated) == (3, True)
    with pytest.raises(DomainError) as lower:
        services.supervise_ticket(actor=operator, number=ticket.number, level=2, reason="降级", now=at(2026, 10, 13))
    assert lower.value.code == "hotline.supervision_level_invalid"
    with pytest.raises(DomainError) as no_reason:
        services.supervise_ticket(actor=operator, number=ticket.number, level=3, reason=" ", now=at(2026, 10, 13))
    assert no_reason.value.code == "hotline.reason_required"
    with pytest.raises(Forbidden):
        services.supervise_ticket(actor=market, number=ticket.number, level=3, reason="x", now=at(2026, 10, 13))
    rows = list(TicketEscalation.objects.filter(ticket=ticket).values_list("kind", "level", "reason", "actor__username"))
    assert rows == [("supervise", 1, "群众多次来电催办", "zhuren"), ("supervise", 3, "区领导批示", "zhuren")]


def test_the_overdue_job_writes_a_system_row_once(register, step, operator) -> None:
    ticket = step(register(kind="consult"), operator, "dispatch", department_code=MARKET, now=at(2026, 9, 30))
    assert services.escalate_overdue(at(2026, 10, 11)) == [ticket.number]
    assert services.escalate_overdue(at(2026, 10, 12)) == []
    row = TicketEscalation.objects.get(ticket=ticket)
    assert (row.kind, row.level, row.actor_id, row.reason) == ("supervise", 1, None, "超过办理时限未办结")
    assert Ticket.objects.get(pk=ticket.pk).supervision_level == 1


def test_elevation_only_goes_up_and_is_recorded(register, step, operator) -> None:
    ticket = step(register(), operator, "dispatch", department_code=MARKET, now=at(2026, 9, 30))
    elevated = services.elevate_ticket(actor=operator, number=ticket.number, level=2, reason="涉及多个部门",
                                       now=at(2026, 10, 9))
    assert elevated.handling_level == 2
    with pytest.raises(DomainError) as same:
        services.elevate_ticket(actor=operator, number=ticket.number, level=2, reason="再次", now=at(2026, 10, 9))
    assert same.value.code == "hotline.handling_level_invalid"
    assert TicketEscalation.objects.get(ticket=ticket, kind="elevate").level_label == "提级：区级统筹协调"


def test_a_closed_ticket_is_not_escalated(register, step, operator) -> None:
    closed = step(register(kind="consult"), operator, "answer_directly", reply="请见办事指南")
    with pytest.raises(DomainError) as refused:
        services.supervise_ticket(actor=operator, number=closed.number, level=1, reason="x", now=at(2026, 10, 9))
    assert refused.value.status == 409


# --- 回访 limit -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("moment", "overdue"), [
    (datetime(2026, 10, 14, 23, 59, tzinfo=SHANGHAI), False),  # the last working day of the limit
    (datetime(2026, 10, 15, 0, 1, tzinfo=SHANGHAI), True),
])
def test_callback_limit_and_overdue_flag(register, step, operator, market, district_rule, moment, overdue) -> None:
    district_rule("hotline.callback_working_days", 2)
    ticket = step(register(), operator, "dispatch", department_code=MARKET, now=at(2026, 9, 30))
    step(ticket, market, "accept")
    replied = step(ticket, market, "reply", reply="已处理", now=at(2026, 10, 12))
    assert timezone.localtime(replied.callback_due_at) == end_of(2026, 10, 14)
    assert replied.callback_overdue(moment) is overdue
    assert [t.number for t in queue(operator, callback_overdue=True, now=moment)] == (
        [ticket.number] if overdue else [])
    called = step(ticket, operator, "callback_satisfied", now=moment)
    assert called.callback_at == moment and called.callback_overdue(moment) is False


# --- 延期 maximum -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("days", "allowed"), [(10, True), (11, False)])
def test_extension_maximum_is_a_district_rule(register, step, operator, market, district_rule, days, allowed) -> None:
    district_rule("hotline.extension_max_working_days", 10)
    ticket = step(register(), operator, "dispatch", department_code=MARKET, now=at(2026, 9, 30))
    step(ticket, market, "accept")
    if allowed:
        assert step(ticket, market, "request_extension", reason="需检测", extension_days=days).extension_days == days
    else:
        with pytest.raises(DomainError) as refused:
            step(ticket, market, "request_extension", reason="需检测", extension_days=days)
        assert "1 至 10 个工作日" in refused.value.message


def test_the_admin_edits_the_channel_list(user) -> None:
    from django.test import Client

    client = Client()
    client.force_login(user("admin"))
    page = client.get("/admin/hotline/hotlinechannel/")
    assert page.status_code == 200 and "区长信箱" in page.content.decode()
    added = client.post("/admin/hotline/hotlinechannel/add/", {"code": "app", "name": "爱山东", "position": 7,
                                                              "is_active": "on"})
    assert added.status_code == 302 and HotlineChannel.objects.filter(code="app", is_active=True).exists()
