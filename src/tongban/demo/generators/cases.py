"""Generate a realistic district's case history, at any size (1,000,000 cases included).

Cases are written in bulk, as a migration from a legacy system would be: each gets one audit
entry ("case.imported") carrying its state, so every audit chain verifies. Dates respect the
working-day calendar: window cases arrive on working days, limits run in working days, and
about one case in eight was asked for a 补正 (at intake or in review) whose days stop the clock.

Where and how, so that every case metric of the dashboards has a realistic value:
- about 60 % of the cases are handled at district level, the rest at the towns' and streets'
  为民服务中心 (more of the 就近办 items, streets busier than towns): the region breakdown
  shows every town;
- a window case names its intake window, a 综合窗口 (or 通办专窗) of the hall of its region
  for all but a few that went to a department's 专窗 in the district centre (一窗受理 ~95 %);
- 企业开办 items are filed online almost always, their results delivered electronically;
  other online results mostly electronically too, window results picked up or posted.
Random choices come from a seeded generator, so a given seed always builds the same district.
The people, serials and working-day steps here are shared with ratings and hotline demo data.
"""

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from tongban import workdays
from tongban.accounts.constants import RegionLevel, Role, WindowKind
from tongban.accounts.models import Region, User, Window
from tongban.audit.models import AuditEntry
from tongban.bulk import assign_ids, insert_imported, insert_rows, reset_sequences, rows_of
from tongban.cases.constants import ONLINE_CHANNELS, ApplicantKind, Channel, Delivery, PauseKind
from tongban.cases.deadlines import due_date_of
from tongban.cases.models import Case, CasePause, WorkflowDefinition
from tongban.cases.numbering import ALPHABET
from tongban.catalog.models import ServiceItem
from tongban.core.checkdigits import make_id_number, make_uscc
from tongban.core.clock import local_zone
from tongban.events.services import SETTLE_SECONDS
from tongban.metrics.registry import BY_CODE
from tongban.cases import events as case_events

BATCH = 10000
# 网上申办率 ≥70 % in the seeds: online and mobile together make 70 % of submissions; the
# 24 小时自助区 takes a few per cent of what would otherwise come to the window.
CHANNELS = [(Channel.ONLINE, 55), (Channel.MOBILE, 15), (Channel.WINDOW, 22), (Channel.KIOSK, 3), (Channel.HELPER, 5)]
# 补正率 by channel: a clerk or helper checks the materials on the spot, online filers miss more.
CORRECTION_SHARE = {Channel.ONLINE: 0.15, Channel.MOBILE: 0.15, Channel.WINDOW: 0.08, Channel.KIOSK: 0.12,
                    Channel.HELPER: 0.05}
CORRECTION_AT_INTAKE = 0.6  # the rest are asked during review (审查中补正), which moves the due date
# 就近办: the share of an item's cases handled in a town or street rather than at district level.
TOWN_SHARE = {True: 0.6, False: 0.25}  # by whether the item is offered near home (town or village)
STREET_WEIGHT = 1.5  # 街道 are urban and busier than 镇
# 一窗受理: a window case at district level goes to its department's 专窗 (where it has one) this
# often, to the 通办专窗 that often; everything else, and every town case, to a 综合窗口.
DEPARTMENT_WINDOW_SHARE, CROSS_REGION_WINDOW_SHARE = 0.2, 0.03
STARTUP_THEME = BY_CODE["startup_electronic_rate"].theme  # 企业开办: 全程电子化
STARTUP_ONLINE_SHARE = 0.99
# How results reach applicants, by channel (电子送达 / 邮寄 / 窗口领取); 企业开办 online: electronic.
DELIVERIES = {
    Channel.ONLINE: [(Delivery.ELECTRONIC, 85), (Delivery.POST, 15)],
    Channel.MOBILE: [(Delivery.ELECTRONIC, 90), (Delivery.POST, 10)],
    Channel.KIOSK: [(Delivery.ELECTRONIC, 50), (Delivery.WINDOW, 50)],
    Channel.WINDOW: [(Delivery.WINDOW, 75), (Delivery.POST, 25)],
    Channel.HELPER: [(Delivery.WINDOW, 60), (Delivery.POST, 40)],
}
STARTUP_ELECTRONIC_SHARE = 0.995
CORRECTION_MATERIALS = ["申请书签字页", "营业执照副本复印件", "场所使用证明", "身份证明材料", "委托书", "平面布局图"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红文建国志海燕飞鹏辉"
COMPANY_WORDS = ["兰山", "沂蒙", "临沂", "金雀", "银雀", "柳青", "沂河", "祊河", "商城", "华盛"]
COMPANY_KINDS = ["商贸有限公司", "电子商务有限公司", "餐饮管理有限公司", "建筑工程有限公司", "物流有限公司"]


@dataclass(frozen=True)
class ItemFacts:
    item_id: int
    version_id: int
    department_id: int
    region_id: int
    region_code: str
    limit: int
    unit: str
    immediate: bool
    online: bool
    kiosk: bool
    weight: int
    near_home: bool  # 就近办 at town or village level
    startup: bool  # in the 企业开办 theme


def _items() -> list[ItemFacts]:
    facts = []
    published = ServiceItem.objects.filter(published_version__isnull=False, is_retired=False)
    startup = set(published.filter(published_version__themes__code=STARTUP_THEME).values_list("pk", flat=True))
    for item in published.select_related("published_version", "region"):
        version = item.published_version
        # High-frequency items (citizen services, 即办件) get more cases, as in a real hall.
        weight = 8 if version.case_kind == "immediate" else 3 if "1" in version.service_objects else 2
        facts.append(ItemFacts(item.pk, version.pk, item.department_id, item.region_id, item.region.code,
                               version.promised_limit, version.promised_unit, version.case_kind == "immediate",
                               version.can_apply_online, version.kiosk, weight, bool(version.near_home_level),
                               item.pk in startup))
    if not facts:
        raise RuntimeError("没有已发布的事项：请先运行 load_demo_district 与 load_demo_catalog。")
    return facts


def _cumulative(weights) -> list:
    """Cumulative weights, computed once: rng.choices(…, cum_weights=…) then costs one bisection."""
    total, result = 0, []
    for weight in weights:
        total += weight
        result.append(total)
    return result


def _weighted(pairs) -> tuple[tuple, list]:
    """(choices, cumulative weights) from (choice, weight) pairs."""
    return tuple(choice for choice, _ in pairs), _cumulative(weight for _, weight in pairs)


_DELIVERY_CHOICES = {channel: _weighted(pairs) for channel, pairs in DELIVERIES.items()}


class _Places:
    """Where cases are filed: the item's region or one of its towns and streets, and through which
    window of that place's halls (a village station serves its town's cases)."""

    def __init__(self, rng: random.Random, items: list[ItemFacts]):
        towns: dict[int, list[tuple[int, float]]] = {}  # region → its towns and streets, weighted
        for pk, parent, name in (Region.objects.filter(parent_id__in={item.region_id for item in items},
                                                       level=RegionLevel.TOWN)
                                 .order_by("code").values_list("pk", "parent_id", "name")):
            weight = (STREET_WEIGHT if name.endswith("街道") else 1.0) * rng.uniform(0.7, 1.3)
            towns.setdefault(parent, []).append((pk, weight))
        self.towns = {region: _weighted(pairs) for region, pairs in towns.items()}
        general: dict[int, list[tuple[int, float]]] = {}  # place → its 综合窗口, weighted
        self.cross_region: dict[int, list[int]] = {}
        self.departments: dict[tuple[int, int], list[int]] = {}  # (place, department) → 专窗
        windows = (Window.objects.filter(is_open=True, kind__in=(WindowKind.GENERAL, WindowKind.CROSS_REGION,
                                                                   WindowKind.DEPARTMENT))
                   .order_by("pk").values_list("pk", "kind", "department_id", "hall__region_id",
                                               "hall__region__level", "hall__region__parent_id"))
        for pk, kind, department, region, level, parent in windows:
            place = parent if level == RegionLevel.VILLAGE else region
            if kind == WindowKind.DEPARTMENT:
                self.departments.setdefault((place, department), []).append(pk)
            elif kind == WindowKind.CROSS_REGION:
                self.cross_region.setdefault(place, []).append(pk)
            else:  # a village station's 帮办代办窗口 takes fewer cases than a centre's windows
                general.setdefault(place, []).append((pk, 1.0 if level == RegionLevel.VILLAGE else 4.0))
        self.general = {place: _weighted(pairs) for place, pairs in general.items()}
        self.clerks = dict(User.objects.filter(role=Role.INTAKE_CLERK, is_active=True, window__isnull=False)
                           .order_by("pk").values_list("window_id", "pk"))

    def region(self, rng: random.Random, item: ItemFacts) -> int:
        towns = self.towns.get(item.region_id)
        if towns and rng.random() < TOWN_SHARE[item.near_home]:
            return rng.choices(towns[0], cum_weights=towns[1])[0]
        return item.region_id

    def window(self, rng: random.Random, place: int, district: int, department: int) -> int | None:
        """The intake window of a window case: its place's (or else its district's) windows."""
        roll = rng.random()
        special = self.departments.get((place, department))
        if special and roll < DEPARTMENT_WINDOW_SHARE:
            return rng.choice(special)
        cross = self.cross_region.get(place)
        if cross and roll > 1 - CROSS_REGION_WINDOW_SHARE:
            return rng.choice(cross)
        general = self.general.get(place) or self.general.get(district)
        if general:
            return rng.choices(general[0], cum_weights=general[1])[0]
        return next(iter(special or cross or []), None)


def _channel(rng: random.Random, item: ItemFacts, channels: tuple, cumulative: list[int]) -> str:
    if item.startup and item.online:  # 企业开办 全程网办: hardly anyone comes to the window for it any more
        if rng.random() < STARTUP_ONLINE_SHARE:
            return Channel.ONLINE if rng.random() < 0.8 else Channel.MOBILE
        return Channel.WINDOW
    channel = rng.choices(channels, cum_weights=cumulative)[0]
    if (channel in ONLINE_CHANNELS and not item.online) or (channel == Channel.KIOSK and not item.kiosk):
        return Channel.WINDOW
    return channel


def _delivery(rng: random.Random, item: ItemFacts, channel: str) -> str:
    if item.startup and channel in ONLINE_CHANNELS:
        return Delivery.ELECTRONIC if rng.random() < STARTUP_ELECTRONIC_SHARE else Delivery.POST
    deliveries, cumulative = _DELIVERY_CHOICES[channel]
    return rng.choices(deliveries, cum_weights=cumulative)[0]


def _working_days(start: date, end: date) -> list[date]:
    days, day = [], start
    while day <= end:  # once per generation run, to draw window dates from; not a limit calculation
        if workdays.is_working_day(day):
            days.append(day)
        day += timedelta(days=1)  # natural days: every calendar day is looked at
    return days


def shares_by_department(rng: random.Random, departments: list[int], usual: tuple[float, float],
                         lagging: tuple[float, float]) -> dict[int, float]:
    """A share (of 差评, of late replies …) per department: most within `usual`, one in ten
    (at least one) within `lagging`, so the dashboards show someone behind."""
    behind = set(rng.sample(departments, max(1, len(departments) // 10))) if departments else set()
    return {pk: rng.uniform(*(lagging if pk in behind else usual)) for pk in departments}


def generation_now(today: date) -> datetime:
    """The latest moment generated data may carry: the end of `today`, or a little before now if
    that is earlier. Nothing happens in the future, and nothing in the last SETTLE_SECONDS: the
    consumers of the audit log stop at the first entry younger than that, so `update_metrics`
    right after a generation counts all of it."""
    settled = timezone.now() - timedelta(seconds=SETTLE_SECONDS)
    return min(datetime.combine(today, time.max, local_zone()), settled)


def working_day_after(day: date, n: int) -> date:
    """The n-th working day after `day` (a generated duration, not a legal limit); past the last
    published year the weekend-only provisional calendar answers, as for provisional due dates."""
    return workdays.provisional_deadline(day, n)[0]


def office_moment(rng: random.Random, day: date, after: datetime) -> datetime:
    """A time in office hours on `day` (local), never before `after`: when a step was taken."""
    moment = datetime.combine(day, time(rng.randint(9, 17), rng.randint(0, 59)), local_zone())
    return max(moment, after + timedelta(minutes=rng.randint(5, 60)))


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))


def mobile_number(rng: random.Random) -> str:
    return f"1{rng.choice('3589')}{rng.randint(0, 999999999):09d}"


def person(rng: random.Random) -> tuple[str, str, str]:
    """A generated citizen: name, 居民身份证号 (valid check digit), mobile number."""
    birth = date(rng.randint(1950, 2004), rng.randint(1, 12), rng.randint(1, 28))
    name = person_name(rng)
    return name, make_id_number("371302", birth, rng.randint(1, 999)), mobile_number(rng)


def enterprise(rng: random.Random) -> tuple[str, str, str]:
    name = f"临沂{rng.choice(COMPANY_WORDS)}{rng.choice(COMPANY_WORDS)}{rng.choice(COMPANY_KINDS)}"
    body = "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(9))
    return name, make_uscc(f"91371302{body}"), f"0539-{rng.randint(2000000, 8999999)}"


def _outcome(rng: random.Random, started: date, due: date, today: date, *, in_review: bool = False) -> dict:
    """Final state by age: old cases are finished (mostly on time), recent ones in progress.

    `started` is the day review could start: acceptance, or the end of a 补正 in review (then
    the case is `in_review`: past 不予受理, and past 已受理 while it goes on).
    """
    if due >= today and rng.random() < 0.7:
        status = rng.choice(["in_review" if in_review else "accepted", "in_review", "in_review", "special_procedure"])
        return {"status": status, "is_paused": status == "special_procedure"}
    roll = rng.random()
    if roll < 0.02 and not in_review:
        return {"status": "not_accepted", "decision": "not_accepted", "accepted_on": None, "due_date": None,
                "finished_on": started}
    if roll < 0.03:
        return {"status": "withdrawn", "finished_on": started}
    # A few working days of review, within the limit — except ~3 % that finish 1–3 working days
    # late (红牌 statistics). Never past today; near a year's end the next (unpublished) year may
    # be needed, hence the provisional calendar.
    if rng.random() < 0.03:
        finished = working_day_after(min(due, today), rng.randint(1, 3))
    else:
        finished = min(working_day_after(started, rng.randint(0, 3)), due)
    finished = min(finished, today)
    decision = "denied" if rng.random() < 0.03 else "approved"
    return {"status": "completed", "decision": decision, "finished_on": finished}


def _correction(rng: random.Random, item: ItemFacts, submitted_on: date, accepted_on: date, due: date,
                today: date) -> CasePause | None:
    """一次性告知补正: the pause a case had (or still has), or None.

    At intake the pause lies before acceptance (the clock has not started); in review it
    stops the running limit. The applicant takes 1–5 working days; one still out is open.
    """
    at_intake = item.immediate or rng.random() < CORRECTION_AT_INTAKE
    started = submitted_on if at_intake else working_day_after(accepted_on, rng.randint(1, 2))
    if started > min(due, today):  # too recent, or after the limit had run out
        return None
    ended = working_day_after(started, rng.randint(1, 5))
    materials = "、".join(rng.sample(CORRECTION_MATERIALS, rng.randint(1, 2)))
    return CasePause(kind=PauseKind.CORRECTION, started_on=started, ended_on=ended if ended <= today else None,
                     reason=f"{'受理' if at_intake else '审查'}补正：{materials}")


def _timeline(rng: random.Random, item: ItemFacts, channel: str, submitted_on: date,
              today: date) -> tuple[dict, CasePause | None]:
    """Acceptance, due date, 补正 and outcome of one case, as Case field values."""
    delay = 0 if item.immediate else rng.randint(0, 1)
    accepted_on = min(working_day_after(submitted_on, delay), today)
    due, provisional = due_date_of(accepted_on=accepted_on, limit=item.limit, unit=item.unit,
                                   immediate=item.immediate)
    pause = _correction(rng, item, submitted_on, accepted_on, due, today) \
        if rng.random() < CORRECTION_SHARE[channel] else None
    started = accepted_on
    if pause is not None and pause.started_on == submitted_on:  # 受理补正, then accepted on resubmission
        if pause.ended_on is None:
            return {"status": "intake_correction", "is_paused": True, "accepted_on": None, "due_date": None}, pause
        started = accepted_on = min(working_day_after(pause.ended_on, delay), today)
        due, provisional = due_date_of(accepted_on=accepted_on, limit=item.limit, unit=item.unit,
                                       immediate=item.immediate)
    elif pause is not None:  # 审查补正: the days it took do not count against the limit
        if pause.ended_on is None:
            return {"status": "review_correction", "is_paused": True, "accepted_on": accepted_on,
                    "due_date": due, "due_date_provisional": provisional}, pause
        due, provisional = due_date_of(accepted_on=accepted_on, limit=item.limit, unit=item.unit,
                                       immediate=False, pauses=[(pause.started_on, pause.ended_on)])
        started = pause.ended_on
    outcome = _outcome(rng, started, due, today, in_review=started != accepted_on)
    return {"accepted_on": accepted_on, "due_date": due, "due_date_provisional": provisional, **outcome}, pause


def serial(number: int) -> str:
    """Base-31 serial, 7 characters: generated numbers never collide (live ones use 6 random)."""
    digits = []
    for _ in range(7):
        number, digit = divmod(number, len(ALPHABET))
        digits.append(ALPHABET[digit])
    return "".join(reversed(digits))


def _cases(n: int, rng: random.Random, items: list[ItemFacts], workflows: dict[bool, int],
           today: date, first_serial: int) -> Iterator[tuple[Case, CasePause | None]]:
    zone, now = local_zone(), generation_now(today)
    window_days = _working_days(today - timedelta(days=365), today)  # natural days: the last year
    places = _Places(rng, items)
    item_weights = _cumulative(item.weight for item in items)
    channels, channel_weights = zip(*CHANNELS, strict=True)
    channel_weights = _cumulative(channel_weights)
    for index in range(n):
        item = rng.choices(items, cum_weights=item_weights)[0]
        channel = _channel(rng, item, channels, channel_weights)
        region_id = places.region(rng, item)
        window_id = places.window(rng, region_id, item.region_id, item.department_id) \
            if channel == Channel.WINDOW else None
        submitted_on = rng.choice(window_days)
        submitted_at = min(datetime.combine(submitted_on, time(8 + rng.randint(0, 8), rng.randint(0, 59)), zone), now)
        is_person = rng.random() < 0.7
        name, code, phone = person(rng) if is_person else enterprise(rng)
        state, pause = _timeline(rng, item, channel, submitted_on, today)
        finished_on = state.pop("finished_on", None)
        finished_at = (min(max(datetime.combine(finished_on, time(16), zone), submitted_at), now)
                       if finished_on else None)
        # 出件: a result went out (准予 or 不予) by the applicant's choice of delivery
        delivery = _delivery(rng, item, channel) if state["status"] == "completed" else ""
        case = Case(
            number=f"{item.region_code[:6]}-{submitted_on:%Y%m%d}-{serial(first_serial + index)}",
            item_id=item.item_id, item_version_id=item.version_id, workflow_id=workflows[item.immediate],
            department_id=item.department_id, region_id=region_id, channel=channel,
            applicant_kind=ApplicantKind.PERSON if is_person else ApplicantKind.ENTERPRISE,
            applicant_name=name, applicant_id_number=code, applicant_phone=phone, submitted_at=submitted_at,
            intake_window_id=window_id, intake_clerk_id=places.clerks.get(window_id),
            decided_at=finished_at if state.get("decision") else None, completed_at=finished_at,
            delivery=delivery, result_ready_at=finished_at if delivery else None,
            picked_up_at=finished_at if delivery == Delivery.WINDOW else None,
            updated_at=finished_at or submitted_at,
            form_data={"precheck": {"passed": True, "missing_required": [], "reused": []}},
            **state,
        )
        yield case, pause


def _case_after(case: Case) -> dict:
    return {"status": case.status, "channel": case.channel,
            "due_date": case.due_date.isoformat() if case.due_date else None}


def generate_cases(n: int, *, seed: int = 2026, today: date | None = None,
                   progress: Callable[[int, int], None] | None = None) -> int:
    """Insert `n` cases with their audit entries and 补正 pauses in batches; returns how many
    cases were written.

    Rows get explicit ids so each audit hash (which names the case id) is computed before the
    insert; sequences are moved past them at the end. Run it with the site offline.
    """
    rng = random.Random(seed)
    items = _items()
    workflows = {True: WorkflowDefinition.objects.get(code="immediate").pk,
                 False: WorkflowDefinition.objects.get(code="standard").pk}
    today = today or date.today()
    batch: list[tuple[Case, CasePause | None]] = []
    written = 0
    for pair in _cases(n, rng, items, workflows, today, first_serial=Case.objects.count()):
        batch.append(pair)
        if len(batch) == BATCH or written + len(batch) == n:
            written += _write(batch)
            batch = []
            if progress:
                progress(written, n)
    reset_sequences(Case, CasePause, AuditEntry)
    return written


@transaction.atomic
def _write(batch: list[tuple[Case, CasePause | None]]) -> int:
    cases = [case for case, _ in batch]
    assign_ids(Case, cases)
    pauses = []
    for case, pause in batch:
        if pause is not None:
            pause.case_id = case.pk
            pauses.append(pause)
    insert_imported(Case, cases, action=case_events.IMPORTED, after=_case_after, created_at=lambda case: case.updated_at)
    if pauses:
        assign_ids(CasePause, pauses)
        insert_rows(CasePause, rows_of(CasePause, pauses))
    return len(cases)
