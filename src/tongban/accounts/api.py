"""Accounts API: the public organisation tree, tokens, registration, scoped staff."""

from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from .constants import Role
from .models import Department, Region, ServiceHall
from .schemas import (
    CitizenIn, DepartmentOut, EnterpriseIn, EnterpriseOut, HallOut, MeOut, RegionOut, StaffOut,
    StaffPage, TokenIn, TokenOut,
)
from . import services
from .scopes import departments_for, staff_for

router = Router(tags=["组织与人员"])


@router.get("/regions", response=list[RegionOut], auth=None, summary="区划树（区/镇街/村居）")
def list_regions(request):
    return Region.objects.select_related("parent")


@router.get("/departments", response=list[DepartmentOut], auth=None, summary="部门列表")
def list_departments(request):
    return Department.objects.select_related("region")


@router.get("/halls", response=list[HallOut], auth=None, summary="政务服务场所与窗口")
def list_halls(request):
    return ServiceHall.objects.select_related("region").prefetch_related("windows__department")


@router.post("/auth/tokens", response={201: TokenOut}, auth=None, summary="签发接口令牌")
def issue_token(request, payload: TokenIn):
    now = timezone.now()
    user = services.login_with_lockout(payload.username, payload.password, now=now)
    token, raw = services.issue_token(user, now=now, name=payload.name)
    return Status(201, {"token": raw, "expires_at": token.expires_at})


@router.post("/citizens", response={201: MeOut}, auth=None, summary="个人实名注册")
def register_citizen(request, payload: CitizenIn):
    return Status(201, services.register_citizen(**payload.dict(), now=timezone.now()))


@router.get("/me", response=MeOut, summary="当前用户")
def me(request):
    return request.user


@router.post("/me/enterprises", response={201: EnterpriseOut}, summary="企业认证（成为经办人）")
def register_enterprise(request, payload: EnterpriseIn):
    return Status(201, services.register_enterprise(actor=request.user, **payload.dict(), now=timezone.now()))


@router.get("/me/enterprises", response=list[EnterpriseOut], summary="我可代办的企业")
def list_my_enterprises(request):
    return [mandate.enterprise for mandate in request.user.enterprise_mandates.select_related("enterprise")]


@router.get("/me/departments", response=list[DepartmentOut], summary="我的管理范围内的部门")
def list_scoped_departments(request):
    return departments_for(request.user).select_related("region")


class StaffFilter(Schema):
    role: Role | None = None
    after: int | None = None
    limit: int = Field(50, ge=1, le=200)


@router.get("/staff", response=StaffPage, summary="工作人员（按管理范围）")
def list_staff(request, filters: Query[StaffFilter]):
    limit = filters.limit
    staff = staff_for(request.user).select_related("department", "region").order_by("id")
    if filters.role:
        staff = staff.filter(role=filters.role)
    if filters.after:
        staff = staff.filter(id__gt=filters.after)
    page = list(staff[: limit + 1])
    next_cursor = page[limit - 1].id if len(page) > limit else None
    return {"items": page[:limit], "next_cursor": next_cursor}


@router.get("/staff/{staff_id}", response=StaffOut, summary="工作人员详情")
def get_staff(request, staff_id: int):
    return services.get_staff_for_actor(request.user, staff_id)


@router.post("/staff/{staff_id}/unlock", response=StaffOut, summary="解除登录锁定")
def unlock_staff(request, staff_id: int):
    return services.unlock_staff(actor=request.user, staff_id=staff_id, now=timezone.now())
