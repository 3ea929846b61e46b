"""Keeping the Aktenplan's nodes: create, change, close.

Nobody deletes a node: closing sets `gueltig_bis` on the node and its whole
subtree, in every Kommune. Who may change what is in `permissions`, what
anyone sees in `aktenplan_tree`.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from aktenbund.audit.services import record
from aktenbund.errors import Conflict, NotFound, PermissionDenied, ValidationError
from aktenbund.records.models import (
    FRIST_MAX_JAHRE,
    KENNZEICHEN_MAX_LENGTH,
    KENNZEICHEN_RE,
    Aktenplaneinheit,
    Aussonderungsart,
)
from aktenbund.records.services.aktenplan_tree import aktenplan_for, descendants
from aktenbund.records.services.permissions import (
    is_kommune_registratur,
    may_add_below,
    require_edit,
)
from aktenbund.tenancy.models import Kommune, User
from aktenbund.tenancy.scope import kommune_scope

# Spreadsheets read a cell starting with one of these as a formula.
FORMEL_ZEICHEN = ("=", "+", "-", "@", "\t")


# --- validation shared by forms, API and import ------------------------------


def clean_text(value: str | None) -> str:
    """Text as stored: line breaks as \\n, no surrounding white space."""
    return (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def validate_kennzeichen(kennzeichen: str, parent: Aktenplaneinheit | None) -> str | None:
    """The problem with a new Kennzeichen below `parent`, or None."""
    if not kennzeichen:
        return "Bitte ein Kennzeichen angeben."
    if len(kennzeichen) > KENNZEICHEN_MAX_LENGTH:
        return f"Höchstens {KENNZEICHEN_MAX_LENGTH} Zeichen."
    if not KENNZEICHEN_RE.match(kennzeichen):
        return "Nur Buchstaben und Ziffern, in Gruppen getrennt durch Punkt oder Bindestrich."
    if parent is not None and (
        not kennzeichen.startswith(parent.kennzeichen) or kennzeichen == parent.kennzeichen
    ):
        return (
            f"Das Kennzeichen muss mit dem der übergeordneten Einheit („{parent.kennzeichen}“) "
            "beginnen und länger sein."
        )
    return None


def validate_fields(
    *,
    titel: str,
    beschreibung: str,
    aufbewahrungsfrist: int | None,
    aussonderungsart: str,
    gueltig_ab: datetime.date | None,
    gueltig_bis: datetime.date | None = None,
) -> dict[str, str]:
    """Field name → message for every content rule the values break."""
    errors = {}
    if not titel:
        errors["titel"] = "Bitte einen Titel angeben."
    elif len(titel) > 200:
        errors["titel"] = "Höchstens 200 Zeichen."
    elif titel.startswith(FORMEL_ZEICHEN):
        errors["titel"] = "Darf nicht mit = + - @ beginnen (Tabellen läsen es als Formel)."
    if len(beschreibung) > 4000:
        errors["beschreibung"] = "Höchstens 4000 Zeichen."
    elif beschreibung.startswith(FORMEL_ZEICHEN):
        errors["beschreibung"] = "Darf nicht mit = + - @ beginnen (Tabellen läsen es als Formel)."
    if aufbewahrungsfrist is not None and not 1 <= aufbewahrungsfrist <= FRIST_MAX_JAHRE:
        errors["aufbewahrungsfrist"] = (
            f"Bitte 1 bis {FRIST_MAX_JAHRE} Jahre angeben (oder „dauernd“)."
        )
    if aussonderungsart not in Aussonderungsart.values:
        errors["aussonderungsart"] = "Bitte A (archivwürdig), B (bewerten) oder V (vernichten)."
    if gueltig_ab and gueltig_bis and gueltig_bis < gueltig_ab:
        errors["gueltig_bis"] = "Das Ende liegt vor dem Beginn der Gültigkeit."
    return errors


def kennzeichen_taken(actor: User, kennzeichen: str) -> bool:
    """Whether a node the new one would collide with exists.

    A Kommune's new local node collides with the Verbund's and its own; a new
    Verbund node with every Kommune's too. Under row-level security the
    Verbund cannot see those, and the exclusion constraint catches them.
    """
    if aktenplan_for(actor.kommune_id).filter(kennzeichen=kennzeichen).exists():
        return True
    if actor.kommune_id is None:
        return kennzeichen in local_kennzeichen()
    return False


def local_kennzeichen() -> set[str]:
    """Every Kommune's local Kennzeichen, as far as the current fence shows them.

    On SQLite that is all of them; under row-level security the Verbund sees
    none, and the exclusion constraint stands in (see models).
    """
    with scopes_disabled():
        lokale = Aktenplaneinheit.objects.filter(kommune__isnull=False)
        return set(lokale.values_list("kennzeichen", flat=True))


def kennzeichen_taken_message(kennzeichen: str, actor: User) -> str:
    if actor.kommune_id is None:
        return (
            f"Das Kennzeichen „{kennzeichen}“ ist schon vergeben "
            "(im Aktenplan des Verbunds oder als lokale Einheit einer Kommune)."
        )
    return f"Das Kennzeichen „{kennzeichen}“ ist schon vergeben."


def _snapshot(einheit: Aktenplaneinheit) -> dict[str, Any]:
    return {
        "kennzeichen": einheit.kennzeichen,
        "titel": einheit.titel,
        "beschreibung": einheit.beschreibung,
        "aufbewahrungsfrist": einheit.aufbewahrungsfrist,
        "aussonderungsart": einheit.aussonderungsart,
        "gueltig_ab": einheit.gueltig_ab,
        "gueltig_bis": einheit.gueltig_bis,
    }


def insert_einheit(actor: User, einheit: Aktenplaneinheit, *, quelle: str) -> Aktenplaneinheit:
    """Save a new node and record it; a Kennzeichen collision becomes a Conflict."""
    try:
        with transaction.atomic():
            einheit.save(force_insert=True)
    except IntegrityError as exc:
        # Unique constraints and the exclusion constraint all name the column
        # (SQLite) or carry it in their name (PostgreSQL); anything else is a bug.
        if "kennzeichen" not in str(exc).lower():
            raise
        message = kennzeichen_taken_message(einheit.kennzeichen, actor)
        raise Conflict(message, {"kennzeichen": message}) from exc
    details = _snapshot(einheit)
    details["parent"] = einheit.parent.kennzeichen if einheit.parent else None
    details["lokal"] = einheit.ist_lokal
    details["quelle"] = quelle
    record(
        "aktenplaneinheit.angelegt",
        kommune_id=einheit.kommune_id,
        actor=actor,
        obj=einheit,
        details=details,
    )
    return einheit


# --- creating, changing, closing ---------------------------------------------


@transaction.atomic
def create_aktenplaneinheit(
    actor: User,
    *,
    parent: Aktenplaneinheit | None,
    kennzeichen: str,
    titel: str,
    beschreibung: str = "",
    aufbewahrungsfrist: int | None,
    aussonderungsart: str,
    gueltig_ab: datetime.date | None = None,
) -> Aktenplaneinheit:
    """Add a node: a Verbund node (Verbund Registratur) or a local one (Kommune).

    `parent` None makes a Hauptgruppe, which only the Verbund may add; a
    Kommune's node always hangs below a Verbund node or its own local node.
    `aufbewahrungsfrist` None means "dauernd"; `gueltig_ab` defaults to today.
    """
    if parent is not None and parent.kommune_id not in (None, actor.kommune_id):
        raise NotFound("Die übergeordnete Einheit gibt es nicht.", {"parent_id": "unbekannt"})
    if not may_add_below(actor, parent):
        if parent is None and is_kommune_registratur(actor):
            raise PermissionDenied(
                "Hauptgruppen legt nur die Registratur des Verbunds an; lokale Einheiten "
                "gehören unter eine bestehende Einheit.",
                {"parent_id": "Bitte eine übergeordnete Einheit wählen."},
            )
        raise PermissionDenied(
            "Einheiten im Aktenplan legen nur die Registratur und die Kommune-Admins an."
        )
    kennzeichen = (kennzeichen or "").strip()
    titel, beschreibung = clean_text(titel), clean_text(beschreibung)
    gueltig_ab = gueltig_ab or timezone.localdate()
    errors = validate_fields(
        titel=titel,
        beschreibung=beschreibung,
        aufbewahrungsfrist=aufbewahrungsfrist,
        aussonderungsart=aussonderungsart,
        gueltig_ab=gueltig_ab,
    )
    if problem := validate_kennzeichen(kennzeichen, parent):
        errors["kennzeichen"] = problem
    if errors:
        raise ValidationError("Die Aktenplaneinheit konnte nicht angelegt werden.", errors)
    if parent is not None and parent.gueltig_bis is not None:
        raise Conflict(
            f"Die Einheit {parent.kennzeichen} gilt nur bis {parent.gueltig_bis:%d.%m.%Y}; "
            "darunter kann nichts mehr angelegt werden.",
            {"parent_id": "Übergeordnete Einheit ist geschlossen."},
        )
    with kommune_scope(actor.kommune_id):
        if kennzeichen_taken(actor, kennzeichen):
            message = kennzeichen_taken_message(kennzeichen, actor)
            raise Conflict(message, {"kennzeichen": message})
        einheit = Aktenplaneinheit(
            kommune_id=actor.kommune_id,
            parent=parent,
            ebene=parent.ebene + 1 if parent else 1,
            kennzeichen=kennzeichen,
            titel=titel,
            beschreibung=beschreibung,
            aufbewahrungsfrist=aufbewahrungsfrist,
            aussonderungsart=aussonderungsart,
            gueltig_ab=gueltig_ab,
        )
        return insert_einheit(actor, einheit, quelle="erfasst")


@transaction.atomic
def update_aktenplaneinheit(
    actor: User,
    einheit: Aktenplaneinheit,
    *,
    titel: str,
    beschreibung: str,
    aufbewahrungsfrist: int | None,
    aussonderungsart: str,
    gueltig_ab: datetime.date,
) -> Aktenplaneinheit:
    """Change a node's Titel, Beschreibung, Frist, Aussonderungsart or Beginn.

    Kennzeichen and position in the tree never change (Akten are filed by
    them); a node that is closed or due to close is no longer changed.
    """
    require_edit(actor, einheit)
    if einheit.gueltig_bis is not None:
        raise Conflict(
            f"Die Einheit ist geschlossen (gültig bis {einheit.gueltig_bis:%d.%m.%Y}) "
            "und kann nicht mehr geändert werden."
        )
    titel, beschreibung = clean_text(titel), clean_text(beschreibung)
    errors = validate_fields(
        titel=titel,
        beschreibung=beschreibung,
        aufbewahrungsfrist=aufbewahrungsfrist,
        aussonderungsart=aussonderungsart,
        gueltig_ab=gueltig_ab,
    )
    if gueltig_ab is None:
        errors["gueltig_ab"] = "Bitte ein Datum angeben."
    if errors:
        raise ValidationError("Die Aktenplaneinheit konnte nicht geändert werden.", errors)
    with kommune_scope(actor.kommune_id):
        apply_changes(
            actor,
            einheit,
            {
                "titel": titel,
                "beschreibung": beschreibung,
                "aufbewahrungsfrist": aufbewahrungsfrist,
                "aussonderungsart": aussonderungsart,
                "gueltig_ab": gueltig_ab,
            },
            quelle="erfasst",
        )
    return einheit


def apply_changes(
    actor: User, einheit: Aktenplaneinheit, values: dict[str, Any], *, quelle: str
) -> bool:
    """Set the changed fields, save, record; False when nothing changed."""
    vorher, nachher = {}, {}
    for name, value in values.items():
        if getattr(einheit, name) != value:
            vorher[name], nachher[name] = getattr(einheit, name), value
            setattr(einheit, name, value)
    if not nachher:
        return False
    einheit.save(update_fields=list(nachher))
    record(
        "aktenplaneinheit.geaendert",
        kommune_id=einheit.kommune_id,
        actor=actor,
        obj=einheit,
        details={
            "kennzeichen": einheit.kennzeichen,
            "vorher": vorher,
            "nachher": nachher,
            "quelle": quelle,
        },
    )
    return True


@transaction.atomic
def close_aktenplaneinheit(
    actor: User, einheit: Aktenplaneinheit, *, gueltig_bis: datetime.date | None = None
) -> int:
    """Close a node and its whole subtree: `gueltig_bis` (default today) is the last day.

    Nothing is deleted. Closing a Verbund node also closes the local nodes
    every Kommune hung below it, recorded in that Kommune's chain. Returns
    how many nodes were closed (the node included).
    """
    require_edit(actor, einheit)
    if einheit.gueltig_bis is not None:
        raise Conflict(
            f"Die Einheit ist bereits geschlossen (gültig bis {einheit.gueltig_bis:%d.%m.%Y})."
        )
    gueltig_bis = gueltig_bis or timezone.localdate()
    if gueltig_bis < einheit.gueltig_ab:
        raise ValidationError(
            "Die Einheit kann nicht vor ihrem Beginn enden.",
            {"gueltig_bis": f"Frühestens {einheit.gueltig_ab:%d.%m.%Y}."},
        )
    return close_subtree(actor, einheit, gueltig_bis, quelle="erfasst")


def close_subtree(
    actor: User, einheit: Aktenplaneinheit, gueltig_bis: datetime.date, *, quelle: str
) -> int:
    with kommune_scope(einheit.kommune_id):
        own = list(aktenplan_for(einheit.kommune_id))
        below = descendants({einheit.pk}, own)
        closed = _close_nodes(actor, [einheit, *below], gueltig_bis, einheit, quelle)
    if einheit.kommune_id is None:
        # Each Kommune's local nodes below, in that Kommune's scope and chain.
        verbund_ids = {einheit.pk, *(n.pk for n in below)}
        for kommune in Kommune.objects.order_by("pk"):
            with kommune_scope(kommune):
                lokale = list(Aktenplaneinheit.objects.all())
                if lokale:
                    affected = descendants(verbund_ids, lokale)
                    closed += _close_nodes(actor, affected, gueltig_bis, einheit, quelle)
    return closed


def _close_nodes(
    actor: User,
    nodes: list[Aktenplaneinheit],
    gueltig_bis: datetime.date,
    wurzel: Aktenplaneinheit,
    quelle: str,
) -> int:
    closed = 0
    for node in nodes:
        if node.gueltig_bis is not None and node.gueltig_bis <= gueltig_bis:
            continue  # closed earlier already
        if node.gueltig_ab > gueltig_bis:
            raise ValidationError(
                f"Die untergeordnete Einheit {node.kennzeichen} gilt erst ab "
                f"{node.gueltig_ab:%d.%m.%Y}; bitte ein späteres Ende wählen.",
                {"gueltig_bis": f"Frühestens {node.gueltig_ab:%d.%m.%Y}."},
            )
        node.gueltig_bis = gueltig_bis
        node.save(update_fields=["gueltig_bis"])
        record(
            "aktenplaneinheit.geschlossen",
            kommune_id=node.kommune_id,
            actor=actor,
            obj=node,
            details={
                "kennzeichen": node.kennzeichen,
                "gueltig_bis": gueltig_bis,
                "mit": None if node.pk == wurzel.pk else wurzel.kennzeichen,
                "quelle": quelle,
            },
        )
        closed += 1
    return closed
