"""The demo district with seed 002's programs, and a clock in Asia/Shanghai."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tongban.accounts.models import Enterprise, User

SHANGHAI = ZoneInfo("Asia/Shanghai")
SHOP = "临沂兰山示范商贸有限公司"  # live commerce, 李华 (qiye) is its 法定代表人
FACTORY = "临沂沂河优选电子商务有限公司"  # manufacturer above scale, 亩产效益 A


def at(year, month, day, hour=10, minute=0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture
def demo(db):
    from tongban.demo.district import load_demo_district

    load_demo_district()
    users = {u.username: u for u in User.objects.filter(
        username__in=["qiye", "shenji", "shenpi", "kezhang", "zhangsan", "zhuren", "shanghu"])}
    return type("Demo", (), {"users": users, "shop": Enterprise.objects.get(name=SHOP),
                             "factory": Enterprise.objects.get(name=FACTORY)})
