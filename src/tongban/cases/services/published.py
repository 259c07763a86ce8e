"""Facts of published catalog versions, cached per process.

A published version never changes (a revision is a new version), so what a case needs from
it can be read once per process instead of once per transition. The key includes
`published_at`, so a reused primary key (SQLite after a rollback, in tests) is never confused
with another version.
"""

from functools import lru_cache

from tongban.catalog.models import ServiceItemVersion


def co_department_ids(version: ServiceItemVersion) -> tuple[int, ...]:
    return _co_department_ids(version.pk, version.published_at)


@lru_cache(maxsize=4096)
def _co_department_ids(version_id: int, published_at) -> tuple[int, ...]:
    return tuple(ServiceItemVersion.co_departments.through.objects.filter(serviceitemversion_id=version_id)
                 .order_by("department_id").values_list("department_id", flat=True))
