"""告知承诺: the published 承诺书 signed at intake, 信用良好 as a positive check, the 核查 period per
item, overdue 核查 alerts, and a broken commitment revoking a result not yet collected."""

import json
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from tongban.accounts.constants import Role
from tongban.accounts.models import User
from tongban.audit.models import AuditEntry
from tongban.cases import services
from tongban.cases.constants import CommitmentKind, CommitmentStatus
from tongban.cases.models import Case, Commitment
from tongban.cases.services.commitments import flag_overdue_verifications
from tongban.cases.testing import png
from tongban.catalog import services as catalog
from tongban.catalog.guide import guide_of
from tongban.catalog.models import Material, ServiceItem
from tongban.core.errors import InvalidInput
from tongban.credit.services import record_credit_class
from tongban.rules.services import set_override

from .conftest import COMMITMENT_CONTENT, COMMITMENT_LIABILITY, at, submit_online


def materials_of(cw):
    return list(Material.objects.filter(version__item__implementation_code=cw.item_code,
                                        version__status="published").order_by("order"))


def pledge(cw, now, **commitment):
    """张三 replaces the premises proof by 告知承诺, signing what `commitment` says."""
    first, second, third = materials_of(cw)
    upload = services.store_upload(name="申请书.png", data=png(3), actor=cw.citizen, now=now)
    return services.submit_case(
        actor=cw.citizen, item_code=cw.item_code, applicant=services.applicant_for_account(cw.citizen),
        channel="online", now=now, commitment=services.CommitmentInput("张三", **commitment),
        materials=[services.MaterialInput(first.id, "submitted", upload.public_id),
                   services.MaterialInput(second.id, "commitment"), services.MaterialInput(third.id, "shared_data")])


def refusal(cw, now, **commitment):
    with pytest.raises(InvalidInput) as refused:
        pledge(cw, now, **commitment)
    return [(e.field, e.code) for e in refused.value.errors]


def admin():
    return User.objects.create_user(username="root", password="x", role=Role.ADMIN)


# 1. The 承诺书 is the item's published template, and the commitment keeps what was signed.

def test_the_commitment_records_the_published_form_of_the_version_signed(cases_world):
    case = pledge(cases_world, at(2026, 3, 2), template_version=1)
    promise = case.commitments.get(kind=CommitmentKind.NOTIFICATION)
    assert (promise.text, promise.liability) == (COMMITMENT_CONTENT, COMMITMENT_LIABILITY)
    assert promise.template_version_id == case.item_version_id and promise.template_version.number == 1


def test_a_commitment_must_name_the_form_in_force(cases_world):
    cw = cases_world
    assert refusal(cw, at(2026, 3, 2)) == [("commitment.template_version", "case.commitment_template_required")]
    item = ServiceItem.objects.get(implementation_code=cw.item_code)
    draft = catalog.start_revision(actor=cw.catalog.market_editor, item=item, now=at(2026, 3, 2))
    guide = guide_of(draft) | {"commitment_content": "新版承诺内容。"}
    catalog.save_draft(actor=cw.catalog.market_editor, version=draft, guide=guide, expected_revision=0,
                       now=at(2026, 3, 2))
    catalog.submit_version(actor=cw.catalog.market_editor, version=draft, now=at(2026, 3, 2))
    catalog.publish_version(actor=cw.catalog.reviewer, version=draft, now=at(2026, 3, 2))
    # signed what version 1 said, but version 2 is in force: read it again and sign that
    assert refusal(cw, at(2026, 3, 2), template_version=1) == [
        ("commitment.template_version", "case.commitment_template_stale")]
    case = pledge(cw, at(2026, 3, 2), template_version=2)
    assert case.commitments.get(kind=CommitmentKind.NOTIFICATION).text == "新版承诺内容。"


def test_the_api_takes_the_form_version_and_the_published_guide_shows_the_form(cases_world):
    cw = cases_world
    client = Client()
    client.force_login(cw.citizen)
    guide = client.get(f"/api/v1/catalog/items/{cw.item_code}").json()
    assert guide["guide"]["commitment_content"] == COMMITMENT_CONTENT
    first, second, third = materials_of(cw)
    file_id = client.post("/api/v1/cases/uploads", {"file": SimpleUploadedFile("a.png", png(8))}).json()["id"]
    body = {"item_code": cw.item_code, "materials": [
        {"material_id": first.id, "provision": "submitted", "file_id": file_id},
        {"material_id": second.id, "provision": "commitment"}, {"material_id": third.id, "provision": "shared_data"}],
        "commitment": {"signed_name": "张三"}}
    response = client.post("/api/v1/cases", json.dumps(body), content_type="application/json")
    assert response.status_code == 422
    assert [e["code"] for e in response.json()["errors"]] == ["case.commitment_template_required"]
    body["commitment"]["template_version"] = guide["version"]
    response = client.post("/api/v1/cases", json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.content
    assert Commitment.objects.get().text == COMMITMENT_CONTENT


def test_the_application_page_shows_the_form_to_sign(cases_world):
    client = Client()
    client.force_login(cases_world.citizen)
    page = client.get(f"/cases/apply/{cases_world.item_code}/").content.decode()
    assert COMMITMENT_CONTENT in page and COMMITMENT_LIABILITY in page
    assert 'name="commitment_version" value="1"' in page


# 2. 信用良好 is a positive check.

def test_a_class_c_applicant_is_told_why_no_commitment_is_possible(cases_world):
    cw = cases_world
    record_credit_class(subject_kind="person", subject_code=cw.citizen.id_number, credit_class="C",
                        source="山东省公共信用信息平台", valid_from=date(2026, 1, 1), valid_to=None, actor=None,
                        now=at(2026, 1, 1))
    assert refusal(cw, at(2026, 3, 2), template_version=1) == [("materials[1]", "case.credit_class_not_good")]
    client = Client()
    client.force_login(cw.citizen)
    first, second, third = materials_of(cw)
    page = client.post(f"/cases/apply/{cw.item_code}/", {
        "idempotency_key": "k", "phone": "13805391234", f"m{first.id}_provision": "submitted",
        f"m{first.id}_file": SimpleUploadedFile("申请书.png", png(4)),
        f"m{second.id}_provision": "commitment", f"m{third.id}_provision": "shared_data",
        "signed_name": "张三", "commitment_version": "1"}).content.decode()
    assert "申请人当前信用等级为C级（警示）" in page
    assert not Case.objects.exists()


def test_a_class_b_applicant_may_commit(cases_world):
    cw = cases_world
    record_credit_class(subject_kind="person", subject_code=cw.citizen.id_number, credit_class="B",
                        source="山东省公共信用信息平台", valid_from=date(2026, 1, 1), valid_to=None, actor=None,
                        now=at(2026, 1, 1))
    assert pledge(cw, at(2026, 3, 2), template_version=1).commitments.count() == 1


# 3. The 核查 period is the item's.

def test_the_verification_period_is_read_for_the_item(cases_world):
    cw = cases_world
    item = ServiceItem.objects.get(implementation_code=cw.item_code)
    set_override("case.commitment_verify_months", value=6, effective_from=date(2026, 3, 3), item=item,
                 reason="本事项核查期 6 个月", actor=admin(), now=at(2026, 3, 1))
    before = pledge(cw, at(2026, 3, 2), template_version=1).commitments.get()
    after = pledge(cw, at(2026, 3, 3), template_version=1).commitments.get()
    assert (before.due_date, after.due_date) == (date(2026, 6, 2), date(2026, 9, 3))


# 4. Overdue 核查: a list for the department, the daily job flags them.

def _decided(cw, now, *, deliver: bool = True):
    case = submit_online(cw, now)
    for actor, action in [(cw.clerk, "accept"), (cw.reviewer, "start_review")]:
        services.transition_case(actor=actor, case_number=case.number, command=services.Command(action), now=now)
    services.complete_task(actor=cw.housing_reviewer, case_number=case.number, approve=True, opinion="同意", now=now)
    services.transition_case(actor=cw.reviewer, case_number=case.number, command=services.Command("approve"), now=now)
    if deliver:
        services.transition_case(actor=cw.reviewer, case_number=case.number, command=services.Command("deliver"),
                                 now=now)
    return Case.objects.get(pk=case.pk)


def test_overdue_verifications_are_listed_for_the_department_and_flagged_once(cases_world):
    cw = cases_world
    case = _decided(cw, at(2026, 3, 2))
    promise = case.commitments.get()
    assert promise.due_date == date(2026, 6, 2)
    recent = submit_online(cw, timezone.now())  # its 核查 period runs for months yet
    client = Client()
    client.force_login(cw.reviewer)
    assert flag_overdue_verifications(now=at(2026, 6, 2)).flagged == 0  # due today: not yet overdue
    report = flag_overdue_verifications(now=at(2026, 6, 3))
    assert (report.flagged, report.overdue) == (1, 1)
    assert flag_overdue_verifications(now=at(2026, 6, 4)).flagged == 0  # flagged once
    promise.refresh_from_db()
    assert promise.verification_overdue_at == at(2026, 6, 3)
    assert AuditEntry.objects.filter(action="case.commitment_verification_overdue").count() == 1
    page = client.get("/cases/commitments/overdue/").content.decode()
    assert case.number in page and "2026-06-02" in page and recent.number not in page
    client.force_login(cw.housing_reviewer)  # the co-department does not verify
    assert case.number not in client.get("/cases/commitments/overdue/").content.decode()
    client.force_login(cw.reviewer)
    assert "/cases/commitments/overdue/" in client.get("/workbench/").content.decode()
    services.verify_commitment(actor=cw.reviewer, case_number=case.number, commitment_id=promise.id, kept=True,
                               note="", now=at(2026, 6, 5))
    assert case.number not in client.get("/cases/commitments/overdue/").content.decode()


def test_the_verification_is_recorded_from_the_overdue_list(cases_world):
    cw = cases_world
    case = _decided(cw, at(2026, 3, 2))
    promise = case.commitments.get()
    client = Client()
    client.force_login(cw.reviewer)
    response = client.post(f"/cases/commitments/{promise.id}/verify/", {"kept": "broken", "note": ""})
    assert "承诺不实须写明核查发现的问题。" in response.content.decode()
    response = client.post(f"/cases/commitments/{promise.id}/verify/", {"kept": "kept", "note": ""})
    assert response.status_code == 302
    promise.refresh_from_db()
    assert promise.status == CommitmentStatus.FULFILLED


# 5. A broken commitment revokes a result not collected yet.

@pytest.mark.parametrize("deliver, issued", [(False, False), (False, True)])
def test_a_broken_commitment_withdraws_a_result_not_yet_collected(cases_world, deliver, issued):
    cw = cases_world
    case = _decided(cw, at(2026, 3, 2), deliver=deliver)
    if issued:
        services.transition_case(actor=cw.reviewer, case_number=case.number,
                                 command=services.Command("issue_result"), now=at(2026, 3, 3))
    assert Case.objects.get(pk=case.pk).status == ("awaiting_pickup" if issued else "approved")
    promise = case.commitments.get()
    services.verify_commitment(actor=cw.reviewer, case_number=case.number, commitment_id=promise.id, kept=False,
                               note="现场核查：经营场所与承诺不符", now=at(2026, 3, 10))
    case.refresh_from_db()
    assert case.status == "revoked"
    entry = AuditEntry.objects.filter(action="case.revoke").get()
    assert "告知承诺不实：现场核查：经营场所与承诺不符" in json.dumps(entry.after, ensure_ascii=False)
    client = Client()
    client.force_login(cw.citizen)
    page = client.get(f"/cases/{case.number}/").content.decode()
    assert "已撤销" in page and "现场核查：经营场所与承诺不符" in page
