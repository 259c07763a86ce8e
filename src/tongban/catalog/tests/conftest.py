"""A minimal world for catalog tests: one region, two departments, an office, editors, a reviewer."""

from dataclasses import dataclass

import pytest
from django.utils import timezone

from tongban.accounts.constants import Role
from tongban.accounts.models import Department, Region, User
from tongban.catalog import services
from tongban.catalog.models import BasicItem, ItemType, ServiceItemVersion
from tongban.core.checkdigits import make_uscc


@dataclass
class CatalogWorld:
    region: Region
    market: Department
    housing: Department
    basic_item: BasicItem
    market_editor: User
    housing_editor: User
    reviewer: User


def make_guide(**changes) -> dict:
    guide = {
        "name": "食品经营许可", "item_type": "01", "legal_basis": "《中华人民共和国食品安全法》第三十五条",
        "implementation_basis": "", "service_objects": ["2"], "statutory_limit": 20,
        "statutory_unit": "working", "promised_limit": 10, "promised_unit": "working",
        "case_kind": "promised", "is_free": True, "result_kind": "other", "result_name": "食品经营许可证",
        "result_license_type": "", "intermediary_services": "", "quantity_limit": "",
        "annual_inspection": "", "can_apply_online": True, "fully_online": False, "visits": 1,
        "mobile": True, "kiosk": False, "near_home_level": "", "cross_region_scope": "",
        "window_acceptance": True, "negative_list": False, "negative_list_reason": "",
        "consultation_phone": "0539-8888888", "themes": [],
        "conditions": [{"text": "有与经营的食品品种、数量相适应的经营场所", "rule": None}],
        "materials": [{"name": "食品经营许可申请书", "form": "original", "count": 1, "medium": "paper",
                       "is_required": True, "is_waivable": False, "license_type": "",
                       "shared_data_source": "", "commitment_allowed": False, "notes": ""}],
        "steps": [{"name": "受理", "role": "intake", "description": ""}],
        "special_procedures": [{"kind": "site_inspection", "max_duration": 10, "unit": "working",
                                "description": "现场核查经营场所"}],
        "fees": [],
    }
    guide.update(changes)
    return guide


def _user(username: str, role: str, department: Department) -> User:
    return User.objects.create_user(username=username, password="Tongban#2026", role=role,
                                    department=department, region=department.region)


@pytest.fixture
def world(db) -> CatalogWorld:
    region = Region.objects.create(code="371302", name="兰山区", level="district")
    market = Department.objects.create(code="371302-SCJG", name="区市场监管局", region=region,
                                       uscc=make_uscc("11371302MB2800001"))
    housing = Department.objects.create(code="371302-ZJ", name="区住房城乡建设局", region=region,
                                        uscc=make_uscc("11371302MB2800002"))
    office = Department.objects.create(code="371302-SPJ", name="区行政审批服务局", region=region,
                                       uscc=make_uscc("11371302MB2800003"),
                                       is_service_management_office=True)
    basic_item = BasicItem.objects.create(basic_code="0100001000", name="食品经营许可",
                                          item_type=ItemType.objects.get(code="01"), level="4",
                                          competent_department=market)
    return CatalogWorld(region, market, housing, basic_item,
                        _user("shenpi", Role.REVIEWER, market), _user("shenpi_zj", Role.REVIEWER, housing),
                        _user("shenhe", Role.REVIEWER, office))


def publish_new_item(world: CatalogWorld, **changes) -> ServiceItemVersion:
    now = timezone.now()
    draft = services.create_item(actor=world.market_editor, basic_item=world.basic_item,
                                 department=world.market, region=world.region,
                                 guide=make_guide(**changes), now=now)
    services.submit_version(actor=world.market_editor, version=draft, now=now)
    return services.publish_version(actor=world.reviewer, version=draft, now=now)
