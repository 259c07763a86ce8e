"""Production: refuses to start without a real secret key; HTTPS only, secure cookies, HSTS."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import LICENCE_KEY_ENCRYPTION_KEYS, LICENCE_TEST_KEY_ENCRYPTION_KEY, SECRET_KEY
from .env import config

if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in production.")
if LICENCE_TEST_KEY_ENCRYPTION_KEY in LICENCE_KEY_ENCRYPTION_KEYS:
    raise ImproperlyConfigured("LICENCE_KEY_ENCRYPTION_KEYS must be set in production (not the test key).")

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# granian runs behind a TLS-terminating proxy (nginx, the hall's load balancer) that must set
# `X-Forwarded-Proto: https` on every request it forwards and strip the header from clients;
# without that header every request looks like plain HTTP and SECURE_SSL_REDIRECT loops.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = config("SECURE_SSL_REDIRECT", True, "Redirect plain HTTP to HTTPS (off only behind a proxy that already does).")
SECURE_HSTS_SECONDS = config("SECURE_HSTS_SECONDS", 31_536_000, "Strict-Transport-Security max-age in seconds.")
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
