"""好差评 rates per department, item, window or staff member and month (DOMAIN.md §5, §10).

Each rate is numerator ÷ denominator over the ratings made in the month (local time), and
the rectifications opened by them:
- 好评率       ratings of level 1–2 ÷ ratings
- 差评率       ratings of level 4–5 ÷ ratings
- 实名差评整改率 real-name rectifications verified or closed ÷ real-name 差评 (target 100 %)
- 整改按时率     rectifications answered on or before their due date ÷ rectifications answered
- 回访满意率     satisfied callbacks ÷ callbacks (the latest callback of each rectification)
A 差评 whose 申诉复核 was upheld counts nowhere. An empty denominator gives None, shown as "—". Percentages are cut (not rounded) to one
decimal, so 99.95 % shows 99.9 % and only a full 100 % reads 100.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q

from tongban.accounts.models import Department, User, Window
from tongban.catalog.models import ServiceItem
from tongban.core.clock import month_bounds
from tongban.core.errors import DomainError
from tongban.core.rates import Rate

from .constants import AppealStatus, RectificationStatus
from .models import Rating

GROUPINGS = {"department": "部门", "item": "事项", "window": "窗口", "staff": "工作人员"}
RECTIFIED_TARGET = Decimal(100)


@dataclass(frozen=True)
class RatingRates:
    key: int | None
    name: str
    ratings: int
    good: int
    bad: int
    real_name_bad: int
    rectified: int
    answered: int
    answered_on_time: int
    callbacks: int
    satisfied: int

    good_rate = Rate("good", "ratings")
    bad_rate = Rate("bad", "ratings")
    rectified_rate = Rate("rectified", "real_name_bad")
    on_time_rate = Rate("answered_on_time", "answered")
    satisfaction_rate = Rate("satisfied", "callbacks")

    @property
    def rectified_target_met(self) -> bool | None:
        return None if not self.real_name_bad else self.rectified == self.real_name_bad

    def as_dict(self) -> dict:
        return {
            "key": self.key, "name": self.name, "ratings": self.ratings, "good": self.good, "bad": self.bad,
            "real_name_bad": self.real_name_bad, "rectified": self.rectified, "answered": self.answered,
            "answered_on_time": self.answered_on_time, "callbacks": self.callbacks, "satisfied": self.satisfied,
            "good_rate": self.good_rate, "bad_rate": self.bad_rate, "rectified_rate": self.rectified_rate,
            "rectified_target_met": self.rectified_target_met, "on_time_rate": self.on_time_rate,
            "satisfaction_rate": self.satisfaction_rate,
        }


def parse_month(value: str | None, *, today: date) -> date:
    """"YYYY-MM" → its first day; empty → the current month."""
    if not value:
        return today.replace(day=1)
    try:
        year, month = (int(part) for part in value.split("-"))
        return date(year, month, 1)
    except (TypeError, ValueError):
        raise DomainError("rates.month_invalid", "月份格式应为 YYYY-MM，例如 2026-10。", field="month",
                          status=422) from None


def _names(group_by: str, keys: set[int]) -> dict[int, str]:
    if group_by == "department":
        return dict(Department.objects.filter(pk__in=keys).values_list("pk", "name"))
    if group_by == "item":
        return {item.pk: item.published_version.name if item.published_version else item.implementation_code
                for item in ServiceItem.objects.filter(pk__in=keys).select_related("published_version")}
    if group_by == "window":
        return {window.pk: str(window) for window in Window.objects.filter(pk__in=keys).select_related("hall")}
    return {user.pk: user.display_name for user in User.objects.filter(pk__in=keys)}


NO_KEY = {"department": "（未知部门）", "item": "（非事项评价：12345、平台）", "window": "（非窗口办理）",
          "staff": "（无受理人员）"}
DONE = [RectificationStatus.VERIFIED, RectificationStatus.CLOSED]
COUNTS = {
    "ratings": Count("id"),
    "good": Count("id", filter=Q(level__lte=2)),
    "bad": Count("id", filter=Q(level__gte=4)),
    "real_name_bad": Count("id", filter=Q(level__gte=4, is_real_name=True)),
    "rectified": Count("id", filter=Q(is_real_name=True, rectification__status__in=DONE)),
    "answered": Count("id", filter=Q(rectification__answered_at__isnull=False)),
    "answered_on_time": Count("id", filter=Q(rectification__answered_at__isnull=False,
                                             rectification__answered_on_time=True)),
    "callbacks": Count("id", filter=Q(rectification__callback_at__isnull=False)),
    "satisfied": Count("id", filter=Q(rectification__callback_at__isnull=False,
                                      rectification__callback_satisfied=True)),
}


def rating_rates(group_by: str, month: date, *, departments=None) -> list[RatingRates]:
    """The total row first ("合计"), then one row per group that has ratings in the month."""
    if group_by not in GROUPINGS:
        raise DomainError("rates.group_by_invalid", "分组应为 department、item、window 或 staff。", field="group_by",
                          status=422)
    start, end = month_bounds(month)
    ratings = Rating.objects.filter(created_at__gte=start, created_at__lt=end).exclude(
        appeal__status=AppealStatus.UPHELD)
    if departments is not None:
        ratings = ratings.filter(department__in=departments)
    field = f"{group_by}_id"
    grouped = list(ratings.order_by().values(field).annotate(**COUNTS))
    total = ratings.order_by().aggregate(**COUNTS)
    names = _names(group_by, {row[field] for row in grouped if row[field] is not None})
    rows = [RatingRates(key=row[field], name=names.get(row[field], NO_KEY[group_by]),
                        **{name: row[name] for name in COUNTS}) for row in grouped]
    rows.sort(key=lambda row: (-row.ratings, row.name))
    return [RatingRates(key=None, name="合计", **total), *rows]
