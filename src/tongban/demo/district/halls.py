"""政务服务场所 and 窗口 — the three-level hall system of the demo district.

* 兰山区政务服务中心 (district centre) with a window of every 窗口 kind: 综合窗口, 专窗,
  通办专窗, 办不成事反映窗口 and the 24小时自助区;
* one 为民服务中心 per 镇(街道) with a 综合窗口 and a 办不成事反映窗口;
* a few village 为民服务站 with one 代办窗口 each.
"""

from __future__ import annotations

from tongban.accounts.constants import HallLevel, WindowKind
from tongban.accounts.models import Department, Region, ServiceHall, Window

from .regions import DISTRICT_NAME, TOWNS

WORKDAY_HOURS = "工作日 9:00-17:00"

#: 兰山区政务服务中心 — the district centre.
CENTRE_NAME = "兰山区政务服务中心"
CENTRE_ADDRESS = "临沂市兰山区北京路与蒙河路交汇处兰山区政务服务中心"
CENTRE_HOURS = "工作日 9:00-17:00（节假日24小时自助区开放）"

#: A window row: (number, name, kind, department name or None for non-专窗).
WindowRow = tuple[str, str, str, str | None]

#: Windows of the centre.
CENTRE_WINDOWS: tuple[WindowRow, ...] = (
    ("01", "综合窗口（企业开办）", WindowKind.GENERAL, None),
    ("02", "综合窗口（工程建设项目）", WindowKind.GENERAL, None),
    ("03", "综合窗口（社会事务）", WindowKind.GENERAL, None),
    ("04", "综合窗口（一件事一次办）", WindowKind.GENERAL, None),
    ("11", "公安专窗", WindowKind.DEPARTMENT, "区公安分局"),
    ("12", "税务专窗", WindowKind.DEPARTMENT, "区税务局"),
    ("13", "不动产登记专窗", WindowKind.DEPARTMENT, "区自然资源局"),
    ("14", "社保医保专窗", WindowKind.DEPARTMENT, "区医保局"),
    ("15", "人社专窗", WindowKind.DEPARTMENT, "区人力资源社会保障局"),
    ("21", "跨域通办专窗", WindowKind.CROSS_REGION, None),
    ("22", "办不成事反映窗口", WindowKind.COMPLAINT, None),
    ("ZZ01", "24小时自助区", WindowKind.SELF_SERVICE, None),
)

#: Windows of each town 为民服务中心.
TOWN_WINDOWS: tuple[WindowRow, ...] = (
    ("01", "综合窗口", WindowKind.GENERAL, None),
    ("02", "办不成事反映窗口", WindowKind.COMPLAINT, None),
)

#: Village 为民服务站: (village name, town name used in the address).
VILLAGE_STATIONS: tuple[tuple[str, str], ...] = (
    ("大岭社区", "兰山街道"),
    ("枣园村", "枣园镇"),
    ("白沙埠村", "白沙埠镇"),
)

VILLAGE_WINDOWS: tuple[WindowRow, ...] = (
    ("01", "帮办代办窗口", WindowKind.GENERAL, None),
)


def town_hall_name(town: str) -> str:
    return f"{town}为民服务中心"


def village_station_name(village: str) -> str:
    return f"{village}为民服务站"


def _hall(name: str, level: str, region: Region, address: str, hours: str) -> tuple[ServiceHall, bool]:
    return ServiceHall.objects.update_or_create(
        name=name,
        defaults={"level": level, "region": region, "address": address, "opening_hours": hours},
    )


def _windows(
    hall: ServiceHall, rows: tuple[WindowRow, ...], departments: dict[str, Department]
) -> int:
    """Create or update a hall's windows; return how many were new."""
    created = 0
    for number, name, kind, department_name in rows:
        _window, new = Window.objects.update_or_create(
            hall=hall, number=number,
            defaults={
                "name": name,
                "kind": kind,
                "department": departments[department_name] if department_name else None,
                "is_open": True,
            },
        )
        created += new
    return created


def load_halls(
    regions: dict[str, Region], departments: dict[str, Department]
) -> tuple[dict[str, ServiceHall], int, int]:
    """Create or update halls and windows; return halls by name, window count, new rows."""
    halls: dict[str, ServiceHall] = {}
    windows = created = 0
    district = regions[DISTRICT_NAME]
    plan = [(CENTRE_NAME, HallLevel.CENTRE, district, CENTRE_ADDRESS, CENTRE_HOURS, CENTRE_WINDOWS)]
    for _part, town, _villages in TOWNS:
        plan.append((
            town_hall_name(town), HallLevel.TOWN, regions[town],
            f"临沂市兰山区{town}便民服务大厅", WORKDAY_HOURS, TOWN_WINDOWS,
        ))
    for village, town in VILLAGE_STATIONS:
        plan.append((
            village_station_name(village), HallLevel.VILLAGE, regions[village],
            f"临沂市兰山区{town}{village}党群服务中心", WORKDAY_HOURS, VILLAGE_WINDOWS,
        ))
    for name, level, region, address, hours, rows in plan:
        hall, new = _hall(name, level, region, address, hours)
        halls[name] = hall
        windows += len(rows)
        created += new + _windows(hall, rows, departments)
    return halls, windows, created
