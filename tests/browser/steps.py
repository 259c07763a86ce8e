"""Steps of a case as its people take them in the browser, for walks that go further (sign-off,
pickup, rating) to reuse. Each step starts by signing in as whoever takes it."""

from datetime import date, timedelta
from urllib.parse import urljoin

from playwright.sync_api import Page, expect

from .personas import sign_in


def upload(name: str, data: bytes, mime: str) -> dict:
    return {"name": name, "mimeType": mime, "buffer": data}


def expect_status(page: Page, label: str) -> None:
    expect(page.get_by_test_id("case-status")).to_have_text(label)


def open_case(page: Page, base_url: str, number: str) -> None:
    """From 我的办件 (applicants) or the 待受理/办理中 queue (staff), by the case number's link."""
    page.goto(f"{base_url}/cases/{number}/")
    expect(page.get_by_test_id("case-number")).to_have_text(number)


def open_from_queue(page: Page, base_url: str, number: str, tab: str = "") -> None:
    """Staff: the case's row in one tab of their queue (待受理 waiting, 办理中 in_progress, 待签发
    sign_off, 待出件 results; the role's default tab without `tab`), then its number's link."""
    page.goto(f"{base_url}/cases/queue/" + (f"?name={tab}" if tab else ""))
    page.get_by_test_id("queue-row").filter(has_text=number).get_by_role("link", name=number).click()
    expect(page.get_by_test_id("case-number")).to_have_text(number)


def act(page: Page, action: str, **fields: str) -> None:
    """Fill one action form on the case page and submit it; a destructive step (不予, 终止, 撤回 …)
    is confirmed by its checkbox, as its page asks."""
    form = page.get_by_test_id(f"action-{action}")
    for label, value in fields.items():
        form.get_by_label(label).fill(value)
    confirm = form.locator('input[name="confirm"]')
    if confirm.count():
        confirm.check()
    form.locator("button[type=submit]").click()


def expect_no_action(page: Page, *actions: str) -> None:
    """The case page offers none of `actions` to whoever is looking."""
    for action in actions:
        expect(page.get_by_test_id(f"action-{action}")).to_have_count(0)


def apply_online(page: Page, base_url: str, username: str, item_code: str, *, files: dict[str, dict],
                 provisions: dict[str, str] | None = None, waiver_due: date | None = None) -> str:
    """网上申办: upload `files` (material name → upload()), choose `provisions` (material name →
    the choice's label) for the rest, sign, submit; the new case's number."""
    sign_in(page, base_url, username)
    page.goto(f"{base_url}/cases/apply/{item_code}/")
    for material, file in files.items():
        page.get_by_label(f"上传{material}").set_input_files(file)
        # a material the applicant's electronic licence covers comes preselected (免证办): uploading
        # a file anyway means choosing "上传文件", as a person would
        submitted = page.get_by_test_id("material").filter(has_text=material).get_by_label("上传文件", exact=True)
        if submitted.count():
            submitted.check()
    for material, label in (provisions or {}).items():
        page.get_by_test_id("material").filter(has_text=material).get_by_label(label).check()
    if waiver_due is not None:
        page.get_by_label("容缺材料承诺补交日期").fill(waiver_due.isoformat())
    page.get_by_role("button", name="提交申请").click()
    expect_status(page, "待受理")
    return page.get_by_test_id("case-number").inner_text()


def a_few_days_ahead(today: date) -> date:
    """A 容缺 date the rule allows: the next working day but one, skipping the weekend."""
    day = today + timedelta(days=2)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def ask_for_correction(page: Page, base_url: str, username: str, number: str, materials: list[str]) -> None:
    """一次性告知补正, listing every material at once."""
    sign_in(page, base_url, username)
    open_case(page, base_url, number)
    act(page, "request_correction", **{"需补正的材料（每行一项，一次性告知）": "\n".join(materials)})
    expect_status(page, "待补正")


def resubmit_with_files(page: Page, base_url: str, username: str, number: str, files: dict[str, dict]) -> None:
    """补正后重新提交, uploading a file for each material named in `files`."""
    sign_in(page, base_url, username)
    open_case(page, base_url, number)
    form = page.get_by_test_id("action-resubmit")
    for material, file in files.items():
        form.get_by_test_id("hand-in").filter(has_text=material).locator('input[type="file"]').set_input_files(file)
    form.get_by_role("button", name="补正后重新提交").click()
    expect(page.locator(".messages")).to_contain_text("已补正并重新提交")


def open_material(page: Page, material: str) -> tuple[str, bytes]:
    """The file a material's link opens in the browser (content type, content), with the
    viewer's session, as the new tab would load it."""
    link = page.get_by_test_id("case-material").filter(has_text=material).get_by_test_id("open-file")
    expect(link).to_have_attribute("target", "_blank")
    response = page.request.get(urljoin(page.url, link.get_attribute("href")))
    assert response.ok, response.status
    assert response.headers["x-content-type-options"] == "nosniff"
    return response.headers["content-type"], response.body()


def download_material(page: Page, material: str) -> tuple[str, bytes]:
    """Save a material's file through its 下载 link: (suggested file name, content)."""
    with page.expect_download() as event:
        page.get_by_test_id("case-material").filter(has_text=material).get_by_test_id("download-file").click()
    download = event.value
    with open(download.path(), "rb") as saved:
        return download.suggested_filename, saved.read()


def accept(page: Page) -> None:
    act(page, "accept")
    expect_status(page, "已受理")


def pick_up(page: Page, base_url: str, username: str, number: str, *, collector: str, id_number: str) -> None:
    """领取 at the exit window: the case's row on 综合窗口出件, its 领取（核验身份） page, the
    applicant collecting in person with the ID card checked."""
    sign_in(page, base_url, username)
    page.goto(f"{base_url}/cases/exit/")
    page.locator(f'tr[data-number="{number}"]').get_by_role("link", name="领取（核验身份）").click()
    fill_pickup(page, collector=collector, id_number=id_number, checked=True)
    expect(page).to_have_url(f"{base_url}/cases/exit/")
    expect(page.locator(".messages")).to_contain_text(f"办件 {number} 的结果已领取")


def fill_pickup(page: Page, *, collector: str, id_number: str, checked: bool) -> None:
    """Fill the pickup form for the applicant in person and submit it."""
    form = page.get_by_test_id("pickup-form")
    form.get_by_label("申请人本人").check()
    form.get_by_label("领取人姓名").fill(collector)
    form.get_by_label("证件号码").fill(id_number)
    form.get_by_label("已核验证件原件，人证相符").set_checked(checked)
    form.get_by_role("button", name="核验无误，确认领取").click()
