"""部门 — the demo district's departments (实施机构), named as in the 兰山区 gazettes.

Each department gets a stable, readable code (``371302-SCJG``) and a generated
统一社会信用代码: 登记管理部门 ``1`` (机构编制), 机构类别 ``1`` (机关), area ``371302``, then a
9-char 主体标识码 (an 8-char 组织机构代码 body plus its GB 11714 check char).
"""

from __future__ import annotations

from tongban.accounts.models import Department, Region
from tongban.core.checkdigits import make_uscc

#: (code suffix, name, short name, 组织机构代码 serial, is 政务服务管理机构)
DEPARTMENTS: tuple[tuple[str, str, str, int, bool], ...] = (
    ("SPJ", "区行政审批服务局", "审批服务局", 101, True),
    ("SCJG", "区市场监管局", "市场监管局", 102, False),
    ("ZJ", "区住房城乡建设局", "住建局", 103, False),
    ("RS", "区人力资源社会保障局", "人社局", 104, False),
    ("ZRZY", "区自然资源局", "自然资源局", 105, False),
    ("WJ", "区卫生健康局", "卫健局", 106, False),
    ("GA", "区公安分局", "公安分局", 107, False),
    ("MZ", "区民政局", "民政局", 108, False),
    ("SW", "区税务局", "税务局", 109, False),
    ("CXSW", "区城乡水务局", "水务局", 110, False),
    ("JT", "区交通运输局", "交运局", 111, False),
    ("JYTY", "区教育和体育局", "教体局", 112, False),
    ("YB", "区医保局", "医保局", 113, False),
    ("SF", "区司法局", "司法局", 114, False),
    ("DSJ", "区大数据局", "大数据局", 115, False),
    ("ZHZF", "区综合行政执法局", "综合执法局", 116, False),
    ("SHANGWU", "区商务局", "商务局", 117, False),
    ("NYNC", "区农业农村局", "农业农村局", 118, False),
    ("CZ", "区财政局", "财政局", 119, False),
    ("FG", "区发展改革局", "发改局", 120, False),
)

#: GB 11714 weights of the 8 body characters of a 组织机构代码.
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def org_code(body8: str) -> str:
    """组织机构代码 (GB 11714): 8 chars plus check char (``0``–``9`` or ``X``)."""
    total = sum(int(ch, 36) * w for ch, w in zip(body8, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return body8 + {10: "X", 11: "0"}.get(check, str(check))


def department_uscc(serial: int, area: str = "371302") -> str:
    """统一社会信用代码 of a 机关: ``11`` + area + 主体标识码 + check char."""
    return make_uscc(f"11{area}{org_code(f'00433{serial:03d}')}")


def department_code(suffix: str, area: str = "371302") -> str:
    return f"{area}-{suffix}"


def load_departments(district: Region) -> tuple[dict[str, Department], int]:
    """Create or update the departments; return them by name and how many were new."""
    by_name: dict[str, Department] = {}
    created = 0
    for suffix, name, short_name, serial, is_office in DEPARTMENTS:
        department, new = Department.objects.update_or_create(
            code=department_code(suffix, district.code),
            defaults={
                "name": name,
                "short_name": short_name,
                "uscc": department_uscc(serial, district.code),
                "region": district,
                "is_service_management_office": is_office,
            },
        )
        by_name[name] = department
        created += new
    return by_name, created
