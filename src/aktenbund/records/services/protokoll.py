"""Audit events for records, in the right chains, and an object's timeline.

An action on a Kommune's own object goes into that Kommune's chain. An
action through a Freigabe (the actor belongs to another Kommune) goes into
both chains: the owner's, which must know who touched its records, and the
actor's, which must know what its people did elsewhere.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from aktenbund.audit.models import AuditEvent
from aktenbund.audit.services import Ereignis, record_all
from aktenbund.tenancy.models import User
from aktenbund.tenancy.scope import kommune_scope


def protokolliere(
    action: str, obj: Model, actor: User, details: dict[str, Any] | None = None
) -> None:
    """Record `action` on `obj` (which has `kommune_id`) in every chain concerned."""
    protokolliere_alle(action, [(obj, details)], actor)


def protokolliere_alle(
    action: str, eintraege: list[tuple[Model, dict[str, Any] | None]], actor: User
) -> None:
    """Record `action` on each object of one owner Kommune, with its details, in
    every chain concerned: one lock and one INSERT per chain."""
    if not eintraege:
        return
    owner = eintraege[0][0].kommune_id
    if any(obj.kommune_id != owner for obj, _ in eintraege):
        raise ValueError("protokolliere_alle: objects of more than one Kommune")
    if actor.kommune_id in (None, owner):
        ereignisse = [Ereignis(action, obj, details=details) for obj, details in eintraege]
        record_all(ereignisse, kommune_id=owner, actor=actor)
        return
    amtshilfe = {"eigentuemer_kommune": owner, "handelnde_kommune": actor.kommune_id}
    ereignisse = [
        Ereignis(action, obj, details={**(details or {}), "amtshilfe": amtshilfe})
        for obj, details in eintraege
    ]
    record_all(ereignisse, kommune_id=actor.kommune_id, actor=actor)
    with kommune_scope(owner):
        record_all(ereignisse, kommune_id=owner, actor=actor)


def touch(*objects: Model) -> None:
    """Mark objects as changed now (lists sort by it; "zuletzt bearbeitet")."""
    now = timezone.now()
    for obj in objects:
        obj.geaendert_am = now
        obj.save(update_fields=["geaendert_am"])


def timeline(
    *,
    akte_id: int | None = None,
    vorgang_id: int | None = None,
    dokument_ids: list[int] | None = None,
    version_ids: list[int] | None = None,
    freigabe_ids: list[int] | None = None,
) -> QuerySet[AuditEvent]:
    """The events about an object and what lies inside it, newest first.

    Reads the chain visible in the current scope: the owner sees everything,
    a Kommune working through a Freigabe sees what its own people did.
    """
    condition = Q(pk__in=[])
    if akte_id:
        condition |= Q(object_type="akte", object_id=str(akte_id))
    if vorgang_id:
        condition |= Q(object_type="vorgang", object_id=str(vorgang_id))
    if dokument_ids:
        condition |= Q(object_type="dokument", object_id__in=[str(i) for i in dokument_ids])
    if version_ids:
        condition |= Q(object_type="version", object_id__in=[str(i) for i in version_ids])
    if freigabe_ids:
        condition |= Q(object_type="freigabe", object_id__in=[str(i) for i in freigabe_ids])
    return AuditEvent.objects.filter(condition).select_related("actor").order_by("-at", "-seq")
