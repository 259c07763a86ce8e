from datetime import date

from django.utils import timezone
from ninja import Query, Router, Schema

from tongban.core.clock import local_date
from tongban.credit.records import public_credit as find_public_credit

from . import services
from .workflow import PLAN_WORKFLOW

router = Router(tags=["监管"])


class PlanOut(Schema):
    code: str
    name: str
    department: str
    status: str
    status_label: str
    period_start: date
    period_end: date
    seed_sources: str
    seed_values: list[str]
    seed: str
    algorithm: str
    pool_digest: str
    result_digest: str
    publish_due: date | None


class PlanQuery(Schema):
    before: int | None = None


class CreditQuery(Schema):
    uscc: str


class CreditRecordOut(Schema):
    kind: str
    category: str
    severity: str
    reason: str
    decided_on: date | None
    publish_until: date | None


class PublicCreditOut(Schema):
    uscc: str
    name: str
    credit_class: str | None
    records: list[CreditRecordOut]


@router.get("/supervision/plans", response=list[PlanOut], summary="抽查计划（本部门或联合，含随机种子与结果摘要）")
def list_supervision_plans(request, query: Query[PlanQuery]):
    plans = services.plans_for(request.user).order_by("-id")
    if query.before:
        plans = plans.filter(id__lt=query.before)
    return [{"code": p.code, "name": p.name, "department": p.department.code, "status": p.status,
             "status_label": PLAN_WORKFLOW.label_of(p.status), "period_start": p.period_start,
             "period_end": p.period_end, "seed_sources": p.seed_sources, "seed_values": p.seed_values or [],
             "seed": p.seed, "algorithm": p.algorithm, "pool_digest": p.pool_digest,
             "result_digest": p.result_digest, "publish_due": p.publish_due} for p in plans[:50]]


@router.get("/credit/public", response=PublicCreditOut, auth=None, summary="信用查询：按统一社会信用代码，仅含已公示记录")
def public_credit(request, query: Query[CreditQuery]):
    found = find_public_credit(query.uscc, on=local_date(timezone.now()))
    return {"uscc": found.uscc, "name": found.name, "credit_class": found.credit_class,
            "records": [{"kind": r.kind, "category": r.category, "severity": r.severity, "reason": r.reason,
                         "decided_on": r.decided_on, "publish_until": r.publish_until} for r in found.records]}
