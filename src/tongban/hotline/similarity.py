"""重复工单识别 — text similarity of two complaints (pure Python).

Character bigrams suit Chinese, which has no spaces between words: "小区噪音扰民" and
"噪音扰民严重" share 噪音, 音扰, 扰民. Punctuation and whitespace are ignored.
"""

import re

_IGNORED = re.compile(r"[\s\W_]+", re.UNICODE)


def bigrams(text: str) -> frozenset[str]:
    compact = _IGNORED.sub("", text or "").lower()
    if len(compact) == 1:
        return frozenset({compact})
    return frozenset(compact[i:i + 2] for i in range(len(compact) - 1))


def jaccard(a: str, b: str) -> float:
    """|A ∩ B| / |A ∪ B| of the two texts' character bigrams; 0.0 when both are empty."""
    left, right = bigrams(a), bigrams(b)
    union = left | right
    return len(left & right) / len(union) if union else 0.0
