"""办件编号 and verification codes: the alphabet, the lengths, and no character favoured."""

from collections import Counter

from tongban.cases.numbering import ALPHABET, _random, new_case_number, new_verification_code


def test_verification_codes_are_16_characters_of_the_alphabet_and_differ():
    codes = {new_verification_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(len(code) == 16 and set(code) <= set(ALPHABET) for code in codes)


def test_case_numbers_end_in_6_characters_of_the_alphabet():
    from datetime import date

    number = new_case_number("371302000000", date(2026, 11, 23))
    region, day, serial = number.split("-")
    assert (region, day) == ("371302", "20261123")
    assert len(serial) == 6 and set(serial) <= set(ALPHABET)


def test_every_character_is_equally_likely():
    """Bytes are mapped by rejection sampling, not by `byte % 31` alone, which would draw the
    first 8 characters 9 times in 256 instead of 8.26: over 310,000 draws each count stays
    within ±5 σ of 10,000 (σ ≈ 98), where such a bias would put them near 10,900."""
    counts = Counter("".join(_random(31) for _ in range(10_000)))
    assert set(counts) == set(ALPHABET)
    assert all(9_500 < count < 10_500 for count in counts.values()), counts
