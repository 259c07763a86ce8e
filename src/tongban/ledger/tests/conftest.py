"""Ledger tests: the demo district's personas (loaded inside the test's transaction)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(year: int, month: int, day: int, hour: int = 10) -> datetime:
    return datetime(year, month, day, hour, tzinfo=SHANGHAI)


@pytest.fixture
def user(db):
    from tongban.accounts.models import User
    from tongban.demo.district import load_demo_district

    if not User.objects.filter(username="zhuren").exists():
        load_demo_district()

    def load(username: str) -> User:
        return User.objects.select_related("department", "region").get(username=username)

    return load
