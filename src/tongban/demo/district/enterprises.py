"""企业 and 企业经办授权 — demo enterprises and who may act for them.

USCCs are generated: 登记管理部门 ``9`` (市场监管/工商), 机构类别 ``1`` (企业), area ``371302``,
a 9-char 主体标识码 of the ``MA…`` style issued since 2015, then the GB 32100 check char.
"""

from __future__ import annotations

from tongban.accounts.constants import AgentCapacity
from tongban.accounts.models import Enterprise, EnterpriseAgent, Region, User
from tongban.core.checkdigits import make_uscc

#: 示范企业 — the enterprise that 李华 (qiye) represents as 法定代表人.
DEMO_ENTERPRISE_NAME = "临沂兰山示范商贸有限公司"

#: (uscc first 17, name, 法定代表人, region name, 住所)
ENTERPRISES: tuple[tuple[str, str, str, str, str], ...] = (
    ("91371302MA3C8K2L4", DEMO_ENTERPRISE_NAME, "李华", "兰山街道",
     "山东省临沂市兰山区兰山街道沂州路与金雀山路交汇处商贸大厦1201室"),
    ("91371302MA3D7P1Q6", "临沂沂河优选电子商务有限公司", "孙丽", "枣园镇",
     "山东省临沂市兰山区枣园镇驻地文泗路88号"),
)

#: 企业经办授权: (username, enterprise name, capacity).
MANDATES: tuple[tuple[str, str, str], ...] = (
    ("qiye", DEMO_ENTERPRISE_NAME, AgentCapacity.LEGAL_REPRESENTATIVE),
    ("qiye", "临沂沂河优选电子商务有限公司", AgentCapacity.AGENT),
)


def enterprise_uscc(first17: str) -> str:
    return make_uscc(first17)


def load_enterprises(regions: dict[str, Region]) -> tuple[dict[str, Enterprise], int]:
    """Create or update the enterprises (natural key: USCC)."""
    by_name: dict[str, Enterprise] = {}
    created = 0
    for first17, name, legal_representative, region_name, address in ENTERPRISES:
        enterprise, new = Enterprise.objects.update_or_create(
            uscc=enterprise_uscc(first17),
            defaults={
                "name": name,
                "legal_representative": legal_representative,
                "region": regions[region_name],
                "address": address,
            },
        )
        by_name[name] = enterprise
        created += new
    return by_name, created


def load_mandates(enterprises: dict[str, Enterprise], users: dict[str, User]) -> tuple[int, int]:
    """Create or update 企业经办授权 rows; return (rows, new rows)."""
    created = 0
    for username, enterprise_name, capacity in MANDATES:
        _agent, new = EnterpriseAgent.objects.update_or_create(
            enterprise=enterprises[enterprise_name], user=users[username],
            defaults={"capacity": capacity, "valid_until": None},
        )
        created += new
    return len(MANDATES), created
