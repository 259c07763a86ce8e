"""双随机: the draw is recomputable from the published seed, pool and ratios; conflicts are never drawn."""

from decimal import Decimal

import pytest

from tongban.audit.models import AuditEntry
from tongban.supervision import draw as drawing
from tongban.supervision import services
from tongban.supervision.models import Inspection, InspectorLink, Plan
from tongban.supervision.services import PlanInput, Step

from .conftest import at

ALL = {key: Decimal("50") for key, _ in __import__("tongban.rules.registry", fromlist=["x"]).CREDIT_RISK_STRATA}


def pure_pool(n_subjects=200, n_inspectors=10, links=frozenset(), previous=None):
    subjects = tuple(drawing.Subject(f"S{n:05d}", "ABCDU"[n % 5], ("low", "medium", "high")[n % 3], f"R{n % 2}")
                     for n in range(n_subjects))
    inspectors = tuple(drawing.Inspector(f"I{n:03d}", () if n % 3 else (f"R{n % 2}",)) for n in range(n_inspectors))
    return drawing.Pool(subjects, inspectors, links, previous or {})


def test_seed_is_the_sha256_of_the_canonical_public_values():
    # full-width digits, spaces and case are folded, so the same announced values give one seed
    assert drawing.seed_from_sources([" 上证指数 2026-11-03 收盘 ３４５６.７８ ", "ssq 2026128: 03 07 11"]) == \
        drawing.seed_from_sources(["上证指数 2026-11-03 收盘 3456.78", "SSQ 2026128: 03  07 11"])
    assert len(drawing.seed_from_sources(["x"])) == 64


def test_same_seed_same_draw_and_changed_pool_or_seed_changes_it():
    pool = pure_pool()
    one = drawing.draw(seed="a" * 64, plan="P1", pool=pool, shares=ALL, per_subject=2)
    again = drawing.draw(seed="a" * 64, plan="P1", pool=drawing.Pool.from_snapshot(pool.snapshot()), shares=ALL,
                         per_subject=2)
    assert one.assignments == again.assignments and one.digest == again.digest
    # the order subjects are given in does not matter (no database order enters the draw)
    shuffled = drawing.Pool(tuple(reversed(pool.subjects)), tuple(reversed(pool.inspectors)))
    assert drawing.draw(seed="a" * 64, plan="P1", pool=shuffled, shares=ALL, per_subject=2).digest == one.digest
    assert drawing.draw(seed="b" * 64, plan="P1", pool=pool, shares=ALL, per_subject=2).digest != one.digest
    smaller = pure_pool(n_subjects=199)
    assert drawing.draw(seed="a" * 64, plan="P1", pool=smaller, shares=ALL, per_subject=2).digest != one.digest


def test_quota_is_the_ceiling_of_the_share():
    assert drawing.quota(10, Decimal("10")) == 1  # exactly 1.0
    assert drawing.quota(11, Decimal("10")) == 2  # 1.1 → 2
    assert drawing.quota(10, Decimal("0")) == 0
    assert drawing.quota(3, Decimal("100")) == 3


def test_conflicts_are_never_drawn_and_every_subject_gets_two_distinct_inspectors():
    pool = pure_pool()
    links = frozenset((f"I{n:03d}", f"S{m:05d}") for n in range(0, 10, 2) for m in range(0, 200, 3))
    previous = {f"S{m:05d}": ("I001", "I003") for m in range(0, 200, 5)}
    result = drawing.draw(seed="c" * 64, plan="P1", shares=ALL, per_subject=2,
                          pool=drawing.Pool(pool.subjects, pool.inspectors, links, previous))
    assert result.assignments and not result.short
    for key, inspectors in result.assignments:
        assert len(set(inspectors)) == len(inspectors) == 2
        assert not any((inspector, key) in links for inspector in inspectors)
        assert not set(inspectors) & set(previous.get(key, ()))


def test_a_pool_too_small_after_conflicts_is_reported_short():
    pool = drawing.Pool((drawing.Subject("S1", "A", "low", "R"),), (drawing.Inspector("I1", ()),
                                                                  drawing.Inspector("I2", ())),
                        frozenset({("I2", "S1")}))
    result = drawing.draw(seed="d" * 64, plan="P", pool=pool, shares={"A-low": Decimal("100")}, per_subject=2)
    assert result.short == ("S1",)


def _plan(district, actor, code="JH-2026-01", **overrides):
    data = PlanInput(code=code, name="2026年食品经营双随机抽查", department_code="371302-SCJG",
                     period_start=at(2026, 11, 1).date(), period_end=at(2026, 12, 31).date(),
                     check_item_codes=[item.code for item in district["items"]], **overrides)
    return services.create_plan(data, actor=actor, now=at(2026, 11, 2, 9))


def _drawn(district, code="JH-2026-01", values=("上证指数 2026-11-03 收盘 3456.78",), **overrides):
    head = district["head"]
    plan = _plan(district, head, code, **overrides)
    services.step_plan(plan_code=plan.code, actor=head, now=at(2026, 11, 2, 10),
                       command=Step("announce", sources="上证指数 2026-11-03 收盘价（两位小数）"))
    return services.step_plan(plan_code=plan.code, actor=head, now=at(2026, 11, 3, 16),
                              command=Step("draw", values=list(values)))


@pytest.mark.django_db
def test_a_plan_draws_from_the_announced_seed_and_verifies(district):
    plan = _drawn(district)
    assert plan.status == "drawn" and plan.seed == drawing.seed_from_sources(["上证指数 2026-11-03 收盘 3456.78"])
    inspections = list(Inspection.objects.filter(plan=plan).order_by("rank"))
    assert inspections, "the default shares draw at least one subject per non-empty stratum"
    for inspection in inspections:
        assert len(inspection.inspector_keys) == 2
        assert set(inspection.inspectors.values_list("username", flat=True)) == set(inspection.inspector_keys)
    report = services.verify_plan(plan)
    assert report.ok
    assert AuditEntry.objects.filter(action="supervision.plan_draw").count() == 1
    # a tampered result no longer verifies
    first = inspections[0]
    first.inspector_keys = list(reversed(first.inspector_keys))
    first.save()
    assert not services.verify_plan(Plan.objects.get(pk=plan.pk)).rows_ok


@pytest.mark.django_db
def test_the_draw_needs_the_seed_announced_before(district):
    head = district["head"]
    plan = _plan(district, head)
    with pytest.raises(Exception, match="不能执行"):
        services.step_plan(plan_code=plan.code, actor=head, now=at(2026, 11, 3),
                           command=Step("draw", values=["3456.78"]))
    services.step_plan(plan_code=plan.code, actor=head, now=at(2026, 11, 2, 10),
                       command=Step("announce", sources="上证指数收盘价"))
    with pytest.raises(Exception, match="逐项填写"):
        services.step_plan(plan_code=plan.code, actor=head, now=at(2026, 11, 3),
                           command=Step("draw", values=["3456.78", "多余的一项"]))


@pytest.mark.django_db
def test_linked_inspectors_and_last_inspectors_are_never_drawn(district):
    from tongban.supervision.models import InspectorProfile

    everyone = {key: "100" for key in ALL}
    linked = district["inspectors"][4].inspector_profile
    for enterprise in district["enterprises"]:
        InspectorLink.objects.create(inspector=linked, enterprise=enterprise, reason="近亲属任职")
    first = _drawn(district, "JH-1", shares=everyone)
    assert not Inspection.objects.filter(plan=first, inspectors=district["inspectors"][4]).exists()
    second = _drawn(district, "JH-2", shares=everyone)
    before = dict(Inspection.objects.filter(plan=first).values_list("subject_key", "inspector_keys"))
    for key, keys in Inspection.objects.filter(plan=second).values_list("subject_key", "inspector_keys"):
        assert not set(keys) & set(before[key]), "never the same inspector twice in a row"
    assert InspectorProfile.objects.count() == 6


@pytest.mark.django_db
def test_findings_per_item_rectification_and_reinspection(district):
    from tongban.supervision.models import LenientEntry

    plan = _drawn(district)
    inspection = Inspection.objects.filter(plan=plan).order_by("rank").first()
    inspector = inspection.inspectors.first()
    a, b = (item.code for item in district["items"])
    with pytest.raises(Exception, match="逐项录入"):
        services.step_inspection(inspection_id=inspection.pk, actor=inspector, now=at(2026, 11, 10),
                                 command=Step("record", findings=[(a, "passed", "")]))
    with pytest.raises(Exception, match="清单内"):
        services.step_inspection(inspection_id=inspection.pk, actor=inspector, now=at(2026, 11, 10),
                                 command=Step("record", findings=[(a, "passed", ""), (b, "no_penalty", "")]))
    LenientEntry.objects.create(department=district["market"], check_item=district["items"][1], kind="no_penalty",
                                violation="健康证明过期", conditions="首次违法、及时改正", legal_basis="《行政处罚法》第三十三条")
    services.step_inspection(inspection_id=inspection.pk, actor=inspector, now=at(2026, 11, 10),
                             command=Step("order_rectification",
                                          findings=[(a, "defect", "许可证未公示"), (b, "no_penalty", "首违")]))
    inspection.refresh_from_db()
    assert inspection.status == "rectifying"
    assert inspection.rectification_due.isoformat() == "2026-11-24"  # 10 working days after Tue 11-10
    services.step_inspection(inspection_id=inspection.pk, actor=inspector, now=at(2026, 11, 20),
                             command=Step("reinspect", findings=[(a, "rectified", ""), (b, "passed", "")]))
    inspection.refresh_from_db()
    assert inspection.status == "inspected" and inspection.findings.count() == 4
    outsider = district["inspectors"][5]
    if outsider.username not in Inspection.objects.get(pk=inspection.pk).inspector_keys:
        with pytest.raises(Exception, match="未找到"):
            services.step_inspection(inspection_id=inspection.pk, actor=outsider, now=at(2026, 11, 20),
                                     command=Step("record", findings=[]))


@pytest.mark.django_db
def test_publication_due_follows_the_rule(district):
    plan = _drawn(district)
    assert plan.publish_due.isoformat() == "2026-12-01"  # 20 working days after Tue 11-03
    services.step_plan(plan_code=plan.code, actor=district["head"], now=at(2026, 12, 1), command=Step("publish"))
    entry = AuditEntry.objects.filter(action="supervision.plan_publish").get()
    assert entry.after["on_time"] is True
    assert services.public_plans().filter(pk=plan.pk).exists()
