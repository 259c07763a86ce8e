"""监管 test world: one district, two towns, the 市场监管局 with its inspectors and a pool of enterprises."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from tongban.accounts.constants import Role
from tongban.accounts.models import Department, Enterprise, Region, User
from tongban.core.checkdigits import make_uscc
from tongban.supervision.models import CheckItem, InspectorProfile, SubjectProfile

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(year: int, month: int, day: int, hour: int = 10) -> datetime:
    return datetime(year, month, day, hour, tzinfo=SHANGHAI)


def uscc(n: int) -> str:
    return make_uscc(f"91371302MA{n:07d}")


@pytest.fixture
def district(db):
    # get_or_create: a test before this one may have left the demo district in place
    root, _ = Region.objects.get_or_create(code="371302", defaults={"name": "兰山区", "level": "district"})
    towns = [Region.objects.get_or_create(code=f"371302{n:03d}900", defaults={
        "name": f"测试街道{n}", "level": "town", "parent": root})[0] for n in (1, 2)]
    market, _ = Department.objects.get_or_create(code="371302-SCJG", defaults={"name": "区市场监管局", "region": root})
    housing, _ = Department.objects.get_or_create(code="371302-ZJJ", defaults={"name": "区住建局", "region": root})
    User.objects.filter(role=Role.INSPECTOR, department=market).update(is_active=False)  # only this test's pool
    head = User.objects.create_user(username="sv_kezhang", password="x", role=Role.DEPARTMENT_HEAD, department=market,
                                    region=root, real_name="科长")
    inspectors = []
    for n in range(6):
        user = User.objects.create_user(username=f"jc{n}", password="x", role=Role.INSPECTOR, department=market,
                                        region=root, real_name=f"检查员{n}")
        profile = InspectorProfile.objects.create(user=user, certificate_number=f"LY-ZF-{n:04d}")
        if n >= 4:  # two cover only the first town; the others the whole district
            profile.regions.set([towns[0]])
        inspectors.append(user)
    enterprises = []
    for n in range(40):
        enterprise = Enterprise.objects.create(uscc=uscc(n), name=f"兰山测试企业{n}", legal_representative="法人",
                                               region=towns[n % 2])
        profile = SubjectProfile.objects.create(enterprise=enterprise, industry="餐饮",
                                                risk_class=("low", "medium", "high")[n % 3])
        profile.departments.set([market])
        enterprises.append(enterprise)
    items = [CheckItem.objects.create(department=market, code=f"SCJG-CC-{n}", name=name, legal_basis="《食品安全法》",
                                      method="on_site", published_at=at(2026, 1, 5))
             for n, name in enumerate(("食品经营许可情况检查", "从业人员健康管理检查"))]
    return {"root": root, "towns": towns, "market": market, "housing": housing, "head": head,
            "inspectors": inspectors, "enterprises": enterprises, "items": items}


TODAY = date(2026, 11, 2)
