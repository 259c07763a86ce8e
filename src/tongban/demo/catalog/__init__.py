"""演示事项目录 — the demo 政务服务事项 catalog of 兰山区, on top of ``load_demo_district``.

``load_demo_catalog()`` creates the themes, licence types and 基本目录, then every 实施清单
item through the catalog's own lifecycle (``create_item`` → ``submit_version`` →
``publish_version``, actor: the demo admin), so every guide passes the same validation as one
typed in by a department. It is idempotent: rows are keyed on their codes, and an item whose
实施编码 already exists is skipped (never revised), so a second run changes nothing.
"""

from __future__ import annotations

from typing import TextIO

from django.db import transaction
from django.utils import timezone

from tongban.accounts.constants import Role
from tongban.accounts.models import Department, Region, User
from tongban.catalog import services
from tongban.catalog.constants import ItemKind, ItemLevel
from tongban.catalog.models import BasicItem, ItemType, LicenseType, ServiceItem, Theme
from tongban.catalog.validation import implementation_code
from tongban.core.errors import InvalidInput

from . import items_citizen, items_construction, items_enterprise, items_family, items_market
from . import items_property
from .build import DISTRICT_CODE, ItemSpec
from .codes import LICENSE_TYPES, THEMES, license_code

__all__ = ["ALL_ITEMS", "DISTRICT_CODE", "DemoCatalogError", "load_demo_catalog"]

_MODULES = (items_market, items_enterprise, items_construction, items_property, items_citizen,
            items_family)
ALL_ITEMS: tuple[ItemSpec, ...] = tuple(spec for module in _MODULES for spec in module.ITEMS)
PARENTS: tuple[tuple[str, str, str], ...] = tuple(
    parent for module in _MODULES for parent in module.PARENTS
)


class DemoCatalogError(RuntimeError):
    """The demo data itself is wrong (or the district is missing): fail loudly."""


def _department_code(suffix: str) -> str:
    return f"{DISTRICT_CODE}-{suffix}"


def _admin() -> User:
    admin = (User.objects.filter(username="admin", role=Role.ADMIN).first()
             or User.objects.filter(role=Role.ADMIN, is_active=True).order_by("pk").first())
    if admin is None:
        raise DemoCatalogError("未找到系统管理员账号：请先运行 manage.py load_demo_district。")
    return admin


def _departments() -> dict[str, Department]:
    departments = {d.code: d for d in Department.objects.filter(code__startswith=f"{DISTRICT_CODE}-")}
    needed = {spec.department for spec in ALL_ITEMS} | {p[2] for p in PARENTS}
    needed |= {entry[3] for entry in LICENSE_TYPES.values()}
    needed |= {code.split("-", 1)[1] for spec in ALL_ITEMS for code in spec.guide["co_departments"]}
    missing = sorted(s for s in needed if _department_code(s) not in departments)
    if missing:
        raise DemoCatalogError(f"演示部门缺失：{'、'.join(missing)}；请先运行 manage.py load_demo_district。")
    return {code.split("-", 1)[1]: department for code, department in departments.items()}


def _load_codes(departments: dict[str, Department]) -> None:
    for code, name, audience in THEMES:
        Theme.objects.update_or_create(code=code, defaults={"name": name, "audience": audience})
    for key, (name, _ministry, _seq, department, holder) in LICENSE_TYPES.items():
        LicenseType.objects.update_or_create(code=license_code(key), defaults={
            "name": name, "issuing_department": departments[department], "holder_kind": holder,
        })


def _load_basic_items(departments: dict[str, Department]) -> dict[str, BasicItem]:
    """基本目录: the group-only 主项 first, then one basic item per spec (子项 when the last
    three digits are not ``000``, under the 主项 with the same first seven)."""
    types = {t.code: t for t in ItemType.objects.all()}
    rows = [(code, name, dept) for code, name, dept in PARENTS]
    rows += [(spec.basic_code, spec.name, spec.department) for spec in ALL_ITEMS]
    seen: dict[str, str] = {}
    basic: dict[str, BasicItem] = {}
    for code, name, dept in rows:
        if seen.setdefault(code, name) != name:
            raise DemoCatalogError(f"基本编码 {code} 重复：{seen[code]} / {name}")
        is_sub = code[-3:] != "000"
        parent = basic.get(code[:7] + "000") if is_sub else None
        if is_sub and parent is None:
            raise DemoCatalogError(f"子项 {code} {name} 缺少主项 {code[:7]}000")
        basic[code], _ = BasicItem.objects.update_or_create(basic_code=code, defaults={
            "name": name, "item_type": types[code[:2]], "level": ItemLevel.COUNTY,
            "kind": ItemKind.SUB if is_sub else ItemKind.MAIN, "parent": parent,
            "competent_department": departments[dept],
        })
    return basic


def _publish(spec: ItemSpec, *, admin: User, basic_item: BasicItem, department: Department,
             region: Region, now) -> None:
    try:
        version = services.create_item(
            actor=admin, basic_item=basic_item, department=department, region=region,
            guide=spec.guide, now=now, business_item_number=spec.business_item_number,
        )
    except InvalidInput as error:
        details = "；".join(f"{e.field}: {e.message}" for e in error.errors)
        raise DemoCatalogError(f"演示事项“{spec.name}”未通过校验：{details}") from error
    version = services.submit_version(actor=admin, version=version, now=now)
    services.publish_version(actor=admin, version=version, comment="演示数据", now=now)


def load_demo_catalog(*, stdout: TextIO | None = None) -> int:
    """加载演示事项目录; return how many demo items are published (created now or before)."""

    def say(message: str) -> None:
        if stdout is not None:
            stdout.write(message + "\n")

    now = timezone.now()
    created = skipped = 0
    with transaction.atomic():
        admin = _admin()
        region = Region.objects.filter(code=DISTRICT_CODE).first()
        if region is None:
            raise DemoCatalogError("未找到演示区县 371302：请先运行 manage.py load_demo_district。")
        departments = _departments()
        say(f"正在加载主题 {len(THEMES)} 个、证照类型 {len(LICENSE_TYPES)} 个 …")
        _load_codes(departments)
        basic = _load_basic_items(departments)
        say(f"基本目录 {len(basic)} 项已就绪。")
        codes = []
        total = len(ALL_ITEMS)
        for number, spec in enumerate(ALL_ITEMS, start=1):
            department = departments[spec.department]
            code = implementation_code(department.uscc, spec.basic_code, spec.business_item_number)
            codes.append(code)
            say(f"正在加载事项 {number}/{total} … {spec.name}")
            if ServiceItem.objects.filter(implementation_code=code).exists():
                skipped += 1
                continue
            _publish(spec, admin=admin, basic_item=basic[spec.basic_code], department=department,
                     region=region, now=now)
            created += 1
        published = ServiceItem.objects.filter(
            implementation_code__in=codes, published_version__isnull=False, is_retired=False,
        ).count()
        from tongban.demo.licences import load_demo_licences

        say(f"电子证照类型与演示证照：新增 {load_demo_licences()} 项。")
    say(f"演示事项目录加载完成：共 {total} 项，本次新发布 {created} 项，已存在跳过 {skipped} 项，"
        f"现已发布 {published} 项。")
    return published
