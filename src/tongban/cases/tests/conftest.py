"""A small district for case tests: a published item in the market department, people of every side."""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tongban.accounts.constants import Role
from tongban.accounts.models import User
from tongban.catalog.models import LicenseType
from tongban.catalog.tests.conftest import CatalogWorld, make_guide, publish_new_item, world  # noqa: F401
from tongban.cases.testing import png
from tongban.core.checkdigits import make_id_number
from tongban.core.clock import local_date

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(year: int, month: int, day: int, hour: int = 10) -> datetime:
    return datetime(year, month, day, hour, tzinfo=SHANGHAI)


@dataclass
class CaseWorld:
    catalog: CatalogWorld
    item_code: str
    citizen: User
    clerk: User
    reviewer: User
    housing_reviewer: User
    head: User


MATERIALS = [
    {"name": "申请书", "form": "original", "count": 1, "medium": "electronic", "is_required": True,
     "is_waivable": False, "license_type": "", "shared_data_source": "", "commitment_allowed": False, "notes": ""},
    {"name": "场所使用证明", "form": "copy", "count": 1, "medium": "electronic", "is_required": True,
     "is_waivable": True, "license_type": "", "shared_data_source": "", "commitment_allowed": True, "notes": ""},
    {"name": "营业执照", "form": "copy", "count": 1, "medium": "electronic", "is_required": True,
     "is_waivable": False, "license_type": "91100000MA0000001X001", "shared_data_source": "市场主体登记信息",
     "commitment_allowed": False, "notes": ""},
]

COMMITMENT_CONTENT = "本单位承诺：场所使用证明所证明的经营场所真实、合法。"
COMMITMENT_LIABILITY = "承诺不实的，撤销办理结果，记入信用记录。"


@pytest.fixture
def cases_world(world):  # noqa: F811
    LicenseType.objects.create(code="91100000MA0000001X001", name="营业执照", holder_kind="enterprise")
    version = publish_new_item(world, promised_limit=5, materials=MATERIALS, co_departments=["371302-ZJ"],
                               commitment_content=COMMITMENT_CONTENT, commitment_liability=COMMITMENT_LIABILITY)
    region = world.region
    citizen = User.objects.create_user(username="zhangsan", password="x", role=Role.CITIZEN, real_name="张三",
                                       phone="13805391234", id_number=make_id_number("371302", datetime(1990, 5, 12).date(), 13))
    clerk = User.objects.create_user(username="shouli", password="x", role=Role.INTAKE_CLERK, region=region)
    head = User.objects.create_user(username="kezhang", password="x", role=Role.DEPARTMENT_HEAD,
                                    department=world.market, region=region)
    return CaseWorld(world, version.item.implementation_code, citizen, clerk, world.market_editor,
                     world.housing_editor, head)



PNG = png()  # uploads are decoded: a real image


def submit_online(cw: CaseWorld, now: datetime, *, waive_second: bool = False):
    """张三 applies online: uploads the form, and the other two materials by allowed means."""
    from tongban.cases import services
    from tongban.catalog.models import Material

    materials = list(Material.objects.filter(version__item__implementation_code=cw.item_code,
                                             version__status="published").order_by("order"))
    upload = services.store_upload(name="申请书.png", data=PNG, actor=cw.citizen, now=now)
    given = [
        services.MaterialInput(materials[0].id, "submitted", upload.public_id),
        services.MaterialInput(materials[1].id, "waived" if waive_second else "commitment"),
        services.MaterialInput(materials[2].id, "shared_data"),
    ]
    commitment = services.CommitmentInput("张三", "本人承诺所填信息真实有效，逾期未补交愿承担相应责任。",
                                          due_date=local_date(now).replace(day=28) if waive_second else None,
                                          template_version=None if waive_second else materials[1].version.number)
    return services.submit_case(actor=cw.citizen, item_code=cw.item_code,
                                applicant=services.applicant_for_account(cw.citizen), channel="online",
                                materials=given, commitment=commitment, now=now)


def self_pickup(user):
    """The applicant collects in person, showing the ID card the case was filed with."""
    from tongban.cases.services.pickups import PickupInput

    return PickupInput("self", user.real_name, "resident_id", user.id_number, id_checked=True)
