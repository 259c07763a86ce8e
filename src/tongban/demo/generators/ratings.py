"""Generated 好差评 for generated cases: ratings, their 评价码, and the 整改 of every 差评.

About a third of the closed cases are rated within a few days of completion. Levels are mostly
好评; each department has its own 差评 share and one in ten departments lags well behind, so the
dashboards show someone behind. An applicant who filed online rates with their account
(实名; the account is created here, as the online login would have); window devices, SMS and
the hotline rate anonymously through the case's one-time 评价码. Every 差评 opens a 整改 due
per ratings.services.rectification_due; its answer, verification and callback follow a
timeline cut at today, so old ones are mostly closed, recent ones open, a few overdue.
Each object gets one "<kind>.imported" audit entry, as a migration from a legacy system would.
"""

import base64
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from tongban.accounts.constants import DEPARTMENT_ROLES, Role
from tongban.accounts.models import Department, User
from tongban.audit.models import AuditEntry
from tongban.bulk import assign_ids, insert_imported, insert_rows, reset_sequences, rows_of, update_column
from tongban.cases.constants import ApplicantKind, Channel
from tongban.cases.models import Case
from tongban.core.clock import local_date, local_zone
from tongban.demo.generators.cases import (
    BATCH,
    generation_now,
    office_moment,
    person_name,
    shares_by_department,
    working_day_after,
)
from tongban.ratings.constants import RATABLE_CASE_STATUSES, SUGGESTED_TAGS, Level, RatingChannel, RectificationStatus
from tongban.ratings.models import Rating, RatingInvitation, Rectification
from tongban.ratings.services import rectification_days, rectification_due, superior_of
from tongban.ratings import events as rating_events

RATED_SHARE = {Channel.ONLINE: 0.32, Channel.MOBILE: 0.38, Channel.WINDOW: 0.40, Channel.KIOSK: 0.30,
               Channel.HELPER: 0.35}
# How applicants of each case channel rate: the result notice's QR code and the SMS link reach
# everyone, the window device those who came in person.
RATING_CHANNELS = {
    Channel.ONLINE: [(RatingChannel.ONLINE, 80), (RatingChannel.SMS, 15), (RatingChannel.HOTLINE, 5)],
    Channel.MOBILE: [(RatingChannel.MOBILE, 85), (RatingChannel.SMS, 10), (RatingChannel.HOTLINE, 5)],
    Channel.WINDOW: [(RatingChannel.WINDOW_DEVICE, 70), (RatingChannel.SMS, 20), (RatingChannel.MOBILE, 5),
                     (RatingChannel.HOTLINE, 5)],
    Channel.KIOSK: [(RatingChannel.WINDOW_DEVICE, 60), (RatingChannel.SMS, 30), (RatingChannel.HOTLINE, 10)],
    Channel.HELPER: [(RatingChannel.WINDOW_DEVICE, 50), (RatingChannel.SMS, 40), (RatingChannel.HOTLINE, 10)],
}
REAL_NAME_SHARE = 0.85  # of logged-in applicants rating online; the others choose 匿名
BAD_SHARE, LAGGING_BAD_SHARE = (0.005, 0.025), (0.06, 0.09)
GOOD_COMMENTS = ["办事效率高，一次办好", "工作人员很耐心", "网上办理很方便", "材料一次讲清楚了"]
BAD_COMMENTS = ["来回跑了好几趟", "等候时间太长", "材料要求没有一次说清", "工作人员态度冷淡", "网上系统总是提交失败"]
CASE_FIELDS = ("pk", "item_id", "department_id", "channel", "applicant_kind", "applicant_name",
               "applicant_id_number", "applicant_phone", "applicant_id", "submitted_at", "completed_at",
               "intake_window_id", "intake_clerk_id")


@dataclass(frozen=True)
class RatingCounts:
    ratings: int = 0
    rectifications: int = 0


@dataclass
class _Batch:
    ratings: list[Rating]
    accounts: list[tuple[User, Rating]]
    invitations: list[RatingInvitation]
    rectifications: list[tuple[Rectification, Rating]]


class _District:
    """What the generator draws on: each department's 差评 share and who works the 整改 loop."""

    def __init__(self, rng: random.Random):
        departments = list(Department.objects.order_by("pk").values_list("pk", flat=True))
        self.bad_share = shares_by_department(rng, departments, BAD_SHARE, LAGGING_BAD_SHARE)
        self.staff: dict[int, int] = {}
        for pk, department_id in (User.objects.filter(role__in=DEPARTMENT_ROLES, is_active=True)
                                  .order_by("-pk").values_list("pk", "department_id")):
            self.staff[department_id] = pk
        self.supervisor = User.objects.filter(role=Role.SUPERVISOR, is_active=True).order_by("pk").first()
        superior = superior_of(self.supervisor) if self.supervisor else None
        self.superior_id = superior.pk if superior else None
        self.id_numbers = set(User.objects.exclude(id_number="").values_list("id_number", flat=True))


def _level(rng: random.Random, bad_share: float) -> int:
    if rng.random() < bad_share:
        return Level.DISSATISFIED if rng.random() < 0.65 else Level.VERY_DISSATISFIED
    roll = rng.random()
    return Level.VERY_SATISFIED if roll < 0.76 else Level.SATISFIED if roll < 0.94 else Level.BASICALLY_SATISFIED


def _words(rng: random.Random, level: int) -> tuple[str, list[str]]:
    """What the rater wrote: a 差评 always says why (the service requires a comment or tags)."""
    if level >= Level.DISSATISFIED:
        return rng.choice(BAD_COMMENTS), rng.sample(SUGGESTED_TAGS, rng.randint(1, 2))
    if rng.random() < 0.15:
        return rng.choice(GOOD_COMMENTS), ([rng.choice(SUGGESTED_TAGS)] if level < Level.BASICALLY_SATISFIED else [])
    return "", []


def _account(rng: random.Random, case: dict, district: _District, rated_at: datetime) -> User:
    """The applicant's own account, which an online filing implies."""
    is_person = case["applicant_kind"] == ApplicantKind.PERSON
    id_number = case["applicant_id_number"] if is_person else ""
    id_number = "" if id_number in district.id_numbers else id_number  # 居民身份证号 is unique per account
    district.id_numbers.add(id_number)
    return User(username=f"applicant-{case['pk']}", password=f"!{rng.getrandbits(160):040x}",
                role=Role.CITIZEN if is_person else Role.ENTERPRISE,
                real_name=case["applicant_name"] if is_person else person_name(rng), id_number=id_number,
                phone=case["applicant_phone"] if is_person else "", date_joined=case["submitted_at"],
                last_login=rated_at, is_active=True)


def _rate(rng: random.Random, case: dict, district: _District, now: datetime, batch: _Batch) -> None:
    channels, weights = zip(*RATING_CHANNELS[case["channel"]], strict=True)
    channel = rng.choices(channels, weights)[0]
    days = 0 if rng.random() < 0.6 else rng.randint(1, 4)  # calendar days after completion
    completed = timezone.localtime(case["completed_at"], local_zone())
    rated_at = office_moment(rng, completed.date() + timedelta(days=days), completed)
    if rated_at > now:
        return
    level = _level(rng, district.bad_share.get(case["department_id"], BAD_SHARE[1]))
    comment, tags = _words(rng, level)
    real_name = (channel in (RatingChannel.ONLINE, RatingChannel.MOBILE)
                 and case["channel"] in (Channel.ONLINE, Channel.MOBILE) and rng.random() < REAL_NAME_SHARE)
    rating = Rating(case_id=case["pk"], rater_id=case["applicant_id"], is_real_name=real_name, level=level,
                    comment=comment, tags=tags, channel=channel, item_id=case["item_id"],
                    department_id=case["department_id"], window_id=case["intake_window_id"],
                    staff_id=case["intake_clerk_id"], created_at=rated_at)
    batch.ratings.append(rating)
    if real_name and rating.rater_id is None:
        batch.accounts.append((_account(rng, case, district, rated_at), rating))
    elif not real_name:
        rating.rater_id = None
        token = base64.urlsafe_b64encode(rng.getrandbits(192).to_bytes(24, "big")).decode()
        batch.invitations.append(RatingInvitation(case_id=case["pk"], token=token, created_at=completed,
                                                  used_at=rated_at))
    if level >= Level.DISSATISFIED:
        batch.rectifications.append((_rectification(rng, rating, district, now), rating))


def _rectification(rng: random.Random, rating: Rating, district: _District, now: datetime) -> Rectification:
    """整改 after a 差评: answered (mostly in time), verified, called back; a satisfied callback
    closes it, the first unsatisfied one reopens it with a fresh limit, the second escalates."""
    opened_on = local_date(rating.created_at)
    rectification = Rectification(department_id=rating.department_id, is_real_name=rating.is_real_name,
                                  status=RectificationStatus.OPEN, opened_on=opened_on,
                                  due_date=rectification_due(opened_on, rating.level), updated_at=rating.created_at)
    last = rating.created_at
    for round_ in (1, 2):
        days = rectification_days(rating.level, on=rectification.opened_on)
        if rng.random() < 0.04:  # never answered: stays open, overdue once its date passes
            return rectification
        on_time = rng.random() < 0.93
        answered_on = working_day_after(rectification.opened_on, rng.randint(1, days)) if on_time else \
            working_day_after(rectification.due_date, rng.randint(1, 5))
        answered_at = office_moment(rng, answered_on, last)
        if answered_at > now:
            return rectification
        rectification.answered_at, rectification.answered_by_id = answered_at, district.staff.get(rating.department_id)
        rectification.answered_on_time = answered_on <= rectification.due_date
        rectification.fix_description = "已对相关人员开展业务培训，优化办事指南，一次性告知清单已更新。"
        rectification.answer_to_rater = "感谢您的评价，我们已完成整改，欢迎您再次监督。"
        rectification.status, rectification.updated_at, last = RectificationStatus.ANSWERED, answered_at, answered_at
        verified_at = office_moment(rng, working_day_after(answered_on, rng.randint(0, 2)), last)
        if verified_at > now or rng.random() < 0.02:  # the supervisor has not checked it yet
            return rectification
        rectification.verified_at = verified_at
        rectification.verified_by_id = district.supervisor.pk if district.supervisor else None
        rectification.status, rectification.updated_at, last = RectificationStatus.VERIFIED, verified_at, verified_at
        callback_at = office_moment(rng, working_day_after(local_date(verified_at), rng.randint(0, 3)), last)
        if callback_at > now or rng.random() < 0.03:  # not called back yet
            return rectification
        satisfied = rng.random() < 0.9
        rectification.callback_at, rectification.callback_by_id = callback_at, rectification.verified_by_id
        rectification.callback_satisfied, rectification.updated_at, last = satisfied, callback_at, callback_at
        rectification.callback_note = "评价人对整改结果满意。" if satisfied else "评价人认为问题仍未解决。"
        if satisfied:
            rectification.status, rectification.closed_at = RectificationStatus.CLOSED, callback_at
            return rectification
        rectification.unsatisfied_callbacks = round_
        if round_ == 1:  # 重新整改 with a fresh limit, as record_callback does
            rectification.opened_on = local_date(callback_at)
            rectification.due_date = rectification_due(rectification.opened_on, rating.level)
            rectification.answered_at = rectification.answered_by_id = rectification.answered_on_time = None
            rectification.verified_at = rectification.verified_by_id = None
            rectification.status = RectificationStatus.OPEN
    rectification.status, rectification.escalated_at = RectificationStatus.ESCALATED, last
    rectification.escalated_by_id, rectification.escalated_to_id = rectification.callback_by_id, district.superior_id
    return rectification


@transaction.atomic
def _write(batch: _Batch) -> None:
    users = [user for user, _ in batch.accounts]
    assign_ids(User, users)
    insert_rows(User, rows_of(User, users))
    update_column(Case, "applicant_id", [(user.pk, rating.case_id) for user, rating in batch.accounts])
    for user, rating in batch.accounts:
        rating.rater_id = user.pk
    assign_ids(Rating, batch.ratings)
    insert_imported(Rating, batch.ratings, action=rating_events.RATING_IMPORTED, after=lambda rating: {"level": rating.level},
                    created_at=lambda rating: rating.created_at)
    assign_ids(RatingInvitation, batch.invitations)
    insert_rows(RatingInvitation, rows_of(RatingInvitation, batch.invitations))
    rectifications = [rectification for rectification, _ in batch.rectifications]
    for rectification, rating in batch.rectifications:
        rectification.rating_id = rating.pk
    assign_ids(Rectification, rectifications)
    insert_imported(Rectification, rectifications, action=rating_events.RECTIFICATION_IMPORTED,
                    after=lambda rectification: {"status": rectification.status},
                    created_at=lambda rectification: rectification.updated_at)


def generate_ratings(case_ids: range, *, seed: int = 2026, today: date | None = None,
                     progress: Callable[[int, int], None] | None = None) -> RatingCounts:
    """Rate a share of the closed cases among `case_ids` (those just generated); returns what was
    written. Progress counts the cases looked at."""
    rng = random.Random(f"{seed}-ratings")
    district = _District(rng)
    today = today or date.today()
    now = generation_now(today)
    ratings = rectifications = 0
    for start in range(case_ids.start, case_ids.stop, BATCH):
        stop = min(start + BATCH, case_ids.stop)
        batch = _Batch([], [], [], [])
        closed = (Case.objects.filter(pk__gte=start, pk__lt=stop, status__in=RATABLE_CASE_STATUSES,
                                      completed_at__isnull=False).order_by("pk").values(*CASE_FIELDS))
        for case in closed:
            if rng.random() < RATED_SHARE.get(case["channel"], 0.35):
                _rate(rng, case, district, now, batch)
        _write(batch)
        ratings, rectifications = ratings + len(batch.ratings), rectifications + len(batch.rectifications)
        if progress:
            progress(stop - case_ids.start, len(case_ids))
    reset_sequences(User, Rating, RatingInvitation, Rectification, AuditEntry)
    return RatingCounts(ratings, rectifications)
