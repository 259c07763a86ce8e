"""办件查询 guard: failed guesses count per normalised case number and per client address, in the
database, so padding the number, spreading over workers or racing does not multiply the tries."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

from tongban.cases.throttle import tracked_case
from tongban.core.errors import DomainError

from .conftest import at, submit_online

THROTTLED = "查询失败次数过多，请 60 分钟后再试，或携带证件到综合窗口查询。"


@pytest.fixture
def limits(settings):
    settings.TRACK_MAX_FAILURES_PER_NUMBER = 3
    settings.TRACK_MAX_FAILURES_PER_ADDRESS = 100
    settings.TRACK_WINDOW_MINUTES = 60
    settings.TRUST_X_FORWARDED_FOR = False
    return settings


def page(number: str, last_four: str, **extra):
    return Client().post("/cases/track/", {"number": number, "last_four": last_four}, **extra)


def api(number: str, last_four: str, **extra):
    return Client().get("/api/v1/cases/track", {"number": number, "last4": last_four}, **extra)


def test_padded_and_lower_case_numbers_find_the_case_and_share_one_counter(cases_world, limits):
    number = submit_online(cases_world, at(2026, 3, 2)).number
    spaced = f"{number[:6]} {number[6:15]}\u3000{number[15:]}"

    # the number typed loosely still finds the case (and a success is no guess)
    assert api(f"  {number.lower()} ", "1234").status_code == 200
    assert 'data-testid="track-result"' in page(spaced, "1234").content.decode()

    # three wrong guesses, each padded differently, use up one counter of 3
    for variant in (f" {number} ", number.lower(), spaced):
        assert api(variant, "0000").status_code == 404

    # so the next try is refused, in whichever spelling and even with the right digits
    response = api(f"{number}   ", "1234")
    assert (response.status_code, response["Content-Type"]) == (429, "application/problem+json")
    assert (response.json()["code"], response.json()["detail"]) == ("case.track_throttled", THROTTLED)


@pytest.mark.parametrize("entry", ["page", "api"])
def test_attempt_n_is_answered_and_attempt_n_plus_one_is_refused(cases_world, limits, entry):
    number = submit_online(cases_world, at(2026, 3, 2)).number
    limits.TRACK_MAX_FAILURES_PER_NUMBER = 10

    # attempts 1–9 wrong, attempt 10 (the limit) still answered: it finds the case
    for _ in range(9):
        if entry == "api":
            assert api(number, "0000").status_code == 404
        else:
            assert "未查到该办件" in page(number, "0000").content.decode()
    found = api(number, "1234") if entry == "api" else page(number, "1234")
    assert found.status_code == 200

    # a 10th wrong guess is still answered; the 11th attempt is refused
    assert (api(number, "0000") if entry == "api" else page(number, "0000")).status_code in (404, 200)
    refused = api(number, "1234") if entry == "api" else page(number, "1234")
    assert refused.status_code == 429
    if entry == "api":
        assert refused.json()["detail"] == THROTTLED
    else:
        assert THROTTLED in refused.content.decode()
        assert 'data-testid="track-result"' not in refused.content.decode()


def test_guesses_count_per_client_address_across_numbers(cases_world, limits):
    limits.TRACK_MAX_FAILURES_PER_NUMBER = 100
    limits.TRACK_MAX_FAILURES_PER_ADDRESS = 3
    guesses = [f"371302-20260302-XXXX{n}" for n in range(4)]

    # three numbers guessed from one address, each with a made-up X-Forwarded-For
    for n, number in enumerate(guesses[:3]):
        assert api(number, "0000", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}").status_code == 404

    # the fourth number is refused to that address (the forged header changes nothing) ...
    assert api(guesses[3], "0000", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.9").status_code == 429
    # ... and answered for another client
    assert api(guesses[3], "0000", REMOTE_ADDR="10.0.0.2").status_code == 404


def test_behind_a_trusted_proxy_the_forwarded_address_is_counted(cases_world, limits):
    limits.TRACK_MAX_FAILURES_PER_NUMBER = 100
    limits.TRACK_MAX_FAILURES_PER_ADDRESS = 1
    limits.TRUST_X_FORWARDED_FOR = True
    proxy = {"REMOTE_ADDR": "127.0.0.1"}

    assert api("371302-20260302-XXXXA", "0000", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7", **proxy).status_code == 404
    # the proxy's own address and a forged first hop do not matter: the last hop is the client
    assert api("371302-20260302-XXXXB", "0000", HTTP_X_FORWARDED_FOR="9.9.9.9, 198.51.100.7", **proxy).status_code == 429
    assert api("371302-20260302-XXXXB", "0000", HTTP_X_FORWARDED_FOR="198.51.100.8", **proxy).status_code == 404


RACERS = 20


@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrent connections")
@pytest.mark.django_db(transaction=True)
def test_the_limit_holds_for_racing_guesses_on_separate_connections(limits, flushable_audit_log):
    limits.TRACK_MAX_FAILURES_PER_NUMBER = 5
    start, outcomes = threading.Barrier(RACERS), []

    def guess(n: int) -> None:
        try:
            start.wait()
            tracked_case("371302-20260302-RACE01", f"{n:04d}", address=f"10.0.1.{n}", now=timezone.now())
        except DomainError as refused:
            outcomes.append(refused.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["case.track_not_found"] * 5 + ["case.track_throttled"] * (RACERS - 5)
