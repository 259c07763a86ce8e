"""Generated case history: realistic shares, consistent with the calendar, audit chains intact."""

from collections import Counter
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, models
from django.utils import timezone

from tongban import workdays
from tongban.accounts.models import Window
from tongban.audit.models import AuditEntry
from tongban.cases.constants import PauseKind
from tongban.cases.deadlines import due_date_of
from tongban.cases.models import Case, CasePause
from tongban.cases.services.transitions import pauses_of
from tongban.core.clock import local_date
from tongban.demo.generators.cases import generate_cases
from tongban.events.services import SETTLE_SECONDS
from tongban.hotline.models import Ticket
from tongban.metrics.aggregation import update_all, verify_all
from tongban.metrics.query import Scope, table_counts
from tongban.metrics.registry import METRICS
from tongban.ratings.models import Rating

TODAY = date(2026, 11, 20)


@pytest.fixture
def demo_district(db):
    """The demo district (兰山区 with its towns, halls and windows) and its published catalog."""
    from tongban.demo.catalog import load_demo_catalog
    from tongban.demo.district import load_demo_district

    load_demo_district()
    load_demo_catalog()


def test_generated_cases_follow_the_rules_and_verify(cases_world):
    written = generate_cases(500, seed=1, today=date(2026, 11, 20))
    assert written == Case.objects.count() == 500
    cases = list(Case.objects.all())
    online = sum(case.channel in ("online", "mobile") for case in cases) / len(cases)
    assert 0.6 < online < 0.8  # 网上申办率 around 70 %
    window = [case for case in cases if case.channel == "window"]
    assert all(workdays.is_working_day(local_date(case.submitted_at)) for case in window)
    assert all(case.due_date >= case.accepted_on for case in cases if case.due_date)
    call_command("verify_audit")


def test_a_second_run_adds_cases_with_new_numbers(cases_world):
    generate_cases(50, seed=1, today=date(2026, 11, 20))
    generate_cases(50, seed=1, today=date(2026, 11, 20))
    assert Case.objects.values("number").distinct().count() == 100
    call_command("verify_audit")


def test_generation_works_at_the_end_of_the_last_published_year(cases_world):
    # finishing dates a few working days after a late-December due date need 2027
    assert generate_cases(300, seed=3, today=date(2026, 12, 31)) == 300


def test_about_three_percent_of_generated_completions_are_late(cases_world):
    generate_cases(1000, seed=5, today=date(2026, 11, 20))
    completed = Case.objects.filter(status="completed", due_date__isnull=False)
    late = completed.filter(completed_at__date__gt=models.F("due_date")).count()
    assert 0 < late / completed.count() < 0.08


def test_about_one_case_in_eight_had_a_correction_that_stops_the_clock(cases_world):
    generate_cases(2000, seed=9, today=date(2026, 11, 20))
    pauses = list(CasePause.objects.select_related("case__item_version"))
    assert all(pause.kind == PauseKind.CORRECTION for pause in pauses)
    assert 0.08 < len(pauses) / 2000 < 0.18  # 补正率
    assert Case.objects.filter(pauses__isnull=False).distinct().count() == len(pauses)  # one 补正 each
    open_pauses = [pause for pause in pauses if pause.ended_on is None]
    assert open_pauses and all(p.case.status in ("intake_correction", "review_correction") and p.case.is_paused
                               for p in open_pauses)
    assert Case.objects.filter(status__in=("intake_correction", "review_correction")).count() == len(open_pauses)
    in_review = 0
    for pause in pauses:
        case, version = pause.case, pause.case.item_version
        if pause.ended_on is None:
            continue
        assert pause.started_on < pause.ended_on
        if case.accepted_on and pause.started_on > case.accepted_on:  # 审查补正: the due date moves
            in_review += 1
            due, _ = due_date_of(accepted_on=case.accepted_on, limit=version.promised_limit,
                                 unit=version.promised_unit, immediate=False, pauses=pauses_of(case))
            assert case.due_date == due
            assert case.status != "not_accepted"
        elif case.accepted_on:  # 受理补正: accepted after the applicant resubmitted
            assert pause.ended_on <= case.accepted_on
    assert in_review > 0


def test_the_command_fills_cases_ratings_and_tickets_once(cases_world):
    call_command("generate_demo_data", cases=400, stdout=StringIO(), stderr=StringIO())
    assert Case.objects.count() == 400 and Ticket.objects.count() == 80
    assert Rating.objects.exists()
    call_command("verify_audit", stdout=StringIO())
    # nothing generated is younger than the consumers' settling time: they count every entry at once
    settled = timezone.now() - timedelta(seconds=SETTLE_SECONDS)
    assert not AuditEntry.objects.filter(action__endswith=".imported", created_at__gt=settled).exists()
    out = StringIO()
    call_command("generate_demo_data", cases=400, if_empty=True, stdout=out)
    assert "跳过" in out.getvalue()
    assert (Case.objects.count(), Ticket.objects.count()) == (400, 80)


def test_cases_spread_over_the_district_and_its_towns_through_their_halls_windows(demo_district):
    generate_cases(1000, seed=4, today=TODAY)
    cases = list(Case.objects.select_related("region", "intake_window__hall__region"))
    levels = Counter(case.region.level for case in cases)
    assert levels.keys() == {"district", "town"} and 0.5 < levels["district"] / 1000 < 0.7  # 就近办 in towns
    towns = Counter(case.region.name for case in cases if case.region.level == "town")
    assert len(towns) >= 8 and towns["枣园镇"] > 0 and towns["兰山街道"] > 0
    window = [case for case in cases if case.channel == "window"]
    assert window and all(case.intake_window_id for case in window)
    assert not any(case.intake_window_id for case in cases if case.channel != "window")
    for case in window:  # a window of the place's own halls: the town centre or one of its village stations
        hall_region = case.intake_window.hall.region
        assert case.region_id in (hall_region.pk, hall_region.parent_id)
    kinds = Counter(case.intake_window.kind for case in window)
    assert 0.9 < (kinds["general"] + kinds["cross_region"]) / len(window) < 0.99 and kinds["department"] > 0
    for case in window:
        if case.intake_window.kind == "department":  # a 专窗 takes its own department's items only
            assert case.intake_window.department_id == case.department_id and case.region.level == "district"
    clerk_window = Window.objects.get(hall__name="兰山区政务服务中心", number="01")
    assert all(case.intake_clerk.username == "shouli" for case in window if case.intake_window == clerk_window)


def test_results_go_out_online_electronically_at_the_window_by_pickup_or_post(demo_district):
    generate_cases(1000, seed=6, today=TODAY)
    completed = Case.objects.filter(status="completed")
    assert not Case.objects.exclude(status="completed").exclude(delivery="").exists()
    assert not completed.filter(delivery="").exists()
    online = Counter(completed.filter(channel__in=("online", "mobile")).values_list("delivery", flat=True))
    assert online["electronic"] / sum(online.values()) > 0.8 and online.keys() <= {"electronic", "post"}
    window = Counter(completed.filter(channel="window").values_list("delivery", flat=True))
    assert window.keys() == {"window", "post"} and window["window"] > window["post"]
    assert not completed.filter(result_ready_at__isnull=True).exists()
    assert not Case.objects.exclude(delivery="window").filter(picked_up_at__isnull=False).exists()
    assert not completed.filter(delivery="window", picked_up_at__isnull=True).exists()


def test_every_metric_of_the_generated_district_is_plausible_and_verifies(demo_district):
    call_command("generate_demo_data", cases=3000, stdout=StringIO(), stderr=StringIO())
    update_all()  # right after the generation, as scripts/demo.sh does: every entry has settled
    assert verify_all() == {"cases": [], "ratings": [], "tickets": []}
    today = timezone.localdate()
    ranges = {"one_window_rate": (90, 99), "online_rate": (60, 78), "on_time_rate": (93, 99.5),
              "startup_electronic_rate": (95, 100), "good_rate": (85, 99), "ticket_on_time_rate": (85, 99.5),
              "ticket_satisfied_rate": (80, 100), "rectified_rate": (50, 100)}
    for metric in METRICS:
        if metric.is_snapshot:
            continue
        counts = table_counts(metric.source, today - timedelta(days=400), today, Scope(), "total", grain="day",
                              theme=metric.theme)[""]
        low, high = ranges[metric.code]
        assert low <= metric.value(counts) <= high, metric.code
    window_ratings = Rating.objects.filter(case__channel="window").select_related("case")
    assert window_ratings.exists() and all(r.window_id == r.case.intake_window_id for r in window_ratings)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="planner statistics are PostgreSQL's")
def test_the_command_leaves_fresh_planner_statistics_on_postgresql(cases_world):
    call_command("generate_demo_data", cases=300, stdout=StringIO(), stderr=StringIO())
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, reltuples FROM pg_class WHERE relname IN ('cases_case', 'hotline_ticket')")
        assert dict(cursor.fetchall()) == {"cases_case": 300, "hotline_ticket": 60}
