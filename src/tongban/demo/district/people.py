"""演示账号 — the demo personas, one or more for every 角色.

Usernames are fixed: other tests and the README log in with them. All share
``DEMO_PASSWORD``. Citizens and the enterprise user carry generated 居民身份证号 with the
兰山区 address code; staff leave it empty.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.hashers import make_password

from tongban.accounts.constants import Role
from tongban.accounts.models import Department, Region, ServiceHall, User, Window
from tongban.core.checkdigits import make_id_number

from .halls import CENTRE_NAME, town_hall_name

#: 居民身份证号 inputs: username → (birth date, 顺序码; odd = male, even = female).
ID_NUMBERS: dict[str, tuple[date, int]] = {
    "zhangsan": (date(1990, 5, 12), 13),
    "lisi": (date(1988, 11, 3), 27),
    "qiye": (date(1985, 3, 21), 35),
}

#: One dict per persona. ``department``/``region`` are names; ``window`` is (hall, number).
PEOPLE: tuple[dict[str, Any], ...] = (
    {"username": "zhangsan", "real_name": "张三", "role": Role.CITIZEN, "phone": "13805391234"},
    {"username": "lisi", "real_name": "李四", "role": Role.CITIZEN, "phone": "13905392345"},
    {"username": "qiye", "real_name": "李华", "role": Role.ENTERPRISE, "phone": "13605393456"},
    {"username": "shouli", "real_name": "王芳", "role": Role.INTAKE_CLERK,
     "phone": "15205390101", "region": "兰山区", "window": (CENTRE_NAME, "01")},
    {"username": "shenpi", "real_name": "赵强", "role": Role.REVIEWER,
     "phone": "15205390202", "department": "区市场监管局"},
    {"username": "kezhang", "real_name": "刘敏", "role": Role.DEPARTMENT_HEAD,
     "phone": "15205390303", "department": "区市场监管局"},
    {"username": "jiancha", "real_name": "孙伟", "role": Role.INSPECTOR,
     "phone": "15205390404", "department": "区市场监管局"},
    {"username": "shenpi_zj", "real_name": "钱进", "role": Role.REVIEWER,
     "phone": "15205390505", "department": "区住房城乡建设局"},
    {"username": "kezhang_zj", "real_name": "吴刚", "role": Role.DEPARTMENT_HEAD,
     "phone": "15205390606", "department": "区住房城乡建设局"},
    {"username": "shenhe", "real_name": "何平", "role": Role.REVIEWER,
     "phone": "15205391212", "department": "区行政审批服务局"},
    {"username": "zhuren", "real_name": "陈静", "role": Role.SUPERVISOR,
     "phone": "15205390707", "region": "兰山区"},
    {"username": "lingdao", "real_name": "高远", "role": Role.LEADER,
     "phone": "15205391313", "region": "兰山区"},
    {"username": "zhuren_zy", "real_name": "郑好", "role": Role.SUPERVISOR,
     "phone": "15205390808", "region": "枣园镇"},
    {"username": "shouli_zy", "real_name": "冯雪", "role": Role.INTAKE_CLERK,
     "phone": "15205390909", "region": "枣园镇", "window": (town_hall_name("枣园镇"), "01")},
    {"username": "bangban", "real_name": "周丽", "role": Role.HELPER,
     "phone": "15205391010", "region": "兰山街道"},
    {"username": "admin", "real_name": "系统管理员", "role": Role.ADMIN,
     "phone": "15205391111", "region": "兰山区"},
    {"username": "shanghu", "real_name": "韩梅", "role": Role.MERCHANT,
     "phone": "15205391414", "region": "兰山区"},
    {"username": "shenji", "real_name": "罗成", "role": Role.POLICY_AUDITOR,
     "phone": "15205391515", "region": "兰山区"},
)


def demo_id_number(username: str, region6: str = "371302") -> str:
    """居民身份证号 of a demo persona, or "" for staff."""
    if username not in ID_NUMBERS:
        return ""
    birth, seq = ID_NUMBERS[username]
    return make_id_number(region6, birth, seq)


def load_people(
    password: str,
    regions: dict[str, Region],
    departments: dict[str, Department],
    halls: dict[str, ServiceHall],
) -> tuple[dict[str, User], int]:
    """Create or update every persona (natural key: username); reset password and lockout.

    The password is hashed once and shared, so a reload stays fast with PBKDF2.
    """
    password_hash = make_password(password)
    users: dict[str, User] = {}
    created = 0
    for person in PEOPLE:
        department = departments[person["department"]] if "department" in person else None
        region = department.region if department else regions.get(person.get("region", ""))
        window = None
        if "window" in person:
            hall_name, number = person["window"]
            window = Window.objects.get(hall=halls[hall_name], number=number)
        is_admin = person["role"] == Role.ADMIN
        user, new = User.objects.update_or_create(
            username=person["username"],
            defaults={
                "real_name": person["real_name"],
                "role": person["role"],
                "phone": person["phone"],
                "id_number": demo_id_number(person["username"]),
                "department": department,
                "region": region,
                "window": window,
                "is_active": True,
                "is_staff": is_admin,
                "is_superuser": is_admin,
                "password": password_hash,
                "failed_login_count": 0,
                "locked_until": None,
            },
        )
        users[user.username] = user
        created += new
    return users, created
