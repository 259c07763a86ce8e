"""Concurrent transitions of one case on real connections: one wins, the others are told, the chain holds.

Here rather than beside the cases tests: a transactional test runs after every other one, when
the demo district (tests/conftest.py) is already committed, so it builds on that district."""

import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from tongban.demo.district import load_demo_district
from tongban.accounts.models import User
from tongban.audit.services import find_tampering
from tongban.cases import services
from tongban.cases.models import Case
from tongban.cases.testing import png
from tongban.demo.catalog import load_demo_catalog
from tongban.catalog.models import Material, ServiceItem
from tongban.core.checkdigits import make_uscc
from tongban.core.errors import Conflict

PNG = png()  # uploads are decoded: a real image
RACERS = 6


def walk_in_case(clerk: User) -> Case:
    """A 区市场监管局 item without co-departments, filed at the window with every material."""
    item = ServiceItem.objects.filter(department__code="371302-SCJG", published_version__case_kind="promised",
                                      published_version__co_departments__isnull=True).order_by("pk").first()
    now = timezone.now()
    given = []
    for material in Material.objects.filter(version=item.published_version, is_required=True):
        upload = services.store_upload(name=f"{material.name}.png", data=PNG, actor=clerk, now=now)
        given.append(services.MaterialInput(material.id, "submitted", upload.public_id))
    return services.submit_case(
        actor=clerk, item_code=item.implementation_code, channel="window", materials=given, now=now,
        applicant=services.Applicant("enterprise", "临沂兰山并发测试商贸有限公司", make_uscc("91371302000000001"),
                                     "0539-8000001"),
        window=clerk.window)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrent connections")
def test_of_concurrent_acceptances_one_wins_the_others_are_told_and_the_chain_holds(
        flushable_audit_log, reference_data):
    load_demo_district()
    load_demo_catalog()
    clerk = User.objects.select_related("window", "region").get(username="shouli")
    case = walk_in_case(clerk)
    start, outcomes = threading.Barrier(RACERS), []

    def accept() -> None:
        try:
            start.wait()
            services.transition_case(actor=clerk, case_number=case.number, command=services.Command("accept"),
                                     now=timezone.now())
            outcomes.append("won")
        except Conflict as lost:
            outcomes.append(lost.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=accept) for _ in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # the losers read "accepted" on their next attempt, or (three races lost) are told it
    assert outcomes.count("won") == 1 and len(outcomes) == RACERS
    assert set(outcomes) - {"won"} <= {"case.transition_not_allowed", "case.concurrent_change"}
    case.refresh_from_db()
    assert (case.status, case.row_version, case.audit_sequence) == ("accepted", 1, 2)
    assert list(find_tampering()) == []
