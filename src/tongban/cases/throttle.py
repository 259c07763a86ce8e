"""Slow down guessing on the public tracking page: 4 digits are only 10,000 possibilities."""

from django.core.cache import cache

from tongban.core.errors import DomainError

MAX_FAILURES = 10
WINDOW_SECONDS = 3600


def _key(number: str) -> str:
    return f"track-failures:{number}"


def check_not_throttled(number: str) -> None:
    if cache.get(_key(number), 0) >= MAX_FAILURES:
        raise DomainError("case.track_throttled", "查询失败次数过多，请一小时后再试，或携带证件到综合窗口查询。",
                          status=429)


def count_failure(number: str) -> None:
    key = _key(number)
    if not cache.add(key, 1, WINDOW_SECONDS):
        cache.incr(key)
