"""校验码 tests: 居民身份证号 (GB 11643-1999) and 统一社会信用代码 (GB 32100-2015)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import ric, uscc
from stdnum.exceptions import InvalidComponent, InvalidFormat

from tongban.core.checkdigits import (
    USCC_ALPHABET,
    InvalidCheckDigitCode,
    InvalidIdNumber,
    InvalidUscc,
    id_number_check_char,
    make_id_number,
    make_uscc,
    uscc_check_char,
    validate_id_number,
    validate_uscc,
)

TODAY = date(2026, 1, 15)
ID_EXAMPLES = ["11010519491231002X", "370302199001011232"]  # STANDARDS.md §5
USCC_EXAMPLES = ["91110000600037341L", "11100000000013338W"]  # STANDARDS.md §5
Y_USCC = "Y1370302MA3C12345T"  # 登记管理部门 Y (其他): letters allowed in positions 1–8

# Independent oracle, written from STANDARDS.md §5 rather than from the module's code.
ID_WEIGHTS = [2 ** (17 - i) % 11 for i in range(17)]
USCC_WEIGHTS = [3**i % 31 for i in range(17)]


def ref_id_check(first17: str) -> str:
    value = (12 - sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True)) % 11) % 11
    return "X" if value == 10 else str(value)


def ref_uscc_check(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def test_weights_match_the_standard() -> None:
    assert ID_WEIGHTS == [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    assert USCC_WEIGHTS == [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def test_single_substitution_always_changes_the_check_proof() -> None:
    # The property asserted by the hypothesis tests below, proven exhaustively: changing one
    # symbol by a difference d changes the sum by w·d, which is never 0 modulo the prime 11
    # (resp. 31) because every weight and every difference is non-zero modulo that prime.
    assert all((w * d) % 11 for w in ID_WEIGHTS for d in range(-9, 10) if d)
    assert all((w * d) % 31 for w in USCC_WEIGHTS for d in range(-30, 31) if d)


# --------------------------------------------------------------------------- 居民身份证号


@pytest.mark.parametrize("number", ID_EXAMPLES)
def test_standard_id_examples_are_valid(number: str) -> None:
    assert validate_id_number(number, today=TODAY) == number
    assert id_number_check_char(number[:17]) == number[17]  # incl. the X check


NORMALISE = ["11010519491231002x", " 11010519491231002X\n", "110105 19491231 002X"]


@pytest.mark.parametrize("raw", [*NORMALISE, "１１０１０５１９４９１２３１００２ｘ"])  # full-width
def test_id_normalisation(raw: str) -> None:
    assert validate_id_number(raw, today=TODAY) == "11010519491231002X"


@pytest.mark.parametrize(
    ("raw", "code", "message"),
    [
        ("", "id_number.length", "身份证号码应为18位，当前为0位"),
        ("37030219900101123", "id_number.length", "身份证号码应为18位，当前为17位"),
        ("370302900101123", "id_number.length", "身份证号码应为18位，当前为15位"),
        ("3703021990010112321", "id_number.length", "身份证号码应为18位，当前为19位"),
        ("37030219900101123A", "id_number.format", None),
        ("X70302199001011232", "id_number.format", None),
        ("37030219900101١232", "id_number.format", None),  # Arabic-Indic digit
        ("370302199013011232", "id_number.birth_date", "身份证号码出生日期无效"),
        ("370302199002301232", "id_number.birth_date", "身份证号码出生日期无效"),
        ("370302199001011233", "id_number.check_digit", "身份证号码校验位错误"),
        ("11010519491231002Y", "id_number.format", None),
    ],
)
def test_id_errors_have_stable_codes(raw: str, code: str, message: str | None) -> None:
    with pytest.raises(InvalidIdNumber) as info:
        validate_id_number(raw, today=TODAY)
    assert info.value.code == code
    assert isinstance(info.value, InvalidCheckDigitCode) and isinstance(info.value, ValueError)
    assert str(info.value) == info.value.message
    assert "身份证号码" in info.value.message
    if message is not None:
        assert info.value.message == message


def test_id_birth_date_rules() -> None:
    leap = make_id_number("370302", date(2000, 2, 29), 1)
    assert validate_id_number(leap, today=TODAY) == leap
    born_today = make_id_number("370302", TODAY, 2)
    assert validate_id_number(born_today, today=TODAY) == born_today
    tomorrow = make_id_number("370302", date(2026, 1, 16), 2)
    with pytest.raises(InvalidIdNumber) as info:
        validate_id_number(tomorrow, today=TODAY)
    assert info.value.code == "id_number.birth_date"
    with pytest.raises(InvalidIdNumber):  # default today = date.today()
        validate_id_number(make_id_number("370302", date(9999, 1, 1), 2))
    first17 = "37030219000229123"  # 1900 is not a leap year
    with pytest.raises(InvalidIdNumber) as info:
        validate_id_number(first17 + ref_id_check(first17), today=TODAY)
    assert info.value.code == "id_number.birth_date"


def test_unknown_birthplace_accepted_unlike_stdnum() -> None:
    # stdnum's ric.validate looks the region up in its county table; we check format only.
    number = make_id_number("990000", date(1990, 1, 1), 123)
    assert validate_id_number(number, today=TODAY) == number
    with pytest.raises(InvalidComponent):
        ric.validate(number)


@pytest.mark.parametrize("number", ID_EXAMPLES)
def test_every_single_char_change_of_id_example_is_rejected(number: str) -> None:
    for i, old in enumerate(number):
        for new in "0123456789X":
            if new != old:
                changed = number[:i] + new + number[i + 1 :]
                with pytest.raises(InvalidIdNumber):
                    validate_id_number(changed, today=TODAY)


@pytest.mark.parametrize(("region", "seq"), [("37030", 1), ("37030a", 1), ("370302", 1000)])
def test_make_id_number_rejects_bad_parts(region: str, seq: int) -> None:
    with pytest.raises(ValueError):
        make_id_number(region, date(1990, 1, 1), seq)


@pytest.mark.parametrize("bad", ["", "1" * 16, "1" * 16 + "X", "１" * 17])
def test_id_number_check_char_rejects_bad_input(bad: str) -> None:
    with pytest.raises(ValueError):
        id_number_check_char(bad)


id_parts = st.tuples(
    st.text("0123456789", min_size=6, max_size=6),
    st.dates(min_value=date(1900, 1, 1), max_value=TODAY),
    st.integers(0, 999),
)


@given(id_parts)
def test_made_id_numbers_validate_and_any_change_is_rejected(
    parts: tuple[str, date, int],
) -> None:
    number = make_id_number(*parts)
    assert validate_id_number(number, today=TODAY) == number
    assert number[17] == ref_id_check(number[:17]) == ric.calc_check_digit(number)
    for i in range(17):
        for digit in "0123456789":
            if digit == number[i]:
                continue
            first17 = number[:i] + digit + number[i + 1 : 17]
            # The property itself: a one-digit change always changes the check character.
            assert id_number_check_char(first17) != number[17]
            with pytest.raises(InvalidIdNumber):
                validate_id_number(first17 + number[17], today=TODAY)
    for check in "0123456789X":
        if check != number[17]:
            with pytest.raises(InvalidIdNumber) as info:
                validate_id_number(number[:17] + check, today=TODAY)
            assert info.value.code == "id_number.check_digit"


# --------------------------------------------------------------------------- 统一社会信用代码


@pytest.mark.parametrize("code", [*USCC_EXAMPLES, Y_USCC])
def test_standard_uscc_examples_are_valid(code: str) -> None:
    assert validate_uscc(code) == code
    assert uscc_check_char(code[:17]) == code[17] == ref_uscc_check(code[:17])


def test_letter_prefixed_uscc_accepted_although_stdnum_rejects_it() -> None:
    assert validate_uscc(Y_USCC.lower()) == Y_USCC
    with pytest.raises(InvalidFormat):
        uscc.validate(Y_USCC)


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("", "uscc.length"),
        ("91110000600037341", "uscc.length"),
        ("91110000600037341LL", "uscc.length"),
        ("9111000060003734IO", "uscc.charset"),
        ("O1110000600037341L", "uscc.charset"),
        ("91110000600037341Z", "uscc.charset"),
        ("91110000600037341-", "uscc.charset"),
        ("91110000600037341M", "uscc.check_digit"),
        ("Y1370302MA3C12345U", "uscc.check_digit"),
    ],
)
def test_uscc_errors_have_stable_codes(raw: str, code: str) -> None:
    with pytest.raises(InvalidUscc) as info:
        validate_uscc(raw)
    assert info.value.code == code
    assert isinstance(info.value, InvalidCheckDigitCode) and isinstance(info.value, ValueError)
    assert info.value.message.startswith("统一社会信用代码")
    named = info.value.message.split("（")[0]  # the message names every offending char
    assert all(c in named for c in raw if c not in USCC_ALPHABET)


@pytest.mark.parametrize("code", [*USCC_EXAMPLES, Y_USCC])
def test_every_single_char_change_of_uscc_example_is_rejected(code: str) -> None:
    for i, old in enumerate(code):
        for new in USCC_ALPHABET:
            if new != old:
                with pytest.raises(InvalidUscc):
                    validate_uscc(code[:i] + new + code[i + 1 :])


@pytest.mark.parametrize("bad", ["", "9" * 16, "9" * 16 + "I", "9" * 18])
def test_uscc_check_char_rejects_bad_input(bad: str) -> None:
    with pytest.raises(ValueError):
        uscc_check_char(bad)


@given(st.text(USCC_ALPHABET, min_size=17, max_size=17))
def test_made_usccs_validate_and_any_change_is_rejected(first17: str) -> None:
    code = make_uscc(first17)
    assert validate_uscc(code) == code
    assert code[17] == ref_uscc_check(first17) == uscc.calc_check_digit(first17)
    for i in range(18):
        for new in USCC_ALPHABET:
            if new == code[i]:
                continue
            changed = code[:i] + new + code[i + 1 :]
            if i < 17:
                assert uscc_check_char(changed[:17]) != code[17]
            with pytest.raises(InvalidUscc) as info:
                validate_uscc(changed)
            assert info.value.code == "uscc.check_digit"
