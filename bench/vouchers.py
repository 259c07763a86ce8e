"""Benchmark: the 10:00 rush on a voucher round over HTTP (granian + PostgreSQL) against pgbench TPC-B, same run.

1. Recreates bench_vouchers, migrates, loads the demo district (with the seed 002 campaign).
2. In process: a bench campaign whose first round is open now, `--people` residents with real
   names and API tokens, extra cashiers at the demo merchants.
3. Serves the app with granian; `--claimers` threads (one keep-alive connection each) start on a
   barrier and claim for their slice of the residents: claims/s, p50/p99 latency.
4. pgbench TPC-B (scale 10) with the same number of clients for `--seconds`: the baseline.
5. Invariants from the database: issued ≤ the round's stock and release, exactly one of each
   denomination per person, every acknowledged claim present with its vouchers, no duplicates.
6. `--redemptions` redemptions at the tills, `--retry-percent` of them sent twice (the second at
   the same moment on another connection): every retry answers the same redemption, none twice.

Prints one JSON object on stdout. Not a test.
"""

from __future__ import annotations

import argparse
import http.client
import json
import re
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import (  # noqa: E402
    PG_HOST, PG_PORT, PG_USER, Environment, app_server, install_signal_handlers, loadavg, log, recreate_database,
    summary_ms,
)

DATABASE = "bench_vouchers"
PGBENCH_DATABASE = "bench_pgbench"
PGBENCH_CONNECTION = ["-h", PG_HOST, "-p", PG_PORT, "-U", PG_USER]


def init_pgbench() -> None:
    recreate_database(PGBENCH_DATABASE)
    subprocess.run(["pgbench", *PGBENCH_CONNECTION, "-i", "-s", "10", "-q", PGBENCH_DATABASE], check=True,
                   stdout=sys.stderr, stderr=sys.stderr)


def run_pgbench(clients: int, seconds: int) -> dict:
    command = ["pgbench", *PGBENCH_CONNECTION, "-c", str(clients), "-j", str(min(2, clients)), "-T", str(seconds),
               PGBENCH_DATABASE]
    log(" ".join(command))
    result = subprocess.run(command, check=True, capture_output=True, text=True)
    tps = re.search(r"tps = ([\d.]+) \(without initial connection time\)", result.stdout)
    latency = re.search(r"latency average = ([\d.]+) ms", result.stdout)
    return {"tps": float(tps.group(1)), "clients": clients,
            "latency_avg_ms": float(latency.group(1)) if latency else None}


def setup_world(people: int, cashiers: int) -> dict:
    """Residents, tokens, the open round and the tills (in this process, straight into the database)."""
    from django.utils import timezone

    from tongban.accounts.constants import Role
    from tongban.accounts.models import ApiToken, Region, User
    from tongban.accounts.models.tokens import hash_token
    from tongban.core.checkdigits import make_id_number
    from tongban.core.clock import local_date
    from tongban.vouchers import services
    from tongban.vouchers.models import Cashier, Merchant

    now = timezone.now()
    region = Region.objects.get(code="371302")
    campaign = services.create_campaign(code="bench", name="压测消费券", region=region,
                                        starts_on=local_date(now) - timedelta(days=1),
                                        ends_on=local_date(now) + timedelta(days=27), actor=None, now=now)
    first = campaign.rounds.get(number=1)
    services.release_round(first.pk, actor=None, now=now)
    for merchant in Merchant.objects.filter(campaign__code="lanshan-2021"):
        merchant.pk, merchant.campaign = None, campaign
        merchant.save()
    log(f"creating {people} residents with tokens")
    users = User.objects.bulk_create([
        User(username=f"bench{n}", role=Role.CITIZEN, real_name=f"居民{n}", password="!",
             id_number=make_id_number("371302", __import__("datetime").date(1980, 1, 1) + timedelta(days=n // 900),
                                      n % 900 + 1)) for n in range(people)])
    tills = User.objects.bulk_create([User(username=f"till{n}", role=Role.MERCHANT, password="!")
                                      for n in range(cashiers)])
    merchants = list(campaign.merchants.all())
    Cashier.objects.bulk_create([Cashier(user=u, merchant=merchants[n % len(merchants)])
                                 for n, u in enumerate(tills)])
    tokens, till_tokens = [], []
    rows = []
    for user in users + tills:
        raw = ApiToken.new_raw_key()
        rows.append(ApiToken(user=user, key_hash=hash_token(raw), name="bench", expires_at=now + timedelta(days=1)))
        (tokens if user.role == Role.CITIZEN else till_tokens).append(raw)
    ApiToken.objects.bulk_create(rows)
    return {"round": first.pk, "tokens": tokens, "till_tokens": till_tokens, "user_ids": [u.pk for u in users]}


class Client:
    """One keep-alive connection to the server (reopened after an error)."""

    def __init__(self, port: int) -> None:
        self.port, self.connection = port, None

    def post(self, path: str, body: dict, token: str, headers: dict | None = None) -> tuple[int, dict, float]:
        payload = json.dumps(body).encode()
        head = {"Host": "127.0.0.1", "Content-Type": "application/json", "Authorization": f"Bearer {token}",
                **(headers or {})}
        began = time.perf_counter()
        for attempt in range(2):
            try:
                if self.connection is None:
                    self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
                self.connection.request("POST", path, body=payload, headers=head)
                response = self.connection.getresponse()
                data = response.read()
                return response.status, (json.loads(data) if data else {}), time.perf_counter() - began
            except (OSError, http.client.HTTPException):
                self.connection = None
                if attempt:
                    raise
        raise AssertionError("unreachable")


def rush(port: int, world: dict, claimers: int) -> dict:
    tokens, round_id = world["tokens"], world["round"]
    slices = [tokens[i::claimers] for i in range(claimers)]
    barrier, lock = threading.Barrier(claimers + 1), threading.Lock()
    latencies, acknowledged, statuses = [], [], {}

    def claimer(mine: list[str]) -> None:
        client = Client(port)
        barrier.wait()
        for index, token in enumerate(mine):
            status, body, seconds = client.post("/api/v1/vouchers/claims", {"round_id": round_id}, token,
                                                {"Idempotency-Key": f"c{index}", "X-Device-Id": token[:6]})
            with lock:
                latencies.append(seconds)
                statuses[status] = statuses.get(status, 0) + 1
                if status in (200, 201):
                    acknowledged.append((token, body["claim_id"], sorted(v["face_fen"] for v in body["vouchers"])))

    threads = [threading.Thread(target=claimer, args=(part,), daemon=True) for part in slices]
    for thread in threads:
        thread.start()
    barrier.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - began
    return {"claims": len(latencies), "seconds": round(seconds, 3), "claims_per_s": round(len(latencies) / seconds, 1),
            "statuses": {str(k): v for k, v in sorted(statuses.items())}, "latency": summary_ms(latencies),
            "_acknowledged": acknowledged}


def claim_invariants(world: dict, acknowledged: list) -> dict:
    from django.db.models import Count, Sum

    from tongban.vouchers.models import Claim, Round, Stock, Voucher

    round_ = Round.objects.get(pk=world["round"])
    issued = Voucher.objects.filter(round=round_).aggregate(fen=Sum("face_fen"), n=Count("id"))
    stock = Stock.objects.filter(round=round_).aggregate(total=Sum("total"), left=Sum("remaining"))
    duplicates = (Voucher.objects.filter(round=round_).values("holder_key", "denomination")
                  .annotate(n=Count("id")).filter(n__gt=1).count())
    per_person = set(Voucher.objects.filter(round=round_).values("claim").annotate(n=Count("id"))
                     .values_list("n", flat=True))
    claims = dict(Claim.objects.filter(round=round_).values_list("pk").annotate(n=Count("vouchers")))
    missing = [claim_id for _token, claim_id, faces in acknowledged if claims.get(claim_id) != len(faces)]
    return {
        "issued_fen": issued["fen"] or 0, "issued_vouchers": issued["n"], "release_fen": round_.release_fen,
        "issued_le_release": (issued["fen"] or 0) <= round_.release_fen,
        "stock_taken_equals_issued": stock["total"] - stock["left"] == issued["n"],
        "one_of_each_denomination_per_person": per_person <= {3} and duplicates == 0,
        "acknowledged_claims": len(acknowledged), "acknowledged_missing": len(missing),
        "claims_in_database": len(claims), "no_unacknowledged_claims": len(claims) == len({a[1] for a in acknowledged}),
    }


def redemptions(port: int, world: dict, count: int, retry_percent: int, concurrency: int) -> dict:
    from tongban.vouchers.models import Redemption, Voucher

    codes = list(Voucher.objects.filter(round_id=world["round"]).order_by("id")
                 .values_list("code", "threshold_fen")[:count])
    jobs = []
    for index, (code, threshold) in enumerate(codes):
        jobs.append((index, code, threshold, index % 100 < retry_percent))
    tills = world["till_tokens"]
    lock, latencies, answers, statuses = threading.Lock(), [], {}, {}
    cursor = iter(jobs)

    def till(worker: int) -> None:
        client, twin = Client(port), Client(port)
        token = tills[worker % len(tills)]
        while True:
            with lock:
                job = next(cursor, None)
            if job is None:
                return
            index, code, threshold, retry = job
            body = {"code": code, "bill_fen": threshold, "till_key": f"POS-{worker}-{index}"}
            results = []
            if retry:  # the till times out and sends again while the first is still in flight
                other = threading.Thread(target=send, args=(twin, body, token, results))
                other.start()
                results.append(client.post("/api/v1/vouchers/redemptions", body, token))
                other.join()
            else:
                results.append(client.post("/api/v1/vouchers/redemptions", body, token))
            with lock:
                for status, answer, seconds in results:
                    latencies.append(seconds)
                    statuses[status] = statuses.get(status, 0) + 1
                    if status in (200, 201):
                        answers.setdefault(code, set()).add(answer["id"])

    def send(connection: Client, body: dict, token: str, into: list) -> None:
        into.append(connection.post("/api/v1/vouchers/redemptions", body, token))

    threads = [threading.Thread(target=till, args=(n,), daemon=True) for n in range(concurrency)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - began
    from django.db.models import Count

    twice = Redemption.objects.values("voucher").annotate(n=Count("id")).filter(n__gt=1).count()
    stored = Redemption.objects.filter(voucher__round_id=world["round"]).count()
    return {"purchases": len(jobs), "requests": len(latencies), "retried": sum(1 for j in jobs if j[3]),
            "seconds": round(seconds, 3), "requests_per_s": round(len(latencies) / seconds, 1),
            "statuses": {str(k): v for k, v in sorted(statuses.items())}, "latency": summary_ms(latencies),
            "redemptions_stored": stored, "vouchers_redeemed_twice": twice,
            "retries_answered_differently": sum(1 for ids in answers.values() if len(ids) > 1),
            "no_double_redemption": twice == 0 and stored == len(jobs)
            and all(len(ids) == 1 for ids in answers.values())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--claimers", type=int, default=1000)
    parser.add_argument("--redemptions", type=int, default=10000)
    parser.add_argument("--retry-percent", type=int, default=10)
    parser.add_argument("--tills", type=int, default=64, help="concurrent tills")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seconds", type=int, default=15, help="pgbench duration")
    parser.add_argument("--pgbench-clients", type=int, default=50, help="PostgreSQL allows ~100 connections")
    args = parser.parse_args()
    install_signal_handlers()
    env = Environment(DATABASE)
    try:
        recreate_database(DATABASE)
        env.manage("migrate", "--no-input", "-v", "0")
        env.manage("load_demo_district")
        env.setup_django()
        world = setup_world(args.people, args.tills)
        init_pgbench()
        with app_server(env, workers=args.workers, threads=args.threads) as server:
            log(f"rush: {args.claimers} claimers for {args.people} residents")
            claimed = rush(server.port, world, args.claimers)
            acknowledged = claimed.pop("_acknowledged")
            log(f"claims/s {claimed['claims_per_s']} p99 {claimed['latency']['p99_ms']} ms")
            baseline = run_pgbench(min(args.claimers, args.pgbench_clients), args.seconds)
            invariants = claim_invariants(world, acknowledged)
            log(f"redemptions: {args.redemptions}, {args.retry_percent} % retried")
            redeemed = redemptions(server.port, world, args.redemptions, args.retry_percent, args.tills)
        result = {
            "benchmark": "vouchers", "server": f"granian {args.workers}×{args.threads}", "loadavg": loadavg(),
            "claims": claimed, "pgbench_tpcb": baseline,
            "claims_vs_tpcb": round(claimed["claims_per_s"] / baseline["tps"], 3),
            "target_ratio": 0.30, "claim_invariants": invariants, "redemptions": redeemed,
        }
        print(json.dumps(result, ensure_ascii=False, indent=2))
    finally:
        env.cleanup()


if __name__ == "__main__":
    main()
