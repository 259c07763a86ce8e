from django.contrib import admin
from django.urls import include, path

from .api import api
from .api_docs import api_docs
from .cases.notice_urls import case_notice_patterns, verify_patterns

urlpatterns = [
    path("", include("tongban.portal.urls")),
    path("accounts/", include("tongban.accounts.urls")),
    path("catalog/", include("tongban.catalog.urls")),
    path("workbench/catalog/", include("tongban.catalog.desk_urls")),
    path("cases/", include("tongban.cases.urls")),
    path("audit/", include("tongban.audit.urls")),
    path("hotline/", include("tongban.hotline.urls")),
    path("calendar/", include("tongban.calendar_admin.urls")),
    path("metrics/", include("tongban.metrics.urls")),
    path("cases/notices/", include((case_notice_patterns, "notices"))),
    path("verify/", include((verify_patterns, "verify"))),
    path("", include("tongban.ratings.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("api/docs", api_docs, name="api_docs"),
]

handler403 = "tongban.portal.views.forbidden"
handler404 = "tongban.portal.views.not_found"
handler500 = "tongban.portal.views.server_error"
