"""登录、注册、退出 — the sign-in paths a citizen and a window clerk take, in a real browser."""

import re
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from tongban.demo.district import DEMO_PASSWORD
from tongban.accounts.models import User
from tongban.core.checkdigits import InvalidIdNumber, make_id_number, validate_id_number
from tongban.core.masking import mask_id_number

pytestmark = pytest.mark.browser

WRONG_PASSWORD = "Wrong#2026x"


def log_in(page: Page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("用户名", exact=True).fill(username)
    page.get_by_label("密码", exact=True).fill(password)
    page.get_by_role("button", name="登录").click()


def header(page: Page):
    return page.locator("header.site")


def test_citizen_login_lands_on_home_with_masked_id_number(page: Page, demo_site: str) -> None:
    # given the demo citizen 张三
    zhangsan = User.objects.get(username="zhangsan")
    assert len(zhangsan.id_number) == 18

    # when he signs in through the login form
    log_in(page, demo_site, "zhangsan", DEMO_PASSWORD)

    # then he is on the portal home, greeted by name, with only the masked ID number shown
    expect(page).to_have_url(f"{demo_site}/")
    my_home = page.get_by_test_id("my-home")
    expect(my_home.get_by_role("heading", name="我的主页")).to_be_visible()
    expect(my_home).to_contain_text("张三，您好！")
    expect(my_home).to_contain_text(f"证件号码：{mask_id_number(zhangsan.id_number)}")
    expect(header(page).get_by_test_id("current-user")).to_have_text("张三（申请人（个人））")
    assert zhangsan.id_number not in page.content()


def test_intake_clerk_login_lands_on_workbench(page: Page, demo_site: str) -> None:
    # when the intake clerk 王芳 signs in
    log_in(page, demo_site, "shouli", DEMO_PASSWORD)

    # then she is on her workbench with the 综合窗口受理 task
    expect(page).to_have_url(f"{demo_site}/workbench/")
    expect(page.get_by_test_id("workbench-title")).to_have_text("综合窗口受理人员工作台")
    expect(
        page.get_by_role("heading", level=2, name=re.compile(r"^综合窗口受理"))
    ).to_be_visible()
    expect(header(page).get_by_test_id("current-user")).to_contain_text("王芳")


def test_wrong_password_then_lockout_after_five_failures(page: Page, demo_site: str) -> None:
    # when the citizen types a wrong password
    log_in(page, demo_site, "zhangsan", WRONG_PASSWORD)

    # then the login page says so, without saying which part was wrong
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    expect(page.get_by_role("alert")).to_have_text("用户名或密码错误。")
    expect(header(page).get_by_role("link", name="登录", exact=True)).to_be_visible()

    # when four more wrong passwords follow (five in a row) and then the right one
    for _ in range(4):
        log_in(page, demo_site, "zhangsan", WRONG_PASSWORD)
        expect(page.get_by_role("alert")).to_have_text("用户名或密码错误。")
    log_in(page, demo_site, "zhangsan", DEMO_PASSWORD)

    # then the account is locked and he is still signed out
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    expect(page.get_by_role("alert")).to_contain_text("已锁定")
    expect(page.get_by_test_id("current-user")).to_have_count(0)


def test_citizen_on_workbench_sees_chinese_403_page(page: Page, demo_site: str) -> None:
    # given the citizen is signed in
    log_in(page, demo_site, "zhangsan", DEMO_PASSWORD)
    expect(page.get_by_test_id("my-home")).to_be_visible()

    # when he opens the staff workbench
    response = page.goto(f"{demo_site}/workbench/")

    # then he gets the Chinese 403 page
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("403 无权访问")
    expect(page.locator("main")).to_contain_text("您无权访问此页面。")
    expect(page.get_by_test_id("workbench-title")).to_have_count(0)


def fill_registration(page: Page, *, username: str, id_number: str, password: str) -> None:
    page.get_by_label("用户名", exact=True).fill(username)
    page.get_by_label("姓名", exact=True).fill("赵六")
    page.get_by_label("居民身份证号码", exact=True).fill(id_number)
    page.get_by_label("手机号码", exact=True).fill("13912345678")
    page.get_by_label("密码", exact=True).fill(password)
    page.get_by_label("确认密码", exact=True).fill(password)
    page.get_by_role("button", name="注册").click()


def test_registration_rejects_bad_check_digit_then_signs_in(page: Page, demo_site: str) -> None:
    bad_id_number = "370302199001011233"  # the check digit of 37030219900101123 is 2
    with pytest.raises(InvalidIdNumber) as bad:
        validate_id_number(bad_id_number)
    good_id_number = make_id_number("371302", date(1996, 3, 14), 457)
    password = "Qingshan#2026"

    # when a visitor registers with a wrong check digit
    page.goto(f"{demo_site}/accounts/register/")
    fill_registration(page, username="zhaoliu", id_number=bad_id_number, password=password)

    # then the Chinese error sits right after the ID number field and no account exists
    expect(page).to_have_url(re.compile(r"/accounts/register/$"))
    id_field = page.get_by_label("居民身份证号码", exact=True)
    error = id_field.locator("xpath=following-sibling::*[1]")
    expect(error).to_have_text(bad.value.message)
    expect(error).to_have_attribute("data-field", "id_number")
    expect(page.locator(".field-error")).to_have_count(1)
    assert not User.objects.filter(username="zhaoliu").exists()

    # when the visitor corrects the number
    fill_registration(page, username="zhaoliu", id_number=good_id_number, password=password)

    # then the new citizen is signed in on the home page
    expect(page).to_have_url(f"{demo_site}/")
    expect(page.locator(".messages")).to_contain_text("注册成功")
    expect(page.get_by_test_id("my-home")).to_contain_text("赵六，您好！")
    expect(header(page).get_by_test_id("current-user")).to_have_text("赵六（申请人（个人））")
    assert good_id_number not in page.content()
    assert User.objects.get(username="zhaoliu").id_number == good_id_number


def test_logout_shows_login_link_again(page: Page, demo_site: str) -> None:
    # given the citizen is signed in
    log_in(page, demo_site, "zhangsan", DEMO_PASSWORD)
    expect(header(page).get_by_test_id("current-user")).to_be_visible()

    # when he clicks 退出
    header(page).get_by_role("button", name="退出").click()

    # then the header offers 登录 again and the personal card is gone
    expect(page).to_have_url(f"{demo_site}/")
    expect(header(page).get_by_role("link", name="登录", exact=True)).to_be_visible()
    expect(page.get_by_test_id("current-user")).to_have_count(0)
    expect(page.get_by_test_id("my-home")).to_have_count(0)
