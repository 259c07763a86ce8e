"""Cases due in a year whose holiday notice is not published yet (every December): the queue,
the case API, the case page and the administrator's queue still work, with provisional dates."""

from datetime import UTC, date, datetime

import pytest
from django.test import Client
from django.utils import timezone

from tongban.accounts.constants import Role
from tongban.accounts.models import User
from tongban.cases import services
from tongban.cases.constants import DeadlineStatus
from tongban.cases.deadlines import deadline_status, yellow_line

from .conftest import at, submit_online


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def clock(monkeypatch):
    """Sets the wall clock the views read (django.utils.timezone.now)."""
    def set_to(moment: datetime) -> None:
        monkeypatch.setattr(timezone, "now", lambda: moment)
    return set_to


@pytest.fixture
def december_case(cases_world, clock):
    """Accepted Mon 2026-12-28 with 5 working days: 12/29, 12/30, 12/31, then 2027 by weekends
    only (1/1, 1/4) — a provisional due date in an unpublished year."""
    cw = cases_world
    clock(at(2026, 12, 28))
    case = submit_online(cw, at(2026, 12, 28))
    case = services.transition_case(actor=cw.clerk, case_number=case.number, command=services.Command("accept"),
                                    now=at(2026, 12, 28))
    services.transition_case(actor=cw.reviewer, case_number=case.number,
                             command=services.Command("start_review"), now=at(2026, 12, 28))
    assert (case.due_date, case.due_date_provisional) == (date(2027, 1, 4), True)
    return case


@pytest.mark.parametrize(("_case", "today", "status"), [
    ("four_working_days_left", date(2026, 12, 29), DeadlineStatus.NORMAL),  # 12/30, 12/31, 1/1, 1/4
    ("three_left", date(2026, 12, 30), DeadlineStatus.NORMAL),
    ("two_left", date(2026, 12, 31), DeadlineStatus.YELLOW),
    ("due_today_in_the_unpublished_year", date(2027, 1, 4), DeadlineStatus.YELLOW),
    ("one_day_over", date(2027, 1, 5), DeadlineStatus.RED),
])
def test_deadline_status_counts_provisional_days_in_an_unpublished_year(_case, today, status):
    assert deadline_status(due_date=date(2027, 1, 4), is_paused=False, today=today, yellow_days=2) == status


def test_the_yellow_line_reaches_into_the_unpublished_year():
    assert yellow_line(today=date(2026, 12, 31), yellow_days=2) == date(2027, 1, 4)


@pytest.mark.parametrize("who", ["reviewer", "admin"])
def test_the_queue_api_lists_provisional_cases_in_late_december(cases_world, december_case, clock, who):
    user = cases_world.reviewer if who == "reviewer" else User.objects.create_user(
        username="xitong", password="x", role=Role.ADMIN)
    clock(at(2026, 12, 31))
    client = client_for(user)
    for flag in ("", "yellow", "red"):
        response = client.get(f"/api/v1/cases/queue?name=in_progress&flag={flag}")
        assert response.status_code == 200, response.content
    rows = client.get("/api/v1/cases/queue?name=in_progress&flag=yellow").json()["items"]
    assert [(row["number"], row["deadline_status"], row["due_date"], row["due_date_provisional"])
            for row in rows] == [(december_case.number, "yellow", "2027-01-04", True)]


@pytest.mark.parametrize(("today", "status"), [(date(2026, 12, 31), "yellow"), (date(2027, 1, 5), "red")])
def test_the_case_api_and_page_show_a_provisional_due_date(cases_world, december_case, clock, today, status):
    clock(at(today.year, today.month, today.day))
    client = client_for(cases_world.reviewer)
    payload = client.get(f"/api/v1/cases/{december_case.number}").json()
    assert (payload["due_date"], payload["due_date_provisional"], payload["deadline_status"]) == (
        "2027-01-04", True, status)
    page = client.get(f"/cases/{december_case.number}/")
    assert page.status_code == 200
    assert "2027-01-04（暂定" in page.content.decode()


@pytest.mark.parametrize("who", ["reviewer", "admin"])
def test_the_queue_page_shows_provisional_cases_in_late_december(cases_world, december_case, clock, who):
    user = cases_world.reviewer if who == "reviewer" else User.objects.create_user(
        username="xitong", password="x", role=Role.ADMIN)
    clock(at(2026, 12, 31))
    client = client_for(user)
    for flag in ("", "yellow", "red"):
        response = client.get(f"/cases/queue/?name=in_progress&flag={flag}")
        assert response.status_code == 200
    assert december_case.number in client.get("/cases/queue/?name=in_progress&flag=yellow").content.decode()


def test_a_case_submitted_before_eight_in_the_morning_is_numbered_with_the_beijing_date(cases_world):
    # 2026-03-01T23:30Z is 2026-03-02 07:30 in Beijing
    utc_now = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)
    case = submit_online(cases_world, utc_now)
    assert case.number.split("-")[1] == "20260302"
    commitment = case.commitments.get()
    assert commitment.due_date == date(2026, 6, 2)  # 3 months from the Beijing date


def test_the_clock_helper_gives_beijing_dates_and_months():
    from tongban.core.clock import add_months, local_date, local_month, month_bounds

    utc_now = datetime(2026, 3, 31, 16, 30, tzinfo=UTC)  # 04-01 00:30 in Beijing
    assert (local_date(utc_now), local_month(utc_now)) == (date(2026, 4, 1), date(2026, 4, 1))
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 12, 15), 1) == date(2027, 1, 15)
    assert add_months(date(2026, 1, 15), -1) == date(2025, 12, 15)
    start, end = month_bounds(date(2026, 12, 1))
    assert (start.isoformat(), end.isoformat()) == ("2026-12-01T00:00:00+08:00", "2027-01-01T00:00:00+08:00")
    with pytest.raises(ValueError):
        local_date(datetime(2026, 3, 1, 23, 30))  # naive: its zone is unknown
