"""证照标识 (GB/T 36904): the real samples of STANDARDS.md §1 validate; wrong ones say why."""

import pytest

from tongban.licences.identifiers import (
    InvalidIdentifier, is_valid_identifier, make_identifier, next_version, parse_identifier,
)

REAL = [
    "1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F",
    "1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U",
    "1.2.156.3005.2.11100000000013338W009.11330105002500287C.2025052201.002.0",
    "1.2.156.3005.2.11100000MB03271699022.340100.000000016.001.9",
]


@pytest.mark.parametrize("identifier", REAL)
def test_the_real_identifiers_validate(identifier):
    parsed = parse_identifier(identifier)
    assert str(parsed) == identifier


def test_the_worked_example_is_split_into_its_segments():
    parsed = parse_identifier(REAL[0])
    assert (parsed.type_code, parsed.issuer_code, parsed.serial, parsed.version, parsed.check) == (
        "11100000000013338W032", "11220000013544541J", "2430599", "001", "F")
    assert str(make_identifier("11100000000013338W032", "11220000013544541J", "2430599")) == REAL[0]


@pytest.mark.parametrize("placeholder", [
    "1.2.156.3005.2.11100000000013338W050.91610800064834709T.2023000001.001.X",  # API-doc placeholder
])
def test_the_documentation_placeholders_fail_the_check(placeholder):
    with pytest.raises(InvalidIdentifier) as error:
        parse_identifier(placeholder)
    assert error.value.code == "licence.identifier_check"


@pytest.mark.parametrize(("text", "code"), [
    ("", "licence.identifier_format"),
    ("x" * 500, "licence.identifier_format"),
    ("1.2.156.3005.3.11100000000013338W032.11220000013544541J.2430599.001.F", "licence.identifier_root"),
    ("1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001", "licence.identifier_format"),
    ("1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.01.F", "licence.identifier_version"),
    ("1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.G", "licence.identifier_check"),
    ("1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430\x00599.001.F", "licence.identifier_format"),
])
def test_bad_identifiers_are_refused_with_the_reason(text, code):
    with pytest.raises(InvalidIdentifier) as error:
        parse_identifier(text)
    assert error.value.code == code
    assert not is_valid_identifier(text)


def test_lower_case_and_spaces_from_typing_are_tolerated():
    assert is_valid_identifier(" " + REAL[0].lower() + " ")


def test_versions_count_up_from_001_to_999():
    assert next_version("001") == "002"
    assert next_version("998") == "999"
    with pytest.raises(InvalidIdentifier):
        next_version("999")
