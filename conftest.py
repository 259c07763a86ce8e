"""Fixtures shared by every test in the repository (src/ and tests/)."""

from collections.abc import Iterator

import pytest


@pytest.fixture
def flushable_audit_log(transactional_db: None) -> Iterator[None]:
    """Request this in any test on a transactional database (live server, threads).

    Set up after transactional_db, it is torn down before the flush and empties the
    append-only audit log, which the flush itself may not touch.
    """
    yield
    from tongban.audit.testing import empty_audit_log

    empty_audit_log()
