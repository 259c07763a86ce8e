"""Keep the default calendar of these tests to the shipped notices only.

The Django settings point TONGBAN_CALENDAR_DIR at a writable directory where an administrator
(or another test) may have published years; these tests check the shipped data, so each test
module runs without it and with a freshly loaded default calendar.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tongban import workdays


# Module scope (not function scope) so that Hypothesis tests can use it too.
@pytest.fixture(autouse=True, scope="module")
def shipped_calendar_only() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv(workdays.CALENDAR_DIR_ENV, raising=False)
        workdays.reload()
        yield
    workdays.reload()
