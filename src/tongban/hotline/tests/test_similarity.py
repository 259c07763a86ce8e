"""重复工单识别 — character bigram Jaccard (pure, no database)."""

import pytest

from tongban.hotline.similarity import bigrams, jaccard


def test_bigrams_ignore_punctuation_and_spaces() -> None:
    assert bigrams("噪音， 扰民！") == {"噪音", "音扰", "扰民"}


@pytest.mark.parametrize(("_case", "a", "b", "expected"), [
    ("identical", "小区夜间施工噪音扰民", "小区夜间施工噪音扰民", 1.0),
    ("disjoint", "餐具不消毒", "路灯不亮了", 0.0),
    ("both_empty", "", "", 0.0),
    ("half", "甲乙丙", "乙丙丁", 1 / 3),  # {甲乙,乙丙} vs {乙丙,丙丁}: 1 of 3
])
def test_jaccard_values(_case, a, b, expected) -> None:
    assert jaccard(a, b) == pytest.approx(expected)


@pytest.mark.parametrize(("_case", "b", "duplicate"), [
    # A = 小区夜间施工噪音扰民 has 9 bigrams
    ("just_at_half", "小区夜间施工噪音", True),  # 7 shared / 9 → 0.78
    ("one_extra_word", "小区夜间施工噪音扰民严重", True),
    ("different_issue", "小区停车收费过高", False),
])
def test_duplicate_threshold_half(_case, b, duplicate) -> None:
    assert (jaccard("小区夜间施工噪音扰民", b) >= 0.5) is duplicate


def test_exact_boundary_half_counts() -> None:
    # {ab,bc,cd} vs {ab,bc,ce}... build 2 shared of 4: exactly 0.5
    assert jaccard("甲乙丙", "甲乙丙丁戊") == pytest.approx(0.5)
