"""Django validators wrapping the pure check-digit rules of tongban.core.checkdigits."""

from django.core.exceptions import ValidationError

from tongban.core.checkdigits import InvalidCheckDigitCode, validate_id_number, validate_uscc


def _as_django(check, value: str) -> None:
    try:
        check(value)
    except InvalidCheckDigitCode as error:
        raise ValidationError(error.message, code=error.code) from error


def id_number_validator(value: str) -> None:
    """居民身份证号 — GB 11643 format, birth date and check digit."""
    _as_django(validate_id_number, value)


def uscc_validator(value: str) -> None:
    """统一社会信用代码 — GB 32100 alphabet and check character."""
    _as_django(validate_uscc, value)
