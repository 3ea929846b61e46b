"""Supportfreigabe: a Kommune lets the Verbund administration act inside it for a while.

DESIGN §4: the Verbund administration creates Kommunen and their first
Kommune-Admin; any further act inside a Kommune (users, roles, OEs,
one-time passwords, deactivation, tokens …) needs an active Supportfreigabe
of that Kommune (`services.require_administer` asks `aktive_supportfreigabe`).
The Kommune-Admin gives it, starting now and ending on a date at most
`AKTENBUND_SUPPORTFREIGABE_MAX_TAGE` days ahead, and may revoke it at any
time. Giving and revoking it, and every act of the Verbund administration
inside the Kommune, are recorded in the Kommune's audit chain and in the
Verbund's (`record_verwaltung`).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from aktenbund.audit.services import record
from aktenbund.errors import Conflict, NotFound, PermissionDenied, ValidationError
from aktenbund.tenancy.models import Supportfreigabe, User
from aktenbund.tenancy.scope import kommune_scope

SUPPORT_NOETIG = (
    "Die Verbund-Administration legt nur Kommunen und ihre erste Kommune-Administration an "
    "(nur die Rolle Kommune-Admin, ohne Organisationseinheiten). Für alles Weitere in der "
    "Kommune braucht sie eine Supportfreigabe der Kommune-Administration."
)


def max_tage() -> int:
    """The longest Supportfreigabe in days (today counts as the first)."""
    return settings.AKTENBUND_SUPPORTFREIGABE_MAX_TAGE


def aktive_supportfreigabe(kommune_id: int) -> Supportfreigabe | None:
    """The Kommune's Supportfreigabe in force today (the one ending last), if any."""
    with kommune_scope(kommune_id):
        return Supportfreigabe.objects.aktiv().order_by("-gueltig_bis", "-pk").first()


def _require_kommune_admin(actor: User) -> None:
    if not (actor.is_authenticated and actor.is_active and actor.kommune_id) or not (
        actor.is_kommune_admin
    ):
        raise PermissionDenied("Nur die Kommune-Administration gibt Supportfreigaben.")


def _details(freigabe: Supportfreigabe) -> dict[str, Any]:
    return {
        "supportfreigabe": freigabe.pk,
        "kommune": freigabe.kommune_id,
        "gueltig_bis": freigabe.gueltig_bis.isoformat(),
        "grund": freigabe.grund,
    }


def _record_both(action: str, freigabe: Supportfreigabe, actor: User) -> None:
    """The Kommune's chain and the Verbund's: both sides must know who let whom in."""
    details = _details(freigabe)
    with kommune_scope(freigabe.kommune_id):
        record(action, kommune_id=freigabe.kommune_id, actor=actor, obj=freigabe, details=details)
    with kommune_scope(None):
        record(action, kommune_id=None, actor=actor, obj=freigabe, details=details)


@transaction.atomic
def grant_supportfreigabe(
    actor: User, *, gueltig_bis: datetime.date | None, grund: str = ""
) -> Supportfreigabe:
    """The Kommune-Admin lets the Verbund administration act in the Kommune from now
    until the end of `gueltig_bis`."""
    _require_kommune_admin(actor)
    today = timezone.localdate()
    errors: dict[str, str] = {}
    if gueltig_bis is None:
        errors["gueltig_bis"] = "Bitte ein Enddatum angeben."
    elif gueltig_bis < today:
        errors["gueltig_bis"] = "Das Enddatum liegt in der Vergangenheit."
    elif gueltig_bis > today + datetime.timedelta(days=max_tage() - 1):
        errors["gueltig_bis"] = f"Eine Supportfreigabe gilt höchstens {max_tage()} Tage."
    grund = (grund or "").strip()
    if len(grund) > 300:
        errors["grund"] = "Höchstens 300 Zeichen."
    if errors:
        raise ValidationError("Die Supportfreigabe konnte nicht erteilt werden.", errors)
    with kommune_scope(actor.kommune_id):
        freigabe = Supportfreigabe.objects.create(
            kommune_id=actor.kommune_id, gueltig_bis=gueltig_bis, grund=grund, erteilt_von=actor
        )
    _record_both("supportfreigabe.erteilt", freigabe, actor)
    return freigabe


@transaction.atomic
def revoke_supportfreigabe(actor: User, freigabe: Supportfreigabe) -> Supportfreigabe:
    """The Kommune-Admin ends a Supportfreigabe at once."""
    _require_kommune_admin(actor)
    with kommune_scope(actor.kommune_id):
        freigabe = Supportfreigabe.objects.select_for_update().filter(pk=freigabe.pk).first()
        if freigabe is None:
            raise NotFound("Diese Supportfreigabe gibt es nicht.")
        if freigabe.widerrufen_am is not None:
            raise Conflict("Diese Supportfreigabe ist schon widerrufen.")
        freigabe.widerrufen_am = timezone.now()
        freigabe.widerrufen_von = actor
        freigabe.save(update_fields=["widerrufen_am", "widerrufen_von"])
    _record_both("supportfreigabe.widerrufen", freigabe, actor)
    return freigabe


def supportfreigaben_of(actor: User, kommune_id: int) -> models.QuerySet[Supportfreigabe]:
    """A Kommune's Supportfreigaben, newest first: for its Kommune-Admin and for the
    Verbund administration (which must know whether it may act). Evaluate inside
    the Kommune's scope."""
    if actor.is_authenticated and actor.is_active and actor.is_verbund_admin:
        return Supportfreigabe.objects.filter(kommune_id=kommune_id)
    if actor.kommune_id != kommune_id or not actor.is_kommune_admin:
        # Like the administration's pages: not there for anyone else.
        raise NotFound("Nicht gefunden.")
    return Supportfreigabe.objects.filter(kommune_id=kommune_id)


def get_supportfreigabe(actor: User, supportfreigabe_id: int) -> Supportfreigabe:
    """One Supportfreigabe of the actor's own Kommune (404 for any other)."""
    freigabe = None
    if actor.is_authenticated and actor.kommune_id:
        with kommune_scope(actor.kommune_id):
            freigabe = Supportfreigabe.objects.filter(pk=supportfreigabe_id).first()
    if freigabe is None:
        raise NotFound("Diese Supportfreigabe gibt es nicht.")
    return freigabe


def record_verwaltung(
    action: str,
    *,
    kommune_id: int,
    actor: User,
    obj: models.Model,
    details: dict[str, Any] | None = None,
) -> None:
    """Record an administrative act in the Kommune's chain; an act of the Verbund
    administration also in the Verbund's chain, naming the Supportfreigabe it used
    (none for the first Kommune-Admin)."""
    with kommune_scope(kommune_id):
        record(action, kommune_id=kommune_id, actor=actor, obj=obj, details=details)
    if not actor.is_verbund_admin:
        return
    freigabe = aktive_supportfreigabe(kommune_id)
    verbund_details = {
        **(details or {}),
        "kommune": kommune_id,
        "supportfreigabe": freigabe.pk if freigabe else None,
    }
    with kommune_scope(None):
        record(action, kommune_id=None, actor=actor, obj=obj, details=verbund_details)
