"""演示电子证照 — the licence types of the demo catalog and a few licences already on file.

`load_demo_licences()` runs at the end of `load_demo_catalog` (the catalog's 证照类型 must exist):
every demo 证照类型 becomes an electronic licence type (issuer: its department in the catalog,
validity and `KZ_` fields below), and the demo enterprises get their 营业执照, 张三 his 居民身份证,
so that 免证办 at intake has something to reuse. Idempotent: existing rows are kept.
"""

from __future__ import annotations

from django.utils import timezone

from tongban.accounts.models import Enterprise, User
from tongban.catalog.models import LicenseType
from tongban.licences import services
from tongban.licences.models import Licence, LicenceType

from .catalog.codes import LICENSE_TYPES, license_code

#: key → (validity unit, length, KZ_ fields as (code, label)); a key not listed: 长期有效, no KZ_ field.
DETAILS: dict[str, tuple[str, int, tuple[tuple[str, str], ...]]] = {
    "YYZZ": ("none", 0, (("KZ_LX", "类型"), ("KZ_ZS", "住所"), ("KZ_JYFW", "经营范围"), ("KZ_ZCZB", "注册资本"))),
    "SPJY": ("years", 5, (("KZ_JYCS", "经营场所"), ("KZ_ZTYT", "主体业态"), ("KZ_JYXM", "经营项目"))),
    "YPJY": ("years", 5, (("KZ_JYFS", "经营方式"), ("KZ_JYFW", "经营范围"))),
    "GGCS": ("years", 4, (("KZ_XKXM", "许可项目"),)),
    "YLJG": ("years", 5, (("KZ_ZLKM", "诊疗科目"),)),
    "SGXK": ("none", 0, (("KZ_XMMC", "项目名称"), ("KZ_JSGM", "建设规模"))),
    "RQJY": ("years", 5, (("KZ_JYLB", "经营类别"),)),
    "SFZ": ("years", 20, (("KZ_ZZ", "住址"),)),
    "DLYS": ("years", 4, (("KZ_JYFW", "经营范围"),)),
    "RLZY": ("years", 5, ()),
    "LWPQ": ("years", 3, ()),
}
MINISTRY_OF = {key: spec[1] for key, spec in LICENSE_TYPES.items()}


def load_licence_types() -> int:
    created = 0
    for key in LICENSE_TYPES:
        catalog_type = LicenseType.objects.filter(code=license_code(key)).select_related("issuing_department").first()
        if catalog_type is None or LicenceType.objects.filter(pk=catalog_type.pk).exists():
            continue
        unit, length, fields = DETAILS.get(key, ("none", 0, ()))
        licence_type = LicenceType.objects.create(
            catalog_type=catalog_type, defining_authority=MINISTRY_OF[key], holder_kind=catalog_type.holder_kind,
            validity_unit=unit, validity_length=length,
            field_schema=[{"code": code, "label": label, "required": True} for code, label in fields])
        if catalog_type.issuing_department_id:
            licence_type.issuer_departments.add(catalog_type.issuing_department)
        created += 1
    return created


def _issue(key: str, holder: services.Holder, fields: dict[str, str], now) -> bool:
    licence_type = LicenceType.objects.filter(catalog_type__code=license_code(key)).first()
    if licence_type is None or Licence.objects.filter(licence_type=licence_type, holder_code=holder.code).exists():
        return False
    issuer = licence_type.catalog_type.issuing_department
    if issuer is None or not issuer.uscc:
        return False
    services._create(licence_type=licence_type, issuer=issuer, holder=holder, fields=fields, actor=None, now=now)
    return True


def load_demo_licences() -> int:
    """Licence types, and the licences the demo people and enterprises already hold."""
    now = timezone.now()
    created = load_licence_types()
    for enterprise in Enterprise.objects.order_by("pk"):
        created += _issue("YYZZ", services.Holder("enterprise", enterprise.name, enterprise.uscc),
                          {"KZ_LX": "有限责任公司", "KZ_ZS": enterprise.address, "KZ_JYFW": "日用百货、预包装食品销售",
                           "KZ_ZCZB": "100万元"}, now)
    citizen = User.objects.filter(username="zhangsan").first()
    if citizen is not None and citizen.id_number:
        created += _issue("SFZ", services.Holder("citizen", citizen.real_name, citizen.id_number, citizen),
                          {"KZ_ZZ": "山东省临沂市兰山区"}, now)
    return created
