"""Navigation by role: each role sees the menu entries its access rules admit."""

from django.conf import settings
from django.urls import reverse

from .policy import rule_for

# (url name, label) in menu order; an entry shows only when the access rule admits the user.
WORKBENCH_MENU = [
    ("portal:workbench", "工作台"),
    ("cases:department_queue", "办件"),
    ("catalog_desk:items", "事项管理"),
    ("metrics:dashboard", "指标"),
    ("accounts:staff_list", "人员管理"),
    ("audit:entries", "审计日志"),
    ("calendar_admin:years", "工作日历"),
]
PORTAL_MENU = [
    ("portal:home", "首页"),
    ("catalog:list", "办事指南"),
    ("cases:mine", "我的办件"),
    ("cases:track", "办件查询"),
    ("hotline:online", "12345 留言"),
    ("accounts:profile", "个人中心"),
]


def _entries(user, menu):
    return [
        {"url": reverse(name), "label": label, "name": name}
        for name, label in menu
        if (rule := rule_for(name)) is not None and rule.admits(user)
    ]


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None:
        return {}
    staff = user.is_authenticated and not user.is_public
    return {
        "district_name": settings.DISTRICT_NAME,
        "nav_entries": _entries(user, WORKBENCH_MENU if staff else PORTAL_MENU),
        "is_staff_user": staff,
    }
