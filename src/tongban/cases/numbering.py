"""办件编号 and verification codes: unique without a shared counter (no global serialisation point)."""

import secrets
from datetime import date

# Crockford-like alphabet without 0/O and 1/I/L, so numbers read out on the phone are unambiguous.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
# Bytes below the largest multiple of len(ALPHABET) map uniformly onto it; the rest are dropped
# (rejection sampling), so every character is uniform and independent, as secrets.choice gives.
_UNBIASED_BELOW = 256 - 256 % len(ALPHABET)


def _random(length: int) -> str:
    """`length` characters of ALPHABET from the OS's CSPRNG: one `secrets.token_bytes` call
    (a few spare bytes cover the ~3 % dropped) instead of one system call per character."""
    chars: list[str] = []
    while len(chars) < length:
        chars += [ALPHABET[b % len(ALPHABET)] for b in secrets.token_bytes(length + 8) if b < _UNBIASED_BELOW]
    return "".join(chars[:length])


def new_case_number(region_code: str, day: date) -> str:
    """e.g. 371302-20261123-K7Q2MD: region, date of submission, 6 random characters."""
    return f"{region_code[:6]}-{day:%Y%m%d}-{_random(6)}"


def normalise_case_number(text: str) -> str:
    """A 办件编号 as typed or read out: spaces anywhere (full-width too) dropped, upper-case."""
    return "".join(text.split()).upper()


def new_verification_code() -> str:
    return _random(16)
