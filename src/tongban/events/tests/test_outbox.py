"""The outbox: events are read once per consumer, in order, only once they have settled."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tongban.events.services import consume, emit

T0 = datetime(2026, 3, 2, 10, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.mark.django_db
def test_a_consumer_reads_each_settled_event_once_and_waits_for_younger_ones():
    emit("case.decided", stream="cases.case:1", payload={"n": 1}, now=T0)
    emit("case.decided", stream="cases.case:2", payload={"n": 2}, now=T0 + timedelta(seconds=20))
    emit("other.topic", stream="x:1", payload={}, now=T0)
    # 30 s after the first event only it has settled; the second waits (it could still be committing)
    first = consume("licences", ["case.decided"], now=T0 + timedelta(seconds=30))
    assert [event.payload["n"] for event in first] == [1]
    assert consume("licences", ["case.decided"], now=T0 + timedelta(seconds=49)) == []
    assert [e.payload["n"] for e in consume("licences", ["case.decided"], now=T0 + timedelta(seconds=50))] == [2]
    # another consumer has its own cursor
    assert len(consume("metrics", ["case.decided"], now=T0 + timedelta(minutes=5))) == 2
