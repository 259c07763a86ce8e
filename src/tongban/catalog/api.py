"""Catalog API: the public one-source guide (no login) and the department/review workflow."""

from typing import Literal

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.http import http_date, quote_etag
from ninja import Field, Query, Router, Schema, Status

from tongban.accounts.models import Department, Region

from . import errors, services
from .guide import guide_of
from .models import BasicItem, ServiceItem, ServiceItemVersion
from .rates import catalog_rates
from .queries import CatalogFilter, catalog_page, published_version_of
from .schemas import (
    CommentIn, CreateItemIn, ItemPage, PublishedGuide, SaveDraftIn, VersionOut,
)

router = Router(tags=["政务服务事项"])


class ItemFilter(Schema):
    department: str = Field("", description="实施机构部门编码")
    region: str = Field("", description="区划代码（含下级）")
    level: str = Field("", description="行使层级 1–6")
    type: str = Field("", description="事项类型代码")
    theme: str = Field("", description="主题编码")
    channel: str = Field("", description="online / mobile / kiosk / window / near_home")
    fully_online: bool | None = Field(None, description="全程网办")
    q: str = Field("", max_length=50, description="全文检索：名称、受理条件、材料")
    after: str = Field("", max_length=64, description="游标")
    limit: int = Field(20, ge=1, le=100)


def summary_of(item: ServiceItem) -> dict:
    version = item.published_version
    return {
        "implementation_code": item.implementation_code, "basic_code": item.basic_item.basic_code,
        "name": version.name, "item_type": version.item_type.code,
        "department_code": item.department.code, "department_name": item.department.name,
        "region_code": item.region.code, "level": item.basic_item.level,
        "case_kind": version.case_kind, "promised_limit": version.promised_limit,
        "promised_unit": version.promised_unit, "can_apply_online": version.can_apply_online,
        "fully_online": version.fully_online, "visits": version.visits, "version": version.number,
    }


@router.get("/catalog/items", response=ItemPage, auth=None, summary="事项目录（同源发布，免登录）")
def list_catalog_items(request, filters: Query[ItemFilter]):
    criteria = CatalogFilter(
        department=filters.department, region=filters.region, level=filters.level,
        item_type=filters.type, theme=filters.theme, channel=filters.channel,
        fully_online=filters.fully_online, q=filters.q,
    )
    page, next_cursor = catalog_page(criteria, after=filters.after, limit=filters.limit)
    return {"items": [summary_of(item) for item in page], "next_cursor": next_cursor}


def published_payload(version: ServiceItemVersion) -> dict:
    item = version.item
    return {
        "implementation_code": item.implementation_code, "basic_code": item.basic_item.basic_code,
        "department_code": item.department.code, "department_name": item.department.name,
        "region_code": item.region.code, "level": item.basic_item.level,
        "version": version.number, "status": version.status, "published_at": version.published_at,
        "guide": guide_of(version, material_ids=True),
        "versions": list(item.versions.filter(published_at__isnull=False)
                         .order_by("number").values_list("number", flat=True)),
    }


@router.get("/catalog/items/{code}", response=PublishedGuide, auth=None, summary="办事指南（可按 version 查看旧版）")
def get_catalog_item(request, code: str, response: HttpResponse, version: int | None = None):
    found = published_version_of(code, version)
    if found is None:
        raise errors.NOT_FOUND
    etag = quote_etag(f"{code}-v{found.number}-{found.updated_at.timestamp():.0f}")
    if request.headers.get("If-None-Match") == etag:
        return HttpResponse(status=304, headers={"ETag": etag})
    response["ETag"] = etag
    response["Last-Modified"] = http_date(found.updated_at.timestamp())
    response["Cache-Control"] = "public, max-age=60"
    return published_payload(found)


class CatalogRatesOut(Schema):
    code: str
    name: str
    items: int
    applied: int = Field(description="依申请事项数（各比率的分母）")
    online: int
    fully_online: int
    general_window: int
    online_rate: float | None = Field(description="可网办率 %")
    fully_online_rate: float | None = Field(description="全程网办率 %")
    general_window_rate: float | None = Field(description="一窗受理通办比例 %（纳入综合窗口受理的依申请事项）")


@router.get("/catalog/rates", response=list[CatalogRatesOut], auth=None, summary="可网办率、全程网办率、一窗受理通办比例")
def get_catalog_rates(request, group_by: Literal["department", "region"] = "department"):
    return catalog_rates(group_by)


# --- department drafting and joint review (staff) -------------------------------------------


def version_payload(version: ServiceItemVersion) -> dict:
    return {
        "id": version.id, "implementation_code": version.item.implementation_code,
        "number": version.number, "status": version.status, "revision": version.revision,
        "guide": guide_of(version),
        "reviews": [
            {"action": review.action, "comment": review.comment, "actor": str(review.actor),
             "created_at": review.created_at.isoformat()}
            for review in version.reviews.select_related("actor")
        ],
    }


def _version(request, version_id: int) -> ServiceItemVersion:
    return services.get_version_for_actor(request.user, version_id)


@router.post("/catalog/drafts", response={201: VersionOut}, summary="新增事项（草稿）")
def create_catalog_item(request, payload: CreateItemIn):
    version = services.create_item(
        actor=request.user,
        basic_item=get_object_or_404(BasicItem, basic_code=payload.basic_code),
        department=get_object_or_404(Department, code=payload.department_code),
        region=get_object_or_404(Region, code=payload.region_code),
        business_item_number=payload.business_item_number,
        guide=payload.guide.dict(), now=timezone.now(),
    )
    return Status(201, version_payload(version))


@router.get("/catalog/versions/{version_id}", response=VersionOut, summary="事项版本（含草稿）")
def get_catalog_version(request, version_id: int):
    return version_payload(_version(request, version_id))


@router.put("/catalog/versions/{version_id}", response=VersionOut, summary="保存草稿")
def save_catalog_draft(request, version_id: int, payload: SaveDraftIn):
    version = services.save_draft(actor=request.user, version=_version(request, version_id),
                                  guide=payload.guide.dict(), expected_revision=payload.expected_revision,
                                  now=timezone.now())
    return version_payload(version)


@router.post("/catalog/items/{code}/revisions", response={201: VersionOut}, summary="发起修订")
def start_catalog_revision(request, code: str):
    item = get_object_or_404(ServiceItem, implementation_code=code)
    return Status(201, version_payload(services.start_revision(actor=request.user, item=item, now=timezone.now())))


@router.post("/catalog/versions/{version_id}/submit", response=VersionOut, summary="提交联合审核")
def submit_catalog_version(request, version_id: int):
    return version_payload(services.submit_version(actor=request.user, version=_version(request, version_id),
                                                   now=timezone.now()))


@router.post("/catalog/versions/{version_id}/return", response=VersionOut, summary="退回修改")
def return_catalog_version(request, version_id: int, payload: CommentIn):
    return version_payload(services.return_version(actor=request.user, version=_version(request, version_id),
                                                   comment=payload.comment, now=timezone.now()))


@router.post("/catalog/versions/{version_id}/publish", response=VersionOut, summary="审核发布")
def publish_catalog_version(request, version_id: int, payload: CommentIn):
    return version_payload(services.publish_version(actor=request.user, version=_version(request, version_id),
                                                    comment=payload.comment, now=timezone.now()))
