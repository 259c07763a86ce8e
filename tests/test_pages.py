"""Pages render in Chinese for the roles that may open them, with personal data masked."""

import json
import re

import pytest
from django.test import Client

from tongban.accounts.constants import Role
from tongban.demo.district import DEMO_PASSWORD
from tongban.accounts.models import User
from tongban.portal.views import server_error

from .conftest import PERSONAS, STAFF_PERSONAS

HX = {"HX-Request": "true"}
ROW_USERNAME = re.compile(r"<tr>\s*<td>([^<]+)</td>")


def page(response) -> str:
    assert response["Content-Type"] == "text/html; charset=utf-8"
    html = response.content.decode()
    assert '<html lang="zh-Hans">' in html
    return html


def masked_id(number: str) -> str:
    return number[:6] + "*" * 8 + number[-4:]


@pytest.mark.parametrize("headers", [{}, HX], ids=["full_page", "htmx"])
@pytest.mark.parametrize(
    ("url", "persona", "heading"),
    [
        ("/", None, "<h1>兰山区政务服务网 · 一网通办</h1>"),
        ("/accounts/login/", None, "<h1>用户登录</h1>"),
        ("/accounts/register/", None, "<h1>个人实名注册</h1>"),
        ("/accounts/profile/", "zhangsan", "<h1>个人中心</h1>"),
        ("/accounts/profile/", "qiye", "<h1>个人中心</h1>"),
        ("/accounts/staff/", "admin", "<h1>人员管理</h1>"),
        ("/audit/", "zhuren", "<h1>审计日志</h1>"),
        ("/calendar/", "admin", "<h1>工作日历</h1>"),
    ],
)
def test_page_renders_in_chinese(url, persona, heading, headers, client_as) -> None:
    # given a visitor the page admits
    client = client_as(persona) if persona else Client()

    # when the page is opened
    response = client.get(url, headers=headers)

    # then it renders with its Chinese heading
    assert response.status_code == 200
    assert heading in page(response)


def test_home_for_an_anonymous_visitor(demo) -> None:
    html = page(Client().get("/"))

    assert 'data-testid="my-home"' not in html
    assert '<a href="/accounts/login/">登录</a>' in html
    assert '<span class="tag">区市场监管局</span>' in html
    assert "<td>兰山区政务服务中心</td>" in html


def test_home_for_a_citizen_shows_only_masked_personal_data(client_as, user) -> None:
    # given 张三 signed in
    zhangsan = user("zhangsan")

    # when he opens the portal home
    html = page(client_as("zhangsan").get("/"))

    # then his home greets him and shows his ID number and phone masked, never in full
    assert "<h2>我的主页</h2>" in html
    assert f"张三，您好！证件号码：{masked_id(zhangsan.id_number)}" in html
    assert "手机：138****1234" in html
    assert zhangsan.id_number not in html
    assert zhangsan.phone not in html
    assert '<span data-testid="current-user">张三（申请人（个人））</span>' in html


@pytest.mark.parametrize("persona", STAFF_PERSONAS)
def test_workbench_shows_the_role_title(persona, client_as) -> None:
    # when a member of staff opens the workbench
    html = page(client_as(persona).get("/workbench/"))

    # then its title names the role
    title = f"{Role(PERSONAS[persona]).label}工作台"
    assert f'<h1 data-testid="workbench-title">{title}</h1>' in html


@pytest.mark.parametrize(
    ("persona", "shown", "hidden"),
    [
        ("kezhang", ["人员管理"], ["审计日志", "工作日历"]),
        ("shenpi", [], ["人员管理", "审计日志", "工作日历"]),
        ("zhuren", ["人员管理", "审计日志"], ["工作日历"]),
        ("admin", ["人员管理", "审计日志", "工作日历"], []),
    ],
)
def test_workbench_menu_follows_the_access_rules(persona, shown, hidden, client_as) -> None:
    html = page(client_as(persona).get("/workbench/"))
    nav = html[html.index('<nav aria-label="主导航">') : html.index("</nav>")]

    assert [label for label in shown if f">{label}</a>" in nav] == shown
    assert [label for label in hidden if f">{label}</a>" in nav] == []


def test_staff_list_of_a_department_head_shows_only_his_department(client_as) -> None:
    # when the 区市场监管局 head opens the staff list
    html = page(client_as("kezhang").get("/accounts/staff/"))

    # then exactly the staff of his department are listed
    expected = set(
        User.objects.filter(department__name="区市场监管局").values_list("username", flat=True)
    )
    assert expected >= {"shenpi", "kezhang", "jiancha"}
    assert set(ROW_USERNAME.findall(html)) == expected
    assert "区住房城乡建设局" not in html
    assert "<td>152****0202</td>" in html  # phones masked


@pytest.mark.parametrize("persona", ["kezhang", "admin"])
def test_staff_list_query_count_does_not_grow_with_rows(
    persona, client_as, django_assert_num_queries
) -> None:
    # given a head who sees 3 rows, or the admin who sees every member of staff
    client = client_as(persona)

    # when the staff list is opened, then it takes session, user, count and page: 4 queries
    with django_assert_num_queries(4):
        response = client.get("/accounts/staff/")
    assert response.status_code == 200


def test_403_page_in_chinese_for_a_citizen_on_the_workbench(client_as) -> None:
    response = client_as("zhangsan").get("/workbench/")

    assert response.status_code == 403
    html = page(response)
    assert "<h1>403 无权访问</h1><p>您无权访问此页面。</p>" in html


def test_anonymous_visitor_is_sent_to_login_from_the_workbench(demo) -> None:
    response = Client().get("/workbench/")

    assert (response.status_code, response["Location"]) == (
        302,
        "/accounts/login/?next=/workbench/",
    )


@pytest.mark.parametrize("persona", [None, "zhangsan"], ids=["anonymous", "signed_in"])
def test_404_page_in_chinese_for_an_unknown_url(persona, client_as) -> None:
    client = client_as(persona) if persona else Client()

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "<h1>404 页面不存在</h1><p>您访问的页面不存在或已被移除。</p>" in page(response)


def test_500_page_in_chinese(rf) -> None:
    # when the server error handler answers a page request
    response = server_error(rf.get("/workbench/"))

    # then the page is in Chinese and points to the 12345 hotline
    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="zh-Hans">' in html
    assert "<h1>500 服务器内部错误</h1>" in html
    assert "12345 政务服务便民热线" in html


def test_500_under_the_api_is_problem_json(rf) -> None:
    response = server_error(rf.get("/api/v1/me"))

    assert (response.status_code, response["Content-Type"]) == (500, "application/problem+json")
    assert json.loads(response.content)["code"] == "server.error"


def test_login_with_a_wrong_password_shows_the_error_on_the_form(demo) -> None:
    # when someone signs in with a wrong password
    client = Client()
    response = client.post("/accounts/login/", {"username": "zhangsan", "password": "Wrong#2026x"})

    # then the form is shown again with the error, and nobody is signed in
    assert response.status_code == 200
    assert '<ul class="errorlist" role="alert"><li>用户名或密码错误。</li></ul>' in page(response)
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("persona", "landing"), [("zhangsan", "/"), ("qiye", "/"), ("shouli", "/workbench/")]
)
def test_login_lands_the_public_on_home_and_staff_on_the_workbench(persona, landing, user) -> None:
    client = Client()

    response = client.post("/accounts/login/", {"username": persona, "password": DEMO_PASSWORD})

    assert (response.status_code, response["Location"]) == (302, landing)
    assert client.session["_auth_user_id"] == str(user(persona).pk)


def registration(**overrides) -> dict:
    return {
        "username": "wangwu",
        "real_name": "王五",
        "id_number": "370302199001011232",
        "phone": "13812345678",
        "password": "Tongban#2026",
        "password_again": "Tongban#2026",
        **overrides,
    }


@pytest.mark.parametrize(
    ("id_number", "message"),
    [
        ("370302199001011233", "身份证号码校验位错误"),
        ("370302199002301232", "身份证号码出生日期无效"),
    ],
    ids=["bad_check_digit", "february_30"],
)
def test_registration_with_a_bad_id_number_shows_the_error_by_the_field(
    id_number, message, demo
) -> None:
    # given the number of users before
    users = User.objects.count()

    # when a citizen registers with an invalid 居民身份证号
    response = Client().post("/accounts/register/", registration(id_number=id_number))

    # then the Chinese message stands next to the id_number field and no user was created
    assert response.status_code == 200
    assert f'<p class="field-error" data-field="id_number">{message}</p>' in page(response)
    assert User.objects.count() == users


def test_registration_with_a_valid_id_number_signs_the_citizen_in(demo) -> None:
    client = Client()

    response = client.post("/accounts/register/", registration(), follow=True)

    assert response.redirect_chain == [("/", 302)]
    html = page(response)
    assert "注册成功，欢迎使用通办。" in html
    assert "王五，您好！证件号码：370302********1232" in html
    assert client.session["_auth_user_id"] == str(User.objects.get(username="wangwu").pk)
