"""审计日志 — one hash chain per audited object, append-only at model and database level;
`manage.py verify_audit` names the stream and the first bad sequence of any tampering."""

from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from tongban.accounts.constants import Role
from tongban.accounts.models import User
from tongban.audit.hashing import GENESIS_HASH
from tongban.audit.models import AppendOnlyError, AuditEntry, AuditHead
from tongban.audit.services import record
from tongban.audit.testing import lift_append_only_triggers

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)
STREAM = "tests.thing:1"
OTHER = "tests.thing:2"


def write(stream: str, count: int, *, actor=None, start: datetime = T0) -> list[AuditEntry]:
    return [
        record(
            actor=actor,
            action=f"thing.step{n}",
            target=stream,
            now=start + timedelta(minutes=n),
            before={"step": n - 1},
            after={"step": n},
        )
        for n in range(1, count + 1)
    ]


def verify() -> str:
    out = StringIO()
    call_command("verify_audit", stdout=out, stderr=StringIO())
    return out.getvalue()


def verify_fails() -> tuple[str, str]:
    """(error message, stderr) of a failing verify_audit."""
    err = StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("verify_audit", stdout=StringIO(), stderr=err)
    return str(failed.value), err.getvalue()


@contextmanager
def triggers_off():
    """Let this test's transaction tamper with the log, as someone with database access could.

    DDL is transactional on both databases, so the rollback after the test restores the
    triggers (test_triggers_survive_the_tampering_tests checks that).
    """
    lift_append_only_triggers()
    yield


# --------------------------------------------------------------------------- writing


def test_each_stream_has_its_own_chain_numbered_from_one() -> None:
    # when entries are written to two streams, interleaved
    first = write(STREAM, 2)
    other = write(OTHER, 1)
    first += write(STREAM, 1, start=T0 + timedelta(hours=1))

    # then each stream counts 1..n and links each entry to the one before it
    assert [entry.sequence for entry in first] == [1, 2, 3]
    assert [entry.sequence for entry in other] == [1]
    assert first[0].previous_hash == other[0].previous_hash == GENESIS_HASH
    assert [entry.previous_hash for entry in first[1:]] == [
        entry.entry_hash for entry in first[:-1]
    ]
    assert len({entry.entry_hash for entry in first + other}) == 4
    # and the heads point at each stream's newest entry
    assert AuditHead.objects.get(stream=STREAM).sequence == 3
    assert AuditHead.objects.get(stream=STREAM).entry_hash == first[-1].entry_hash
    assert AuditHead.objects.get(stream=OTHER).sequence == 1


def test_a_model_target_is_streamed_by_label_and_id() -> None:
    actor = User.objects.create_user(username="auditor_a", role=Role.ADMIN, real_name="审计员")

    entry = record(actor=actor, action="user.touched", target=actor, now=T0)

    assert (entry.stream, entry.actor, entry.actor_label) == (
        f"accounts.user:{actor.pk}",
        actor,
        "审计员",
    )


def test_personal_data_is_masked_before_and_after() -> None:
    # when a change of personal data is recorded
    entry = record(
        actor=None,
        action="user.changed",
        target=STREAM,
        now=T0,
        before={"id_number": "370302199001011232", "phone": "13812345678", "name": "王五"},
        after={"id_number": "370302198805051235", "phone": "0539-8123456", "phone_verified": True},
    )

    # then the stored values are masked, other keys untouched
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert stored.before == {
        "id_number": "370302********1232",
        "phone": "138****5678",
        "name": "王五",
    }
    assert stored.after == {
        "id_number": "370302********1235",
        "phone": "0539-***3456",
        "phone_verified": True,
    }


# --------------------------------------------------------------------------- verifying


def test_verify_passes_on_a_clean_log() -> None:
    write(STREAM, 3)
    write(OTHER, 2)

    assert verify() == "审计日志核验通过：所有哈希链完整。\n"


def test_verify_passes_when_the_time_was_given_in_local_time() -> None:
    # given entries recorded with `now` in the district's time zone (same instant as T0)
    write(STREAM, 2, start=T0.astimezone(ZoneInfo("Asia/Shanghai")))

    # then the chain still verifies after the database hands the times back in UTC
    assert verify() == "审计日志核验通过：所有哈希链完整。\n"


def test_tampering_a_changed_after_value_is_found() -> None:
    entries = write(STREAM, 3)
    write(OTHER, 2)

    with triggers_off():
        AuditEntry.objects.filter(pk=entries[1].pk).update(after={"step": 99})

    message, report = verify_fails()
    assert message == "审计日志核验失败：1 条链存在问题。"
    assert report == (
        f"审计日志被篡改：{STREAM} 第 2 条（记录 id={entries[1].pk}）：内容哈希不符：记录被修改\n"
    )


def test_tampering_a_deleted_middle_row_is_found() -> None:
    entries = write(STREAM, 3)

    with triggers_off():
        AuditEntry.objects.filter(pk=entries[1].pk).delete()

    message, report = verify_fails()
    assert message == "审计日志核验失败：1 条链存在问题。"
    # the row now in second place carries sequence 3
    assert report == (
        f"审计日志被篡改：{STREAM} 第 2 条（记录 id={entries[2].pk}）：序号不连续：有记录被删除或调换\n"
    )


def test_tampering_two_swapped_sequences_is_found() -> None:
    entries = write(STREAM, 3)

    with triggers_off():
        # through a free number, because (stream, sequence) is unique
        AuditEntry.objects.filter(pk=entries[1].pk).update(sequence=1000)
        AuditEntry.objects.filter(pk=entries[2].pk).update(sequence=2)
        AuditEntry.objects.filter(pk=entries[1].pk).update(sequence=3)

    message, report = verify_fails()
    assert message == "审计日志核验失败：1 条链存在问题。"
    assert report == (
        f"审计日志被篡改：{STREAM} 第 2 条（记录 id={entries[2].pk}）：前序哈希不符：记录被删除或调换\n"
    )


def test_tampering_a_deleted_newest_row_is_found() -> None:
    entries = write(STREAM, 3)

    with triggers_off():
        AuditEntry.objects.filter(pk=entries[2].pk).delete()

    message, report = verify_fails()
    assert message == "审计日志核验失败：1 条链存在问题。"
    assert report == f"审计日志被篡改：{STREAM} 第 3 条（链头）：链头与记录不符：末尾记录被删除\n"


def test_tampering_every_row_of_a_stream_is_found() -> None:
    write(STREAM, 2)

    with triggers_off():
        AuditEntry.objects.filter(stream=STREAM).delete()

    message, report = verify_fails()
    assert message == "审计日志核验失败：1 条链存在问题。"
    assert report == f"审计日志被篡改：{STREAM} 第 1 条（链头）：链头存在但记录全部缺失\n"


def test_tampering_in_two_streams_is_reported_per_stream() -> None:
    first, other = write(STREAM, 2), write(OTHER, 2)

    with triggers_off():
        AuditEntry.objects.filter(pk__in=[first[0].pk, other[1].pk]).update(action="thing.other")

    message, report = verify_fails()
    assert message == "审计日志核验失败：2 条链存在问题。"
    assert report.splitlines() == [
        f"审计日志被篡改：{STREAM} 第 1 条（记录 id={first[0].pk}）：内容哈希不符：记录被修改",
        f"审计日志被篡改：{OTHER} 第 2 条（记录 id={other[1].pk}）：内容哈希不符：记录被修改",
    ]


# --------------------------------------------------------------------------- append-only
# These come after the tampering tests on purpose: they also prove the rollback restored
# the triggers those tests turned off.


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_auditentry SET action = 'thing.forged' WHERE id = %s",
        "DELETE FROM audit_auditentry WHERE id = %s",
    ],
    ids=["update", "delete"],
)
def test_triggers_refuse_raw_sql(statement) -> None:
    [entry] = write(STREAM, 1)

    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement, [entry.pk])

    stored = AuditEntry.objects.get(pk=entry.pk)
    assert (stored.action, stored.entry_hash) == ("thing.step1", entry.entry_hash)


def test_triggers_refuse_queryset_update_and_delete() -> None:
    [entry] = write(STREAM, 1)

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(after={"step": 99})
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()

    assert AuditEntry.objects.get(pk=entry.pk).after == {"step": 1}


def test_model_refuses_save_of_an_existing_entry() -> None:
    [entry] = write(STREAM, 1)
    entry.after = {"step": 99}

    with pytest.raises(AppendOnlyError, match="审计记录只能追加，不能修改。"):
        entry.save()

    assert AuditEntry.objects.get(pk=entry.pk).after == {"step": 1}


def test_model_refuses_delete() -> None:
    [entry] = write(STREAM, 1)

    with pytest.raises(AppendOnlyError, match="审计记录只能追加，不能删除。"):
        entry.delete()

    assert AuditEntry.objects.filter(pk=entry.pk).exists()
