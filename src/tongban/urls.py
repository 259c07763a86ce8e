from django.contrib import admin
from django.urls import include, path

from .api import api
from .api_docs import api_docs
from .cases.notices.urls import case_notice_patterns, verify_patterns


def _busiest_first(urls, first_segments: set[str]):
    """ninja's URL patterns with those whose route starts with one of `first_segments` moved to
    the front, in their own order. Django tries patterns in order (a regex match each for routes
    with parameters), and a case transition sat behind 35 others. Only the order of patterns
    that can never match the same path changes: every route starts with a fixed segment (checked
    here), and a route starting "cases/" matches no path that one starting "regions/" does."""
    patterns, app_name, namespace = urls
    first = [str(pattern.pattern).split("/", 1)[0] for pattern in patterns]
    if any("<" in segment for segment in first):  # pragma: no cover - a route starting with a parameter
        return urls
    busiest = [pattern for pattern, segment in zip(patterns, first, strict=True) if segment in first_segments]
    others = [pattern for pattern, segment in zip(patterns, first, strict=True) if segment not in first_segments]
    return [*busiest, *others], app_name, namespace


# The API first, its case operations first within it: every API request (the busiest traffic)
# then resolves without trying the pages' patterns; no page pattern starts with api/.
urlpatterns = [
    path("api/v1/", _busiest_first(api.urls, {"cases"})),
    path("", include("tongban.portal.urls")),
    path("accounts/", include("tongban.accounts.urls")),
    path("catalog/", include("tongban.catalog.urls")),
    path("workbench/catalog/", include("tongban.catalog.desk.urls")),
    path("cases/", include("tongban.cases.urls")),
    path("audit/", include("tongban.audit.urls")),
    path("hotline/", include("tongban.hotline.urls")),
    path("calendar/", include("tongban.calendar_admin.urls")),
    path("metrics/", include("tongban.metrics.urls")),
    path("rules/", include("tongban.rules.urls")),
    path("licences/", include("tongban.licences.urls")),
    path("supervision/", include("tongban.supervision.urls")),
    path("policies/", include("tongban.policies.urls")),
    path("vouchers/", include("tongban.vouchers.urls")),
    path("procedures/", include("tongban.procedures.urls")),
    path("ledger/", include("tongban.ledger.urls")),
    path("cases/notices/", include((case_notice_patterns, "notices"))),
    path("verify/", include((verify_patterns, "verify"))),
    path("", include("tongban.ratings.urls")),
    path("admin/", admin.site.urls),
    path("api/docs", api_docs, name="api_docs"),
]

handler403 = "tongban.portal.views.forbidden"
handler404 = "tongban.portal.views.not_found"
handler500 = "tongban.portal.views.server_error"
