"""惠企政策 API: programs and their rules, 精准匹配, estimates, applications and their steps,
免申即享 runs, batch payment, program statistics. Amounts are strings of yuan with two decimals."""

from datetime import datetime

from django.utils import timezone
from ninja import Field, Router, Schema, Status

from tongban.accounts.constants import AgentCapacity
from tongban.core.clock import local_date

from . import rules_engine as engine
from . import services
from .constants import PAGE_SIZE
from .errors import PolicyError
from .models import Application, Program
from .stats import program_stats
from .workflow import BY_CODE

router = Router(tags=["惠企政策"])


def _yuan(fen: int | None) -> str | None:
    return None if fen is None else str(engine.from_fen(fen))


class ProgramOut(Schema):
    code: str
    title: str
    policy: str
    document_number: str
    clause: str
    category: str
    auto_grant: bool
    project_required: bool
    version: int
    ceiling_yuan: str | None = Field(description="最高可获金额（元）；无上限时为空")
    budget_yuan: str | None
    opens_on: str | None
    closes_on: str | None
    materials: list[str]
    inputs: list[dict]


class ProgramDetailOut(ProgramOut):
    rules: dict
    stacking: str


def program_payload(program: Program, *, detail: bool = False) -> dict:
    ceiling = engine.upper_bound(program.rules["amount"])
    payload = {
        "code": program.code, "title": program.title, "policy": program.policy.title,
        "document_number": program.policy.document_number, "clause": program.clause, "category": program.category,
        "auto_grant": program.auto_grant, "project_required": program.project_required, "version": program.version,
        "ceiling_yuan": None if ceiling is None else str(engine.down(ceiling)),
        "budget_yuan": _yuan(program.budget_fen if program.budget_fen is not None else program.policy.budget_fen),
        "opens_on": program.opens_on.isoformat() if program.opens_on else None,
        "closes_on": program.closes_on.isoformat() if program.closes_on else None,
        "materials": list(program.materials), "inputs": list(program.rules.get("inputs", [])),
    }
    if detail:
        payload |= {"rules": program.rules, "stacking": program.policy.stacking}
    return payload


class EvaluationOut(Schema):
    program: str
    eligible: bool | None = Field(description="true 符合；false 不符合；null 待补充申报数据")
    amount_yuan: str | None
    capped: bool
    failed: list[str]
    unknown: list[str]
    steps: list[str]


def evaluation_payload(program: Program, evaluation: engine.Evaluation) -> dict:
    return {"program": program.code, "eligible": evaluation.eligible,
            "amount_yuan": None if evaluation.amount is None else str(evaluation.amount),
            "capped": evaluation.capped, "failed": evaluation.failed, "unknown": evaluation.unknown,
            "steps": evaluation.steps}


class MatchOut(Schema):
    program: str
    title: str
    enterprise: str
    enterprise_name: str
    sure: bool
    estimated_yuan: str | None
    ceiling_yuan: str | None
    unknown: list[str]


def match_payload(match: services.Match) -> dict:
    return {"program": match.program.code, "title": match.program.title, "enterprise": match.enterprise.uscc,
            "enterprise_name": match.enterprise.name, "sure": match.sure,
            "estimated_yuan": None if match.evaluation.amount is None else str(match.evaluation.amount),
            "ceiling_yuan": None if match.ceiling is None else str(engine.down(match.ceiling)),
            "unknown": match.evaluation.unknown}


class EstimateIn(Schema):
    enterprise_uscc: str = Field("", max_length=18, description="留空为本人作为法定代表人的企业")
    declared: dict = Field(default_factory=dict, description="申报数据；数值请用字符串或整数（不接受浮点数）")


class ApplicationIn(EstimateIn):
    program: str = Field(max_length=40)
    project_name: str = Field("", max_length=120)


class ActionOut(Schema):
    action: str
    label: str
    destructive: bool


class ApplicationOut(Schema):
    id: int
    program: str
    program_title: str
    program_version: int
    enterprise: str
    enterprise_name: str
    workflow: str
    status: str
    status_label: str
    project_name: str
    declared: dict
    estimated_yuan: str | None
    approved_yuan: str | None
    paid_yuan: str
    rank: int | None
    audit_note: str
    publicity_starts_on: str | None
    publicity_ends_on: str | None
    objection: str
    submitted_at: datetime
    paid_at: datetime | None
    actions: list[ActionOut]


def application_payload(application: Application, actor) -> dict:
    workflow = BY_CODE[application.workflow]
    allowed = workflow.allowed(application.status, services.roles_of(actor, application))
    return {
        "id": application.pk, "program": application.program.code, "program_title": application.program.title,
        "program_version": application.program_version, "enterprise": application.enterprise.uscc,
        "enterprise_name": application.enterprise.name, "workflow": application.workflow,
        "status": application.status, "status_label": workflow.label_of(application.status),
        "project_name": application.project_name, "declared": application.declared,
        "estimated_yuan": _yuan(application.estimated_fen), "approved_yuan": _yuan(application.approved_fen),
        "paid_yuan": _yuan(application.paid_fen), "rank": application.rank, "audit_note": application.audit_note,
        "publicity_starts_on": application.publicity_starts_on.isoformat() if application.publicity_starts_on else None,
        "publicity_ends_on": application.publicity_ends_on.isoformat() if application.publicity_ends_on else None,
        "objection": application.objection, "submitted_at": application.submitted_at, "paid_at": application.paid_at,
        "actions": [{"action": t.action, "label": t.label, "destructive": t.destructive} for t in allowed],
    }


class ApplicationPageOut(Schema):
    items: list[ApplicationOut]
    next_cursor: int | None


class StepIn(Schema):
    action: str = Field(max_length=40)
    reason: str = Field("", max_length=500)
    amount_yuan: str = Field("", max_length=20, description="联合审定金额（元，可低于规则金额）")
    rank: int | None = Field(None, ge=1, le=1000, description="评选名次")
    bank_account: str = Field("", max_length=40)


class RulesIn(Schema):
    rules: dict


class ProgramStatsOut(Schema):
    program: str
    title: str
    budget_yuan: str | None
    paid_yuan: str
    applications: int
    granted: int
    fulfilment_rate: str | None = Field(description="兑现率：已拨付 ÷ 已审结（通过或未通过）的申请，百分比")
    average_working_days: str | None = Field(description="平均兑现时间：申报至拨付的工作日数")


def _enterprise_uscc(request, given: str) -> str:
    if given:
        return given
    mandates = sorted(request.user.enterprise_mandates.select_related("enterprise").order_by("id")[:20],
                      key=lambda m: m.capacity != AgentCapacity.LEGAL_REPRESENTATIVE)  # 法定代表人 first
    mandate = mandates[0] if mandates else None
    if mandate is None:
        raise PolicyError("policy.not_an_agent", "您尚未绑定企业，不能申报。", field="enterprise_uscc", status=403)
    return mandate.enterprise.uscc


@router.get("/policies/programs", response=list[ProgramOut], auth=None, summary="惠企政策条款（申报中的）")
def list_policy_programs(request):
    return [program_payload(p) for p in services.open_programs(on=local_date(timezone.now()))]


@router.get("/policies/programs/{code}", response=ProgramDetailOut, auth=None, summary="政策条款与规则")
def get_policy_program(request, code: str):
    return program_payload(services.program_by_code(code), detail=True)


@router.post("/policies/programs/{code}/estimate", response=EvaluationOut, summary="测算可获金额（企业）")
def estimate_policy_amount(request, code: str, payload: EstimateIn):
    program = services.program_by_code(code)
    enterprise = services.mandated_enterprise(request.user, _enterprise_uscc(request, payload.enterprise_uscc))
    _declared, evaluation = services.estimate(program, enterprise, payload.declared, on=local_date(timezone.now()))
    return evaluation_payload(program, evaluation)


@router.get("/policies/matches", response=list[MatchOut], summary="我可以申报的政策（精准匹配）")
def list_policy_matches(request, enterprise_uscc: str = ""):
    enterprise = services.mandated_enterprise(request.user, _enterprise_uscc(request, enterprise_uscc[:18]))
    return [match_payload(m) for m in services.matches_for_enterprise(enterprise, on=local_date(timezone.now()))]


@router.get("/policies/programs/{code}/eligible", response=list[MatchOut], summary="符合条件的企业及测算金额")
def list_program_matches(request, code: str):
    program = services.program_by_code(code)
    return [match_payload(m) for m in services.eligible_enterprises(program, on=local_date(timezone.now()))]


@router.post("/policies/programs/{code}/rules", response=ProgramDetailOut, summary="保存规则（校验后成为新版本）")
def save_policy_rules(request, code: str, payload: RulesIn):
    program = services.save_rules(services.program_by_code(code), payload.rules, actor=request.user,
                                  now=timezone.now())
    return program_payload(program, detail=True)


@router.post("/policies/applications", response={201: ApplicationOut}, summary="自主申报（企业）")
def submit_policy_application(request, payload: ApplicationIn):
    application = services.submit_application(
        services.program_by_code(payload.program), enterprise_uscc=_enterprise_uscc(request, payload.enterprise_uscc),
        declared=payload.declared, project_name=payload.project_name, actor=request.user, now=timezone.now())
    return Status(201, application_payload(services.application_for(request.user, application.pk), request.user))


@router.get("/policies/applications", response=ApplicationPageOut, summary="兑现申请（按本人范围）")
def list_policy_applications(request, status: str = "", program: str = "", cursor: int | None = None):
    rows = services.applications_for(request.user).order_by("-id")
    if status:
        rows = rows.filter(status=status[:20])
    if program:
        rows = rows.filter(program__code=program[:40])
    if cursor is not None:
        rows = rows.filter(id__lt=cursor)
    page = list(rows[:PAGE_SIZE + 1])
    more = len(page) > PAGE_SIZE
    page = page[:PAGE_SIZE]
    return {"items": [application_payload(a, request.user) for a in page],
            "next_cursor": page[-1].pk if more else None}


@router.get("/policies/applications/{application_id}", response=ApplicationOut, summary="兑现申请")
def get_policy_application(request, application_id: int):
    return application_payload(services.application_for(request.user, application_id), request.user)


@router.post("/policies/applications/{application_id}/steps", response=ApplicationOut,
             summary="审核、审定、公示、拨付、追回、确认账户等流程操作")
def step_policy_application(request, application_id: int, payload: StepIn):
    application = services.application_for(request.user, application_id)
    services.step(application, services.Step(action=payload.action, reason=payload.reason,
                                             amount_yuan=payload.amount_yuan, rank=payload.rank,
                                             bank_account=payload.bank_account),
                  actor=request.user, now=timezone.now())
    return application_payload(services.application_for(request.user, application_id), request.user)


@router.post("/policies/programs/{code}/auto-grant", response=list[ApplicationOut], summary="免申即享：生成兑现名单")
def run_policy_auto_grant(request, code: str):
    created = services.run_auto_grant(services.program_by_code(code), actor=request.user, now=timezone.now())
    return [application_payload(a, request.user) for a in created]


@router.post("/policies/programs/{code}/pay-batch", response=list[ApplicationOut],
             summary="批量拨付（超预算时按条款规定按比例或按排名分配）")
def pay_policy_batch(request, code: str):
    paid = services.pay_batch(services.program_by_code(code), actor=request.user, now=timezone.now())
    return [application_payload(a, request.user) for a in paid]


@router.get("/policies/stats", response=list[ProgramStatsOut], summary="兑现率、平均兑现时间、拨付与预算")
def get_policy_stats(request):
    return program_stats()
