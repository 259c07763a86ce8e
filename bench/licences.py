"""Benchmark: 电子证照 issue / verify throughput, the status-list check, SM2 beside Ed25519.

In one process against a fresh PostgreSQL database `bench_licences` (migrated here):
- issue N licences through the worker: N `case.decided` events for N approved cases (rows written
  in bulk), then `process_events` until the outbox is drained — licences/s; baseline in the same
  run: the same worker with the signature swapped for Ed25519 (`cryptography`), so the share of
  SM2 in the cost is visible;
- verify N: the online verification (parse, load, SM2 verify) and the offline check of the file;
- status list for 100,000 licences: build, size in bytes, time to check one;
- raw SM2 (gmssl) and Ed25519 sign / verify per second.
Prints one JSON object.

    python bench/licences.py [--n 2000] [--keep]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from _harness import database_url, install_signal_handlers, log, recreate_database  # noqa: E402

DATABASE = "bench_licences"


def setup_django() -> None:
    os.environ["DATABASE_URL"] = database_url(DATABASE)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tongban.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def rate(count: int, seconds: float) -> float:
    return round(count / seconds, 1) if seconds else 0.0


def raw_signatures(rounds: int) -> dict:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from tongban.licences import signing

    message = signing.canonical_bytes({"ZZMC": "食品经营许可证", "CZZT": "兰山区示范餐馆", "n": 1})
    pair = signing.generate_key_pair()
    began = time.perf_counter()
    signatures = [signing.sign(message, private_hex=pair.private_hex, public_hex=pair.public_hex)
                  for _ in range(rounds)]
    sm2_sign = time.perf_counter() - began
    began = time.perf_counter()
    assert all(signing.verify(message, s, public_hex=pair.public_hex) for s in signatures)
    sm2_verify = time.perf_counter() - began
    key = Ed25519PrivateKey.generate()
    public = key.public_key()
    began = time.perf_counter()
    ed = [key.sign(message) for _ in range(rounds * 20)]
    ed_sign = time.perf_counter() - began
    began = time.perf_counter()
    for s in ed:
        public.verify(s, message)
    ed_verify = time.perf_counter() - began
    return {"sm2_sign_per_s": rate(rounds, sm2_sign), "sm2_verify_per_s": rate(rounds, sm2_verify),
            "ed25519_sign_per_s": rate(rounds * 20, ed_sign), "ed25519_verify_per_s": rate(rounds * 20, ed_verify)}


def world(n: int, tag: str):
    """A department, a licence type, one published item and n approved cases with their events."""
    from django.utils import timezone

    from tongban.accounts.models import Department, Region, User
    from tongban.cases.models import Case, WorkflowDefinition
    from tongban.catalog.models import BasicItem, ItemType, LicenseType, ServiceItem, ServiceItemVersion
    from tongban.core.checkdigits import make_uscc
    from tongban.events.models import OutboxEvent
    from tongban.licences.models import LicenceType

    now = timezone.now() - timedelta(minutes=5)
    region, _ = Region.objects.get_or_create(code="371302", defaults={"name": "兰山区", "level": "district"})
    serial = {"sm2": 1, "ed25519": 2}[tag]
    department = Department.objects.create(code=f"B-{tag}", name=f"区市场监管局{tag}", region=region,
                                           uscc=make_uscc(f"11371302MB280{serial:04d}"))
    catalog_type = LicenseType.objects.create(code=make_uscc(f"11100000TB{serial:07d}") + "002",
                                              name="食品经营许可证", holder_kind="citizen")
    licence_type = LicenceType.objects.create(catalog_type=catalog_type, holder_kind="citizen",
                                              validity_unit="years", validity_length=5,
                                              field_schema=[{"code": "KZ_JYCS", "label": "经营场所"}])
    basic = BasicItem.objects.create(basic_code=f"01000030{serial:02d}", name="食品经营许可",
                                     item_type=ItemType.objects.get(code="01"), level="4", kind="main",
                                     competent_department=department)
    item = ServiceItem.objects.create(implementation_code=f"BENCH{tag}", basic_item=basic, department=department,
                                      region=region)
    version = ServiceItemVersion.objects.create(
        item=item, number=1, status="published", name="食品经营许可", item_type_id=basic.item_type_id,
        legal_basis="x", service_objects=["1"], statutory_limit=20, statutory_unit="working", promised_limit=5,
        promised_unit="working", case_kind="promised", result_kind="license", result_name="食品经营许可证",
        result_license_type=catalog_type, created_at=now, updated_at=now)
    applicant = User.objects.create_user(username=f"bench_{tag}", password="x", role="citizen",
                                         real_name="张三", id_number="")
    workflow = WorkflowDefinition.objects.get(code="standard")
    cases = [Case(number=f"B{tag}{i:08d}", item=item, item_version=version, workflow=workflow, department=department,
                  region=region, status="approved", channel="online", applicant_kind="person", applicant=applicant,
                  applicant_name=f"张三{i}", applicant_id_number=f"37130219900101{i % 10000:04d}",
                  applicant_phone="13805391234", submitted_at=now, decision="approved", decided_at=now,
                  updated_at=now, form_data={"KZ_JYCS": f"兰山区金雀山路 {i} 号"}) for i in range(n)]
    Case.objects.bulk_create(cases, batch_size=2000)
    OutboxEvent.objects.bulk_create([OutboxEvent(topic="case.decided", stream=f"bench:{c.number}", created_at=now,
                                                 payload={"case_number": c.number, "decision": "approved",
                                                          "result_license_type": catalog_type.code})
                                     for c in cases], batch_size=2000)
    return department, licence_type


def issue(n: int, tag: str) -> dict:
    from django.utils import timezone

    from tongban.events.models import ConsumerCursor
    from tongban.licences import keys, services
    from tongban.licences.models import Licence

    department, _ = world(n, tag)
    ConsumerCursor.objects.filter(consumer="licences").delete()
    keys.ensure_key(department, actor=None, now=timezone.now())
    original = keys.sign_with
    if tag == "ed25519":
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        from tongban.licences import signing

        ed = Ed25519PrivateKey.generate()
        keys.sign_with = lambda key, document: ed.sign(signing.canonical_bytes(document)).hex()
    try:
        began = time.perf_counter()
        while services.process_events(now=timezone.now()):
            pass
        seconds = time.perf_counter() - began
    finally:
        keys.sign_with = original
    issued = Licence.objects.filter(issuer=department).count()
    assert issued == n, (issued, n)
    return {"licences": n, "seconds": round(seconds, 2), "licences_per_s": rate(n, seconds)}, department


def verify(department, n: int) -> dict:
    from django.utils import timezone

    from tongban.core.clock import local_date
    from tongban.licences import keys
    from tongban.licences.models import Licence
    from tongban.licences.queries import licence_file, status_list, verify_online
    from tongban.licences.statuslist import verify_offline

    today = local_date(timezone.now())
    licences = list(Licence.objects.filter(issuer=department).select_related("signing_key")[:n])
    identifiers = [licence.identifier for licence in licences]
    began = time.perf_counter()
    assert all(verify_online(identifier, today=today)["valid"] for identifier in identifiers)
    online = time.perf_counter() - began
    public = keys.public_key_set(department)
    listed = status_list(department, now=timezone.now())
    files = [licence_file(licence) for licence in licences]
    began = time.perf_counter()
    assert all(verify_offline(f, public_keys=public, status_list=listed, today=today).ok for f in files)
    offline = time.perf_counter() - began
    return {"verified": len(identifiers), "online_per_s": rate(len(identifiers), online),
            "offline_with_status_list_per_s": rate(len(files), offline)}


def status_list_check(entries: int) -> dict:
    import random

    from tongban.licences.statuslist import code_at, decode, encode

    rng = random.Random(20261207)
    revoked = {rng.randrange(entries): rng.choice((1, 2, 3, 4)) for _ in range(entries // 100)}
    began = time.perf_counter()
    encoded = encode(revoked, length=entries)
    build = time.perf_counter() - began
    index = next(iter(revoked))
    began = time.perf_counter()
    code = code_at(decode(encoded), index)
    check = time.perf_counter() - began
    assert code == revoked[index]
    return {"entries": entries, "not_valid": len(revoked), "encoded_bytes": len(encoded),
            "build_seconds": round(build, 3), "check_one_seconds": round(check, 4)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000, help="licences to issue and verify (issue 15 asks 10,000)")
    parser.add_argument("--raw-rounds", type=int, default=200)
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args()
    install_signal_handlers()
    recreate_database(DATABASE)
    setup_django()
    log("raw signatures")
    raw = raw_signatures(args.raw_rounds)
    log(f"issuing {args.n} licences with SM2, then the Ed25519 baseline")
    sm2, department = issue(args.n, "sm2")
    baseline, _ = issue(args.n, "ed25519")
    log("verifying")
    checked = verify(department, args.n)
    listed = status_list_check(100_000)
    print(json.dumps({"benchmark": "licences", "n": args.n, "issue_sm2": sm2, "issue_ed25519_baseline": baseline,
                      "verify": checked, "status_list": listed, "signatures": raw}, ensure_ascii=False))


if __name__ == "__main__":
    main()
