"""好差评 counts: what the ratings' and rectifications' audit entries add, and the same from the rows.

Every counter is keyed by the rating of a case (12345 and platform ratings have no 事项 and are
counted by ratings.rates only): the day it was made, the rated case's region, the rating's
department, item and channel — all written once (a rating is immutable), so reading them from
the rows later is exact.
- "rating.created" / "rating.imported" count the rating (good and bad as in ratings.rates);
- "rating.excluded" (an upheld 申诉复核) takes the rating off again, with its rectified count when
  its 整改 had closed (an unfinished one is cancelled, which its own entry takes off);
- a rectification entry whose status enters 已核实 or 已办结 (ratings.rates.DONE) adds a
  rectified real-name 差评, one that leaves them (重新整改 after an unsatisfied callback, 升级督办)
  takes it off again: each entry's delta is done(after) − done(before). A
  "rectification.imported" entry counts the status its `after` holds (the row's when absent);
  the entries after it carry on from that status.
"""

from collections import Counter, defaultdict

from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate

from tongban.ratings.constants import BAD_LEVELS, GOOD_LEVELS, AppealStatus
from tongban.ratings.models import Rating, Rectification
from tongban.ratings.rates import DONE

from ..models import RATING_COUNTERS, DailyRatingCount, MonthlyRatingCount
from .base import Counts, CountTables, Key, Source, among, grouped, object_id
from tongban.ratings import events as rating_events

TABLES = CountTables(name="ratings", daily=DailyRatingCount, monthly=MonthlyRatingCount,
                     dimensions=("region", "department", "item", "channel"), counters=RATING_COUNTERS)
RATING_STREAM = "ratings.rating:"
RECTIFICATION_STREAM = "ratings.rectification:"
RATED = (rating_events.RATING_CREATED, rating_events.RATING_IMPORTED)
IMPORTED_RECTIFICATION = rating_events.RECTIFICATION_IMPORTED
FIELDS = ("id", "created_day", "case__region_id", "department_id", "item_id", "channel", "level", "is_real_name")
DAY = TruncDate("created_at")  # the local day, computed by the database (as the recomputation does)
#: the tables are keyed by 事项: ratings of 12345 tickets and of the platform are counted on the ratings pages
OF_CASES = Q(case__isnull=False)


def _key(rating: dict) -> Key:
    return (rating["created_day"], rating["case__region_id"], rating["department_id"], rating["item_id"],
            rating["channel"])


def _is_real_name_bad(rating: dict) -> bool:
    return rating["is_real_name"] and rating["level"] in BAD_LEVELS


def _rated(counts: Counts, rating: dict, sign: int = 1) -> None:
    counter = counts[_key(rating)]
    counter["ratings"] += sign
    counter["good"] += sign * (rating["level"] in GOOD_LEVELS)
    counter["bad"] += sign * (rating["level"] in BAD_LEVELS)
    counter["real_name_bad"] += sign * _is_real_name_bad(rating)


def _done_delta(entry: dict, row_status: str | None) -> int:
    after, before = entry["after"] or {}, entry["before"] or {}
    if entry["action"] == IMPORTED_RECTIFICATION:
        return int(after.get("status", row_status) in DONE)
    return int(after.get("status") in DONE) - int(before.get("status") in DONE)


def effects(entries: list[dict]) -> Counts:
    """What a batch of rating and rectification audit entries adds."""
    rated = [object_id(entry) for entry in entries
             if entry["stream"].startswith(RATING_STREAM) and entry["action"] in RATED]
    excluded = [object_id(entry) for entry in entries
                if entry["stream"].startswith(RATING_STREAM) and entry["action"] == rating_events.RATING_EXCLUDED]
    changes = [entry for entry in entries if entry["stream"].startswith(RECTIFICATION_STREAM)]
    rectifications = {row["id"]: row for row in Rectification.objects.filter(
        id__in=among({object_id(entry) for entry in changes})).values("id", "rating_id", "status")}
    rating_ids = {*rated, *excluded, *(row["rating_id"] for row in rectifications.values())}
    ratings = {row["id"]: row for row in Rating.objects.filter(OF_CASES, id__in=among(rating_ids))
               .annotate(created_day=DAY).values(*FIELDS, "rectification__status")}
    counts: Counts = defaultdict(Counter)
    for rating_id in rated:
        if rating_id in ratings:
            _rated(counts, ratings[rating_id])
    for rating_id in excluded:  # the exclusion is final and a closed 整改 terminal: reading them now is exact
        if (rating := ratings.get(rating_id)) is not None:
            _rated(counts, rating, -1)
            if _is_real_name_bad(rating) and rating["rectification__status"] in DONE:
                counts[_key(rating)]["real_name_bad_rectified"] -= 1
    for entry in changes:
        rectification = rectifications.get(object_id(entry))
        rating = ratings.get(rectification["rating_id"]) if rectification else None
        if rating is not None and _is_real_name_bad(rating):
            counts[_key(rating)]["real_name_bad_rectified"] += _done_delta(entry, rectification["status"])
    return counts


def recompute_rating_counts() -> dict[Key, dict[str, int]]:
    """The daily counts from the Rating rows (and their rectifications): one GROUP BY."""
    columns = TABLES.columns
    bad = Q(level__in=BAD_LEVELS)
    rows = (Rating.objects.order_by().filter(OF_CASES).exclude(appeal__status=AppealStatus.UPHELD)
            .annotate(day=TruncDate("created_at"), region_id=F("case__region"))
            .values(*columns).annotate(
                ratings=Count("id"), good=Count("id", filter=Q(level__in=GOOD_LEVELS)), bad=Count("id", filter=bad),
                real_name_bad=Count("id", filter=bad & Q(is_real_name=True)),
                real_name_bad_rectified=Count("id", filter=bad & Q(is_real_name=True,
                                                                   rectification__status__in=DONE))))
    result: dict[Key, dict] = {}
    grouped(rows, columns, result)
    return result


SOURCE = Source(tables=TABLES, consumer="metrics.ratings", streams=(RATING_STREAM, RECTIFICATION_STREAM),
                effects=effects, recompute=recompute_rating_counts)
