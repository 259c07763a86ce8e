"""The last voucher of a round, claimed by 50 people at the same moment on 50 connections: one gets it."""

import threading

import pytest
from django.db import connection, connections

from tongban.audit.services import find_tampering
from tongban.core.errors import DomainError
from tongban.vouchers import services
from tongban.vouchers.models import Claim, Stock, Voucher

from .conftest import at, build_world

RACERS = 50


@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrent connections")
def test_the_last_voucher_claimed_by_50_at_once_goes_to_exactly_one(flushable_audit_log):
    vw = build_world("race-2021")
    first = services.release_round(vw.campaign.rounds.get(number=1).pk, actor=vw.staff, now=at(2021, 12, 3))
    Stock.objects.filter(round=first).update(remaining=0)
    Stock.objects.filter(round=first, denomination__face_fen=10000, shard=3).update(remaining=1)
    people = [vw.resident(n) for n in range(1, RACERS + 1)]
    start, outcomes, lock = threading.Barrier(RACERS), [], threading.Lock()

    def claim(person) -> None:
        try:
            start.wait()
            result = services.claim(actor=person, round_id=first.pk, client_key=f"k{person.pk}",
                                    now=at(2021, 12, 3, 10, 0, 1))
            outcome = ("won", [v.face_fen for v in result.vouchers])
        except DomainError as lost:
            outcome = (lost.code, [])
        finally:
            connections.close_all()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=claim, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(outcomes) == RACERS
    assert [o for o in outcomes if o[0] == "won"] == [("won", [10000])]
    assert {o[0] for o in outcomes} == {"won", "vouchers.sold_out"}
    assert Claim.objects.filter(round=first).count() == 1 and Voucher.objects.filter(round=first).count() == 1
    assert Stock.objects.get(round=first, denomination__face_fen=10000, shard=3).remaining == 0
    assert list(find_tampering()) == []
