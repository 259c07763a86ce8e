import hashlib
import secrets

from django.db import models


def hash_token(raw: str) -> str:
    """Tokens are stored hashed, so a leaked database does not leak API access."""
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """接口令牌 — a bearer token for API clients, shown to its owner once."""

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    name = models.CharField("用途", max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField("有效期至")
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "接口令牌"

    @staticmethod
    def new_raw_key() -> str:
        return "tb_" + secrets.token_urlsafe(32)
