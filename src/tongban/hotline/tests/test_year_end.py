"""12345 in December: a due time in the unpublished next year is provisional, not a 500, and is
recomputed once that year's holiday notice is loaded."""

import json
from datetime import datetime

import pytest
from django.test import Client
from django.utils import timezone

from tongban import workdays
from tongban.demo.district import DEMO_PASSWORD
from tongban.hotline.services import confirm_provisional_due_times

from .conftest import SHANGHAI, at


@pytest.fixture
def calendar_dir(tmp_path, settings, monkeypatch):
    settings.WORKDAYS_DATA_DIR = tmp_path
    monkeypatch.setenv("TONGBAN_CALENDAR_DIR", str(tmp_path))
    workdays.reload()
    yield tmp_path
    monkeypatch.delenv("TONGBAN_CALENDAR_DIR")
    workdays.reload()


def test_a_complaint_dispatched_in_late_december_gets_a_provisional_due_time(register, step, operator):
    ticket = step(register(now=at(2026, 12, 21, 9)), operator, "dispatch", now=at(2026, 12, 21, 10),
                  department_code="371302-SCJG")
    # 13 working days: 12/22–12/31 are 8, then 2027 by weekends only (provisional): 1/1, 1/4–1/7
    assert timezone.localtime(ticket.due_at) == datetime(2027, 1, 7, 23, 59, 59, tzinfo=SHANGHAI)
    assert ticket.due_at_provisional
    client = Client()
    client.login(username=operator.username, password=DEMO_PASSWORD)
    page = client.get(f"/hotline/tickets/{ticket.number}/")
    assert page.status_code == 200 and "暂定" in page.content.decode()
    assert "暂定" in client.get("/hotline/").content.decode()


def test_a_consultation_due_before_new_year_is_final(register, step, operator):
    ticket = step(register(kind="consult", now=at(2026, 12, 21, 9)), operator, "dispatch",
                  now=at(2026, 12, 21, 10), department_code="371302-SCJG")
    assert timezone.localtime(ticket.due_at).date().isoformat() == "2026-12-24"
    assert not ticket.due_at_provisional


def test_the_due_time_is_recomputed_when_the_next_year_is_published(register, step, operator, calendar_dir):
    ticket = step(register(now=at(2026, 12, 21, 9)), operator, "dispatch", now=at(2026, 12, 21, 10),
                  department_code="371302-SCJG")
    assert confirm_provisional_due_times(at(2026, 12, 22)) == 0  # not published yet: left as it is
    (calendar_dir / "2027.json").write_text(json.dumps({  # 元旦 1/1–1/3 and nothing else, for the test
        "year": 2027, "source": "测试用", "holidays": [{"name": "元旦", "days": ["2027-01-01"]}],
        "working_weekends": []}), encoding="utf-8")
    workdays.reload()
    assert confirm_provisional_due_times(at(2026, 12, 23)) == 1
    ticket.refresh_from_db()
    assert not ticket.due_at_provisional
    assert timezone.localtime(ticket.due_at) == datetime(2027, 1, 8, 23, 59, 59, tzinfo=SHANGHAI)
    assert ticket.row_version > 1
