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


@pytest.fixture
def reference_data(transactional_db: None) -> None:
    """Code lists seeded by data migrations, for tests on a transactional database.

    The flush after each such test empties every table, seeded ones included, so they are
    seeded again by the migrations' own functions.
    """
    from importlib import import_module

    from django.apps import apps

    for module in ("tongban.catalog.migrations.0002_seed_item_types",
                   "tongban.cases.migrations.0002_seed_workflows",
                   "tongban.hotline.migrations.0002_seed_categories",
                   "tongban.hotline.migrations.0003_channels_enterprise_emergency_escalations",
                   "tongban.ratings.migrations.0003_rated_subjects_categories_appeals"):
        import_module(module).seed(apps, None)


@pytest.fixture(autouse=True)
def _fresh_reference_caches() -> Iterator[None]:
    """Per-process caches (reference data, verified tokens) must not outlive a test's rows."""
    yield
    from tongban.accounts.middleware import forget_cached_tokens
    from tongban.cases.services.published import clear_caches
    from tongban.rules.book import forget as forget_rule_book

    clear_caches()
    forget_cached_tokens()
    forget_rule_book()
