"""A district with a town, two departments and a published item; a supervisor and an admin."""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tongban.accounts.constants import Role
from tongban.accounts.models import Department, Region, User
from tongban.catalog.models import ServiceItem
from tongban.catalog.tests.conftest import CatalogWorld, publish_new_item, world  # noqa: F401

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 2, 10, 9, tzinfo=SHANGHAI)


@dataclass
class RulesWorld:
    district: Region
    town: Region
    village: Region
    market: Department
    housing: Department
    item: ServiceItem
    supervisor: User
    town_supervisor: User
    admin: User
    clerk: User


@pytest.fixture
def rules_world(world: CatalogWorld) -> RulesWorld:  # noqa: F811
    town = Region.objects.create(code="371302001", name="兰山街道", level="town", parent=world.region)
    village = Region.objects.create(code="371302001001", name="某社区", level="village", parent=town)
    item = publish_new_item(world).item
    supervisor = User.objects.create_user(username="zhongxin", password="x", role=Role.SUPERVISOR,
                                          region=world.region)
    town_supervisor = User.objects.create_user(username="zhen_zx", password="x", role=Role.SUPERVISOR, region=town)
    admin = User.objects.create_user(username="xitong", password="x", role=Role.ADMIN)
    clerk = User.objects.create_user(username="chuangkou", password="x", role=Role.INTAKE_CLERK, region=world.region)
    return RulesWorld(world.region, town, village, world.market, world.housing, item, supervisor, town_supervisor,
                      admin, clerk)
