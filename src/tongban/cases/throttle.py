"""Slow down guessing on the public 办件查询 (page and API): 4 digits are only 10,000 possibilities.

Attempts count per case number — normalised as the lookup normalises it, so padding or letter
case opens no new counter — and per client address, in the database (accounts.throttling), so
the limits hold whichever worker a request reaches. An attempt is counted before the lookup and
given back if it found the case, so concurrent guesses cannot slip past the limit.
"""

from datetime import datetime, timedelta

from django.conf import settings

from tongban.accounts.throttling import claim, give_back
from tongban.core.errors import DomainError

from . import errors
from .models import Case
from .numbering import normalise_case_number
from .queries import track


def tracked_case(number: str, last_four: str, *, address: str, now: datetime) -> Case:
    """The case with this number and last 4 digits, or TRACK_NOT_FOUND; 429 past a limit."""
    number = normalise_case_number(number)[:50]
    window = timedelta(minutes=settings.TRACK_WINDOW_MINUTES)
    limits = {
        f"track:number:{number}": settings.TRACK_MAX_FAILURES_PER_NUMBER,
        f"track:address:{address}": settings.TRACK_MAX_FAILURES_PER_ADDRESS,
    }
    # Both are counted even when the first refuses: every guess costs its address too.
    admitted = [claim(key, limit=limit, window=window, now=now) for key, limit in limits.items()]
    if not all(admitted):
        raise DomainError(
            "case.track_throttled",
            f"查询失败次数过多，请 {settings.TRACK_WINDOW_MINUTES} 分钟后再试，或携带证件到综合窗口查询。",
            status=429,
        )
    case = track(number, last_four)
    if case is None:
        raise errors.TRACK_NOT_FOUND
    for key in limits:
        give_back(key, window=window, now=now)
    return case
