"""Files in a real browser: the citizen applies online without one material (容缺), the clerk asks
for it by 补正, the citizen uploads it on resubmit, and the clerk opens and downloads it before
受理 (issue 12 §2; the done-when walk continues from here with sign-off, pickup and rating)."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tongban.audit.models import AuditEntry
from tongban.cases.models import Case
from tongban.cases.testing import pdf, png
from tongban.catalog.models import ServiceItem

from .personas import sign_in
from .steps import (
    a_few_days_ahead, accept, apply_online, ask_for_correction, download_material, expect_status, open_case,
    open_material, resubmit_with_files, upload,
)

pytestmark = pytest.mark.browser

HEALTH = "从业人员健康证明"


def test_a_missing_material_arrives_on_resubmit_and_the_clerk_sees_it_before_accepting(page: Page,
                                                                                     demo_site: str) -> None:
    from tongban.demo.catalog import load_demo_catalog

    load_demo_catalog()
    code = ServiceItem.objects.get(published_version__name="小餐饮登记").implementation_code
    certificate = pdf("health certificate")

    # given 张三 applies online without the health certificate, promising it (容缺后补)
    number = apply_online(
        page, demo_site, "zhangsan", code,
        files={"小餐饮登记申请表": upload("申请表.png", png(1), "image/png"),
               "经营者居民身份证": upload("身份证.png", png(2), "image/png"),
               "经营场所使用证明": upload("租赁合同.pdf", pdf("lease"), "application/pdf")},
        provisions={HEALTH: "容缺后补"},
        waiver_due=a_few_days_ahead(timezone.localdate()))

    # when the clerk asks for it by 补正, and 张三 uploads it when he resubmits
    ask_for_correction(page, demo_site, "shouli", number, [HEALTH])
    resubmit_with_files(page, demo_site, "zhangsan", number, {HEALTH: upload("健康证明.pdf", certificate,
                                                                             "application/pdf")})
    expect_status(page, "待受理")

    # then the clerk opens the certificate in the browser and downloads it under its own name
    sign_in(page, demo_site, "shouli")
    open_case(page, demo_site, number)
    expect(page.get_by_test_id("case-material").filter(has_text=HEALTH)).to_contain_text("健康证明.pdf")
    assert open_material(page, HEALTH) == ("application/pdf", certificate)
    assert download_material(page, HEALTH) == ("健康证明.pdf", certificate)

    # and accepts the now complete case; both reads are in the audit log under her name
    accept(page)
    stored = Case.objects.get(number=number).materials.get(name=HEALTH).file
    reads = AuditEntry.objects.filter(stream=f"cases.casefile:{stored.pk}").values_list("actor__username", "action")
    assert list(reads.order_by("sequence")) == [("shouli", "case.file_viewed"), ("shouli", "case.file_downloaded")]
