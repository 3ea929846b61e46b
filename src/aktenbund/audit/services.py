"""Writing and verifying the audit chains."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.db import models, transaction
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
    if obj is not None:
        object_type = object_type or obj._meta.model_name
        object_id = object_id or obj.pk
    # No savepoint: an error here fails the caller's whole change anyway.
    with transaction.atomic(savepoint=False):
        chain = AuditChain.objects.select_for_update().filter(kommune_id=kommune_id).first()
        if chain is None:
            chain = ensure_chain(kommune_id)
            chain = AuditChain.objects.select_for_update().get(pk=chain.pk)
        actor_id = getattr(actor, "pk", None)
        event = AuditEvent(
            kommune_id=kommune_id,
            seq=chain.head_seq + 1,
            at=timezone.now(),
            actor_id=actor_id,
            actor_name=getattr(actor, "username", "") if actor_id else "System",
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            details=_jsonable(details),
            prev_hash=chain.head_hash,
        )
        event.hash = compute_hash(event)
        event.save(force_insert=True)
        chain.head_seq = event.seq
        chain.head_hash = event.hash
        chain.save(update_fields=["head_seq", "head_hash"])
    return event


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
