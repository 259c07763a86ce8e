"""Catalog lifecycle: draft → joint review → published → revised → retired (DOMAIN.md §2)."""

from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import F

from tongban.audit import services as audit
from tongban.core.errors import InvalidInput

from . import errors
from .constants import VersionStatus
from .guide import apply_guide, guide_of, guide_problems
from .models import BasicItem, ReviewRecord, ServiceItem, ServiceItemVersion
from .permissions import can_edit_item, can_review
from .search import index_item
from .validation import FieldError, implementation_code
from . import events as catalog_events


def _validated(guide: dict[str, Any]) -> dict[str, Any]:
    problems = guide_problems(guide)
    if problems:
        raise InvalidInput(problems, code="catalog.invalid")
    return guide


def _audit(actor, action: str, version: ServiceItemVersion, now: datetime, before=None, after=None):
    audit.record(actor=actor, action=action, target=version.item, now=now,
                 before=before, after={"version": version.number, "status": version.status, **(after or {})})


@transaction.atomic
def create_item(
    *, actor, basic_item: BasicItem, department, region, guide: dict[str, Any], now: datetime,
    business_item_number: str = "00",
) -> ServiceItemVersion:
    """新增实施清单事项 — the item and its first draft."""
    item = ServiceItem(
        implementation_code=implementation_code(department.uscc, basic_item.basic_code, business_item_number),
        basic_item=basic_item, department=department, region=region,
        business_item_number=business_item_number,
    )
    if not can_edit_item(actor, item):
        raise errors.NOT_OWN_DEPARTMENT
    if not department.uscc:
        raise InvalidInput([FieldError("department_code", "catalog.agency_without_uscc",
                                       f"实施机构“{department.name}”未登记统一社会信用代码，无法生成实施编码。")])
    _validated(guide)
    if ServiceItem.objects.filter(implementation_code=item.implementation_code).exists():
        raise InvalidInput([_duplicate_code(item.implementation_code)], code="catalog.invalid")
    item.save()
    version = ServiceItemVersion(item=item, number=1, created_by=actor, created_at=now, updated_at=now,
                                 item_type=basic_item.item_type, **_scalar_placeholders())
    version.save()
    apply_guide(version, guide)
    _audit(actor, catalog_events.ITEM_CREATED, version, now, after={"name": version.name})
    return version


def _scalar_placeholders() -> dict[str, Any]:
    # Required columns get real values from apply_guide() right after the first save.
    return {"name": "", "legal_basis": "", "statutory_limit": 0, "statutory_unit": "working",
            "promised_limit": 0, "promised_unit": "working", "case_kind": "promised",
            "result_kind": "other", "result_name": ""}


def _duplicate_code(code: str) -> FieldError:
    return FieldError("implementation_code", "catalog.duplicate_code", f"实施编码 {code} 已存在。")


def get_version_for_actor(actor, version_id: int) -> ServiceItemVersion:
    """A version the actor may see: its department's editors and the joint reviewers."""
    version = ServiceItemVersion.objects.select_related("item").filter(pk=version_id).first()
    if version is None or not (can_edit_item(actor, version.item) or can_review(actor)):
        raise errors.NOT_FOUND
    return version


def _locked(version: ServiceItemVersion) -> ServiceItemVersion:
    return ServiceItemVersion.objects.select_for_update().select_related("item").get(pk=version.pk)


@transaction.atomic
def save_draft(
    *, actor, version: ServiceItemVersion, guide: dict[str, Any], expected_revision: int, now: datetime
) -> ServiceItemVersion:
    """保存草稿 — only an editable version, only by its department, only on the latest revision."""
    version = _locked(version)
    if not can_edit_item(actor, version.item):
        raise errors.NOT_OWN_DEPARTMENT
    if not version.is_editable:
        raise errors.not_editable(version.get_status_display())
    if version.revision != expected_revision:
        raise errors.stale(version.revision)
    _validated(guide)
    before = guide_of(version)
    version.updated_at = now
    version.revision = F("revision") + 1
    apply_guide(version, guide)
    version.refresh_from_db()
    _audit(actor, catalog_events.DRAFT_SAVED, version, now, before={"name": before["name"]},
           after={"name": version.name, "revision": version.revision})
    return version


@transaction.atomic
def start_revision(*, actor, item: ServiceItem, now: datetime) -> ServiceItemVersion:
    """发起修订 — a new draft copied from the published version; the published one stays live."""
    item = ServiceItem.objects.select_for_update().get(pk=item.pk)
    if not can_edit_item(actor, item):
        raise errors.NOT_OWN_DEPARTMENT
    open_revision = item.versions.filter(status__in=[VersionStatus.DRAFT, VersionStatus.SUBMITTED,
                                                     VersionStatus.RETURNED]).first()
    if open_revision is not None:
        return open_revision
    if item.published_version_id is None or item.is_retired:
        raise errors.wrong_state("发起修订", "未发布" if not item.is_retired else "已取消")
    published = item.published_version
    latest = item.versions.order_by("-number").values_list("number", flat=True).first()
    draft = ServiceItemVersion(item=item, number=latest + 1, created_by=actor, created_at=now,
                               updated_at=now, item_type=published.item_type, **_scalar_placeholders())
    draft.save()
    apply_guide(draft, guide_of(published))
    _audit(actor, catalog_events.REVISION_STARTED, draft, now, after={"from_version": published.number})
    return draft


def _review(actor, version, action, comment, now):
    ReviewRecord.objects.create(version=version, actor=actor, action=action, comment=comment, created_at=now)


@transaction.atomic
def submit_version(*, actor, version: ServiceItemVersion, now: datetime) -> ServiceItemVersion:
    """提交联合审核."""
    version = _locked(version)
    if not can_edit_item(actor, version.item):
        raise errors.NOT_OWN_DEPARTMENT
    if not version.is_editable:
        raise errors.wrong_state("提交审核", version.get_status_display())
    _validated(guide_of(version))
    before = version.status
    version.status, version.updated_at = VersionStatus.SUBMITTED, now
    version.save(update_fields=["status", "updated_at"])
    _review(actor, version, ReviewRecord.Action.SUBMITTED, "", now)
    _audit(actor, catalog_events.SUBMITTED, version, now, before={"status": before})
    return version


@transaction.atomic
def return_version(*, actor, version: ServiceItemVersion, comment: str, now: datetime) -> ServiceItemVersion:
    """退回修改 — with the reviewer's comment, which the department sees."""
    version = _locked(version)
    if not can_review(actor):
        raise errors.NOT_REVIEWER
    if version.status != VersionStatus.SUBMITTED:
        raise errors.wrong_state("退回", version.get_status_display())
    if not comment.strip():
        raise InvalidInput([FieldError("comment", "catalog.comment_required", "退回修改须填写审核意见。")])
    version.status, version.updated_at = VersionStatus.RETURNED, now
    version.save(update_fields=["status", "updated_at"])
    _review(actor, version, ReviewRecord.Action.RETURNED, comment.strip(), now)
    _audit(actor, catalog_events.RETURNED, version, now, before={"status": VersionStatus.SUBMITTED},
           after={"comment": comment.strip()})
    return version


@transaction.atomic
def publish_version(*, actor, version: ServiceItemVersion, comment: str = "", now: datetime) -> ServiceItemVersion:
    """审核发布 — the version becomes the live guide; the previous one is kept as superseded."""
    version = _locked(version)
    if not can_review(actor):
        raise errors.NOT_REVIEWER
    if version.status != VersionStatus.SUBMITTED:
        raise errors.wrong_state("发布", version.get_status_display())
    item = ServiceItem.objects.select_for_update().get(pk=version.item_id)
    previous = item.published_version
    if previous is not None:
        previous.status = VersionStatus.SUPERSEDED
        previous.save(update_fields=["status"])
    version.status, version.published_at, version.updated_at = VersionStatus.PUBLISHED, now, now
    version.save(update_fields=["status", "published_at", "updated_at"])
    item.published_version = version
    item.save(update_fields=["published_version"])
    index_item(item, version.search_text)
    _review(actor, version, ReviewRecord.Action.PUBLISHED, comment, now)
    _audit(actor, catalog_events.PUBLISHED, version, now,
           before={"published_version": previous.number if previous else None})
    return version


@transaction.atomic
def retire_item(*, actor, item: ServiceItem, comment: str, now: datetime) -> ServiceItem:
    """取消事项 — no longer offered; its versions stay readable for the cases filed under them."""
    if not can_review(actor):
        raise errors.NOT_REVIEWER
    item = ServiceItem.objects.select_for_update().get(pk=item.pk)
    if item.is_retired:
        raise errors.wrong_state("取消", "已取消")
    item.is_retired = True
    item.save(update_fields=["is_retired"])
    if item.published_version_id:
        ServiceItemVersion.objects.filter(pk=item.published_version_id).update(status=VersionStatus.RETIRED)
        _review(actor, item.published_version, ReviewRecord.Action.RETIRED, comment, now)
    audit.record(actor=actor, action=catalog_events.RETIRED, target=item, now=now,
                 before={"is_retired": False}, after={"is_retired": True, "comment": comment})
    return item
