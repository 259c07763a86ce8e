"""Production settings force HTTPS (redirect, HSTS, secure cookies) behind the TLS proxy, and
every page carries the Content-Security-Policy."""

import json
import os
import subprocess
import sys

from django.test import Client

from tongban.security import CONTENT_SECURITY_POLICY

PROD_SETTINGS = ("SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
                 "SECURE_PROXY_SSL_HEADER", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE")


def prod_settings() -> dict:
    # a fresh interpreter: the test process already runs under tongban.settings.test
    code = ("import json, tongban.settings.prod as s; "
            f"print(json.dumps({{name: getattr(s, name) for name in {PROD_SETTINGS!r}}}))")
    env = {key: value for key, value in os.environ.items() if not key.startswith("SECURE_")}
    env["SECRET_KEY"] = "prod-test-key"
    env["LICENCE_KEY_ENCRYPTION_KEYS"] = "cHJvZC10ZXN0LWtleS1lbmNyeXB0aW9uLWtleS0wMDE="  # not the dev/test default
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_prod_settings_force_https() -> None:
    assert prod_settings() == {
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31_536_000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
    }


def test_under_prod_https_settings_http_redirects_and_https_gets_hsts(settings, demo) -> None:
    values = prod_settings()
    for name in PROD_SETTINGS:
        setattr(settings, name, tuple(values[name]) if name == "SECURE_PROXY_SSL_HEADER" else values[name])

    plain = Client().get("/catalog/")
    proxied = Client(headers={"X-Forwarded-Proto": "https"}).get("/catalog/")

    assert (plain.status_code, plain["Location"]) == (301, "https://testserver/catalog/")
    assert proxied.status_code == 200
    assert proxied["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_pages_carry_the_content_security_policy(demo) -> None:
    response = Client().get("/")

    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY.format(nonce="")


def test_a_page_with_an_inline_style_gets_its_nonce_in_the_policy(client_as) -> None:
    response = client_as("shouli").get("/cases/window/")

    nonce = response.content.decode().split('<style nonce="', 1)[1].split('"', 1)[0]
    assert len(nonce) >= 16
    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY.format(nonce=f" 'nonce-{nonce}'")


def test_bearer_api_replies_skip_the_page_policy(api_as) -> None:
    response = api_as("zhangsan").get("/api/v1/me")

    assert "Content-Security-Policy" not in response
