"""Generated case history: realistic shares, consistent with the calendar, audit chains intact."""

from datetime import date
from io import StringIO

from django.core.management import call_command
from django.db import models
from django.utils import timezone

from tongban import workdays
from tongban.audit.models import AuditEntry
from tongban.cases.constants import PauseKind
from tongban.cases.deadlines import due_date_of
from tongban.cases.demo_data import generate_cases
from tongban.cases.models import Case, CasePause
from tongban.cases.services.transitions import pauses_of
from tongban.hotline.models import Ticket
from tongban.ratings.models import Rating



def test_generated_cases_follow_the_rules_and_verify(cases_world):
    written = generate_cases(500, seed=1, today=date(2026, 11, 20))
    assert written == Case.objects.count() == 500
    cases = list(Case.objects.all())
    online = sum(case.channel in ("online", "mobile") for case in cases) / len(cases)
    assert 0.6 < online < 0.8  # 网上申办率 around 70 %
    window = [case for case in cases if case.channel == "window"]
    assert all(workdays.is_working_day(case.submitted_at.date()) for case in window)
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
    # nothing generated lies in the future: the metrics consumers can count every entry at once
    assert not AuditEntry.objects.filter(created_at__gt=timezone.now()).exists()
    out = StringIO()
    call_command("generate_demo_data", cases=400, if_empty=True, stdout=out)
    assert "跳过" in out.getvalue()
    assert (Case.objects.count(), Ticket.objects.count()) == (400, 80)
