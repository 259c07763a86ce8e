"""Uploaded files: whose they are (issue 13), carried through 补正 and 容缺, seen by the staff who
decide on them, and checked for what they claim to be (issue 12 §2, §5)."""

import json
import re
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tongban.accounts.constants import Role
from tongban.accounts.models import User
from tongban.audit.models import AuditEntry
from tongban.cases import services
from tongban.cases.constants import CommitmentKind, CommitmentStatus
from tongban.cases.models import Case, CaseFile, CaseMaterial
from tongban.cases.testing import jpeg, pdf, png
from tongban.catalog.models import Material
from tongban.core.checkdigits import make_id_number
from tongban.core.errors import DomainError

from .conftest import at, submit_online

NOW = at(2026, 3, 2)
FAKE_PNG = b"\x89PNG\r\n\x1a\n"  # the 8-byte "image" issue 12 found accepted


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post_json(client, path, body):
    return client.post(path, data=json.dumps(body), content_type="application/json")


def materials_of(cw) -> list[Material]:
    return list(Material.objects.filter(version__item__implementation_code=cw.item_code).order_by("order"))


def upload(client, name: str, data: bytes):
    return client.post("/api/v1/cases/uploads", {"file": SimpleUploadedFile(name, data)})


@pytest.fixture
def lisi(cases_world):
    return User.objects.create_user(username="lisi", password="x", role=Role.CITIZEN, real_name="李四",
                                    phone="13905391111",
                                    id_number=make_id_number("371302", at(1992, 1, 2).date(), 7))


def victim_upload(cw) -> CaseFile:
    return services.store_upload(name="张三的身份证.png", data=png(7), actor=cw.citizen, now=NOW)


def application(cw, entries):
    return {"item_code": cw.item_code, "channel": "online", "materials": entries,
            "commitment": {"signed_name": "李四", "text": "本人承诺材料真实有效。"}}


def complete_entries(cw, own_file_id: str, **third) -> list[dict]:
    first, second, last = materials_of(cw)
    return [{"material_id": first.id, "provision": "submitted", "file_id": own_file_id},
            {"material_id": second.id, "provision": "commitment"},
            {"material_id": last.id, "provision": "shared_data", **third}]


def assert_untouched(stored: CaseFile) -> None:
    stored.refresh_from_db()
    assert stored.case_id is None
    assert not CaseMaterial.objects.filter(file=stored).exists()


# ----------------------------------------------------------------- issue 13: whose file it is


def test_the_upload_api_names_files_by_an_unguessable_id(cases_world):
    body = upload(client_for(cases_world.citizen), "申请书.png", png()).json()
    assert str(uuid.UUID(body["id"])) == body["id"]
    assert CaseFile.objects.get().public_id == uuid.UUID(body["id"])


def test_another_users_upload_cannot_ride_along_as_shared_data(cases_world, lisi):
    cw = cases_world
    stolen = victim_upload(cw)
    client = client_for(lisi)
    own = upload(client, "申请书.png", png(1)).json()["id"]

    response = post_json(client, "/api/v1/cases", application(
        cw, complete_entries(cw, own, file_id=str(stolen.public_id))))

    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")
    assert "case.file_not_expected" in {error["code"] for error in response.json()["errors"]}
    assert Case.objects.count() == 0
    assert_untouched(stolen)


def test_another_users_upload_cannot_be_submitted_as_ones_own(cases_world, lisi):
    cw = cases_world
    stolen = victim_upload(cw)

    response = post_json(client_for(lisi), "/api/v1/cases", application(cw, complete_entries(cw, str(stolen.public_id))))

    assert response.status_code == 422
    assert "case.upload_unknown" in {error["code"] for error in response.json()["errors"]}
    assert Case.objects.count() == 0
    assert_untouched(stolen)


def test_sequential_file_ids_are_not_accepted_at_all(cases_world, lisi):
    cw = cases_world
    stolen = victim_upload(cw)

    response = post_json(client_for(lisi), "/api/v1/cases", application(cw, complete_entries(cw, stolen.pk)))

    assert response.status_code == 422
    assert Case.objects.count() == 0


def test_a_file_already_part_of_a_case_cannot_be_claimed_again(cases_world):
    cw = cases_world
    case = submit_online(cw, NOW)
    used = case.files.get()

    with pytest.raises(DomainError) as refused:
        services.submit_case(actor=cw.citizen, item_code=cw.item_code, applicant=services.applicant_for_account(cw.citizen),
                             channel="online", now=NOW, commitment=services.CommitmentInput("张三", "承诺。"),
                             materials=[services.MaterialInput(m.id, p, f) for m, p, f in zip(
                                 materials_of(cw), ["submitted", "commitment", "shared_data"],
                                 [used.public_id, None, None], strict=True)])
    assert "case.upload_unknown" in {e.code for e in refused.value.errors}
    assert Case.objects.count() == 1


def test_the_application_page_refuses_another_users_upload_in_the_kept_field(cases_world, lisi):
    cw = cases_world
    stolen = victim_upload(cw)
    first, second, third = materials_of(cw)

    response = client_for(lisi).post(f"/cases/apply/{cw.item_code}/", {
        "idempotency_key": "k", "phone": "13905391111",
        f"m{first.id}_provision": "submitted", f"m{first.id}_kept": str(stolen.public_id),
        f"m{second.id}_provision": "commitment", f"m{third.id}_provision": "shared_data",
        "signed_name": "李四", "commitment_text": "本人承诺材料真实有效。"})

    assert response.status_code == 200
    assert str(stolen.public_id) not in response.content.decode()
    assert "请上传“申请书”" in response.content.decode()
    assert Case.objects.count() == 0
    assert_untouched(stolen)


def _waived_case(cw):
    case = submit_online(cw, NOW, waive_second=True)
    services.transition_case(actor=cw.clerk, case_number=case.number, command=services.Command("accept"), now=NOW)
    return case, case.commitments.get(kind=CommitmentKind.WAIVER)


def test_delivering_a_commitment_with_someone_elses_file_is_refused(cases_world, lisi):
    cw = cases_world
    case, waiver = _waived_case(cw)
    stolen = services.store_upload(name="李四的证明.png", data=png(9), actor=lisi, now=NOW)

    response = post_json(client_for(cw.citizen), f"/api/v1/cases/{case.number}/commitments/{waiver.id}/deliveries",
                         {"files": {"场所使用证明": str(stolen.public_id)}})

    assert (response.status_code, response.json()["code"]) == (422, "case.upload_unknown")
    waiver.refresh_from_db()
    assert waiver.status == CommitmentStatus.PENDING
    assert case.materials.get(name="场所使用证明").provision == "waived"
    assert_untouched(stolen)


def test_a_delivery_cannot_repoint_files_named_under_other_keys(cases_world, lisi):
    cw = cases_world
    case, waiver = _waived_case(cw)
    own = services.store_upload(name="场所证明.png", data=png(2), actor=cw.citizen, now=NOW)
    stolen = services.store_upload(name="李四的证明.png", data=png(9), actor=lisi, now=NOW)

    response = post_json(client_for(cw.citizen), f"/api/v1/cases/{case.number}/commitments/{waiver.id}/deliveries",
                         {"files": {"场所使用证明": str(own.public_id), "随便": str(stolen.public_id)}})

    assert (response.status_code, response.json()["code"]) == (422, "case.unknown_material")
    assert_untouched(stolen)
    assert_untouched(own)


# ----------------------------------------------------------------- issue 12 §2: 补正 and 容缺 carry the files


def window_case(cw, *, missing: bool = True) -> Case:
    """The clerk records a walk-in case; the 场所使用证明 was not brought along."""
    first, second, third = materials_of(cw)
    scan = services.store_upload(name="申请书.pdf", data=pdf("form"), actor=cw.clerk, now=NOW)
    premises = None if missing else services.store_upload(name="场所证明.pdf", data=pdf("site"), actor=cw.clerk,
                                                          now=NOW).public_id
    return services.submit_case(
        actor=cw.clerk, item_code=cw.item_code, channel="window", now=NOW,
        applicant=services.Applicant("person", "王五", make_id_number("371302", at(1985, 7, 1).date(), 21),
                                     "13912340000"),
        materials=[services.MaterialInput(first.id, "submitted", scan.public_id),
                   services.MaterialInput(second.id, "missing" if missing else "submitted", premises),
                   services.MaterialInput(third.id, "shared_data")])


def test_accept_is_refused_while_the_precheck_lists_a_missing_material(cases_world):
    cw = cases_world
    case = window_case(cw)

    with pytest.raises(DomainError) as refused:
        services.transition_case(actor=cw.clerk, case_number=case.number, command=services.Command("accept"), now=NOW)

    assert refused.value.code == "case.materials_incomplete"
    assert "场所使用证明" in refused.value.message
    assert Case.objects.get(pk=case.pk).status == "submitted"


def test_the_window_clerk_scans_the_missing_material_on_resubmit_and_then_accepts(cases_world):
    cw = cases_world
    case = window_case(cw)
    second = materials_of(cw)[1]
    services.transition_case(actor=cw.clerk, case_number=case.number, now=NOW,
                             command=services.Command("request_correction", materials=("场所使用证明",)))
    client = client_for(cw.clerk)
    version = Case.objects.get(pk=case.pk).row_version

    response = client.post(f"/cases/{case.number}/resubmit/", {
        "expected_version": version, f"file_{second.id}": SimpleUploadedFile("场所证明.jpg", jpeg(3))})

    assert (response.status_code, response["Location"]) == (302, f"/cases/{case.number}/")
    case.refresh_from_db()
    assert case.status == "submitted"
    assert case.form_data["precheck"]["missing_required"] == []
    material = case.materials.get(material=second)
    assert (material.provision, material.file.original_name, material.file.case_id) == ("submitted", "场所证明.jpg",
                                                                                         case.pk)
    services.transition_case(actor=cw.clerk, case_number=case.number, command=services.Command("accept"), now=NOW)
    assert Case.objects.get(pk=case.pk).status == "accepted"


def test_a_bad_file_on_resubmit_is_shown_by_its_material_and_nothing_changes(cases_world):
    cw = cases_world
    case = window_case(cw)
    second = materials_of(cw)[1]
    services.transition_case(actor=cw.clerk, case_number=case.number, now=NOW,
                             command=services.Command("request_correction", materials=("场所使用证明",)))
    version = Case.objects.get(pk=case.pk).row_version

    response = client_for(cw.clerk).post(f"/cases/{case.number}/resubmit/", {
        "expected_version": version, f"file_{second.id}": SimpleUploadedFile("场所证明.png", FAKE_PNG)})

    assert response.status_code == 422
    assert f'data-field="file_{second.id}">图片文件已损坏或不完整' in response.content.decode()
    assert Case.objects.get(pk=case.pk).status == "intake_correction"


def test_the_applicant_uploads_a_waived_material_on_resubmit_which_keeps_the_promise(cases_world):
    cw = cases_world
    case = submit_online(cw, NOW, waive_second=True)
    second = materials_of(cw)[1]
    services.transition_case(actor=cw.clerk, case_number=case.number, now=NOW,
                             command=services.Command("request_correction", materials=("场所使用证明",)))
    scan = services.store_upload(name="场所证明.pdf", data=pdf("premises"), actor=cw.citizen, now=NOW)

    services.resubmit_case(actor=cw.citizen, case_number=case.number, files={second.id: str(scan.public_id)}, now=NOW)

    assert case.commitments.get(kind=CommitmentKind.WAIVER).status == CommitmentStatus.FULFILLED
    assert Case.objects.get(pk=case.pk).status == "submitted"


def _reviewed(cw, case):
    services.transition_case(actor=cw.reviewer, case_number=case.number, command=services.Command("start_review"),
                             now=NOW)
    services.complete_task(actor=cw.housing_reviewer, case_number=case.number, approve=True, opinion="同意", now=NOW)


def test_a_waived_case_is_decided_only_once_the_material_is_in(cases_world):
    cw = cases_world
    case, waiver = _waived_case(cw)
    _reviewed(cw, case)

    with pytest.raises(DomainError) as refused:
        services.transition_case(actor=cw.reviewer, case_number=case.number, command=services.Command("approve"),
                                 now=NOW)
    assert refused.value.code == "case.waived_materials_pending"
    assert "场所使用证明" in refused.value.message

    scan = services.store_upload(name="场所证明.png", data=png(4), actor=cw.citizen, now=NOW)
    services.deliver_waived_materials(actor=cw.citizen, case_number=case.number, commitment_id=waiver.id,
                                      files={"场所使用证明": scan.public_id}, now=NOW)
    services.transition_case(actor=cw.reviewer, case_number=case.number, command=services.Command("approve"), now=NOW)
    assert Case.objects.get(pk=case.pk).status == "approved"


def test_the_window_clerk_may_deliver_the_waived_material_through_the_page(cases_world):
    cw = cases_world
    case, waiver = _waived_case(cw)
    second = materials_of(cw)[1]

    response = client_for(cw.clerk).post(f"/cases/{case.number}/deliver/", {
        f"file_{second.id}": SimpleUploadedFile("场所证明.png", png(5))})

    assert response.status_code == 302
    waiver.refresh_from_db()
    assert waiver.status == CommitmentStatus.FULFILLED
    assert case.materials.get(material=second).file.uploaded_by == cw.clerk


# ----------------------------------------------------------------- issue 12 §2: staff see what they decide on


def test_staff_in_scope_open_and_download_every_file_and_each_read_is_audited(cases_world):
    cw = cases_world
    case = submit_online(cw, NOW)
    stored = case.files.get()

    for user in (cw.clerk, cw.reviewer, cw.citizen):
        opened = client_for(user).get(f"/cases/{case.number}/files/{stored.public_id}/")
        assert opened.status_code == 200, user
        assert opened["Content-Type"] == "image/png"
        assert opened["X-Content-Type-Options"] == "nosniff"
        assert opened["Content-Disposition"].startswith("inline")
        assert b"".join(opened.streaming_content) == png()

    saved = client_for(cw.clerk).get(f"/cases/{case.number}/files/{stored.public_id}/", {"download": "1"})
    assert saved["Content-Disposition"] == "attachment; filename*=utf-8''%E7%94%B3%E8%AF%B7%E4%B9%A6.png"
    reads = AuditEntry.objects.filter(stream=f"cases.casefile:{stored.pk}").order_by("sequence")
    assert [(e.actor, e.action) for e in reads] == [
        (cw.clerk, "case.file_viewed"), (cw.reviewer, "case.file_viewed"), (cw.citizen, "case.file_viewed"),
        (cw.clerk, "case.file_downloaded")]
    assert reads.last().after["case"] == case.number


def test_the_case_page_links_each_material_to_its_file(cases_world):
    cw = cases_world
    case = submit_online(cw, NOW)
    stored = case.files.get()

    page = client_for(cw.reviewer).get(f"/cases/{case.number}/").content.decode()

    assert f'href="/cases/{case.number}/files/{stored.public_id}/"' in page
    assert f'href="/cases/{case.number}/files/{stored.public_id}/?download=1"' in page


def test_files_out_of_scope_are_not_found(cases_world, lisi):
    cw = cases_world
    case = submit_online(cw, NOW)
    stored = case.files.get()
    other = window_case(cw, missing=False)

    assert client_for(lisi).get(f"/cases/{case.number}/files/{stored.public_id}/").status_code == 404
    # a file of another case, named under a case the viewer may see
    assert client_for(cw.clerk).get(f"/cases/{other.number}/files/{stored.public_id}/").status_code == 404
    assert client_for(cw.clerk).get(f"/cases/{case.number}/files/{stored.pk}/").status_code == 404
    api = client_for(lisi).get(f"/api/v1/cases/{case.number}/files/{stored.public_id}")
    assert (api.status_code, api["Content-Type"]) == (404, "application/problem+json")
    assert not AuditEntry.objects.filter(action__startswith="case.file_").exists()


def test_the_api_downloads_a_file_of_a_case_in_scope(cases_world):
    cw = cases_world
    case = submit_online(cw, NOW)
    body = client_for(cw.citizen).get(f"/api/v1/cases/{case.number}").json()
    file_id = body["materials"][0]["file_id"]

    response = client_for(cw.reviewer).get(f"/api/v1/cases/{case.number}/files/{file_id}")

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")


def test_a_misleading_file_name_downloads_with_the_real_extension(cases_world):
    cw = cases_world
    case = window_case(cw, missing=False)
    stored = case.files.get(original_name="申请书.pdf")
    CaseFile.objects.filter(pk=stored.pk).update(original_name="说明.html")

    response = client_for(cw.clerk).get(f"/cases/{case.number}/files/{stored.public_id}/")

    assert response["Content-Type"] == "application/pdf"
    assert re.search(r"filename\*=utf-8''%E8%AF%B4%E6%98%8E\.html\.pdf$", response["Content-Disposition"])


# ----------------------------------------------------------------- issue 12 §5: files are what they claim


@pytest.mark.parametrize(("name", "data", "code"), [
    ("照片.png", FAKE_PNG, "upload.damaged_image"),
    ("照片.png", png()[:60], "upload.damaged_image"),
    ("照片.jpg", jpeg()[:40], "upload.damaged_image"),
    ("扫描件.pdf", b"%PDF-1.4\n% scanned at the window\n", "upload.damaged_pdf"),
    ("扫描件.pdf", pdf()[:120], "upload.damaged_pdf"),
])
def test_files_that_do_not_decode_are_refused(cases_world, name, data, code):
    response = upload(client_for(cases_world.citizen), name, data)
    assert (response.status_code, response.json()["code"]) == (422, code)


@pytest.mark.parametrize(("name", "data"), [("照片.png", png()), ("照片.jpg", jpeg()), ("扫描件.pdf", pdf())])
def test_real_scans_are_accepted(cases_world, name, data):
    assert upload(client_for(cases_world.citizen), name, data).status_code == 201


def test_every_bad_file_is_reported_at_once_and_the_good_one_is_kept(cases_world):
    cw = cases_world
    first, second, third = materials_of(cw)
    client = client_for(cw.clerk)
    form = {
        "item": cw.item_code, "idempotency_key": "window-1", "applicant_kind": "person",
        "applicant_code": make_id_number("371302", at(1985, 7, 1).date(), 21), "applicant_name": "王五",
        "applicant_phone": "13912340000",
        f"m{first.id}_provision": "submitted", f"m{second.id}_provision": "submitted",
        f"m{third.id}_provision": "submitted",
    }

    response = client.post(f"/cases/window/?item={cw.item_code}", {
        **form, f"m{first.id}_file": SimpleUploadedFile("申请书.pdf", pdf()),
        f"m{second.id}_file": SimpleUploadedFile("场所.png", FAKE_PNG),
        f"m{third.id}_file": SimpleUploadedFile("执照.pdf", b"%PDF-1.7 truncated")})

    page = response.content.decode()
    assert f'data-field="m{second.id}_file">图片文件已损坏或不完整' in page
    assert f'data-field="m{third.id}_file">PDF 文件已损坏或不完整' in page
    kept = CaseFile.objects.get()
    assert f'name="m{first.id}_kept" value="{kept.public_id}"' in page
    assert "已上传“申请书.pdf”，无需重新上传" in page
    assert Case.objects.count() == 0

    fixed = client.post(f"/cases/window/?item={cw.item_code}", {
        **form, f"m{first.id}_kept": str(kept.public_id),
        f"m{second.id}_file": SimpleUploadedFile("场所.png", png(6)),
        f"m{third.id}_file": SimpleUploadedFile("执照.pdf", pdf("licence"))})

    case = Case.objects.get()
    assert fixed["Location"] == f"/cases/{case.number}/"
    assert case.materials.get(material=first).file == kept
    assert CaseFile.objects.count() == 3
