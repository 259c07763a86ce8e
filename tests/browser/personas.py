"""Signing in as a demo persona, shared by the browser tests."""

from playwright.sync_api import Page, expect

from tongban.demo.district import DEMO_PASSWORD


def sign_in(page: Page, base_url: str, username: str) -> None:
    """Start a fresh session as `username` through the real login form."""
    page.context.clear_cookies()
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("用户名", exact=True).fill(username)
    page.get_by_label("密码", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_test_id("current-user")).to_be_visible()
