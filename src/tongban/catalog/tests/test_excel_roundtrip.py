"""Excel round-trip of the catalog: export → import → export, located Chinese errors, all or nothing."""

import io
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from tongban.accounts.constants import Role
from tongban.accounts.models import Department, Region, User
from tongban.audit.models import AuditEntry
from tongban.catalog import services
from tongban.catalog.excel.export import export_catalog
from tongban.catalog.excel.importer import import_catalog
from tongban.catalog.excel.template import ELEMENT_SHEETS, ITEM_SHEET, PLACEMENT_KEYS
from tongban.catalog.guide import ELEMENTS, SCALAR_FIELDS, guide_of
from tongban.catalog.models import BasicItem, ItemType, LicenseType, ServiceItem, ServiceItemVersion, Theme
from tongban.core.checkdigits import make_uscc

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class World:
    housing: Department
    market: Department
    admin: User
    market_editor: User
    housing_editor: User
    basic: dict
    region: Region


def guide(**changes) -> dict:
    base = {
        "name": "食品经营许可", "item_type": "01", "legal_basis": "《中华人民共和国食品安全法》\n第三十五条",
        "implementation_basis": "", "service_objects": ["2", "1"], "statutory_limit": 20,
        "statutory_unit": "working", "promised_limit": 10, "promised_unit": "working",
        "case_kind": "promised", "is_free": True, "result_kind": "license", "result_name": "食品经营许可证",
        "result_license_type": "", "intermediary_services": "", "quantity_limit": "", "annual_inspection": "",
        "can_apply_online": True, "fully_online": False, "visits": 1, "mobile": True, "kiosk": False,
        "near_home_level": "town", "cross_region_scope": "", "window_acceptance": True,
        "negative_list": False, "negative_list_reason": "", "consultation_phone": "0539-8888888",
        "themes": ["kaifandian"],
        "commitment_content": "本单位承诺：\n营业执照所证明的事项真实。", "commitment_liability": "承诺不实的，依法撤销许可。",
        "conditions": [{"text": "有相适应的经营场所", "rule": {"field": "area_m2", "op": ">=", "value": 20}},
                       {"text": "有食品安全管理人员", "rule": None}],
        "materials": [
            {"name": "食品经营许可申请书", "form": "original", "count": 1, "medium": "either", "is_required": True,
             "is_waivable": False, "license_type": "", "shared_data_source": "", "commitment_allowed": False,
             "notes": "=请如实填写"},
            {"name": "营业执照", "form": "copy", "count": 2, "medium": "paper", "is_required": True,
             "is_waivable": True, "license_type": "", "shared_data_source": "市场主体登记库",
             "commitment_allowed": True, "notes": ""}],
        "steps": [{"name": "受理", "role": "intake", "description": ""},
                  {"name": "审查", "role": "review", "description": "书面审查"}],
        "special_procedures": [{"kind": "site_inspection", "max_duration": 10, "unit": "working",
                                "description": "现场核查经营场所"}],
        "fees": [],
    }
    return {**base, **changes}


@pytest.fixture
def world(db) -> World:
    region = Region.objects.create(code="379901", name="测试区", level="district")
    department = lambda code, serial, **extra: Department.objects.create(  # noqa: E731
        code=f"379901-{code}", name=code, region=region, uscc=make_uscc(f"11379901MB29000{serial}"), **extra)
    housing, market = department("ZJ", "01"), department("SCJG", "02")
    office = department("SPJ", "03", is_service_management_office=True)
    people = [User.objects.create_user(username=f"excel_{name}", password="Tongban#2026", role=role,
                                       department=dep, region=region)
              for name, role, dep in (("admin", Role.ADMIN, office), ("market", Role.REVIEWER, market),
                                      ("housing", Role.REVIEWER, housing))]
    basic = {code: BasicItem.objects.create(basic_code=code, name=name, level="4", competent_department=dep,
                                            item_type=ItemType.objects.get(code=code[:2]))
             for code, name, dep in (("0199901000", "食品经营许可", market), ("0799902000", "不动产登记", housing),
                                     ("0799903000", "个体工商户登记", market))}
    Theme.objects.create(code="kaifandian", name="开饭店", audience="enterprise")
    licence = LicenseType.objects.create(code=office.uscc + "001", name="食品经营许可证", holder_kind="enterprise")
    world = World(housing, market, *people, basic, region)
    for code, department_, changes in (
        ("0199901000", market, {"result_license_type": licence.code, "co_departments": [housing.code],
                                "workflow_code": "standard"}),
        ("0799902000", housing, {"name": "不动产登记", "item_type": "07", "result_kind": "certificate",
                                 "can_apply_online": False, "negative_list": True,
                                 "negative_list_reason": "须现场核验原件", "themes": []}),
        ("0799903000", market, {"name": "个体工商户登记", "item_type": "07", "case_kind": "immediate",
                                "promised_limit": 0, "result_kind": "approval", "is_free": False,
                                "fees": [{"name": "工本费", "standard": "10 元/件", "basis": "鲁价费发〔2020〕1 号"}]}),
    ):
        now = timezone.now()
        draft = services.create_item(actor=world.admin, basic_item=basic[code], department=department_,
                                     region=region, guide=guide(**changes), now=now)
        services.submit_version(actor=world.admin, version=draft, now=now)
        services.publish_version(actor=world.admin, version=draft, now=now)
    return world


def ours():
    return ServiceItem.objects.filter(region__code="379901")


def export_to(path) -> bytes:
    with open(path, "wb") as stream:
        export_catalog(ours(), stream)
    return path.read_bytes()


def cells(path) -> dict[str, list[tuple]]:
    book = load_workbook(path)
    return {ws.title: [tuple(cell.value for cell in row) for row in ws.iter_rows()] for ws in book}


def state() -> tuple[int, int, int]:
    return ServiceItem.objects.count(), ServiceItemVersion.objects.count(), AuditEntry.objects.count()


def run_import(path, actor, dry_run=False, progress=None):
    with open(path, "rb") as stream:
        return import_catalog(stream, actor=actor, now=timezone.now(), dry_run=dry_run, progress=progress)


def row_of(sheet, code, order=None) -> int:
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        if row[0] == code and (order is None or row[1] == order):
            return number
    raise AssertionError(code)


def test_the_template_covers_every_element_of_the_guide(world):
    # an element added to the guide must reach the workbook too (同源发布)
    keys = guide_of(ServiceItemVersion.objects.filter(item__in=ours()).first()).keys()
    assert {c.key for c in ITEM_SHEET.columns} - set(PLACEMENT_KEYS) == keys - ELEMENTS.keys()
    assert set(SCALAR_FIELDS) < keys
    for sheet in ELEMENT_SHEETS:
        assert [c.key for c in sheet.columns[2:]] == ELEMENTS[sheet.element][1]


def test_export_import_export_is_stable(world, tmp_path):
    first = export_to(tmp_path / "first.xlsx")
    # a revision in progress is not overwritten by re-importing the published catalog
    item = ServiceItem.objects.get(basic_item__basic_code="0799903000")
    draft = services.start_revision(actor=world.admin, item=item, now=timezone.now())
    services.save_draft(actor=world.admin, version=draft, guide={**guide_of(draft), "result_name": "营业执照（新）"},
                        expected_revision=draft.revision, now=timezone.now())
    before, ticks = state(), []
    report = run_import(tmp_path / "first.xlsx", world.admin, progress=lambda done, total: ticks.append((done, total)))
    assert report.valid and (report.created, report.revised) == ([], [])
    assert len(report.unchanged) == 3 and ticks == [(1, 3), (2, 3), (3, 3)]
    assert state() == before and guide_of(item.versions.get(number=2))["result_name"] == "营业执照（新）"
    second = export_to(tmp_path / "second.xlsx")
    content = cells(tmp_path / "first.xlsx")
    assert content == cells(tmp_path / "second.xlsx") and first == second
    assert [row[0] for row in content["事项"]][1:] == sorted(item.implementation_code for item in ours())
    assert content["申请材料"][1][11] == "=请如实填写"  # text that looks like a formula stays text


def test_an_edited_material_becomes_a_revision_draft(world, tmp_path):
    export_to(tmp_path / "catalog.xlsx")
    item = ServiceItem.objects.get(basic_item__basic_code="0199901000")
    book = load_workbook(tmp_path / "catalog.xlsx")
    book["申请材料"].cell(row_of(book["申请材料"], item.implementation_code, 2), 3, "营业执照（副本）")
    book.save(tmp_path / "edited.xlsx")
    entries_before = AuditEntry.objects.count()
    report = run_import(tmp_path / "edited.xlsx", world.market_editor)
    assert report.valid, [str(e) for e in report.errors]
    assert [e["implementation_code"] for e in report.revised] == [item.implementation_code]
    assert report.created == [] and len(report.unchanged) == 2
    draft = item.versions.get(number=2)
    assert (draft.status, guide_of(draft)["materials"][1]["name"]) == ("draft", "营业执照（副本）")
    item.refresh_from_db()
    assert guide_of(item.published_version)["materials"][1]["name"] == "营业执照"
    assert AuditEntry.objects.count() > entries_before


def test_an_invalid_file_is_refused_cell_by_cell_and_changes_nothing(world, tmp_path):
    export_to(tmp_path / "catalog.xlsx")
    book = load_workbook(tmp_path / "catalog.xlsx")
    items, materials = book["事项"], book["申请材料"]
    codes = [items.cell(row, 1).value for row in (2, 3, 4)]
    items.cell(2, 6, "不动产登记（修改）")  # a valid change: would be written if the file were valid
    items.cell(3, 13, 30)  # 承诺 30 > 法定 20 on row 3
    items.cell(4, 7, "99")  # unknown type code
    items.append([cell.value for cell in items[3]])  # duplicate 实施编码 (row 5)
    materials.cell(row_of(materials, codes[1], 1), 3).value = None  # material without a name
    book.save(tmp_path / "bad.xlsx")
    before = state()
    published = {i.pk: guide_of(i.published_version) for i in ours()}
    report = run_import(tmp_path / "bad.xlsx", world.admin)
    messages = [str(error) for error in report.errors]
    material_row = row_of(materials, codes[1], 1)
    assert messages == [
        "工作表「事项」第 3 行 M 列（承诺办结时限）：承诺办结时限（30 个工作日）不得超过法定办结时限（20 个工作日）。",
        "工作表「事项」第 4 行 G 列（事项类型代码）：事项类型“99”不在代码表中。",
        f"工作表「事项」第 5 行 A 列（实施编码）：实施编码 {codes[1]} 与第 3 行重复。",
        f"工作表「申请材料」第 {material_row} 行 C 列（材料名称）：第 1 项材料缺少名称。",
    ]
    assert not report.valid and report.revised == [] and state() == before
    assert {i.pk: guide_of(i.published_version) for i in ours()} == published
    assert not ServiceItemVersion.objects.filter(item__in=ours(), status="draft").exists()


def test_a_department_imports_only_its_own_items_and_a_refusal_rolls_back(world, tmp_path):
    export_to(tmp_path / "catalog.xlsx")
    book = load_workbook(tmp_path / "catalog.xlsx")
    for row in (2, 3):  # row 2: housing's own item (written first), row 3: market's item
        book["事项"].cell(row, 18, "新的结果名称")
    book.save(tmp_path / "edited.xlsx")
    before = state()
    report = run_import(tmp_path / "edited.xlsx", world.housing_editor)
    assert [str(e) for e in report.errors] == [
        "工作表「事项」第 3 行 C 列（部门编码）：只能导入本部门实施的事项；该事项由“SCJG”实施。"]
    assert state() == before


def test_dry_run_reports_what_would_change_and_writes_nothing(world, tmp_path):
    export_to(tmp_path / "catalog.xlsx")
    book = load_workbook(tmp_path / "catalog.xlsx")
    items = book["事项"]
    items.cell(2, 6, "不动产登记（修改）")
    new_code = world.market.uscc + "0199901000" + "01"
    row = [cell.value for cell in items[3]]
    items.append([new_code, *row[1:4], "01", "食品经营许可（连锁）", *row[6:]])
    book.save(tmp_path / "edited.xlsx")
    before = state()
    report = run_import(tmp_path / "edited.xlsx", world.admin, dry_run=True)
    assert report.valid and report.dry_run
    assert [(e["implementation_code"], e["version"]) for e in report.created] == [(new_code, None)]
    assert [e["row"] for e in report.revised] == [2] and len(report.unchanged) == 2
    assert state() == before
    report = run_import(tmp_path / "edited.xlsx", world.admin)
    assert [e["version"] for e in report.created + report.revised] == [1, 2]
    created = ServiceItem.objects.get(implementation_code=new_code).versions.get()
    assert (created.status, created.name, guide_of(created)["materials"]) == ("draft", "食品经营许可（连锁）", [])


def test_commands_show_progress_and_located_errors(world, tmp_path):
    call_command("export_catalog", str(tmp_path / "catalog.xlsx"), department="379901-SCJG", stdout=io.StringIO())
    assert len(cells(tmp_path / "catalog.xlsx")["事项"]) == 3
    book = load_workbook(tmp_path / "catalog.xlsx")
    book["申请材料"].cell(2, 3, "  ")
    book.save(tmp_path / "bad.xlsx")
    out, err = io.StringIO(), io.StringIO()
    call_command("import_catalog", str(tmp_path / "catalog.xlsx"), user="excel_market", dry_run=True,
                 stdout=out, stderr=err)
    assert "导入进度 [##############################] 2/2" in err.getvalue() and "未变 2 项" in out.getvalue()
    with pytest.raises(CommandError, match="共 1 处错误"):
        call_command("import_catalog", str(tmp_path / "bad.xlsx"), user="excel_market", stderr=err)
    assert "工作表「申请材料」第 2 行 C 列（材料名称）：第 1 项材料缺少名称。" in err.getvalue()


def test_the_api_serves_the_template_and_imports_with_located_errors(world, tmp_path):
    template = Client().get("/api/v1/catalog/excel/template")
    assert (template.status_code, template["Content-Type"]) == (200, XLSX)
    assert "attachment" in template["Content-Disposition"]
    assert load_workbook(io.BytesIO(template.content)).sheetnames == ["说明", "事项", *(s.title for s in ELEMENT_SHEETS)]
    client = Client()
    client.force_login(world.market_editor)
    exported = client.get("/api/v1/catalog/excel/export", {"department": "379901-SCJG"})
    assert exported.status_code == 200 and exported["Content-Type"] == XLSX
    book = load_workbook(io.BytesIO(exported.content))
    assert book["事项"].max_row == 3
    book["申请材料"].cell(2, 3).value = None
    bad = io.BytesIO()
    book.save(bad)
    before = state()
    response = client.post("/api/v1/catalog/excel/import", {"file": _upload(bad.getvalue()), "dry_run": "false"})
    assert response.status_code == 422 and response["Content-Type"] == "application/problem+json"
    error = response.json()["errors"][0]
    assert {k: error[k] for k in ("sheet", "row", "column", "field", "message")} == {
        "sheet": "申请材料", "row": 2, "column": "C", "field": "materials[0].name", "message": "第 1 项材料缺少名称。"}
    assert state() == before
    book["申请材料"].cell(2, 3, "食品经营许可申请书（新版）")
    good = io.BytesIO()
    book.save(good)
    response = client.post("/api/v1/catalog/excel/import", {"file": _upload(good.getvalue())})
    assert response.status_code == 200 and response.json()["valid"] is True
    assert [e["version"] for e in response.json()["revised"]] == [2]


def _upload(content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("catalog.xlsx", content, content_type=XLSX)
