"""办理时限 by kind, in working days across the 2026 国庆 holiday (10-01…10-07, 10-10 调休 worked)."""

from datetime import UTC, datetime

import pytest
from django.utils import timezone

from tongban.hotline.due import Due, due_after

from .conftest import SHANGHAI, at

DAYS = {"consult": 3, "help": 3, "complaint": 13, "report": 13, "suggestion": 13}


@pytest.mark.parametrize(("_case", "kind", "start", "due_day"), [
    ("complaint_13_over_national_day", "complaint", at(2026, 9, 30, 10), (2026, 10, 23)),
    ("consult_3_ends_on_makeup_saturday", "consult", at(2026, 9, 30, 10), (2026, 10, 10)),
    ("help_3_late_evening_same_day", "help", at(2026, 9, 30, 23), (2026, 10, 10)),
    ("report_13_from_day_after", "report", at(2026, 10, 8, 9), (2026, 10, 26)),
    ("utc_midnight_is_local_morning", "consult", datetime(2026, 9, 30, 0, 30, tzinfo=UTC), (2026, 10, 10)),
])
def test_due_time_is_end_of_nth_working_day(_case, kind, start, due_day) -> None:
    local_day = timezone.localtime(start).date()
    assert due_after(local_day, DAYS[kind]) == Due(datetime(*due_day, 23, 59, 59, tzinfo=SHANGHAI), False)


def test_dispatch_sets_due_time_from_the_district_rule(register, step, operator, district_rule) -> None:
    district_rule("hotline.due_working_days", {"consult": 1, "help": 3, "complaint": 13, "report": 13,
                                               "suggestion": 13})
    consult = register(kind="consult")
    complaint = register()

    consult = step(consult, operator, "dispatch", now=at(2026, 9, 30, 10), department_code="371302-SCJG")
    complaint = step(complaint, operator, "dispatch", now=at(2026, 9, 30, 10), department_code="371302-SCJG")

    assert timezone.localtime(consult.due_at) == datetime(2026, 10, 8, 23, 59, 59, tzinfo=SHANGHAI)
    assert timezone.localtime(complaint.due_at) == datetime(2026, 10, 23, 23, 59, 59, tzinfo=SHANGHAI)
