"""Generate a realistic district's case history, at any size (1,000,000 cases included).

Cases are written in bulk, as a migration from a legacy system would be: each gets one audit
entry ("case.imported") carrying its state, so every audit chain verifies. Dates respect the
working-day calendar: window cases arrive on working days, limits run in working days.
Random choices come from a seeded generator, so a given seed always builds the same district.
"""

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction

from tongban import workdays
from tongban.audit.hashing import GENESIS_HASH, entry_digest
from tongban.audit.models import AuditEntry
from tongban.audit.services import masked
from tongban.bulk import columns_of, insert_rows, next_ids, reset_sequences
from tongban.catalog.models import ServiceItem
from tongban.core.checkdigits import make_id_number, make_uscc

from .constants import ApplicantKind, Channel
from .deadlines import due_date_of
from .models import Case, WorkflowDefinition
from .numbering import ALPHABET

BATCH = 10000
# 网上申办率 ≥70 % in the seeds: online and mobile together make 70 % of submissions.
CHANNELS = [(Channel.ONLINE, 55), (Channel.MOBILE, 15), (Channel.WINDOW, 25), (Channel.HELPER, 5)]
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
    weight: int


def _items() -> list[ItemFacts]:
    facts = []
    for item in ServiceItem.objects.filter(published_version__isnull=False, is_retired=False).select_related(
            "published_version", "region"):
        version = item.published_version
        # High-frequency items (citizen services, 即办件) get more cases, as in a real hall.
        weight = 8 if version.case_kind == "immediate" else 3 if "1" in version.service_objects else 2
        facts.append(ItemFacts(item.pk, version.pk, item.department_id, item.region_id, item.region.code,
                               version.promised_limit, version.promised_unit, version.case_kind == "immediate",
                               version.can_apply_online, weight))
    if not facts:
        raise RuntimeError("没有已发布的事项：请先运行 load_demo_district 与 load_demo_catalog。")
    return facts


def _working_days(start: date, end: date) -> list[date]:
    days, day = [], start
    while day <= end:  # once per generation run, to draw window dates from; not a limit calculation
        if workdays.is_working_day(day):
            days.append(day)
        day += timedelta(days=1)
    return days


def _person(rng: random.Random) -> tuple[str, str, str]:
    birth = date(rng.randint(1950, 2004), rng.randint(1, 12), rng.randint(1, 28))
    name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))
    return name, make_id_number("371302", birth, rng.randint(1, 999)), f"1{rng.choice('3589')}{rng.randint(0, 999999999):09d}"


def _enterprise(rng: random.Random) -> tuple[str, str, str]:
    name = f"临沂{rng.choice(COMPANY_WORDS)}{rng.choice(COMPANY_WORDS)}{rng.choice(COMPANY_KINDS)}"
    body = "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(9))
    return name, make_uscc(f"91371302{body}"), f"0539-{rng.randint(2000000, 8999999)}"


def _outcome(rng: random.Random, accepted_on: date, due: date, today: date) -> dict:
    """Final state by age: old cases are finished (mostly on time), recent ones in progress."""
    if due >= today and rng.random() < 0.7:
        status = rng.choice(["accepted", "in_review", "in_review", "special_procedure", "review_correction"])
        return {"status": status, "is_paused": status in ("special_procedure", "review_correction")}
    roll = rng.random()
    if roll < 0.02:
        return {"status": "not_accepted", "decision": "not_accepted", "accepted_on": None, "due_date": None,
                "finished_on": accepted_on}
    if roll < 0.03:
        return {"status": "withdrawn", "finished_on": accepted_on}
    # A few working days of review, within the limit — except ~3 % that finish 1–3 working days
    # late (红牌 statistics). Never past today; near a year's end the next (unpublished) year may
    # be needed, hence the provisional calendar.
    if rng.random() < 0.03:
        finished = workdays.provisional_deadline(min(due, today), rng.randint(1, 3))[0]
    else:
        finished = min(workdays.provisional_deadline(accepted_on, rng.randint(0, 3))[0], due)
    finished = min(finished, today)
    decision = "denied" if rng.random() < 0.03 else "approved"
    return {"status": "completed", "decision": decision, "finished_on": finished}


def _serial(number: int) -> str:
    """Base-31 serial, 7 characters: generated numbers never collide (live ones use 6 random)."""
    digits = []
    for _ in range(7):
        number, digit = divmod(number, len(ALPHABET))
        digits.append(ALPHABET[digit])
    return "".join(reversed(digits))


def _cases(n: int, rng: random.Random, items: list[ItemFacts], workflows: dict[bool, int],
           today: date, first_serial: int) -> Iterator[tuple[Case, dict]]:
    zone = ZoneInfo(settings.TIME_ZONE)
    window_days = _working_days(today - timedelta(days=365), today)
    weights = [item.weight for item in items]
    channels, channel_weights = zip(*CHANNELS)
    for index in range(n):
        item = rng.choices(items, weights)[0]
        channel = rng.choices(channels, channel_weights)[0]
        if channel in (Channel.ONLINE, Channel.MOBILE) and not item.online:
            channel = Channel.WINDOW
        submitted_on = rng.choice(window_days)
        submitted_at = datetime.combine(submitted_on, time(8 + rng.randint(0, 8), rng.randint(0, 59)), zone)
        is_person = rng.random() < 0.7
        name, code, phone = _person(rng) if is_person else _enterprise(rng)
        delay = 0 if item.immediate else rng.randint(0, 1)
        accepted_on = min(workdays.provisional_deadline(submitted_on, delay)[0], today)
        due, provisional = due_date_of(accepted_on=accepted_on, limit=item.limit, unit=item.unit,
                                       immediate=item.immediate)
        outcome = _outcome(rng, accepted_on, due, today)
        finished_on = outcome.pop("finished_on", None)
        finished_at = datetime.combine(finished_on, time(16), zone) if finished_on else None
        case = Case(
            number=f"{item.region_code[:6]}-{submitted_on:%Y%m%d}-{_serial(first_serial + index)}",
            item_id=item.item_id, item_version_id=item.version_id, workflow_id=workflows[item.immediate],
            department_id=item.department_id, region_id=item.region_id, channel=channel,
            applicant_kind=ApplicantKind.PERSON if is_person else ApplicantKind.ENTERPRISE,
            applicant_name=name, applicant_id_number=code, applicant_phone=phone, submitted_at=submitted_at,
            accepted_on=outcome.pop("accepted_on", accepted_on), due_date=outcome.pop("due_date", due),
            due_date_provisional=provisional,
            decided_at=finished_at, completed_at=finished_at, picked_up_at=finished_at, updated_at=finished_at or submitted_at,
            form_data={"precheck": {"passed": True, "missing_required": [], "reused": []}},
            **outcome,
        )
        yield case, {"status": case.status, "channel": channel, "due_date": case.due_date.isoformat() if case.due_date else None}


def _audit_row(case: Case, after: dict, entry_id: int) -> dict:
    stream, after = f"cases.case:{case.pk}", masked(after)
    actor_label = "系统（历史数据迁移）"
    entry_hash = entry_digest({
        "stream": stream, "sequence": 1, "created_at": case.updated_at.astimezone(UTC).isoformat(),
        "actor_id": None, "actor_label": actor_label, "action": "case.imported", "before": None, "after": after,
    }, GENESIS_HASH)
    return {"id": entry_id, "stream": stream, "sequence": 1, "created_at": case.updated_at, "actor_id": None,
            "actor_label": actor_label, "action": "case.imported", "before": None, "after": after,
            "previous_hash": GENESIS_HASH, "entry_hash": entry_hash}


def generate_cases(n: int, *, seed: int = 2026, today: date | None = None,
                   progress: Callable[[int, int], None] | None = None) -> int:
    """Insert `n` cases with their audit entries in batches; returns how many were written.

    Rows get explicit ids so each audit hash (which names the case id) is computed before the
    insert; sequences are moved past them at the end. Run it with the site offline.
    """
    rng = random.Random(seed)
    items = _items()
    workflows = {True: WorkflowDefinition.objects.get(code="immediate").pk,
                 False: WorkflowDefinition.objects.get(code="standard").pk}
    today = today or date.today()
    case_ids, entry_ids = iter(next_ids(Case, n)), iter(next_ids(AuditEntry, n))
    batch: list[tuple[Case, dict]] = []
    written = 0
    for case, after in _cases(n, rng, items, workflows, today, first_serial=Case.objects.count()):
        case.pk = next(case_ids)
        batch.append((case, _audit_row(case, after, next(entry_ids))))
        if len(batch) == BATCH:
            written += _write(batch)
            batch = []
            if progress:
                progress(written, n)
    if batch:
        written += _write(batch)
        if progress:
            progress(written, n)
    reset_sequences(Case, AuditEntry)
    return written


@transaction.atomic
def _write(batch: list[tuple[Case, dict]]) -> int:
    rows = []
    for case, entry in batch:
        case.audit_sequence, case.audit_hash = 1, entry["entry_hash"]
        rows.append({field.attname: getattr(case, field.attname) for field in columns_of(Case)})
    insert_rows(Case, rows)
    insert_rows(AuditEntry, [entry for _, entry in batch])
    return len(batch)
