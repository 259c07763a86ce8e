"""Write and verify the audit log."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.apps import apps
from django.db import models, transaction

from tongban.core.masking import mask

from .hashing import GENESIS_HASH, entry_digest
from .models import AuditEntry, AuditHead, ChainHead

# Fields holding personal information: masked before they reach the log (DOMAIN.md §1).
PERSONAL_FIELDS = {"id_number": "id_number", "phone": "phone", "address": "address"}


def stream_of(obj: models.Model) -> str:
    return f"{obj._meta.label_lower}:{obj.pk}"


def masked(values: dict[str, Any] | None) -> dict[str, Any] | None:
    if values is None:
        return None
    return {
        key: mask(value, PERSONAL_FIELDS[key]) if key in PERSONAL_FIELDS and value else value
        for key, value in values.items()
    }


def _hashed_fields(entry: AuditEntry) -> dict[str, Any]:
    return {
        "stream": entry.stream,
        "sequence": entry.sequence,
        # In UTC, as the database hands it back, whatever zone `now` was given in.
        "created_at": entry.created_at.astimezone(UTC).isoformat(),
        "actor_id": entry.actor_id,
        "actor_label": entry.actor_label,
        "action": entry.action,
        "before": entry.before,
        "after": entry.after,
    }


def _entry(stream: str, sequence: int, previous_hash: str, *, actor, action, now, before, after) -> AuditEntry:
    """The hashed, unsaved entry."""
    entry = AuditEntry(
        stream=stream, sequence=sequence, created_at=now,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=str(actor) if actor is not None else "系统",
        action=action, before=masked(before), after=masked(after), previous_hash=previous_hash,
    )
    entry.entry_hash = entry_digest(_hashed_fields(entry), previous_hash)
    return entry


def _append(stream: str, sequence: int, previous_hash: str, *, actor, action, now, before, after) -> AuditEntry:
    entry = _entry(stream, sequence, previous_hash, actor=actor, action=action, now=now, before=before, after=after)
    entry.save()
    return entry


def next_entry(
    *,
    actor,
    action: str,
    target: ChainHead,
    now: datetime,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """What `record()` appends for a ChainHead target, hashed but not yet inserted.

    The target's head moves in memory as with record(); the caller inserts the entry and saves
    the head in one transaction, holding the target's row lock or, as the case transition does,
    writing both only if the head it read is still the stored one.
    """
    entry = _entry(stream_of(target), target.audit_sequence + 1, target.audit_hash or GENESIS_HASH,
                   actor=actor, action=action, now=now, before=before, after=after)
    target.audit_sequence, target.audit_hash = entry.sequence, entry.entry_hash
    return entry


def record(
    *,
    actor,
    action: str,
    target: models.Model | str,
    now: datetime,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry to the target's chain (call inside the state change's transaction).

    A target that is a ChainHead keeps the head in its own row: record() inserts the entry and
    writes the new `audit_sequence`/`audit_hash` to that row (an UPDATE of those two columns),
    and moves them on the instance too, so a later `save()` keeps them. The caller holds the
    target's row lock (or just created it). Any other target uses AuditHead.
    """
    if isinstance(target, ChainHead):
        entry = next_entry(actor=actor, action=action, target=target, now=now, before=before, after=after)
        entry.save()
        type(target)._base_manager.filter(pk=target.pk).update(
            audit_sequence=target.audit_sequence, audit_hash=target.audit_hash)
        return entry
    with transaction.atomic():
        stream = target if isinstance(target, str) else stream_of(target)
        head = AuditHead.objects.select_for_update().filter(stream=stream).first()
        entry = _append(stream, (head.sequence + 1) if head else 1, head.entry_hash if head else GENESIS_HASH,
                        actor=actor, action=action, now=now, before=before, after=after)
        AuditHead.objects.update_or_create(
            stream=stream, defaults={"sequence": entry.sequence, "entry_hash": entry.entry_hash}
        )
        return entry


@dataclass(frozen=True)
class Tampering:
    """The first place where the stored log disagrees with its own chain."""

    stream: str
    sequence: int
    entry_id: int | None
    problem: str

    def __str__(self) -> str:
        where = f"记录 id={self.entry_id}" if self.entry_id else "链头"
        return f"{self.stream} 第 {self.sequence} 条（{where}）：{self.problem}"


def _verify_stream(stream: str, entries: list[AuditEntry], head: AuditHead | None):
    previous_hash = GENESIS_HASH
    for expected, entry in enumerate(entries, start=1):
        if entry.sequence != expected:
            return Tampering(stream, expected, entry.id, "序号不连续：有记录被删除或调换")
        if entry.previous_hash != previous_hash:
            return Tampering(stream, expected, entry.id, "前序哈希不符：记录被删除或调换")
        if entry_digest(_hashed_fields(entry), previous_hash) != entry.entry_hash:
            return Tampering(stream, expected, entry.id, "内容哈希不符：记录被修改")
        previous_hash = entry.entry_hash
    last = len(entries)
    if head is None or head.sequence != last or head.entry_hash != previous_hash:
        return Tampering(stream, last + 1, None, "链头与记录不符：末尾记录被删除")
    return None


def _row_heads() -> dict[str, AuditHead]:
    """Heads kept in the rows of ChainHead models, as unsaved AuditHead values."""
    heads = {}
    for model in apps.get_models():
        if issubclass(model, ChainHead):
            rows = model.objects.filter(audit_sequence__gt=0).values_list("pk", "audit_sequence", "audit_hash")
            for pk, sequence, entry_hash in rows.iterator(chunk_size=5000):
                stream = f"{model._meta.label_lower}:{pk}"
                heads[stream] = AuditHead(stream=stream, sequence=sequence, entry_hash=entry_hash)
    return heads


def find_tampering(batch_size: int = 2000) -> Iterator[Tampering]:
    """Walk every stream in (stream, sequence) order and yield each stream's first break."""
    heads = {head.stream: head for head in AuditHead.objects.iterator()}
    heads.update(_row_heads())
    streams_seen: set[str] = set()
    current: str | None = None
    buffer: list[AuditEntry] = []
    for entry in AuditEntry.objects.order_by("stream", "sequence").iterator(batch_size):
        if entry.stream != current:
            if current is not None and (problem := _verify_stream(current, buffer, heads.get(current))):
                yield problem
            current, buffer = entry.stream, []
            streams_seen.add(entry.stream)
        buffer.append(entry)
    if current is not None and (problem := _verify_stream(current, buffer, heads.get(current))):
        yield problem
    for stream in sorted(heads.keys() - streams_seen):
        yield Tampering(stream, 1, None, "链头存在但记录全部缺失")
