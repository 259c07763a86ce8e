"""Adding deltas to a count table (aggregation.upsert): inserts and increments in one statement,
negative deltas exact and floored at 0, and the NULL department of the ticket tables."""

import logging
from datetime import date

import pytest

from tongban.catalog.models import ServiceItem
from tongban.events.models import ConsumerCursor
from tongban.metrics.aggregation import TABLES, update
from tongban.metrics.aggregation.upsert import add
from tongban.metrics.models import DailyCaseCount, DailyTicketCount, MonthlyCaseCount

from .conftest import at, submit_online
from .counting import rows

DAY = date(2026, 3, 2)


def add_tickets(deltas):
    tables = TABLES["tickets"]
    add(tables.daily, tables.key_fields, tables.counters, deltas)


def add_cases(deltas):
    tables = TABLES["cases"]
    add(tables.daily, tables.key_fields, tables.counters, deltas)


@pytest.fixture
def keys(cases_world):
    """A case key and a ticket key in the same region and department, and the region alone."""
    world = cases_world.catalog
    item = ServiceItem.objects.get(implementation_code=cases_world.item_code)
    return {"case": (DAY, world.region.pk, world.market.pk, item.pk, "online"),
            "ticket": (DAY, world.region.pk, world.market.pk, "phone"),
            "no_department": (DAY, world.region.pk, None, "phone"),
            "region": world.region.pk, "market": world.market.pk, "housing": world.housing.pk}


@pytest.mark.django_db
def test_one_statement_inserts_new_keys_and_increments_existing_ones(keys):
    add_cases({keys["case"]: {"submitted": 1}})
    other_channel = (*keys["case"][:4], "mobile")
    # one call: an existing key incremented, a new key inserted, counters left out add nothing
    add_cases({keys["case"]: {"submitted": 2, "completed": 1}, other_channel: {"submitted": 1, "completed": 0}})

    assert rows(DailyCaseCount, "channel") == {(DAY, "online"): {"submitted": 3, "completed": 1},
                                               (DAY, "mobile"): {"submitted": 1}}
    assert DailyCaseCount.objects.count() == 2


@pytest.mark.django_db
def test_a_key_counted_twice_in_one_batch_and_across_batches_adds_up(cases_world):
    # two submissions with the same key: one batch sums them before the upsert, batches of one
    # entry insert the row and then increment it
    for hour in (9, 10, 11):
        submit_online(cases_world, at(2026, 3, 2, hour))
    assert update("cases", now=at(2026, 4, 1), batch_size=5000) == 3
    counted = rows(DailyCaseCount), rows(MonthlyCaseCount)
    assert counted[0] == {(DAY,): {"submitted": 3, "online_submitted": 3}}

    for model in (DailyCaseCount, MonthlyCaseCount):
        model.objects.all().delete()
    ConsumerCursor.objects.filter(consumer="metrics.cases").update(last_event_id=0)
    assert update("cases", now=at(2026, 4, 1), batch_size=1) == 3
    assert (rows(DailyCaseCount), rows(MonthlyCaseCount)) == counted
    assert DailyCaseCount.objects.count() == MonthlyCaseCount.objects.count() == 1


@pytest.mark.django_db
def test_a_negative_delta_takes_back_exactly_on_an_existing_row(keys):
    add_tickets({keys["ticket"]: {"received": 2, "closed": 1}})
    # a key with both signs: the increments land first, the decrement is exact
    add_tickets({keys["ticket"]: {"received": -1, "callbacks": 1}})

    assert rows(DailyTicketCount, "department") == {(DAY, keys["market"]): {"received": 1, "closed": 1,
                                                                             "callbacks": 1}}
    add_tickets({keys["ticket"]: {"received": -1, "closed": -1, "callbacks": -1}})
    assert rows(DailyTicketCount) == {}
    assert DailyTicketCount.objects.count() == 1  # the row stays, all zero


@pytest.mark.django_db
def test_a_counter_that_would_go_negative_is_kept_at_0_and_logged(keys, caplog):
    add_tickets({keys["ticket"]: {"received": 1, "closed": 1}})
    with caplog.at_level(logging.WARNING, logger="tongban.metrics.aggregation.upsert"):
        add_tickets({keys["ticket"]: {"received": -3, "closed": -1}})
        add_tickets({keys["no_department"]: {"received": -1}})  # no row at all: none is made
    assert rows(DailyTicketCount, "department") == {}
    assert DailyTicketCount.objects.get().received == 0
    assert [record.getMessage() for record in caplog.records] == [
        f"DailyTicketCount {keys['ticket']!r}: received would be -2, kept at 0",
        f"DailyTicketCount {keys['no_department']!r}: received would be -1, kept at 0",
    ]


@pytest.mark.django_db
def test_tickets_without_a_department_have_one_row_per_day_region_and_channel(keys):
    housing = (DAY, keys["region"], keys["housing"], "phone")
    add_tickets({keys["no_department"]: {"received": 1}, keys["ticket"]: {"received": 1}})
    # the NULL key conflicts with its own row (the partial index WHERE department_id IS NULL),
    # never with a department's row of the same day, region and channel
    add_tickets({keys["no_department"]: {"received": 2, "closed": 1}, housing: {"received": 1}})
    add_tickets({keys["no_department"]: {"received": -1}})

    assert rows(DailyTicketCount, "department") == {
        (DAY, None): {"received": 2, "closed": 1},
        (DAY, keys["market"]): {"received": 1},
        (DAY, keys["housing"]): {"received": 1},
    }
    assert DailyTicketCount.objects.filter(department=None).count() == 1
