"""自主申报 → 第三方审核 → 联合审定 → 公示 (5 working days) → 拨付, budget, clawback, 免申即享."""

import pytest

from tongban.audit.models import AuditEntry
from tongban.core.errors import DomainError
from tongban.policies import services
from tongban.policies.errors import PolicyConflict, PolicyError
from tongban.policies.models import Application, Payment, Program
from tongban.policies.services import Step

from .conftest import at

RUNNING = {"area_sqm": "28000", "rooms": 30, "organisations": 25, "active_anchors": 60,
           "annual_sales_yuan": "1200000000"}


def apply_running(demo, area="28000", project="兰山直播产业园", now=None):
    program = Program.objects.get(code="ds-base-running")
    return services.submit_application(program, enterprise_uscc=demo.shop.uscc, declared={**RUNNING, "area_sqm": area},
                                       project_name=project, actor=demo.users["qiye"], now=now or at(2026, 12, 7, 9))


def to_publicity(demo, application, now):
    application = services.step(application, Step("audit_pass", reason="材料齐全"), actor=demo.users["shenji"], now=now)
    return services.step(application, Step("approve"), actor=demo.users["shenpi"], now=now)


def test_running_base_flow_to_payment(demo):
    application = apply_running(demo, area="35000")
    assert application.estimated_fen == 300000_00 and application.status == "submitted"
    application = to_publicity(demo, application, at(2026, 12, 7, 11))
    assert application.status == "publicity" and application.approved_fen == 300000_00
    # 公示 5 working days from Mon 7 Dec: through Mon 14 Dec; confirmed from the 15th
    assert str(application.publicity_ends_on) == "2026-12-14"
    with pytest.raises(PolicyError) as refused:
        services.step(application, Step("end_publicity"), actor=demo.users["shenpi"], now=at(2026, 12, 14, 17))
    assert refused.value.code == "policy.publicity_running"
    application = services.step(application, Step("end_publicity"), actor=demo.users["shenpi"], now=at(2026, 12, 15, 9))
    with pytest.raises(PolicyError):  # a reviewer may not pay
        services.step(application, Step("pay"), actor=demo.users["shenpi"], now=at(2026, 12, 15, 10))
    application = services.step(application, Step("pay"), actor=demo.users["kezhang"], now=at(2026, 12, 15, 10))
    assert application.status == "paid" and application.paid_fen == 300000_00
    actions = list(AuditEntry.objects.filter(action__startswith="policies.").values_list("action", flat=True))
    assert {"policies.applied", "policies.audit_pass", "policies.approve", "policies.end_publicity",
            "policies.pay"} <= set(actions)
    # the same project in the same category again → refused, also through the other 基地 program
    with pytest.raises(PolicyConflict) as duplicate:
        apply_running(demo, now=at(2026, 12, 16))
    assert duplicate.value.code == "policy.duplicate_project"
    # clawback on fraud
    application = services.step(application, Step("claw_back", reason="虚报使用面积"), actor=demo.users["kezhang"],
                                now=at(2026, 12, 20))
    assert application.status == "clawed_back" and services.paid_fen(application.program) == 0


def test_ineligible_and_missing_figures_refused(demo):
    with pytest.raises(PolicyError) as error:
        apply_running(demo, area="19999.99")
    assert error.value.code == "policy.not_eligible" and "20000" in error.value.message
    program = Program.objects.get(code="ds-base-running")
    with pytest.raises(PolicyError) as missing:
        services.submit_application(program, enterprise_uscc=demo.shop.uscc, declared={"area_sqm": "30000"},
                                    project_name="x", actor=demo.users["qiye"], now=at(2026, 12, 7))
    assert missing.value.code == "policy.figures_missing"
    with pytest.raises(PolicyError) as bad:
        apply_running(demo, area="abc")
    assert bad.value.field == "area_sqm"
    with pytest.raises(PolicyError) as not_agent:
        services.submit_application(program, enterprise_uscc=demo.shop.uscc, declared=RUNNING, project_name="x",
                                    actor=demo.users["zhangsan"], now=at(2026, 12, 7))
    assert not_agent.value.code == "policy.not_an_agent"


def test_objection_during_publicity(demo):
    application = to_publicity(demo, apply_running(demo), at(2026, 12, 7, 11))
    application = services.step(application, Step("object", reason="面积存疑"), actor=demo.users["shenpi"],
                                now=at(2026, 12, 8))
    assert application.status == "objected"
    application = services.step(application, Step("dismiss_objection", reason="经核实无误"), actor=demo.users["shenpi"],
                                now=at(2026, 12, 9))
    assert application.status == "publicity" and application.objection == ""
    application = services.step(application, Step("object", reason="重复申报"), actor=demo.users["shenpi"],
                                now=at(2026, 12, 10))
    application = services.step(application, Step("uphold_objection", reason="查实"), actor=demo.users["shenpi"],
                                now=at(2026, 12, 11))
    assert application.status == "rejected"
    apply_running(demo, now=at(2026, 12, 12))  # refused ones do not block a new application


def test_auditor_only_audits_and_enterprise_cannot_review(demo):
    application = apply_running(demo)
    with pytest.raises(PolicyError):
        services.step(application, Step("audit_pass"), actor=demo.users["qiye"], now=at(2026, 12, 7))
    with pytest.raises(PolicyError):
        services.step(application, Step("audit_pass"), actor=demo.users["shenpi"], now=at(2026, 12, 7))
    with pytest.raises(PolicyError) as reason:
        services.step(application, Step("audit_reject"), actor=demo.users["shenji"], now=at(2026, 12, 7))
    assert reason.value.code == "policy.reason_required"


def test_ranked_program_needs_rank_and_joint_review_may_lower(demo):
    program = Program.objects.get(code="ds-anchor")
    application = services.submit_application(program, enterprise_uscc=demo.shop.uscc, declared={"anchor_age": 25},
                                              actor=demo.users["qiye"], now=at(2026, 12, 7))
    assert application.estimated_fen is None
    application = services.step(application, Step("audit_pass"), actor=demo.users["shenji"], now=at(2026, 12, 7))
    with pytest.raises(PolicyError) as no_rank:
        services.step(application, Step("approve"), actor=demo.users["shenpi"], now=at(2026, 12, 7))
    assert no_rank.value.code == "policy.rank_required"
    with pytest.raises(PolicyError) as too_much:
        services.step(application, Step("approve", rank=4, amount_yuan="200000.01"), actor=demo.users["shenpi"],
                      now=at(2026, 12, 7))
    assert too_much.value.code == "policy.amount_above_rule"
    application = services.step(application, Step("approve", rank=4), actor=demo.users["shenpi"], now=at(2026, 12, 7))
    assert application.approved_fen == 200000_00


def test_budget_never_exceeded_pro_rata_batch(demo):
    program = Program.objects.get(code="ds-base-running")
    program.budget_fen = 400000_00
    program.save()
    first = to_publicity(demo, apply_running(demo, area="30000", project="一号园"), at(2026, 12, 7, 11))
    second = to_publicity(demo, apply_running(demo, area="20000", project="二号园"), at(2026, 12, 7, 11))
    for application in (first, second):
        services.step(application, Step("end_publicity"), actor=demo.users["shenpi"], now=at(2026, 12, 15))
    # 30万 + 20万 asked, 40万 left: a single payment of the first fits, the second then does not
    paid = services.pay_batch(program, actor=demo.users["kezhang"], now=at(2026, 12, 16))
    shares = {app.project_key: app.paid_fen for app in paid}
    assert shares == {"一号园": 240000_00, "二号园": 160000_00}  # 4/5 each
    assert services.paid_fen(program) == 400000_00 == program.budget_fen
    assert services.budget_left(program) == 0


def test_single_payment_refused_beyond_budget(demo):
    program = Program.objects.get(code="ds-base-running")
    program.budget_fen = 299999_99  # one fen short of the cap amount
    program.save()
    application = to_publicity(demo, apply_running(demo, area="30000"), at(2026, 12, 7, 11))
    application = services.step(application, Step("end_publicity"), actor=demo.users["shenpi"], now=at(2026, 12, 15))
    with pytest.raises(PolicyConflict) as exhausted:
        services.step(application, Step("pay"), actor=demo.users["kezhang"], now=at(2026, 12, 16))
    assert exhausted.value.code == "policy.budget_exhausted"
    program.budget_fen = 300000_00  # budget reached exactly
    program.save()
    assert services.step(application, Step("pay"), actor=demo.users["kezhang"], now=at(2026, 12, 16)).status == "paid"
    assert Payment.objects.filter(program=program).count() == 1


def test_matching_both_ways(demo):
    names = {m.program.code for m in services.matches_for_enterprise(demo.shop, on=at(2026, 12, 7).date())}
    assert "ds-base-running" in names and "gy-upgrade" not in names  # not a manufacturer
    factory = {m.program.code: m for m in services.matches_for_enterprise(demo.factory, on=at(2026, 12, 7).date())}
    assert factory["gy-mu-efficiency"].sure and factory["gy-mu-efficiency"].evaluation.amount_fen == 30000_00
    program = Program.objects.get(code="gy-mu-efficiency")
    listed = services.eligible_enterprises(program, on=at(2026, 12, 7).date(), limit=100)
    assert [m.enterprise for m in listed] == [demo.factory]


def test_auto_grant_run_confirm_account_and_pay(demo):
    program = Program.objects.get(code="gy-mu-efficiency")
    with pytest.raises(PolicyError) as must_not_apply:
        services.submit_application(program, enterprise_uscc=demo.factory.uscc, declared={}, actor=demo.users["qiye"],
                                    now=at(2026, 12, 7))
    assert must_not_apply.value.code == "policy.auto_grant_only"
    (proposed,) = services.run_auto_grant(program, actor=demo.users["shenpi"], now=at(2026, 12, 7))
    assert proposed.status == "proposed" and proposed.approved_fen == 30000_00
    assert services.run_auto_grant(program, actor=demo.users["shenpi"], now=at(2026, 12, 7)) == []  # once
    proposed = services.step(proposed, Step("confirm_grant"), actor=demo.users["shenpi"], now=at(2026, 12, 7))
    with pytest.raises(PolicyError) as bad_account:
        services.step(proposed, Step("confirm_account", bank_account="12ab"), actor=demo.users["qiye"],
                      now=at(2026, 12, 8))
    assert bad_account.value.field == "bank_account"
    proposed = services.step(proposed, Step("confirm_account", bank_account="6222 0216 0000 1234"),
                             actor=demo.users["qiye"], now=at(2026, 12, 8))
    proposed = services.step(proposed, Step("pay"), actor=demo.users["kezhang"], now=at(2026, 12, 9))
    assert proposed.status == "paid" and proposed.bank_account.endswith("1234")


def test_rules_saved_as_versions_and_validated(demo):
    program = Program.objects.get(code="ds-training")
    with pytest.raises(PolicyError) as invalid:
        services.save_rules(program, {"amount": {"type": "fixed", "yuan": 1.5}}, actor=demo.users["shenpi"],
                            now=at(2026, 12, 7))
    assert invalid.value.code == "policy.invalid_rules"
    rules = {**program.rules, "amount": {**program.rules["amount"], "cap_yuan": "120000"}}
    program = services.save_rules(program, rules, actor=demo.users["shenpi"], now=at(2026, 12, 7))
    assert program.version == 2 and program.versions.count() == 2


def test_scope(demo):
    application = apply_running(demo)
    assert services.application_for(demo.users["qiye"], application.pk) == application
    for outsider in ("zhangsan", "shanghu"):
        with pytest.raises(DomainError):
            services.application_for(demo.users[outsider], application.pk)
    with pytest.raises(DomainError):
        services.application_for(demo.users["qiye"], "x\x00")
    assert Application.objects.count() == 1
