"""区划 — the demo district's region tree: 兰山区 → 镇(街道) → 村(社区).

Codes follow the 统计用区划代码 layout: the 6-digit GB/T 2260 district code, a 3-digit
town part (0xx 街道, 1xx 镇) and a 3-digit village part (0xx–1xx 居委会/社区, 2xx 村委会),
so a town is ``371302001000`` and its first community ``371302001001``. The district itself
keeps its 6-digit code ``371302``.
"""

from __future__ import annotations

from tongban.accounts.constants import RegionLevel
from tongban.accounts.models import Region

#: 兰山区 — the district (GB/T 2260 code of 临沂市兰山区).
DISTRICT_CODE = "371302"
DISTRICT_NAME = "兰山区"

#: 镇(街道): (3-digit town part, name, ((3-digit village part, village name), …)).
#: Streets hold 社区 (codes 001…), towns hold 村 (codes 201…).
TOWNS: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    ("001", "兰山街道", (
        ("001", "大岭社区"),
        ("002", "前园社区"),
        ("003", "小皇山社区"),
    )),
    ("002", "银雀山街道", (
        ("001", "银雀山社区"),
        ("002", "南坛社区"),
        ("003", "涑河社区"),
    )),
    ("003", "金雀山街道", (
        ("001", "金雀山社区"),
        ("002", "沂蒙路社区"),
    )),
    ("004", "柳青街道", (
        ("001", "柳青社区"),
        ("002", "柳青河社区"),
        ("003", "北园社区"),
    )),
    ("102", "枣园镇", (
        ("201", "枣园村"),
        ("202", "沂田庄村"),
        ("203", "孝友村"),
    )),
    ("103", "白沙埠镇", (
        ("201", "白沙埠村"),
        ("202", "孝河村"),
        ("203", "诸葛村"),
    )),
    ("104", "汪沟镇", (
        ("201", "汪沟村"),
        ("202", "盛庄村"),
    )),
    ("105", "方城镇", (
        ("201", "方城村"),
        ("202", "新桥村"),
        ("203", "西沟村"),
    )),
    ("106", "义堂镇", (
        ("201", "义堂村"),
        ("202", "新河村"),
        ("203", "朱陈村"),
    )),
)


def town_code(part: str) -> str:
    """12-digit code of a 镇(街道) from its 3-digit town part."""
    return f"{DISTRICT_CODE}{part}000"


def village_code(town_part: str, village_part: str) -> str:
    """12-digit code of a 村(社区)."""
    return f"{DISTRICT_CODE}{town_part}{village_part}"


def _upsert(code: str, name: str, level: str, parent: Region | None) -> tuple[Region, bool]:
    return Region.objects.update_or_create(
        code=code, defaults={"name": name, "level": level, "parent": parent}
    )


def _remember(by_name: dict[str, Region], region: Region) -> None:
    # Halls and people refer to regions by name, so demo names must be unique.
    if region.name in by_name:
        raise ValueError(f"demo region name used twice: {region.name}")
    by_name[region.name] = region


def load_regions() -> tuple[dict[str, Region], int]:
    """Create or update the tree; return regions by name and how many rows were new."""
    by_name: dict[str, Region] = {}
    created = 0
    district, new = _upsert(DISTRICT_CODE, DISTRICT_NAME, RegionLevel.DISTRICT, None)
    _remember(by_name, district)
    created += new
    for part, name, villages in TOWNS:
        town, new = _upsert(town_code(part), name, RegionLevel.TOWN, district)
        _remember(by_name, town)
        created += new
        for village_part, village_name in villages:
            village, new = _upsert(
                village_code(part, village_part), village_name, RegionLevel.VILLAGE, town
            )
            _remember(by_name, village)
            created += new
    return by_name, created
