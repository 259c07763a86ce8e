"""Case pages with Django's client: who may open them, full page or htmx fragment, and how a
service refusal (bad ID number, stale version, window refusal, 并联审批 pending) reads on the page."""

import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tongban.accounts.constants import Role
from tongban.accounts.models import User
from tongban.cases import services
from tongban.cases.models import Case, CaseFile
from tongban.catalog.models import Material
from tongban.core.checkdigits import make_id_number

from tongban.cases.testing import pdf

from .conftest import PNG, at, submit_online

HX = {"HX-Request": "true"}
STALE = "办件已被他人处理"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def html_of(response) -> str:
    return response.content.decode()


def materials_of(cw) -> list[Material]:
    return list(Material.objects.filter(version__item__implementation_code=cw.item_code).order_by("order"))


def step(actor, case, action, **details) -> Case:
    return services.transition_case(actor=actor, case_number=case.number,
                                    command=services.Command(action=action, **details), now=at(2026, 3, 2))


def online_form(cw, *, key: str = "key-1") -> dict:
    first, second, third = materials_of(cw)
    return {
        "idempotency_key": key, "phone": "13805391234",
        f"m{first.id}_provision": "submitted", f"m{first.id}_file": SimpleUploadedFile("申请书.png", PNG),
        f"m{second.id}_provision": "commitment", f"m{third.id}_provision": "shared_data",
        "signed_name": "张三", "commitment_version": "1",
    }


def window_form(cw, **changes) -> dict:
    first, second, third = materials_of(cw)
    return {
        "item": cw.item_code, "idempotency_key": "window-1", "applicant_kind": "person",
        "applicant_code": make_id_number("371302", at(1985, 7, 1).date(), 21), "applicant_name": "王五",
        "applicant_phone": "13912340000",
        f"m{first.id}_provision": "submitted", f"m{first.id}_file": SimpleUploadedFile("申请书.pdf", pdf()),
        f"m{second.id}_provision": "missing", f"m{third.id}_provision": "shared_data",
        **changes,
    }


@pytest.fixture
def helper(cases_world):
    return User.objects.create_user(username="bangban", password="x", role=Role.HELPER,
                                    region=cases_world.catalog.region)


# ------------------------------------------------------------------------ pages and roles


@pytest.mark.parametrize("headers", [{}, HX], ids=["full_page", "htmx"])
def test_applicant_pages_render_for_the_citizen(cases_world, headers):
    cw = cases_world
    case = submit_online(cw, at(2026, 3, 2))
    client = client_for(cw.citizen)

    apply_page = client.get(f"/cases/apply/{cw.item_code}/", headers=headers)
    mine = client.get("/cases/mine/", headers=headers)
    detail = client.get(f"/cases/{case.number}/", headers=headers)

    assert (apply_page.status_code, mine.status_code, detail.status_code) == (200, 200, 200)
    assert "<h1>网上申办 · 食品经营许可</h1>" in html_of(apply_page)
    assert [m.name for m in materials_of(cw)] == re.findall(r'data-material="([^"]+)"', html_of(apply_page))
    assert case.number in html_of(mine) and '<html lang="zh-Hans">' in html_of(mine)
    page = html_of(detail)
    assert '<strong data-testid="case-status">待受理</strong>' in page
    assert 'data-testid="action-withdraw"' in page and 'data-testid="action-accept"' not in page
    assert cw.citizen.id_number not in page  # the ID number is masked


@pytest.mark.parametrize("headers", [{}, HX], ids=["full_page", "htmx"])
@pytest.mark.parametrize(("who", "url", "text"), [
    ("clerk", "/cases/window/", "<h1>综合窗口受理</h1>"),
    ("clerk", "/cases/exit/", "<h1>综合窗口出件</h1>"),
    ("clerk", "/cases/queue/", "<h1>部门办件</h1>"),
    ("reviewer", "/cases/queue/", "<h1>部门办件</h1>"),
    ("head", "/cases/queue/", "<h1>部门办件</h1>"),
    ("helper", "/cases/helper/", "<h1>帮办代办</h1>"),
])
def test_staff_pages_render_for_their_roles(cases_world, helper, who, url, text, headers):
    user = helper if who == "helper" else getattr(cases_world, who)

    response = client_for(user).get(url, headers=headers)

    assert response.status_code == 200
    if headers and url in ("/cases/window/", "/cases/queue/", "/cases/helper/"):
        assert "<html" not in html_of(response)  # htmx gets the fragment it swaps
    else:
        assert text in html_of(response) and '<html lang="zh-Hans">' in html_of(response)


@pytest.mark.parametrize(("who", "url"), [
    ("clerk", "/cases/apply/{code}/"), ("reviewer", "/cases/apply/{code}/"),
    ("citizen", "/cases/window/"), ("reviewer", "/cases/window/"), ("clerk", "/cases/helper/"),
    ("citizen", "/cases/queue/"), ("citizen", "/cases/exit/"), ("reviewer", "/cases/exit/"),
])
def test_pages_refuse_other_roles_in_chinese(cases_world, who, url):
    response = client_for(getattr(cases_world, who)).get(url.format(code=cases_world.item_code))

    assert response.status_code == 403
    assert "403 无权访问" in html_of(response)


def test_anonymous_visitors_may_track_but_not_open_cases(cases_world):
    case = submit_online(cases_world, at(2026, 3, 2))

    assert Client().get("/cases/track/").status_code == 200
    response = Client().get(f"/cases/{case.number}/")
    assert (response.status_code, response["Location"]) == (302, f"/accounts/login/?next=/cases/{case.number}/")


def test_another_citizen_gets_404_for_a_case_not_his(cases_world):
    case = submit_online(cases_world, at(2026, 3, 2))
    stranger = User.objects.create_user(username="lisi", password="x", role=Role.CITIZEN)

    response = client_for(stranger).get(f"/cases/{case.number}/")

    assert response.status_code == 404


# ------------------------------------------------------------------------ applying


def test_online_application_creates_one_case_even_when_posted_twice(cases_world):
    cw = cases_world
    client = client_for(cw.citizen)

    first = client.post(f"/cases/apply/{cw.item_code}/", online_form(cw))
    again = client.post(f"/cases/apply/{cw.item_code}/", online_form(cw))  # a double click: same key

    case = Case.objects.get()
    assert (first.status_code, first["Location"]) == (302, f"/cases/{case.number}/")
    assert (again.status_code, again["Location"]) == (302, f"/cases/{case.number}/")
    assert (case.channel, case.applicant, case.applicant_phone) == ("online", cw.citizen, "13805391234")
    assert sorted(case.materials.values_list("provision", flat=True)) == ["commitment", "shared_data", "submitted"]
    # the second click stored its copy of the file too, but only the first case took one
    assert list(CaseFile.objects.filter(case=case).values_list("original_name", flat=True)) == ["申请书.png"]


def test_online_application_without_the_required_file_shows_the_error_by_the_material(cases_world):
    cw = cases_world
    first = materials_of(cw)[0]
    data = online_form(cw)
    del data[f"m{first.id}_file"]

    response = client_for(cw.citizen).post(f"/cases/apply/{cw.item_code}/", data)

    assert response.status_code == 200
    assert (f'<p class="field-error" data-field="m{first.id}_file">请上传“申请书”，或选择其他提供方式。</p>'
            in html_of(response))
    assert Case.objects.count() == 0


def test_a_refused_upload_is_shown_by_its_material_and_no_case_is_made(cases_world):
    cw = cases_world
    first = materials_of(cw)[0]
    data = {**online_form(cw), f"m{first.id}_file": SimpleUploadedFile("申请书.exe", b"MZ\x90\x00")}

    response = client_for(cw.citizen).post(f"/cases/apply/{cw.item_code}/", data)

    assert f'data-field="m{first.id}_file">不接受可执行文件或脚本。</p>' in html_of(response)
    assert (Case.objects.count(), CaseFile.objects.count()) == (0, 0)


def test_window_intake_with_a_bad_id_number_shows_the_chinese_error_by_the_field(cases_world):
    cw = cases_world
    good = make_id_number("371302", at(1985, 7, 1).date(), 21)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")

    response = client_for(cw.clerk).post(f"/cases/window/?item={cw.item_code}", window_form(cw, applicant_code=bad))

    assert response.status_code == 200
    assert '<p class="field-error" data-field="applicant_code">身份证号码校验位错误' in html_of(response)
    assert Case.objects.count() == 0


def test_window_intake_records_the_walk_in_applicant_and_lands_on_the_case(cases_world):
    cw = cases_world

    response = client_for(cw.clerk).post(f"/cases/window/?item={cw.item_code}", window_form(cw))

    case = Case.objects.get()
    assert response["Location"] == f"/cases/{case.number}/"
    assert (case.channel, case.applicant, case.intake_clerk, case.applicant_name) == ("window", None, cw.clerk, "王五")
    page = html_of(client_for(cw.clerk).get(response["Location"]))
    assert 'data-testid="action-accept"' in page and 'data-testid="action-request_correction"' in page
    assert 'data-testid="action-reject"' not in page  # 窗口无权否决: the clerk is not even offered it


def test_helper_application_shows_both_helper_and_applicant(cases_world, helper):
    cw = cases_world

    response = client_for(helper).post(f"/cases/helper/?item={cw.item_code}", window_form(cw))

    case = Case.objects.get()
    assert (case.channel, case.helper) == ("helper", helper)
    page = html_of(client_for(helper).get(response["Location"]))
    assert '<dd data-testid="helper">bangban</dd>' in page
    assert "王五（371302********" in page


def test_window_item_search_lists_published_items(cases_world):
    response = client_for(cases_world.clerk).get("/cases/window/", {"q": "食品"}, headers=HX)

    assert f'href="/cases/window/?item={cases_world.item_code}"' in html_of(response)
    assert "<html" not in html_of(response)


# ------------------------------------------------------------------------ actions


def test_a_stale_expected_version_shows_the_409_message_and_changes_nothing(cases_world):
    cw = cases_world
    case = submit_online(cw, at(2026, 3, 2))
    step(cw.clerk, case, "accept")  # someone else accepted first: version 0 → 1

    response = client_for(cw.reviewer).post(f"/cases/{case.number}/transition/",
                                            {"action": "request_correction", "expected_version": "0",
                                             "materials": "申请书须盖章"})

    assert response.status_code == 409
    assert STALE in html_of(response) and "请刷新后重试" in html_of(response)
    case.refresh_from_db()
    assert (case.status, case.row_version) == ("accepted", 1)


def test_correction_lists_materials_one_per_line_and_the_applicant_resubmits(cases_world):
    cw = cases_world
    case = submit_online(cw, at(2026, 3, 2))
    clerk = client_for(cw.clerk)

    empty = clerk.post(f"/cases/{case.number}/transition/", {"action": "request_correction", "expected_version": "0"})
    assert empty.status_code == 422
    assert ('<p class="field-error" data-field="materials">补正须一次性列明全部需补正的材料。</p>'
            in html_of(empty))
    clerk.post(f"/cases/{case.number}/transition/", {"action": "request_correction", "expected_version": "0",
                                                     "materials": "申请书须盖章\n\n补充法定代表人身份证明\n"})
    case.refresh_from_db()
    assert case.status == "intake_correction"
    assert case.notices.get(kind="correction").body["materials"] == ["申请书须盖章", "补充法定代表人身份证明"]

    response = client_for(cw.citizen).post(f"/cases/{case.number}/transition/",
                                           {"action": "resubmit", "expected_version": "1"})

    assert response["Location"] == f"/cases/{case.number}/"
    case.refresh_from_db()
    assert case.status == "submitted"


def test_refusal_needs_a_legal_basis_shown_by_its_field(cases_world):
    cw = cases_world
    case = submit_online(cw, at(2026, 3, 2))

    response = client_for(cw.reviewer).post(f"/cases/{case.number}/transition/",
                                            {"action": "propose_rejection", "expected_version": "0", "reason": "不属于本机关职权",
                                             "confirm": "yes"})

    assert response.status_code == 422
    page = html_of(response)
    assert '<p class="field-error" data-field="legal_basis">“拟不予受理（报签发）”须写明法律依据。</p>' in page
    assert "不属于本机关职权</textarea>" in page  # what was typed is kept
    assert Case.objects.get().status == "submitted"


def test_a_window_clerk_posting_a_refusal_anyway_is_told_why(cases_world):
    cw = cases_world
    case = submit_online(cw, at(2026, 3, 2))

    response = client_for(cw.clerk).post(f"/cases/{case.number}/transition/", {
        "action": "propose_rejection", "expected_version": "0", "reason": "x", "legal_basis": "y", "confirm": "yes"})

    assert response.status_code == 403
    assert "窗口无权否决" in html_of(response)


def test_the_lead_cannot_approve_before_the_co_department_gives_its_opinion(cases_world):
    cw = cases_world
    case = submit_online(cw, at(2026, 3, 2))
    step(cw.clerk, case, "accept")
    case = step(cw.reviewer, case, "start_review")
    lead = client_for(cw.reviewer)

    pending = lead.post(f"/cases/{case.number}/transition/", {"action": "approve", "expected_version": "2"})
    assert pending.status_code == 422
    assert "并联审批未完成：区住房城乡建设局 尚未出具意见。" in html_of(pending)

    co_page = html_of(client_for(cw.housing_reviewer).get(f"/cases/{case.number}/"))
    assert 'data-testid="task-form"' in co_page and 'data-testid="action-approve"' not in co_page
    opinion = client_for(cw.housing_reviewer).post(f"/cases/{case.number}/task/",
                                                   {"approve": "yes", "opinion": "符合规划", "expected_version": "2"})
    assert opinion["Location"] == f"/cases/{case.number}/"

    approved = lead.post(f"/cases/{case.number}/transition/", {"action": "approve", "expected_version": "2"})
    assert approved.status_code == 302
    assert Case.objects.get().status == "approved"


def test_pickup_at_the_exit_window_returns_to_the_exit_window(cases_world):
    cw = cases_world
    case = submit_online(cw, at(2026, 3, 2))
    step(cw.clerk, case, "accept")
    step(cw.reviewer, case, "start_review")
    services.complete_task(actor=cw.housing_reviewer, case_number=case.number, approve=True, opinion="",
                           now=at(2026, 3, 2))
    step(cw.reviewer, case, "approve")
    case = step(cw.reviewer, case, "issue_result")
    clerk = client_for(cw.clerk)
    assert f'data-number="{case.number}"' in html_of(clerk.get("/cases/exit/"))

    response = clerk.post(f"/cases/{case.number}/pickup/", {
        "expected_version": str(case.row_version), "collector_kind": "self", "collector_name": cw.citizen.real_name,
        "id_type": "resident_id", "collector_id_number": cw.citizen.id_number, "id_checked": "on"})

    assert response["Location"] == "/cases/exit/"
    assert Case.objects.get().status == "completed"
    assert "已办结" in html_of(client_for(cw.citizen).get(f"/cases/{case.number}/"))


# ------------------------------------------------------------------------ queue and tracking


def test_queue_tabs_swap_only_the_table_for_htmx(cases_world):
    cw = cases_world
    waiting = submit_online(cw, at(2026, 3, 2))
    clerk = client_for(cw.clerk)

    full = clerk.get("/cases/queue/?name=waiting")
    fragment = clerk.get("/cases/queue/?name=waiting", headers=HX)

    assert '<html lang="zh-Hans">' in html_of(full)
    assert "<html" not in html_of(fragment) and "<body" not in html_of(fragment)
    assert f'data-number="{waiting.number}"' in html_of(fragment)
    assert 'id="queue-tabs"' in html_of(fragment) and 'hx-swap-oob="true"' in html_of(fragment)
    assert "HX-Request" in fragment["Vary"]
    assert f'data-number="{waiting.number}"' not in html_of(clerk.get("/cases/queue/?name=in_progress", headers=HX))


def test_queue_more_link_appends_the_next_keyset_page(cases_world, monkeypatch):
    from tongban.cases.views import staff as views_staff

    cw = cases_world
    monkeypatch.setattr(views_staff, "QUEUE_PAGE", 1)
    first, second = submit_online(cw, at(2026, 3, 2)), submit_online(cw, at(2026, 3, 2))
    clerk = client_for(cw.clerk)

    page_one = html_of(clerk.get("/cases/queue/?name=waiting"))
    more = re.search(r'hx-get="([^"]+)"[^>]*>更多', page_one).group(1).replace("&amp;", "&")
    page_two = html_of(clerk.get(more, headers=HX))

    assert f'data-number="{first.number}"' in page_one and f'data-number="{second.number}"' not in page_one
    assert f'data-number="{second.number}"' in page_two and "<table" not in page_two


def test_public_tracking_shows_progress_without_personal_data(cases_world):
    cache.clear()
    cw = cases_world
    case = submit_online(cw, at(2026, 3, 2))

    found = Client().post("/cases/track/", {"number": case.number, "last_four": "1234"})
    wrong = Client().post("/cases/track/", {"number": case.number, "last_four": "0000"})

    assert '<strong data-testid="track-status">待受理</strong>' in html_of(found)
    assert "张三" not in html_of(found)
    assert "未查到该办件" in html_of(wrong) and 'data-testid="track-result"' not in html_of(wrong)


def test_the_same_form_changed_and_posted_again_gets_a_new_key_instead_of_an_error_loop(cases_world):
    cw = cases_world
    client = client_for(cw.citizen)
    client.post(f"/cases/apply/{cw.item_code}/", online_form(cw))

    response = client.post(f"/cases/apply/{cw.item_code}/", {**online_form(cw), "phone": "13900000000"})

    assert response.status_code == 200
    assert "此申请表已经提交过，但内容与上次不同" in html_of(response)
    assert 'name="idempotency_key" value="key-1"' not in html_of(response)
    assert Case.objects.count() == 1


def test_special_procedures_offered_are_those_of_the_item(cases_world):
    cw = cases_world
    case = submit_online(cw, at(2026, 3, 2))
    step(cw.clerk, case, "accept")
    step(cw.reviewer, case, "start_review")
    reviewer = client_for(cw.reviewer)

    page = html_of(reviewer.get(f"/cases/{case.number}/"))
    response = reviewer.post(f"/cases/{case.number}/transition/", {
        "action": "start_special_procedure", "expected_version": "2", "procedure": "site_inspection",
        "reason": "核查经营场所"})

    assert '<option value="site_inspection">现场勘验（最长 10 个工作日）</option>' in page
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.is_paused, case.pauses.get().procedure) == ("special_procedure", True, "site_inspection")
    assert "特别程序中" in html_of(reviewer.get(f"/cases/{case.number}/"))


def test_my_cases_more_appends_rows_for_htmx(cases_world, monkeypatch):
    from tongban.cases.views import applicant as views_applicant

    cw = cases_world
    monkeypatch.setattr(views_applicant, "MY_CASES_PAGE", 1)
    older, newer = submit_online(cw, at(2026, 3, 2)), submit_online(cw, at(2026, 3, 3))
    client = client_for(cw.citizen)

    first = html_of(client.get("/cases/mine/"))
    more = client.get(f"/cases/mine/?after={newer.id}", headers=HX)

    assert newer.number in first and older.number not in first and "更多" in first
    assert older.number in html_of(more) and "<table" not in html_of(more)
