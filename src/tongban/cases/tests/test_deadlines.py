"""Due dates and 黄牌/红牌 at their boundaries, across the 2026 Spring Festival and National Day."""

from datetime import date

import pytest

from tongban.cases import services
from tongban.cases.constants import DeadlineStatus
from tongban.cases.deadlines import deadline_status, due_date_of

from .conftest import at, submit_online


@pytest.mark.parametrize(
    ("_case", "accepted_on", "limit", "due"),
    [
        ("spring_festival_adjusted_saturday_counts", date(2026, 2, 13), 1, date(2026, 2, 14)),
        ("spring_festival_skips_the_holiday", date(2026, 2, 13), 2, date(2026, 2, 24)),
        ("spring_festival_five_days", date(2026, 2, 13), 5, date(2026, 2, 27)),
        ("national_day_before", date(2026, 9, 29), 1, date(2026, 9, 30)),
        ("national_day_skips_the_week", date(2026, 9, 29), 2, date(2026, 10, 8)),
        ("national_day_adjusted_saturday", date(2026, 9, 29), 4, date(2026, 10, 10)),
        ("national_day_monday_after", date(2026, 9, 29), 5, date(2026, 10, 12)),
    ],
)
def test_due_date_counts_working_days_from_the_day_after_acceptance(_case, accepted_on, limit, due):
    assert due_date_of(accepted_on=accepted_on, limit=limit, unit="working", immediate=False) == (due, False)


def test_a_pause_in_the_middle_of_the_spring_festival_period_is_excluded():
    # accepted Tue 2/10, 5 working days: 2/11, then a special procedure on 2/12–2/13 (excluded),
    # then 2/14 (调休 Saturday), 2/24, 2/25, 2/26
    due = due_date_of(accepted_on=date(2026, 2, 10), limit=5, unit="working", immediate=False,
                      pauses=[(date(2026, 2, 12), date(2026, 2, 13))])
    assert due == (date(2026, 2, 26), False)


@pytest.mark.parametrize(
    ("_case", "accepted_on", "due"),
    [("working_day", date(2026, 2, 13), date(2026, 2, 13)), ("holiday", date(2026, 2, 16), date(2026, 2, 24))],
)
def test_immediate_items_are_due_the_same_working_day(_case, accepted_on, due):
    assert due_date_of(accepted_on=accepted_on, limit=0, unit="working", immediate=True) == (due, False)


@pytest.mark.parametrize(
    ("_case", "today", "status"),
    [
        ("three_working_days_left", date(2026, 2, 24), DeadlineStatus.NORMAL),   # 2/25, 2/26, 2/27
        ("two_working_days_left", date(2026, 2, 25), DeadlineStatus.YELLOW),
        ("due_today", date(2026, 2, 27), DeadlineStatus.YELLOW),
        ("one_day_over", date(2026, 2, 28), DeadlineStatus.RED),                 # 2/28 is a 调休 Saturday
    ],
)
def test_yellow_and_red_cards(_case, today, status):
    assert deadline_status(due_date=date(2026, 2, 27), is_paused=False, today=today, yellow_days=2) == status


def test_a_paused_case_shows_paused_not_red():
    assert deadline_status(due_date=date(2026, 2, 27), is_paused=True, today=date(2026, 3, 30),
                           yellow_days=2) == DeadlineStatus.PAUSED


def test_special_procedure_time_is_excluded_but_capped_at_its_maximum(cases_world):
    cw = cases_world
    # given a case accepted Tue 2026-03-03 with 5 working days (due 3/10)
    case = submit_online(cw, at(2026, 3, 2))
    case = services.transition_case(actor=cw.clerk, case_number=case.number,
                                    command=services.Command("accept"), now=at(2026, 3, 3))
    assert case.due_date == date(2026, 3, 10)
    case = services.transition_case(actor=cw.reviewer, case_number=case.number,
                                    command=services.Command("start_review"), now=at(2026, 3, 4))
    # when a 现场勘验 (max 10 working days) runs from 3/5 to 3/6 (2 working days)
    services.transition_case(actor=cw.reviewer, case_number=case.number,
                             command=services.Command("start_special_procedure", procedure="site_inspection"),
                             now=at(2026, 3, 5))
    case = services.transition_case(actor=cw.reviewer, case_number=case.number,
                                    command=services.Command("end_special_procedure"), now=at(2026, 3, 6))
    # then the due date moves by exactly those 2 working days
    assert case.due_date == date(2026, 3, 12)
    # and a second one that overruns (3/9 .. 4/10) counts only its 10 working-day maximum
    services.transition_case(actor=cw.reviewer, case_number=case.number,
                             command=services.Command("start_special_procedure", procedure="site_inspection"),
                             now=at(2026, 3, 9))
    case = services.transition_case(actor=cw.reviewer, case_number=case.number,
                                    command=services.Command("end_special_procedure"), now=at(2026, 4, 10))
    # used before: 3/4 (1); excluded 3/5-3/6; the 3/9 pause is capped at its 10 working days
    # 3/9..3/20; the remaining 4 days are 3/23, 3/24, 3/25, 3/26
    assert case.due_date == date(2026, 3, 26)


def test_an_unknown_special_procedure_is_refused(cases_world):
    cw = cases_world
    case = submit_online(cw, at(2026, 3, 2))
    services.transition_case(actor=cw.clerk, case_number=case.number, command=services.Command("accept"),
                             now=at(2026, 3, 3))
    services.transition_case(actor=cw.reviewer, case_number=case.number, command=services.Command("start_review"),
                             now=at(2026, 3, 3))
    from tongban.core.errors import DomainError

    with pytest.raises(DomainError) as refused:
        services.transition_case(actor=cw.reviewer, case_number=case.number,
                                 command=services.Command("start_special_procedure", procedure="hearing"),
                                 now=at(2026, 3, 4))
    assert refused.value.code == "case.unknown_procedure"


def test_a_case_accepted_in_late_december_gets_a_provisional_due_date_recomputed_later(cases_world, tmp_path,
                                                                                      monkeypatch):
    import json

    from tongban import workdays
    from tongban.cases.services import recompute_provisional_due_dates

    cw = cases_world
    case = submit_online(cw, at(2026, 12, 28))
    case = services.transition_case(actor=cw.clerk, case_number=case.number, command=services.Command("accept"),
                                    now=at(2026, 12, 28))
    # 5 working days: 12/29, 12/30, 12/31, then 2027 by weekends only: 1/1, 1/4
    assert (case.due_date, case.due_date_provisional) == (date(2027, 1, 4), True)
    # when the 2027 notice is loaded (here: New Year's Day off, as every year)
    (tmp_path / "2027.json").write_text(json.dumps({
        "year": 2027, "source": "测试用", "holidays": [{"name": "元旦", "days": ["2027-01-01"]}],
        "working_weekends": []}), encoding="utf-8")
    monkeypatch.setenv("TONGBAN_CALENDAR_DIR", str(tmp_path))
    workdays.reload()
    try:
        assert recompute_provisional_due_dates(now=at(2027, 1, 2)) == 1
    finally:
        monkeypatch.delenv("TONGBAN_CALENDAR_DIR")
        workdays.reload()
    case.refresh_from_db()
    assert (case.due_date, case.due_date_provisional) == (date(2027, 1, 5), False)
