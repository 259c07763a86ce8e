"""Keys that stand for a person or a device: an HMAC, so the ID number itself is never stored here."""

import hashlib
import hmac

from django.conf import settings


def _key(purpose: str, value: str) -> str:
    secret = f"tongban.vouchers.{purpose}:{settings.SECRET_KEY}".encode()
    return hmac.new(secret, value.strip().upper().encode(), hashlib.sha256).hexdigest()


def holder_key(id_number: str) -> str:
    return _key("holder", id_number)


def device_key(device: str) -> str:
    return _key("device", device) if device else ""
