"""Portal home, staff workbench, and the 403/404/500 pages (problem+json under /api/)."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from tongban.accounts.models import Department, ServiceHall
from tongban.accounts.policy import rule_for
from tongban.accounts.scopes import departments_for
from tongban.catalog.constants import Audience
from tongban.catalog.models import Theme
from tongban.problems import problem_response

from .workbench import tasks_for


@require_GET
def home(request):
    themes = list(Theme.objects.order_by("code"))
    return render(request, "portal/home.html", {
        "departments": Department.objects.select_related("region").order_by("code"),
        "halls": ServiceHall.objects.select_related("region").order_by("region__path"),
        "citizen_themes": [theme for theme in themes if theme.audience == Audience.CITIZEN],
        "enterprise_themes": [theme for theme in themes if theme.audience == Audience.ENTERPRISE],
    })


@require_GET
def hotline(request):
    """12345 and 好差评 for everyone: how to call, where to leave a message, the public figures."""
    return render(request, "portal/hotline.html", {
        "can_leave_message": rule_for("hotline:online").admits(request.user),
    })


@require_GET
def workbench(request):
    return render(request, "portal/workbench.html", {
        "tasks": tasks_for(request.user),
        "departments": departments_for(request.user).order_by("code")[:20],
    })


def _error_page(request, status: int, code: str, detail: str, template: str):
    if request.path.startswith("/api/"):
        return problem_response(code, detail, status)
    return render(request, template, {"detail": detail}, status=status)


def forbidden(request, exception=None):
    return _error_page(request, 403, "auth.forbidden", "您无权访问此页面。", "403.html")


def not_found(request, exception=None):
    return _error_page(request, 404, "not_found", "您访问的页面不存在或已被移除。", "404.html")


def server_error(request):
    return _error_page(request, 500, "server.error", "服务器内部错误，请稍后重试。", "500.html")
