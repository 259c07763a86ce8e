"""办结期限 with 补正 / 特别程序 pauses on the shipped 2026 notice: deadline, elapsed, remaining."""

from __future__ import annotations

from datetime import date

import pytest

from tongban.workdays import deadline, elapsed_working_days, remaining_working_days

D = date
SPRING_2026_PAUSE = (D(2026, 2, 12), D(2026, 2, 25))  # 补正 spanning the whole of 春节


@pytest.mark.parametrize(
    ("_case", "start", "n", "pauses", "expected"),
    [
        ("no pause", D(2026, 2, 10), 5, [], D(2026, 2, 24)),
        ("补正 spanning 春节", D(2026, 2, 10), 5, [SPRING_2026_PAUSE], D(2026, 3, 2)),
        (
            "overlapping pauses count once",
            D(2026, 2, 10),
            5,
            [(D(2026, 2, 12), D(2026, 2, 20)), (D(2026, 2, 18), D(2026, 2, 25))],
            D(2026, 3, 2),
        ),
        ("the same pause twice", D(2026, 2, 10), 5, [SPRING_2026_PAUSE] * 2, D(2026, 3, 2)),
        (
            "touching pauses",
            D(2026, 2, 10),
            5,
            [(D(2026, 2, 14), D(2026, 2, 25)), (D(2026, 2, 12), D(2026, 2, 13))],
            D(2026, 3, 2),
        ),
        # From Monday 3/2 with n=3 and no pause the due date is Thursday 3/5.
        ("p_start and p_end excluded", D(2026, 3, 2), 3, [(D(2026, 3, 4),) * 2], D(2026, 3, 6)),
        ("pause before start", D(2026, 3, 2), 3, [(D(2026, 2, 1), D(2026, 3, 2))], D(2026, 3, 5)),
        ("pause over start", D(2026, 3, 2), 3, [(D(2026, 2, 25), D(2026, 3, 3))], D(2026, 3, 6)),
        ("pause after due", D(2026, 3, 2), 3, [(D(2026, 3, 6), D(2026, 3, 20))], D(2026, 3, 5)),
        ("open pause after due", D(2026, 3, 2), 3, [(D(2026, 3, 10), None)], D(2026, 3, 5)),
        ("open pause before due", D(2026, 3, 2), 3, [(D(2026, 3, 4), None)], None),
        ("open pause from the start", D(2026, 3, 2), 3, [(D(2026, 3, 2), None)], None),
        (
            "特别程序 inside 补正",
            D(2026, 3, 2),
            3,
            [(D(2026, 3, 4), D(2026, 3, 12)), (D(2026, 3, 5), D(2026, 3, 6))],
            D(2026, 3, 16),
        ),
    ],
)
def test_deadline_with_pauses(_case: str, start: date, n: int, pauses, expected) -> None:
    assert deadline(start, n, "working", pauses) == expected


def test_deadline_open_pause_before_an_unpublished_year_is_unknown_not_an_error() -> None:
    # The clock stopped in 2026 before the limit ran out: the answer is "not yet known".
    assert deadline(D(2026, 12, 20), 30, "working", [(D(2026, 12, 22), None)]) is None
    assert deadline(D(2026, 12, 20), 30, "calendar", [(D(2026, 12, 22), None)]) is None


def test_calendar_deadline_with_pause_rolls_forward() -> None:
    # 3/2–3/4 count, 3/5–3/8 paused, 3/9–3/15 count: day 10 is Sunday 3/15 → Monday 3/16.
    pause = (D(2026, 3, 5), D(2026, 3, 8))
    assert deadline(D(2026, 3, 1), 10, "calendar", [pause]) == D(2026, 3, 16)
    assert deadline(D(2026, 3, 1), 10, "calendar", [(D(2026, 3, 5), None)]) is None


@pytest.mark.parametrize(
    ("_case", "today", "pauses", "expected"),
    [
        ("before any day counts", D(2026, 2, 10), [], 0),
        ("no pause", D(2026, 3, 2), [], 10),
        ("补正 spanning 春节", D(2026, 3, 2), [SPRING_2026_PAUSE], 5),
        ("overlapping", D(2026, 3, 2), [SPRING_2026_PAUSE, (D(2026, 2, 20), D(2026, 2, 24))], 5),
        ("open pause runs to today", D(2026, 3, 2), [(D(2026, 2, 26), None)], 6),
        ("today inside a pause", D(2026, 2, 20), [SPRING_2026_PAUSE], 1),
    ],
)
def test_elapsed_working_days(_case: str, today: date, pauses, expected: int) -> None:
    assert elapsed_working_days(D(2026, 2, 10), today, pauses) == expected


def test_remaining_working_days_for_yellow_and_red_cards() -> None:
    start, n = D(2026, 2, 10), 5
    due = deadline(start, n, "working", [SPRING_2026_PAUSE])
    assert due == D(2026, 3, 2)
    assert remaining_working_days(start, n, D(2026, 2, 27), [SPRING_2026_PAUSE]) == 2  # 黄牌
    assert remaining_working_days(start, n, due, [SPRING_2026_PAUSE]) == 0  # last day
    assert remaining_working_days(start, n, D(2026, 3, 4), [SPRING_2026_PAUSE]) == -2  # 红牌


def test_a_limit_running_into_an_unpublished_year_gives_a_flagged_provisional_date() -> None:
    from tongban.workdays import provisional_deadline

    # published year: exact and not provisional
    assert provisional_deadline(date(2026, 2, 13), 2) == (date(2026, 2, 24), False)
    # accepted 2026-12-24 (Thu), 10 working days: 12/25, 12/28–12/31 (5), then 2027 is not
    # published: weekends only → 1/1 (Fri), 1/4–1/7 → 2027-01-07, flagged
    assert provisional_deadline(date(2026, 12, 24), 10) == (date(2027, 1, 7), True)
