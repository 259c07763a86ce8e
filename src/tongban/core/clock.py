"""Local dates and months (Beijing time) from an aware moment: the one place that knows how.

Every date a citizen or a rule sees — a case number's day, the acceptance day a time limit
starts from, a month on a dashboard — is the date in settings.TIME_ZONE (Asia/Shanghai), not
the UTC date of the stored moment: before 08:00 Beijing time the two differ. Call
`local_date(now)`, never `now.date()`.
"""

import calendar
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def local_date(moment: datetime) -> date:
    """The Beijing date of an aware moment (a naive one is refused: its zone is unknown)."""
    return timezone.localtime(moment, local_zone()).date()


def local_month(moment: datetime) -> date:
    """The first day of the Beijing month of an aware moment."""
    return local_date(moment).replace(day=1)


def add_months(day: date, months: int) -> date:
    """`day` plus whole calendar months (negative: back); the 31st becomes the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def month_bounds(first: date) -> tuple[datetime, datetime]:
    """The month of `first` as aware moments [start, end): local midnights of its first day and
    of the next month's."""
    zone = local_zone()
    start, following = first.replace(day=1), add_months(first.replace(day=1), 1)
    return (datetime(start.year, start.month, 1, tzinfo=zone),
            datetime(following.year, following.month, 1, tzinfo=zone))
