"""12345 tests: the demo district's personas and a helper that walks a ticket through its flow."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tongban.hotline import services

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(year: int, month: int, day: int, hour: int = 10) -> datetime:
    return datetime(year, month, day, hour, tzinfo=SHANGHAI)


def ticket_input(**overrides) -> services.TicketInput:
    values = {"kind": "complaint", "category_code": "SC01", "channel": "phone", "caller_name": "王小明",
              "caller_phone": "13905391111", "content": "兰山街道某饭店后厨卫生脏乱，餐具不消毒",
              "region_code": "371302"}
    return services.TicketInput(**{**values, **overrides})


@pytest.fixture
def user(db):
    """`user("shenpi")` — a persona of the demo district (loaded inside the test's transaction)."""
    from tongban.accounts.models import User
    from tongban.demo.district import load_demo_district

    if not User.objects.filter(username="zhuren").exists():
        load_demo_district()

    def load(username: str) -> User:
        return User.objects.select_related("department", "region").get(username=username)

    return load


@pytest.fixture
def operator(user):
    return user("zhuren")


@pytest.fixture
def market(user):
    return user("shenpi")


@pytest.fixture
def housing(user):
    return user("shenpi_zj")


@pytest.fixture
def register(operator):
    def make(now=None, **overrides):
        return services.register_ticket(ticket_input(**overrides), actor=operator, now=now or at(2026, 9, 30, 9))
    return make


@pytest.fixture
def step():
    def take(ticket_or_number, actor, action, now=None, **fields):
        number = getattr(ticket_or_number, "number", ticket_or_number)
        return services.transition_ticket(actor=actor, number=number, now=now or at(2026, 9, 30, 11),
                                          command=services.Command(action=action, **fields))
    return take


@pytest.fixture
def district_rule(user):
    """`district_rule("hotline.callback_working_days", 2)` — the district overrides a rule from 2026-01-01."""
    from datetime import date

    from tongban.accounts.models import Region, User
    from tongban.rules.services import set_override

    def override(code: str, value) -> None:
        admin = User.objects.filter(role="admin").first() or User.objects.create_user(
            username="rules_admin", password="x", role="admin")
        set_override(code, value=value, effective_from=date(2026, 1, 1), reason="测试：区级设置",
                     region=Region.objects.get(code="371302"), actor=admin, now=at(2026, 1, 1))
    return override
