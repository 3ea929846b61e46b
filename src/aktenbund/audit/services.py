"""Writing and verifying the audit chains."""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from aktenbund.audit.models import GENESIS_HASH, AuditChain, AuditEvent


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def _jsonable(details: dict[str, Any] | None) -> dict[str, Any]:
    # What we hash must equal what the database gives back.
    return json.loads(canonical_json(details or {}))


def compute_hash(event: AuditEvent) -> str:
    payload = {
        "kommune": event.kommune_id,
        "seq": event.seq,
        "at": event.at.astimezone(UTC).isoformat(),
        "actor": event.actor_id,
        "actor_name": event.actor_name,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "details": event.details,
    }
    return hashlib.sha256((event.prev_hash + canonical_json(payload)).encode()).hexdigest()


def ensure_chain(kommune_id: int | None) -> AuditChain:
    chain, _ = AuditChain.objects.get_or_create(kommune_id=kommune_id)
    return chain


# Every filed Dokument writes three events: they are written with two plain
# statements (one on PostgreSQL) instead of the ORM's lookup, insert and update.
_HEAD_SQL = "SELECT id, head_seq, head_hash FROM audit_auditchain WHERE {}"
_EVENT_FIELDS = (
    "kommune",
    "seq",
    "at",
    "actor",
    "actor_name",
    "action",
    "object_type",
    "object_id",
    "details",
    "prev_hash",
    "hash",
)


def _lock_head(kommune_id: int | None) -> tuple[int, int, str]:
    """(id, head_seq, head_hash) of the chain, locked until the transaction ends."""
    bedingung = "kommune_id IS NULL" if kommune_id is None else "kommune_id = %s"
    if connection.features.has_select_for_update:  # SQLite locks the whole database
        bedingung += " FOR UPDATE"
    params = [] if kommune_id is None else [kommune_id]
    with connection.cursor() as cursor:
        cursor.execute(_HEAD_SQL.format(bedingung), params)
        head = cursor.fetchone()
        if head is None:
            ensure_chain(kommune_id)
            cursor.execute(_HEAD_SQL.format(bedingung), params)
            head = cursor.fetchone()
    return head


_UPDATE_HEAD_SQL = "UPDATE audit_auditchain SET head_seq = %s, head_hash = %s WHERE id = %s"


@functools.cache
def _insert_sql() -> tuple[list[models.Field], str, str]:
    """The event's fields, its INSERT statement up to VALUES and the placeholders
    of one row (made once per process)."""
    fields = [AuditEvent._meta.get_field(name) for name in _EVENT_FIELDS]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    zeile = "(" + ", ".join(["%s"] * len(fields)) + ")"
    return fields, f"INSERT INTO audit_auditevent ({columns}) VALUES ", zeile


def _append(chain_id: int, events: list[AuditEvent]) -> None:
    """Insert the events (in chain order) and move the chain's head to the last."""
    fields, insert, zeile = _insert_sql()
    sql = insert + ", ".join([zeile] * len(events))
    values = [f.get_db_prep_save(getattr(e, f.attname), connection) for e in events for f in fields]
    kopf = [events[-1].seq, events[-1].hash, chain_id]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"WITH neu AS ({sql}) {_UPDATE_HEAD_SQL}", [*values, *kopf])
        else:
            cursor.execute(sql, values)
            cursor.execute(_UPDATE_HEAD_SQL, kopf)


_JE_INSERT = 500  # events per INSERT (SQLite allows 32 766 parameters per statement)


@dataclass(frozen=True)
class Ereignis:
    """One event to record: what happened, to which object, with which details."""

    action: str
    obj: models.Model | None = None
    object_type: str = ""
    object_id: str | int = ""
    details: dict[str, Any] | None = None


def record(
    action: str,
    *,
    kommune_id: int | None,
    actor=None,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain of `kommune_id` (None: the Verbund's chain).

    Call it inside the transaction of the change it records and inside the
    Kommune's scope. The chain head is locked until that transaction ends, so
    concurrent writers of one Kommune queue and the chain cannot fork.
    """
    (event,) = record_all(
        [Ereignis(action, obj, object_type, object_id, details)],
        kommune_id=kommune_id,
        actor=actor,
    )
    return event


def record_all(
    ereignisse: list[Ereignis], *, kommune_id: int | None, actor=None
) -> list[AuditEvent]:
    """Append several events by one actor to one chain, in order (see `record`).

    One lock of the head and one INSERT for all: filing many Dokumente at
    once must not pay a round trip per event.
    """
    if not ereignisse:
        return []
    actor_id = getattr(actor, "pk", None)
    actor_name = getattr(actor, "username", "") if actor_id else "System"
    # No savepoint: an error here fails the caller's whole change anyway.
    with transaction.atomic(savepoint=False):
        chain_id, seq, prev_hash = _lock_head(kommune_id)
        at = timezone.now()
        events = []
        for ereignis in ereignisse:
            obj = ereignis.obj
            seq += 1
            event = AuditEvent(
                kommune_id=kommune_id,
                seq=seq,
                at=at,
                actor_id=actor_id,
                actor_name=actor_name,
                action=ereignis.action,
                object_type=ereignis.object_type or (obj._meta.model_name if obj else ""),
                object_id=str(ereignis.object_id or (obj.pk if obj is not None else "")),
                details=_jsonable(ereignis.details),
                prev_hash=prev_hash,
            )
            event.hash = prev_hash = compute_hash(event)
            events.append(event)
        for start in range(0, len(events), _JE_INSERT):
            _append(chain_id, events[start : start + _JE_INSERT])
    return events


def history(obj: models.Model) -> models.QuerySet[AuditEvent]:
    """The audit events about one object, oldest first (its timeline)."""
    return AuditEvent.objects.filter(
        object_type=obj._meta.model_name, object_id=str(obj.pk)
    ).select_related("actor")


@dataclass(frozen=True)
class Bruch:
    """The first broken link of a chain."""

    seq: int
    grund: str

    def __str__(self) -> str:
        return f"Glied {self.seq}: {self.grund}"


def _events(kommune_id: int | None) -> Iterator[AuditEvent]:
    return AuditEvent.objects.filter(kommune_id=kommune_id).order_by("seq").iterator(2000)


def verify_chain(kommune_id: int | None) -> Bruch | None:
    """Walk one chain; return its first broken link, or None when intact.

    Must run inside the scope of `kommune_id`.
    """
    expected_seq = 1
    prev_hash = GENESIS_HASH
    for event in _events(kommune_id):
        if event.seq != expected_seq:
            return Bruch(expected_seq, f"fehlt (nächstes vorhandenes Glied ist {event.seq})")
        if event.prev_hash != prev_hash:
            return Bruch(event.seq, "Verweis auf das vorige Glied stimmt nicht")
        if compute_hash(event) != event.hash:
            return Bruch(event.seq, "Inhalt wurde verändert (Hash stimmt nicht)")
        prev_hash = event.hash
        expected_seq += 1
    chain = AuditChain.objects.filter(kommune_id=kommune_id).first()
    head_seq = chain.head_seq if chain else 0
    if head_seq != expected_seq - 1:
        return Bruch(expected_seq, f"fehlt (die Kette reicht laut Kopf bis {head_seq})")
    if chain and chain.head_hash != prev_hash:
        return Bruch(expected_seq - 1, "Kopf der Kette stimmt nicht mit dem letzten Glied überein")
    return None
