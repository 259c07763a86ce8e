"""Generated case history: realistic shares, consistent with the calendar, audit chains intact."""

from datetime import date

from django.core.management import call_command
from django.db import models

from tongban import workdays
from tongban.cases.demo_data import generate_cases
from tongban.cases.models import Case



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
