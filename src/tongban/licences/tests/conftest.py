"""A district with an item whose result is a 食品经营许可证, and a citizen applying for it."""

from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest

from tongban.cases import services as case_services
from tongban.cases.tests.conftest import CaseWorld, at, cases_world, submit_online  # noqa: F401
from tongban.catalog.models import LicenseType, ServiceItemVersion
from tongban.catalog.tests.conftest import world  # noqa: F401
from tongban.events.services import SETTLE_SECONDS
from tongban.licences.models import LicenceType

FOOD_CODE = "11100000TB00000019002"


@dataclass
class LicenceWorld:
    cw: CaseWorld
    licence_type: LicenceType


@pytest.fixture
def lw(cases_world):  # noqa: F811
    cw = cases_world
    catalog_type = LicenseType.objects.create(code=FOOD_CODE, name="食品经营许可证", holder_kind="citizen",
                                              issuing_department=cw.catalog.market)
    licence_type = LicenceType.objects.create(
        catalog_type=catalog_type, holder_kind="citizen", defining_authority="国家市场监督管理总局",
        validity_unit="years", validity_length=5,
        field_schema=[{"code": "KZ_JYCS", "label": "经营场所", "required": True},
                      {"code": "KZ_ZTYT", "label": "主体业态", "required": True}])
    licence_type.issuer_departments.add(cw.catalog.market)
    # the published item's result becomes this licence type (a fixture shortcut past a new version)
    ServiceItemVersion.objects.filter(item__implementation_code=cw.item_code).update(
        result_kind="license", result_license_type=catalog_type)
    return LicenceWorld(cw, licence_type)


def step(actor, case, action, now, **details):
    return case_services.transition_case(actor=actor, case_number=case.number,
                                         command=case_services.Command(action=action, **details), now=now)


def approved_case(lw: LicenceWorld, now: datetime):
    cw = lw.cw
    case = submit_online(cw, now)
    step(cw.clerk, case, "accept", now)
    step(cw.reviewer, case, "start_review", now)
    case_services.complete_task(actor=cw.housing_reviewer, case_number=case.number, approve=True, opinion="",
                                now=now)
    return step(cw.reviewer, case, "approve", now)


def settled(now: datetime) -> datetime:
    return now + timedelta(seconds=SETTLE_SECONDS + 1)


__all__ = ["at", "approved_case", "settled", "step"]
