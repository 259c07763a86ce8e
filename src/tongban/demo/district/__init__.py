"""演示区县 — the demo district (临沂市兰山区) for development, demos and tests.

``load_demo_district()`` creates or updates, in one transaction, the region tree, the
departments, the three-level halls with their windows, the demo enterprises and one login
for every 角色. It is idempotent: every row is keyed on its natural key (区划代码, 部门编码,
场所名称, (场所, 窗口号), 用户名, 统一社会信用代码), so running it again changes nothing
but resets the demo passwords and lockouts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple, TextIO

from django.db import transaction

from tongban.accounts.constants import EXTERNAL_ROLES, PUBLIC_ROLES, Role
from tongban.accounts.models import User

from .departments import DEPARTMENTS, load_departments
from .enterprises import ENTERPRISES, MANDATES, load_enterprises, load_mandates
from .halls import load_halls
from .people import PEOPLE, load_people
from .regions import DISTRICT_NAME, load_regions

__all__ = ["DEMO_BASE_URL", "DEMO_PASSWORD", "DemoLogin", "DemoSummary", "load_demo_district"]

#: 演示密码 — shared by every demo login; passes all AUTH_PASSWORD_VALIDATORS
#: (length, common-password list, and three of four character classes).
DEMO_PASSWORD = "Tongban#2026"

#: Where `manage.py runserver` serves the site by default.
DEMO_BASE_URL = "http://127.0.0.1:8000"


class DemoLogin(NamedTuple):
    """One row of the demo logins table (演示账号)."""

    role_label: str
    username: str
    name: str
    unit: str
    home_url: str


@dataclass
class DemoSummary:
    """What a load produced: counts of demo rows, new rows, and the logins to show."""

    regions: int = 0
    departments: int = 0
    halls: int = 0
    windows: int = 0
    enterprises: int = 0
    agents: int = 0
    users: int = 0
    created: int = 0
    logins: list[DemoLogin] = field(default_factory=list)


def home_url(role: str) -> str:
    """Landing page: the portal for the public and outside roles, the workbench for staff (admin also /admin/)."""
    if role in PUBLIC_ROLES | EXTERNAL_ROLES:
        return f"{DEMO_BASE_URL}/"
    if role == Role.ADMIN:
        return f"{DEMO_BASE_URL}/workbench/ 及 {DEMO_BASE_URL}/admin/"
    return f"{DEMO_BASE_URL}/workbench/"


def _unit(user: User, mandates: dict[str, list[str]]) -> str:
    """单位: the department, hall window, region or enterprises a persona works for."""
    if user.role == Role.CITIZEN:
        return "个人用户"
    if user.role == Role.ENTERPRISE:
        units = mandates.get(user.username, [])
        if len(units) > 1:
            return f"{units[0]}等{len(units)}家企业"
        return units[0] if units else "—"
    if user.department_id:
        return user.department.name
    if user.window_id:
        return f"{user.window.hall} {user.window}"
    return str(user.region) if user.region_id else "—"


def _logins(users: dict[str, User]) -> list[DemoLogin]:
    mandates: dict[str, list[str]] = {}
    for username, enterprise, capacity in MANDATES:
        mandates.setdefault(username, []).append(f"{enterprise}（{capacity.label}）")
    return [
        DemoLogin(
            Role(user.role).label, user.username, user.display_name,
            _unit(user, mandates), home_url(user.role),
        )
        for user in (users[person["username"]] for person in PEOPLE)
    ]


def load_demo_district(*, stdout: TextIO | None = None) -> DemoSummary:
    """加载演示区县 — create or update the whole demo district; safe to run repeatedly."""

    def say(message: str) -> None:
        if stdout is not None:
            stdout.write(message + "\n")

    summary = DemoSummary()
    with transaction.atomic():
        say(f"正在加载区划（{DISTRICT_NAME}及所辖镇街、村居）…")
        regions, created = load_regions()
        summary.regions, summary.created = len(regions), summary.created + created

        say("正在加载部门…")
        departments, created = load_departments(regions[DISTRICT_NAME])
        summary.departments, summary.created = len(DEPARTMENTS), summary.created + created

        say("正在加载政务服务场所与窗口…")
        halls, summary.windows, created = load_halls(regions, departments)
        summary.halls, summary.created = len(halls), summary.created + created

        say("正在加载演示账号…")
        users, created = load_people(DEMO_PASSWORD, regions, departments, halls)
        summary.users, summary.created = len(users), summary.created + created

        say("正在加载企业及经办授权…")
        enterprises, created = load_enterprises(regions)
        summary.enterprises, summary.created = len(ENTERPRISES), summary.created + created
        summary.agents, created = load_mandates(enterprises, users)
        summary.created += created

        say("正在加载惠企政策（种子 002：工业经济专项资金、直播电商扶持）…")
        from tongban.demo.policies import load_demo_policies

        _programs, created = load_demo_policies(enterprises)
        summary.created += created

        say("正在加载消费券活动（种子 002：2021兰山消费季，白名单商户）…")
        from tongban.demo.vouchers import load_demo_vouchers

        load_demo_vouchers()

    summary.logins = _logins(users)
    return summary
