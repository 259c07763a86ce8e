"""Adding a year's calendar without a release: command, page, API, audit."""

import json
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client

from tongban import workdays
from tongban.accounts.constants import Role
from tongban.accounts.models import User
from tongban.audit.models import AuditEntry

# An invented year far in the future, so the test never collides with a real notice.
YEAR_2040 = {
    "year": 2040,
    "source": "测试用：2040年部分节假日安排（虚构）",
    "holidays": [{"name": "元旦", "days": ["2040-01-01"]}],
    "working_weekends": [],
}


@pytest.fixture
def calendar_dir(tmp_path, settings, monkeypatch):
    settings.WORKDAYS_DATA_DIR = tmp_path
    monkeypatch.setenv("TONGBAN_CALENDAR_DIR", str(tmp_path))
    workdays.reload()
    yield tmp_path
    monkeypatch.delenv("TONGBAN_CALENDAR_DIR")
    workdays.reload()


def years_2027_to_2039(directory):
    # The calendar must be contiguous; fill the gap with plain years (weekends only).
    for year in range(2027, 2040):
        (directory / f"{year}.json").write_text(json.dumps(
            {"year": year, "source": "测试用", "holidays": [], "working_weekends": []}), encoding="utf-8")


@pytest.mark.django_db
def test_the_command_publishes_a_year_and_it_is_live_at_once(calendar_dir, tmp_path_factory):
    years_2027_to_2039(calendar_dir)
    source = tmp_path_factory.mktemp("upload") / "2040.json"
    source.write_text(json.dumps(YEAR_2040, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(workdays.CalendarNotPublished):
        workdays.is_working_day(date(2040, 1, 2))
    call_command("load_workday_calendar", str(source))
    assert workdays.is_working_day(date(2040, 1, 1)) is False
    assert workdays.is_working_day(date(2040, 1, 2)) is True
    assert AuditEntry.objects.filter(stream="workdays.year:2040", action="calendar.year_published").count() == 1


@pytest.mark.django_db
def test_invalid_year_data_is_refused_and_nothing_is_written(calendar_dir, tmp_path_factory):
    bad = dict(YEAR_2040, working_weekends=["2040-01-02"])  # a Monday is not a weekend
    source = tmp_path_factory.mktemp("upload") / "bad.json"
    source.write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("load_workday_calendar", str(source))
    assert not (calendar_dir / "2040.json").exists()
    assert AuditEntry.objects.count() == 0


@pytest.mark.django_db
def test_admin_uploads_a_year_on_the_page(calendar_dir):
    years_2027_to_2039(calendar_dir)
    admin = User.objects.create_user(username="admin", password="x", role=Role.ADMIN)
    client = Client()
    client.force_login(admin)
    upload = SimpleUploadedFile("2040.json", json.dumps(YEAR_2040).encode(), "application/json")
    response = client.post("/calendar/", {"file": upload}, follow=True)
    assert "2040 年工作日历已发布" in response.content.decode()
    assert 2040 in workdays.published_years()


def test_the_deadline_endpoint_says_which_year_is_missing(client):
    ok = client.get("/api/v1/workdays/deadline", {"start": "2026-02-13", "n": 2}).json()
    assert ok["deadline"] == "2026-02-24"
    missing = client.get("/api/v1/workdays/deadline", {"start": "2026-12-30", "n": 5})
    assert missing.status_code == 422
    assert missing.json()["code"] == "calendar.not_published"
    assert "2027" in missing.json()["detail"]
