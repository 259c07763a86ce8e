"""SM2/SM3 signatures over the canonical serialisation; one byte changed → verification fails."""

import json

import pytest

from tongban.licences import signing
from tongban.licences.statuslist import code_at, decode, encode, verify_offline

PAIR = signing.generate_key_pair()
DOCUMENT = {"ZZMC": "食品经营许可证", "ZZBS": "1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F",
            "CZZT": "兰山区张三餐馆", "ZZYXQJZRQ": "2031-03-01", "KZ_JYCS": "兰山区金雀山路 1 号",
            "status": {"index": 7, "size": 4, "list": "11220000013544541J"}, "key_id": "k1",
            "ZZBFJGDM": "11220000013544541J"}


def test_canonical_bytes_sort_keys_without_whitespace_or_escapes():
    assert signing.canonical_bytes({"b": 1, "a": "证"}) == '{"a":"证","b":1}'.encode()
    with pytest.raises(signing.CanonicalError):
        signing.canonical_bytes({"a": 1.5})


def test_a_signature_verifies_and_one_changed_byte_fails():
    signature = signing.sign_document(DOCUMENT, private_hex=PAIR.private_hex, public_hex=PAIR.public_hex)
    assert signing.verify_document(DOCUMENT, signature, public_hex=PAIR.public_hex)
    tampered = dict(DOCUMENT, CZZT="兰山区李四餐馆")
    assert not signing.verify_document(tampered, signature, public_hex=PAIR.public_hex)
    flipped = signature[:-1] + ("0" if signature[-1] != "0" else "1")
    assert not signing.verify_document(DOCUMENT, flipped, public_hex=PAIR.public_hex)
    other = signing.generate_key_pair()
    assert not signing.verify_document(DOCUMENT, signature, public_hex=other.public_hex)


@pytest.mark.parametrize("garbage", ["", "zz" * 64, "0" * 128, "f" * 127, None])
def test_malformed_signatures_are_refused_not_raised(garbage):
    assert not signing.verify_document(DOCUMENT, garbage, public_hex=PAIR.public_hex)


def _file():
    return {"format": "tongban-licence/1", "document": DOCUMENT,
            "signature": {"algorithm": signing.ALGORITHM, "key_id": "k1",
                          "value": signing.sign_document(DOCUMENT, private_hex=PAIR.private_hex,
                                                         public_hex=PAIR.public_hex)}}


def _status_list(entries):
    document = {"type": "BitstringStatusList", "issuer_code": "11220000013544541J", "issued": "2026-03-02",
                "key_id": "k1", "encodedList": encode(entries, length=10)}
    return {"document": document, "signature": {"key_id": "k1", "value": signing.sign_document(
        document, private_hex=PAIR.private_hex, public_hex=PAIR.public_hex)}}


KEYS = {"keys": [{"key_id": "k1", "public_key": PAIR.public_hex}]}


def test_offline_verification_of_a_file_byte_by_byte(tmp_path):
    from datetime import date

    licence = _file()
    today = date(2026, 3, 2)
    assert verify_offline(licence, public_keys=KEYS, status_list=_status_list({}), today=today).ok
    raw = json.dumps(licence, ensure_ascii=False).encode()
    position = raw.index("张三".encode())
    tampered = raw[:position] + "李".encode() + raw[position + len("张".encode()):]
    verdict = verify_offline(json.loads(tampered), public_keys=KEYS, status_list=None, today=today)
    assert (verdict.ok, verdict.status) == (False, "invalid") and "篡改" in verdict.message


def test_the_status_list_says_revoked_and_expiry_follows_the_date():
    from datetime import date

    licence = _file()
    revoked = verify_offline(licence, public_keys=KEYS, status_list=_status_list({7: 3}), today=date(2026, 3, 2))
    assert (revoked.ok, revoked.status) == (False, "revoked")
    # the last valid day, and the day after (过期 derived from 证照有效期截止日期)
    assert verify_offline(licence, public_keys=KEYS, status_list=None, today=date(2031, 3, 1)).ok
    assert verify_offline(licence, public_keys=KEYS, status_list=None, today=date(2031, 3, 2)).status == "expired"
    forged = _status_list({})
    forged["document"]["encodedList"] = encode({7: 0, 8: 3}, length=10)
    assert verify_offline(licence, public_keys=KEYS, status_list=forged, today=date(2026, 3, 2)).status == "invalid"


def test_bitstring_round_trip_at_the_neighbouring_positions():
    bits = decode(encode({0: 1, 5: 4, 6: 15}, length=100))
    assert [code_at(bits, i) for i in range(8)] == [1, 0, 0, 0, 0, 4, 15, 0]
