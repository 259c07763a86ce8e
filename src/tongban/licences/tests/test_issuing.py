"""Issuing from case.decided: exactly once (double delivery, a worker killed mid-way), re-issue,
status changes audited, a broken 告知承诺 withdraws the licence."""

from unittest import mock

import pytest
from django.db import connection

from tongban.audit.models import AuditEntry
from tongban.core.clock import local_date
from tongban.core.errors import DomainError
from tongban.events.models import ConsumerCursor, OutboxEvent
from tongban.licences import services
from tongban.licences.identifiers import parse_identifier
from tongban.licences.models import IssuerKey, Licence
from tongban.licences.queries import licence_file, status_list, verify_online
from tongban.licences.statuslist import verify_offline

from .conftest import approved_case, at, settled

pytestmark = pytest.mark.django_db
NOW = at(2026, 3, 2)


def test_an_approved_case_gets_one_signed_licence(lw):
    case = approved_case(lw, NOW)
    assert services.process_events(now=settled(NOW)) == 1
    licence = Licence.objects.get(source_case=case)
    parsed = parse_identifier(licence.identifier)
    assert (parsed.type_code, parsed.issuer_code, parsed.version) == (
        lw.licence_type.code, lw.cw.catalog.market.uscc, "001")
    assert licence.document["CZZT"] == case.applicant_name and licence.document["GLBJBH"] == case.number
    assert "KZ_JYCS" in licence.document
    assert licence.valid_until.isoformat() == "2031-03-01"  # 5 years, the day before the anniversary
    assert verify_online(licence.identifier, today=local_date(NOW))["status"] == "valid"
    assert AuditEntry.objects.filter(action="licences.issued").count() == 1


def test_the_same_event_delivered_twice_issues_one_licence(lw):
    approved_case(lw, NOW)
    services.process_events(now=settled(NOW))
    ConsumerCursor.objects.filter(consumer="licences").update(last_event_id=0)  # redelivery
    assert services.process_events(now=settled(NOW)) >= 1
    event = OutboxEvent.objects.get(topic="case.decided")
    OutboxEvent.objects.create(topic=event.topic, stream=event.stream, payload=event.payload,
                               created_at=event.created_at)  # a duplicate in the outbox
    services.process_events(now=settled(NOW))
    assert Licence.objects.count() == 1


def test_a_worker_killed_between_signing_and_commit_leaves_no_licence_and_no_cursor(lw):
    approved_case(lw, NOW)
    real_create = Licence.objects.create

    def create_then_die(**kwargs):
        real_create(**kwargs)
        raise SystemExit("killed")  # the process dies after the INSERT, before COMMIT

    with mock.patch.object(Licence.objects, "create", side_effect=create_then_die), pytest.raises(SystemExit):
        services.process_events(now=settled(NOW))
    assert Licence.objects.count() == 0
    assert ConsumerCursor.objects.filter(consumer="licences", last_event_id__gt=0).count() == 0
    # the restarted worker gets the event again and issues once
    services.process_events(now=settled(NOW))
    services.process_events(now=settled(NOW))
    assert Licence.objects.count() == 1


def test_reissue_makes_version_002_and_cancels_001(lw):
    case = approved_case(lw, NOW)
    services.process_events(now=settled(NOW))
    first = Licence.objects.get(source_case=case)
    second = services.reissue(actor=lw.cw.reviewer, identifier=first.identifier, fields={"KZ_JYCS": "新地址 8 号"},
                              reason="经营场所变更", now=at(2026, 4, 1))
    first.refresh_from_db()
    assert second.version == "002" and second.serial == first.serial and second.replaces == first
    assert first.status == "cancelled" and second.document["KZ_JYCS"] == "新地址 8 号"
    assert verify_online(first.identifier, today=at(2026, 4, 1).date())["replaced_by"] == second.identifier
    with pytest.raises(DomainError):
        services.reissue(actor=lw.cw.reviewer, identifier=first.identifier, fields={}, reason="再次",
                         now=at(2026, 4, 2))


def test_status_changes_need_the_issuer_and_a_reason_and_are_audited(lw):
    case = approved_case(lw, NOW)
    services.process_events(now=settled(NOW))
    licence = Licence.objects.get(source_case=case)
    with pytest.raises(DomainError) as error:
        services.change_status(actor=lw.cw.housing_reviewer, identifier=licence.identifier, action="revoke",
                               reason="违法经营", now=NOW)
    assert error.value.code == "licence.not_issuer"
    with pytest.raises(DomainError) as error:
        services.change_status(actor=lw.cw.reviewer, identifier=licence.identifier, action="revoke", reason=" ",
                               now=NOW)
    assert error.value.code == "licence.reason_required"
    services.change_status(actor=lw.cw.reviewer, identifier=licence.identifier, action="revoke", reason="违法经营",
                           now=NOW)
    answer = verify_online(licence.identifier, today=local_date(NOW))
    assert (answer["status"], answer["status_label"]) == ("revoked", "吊销")
    entry = AuditEntry.objects.get(action="licences.status_changed")
    assert entry.before == {"status": "valid"} and entry.after["reason"] == "违法经营"
    with pytest.raises(DomainError) as error:
        services.change_status(actor=lw.cw.reviewer, identifier=licence.identifier, action="resume", reason="x",
                               now=NOW)
    assert error.value.code == "licence.transition_not_allowed"


def test_a_broken_commitment_withdraws_the_licence(lw):
    from tongban.cases import services as case_services

    case = approved_case(lw, NOW)
    services.process_events(now=settled(NOW))
    commitment = case.commitments.get(kind="notification")
    case_services.verify_commitment(actor=lw.cw.head, case_number=case.number, commitment_id=commitment.id,
                                    kept=False, note="场所证明不实", now=at(2026, 3, 10))
    services.process_events(now=settled(at(2026, 3, 10)))
    licence = Licence.objects.get(source_case=case)
    assert licence.status == "withdrawn" and "告知承诺不实" in licence.status_reason


def test_offline_file_status_list_and_key_rotation(lw):
    from tongban.licences import keys

    case = approved_case(lw, NOW)
    services.process_events(now=settled(NOW))
    licence = Licence.objects.get(source_case=case)
    keys.rotate_key(lw.cw.catalog.market, actor=None, now=at(2026, 3, 3))
    assert IssuerKey.objects.filter(department=lw.cw.catalog.market).count() == 2
    public = keys.public_key_set(lw.cw.catalog.market)
    listed = status_list(lw.cw.catalog.market, now=at(2026, 3, 3))  # signed with the new key
    verdict = verify_offline(licence_file(licence), public_keys=public, status_list=listed, today=local_date(NOW))
    assert verdict.ok, verdict.message
    services.change_status(actor=lw.cw.reviewer, identifier=licence.identifier, action="suspend", reason="整改",
                           now=NOW)
    listed = status_list(lw.cw.catalog.market, now=at(2026, 3, 3))
    verdict = verify_offline(licence_file(licence), public_keys=public, status_list=listed, today=local_date(NOW))
    assert (verdict.ok, verdict.status) == (False, "suspended")


def test_a_tampered_row_fails_online_verification(lw):
    case = approved_case(lw, NOW)
    services.process_events(now=settled(NOW))
    licence = Licence.objects.get(source_case=case)
    Licence.objects.filter(pk=licence.pk).update(document={**licence.document, "CZZT": "别人"})
    answer = verify_online(licence.identifier, today=local_date(NOW))
    assert (answer["valid"], answer["status"]) == (False, "invalid")


def test_the_private_key_is_stored_encrypted(lw):
    from tongban.licences import keys

    key = keys.ensure_key(lw.cw.catalog.market, actor=None, now=NOW)
    clear = keys.private_hex(key)
    with connection.cursor() as cursor:
        cursor.execute("SELECT private_key_encrypted FROM licences_issuerkey WHERE id = %s", [key.pk])
        stored = bytes(cursor.fetchone()[0])
    assert clear.encode() not in stored and clear not in stored.decode(errors="ignore")
