"""Public catalog pages: the list with search and filters, the 办事指南 page and its PDF."""

import contextlib
import re
import shutil
import subprocess
import zlib
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import resolve
from django.utils import timezone

from tongban.accounts.constants import Role
from tongban.accounts.models import Department, Region, User
from tongban.catalog import services, views
from tongban.catalog.models import BasicItem, ItemType, LicenseType, ServiceItemVersion, Theme
from tongban.core.checkdigits import make_uscc

FOOD = "食品经营许可（页面测试）"
BIRTH = "出生医学证明补发（页面测试）"
MARKET_USCC = make_uscc("11379901MB2900001")
BUSINESS_LICENSE = MARKET_USCC + "901"  # 营业执照
FOOD_LICENSE = MARKET_USCC + "902"  # 食品经营许可证


def food_guide(**changes) -> dict:
    guide = {
        "name": FOOD, "item_type": "01",
        "legal_basis": "《中华人民共和国食品安全法》第三十五条",
        "implementation_basis": "《食品经营许可和备案管理办法》", "service_objects": ["1", "2"],
        "statutory_limit": 20, "statutory_unit": "working",
        "promised_limit": 10, "promised_unit": "working", "case_kind": "promised",
        "is_free": True, "result_kind": "license", "result_name": "食品经营许可证",
        "result_license_type": FOOD_LICENSE, "intermediary_services": "", "quantity_limit": "",
        "annual_inspection": "", "can_apply_online": True, "fully_online": True, "visits": 0,
        "mobile": True, "kiosk": True, "near_home_level": "town", "cross_region_scope": "province",
        "window_acceptance": True, "negative_list": False, "negative_list_reason": "",
        "consultation_phone": "0539-8123456", "themes": ["kaiguan"], "co_departments": ["379901-WJ"],
        "commitment_content": "本单位承诺已建立食品安全管理制度。", "commitment_liability": "承诺不实的，依法撤销许可。",
        "conditions": [{"text": "有与经营的食品品种、数量相适应的经营场所", "rule": None}],
        "materials": [
            {"name": "食品经营许可申请书", "form": "original", "count": 1, "medium": "paper",
             "is_required": True, "is_waivable": False, "license_type": "",
             "shared_data_source": "", "commitment_allowed": False, "notes": "申请人签字"},
            {"name": "营业执照", "form": "copy", "count": 2, "medium": "either",
             "is_required": True, "is_waivable": False, "license_type": BUSINESS_LICENSE,
             "shared_data_source": "", "commitment_allowed": False, "notes": ""},
            {"name": "法定代表人身份证明", "form": "copy", "count": 1, "medium": "electronic",
             "is_required": True, "is_waivable": False, "license_type": "",
             "shared_data_source": "公安人口库", "commitment_allowed": False, "notes": ""},
            {"name": "食品安全管理制度", "form": "original", "count": 1, "medium": "paper",
             "is_required": True, "is_waivable": True, "license_type": "",
             "shared_data_source": "", "commitment_allowed": True, "notes": ""},
        ],
        "steps": [{"name": "网上申请", "role": "applicant", "description": "登录政务服务网提交"},
                  {"name": "受理", "role": "intake", "description": ""},
                  {"name": "审查决定", "role": "decision", "description": ""}],
        "special_procedures": [{"kind": "site_inspection", "max_duration": 10, "unit": "working",
                                "description": "现场核查经营场所"}],
        "fees": [],
    }
    guide.update(changes)
    return guide


def birth_guide() -> dict:
    return food_guide(
        name=BIRTH, item_type="20", service_objects=["1"], legal_basis="《母婴保健法》",
        implementation_basis="", statutory_limit=5, promised_limit=3, result_kind="certificate",
        result_name="出生医学证明", result_license_type="", can_apply_online=False,
        fully_online=False, visits=1, mobile=False, kiosk=False, near_home_level="",
        cross_region_scope="", negative_list=True, negative_list_reason="需现场核验新生儿身份",
        is_free=False, fees=[{"name": "工本费", "standard": "每份 10 元", "basis": "鲁价费发〔2018〕1号"}],
        themes=[], co_departments=[], conditions=[{"text": "原出生医学证明遗失", "rule": None}],
        materials=[{"name": "补发申请表", "form": "original", "count": 1, "medium": "paper",
                    "is_required": True, "is_waivable": False, "license_type": "",
                    "shared_data_source": "", "commitment_allowed": False, "notes": ""}],
        special_procedures=[],
    )


@dataclass
class Catalog:
    admin: User
    food: ServiceItemVersion
    birth: ServiceItemVersion
    department: Department

    @property
    def food_code(self) -> str:
        return self.food.item.implementation_code


def publish(admin: User, *, basic_item: BasicItem, department: Department, guide: dict) -> ServiceItemVersion:
    now = timezone.now()
    draft = services.create_item(actor=admin, basic_item=basic_item, department=department,
                                 region=department.region, guide=guide, now=now)
    services.submit_version(actor=admin, version=draft, now=now)
    return services.publish_version(actor=admin, version=draft, now=now)


@pytest.fixture
def catalog(db) -> Catalog:
    region = Region.objects.create(code="379901", name="测试区", level="district")
    market = Department.objects.create(code="379901-SCJG", name="测试区市场监管局", region=region,
                                       uscc=MARKET_USCC)
    health = Department.objects.create(code="379901-WJ", name="测试区卫生健康局", region=region,
                                       uscc=make_uscc("11379901MB2900002"))
    admin = User.objects.create_user(username="catalog_pages_admin", password="Tongban#2026",
                                     role=Role.ADMIN)
    for code, name in ((BUSINESS_LICENSE, "营业执照"), (FOOD_LICENSE, "食品经营许可证")):
        LicenseType.objects.create(code=code, name=name, issuing_department=market,
                                   holder_kind="enterprise")
    Theme.objects.create(code="kaiguan", name="开饭馆", audience="enterprise")
    food_item = BasicItem.objects.create(basic_code="0199901000", name="食品经营许可",
                                         item_type=ItemType.objects.get(code="01"), level="4",
                                         competent_department=market)
    birth_item = BasicItem.objects.create(basic_code="2099902000", name="出生医学证明补发",
                                          item_type=ItemType.objects.get(code="20"), level="4",
                                          competent_department=health)
    food = publish(admin, basic_item=food_item, department=market, guide=food_guide())
    birth = publish(admin, basic_item=birth_item, department=health, guide=birth_guide())
    return Catalog(admin=admin, food=food, birth=birth, department=market)


def revise(catalog: Catalog, **changes) -> ServiceItemVersion:
    """Publish version 2 of the food item with `changes`, through the review services."""
    now = timezone.now()
    draft = services.start_revision(actor=catalog.admin, item=catalog.food.item, now=now)
    draft = services.save_draft(actor=catalog.admin, version=draft, guide=food_guide(**changes),
                                expected_revision=draft.revision, now=now)
    services.submit_version(actor=catalog.admin, version=draft, now=now)
    return services.publish_version(actor=catalog.admin, version=draft, now=now)


def names_in(html: str) -> list[str]:
    return [name for name in (FOOD, BIRTH) if name in html]


# --------------------------------------------------------------------------- the list


def test_the_portal_search_form_lands_on_the_catalog_list(catalog):
    # given the portal home page
    home = Client().get("/").content.decode()
    # then its search form sends q to /catalog/, which is the catalog list
    assert 'action="/catalog/"' in home and 'name="q"' in home
    assert resolve("/catalog/").view_name == "catalog:list"


def test_the_list_shows_every_published_item_to_anyone(catalog):
    # when an anonymous visitor opens the catalog
    response = Client().get("/catalog/")
    html = response.content.decode()
    # then the full page lists both items with their labels and links to the guides
    assert response.status_code == 200
    assert "<html" in html and 'name="q"' in html
    assert names_in(html) == [FOOD, BIRTH]
    assert f'href="/catalog/{catalog.food_code}/"' in html
    assert "行政许可" in html and "公共服务" in html and "全程网办" in html
    assert "测试区市场监管局" in html


def test_search_finds_a_chinese_substring_of_a_material_name(catalog):
    # when the visitor searches for a material only the food item asks for
    html = Client().get("/catalog/", {"q": "营业执照"}).content.decode()
    # then only that item is listed, and the box keeps the query
    assert names_in(html) == [FOOD]
    assert 'value="营业执照"' in html


def test_search_without_a_match_says_so_in_chinese(catalog):
    html = Client().get("/catalog/", {"q": "不存在的材料"}).content.decode()
    assert names_in(html) == []
    assert "未找到符合条件的事项" in html


@pytest.mark.parametrize(
    ("_case", "params", "expected"),
    [
        ("type 行政许可", {"type": "01"}, [FOOD]),
        ("type 公共服务", {"type": "20"}, [BIRTH]),
        ("department", {"department": "379901-WJ"}, [BIRTH]),
        ("theme", {"theme": "kaiguan"}, [FOOD]),
        ("channel online", {"channel": "online"}, [FOOD]),
        ("channel kiosk", {"channel": "kiosk"}, [FOOD]),
        ("全程网办", {"fully_online": "1"}, [FOOD]),
        ("not 全程网办", {"fully_online": "0"}, [BIRTH]),
        ("filters and q combine", {"type": "20", "q": "营业执照"}, []),
    ],
)
def test_filters_narrow_the_list(catalog, _case, params, expected):
    html = Client().get("/catalog/", params, headers={"HX-Request": "true"}).content.decode()
    assert names_in(html) == expected


def test_htmx_search_returns_only_the_results_partial(catalog):
    # when htmx asks for the list as the visitor types
    response = Client().get("/catalog/", {"q": "营业执照"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    # then only the results come back: no page, no form, and caches keep the two apart
    assert response.status_code == 200
    assert "<html" not in html and "<form" not in html
    assert names_in(html) == [FOOD]
    assert "HX-Request" in response["Vary"]


def test_htmx_history_restore_gets_the_whole_page(catalog):
    response = Client().get("/catalog/", headers={"HX-Request": "true",
                                                  "HX-History-Restore-Request": "true"})
    assert "<html" in response.content.decode()


def test_the_search_box_searches_as_you_type_and_links_keep_their_href(catalog):
    html = Client().get("/catalog/").content.decode()
    assert 'hx-trigger="keyup changed delay:300ms, search"' in html
    assert 'hx-push-url="true"' in html and 'hx-target="#results"' in html
    assert 'action="/catalog/"' in html


def test_more_pages_by_keyset_cursor_with_and_without_htmx(catalog, monkeypatch):
    # given pages of one item
    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    client = Client()
    # when the first page is shown
    first = client.get("/catalog/").content.decode()
    # then it has the first item and a 更多 link that continues after it
    more = f"/catalog/?after={catalog.food_code}"
    assert names_in(first) == [FOOD]
    assert f'href="{more}"' in first and f'hx-get="{more}"' in first and "更多" in first
    # when the link is followed without JavaScript, and with htmx
    second_page = client.get(more).content.decode()
    second_rows = client.get(more, headers={"HX-Request": "true"}).content.decode()
    # then both show the next item and no further link
    assert names_in(second_page) == [BIRTH] and "从第一条开始查看" in second_page
    assert names_in(second_rows) == [BIRTH] and "更多" not in second_rows
    assert "<html" not in second_rows


def test_the_more_link_keeps_the_filters(catalog, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    html = Client().get("/catalog/", {"type": "01", "channel": "online"}).content.decode()
    assert "更多" not in html  # one match, one page
    html = Client().get("/catalog/", {"q": "申请"}).content.decode()
    assert f"?q=%E7%94%B3%E8%AF%B7&amp;after=0-{catalog.food_code}" in html  # relevance-code cursor


def test_the_results_partial_costs_two_queries_whatever_the_page(catalog, django_assert_num_queries):
    # one for the item type names, one for the page of items with everything joined
    with django_assert_num_queries(2):
        Client().get("/catalog/", headers={"HX-Request": "true"})


# --------------------------------------------------------------------------- the guide


def test_the_guide_page_shows_every_section(catalog):
    response = Client().get(f"/catalog/{catalog.food_code}/")
    html = response.content.decode()
    assert response.status_code == 200
    for section in ("基本信息", "受理条件", "申请材料", "办理流程", "特别程序", "办理时限", "收费",
                    "办理结果", "办理渠道", "主题", "咨询电话", "版本记录"):
        assert f"<h2>{section}</h2>" in html, section
    for text in (
        FOOD, "行政许可", "0199901000", catalog.food_code, "测试区市场监管局", "县级",
        "自然人、企业法人", "承诺件", "《中华人民共和国食品安全法》第三十五条",
        "有与经营的食品品种、数量相适应的经营场所",
        "食品经营许可申请书", "原件", "复印件", "2 份", "纸质或电子", "可容缺", "申请人签字",
        "网上申请", "（申请人）", "现场勘验", "10 个工作日", "特别程序所需时间不计入办理时限",
        "法定办结时限", "20 个工作日", "承诺办结时限",
        "不收费", "食品经营许可证", "镇（街道）可办", "全省通办", "0 次（零跑动）",
        "开饭馆", "0539-8123456", "并联审批部门：测试区卫生健康局",
    ):
        assert text in html, text


def test_the_guide_marks_materials_the_applicant_need_not_bring(catalog):
    html = Client().get(f"/catalog/{catalog.food_code}/").content.decode()
    badges = re.findall(r'data-testid="proof-free"[^>]*>([^<]+)<', html)
    assert badges == ["可用电子证照：营业执照", "共享数据获取", "可告知承诺"]


def test_the_guide_shows_fees_and_the_negative_list_reason(catalog):
    html = Client().get(f"/catalog/{catalog.birth.item.implementation_code}/").content.decode()
    assert "工本费" in html and "每份 10 元" in html and "鲁价费发〔2018〕1号" in html
    assert "列入网办负面清单" in html and "需现场核验新生儿身份" in html
    assert "无特别程序" in html and "公共服务" in html


def test_an_old_version_stays_readable_with_a_banner_after_a_revision(catalog):
    # given version 2 published with another promised time limit and one more material
    materials = food_guide()["materials"] + [
        {"name": "健康证明", "form": "copy", "count": 1, "medium": "paper", "is_required": True,
         "is_waivable": False, "license_type": "", "shared_data_source": "",
         "commitment_allowed": False, "notes": ""}]
    revise(catalog, promised_limit=5, materials=materials)
    client = Client()
    # when the visitor opens the guide, and version 1 of it
    current = client.get(f"/catalog/{catalog.food_code}/").content.decode()
    old = client.get(f"/catalog/{catalog.food_code}/", {"version": 1}).content.decode()
    # then the live guide is version 2 and links to version 1
    assert "健康证明" in current and "old-version-banner" not in current
    assert f'href="/catalog/{catalog.food_code}/?version=1"' in current
    # and version 1 reads as it was published, under a banner naming its successor
    assert "您正在查看第 1 版（已被第 2 版替代）" in old
    assert "健康证明" not in old and "10 个工作日" in old
    assert f'href="/catalog/{catalog.food_code}/"' in old


def test_the_page_shows_what_the_api_serves(catalog):
    # the one source: whatever the API says about materials, the page says too
    api = Client().get(f"/api/v1/catalog/items/{catalog.food_code}").json()
    html = Client().get(f"/catalog/{catalog.food_code}/").content.decode()
    assert [row["name"] for row in api["guide"]["materials"]] == re.findall(
        r'<tr data-testid="material">\s*<td>\d+</td>\s*<td>([^<]+)', html)


@pytest.mark.parametrize(
    ("_case", "path"),
    [
        ("unknown code", "/catalog/000000000000000000000000000000/"),
        ("unknown version", "/catalog/{code}/?version=9"),
        ("version not a number", "/catalog/{code}/?version=abc"),
        ("pdf of unknown code", "/catalog/000000000000000000000000000000/guide.pdf"),
        ("pdf of unknown version", "/catalog/{code}/guide.pdf?version=9"),
    ],
)
def test_unknown_guides_are_the_chinese_404_page(catalog, _case, path):
    response = Client().get(path.format(code=catalog.food_code))
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_a_retired_item_leaves_the_list_but_its_guide_stays_readable(catalog):
    # given the food item retired
    services.retire_item(actor=catalog.admin, item=catalog.food.item, comment="职能调整",
                         now=timezone.now())
    client = Client()
    # then it is no longer listed nor served as a live guide
    assert names_in(client.get("/catalog/").content.decode()) == [BIRTH]
    assert client.get(f"/catalog/{catalog.food_code}/").status_code == 404
    # but its published version is still readable, marked as retired
    old = client.get(f"/catalog/{catalog.food_code}/", {"version": 1}).content.decode()
    assert "该事项已取消" in old and FOOD in old


def test_a_draft_revision_is_not_public(catalog):
    draft = services.start_revision(actor=catalog.admin, item=catalog.food.item, now=timezone.now())
    response = Client().get(f"/catalog/{catalog.food_code}/", {"version": draft.number})
    assert response.status_code == 404


# --------------------------------------------------------------------------- the PDF


def pdf_objects(pdf: bytes) -> bytes:
    """The PDF with its compressed streams (WeasyPrint packs objects into them) inflated."""
    chunks = [pdf]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        with contextlib.suppress(zlib.error):  # not every stream is deflated
            chunks.append(zlib.decompress(stream))
    return b"\n".join(chunks)


def pdf_text(pdf: bytes) -> str:
    """The PDF's text with pdftotext when installed; else its UTF-16 strings (the title)."""
    if shutil.which("pdftotext"):
        return subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf,
                              capture_output=True, check=True).stdout.decode()
    strings = re.findall(rb"<[Ff][Ee][Ff][Ff]([0-9A-Fa-f]+)>", pdf_objects(pdf))
    return "\n".join(bytes.fromhex(text.decode()).decode("utf-16-be") for text in strings)


def test_the_guide_prints_as_an_a4_pdf(catalog):
    response = Client().get(f"/catalog/{catalog.food_code}/guide.pdf")
    pdf = response.content
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    assert f'filename="guide-{catalog.food_code}-v1.pdf"' in response["Content-Disposition"]
    objects = pdf_objects(pdf)
    assert b"/MediaBox [0 0 595.275591 841.889764]" in objects  # A4: 210 × 297 mm in points
    assert b"/FontFamily (Noto Sans CJK SC)" in objects
    assert FOOD in pdf_text(pdf)


def test_the_pdf_of_an_old_version_is_that_version(catalog):
    revise(catalog, promised_limit=5)
    response = Client().get(f"/catalog/{catalog.food_code}/guide.pdf", {"version": 1})
    assert response.status_code == 200
    assert f'filename="guide-{catalog.food_code}-v1.pdf"' in response["Content-Disposition"]


def test_the_print_html_has_the_qr_code_page_numbers_and_the_font(catalog, monkeypatch):
    # given the HTML WeasyPrint is handed, checked where the PDF would hide it
    printed = {}
    monkeypatch.setattr(views, "render_pdf",
                        lambda html, base_url: printed.setdefault("html", html).encode())
    # when the print-out is requested
    Client().get(f"/catalog/{catalog.food_code}/guide.pdf")
    html = printed["html"]
    # then it is A4 in the CJK font, numbers its pages, and carries the QR code of its page
    assert '"Noto Sans CJK SC"' in html and "size: A4" in html
    assert 'counter(page)' in html and 'counter(pages)' in html
    assert 'src="data:image/png;base64,' in html
    assert f"http://testserver/catalog/{catalog.food_code}/?version=1" in html
    assert catalog.food_code in html and "第 1 版" in html and "发布日期" in html
    assert "下载打印版" not in html and "版本记录" not in html


def test_the_qr_code_encodes_the_online_guide_url(catalog, monkeypatch):
    encoded = []
    real_make = views.segno.make
    monkeypatch.setattr(views.segno, "make", lambda content, **kwargs: encoded.append(content)
                        or real_make(content, **kwargs))
    monkeypatch.setattr(views, "render_pdf", lambda html, base_url: b"%PDF-")
    Client().get(f"/catalog/{catalog.food_code}/guide.pdf", HTTP_HOST="zwfw.example.gov.cn")
    assert encoded == [f"http://zwfw.example.gov.cn/catalog/{catalog.food_code}/?version=1"]


def test_the_pdf_never_fetches_external_resources():
    # the fetcher WeasyPrint is given refuses anything but embedded data
    with pytest.raises(ValueError, match="external resource refused"):
        views.data_only_fetcher("http://169.254.169.254/latest/meta-data")
    assert views.data_only_fetcher("data:text/plain;base64,5Yqe")["file_obj"].read() == "办".encode()
    # and a page pointing elsewhere still prints, without the resource
    pdf = views.render_pdf('<img src="http://169.254.169.254/x.png"><p>办事指南</p>',
                           base_url="http://testserver/")
    assert pdf.startswith(b"%PDF")


def test_the_guide_page_costs_the_same_queries_however_many_materials(catalog, django_assert_num_queries):
    # the version, its themes and co-departments, five element lists, the result licence,
    # the version numbers, and four code tables for labels: no query per material or step
    with django_assert_num_queries(14):
        Client().get(f"/catalog/{catalog.food_code}/")
