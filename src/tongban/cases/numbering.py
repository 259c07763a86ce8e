"""办件编号 and verification codes: unique without a shared counter (no global serialisation point)."""

import secrets
from datetime import date

# Crockford-like alphabet without 0/O and 1/I/L, so numbers read out on the phone are unambiguous.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def _random(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def new_case_number(region_code: str, day: date) -> str:
    """e.g. 371302-20261123-K7Q2MD: region, date of submission, 6 random characters."""
    return f"{region_code[:6]}-{day:%Y%m%d}-{_random(6)}"


def new_verification_code() -> str:
    return _random(16)
