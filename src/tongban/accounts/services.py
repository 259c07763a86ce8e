"""Account services: login with lockout, API tokens, registration, unlocking."""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from tongban.audit import services as audit
from tongban.core.checkdigits import InvalidCheckDigitCode, validate_id_number, validate_uscc
from tongban.core.errors import Conflict, DomainError, NotFound

from .constants import AgentCapacity, Role
from .errors import INVALID_CREDENTIALS, LoginError
from .models import ApiToken, Enterprise, EnterpriseAgent, User
from .models.tokens import hash_token
from .scopes import staff_for
from . import events as account_events


def login_with_lockout(username: str, password: str, *, now: datetime) -> User:
    """登录 — the one place a password is checked: the login page, the admin site (through
    backends.LockoutBackend, the only authentication backend) and the API token endpoint.

    Each attempt is counted before its password is checked, by a conditional UPDATE on the
    account's counter, so of any number of concurrent attempts at most LOGIN_MAX_FAILURES
    reach the password check before the account locks. The attempt that reaches the limit
    takes the lock; a right password in it gives the lock back. Unknown usernames get the
    same message, and the same hashing cost, as wrong passwords, so neither the form nor
    its timing reveals which accounts exist.
    """
    account = User.objects.filter(username=username).first()
    if account is None:
        User().set_password(password)
        raise LoginError(*INVALID_CREDENTIALS)
    lock = _claim_attempt(account, now=now)
    if not (account.check_password(password) and account.is_active):
        if lock is not None:
            audit.record(actor=None, action=account_events.ACCOUNT_LOCKED, target=account, now=now,
                         after={"locked_until": lock.isoformat()})
        raise LoginError(*INVALID_CREDENTIALS)
    # A success starts the count again; it lifts only its own lock, never one that a
    # concurrent wrong attempt took meanwhile.
    User.objects.filter(pk=account.pk, locked_until=lock).update(failed_login_count=0, locked_until=None)
    return account


def _locked(until: datetime) -> LoginError:
    return LoginError(
        "auth.locked",
        f"连续登录失败次数过多，账户已锁定，请于 {timezone.localtime(until):%H:%M} 后再试，"
        "或联系管理员解锁。",
    )


def _claim_attempt(account: User, *, now: datetime) -> datetime | None:
    """Count one attempt as a failure in advance, or refuse it if the account is locked.

    Compare-and-set on (count, lock) rather than a row lock: it works alike on PostgreSQL and
    SQLite, and a concurrent attempt that changed the row first makes this one read it again.
    Returns the lock's end if this attempt is the one that reached the limit.
    """
    while True:
        count, locked_until = User.objects.filter(pk=account.pk).values_list(
            "failed_login_count", "locked_until").get()
        if locked_until is not None and locked_until > now:
            raise _locked(locked_until)
        if count + 1 >= settings.LOGIN_MAX_FAILURES:
            lock = now + timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
            changes = {"failed_login_count": 0, "locked_until": lock}
        else:
            lock, changes = None, {"failed_login_count": count + 1, "locked_until": None}
        if User.objects.filter(pk=account.pk, failed_login_count=count, locked_until=locked_until).update(**changes):
            return lock


def issue_token(user: User, *, now: datetime, name: str = "") -> tuple[ApiToken, str]:
    """签发接口令牌 — returns the token row and the raw key, which is shown only once."""
    raw = ApiToken.new_raw_key()
    token = ApiToken.objects.create(
        user=user, key_hash=hash_token(raw), name=name,
        expires_at=now + timedelta(days=settings.API_TOKEN_DAYS),
    )
    return token, raw


def _checked(check, value: str, field: str) -> str:
    try:
        return check(value)
    except InvalidCheckDigitCode as error:
        raise DomainError(error.code, error.message, field=field, status=422) from error


# Django 5.2's length message has no zh-hans translation yet; the others do.
PASSWORD_MESSAGES = {"password_too_short": "密码太短：至少需要 {min_length} 个字符。"}


def _password_messages(error: ValidationError) -> list[str]:
    messages = []
    for item in error.error_list:
        template = PASSWORD_MESSAGES.get(item.code)
        messages.append(template.format(**(item.params or {})) if template else item.messages[0])
    return messages


def _checked_password(password: str, user: User, field: str = "password") -> None:
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise DomainError("password.invalid", "；".join(_password_messages(error)), field=field,
                          status=422) from error


@transaction.atomic
def register_citizen(
    *, username: str, password: str, real_name: str, id_number: str, phone: str, now: datetime
) -> User:
    """实名注册 — a citizen account needs a valid 居民身份证号, unique across accounts."""
    id_number = _checked(validate_id_number, id_number, "id_number")
    if User.objects.filter(username=username).exists():
        raise DomainError("user.username_taken", "该用户名已被使用。", field="username", status=409)
    if User.objects.filter(id_number=id_number).exists():
        raise DomainError(
            "user.id_number_taken", "该身份证号码已注册，请直接登录或找回密码。",
            field="id_number", status=409,
        )
    user = User(username=username, real_name=real_name, id_number=id_number, phone=phone,
                role=Role.CITIZEN)
    _checked_password(password, user)
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as error:  # a concurrent registration won the race
        raise Conflict("user.already_registered", "该用户名或身份证号码已注册。") from error
    audit.record(actor=user, action=account_events.USER_REGISTERED, target=user, now=now,
                 after={"username": username, "id_number": id_number, "phone": phone})
    return user


@transaction.atomic
def register_enterprise(
    *, actor: User, uscc: str, name: str, legal_representative: str, now: datetime
) -> Enterprise:
    """企业认证 — the enterprise user becomes its 经办人 (or 法定代表人 if the names match)."""
    uscc = _checked(validate_uscc, uscc, "uscc")
    enterprise, created = Enterprise.objects.get_or_create(
        uscc=uscc, defaults={"name": name, "legal_representative": legal_representative}
    )
    if EnterpriseAgent.objects.filter(enterprise=enterprise, user=actor).exists():
        raise Conflict("enterprise.already_linked", "您已是该企业的经办人。")
    capacity = (
        AgentCapacity.LEGAL_REPRESENTATIVE
        if actor.real_name and actor.real_name == enterprise.legal_representative
        else AgentCapacity.AGENT
    )
    EnterpriseAgent.objects.create(enterprise=enterprise, user=actor, capacity=capacity)
    if created:
        audit.record(actor=actor, action=account_events.ENTERPRISE_REGISTERED, target=enterprise, now=now,
                     after={"uscc": uscc, "name": name})
    audit.record(actor=actor, action=account_events.ENTERPRISE_AGENT_LINKED, target=enterprise, now=now,
                 after={"user": actor.username, "capacity": capacity})
    return enterprise


def get_staff_for_actor(actor: User, staff_id: int) -> User:
    """Load a staff account the actor may manage; anything outside scope is simply not found."""
    staff = staff_for(actor).filter(pk=staff_id).select_related("department", "region").first()
    if staff is None:
        raise NotFound("staff.not_found", "未找到该工作人员，或不在您的管理范围内。")
    return staff


@transaction.atomic
def unlock_staff(*, actor: User, staff_id: int, now: datetime) -> User:
    """解锁账户 — lift a lockout early, within the actor's scope."""
    staff = get_staff_for_actor(actor, staff_id)
    before = {"locked_until": staff.locked_until.isoformat() if staff.locked_until else None}
    User.objects.filter(pk=staff.pk).update(locked_until=None, failed_login_count=0)
    staff.locked_until, staff.failed_login_count = None, 0
    audit.record(actor=actor, action=account_events.ACCOUNT_UNLOCKED, target=staff, now=now,
                 before=before, after={"locked_until": None})
    return staff
