"""登录锁定 — LOGIN_MAX_FAILURES wrong passwords in a row lock an account for
LOGIN_LOCKOUT_MINUTES; a department head, supervisor or admin may lift it early."""

import re
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.hashers import MD5PasswordHasher
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

from tongban.accounts.errors import LoginError
from tongban.accounts.models import ApiToken, User
from tongban.accounts.services import login_with_lockout, register_citizen, unlock_staff
from tongban.audit.models import AuditEntry
from tongban.core.errors import DomainError, NotFound
from tongban.demo.district import DEMO_PASSWORD, load_demo_district

T0 = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)  # 14:00 in 兰山区 (UTC+8)
WRONG = "Wrong#2026x"
INVALID = ("auth.invalid_credentials", "用户名或密码错误。")
LOCKED_AT_1415 = "连续登录失败次数过多，账户已锁定，请于 14:15 后再试，或联系管理员解锁。"
CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def district(db) -> None:
    """The demo personas: already loaded when tests/ ran first, else loaded in this test."""
    if not User.objects.filter(username="kezhang").exists():
        load_demo_district()


@pytest.fixture
def rules(settings, district):
    settings.LOGIN_MAX_FAILURES = 5
    settings.LOGIN_LOCKOUT_MINUTES = 15
    return settings


def fail(username: str, times: int, *, now: datetime) -> None:
    """`times` wrong passwords, each refused with the ordinary message."""
    for _ in range(times):
        with pytest.raises(LoginError) as refused:
            login_with_lockout(username, WRONG, now=now)
        assert (refused.value.code, refused.value.message) == INVALID


def account(username: str) -> User:
    return User.objects.get(username=username)


def audit_of(user: User, action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(stream=f"accounts.user:{user.pk}", action=action))


# --------------------------------------------------------------------------- the service


@pytest.mark.parametrize(("_case", "failures"), [("no_failure", 0), ("one_below_limit", 4)])
def test_right_password_below_the_limit_logs_in_and_resets_the_counter(
    _case, failures, rules
) -> None:
    # given some failures, fewer than the limit
    fail("shenpi", failures, now=T0)
    assert account("shenpi").failed_login_count == failures

    # when the right password follows
    user = login_with_lockout("shenpi", DEMO_PASSWORD, now=T0 + timedelta(seconds=30))

    # then he is in and the count starts again
    assert user.username == "shenpi"
    assert (account("shenpi").failed_login_count, account("shenpi").locked_until) == (0, None)


def test_the_failure_at_the_limit_locks_the_account(rules) -> None:
    # when the fifth wrong password in a row is entered (still the ordinary message)
    fail("shenpi", 5, now=T0)

    # then the account is locked for 15 minutes and the counter starts again
    shenpi = account("shenpi")
    assert (shenpi.locked_until, shenpi.failed_login_count) == (T0 + timedelta(minutes=15), 0)

    # and even the right password is refused, with the local time the lock ends
    with pytest.raises(LoginError) as refused:
        login_with_lockout("shenpi", DEMO_PASSWORD, now=T0 + timedelta(minutes=1))
    assert (refused.value.code, refused.value.message, refused.value.status) == (
        "auth.locked",
        LOCKED_AT_1415,
        401,
    )


@pytest.mark.parametrize(
    ("_case", "elapsed", "opens"),
    [
        ("14:59_still_locked", timedelta(minutes=14, seconds=59), False),
        ("15:00_open_again", timedelta(minutes=15), True),
    ],
)
def test_the_lock_ends_after_lockout_minutes(_case, elapsed, opens, rules) -> None:
    # given a lock taken at T0
    fail("shenpi", 5, now=T0)

    # when the right password is entered `elapsed` later
    try:
        login_with_lockout("shenpi", DEMO_PASSWORD, now=T0 + elapsed)
    except LoginError as error:
        outcome = error.code
    else:
        outcome = "logged_in"

    # then the lock holds up to, and not including, the 15th minute
    assert outcome == ("logged_in" if opens else "auth.locked")


@pytest.mark.parametrize(
    ("_case", "limit", "failures", "locks"),
    [("limit_3_two_failures", 3, 2, False), ("limit_3_three_failures", 3, 3, True)],
)
def test_the_limit_comes_from_the_setting(_case, limit, failures, locks, rules) -> None:
    # given a district that allows only 3 failures
    rules.LOGIN_MAX_FAILURES = limit

    # when `failures` wrong passwords are entered
    fail("shenpi", failures, now=T0)

    # then the account locks exactly at the limit
    assert (account("shenpi").locked_until is not None) == locks


@pytest.mark.parametrize("username", ["nobody", "zhangsan"], ids=["unknown_user", "wrong_password"])
def test_unknown_usernames_get_the_same_message_as_wrong_passwords(username, rules) -> None:
    with pytest.raises(LoginError) as refused:
        login_with_lockout(username, WRONG, now=T0)

    assert (refused.value.code, refused.value.message, refused.value.status) == (*INVALID, 401)


def test_an_unknown_username_never_reports_a_lock(rules) -> None:
    # when an unknown name is tried twice the limit
    fail("nobody", 10, now=T0)

    # then it is never reported as locked (which would reveal that it exists) and nothing is logged
    assert not AuditEntry.objects.filter(action="account.locked").exists()


def test_a_lock_is_audited_once(rules) -> None:
    # given a locked account that is tried again while locked
    fail("shenpi", 5, now=T0)
    for password in (WRONG, DEMO_PASSWORD):
        with pytest.raises(LoginError):
            login_with_lockout("shenpi", password, now=T0 + timedelta(minutes=5))

    # then the log holds exactly one account.locked entry, written by the system
    shenpi = account("shenpi")
    [entry] = audit_of(shenpi, "account.locked")
    assert (entry.actor, entry.actor_label, entry.created_at) == (None, "系统", T0)
    assert entry.after == {"locked_until": (T0 + timedelta(minutes=15)).isoformat()}


def test_department_head_unlocks_staff_of_his_department(rules) -> None:
    # given a locked 区市场监管局 reviewer
    fail("shenpi", 5, now=T0)
    kezhang = account("kezhang")

    # when his head unlocks him two minutes later
    staff = unlock_staff(
        actor=kezhang, staff_id=account("shenpi").pk, now=T0 + timedelta(minutes=2)
    )

    # then the lock is gone, he can sign in at once, and the unlock is audited
    assert (staff.locked_until, account("shenpi").locked_until) == (None, None)
    assert (
        login_with_lockout("shenpi", DEMO_PASSWORD, now=T0 + timedelta(minutes=3)).username
        == "shenpi"
    )
    [entry] = audit_of(staff, "account.unlocked")
    assert (entry.actor, entry.created_at) == (kezhang, T0 + timedelta(minutes=2))
    assert entry.before == {"locked_until": (T0 + timedelta(minutes=15)).isoformat()}
    assert entry.after == {"locked_until": None}


def test_department_head_cannot_unlock_another_department(rules) -> None:
    # given a locked 住建局 reviewer
    fail("shenpi_zj", 5, now=T0)
    entries = AuditEntry.objects.count()

    # when the 市场监管局 head tries to unlock him
    with pytest.raises(NotFound) as refused:
        unlock_staff(actor=account("kezhang"), staff_id=account("shenpi_zj").pk, now=T0)

    # then he is not found, still locked, and nothing was logged
    assert refused.value.code == "staff.not_found"
    assert account("shenpi_zj").locked_until == T0 + timedelta(minutes=15)
    assert AuditEntry.objects.count() == entries


def test_an_expired_lock_is_not_reported_as_locked(rules) -> None:
    # given a lock that ended 45 minutes ago
    fail("shenpi", 5, now=timezone.now() - timedelta(hours=1))
    client = Client()
    client.force_login(account("kezhang"))

    # when the head looks the reviewer up
    response = client.get(f"/api/v1/staff/{account('shenpi').pk}")

    # then he is shown as not locked, as on the staff page
    assert response.status_code == 200
    assert response.json()["is_locked"] is False


# --------------------------------------------------------------------------- page and API


def test_login_page_reports_the_lock_by_the_form(rules) -> None:
    client = Client()
    # given five wrong passwords through the login form, each answered with the usual error
    for _ in range(5):
        response = client.post("/accounts/login/", {"username": "shenpi", "password": WRONG})
        assert '<ul class="errorlist" role="alert"><li>用户名或密码错误。</li></ul>' in (
            response.content.decode()
        )

    # when the right password is entered
    response = client.post("/accounts/login/", {"username": "shenpi", "password": DEMO_PASSWORD})

    # then the form shows the lock message and nobody is signed in
    until = timezone.localtime(account("shenpi").locked_until)
    message = f"连续登录失败次数过多，账户已锁定，请于 {until:%H:%M} 后再试，或联系管理员解锁。"
    assert response.status_code == 200
    assert (
        f'<ul class="errorlist" role="alert"><li>{message}</li></ul>' in response.content.decode()
    )
    assert "_auth_user_id" not in client.session


def test_token_endpoint_reports_the_lock_as_problem_json(rules) -> None:
    def token(password: str):
        return Client().post(
            "/api/v1/auth/tokens",
            {"username": "shenpi", "password": password},
            content_type="application/json",
        )

    # given five wrong passwords, each a 401 with the usual message
    for _ in range(5):
        response = token(WRONG)
        assert (response.status_code, response.json()["code"], response.json()["detail"]) == (
            401,
            *INVALID,
        )

    # when the right password is sent
    response = token(DEMO_PASSWORD)

    # then it is refused as locked and no token was issued
    until = timezone.localtime(account("shenpi").locked_until)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json() == {
        "type": "https://tongban.example/problems/auth.locked",
        "title": "需要登录",
        "status": 401,
        "code": "auth.locked",
        "detail": f"连续登录失败次数过多，账户已锁定，请于 {until:%H:%M} 后再试，或联系管理员解锁。",
    }
    assert not ApiToken.objects.filter(user__username="shenpi").exists()


# --------------------------------------------------------------------------- password rules


def register(password: str) -> User:
    return register_citizen(
        username="wangwu",
        password=password,
        real_name="王五",
        id_number="370302199001011232",
        phone="13812345678",
        now=T0,
    )


@pytest.mark.parametrize(
    ("password", "messages"),
    [
        (
            "abcdefgh",
            ["这个密码太常见了。", "密码须包含大写字母、小写字母、数字、特殊字符中的至少三类。"],
        ),
        ("xqzvbnm7", ["密码须包含大写字母、小写字母、数字、特殊字符中的至少三类。"]),
    ],
    ids=["one_class_and_common", "two_classes"],
)
def test_weak_passwords_are_refused(password, messages, district) -> None:
    with pytest.raises(DomainError) as refused:
        register(password)

    assert (refused.value.code, refused.value.field, refused.value.status) == (
        "password.invalid",
        "password",
        422,
    )
    assert refused.value.message == "；".join(messages)
    assert not User.objects.filter(username="wangwu").exists()


def test_a_password_one_character_too_short_is_refused_in_chinese(district) -> None:
    with pytest.raises(DomainError) as refused:
        register("Xq#zv7b")  # 7 characters, three classes

    assert (refused.value.code, refused.value.field) == ("password.invalid", "password")
    assert CHINESE.search(refused.value.message), refused.value.message
    assert not User.objects.filter(username="wangwu").exists()


@pytest.mark.parametrize("password", ["Tongban#2026", "Xq#zv7bk"], ids=["demo_password", "8_chars"])
def test_strong_passwords_are_accepted(password, district) -> None:
    user = register(password)

    assert user.check_password(password)
    assert login_with_lockout("wangwu", password, now=T0).pk == user.pk


# --------------------------------------------------------------------------- every way in


def admin_login(client: Client, password: str):
    return client.post("/admin/login/?next=/admin/", {"username": "admin", "password": password})


def test_admin_login_refuses_a_locked_superuser(rules) -> None:
    # given the superuser locked by five wrong passwords on the login page
    for _ in range(5):
        Client().post("/accounts/login/", {"username": "admin", "password": WRONG})
    assert account("admin").is_locked(timezone.now())

    # when the right password is entered on the admin site's own login form
    client = Client()
    response = admin_login(client, DEMO_PASSWORD)

    # then the admin form shows the lock and nobody is signed in
    until = timezone.localtime(account("admin").locked_until)
    assert response.status_code == 200
    assert f"请于 {until:%H:%M} 后再试" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_failed_admin_logins_count_towards_the_same_lock(rules) -> None:
    # given three wrong passwords on the admin site and two on the login page
    for _ in range(3):
        assert admin_login(Client(), WRONG).status_code == 200
    assert account("admin").failed_login_count == 3
    for _ in range(2):
        Client().post("/accounts/login/", {"username": "admin", "password": WRONG})

    # then the account is locked, and the API refuses a token even for the right password
    assert account("admin").is_locked(timezone.now())
    response = Client().post("/api/v1/auth/tokens", {"username": "admin", "password": DEMO_PASSWORD},
                             content_type="application/json")
    assert (response.status_code, response.json()["code"]) == (401, "auth.locked")


def test_django_authenticate_goes_through_the_lockout(rules) -> None:
    # given a locked account
    fail("shenpi", 5, now=timezone.now())

    # then whatever entry point calls django's authenticate() gets nobody, right password or not
    assert authenticate(username="shenpi", password=DEMO_PASSWORD) is None
    # and wrong passwords given to authenticate() are counted like any other
    assert authenticate(username="kezhang", password=WRONG) is None
    assert account("kezhang").failed_login_count == 1


# --------------------------------------------------------------------------- racing attempts


class CountingHasher(MD5PasswordHasher):
    """MD5 that counts its password checks and takes a moment, so racing attempts overlap."""

    algorithm = "counting_md5"
    checks = 0
    _lock = threading.Lock()

    def verify(self, password: str, encoded: str) -> bool:
        with CountingHasher._lock:
            CountingHasher.checks += 1
        time.sleep(0.02)
        return super().verify(password, encoded)


RACERS = 40


# SQLite's in-memory test database shares one cache between threads, which answers a busy table
# with an error instead of waiting; the compare-and-set itself is the same SQL on both.
@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrent connections")
@pytest.mark.django_db(transaction=True)
def test_forty_concurrent_wrong_passwords_get_exactly_the_limit_of_checks(settings, flushable_audit_log) -> None:
    settings.LOGIN_MAX_FAILURES = 5
    settings.LOGIN_LOCKOUT_MINUTES = 15
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    User.objects.create_user(username="racer", password=DEMO_PASSWORD)
    CountingHasher.checks = 0
    start, outcomes = threading.Barrier(RACERS), []

    def attempt() -> None:
        try:
            start.wait()
            login_with_lockout("racer", WRONG, now=timezone.now())
            outcomes.append("logged_in")
        except LoginError as refused:
            outcomes.append(refused.code)
        finally:
            connections.close_all()

    # when 40 wrong passwords arrive at once, each on its own database connection
    threads = [threading.Thread(target=attempt) for _ in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then exactly 5 passwords were checked, 5 refused as wrong, the rest as locked
    assert CountingHasher.checks == 5
    assert sorted(outcomes) == ["auth.invalid_credentials"] * 5 + ["auth.locked"] * (RACERS - 5)
    racer = account("racer")
    assert racer.is_locked(timezone.now())
    assert len(audit_of(racer, "account.locked")) == 1

    # and the right password is refused while the lock holds, without being checked
    with pytest.raises(LoginError) as refused:
        login_with_lockout("racer", DEMO_PASSWORD, now=timezone.now())
    assert refused.value.code == "auth.locked"
    assert CountingHasher.checks == 5
