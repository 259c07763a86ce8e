"""Base settings shared by every environment; every knob comes from the environment."""

import os
from pathlib import Path

import dj_database_url

from .env import config

BASE_DIR = Path(__file__).resolve().parent.parent  # src/tongban
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(config("TONGBAN_VAR_DIR", str(PROJECT_DIR / "var"), "Writable data directory."))

SECRET_KEY = config("SECRET_KEY", "", "Django secret key; required outside dev and test.")
DEBUG = config("DEBUG", False, "Show Django debug pages. Never in production.")
ALLOWED_HOSTS = config("ALLOWED_HOSTS", ["127.0.0.1", "localhost"], "Comma-separated hosts.")

DATABASES = {
    "default": dj_database_url.parse(
        config(
            "DATABASE_URL",
            f"sqlite:///{VAR_DIR / 'tongban.sqlite3'}",
            "Database URL; SQLite file by default, postgres://… for production.",
        ),
        conn_max_age=config("DB_CONN_MAX_AGE", 60, "Seconds to keep database connections."),
    )
}
_PREPARED_STATEMENTS = config("DB_PREPARED_STATEMENTS", True, "Prepare the hot-path statements (PostgreSQL).")
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets readers run beside the single writer; the timeout rides out short write locks.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    # Django turns psycopg's prepared statements off (for poolers); its own cursors bind on the
    # client and never prepare anyway. Only the transition hot path (tongban.core.fastpath)
    # asks for them; behind a pooler in transaction mode set DB_PREPARED_STATEMENTS=0.
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = 5 if _PREPARED_STATEMENTS else None

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
# One backend, so every password check counts towards the login lockout (admin site included).
AUTHENTICATION_BACKENDS = ["tongban.accounts.backends.LockoutBackend"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",
    "tongban.accounts",
    "tongban.audit",
    "tongban.calendar_admin",
    "tongban.catalog",
    "tongban.cases",
    "tongban.events",
    "tongban.credit",
    "tongban.demo",
    "tongban.hotline",
    "tongban.metrics",
    "tongban.ops",
    "tongban.portal",
    "tongban.ratings",
    "tongban.rules",
    "tongban.licences",
    "tongban.supervision",
    "tongban.policies",
    "tongban.vouchers",
    "tongban.procedures",
    "tongban.ledger",
]

MIDDLEWARE = [
    "tongban.problems.ApiProblemMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "tongban.security.ContentSecurityPolicyMiddleware",
    "tongban.security.RequestGuardMiddleware",
    "tongban.accounts.middleware.SessionMiddleware",
    "tongban.accounts.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "tongban.accounts.middleware.AuthenticationMiddleware",
    "tongban.accounts.middleware.BearerTokenMiddleware",
    "tongban.accounts.middleware.MessageMiddleware",
    "tongban.accounts.middleware.XFrameOptionsMiddleware",
    "tongban.accounts.middleware.AccessPolicyMiddleware",
    "tongban.portal.middleware.DomainErrorPageMiddleware",
]

ROOT_URLCONF = "tongban.urls"
WSGI_APPLICATION = "tongban.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tongban.accounts.context_processors.navigation",
            ],
            "builtins": ["tongban.portal.templatetags.masking"],
        },
    }
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": config("PASSWORD_MIN_LENGTH", 8, "Minimum password length.")},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "tongban.accounts.passwords.CharacterClassValidator"},
]

# Lockout after repeated failed logins (等保 2.0 requires it); per-district data.
LOGIN_MAX_FAILURES = config("LOGIN_MAX_FAILURES", 5, "Failed logins before the account locks.")
LOGIN_LOCKOUT_MINUTES = config("LOGIN_LOCKOUT_MINUTES", 15, "Minutes an account stays locked.")
API_TOKEN_DAYS = config("API_TOKEN_DAYS", 30, "Validity of API bearer tokens in calendar days.")
# Public 办件查询 guesses (4 digits: 10,000 possibilities), counted in the database for all workers.
TRACK_MAX_FAILURES_PER_NUMBER = config("TRACK_MAX_FAILURES_PER_NUMBER", 10, "Failed tracking queries per case number.")
TRACK_MAX_FAILURES_PER_ADDRESS = config("TRACK_MAX_FAILURES_PER_ADDRESS", 30, "Failed tracking queries per client.")
TRACK_WINDOW_MINUTES = config("TRACK_WINDOW_MINUTES", 60, "Minutes over which failed tracking queries count.")
TRUST_X_FORWARDED_FOR = config("TRUST_X_FORWARDED_FOR", False, "Client address from the proxy's X-Forwarded-For.")

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "portal:home"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = VAR_DIR / "media"

# Extra working-day calendar years added by admins without a release (see tongban.workdays).
WORKDAYS_DATA_DIR = Path(
    config(
        "TONGBAN_CALENDAR_DIR",
        str(VAR_DIR / "calendar"),
        "Directory of extra calendar year files (<year>.json) that override the packaged ones.",
    )
)

# tongban.workdays is pure Python and reads its extra directory from the environment.
os.environ.setdefault("TONGBAN_CALENDAR_DIR", str(WORKDAYS_DATA_DIR))

# Numbers the seeds set (黄牌, 12345 limits, 差评整改 days …) are rules in tongban.rules, not settings.

DISTRICT_NAME = config("TONGBAN_DISTRICT_NAME", "兰山区", "District shown in page titles.")

# 电子证照: Fernet key(s) that encrypt the issuers' SM2 private keys at rest (comma-separated;
# the first encrypts, all decrypt, so the key-encryption key can be rotated). The default is for
# dev and test only; production refuses it (settings/prod.py).
LICENCE_TEST_KEY_ENCRYPTION_KEY = "dG9uZ2Jhbi10ZXN0LW9ubHktbGljZW5jZS1rZWstMDA="
LICENCE_KEY_ENCRYPTION_KEYS = config(
    "LICENCE_KEY_ENCRYPTION_KEYS", [LICENCE_TEST_KEY_ENCRYPTION_KEY],
    "Fernet keys (comma-separated, newest first) encrypting the licence signing keys.")
LICENCE_SHOW_TOKEN_SECONDS = config("LICENCE_SHOW_TOKEN_SECONDS", 300, "Lifetime of a 一码亮证 QR code in seconds.")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_personal_data": {"()": "tongban.core.masking.MaskingLogFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["mask_personal_data"]},
    },
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {"django": {"handlers": ["console"], "level": "WARNING", "propagate": False}},
}
