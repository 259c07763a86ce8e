"""Claims: real name, once per person per round (one of each denomination), idempotent, sold out."""

import pytest

from tongban.audit.models import AuditEntry
from tongban.core.errors import DomainError
from tongban.vouchers import services
from tongban.vouchers.holders import holder_key
from tongban.vouchers.models import Claim, Stock, Voucher

from .conftest import at


@pytest.fixture
def first_round(vw):
    return services.release_round(vw.campaign.rounds.get(number=1).pk, actor=vw.staff, now=at(2021, 12, 3))


def test_a_claim_gives_one_of_each_denomination_keyed_by_the_hmac_of_the_id(vw, first_round):
    person = vw.resident(1)
    result = services.claim(actor=person, round_id=first_round.pk, client_key="c-1", now=at(2021, 12, 3, 10, 0, 1))
    assert result.created and [v.face_fen for v in result.vouchers] == [10000, 5000, 3000]
    assert {v.expires_at for v in result.vouchers} == {at(2021, 12, 10)}
    stored = Claim.objects.get()
    assert stored.holder_key == holder_key(person.id_number) and person.id_number not in stored.holder_key
    assert not Voucher.objects.filter(holder_key=person.id_number).exists()
    entry = AuditEntry.objects.get(action="vouchers.claimed")
    assert person.id_number not in str(entry.after)


def test_a_second_claim_in_the_round_returns_the_first(vw, first_round):
    person = vw.resident(1)
    first = services.claim(actor=person, round_id=first_round.pk, now=at(2021, 12, 3, 10, 0, 1))
    again = services.claim(actor=person, round_id=first_round.pk, now=at(2021, 12, 3, 10, 0, 2))
    assert not again.created and again.claim.pk == first.claim.pk
    assert Voucher.objects.count() == 3
    remaining = sum(Stock.objects.filter(round=first_round).values_list("remaining", flat=True))
    assert remaining == 3 * (150_0000_00 // 18000) - 3


def test_one_natural_person_per_id_number_whatever_the_account(vw, first_round):
    person = vw.resident(1)
    services.claim(actor=person, round_id=first_round.pk, now=at(2021, 12, 3, 10, 0, 1))
    twin = vw.resident(2)
    twin.id_number = person.id_number  # a second account with the same ID (not saved: the DB refuses it)
    again = services.claim(actor=twin, round_id=first_round.pk, now=at(2021, 12, 3, 10, 0, 2))
    assert not again.created and Claim.objects.count() == 1


def test_without_an_id_number_there_is_no_claim(vw, first_round):
    person = vw.resident(1)
    person.id_number = ""
    with pytest.raises(DomainError) as refused:
        services.claim(actor=person, round_id=first_round.pk, now=at(2021, 12, 3, 10, 0, 1))
    assert refused.value.code == "vouchers.real_name_required"


def test_claims_open_at_10_00_and_close_when_the_round_expires(vw):
    round_id = vw.campaign.rounds.get(number=1).pk
    with pytest.raises(DomainError) as early:
        services.claim(actor=vw.resident(1), round_id=round_id, now=at(2021, 12, 3, 9, 59, 59))
    assert early.value.code == "vouchers.round_not_open"
    assert services.claim(actor=vw.resident(1), round_id=round_id, now=at(2021, 12, 3, 10)).created
    with pytest.raises(DomainError) as late:
        services.claim(actor=vw.resident(2), round_id=round_id, now=at(2021, 12, 10, 10))
    assert late.value.code == "vouchers.round_not_open"


def test_when_a_denomination_is_gone_the_others_are_still_given_and_nothing_when_all_are(vw, first_round):
    Stock.objects.filter(round=first_round, denomination__face_fen=10000).update(remaining=0)
    got = services.claim(actor=vw.resident(1), round_id=first_round.pk, now=at(2021, 12, 3, 10, 0, 1))
    assert [v.face_fen for v in got.vouchers] == [5000, 3000]
    Stock.objects.filter(round=first_round).update(remaining=0)
    with pytest.raises(DomainError) as gone:
        services.claim(actor=vw.resident(2), round_id=first_round.pk, now=at(2021, 12, 3, 10, 0, 2))
    assert gone.value.code == "vouchers.sold_out"
    assert Claim.objects.count() == 1  # the refused claim left nothing


def test_the_last_voucher_of_a_shard_moves_the_claim_to_another_shard(vw, first_round):
    Stock.objects.filter(round=first_round).update(remaining=0)
    Stock.objects.filter(round=first_round, denomination__face_fen=3000, shard=5).update(remaining=1)
    got = services.claim(actor=vw.resident(1), round_id=first_round.pk, now=at(2021, 12, 3, 10, 0, 1))
    assert [v.face_fen for v in got.vouchers] == [3000]
    assert not Stock.objects.filter(round=first_round, remaining__gt=0).exists()
