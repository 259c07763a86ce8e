"""政府内部程序演示数据 — the 司法局's reviewer, the issuer list and the review office of the demo district.

Idempotent (keyed on username, department, region). `load_procedures()` runs after the district.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.hashers import make_password
from django.db import transaction

from tongban.accounts.constants import Role
from tongban.accounts.models import Department, Region, User
from tongban.procedures.models import Issuer, ReviewOffice

from .district import DEMO_PASSWORD
from .district.regions import DISTRICT_NAME

#: 规范性文件制定主体清单 of the demo district: (department name, 单位代码).
ISSUERS: tuple[tuple[str, str], ...] = (
    ("区市场监管局", "SCJ"),
    ("区住房城乡建设局", "ZJJ"),
    ("区发展改革局", "FGJ"),
    ("区司法局", "SFJ"),
)
LEGAL_REVIEWER = {"username": "sifa", "real_name": "林正", "phone": "15205391616", "department": "区司法局"}


@transaction.atomic
def load_procedures(password: str = DEMO_PASSWORD) -> dict:
    district = Region.objects.get(name=DISTRICT_NAME)
    justice = Department.objects.get(name=LEGAL_REVIEWER["department"])
    ReviewOffice.objects.update_or_create(region=district, defaults={"department": justice})
    for name, code in ISSUERS:
        Issuer.objects.update_or_create(department=Department.objects.get(name=name),
                                        defaults={"unit_code": code, "listed": True, "listed_on": date(2026, 1, 1)})
    reviewer, _ = User.objects.update_or_create(username=LEGAL_REVIEWER["username"], defaults={
        "real_name": LEGAL_REVIEWER["real_name"], "role": Role.REVIEWER, "phone": LEGAL_REVIEWER["phone"],
        "department": justice, "password": make_password(password), "failed_login_count": 0, "locked_until": None})
    return {"review_office": justice, "reviewer": reviewer}
