"""Reference data a case transition reads, cached per process.

A published catalog version never changes (a revision is a new version), nor does an item's
implementation code, so those are kept for the life of the process. Departments, regions and
workflow definitions can be edited in the admin, so they are kept for REFERENCE_TTL seconds:
an edit reaches every worker within that time. Locking the case row then needs no joins.
Tests call clear_caches() between tests, since a rolled-back SQLite database reuses ids.
"""

import time
from collections.abc import Callable
from typing import Any

from tongban.accounts.models import Department, Region
from tongban.catalog.models import ServiceItem, ServiceItemVersion

from ..models import Case, WorkflowDefinition

REFERENCE_TTL = 60.0
_forever: dict[tuple[str, int], Any] = {}
_timed: dict[tuple[str, int], tuple[float, Any]] = {}


def clear_caches() -> None:
    _forever.clear()
    _timed.clear()


def _kept(kind: str, key: int, load: Callable[[int], Any]) -> Any:
    if (kind, key) not in _forever:
        _forever[kind, key] = load(key)
    return _forever[kind, key]


def _timed_out(kind: str, key: int, load: Callable[[int], Any]) -> Any:
    now = time.monotonic()
    cached = _timed.get((kind, key))
    if cached is None or cached[0] < now:
        cached = (now + REFERENCE_TTL, load(key))
        _timed[kind, key] = cached
    return cached[1]


def _version(version_id: int) -> ServiceItemVersion:
    return ServiceItemVersion.objects.select_related("item_type", "result_license_type").get(pk=version_id)


def co_department_ids(version: ServiceItemVersion) -> tuple[int, ...]:
    return _kept("co_departments", version.pk, lambda pk: tuple(
        ServiceItemVersion.co_departments.through.objects.filter(serviceitemversion_id=pk)
        .order_by("department_id").values_list("department_id", flat=True)))


def attach_reference_data(case: Case) -> Case:
    """Give a case loaded without joins its version, item, department, region and workflow.

    Each object is loaded by the case's own foreign key, so it is put straight into the case's
    related-object cache (what assigning `case.item_version = …` ends with, minus the checks of
    an assignment — type, router, setting the key it already has)."""
    _REFERENCES["item_version"].set_cached_value(case, _kept("version", case.item_version_id, _version))
    _REFERENCES["item"].set_cached_value(case, _kept("item", case.item_id, lambda pk: ServiceItem.objects.get(pk=pk)))
    _REFERENCES["department"].set_cached_value(
        case, _timed_out("department", case.department_id, lambda pk: Department.objects.get(pk=pk)))
    _REFERENCES["region"].set_cached_value(
        case, _timed_out("region", case.region_id, lambda pk: Region.objects.get(pk=pk)))
    _REFERENCES["workflow"].set_cached_value(
        case, _timed_out("workflow", case.workflow_id, lambda pk: WorkflowDefinition.objects.get(pk=pk)))
    return case


_REFERENCES = {name: Case._meta.get_field(name) for name in ("item_version", "item", "department", "region", "workflow")}
