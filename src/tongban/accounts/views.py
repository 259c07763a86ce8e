"""Login, logout, citizen registration, profile and the scoped staff list."""

from django.contrib import messages
from django.contrib.auth import login, logout
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from tongban.core.errors import DomainError

from . import services
from .forms import CitizenRegistrationForm, LoginForm
from .scopes import staff_for


def _next_url(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


@require_http_methods(["GET", "POST"])
def login_view(request):
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.login_with_lockout(
                form.cleaned_data["username"], form.cleaned_data["password"], now=timezone.now(),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            login(request, user)
            home = "portal:home" if user.is_public else "portal:workbench"
            return redirect(_next_url(request, home))
    return render(request, "accounts/login.html", {"form": form, "next": _next_url(request, "")})


@require_POST
def logout_view(request):
    logout(request)
    return redirect("portal:home")


@require_http_methods(["GET", "POST"])
def register_view(request):
    form = CitizenRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.register_citizen(
                username=data["username"], password=data["password"], real_name=data["real_name"],
                id_number=data["id_number"], phone=data["phone"], now=timezone.now(),
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            login(request, user)
            messages.success(request, "注册成功，欢迎使用通办。")
            return redirect("portal:home")
    return render(request, "accounts/register.html", {"form": form})


def profile_view(request):
    return render(request, "accounts/profile.html", {
        "mandates": request.user.enterprise_mandates.select_related("enterprise"),
    })


def staff_list_view(request):
    staff = staff_for(request.user).select_related("department", "region").order_by("id")
    page = Paginator(staff, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/staff_list.html", {"page": page, "now": timezone.now()})


@require_POST
def staff_unlock_view(request, staff_id: int):
    try:
        staff = services.unlock_staff(actor=request.user, staff_id=staff_id, now=timezone.now())
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"已解除 {staff.display_name} 的登录锁定。")
    return redirect("accounts:staff_list")
