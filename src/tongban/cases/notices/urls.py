"""URLs of notices (文书), in two lists mounted under two namespaces:

    path("cases/notices/", include((case_notice_patterns, "notices"))),  # notices:pdf
    path("verify/", include((verify_patterns, "verify"))),              # verify:notice (public)
"""

from django.urls import path

from . import views

NOTICES_APP_NAME = "notices"
VERIFY_APP_NAME = "verify"

case_notice_patterns = [
    path("<str:number>.pdf", views.notice_pdf, name="pdf"),
]

verify_patterns = [
    path("<str:verification_code>/", views.verify_notice, name="notice"),
]
