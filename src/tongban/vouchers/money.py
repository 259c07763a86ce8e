"""Money in integer fen, parsed from the yuan a person types, and the till's keys (no seed numbers here)."""

from decimal import Decimal, InvalidOperation

from . import errors

FEN_PER_YUAN = 100
MAX_BILL_FEN = 10**12  # a bill above 100亿元 is a typing error, not a purchase
MAX_AMOUNT_CHARS = 20  # "9999999999.99" and then some: longer text is not an amount
MAX_KEY_LENGTH = 64  # the till_key fields' length


def yuan_to_fen(value: Decimal | str | int) -> int:
    text = str(value).strip()
    if not text or len(text) > MAX_AMOUNT_CHARS:
        raise errors.bad_amount()
    try:
        amount = Decimal(text)
        if not amount.is_finite() or amount < 0 or amount != amount.quantize(Decimal("0.01")):
            raise errors.bad_amount()
    except (InvalidOperation, ValueError):
        raise errors.bad_amount() from None
    fen = int(amount * FEN_PER_YUAN)
    if fen > MAX_BILL_FEN:
        raise errors.bad_amount()
    return fen


def fen_to_yuan(fen: int) -> str:
    return f"{Decimal(fen) / FEN_PER_YUAN:.2f}"


def check_key(key: str) -> str:
    key = (key or "").strip()
    if not key or len(key) > MAX_KEY_LENGTH or not all(ch.isascii() and (ch.isalnum() or ch in "-_") for ch in key):
        raise errors.bad_key()
    return key


def check_fen(value, *, positive: bool = False) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < (1 if positive else 0) or value > MAX_BILL_FEN:
        raise errors.bad_amount()
    return value
