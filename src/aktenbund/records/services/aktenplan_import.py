"""Importing and exporting the Aktenplan as CSV or xlsx.

The file format (columns, encodings, limits) lives in `records.aktenplan_io`;
here a file's rows are checked against the Aktenplan and carried out in one
transaction: all rows are checked before anything is written, and if any row
is wrong nothing is imported.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from aktenbund.audit.services import record
from aktenbund.errors import Conflict, PermissionDenied, ValidationError
from aktenbund.records import aktenplan_io
from aktenbund.records.aktenplan_io import AktenplanImportFehler, Zeile, Zeilenfehler
from aktenbund.records.models import Aktenplaneinheit
from aktenbund.records.services.aktenplan import (
    apply_changes,
    close_subtree,
    insert_einheit,
    kennzeichen_taken_message,
    local_kennzeichen,
    validate_fields,
    validate_kennzeichen,
)
from aktenbund.records.services.aktenplan_tree import aktenplan_for, tree_order
from aktenbund.records.services.permissions import may_add_below, may_edit, may_maintain
from aktenbund.tenancy.models import User
from aktenbund.tenancy.scope import kommune_scope


@dataclass
class ImportErgebnis:
    angelegt: int = 0
    geaendert: int = 0
    geschlossen: int = 0
    unveraendert: int = 0

    @property
    def hat_aenderungen(self) -> bool:
        return bool(self.angelegt or self.geaendert or self.geschlossen)


# Service field names → file columns, for row errors.
_SPALTE = {
    "kennzeichen": "Kennzeichen",
    "parent_id": "Übergeordnet",
    "titel": "Titel",
    "beschreibung": "Beschreibung",
    "aufbewahrungsfrist": "Aufbewahrungsfrist",
    "aussonderungsart": "Aussonderungsart",
    "gueltig_ab": "gültig ab",
    "gueltig_bis": "gültig bis",
}
_INHALT = ("titel", "beschreibung", "aufbewahrungsfrist", "aussonderungsart")


@dataclass
class _Plan:
    """What an import will do with one row, worked out before anything is written."""

    zeile: Zeile
    bestehend: Aktenplaneinheit | None
    aenderungen: dict[str, Any] = field(default_factory=dict)
    schliessen: bool = False


@dataclass
class _Importlage:
    """What an import checks its rows against."""

    actor: User
    bestehend: dict[str, Aktenplaneinheit]
    in_datei: dict[str, Zeile]
    lokal_vergeben: set[str]
    fehler: list[Zeilenfehler]

    def fail(self, zeile: Zeile, spalte: str, meldung: str) -> None:
        self.fehler.append(Zeilenfehler(zeile.nummer, spalte, meldung))


@transaction.atomic
def import_aktenplan(actor: User, datei: Any, format: str) -> ImportErgebnis:
    """Import an Aktenplan file (`csv` or `xlsx`, see docs/records.md).

    The Verbund's Registratur imports the Verbund's nodes; a Kommune's
    Registratur its local nodes (rows equal to Verbund nodes pass unchanged,
    so a Kommune's own export imports cleanly). Rows with a known Kennzeichen
    update that node, others create one; nothing is ever deleted. All rows
    are checked first: if any is wrong, `AktenplanImportFehler` lists every
    problem and nothing is imported.
    """
    if not may_maintain(actor):
        raise PermissionDenied("Den Aktenplan importieren nur Registratur und Administration.")
    if format not in aktenplan_io.FORMATE:
        raise ValidationError("Unbekanntes Format.", {"format": "Bitte „csv“ oder „xlsx“."})
    data = aktenplan_io.read_limited(datei)
    zeilen, fehler = aktenplan_io.read_aktenplan(data, format)
    ergebnis = ImportErgebnis()
    with kommune_scope(actor.kommune_id):
        lage = _Importlage(
            actor=actor,
            bestehend={
                n.kennzeichen: n for n in aktenplan_for(actor.kommune_id).select_related("parent")
            },
            in_datei={},
            # Kommunen's local Kennzeichen a new Verbund node would collide with
            # (empty under row-level security; the exclusion constraint then says it).
            lokal_vergeben=local_kennzeichen() if actor.kommune_id is None else set(),
            fehler=fehler,
        )
        plaene = _plan_import(lage, zeilen)
        if fehler:
            raise AktenplanImportFehler(fehler)
        _carry_out(lage, plaene, ergebnis)
        if ergebnis.hat_aenderungen:
            record(
                "aktenplan.importiert",
                kommune_id=actor.kommune_id,
                actor=actor,
                object_type="aktenplan",
                details={
                    "format": format,
                    "sha256": hashlib.sha256(data).hexdigest(),
                    "zeilen": len(zeilen),
                    "angelegt": ergebnis.angelegt,
                    "geaendert": ergebnis.geaendert,
                    "geschlossen": ergebnis.geschlossen,
                },
            )
    return ergebnis


def _plan_import(lage: _Importlage, zeilen: list[Zeile]) -> list[_Plan]:
    """Check every row against the file and the Aktenplan; collect all errors.

    The plans come parents first (a parent's Kennzeichen is a proper prefix
    of its child's, so shorter).
    """
    unlesbar = {f.zeile for f in lage.fehler}
    for zeile in zeilen:
        if zeile.kennzeichen in lage.in_datei:
            erste = lage.in_datei[zeile.kennzeichen].nummer
            lage.fail(zeile, "Kennzeichen", f"Kommt schon in Zeile {erste} vor.")
        elif zeile.kennzeichen:
            lage.in_datei[zeile.kennzeichen] = zeile
    plaene = []
    for zeile in sorted(zeilen, key=lambda z: len(z.kennzeichen)):
        if lage.in_datei.get(zeile.kennzeichen) is not zeile or zeile.nummer in unlesbar:
            continue
        if plan := _plan_row(lage, zeile):
            plaene.append(plan)
    _check_closing_order(lage, plaene)
    return plaene


def _plan_row(lage: _Importlage, zeile: Zeile) -> _Plan | None:
    node = lage.bestehend.get(zeile.kennzeichen)
    errors = validate_fields(
        titel=zeile.titel,
        beschreibung=zeile.beschreibung,
        aufbewahrungsfrist=zeile.aufbewahrungsfrist,
        aussonderungsart=zeile.aussonderungsart,
        gueltig_ab=zeile.gueltig_ab or (node.gueltig_ab if node else timezone.localdate()),
        gueltig_bis=zeile.gueltig_bis,
    )
    parent_kz = zeile.uebergeordnet
    if not parent_kz and lage.actor.kommune_id is not None and node is None:
        errors["parent_id"] = "Lokale Einheiten brauchen eine übergeordnete Einheit."
    elif parent_kz and parent_kz not in lage.bestehend and parent_kz not in lage.in_datei:
        errors["parent_id"] = (
            f"Die Einheit „{parent_kz}“ gibt es weder in der Datei noch im Aktenplan."
        )
    if problem := validate_kennzeichen(zeile.kennzeichen, None):
        errors["kennzeichen"] = problem
    elif parent_kz and (
        not zeile.kennzeichen.startswith(parent_kz) or zeile.kennzeichen == parent_kz
    ):
        errors["kennzeichen"] = (
            f"Muss mit dem Kennzeichen der übergeordneten Einheit („{parent_kz}“) beginnen "
            "und länger sein."
        )
    for name, message in errors.items():
        lage.fail(zeile, _SPALTE[name], message)
    if errors:
        return None
    if node is None:
        return _plan_new(lage, zeile)
    return _plan_existing(lage, zeile, node)


def _plan_new(lage: _Importlage, zeile: Zeile) -> _Plan | None:
    if zeile.kennzeichen in lage.lokal_vergeben:
        lage.fail(zeile, "Kennzeichen", kennzeichen_taken_message(zeile.kennzeichen, lage.actor))
        return None
    parent = lage.bestehend.get(zeile.uebergeordnet)
    if parent is not None and not may_add_below(lage.actor, parent):
        lage.fail(zeile, "Übergeordnet", "Unter dieser Einheit dürfen Sie nichts anlegen.")
        return None
    return _Plan(zeile, None)


def _plan_existing(lage: _Importlage, zeile: Zeile, node: Aktenplaneinheit) -> _Plan | None:
    old_parent = node.parent.kennzeichen if node.parent else ""
    if zeile.uebergeordnet != old_parent:
        lage.fail(
            zeile,
            "Übergeordnet",
            f"Die übergeordnete Einheit kann nicht geändert werden (bisher „{old_parent}“).",
        )
        return None
    aenderungen = {
        name: getattr(zeile, name)
        for name in _INHALT
        if getattr(zeile, name) != getattr(node, name)
    }
    if zeile.gueltig_ab and zeile.gueltig_ab != node.gueltig_ab:
        aenderungen["gueltig_ab"] = zeile.gueltig_ab
    if node.gueltig_bis is not None and zeile.gueltig_bis != node.gueltig_bis:
        lage.fail(
            zeile,
            "gültig bis",
            f"Die Einheit ist seit {node.gueltig_bis:%d.%m.%Y} geschlossen; "
            "das lässt sich nicht mehr ändern.",
        )
        return None
    schliessen = zeile.gueltig_bis is not None and node.gueltig_bis is None
    if not aenderungen and not schliessen:
        return _Plan(zeile, node)
    spalte = _SPALTE[next(iter(aenderungen))] if aenderungen else "gültig bis"
    if not may_edit(lage.actor, node):
        lage.fail(
            zeile,
            spalte,
            "Die Einheit gehört zum Aktenplan des Verbunds; nur die Registratur des "
            "Verbunds kann sie ändern.",
        )
        return None
    if aenderungen and node.gueltig_bis is not None:
        lage.fail(zeile, spalte, "Geschlossene Einheiten können nicht mehr geändert werden.")
        return None
    return _Plan(zeile, node, aenderungen, schliessen)


def _check_closing_order(lage: _Importlage, plaene: list[_Plan]) -> None:
    """No row may stay valid longer than its parent does after the import."""
    for plan in plaene:
        zeile = plan.zeile
        parent_zeile = lage.in_datei.get(zeile.uebergeordnet)
        parent_node = lage.bestehend.get(zeile.uebergeordnet)
        if parent_zeile is not None:
            parent_bis = parent_zeile.gueltig_bis
        else:
            parent_bis = parent_node.gueltig_bis if parent_node else None
        if parent_bis is not None and (zeile.gueltig_bis is None or zeile.gueltig_bis > parent_bis):
            lage.fail(
                zeile,
                "gültig bis",
                f"Die übergeordnete Einheit gilt nur bis {parent_bis:%d.%m.%Y}; "
                "diese Einheit muss spätestens dann enden.",
            )


def _carry_out(lage: _Importlage, plaene: list[_Plan], ergebnis: ImportErgebnis) -> None:
    actor = lage.actor
    nodes = dict(lage.bestehend)
    for plan in plaene:  # parents first
        zeile = plan.zeile
        if plan.bestehend is None:
            parent = nodes.get(zeile.uebergeordnet)
            einheit = Aktenplaneinheit(
                kommune_id=actor.kommune_id,
                parent=parent,
                ebene=parent.ebene + 1 if parent else 1,
                kennzeichen=zeile.kennzeichen,
                titel=zeile.titel,
                beschreibung=zeile.beschreibung,
                aufbewahrungsfrist=zeile.aufbewahrungsfrist,
                aussonderungsart=zeile.aussonderungsart,
                gueltig_ab=zeile.gueltig_ab or timezone.localdate(),
                gueltig_bis=zeile.gueltig_bis,
            )
            try:
                nodes[zeile.kennzeichen] = insert_einheit(actor, einheit, quelle="import")
            except Conflict as exc:
                raise AktenplanImportFehler(
                    [Zeilenfehler(zeile.nummer, "Kennzeichen", exc.message)]
                ) from exc
            ergebnis.angelegt += 1
        elif plan.aenderungen:
            apply_changes(actor, plan.bestehend, plan.aenderungen, quelle="import")
            ergebnis.geaendert += 1
        elif not plan.schliessen:
            ergebnis.unveraendert += 1
    # Deepest first, so that a child closing before its parent keeps its own date.
    for plan in reversed(plaene):
        if plan.schliessen:
            try:
                ergebnis.geschlossen += close_subtree(
                    actor, plan.bestehend, plan.zeile.gueltig_bis, quelle="import"
                )
            except ValidationError as exc:
                raise AktenplanImportFehler(
                    [Zeilenfehler(plan.zeile.nummer, "gültig bis", exc.message)]
                ) from exc


@dataclass
class Exportdatei:
    inhalt: bytes
    dateiname: str
    content_type: str


def export_aktenplan(actor: User, format: str) -> Exportdatei:
    """The Aktenplan the actor sees, as CSV or xlsx, in tree order.

    Importing the file again changes nothing.
    """
    if format not in aktenplan_io.FORMATE:
        raise ValidationError("Unbekanntes Format.", {"format": "Bitte „csv“ oder „xlsx“."})
    with kommune_scope(actor.kommune_id):
        nodes = tree_order(aktenplan_for(actor.kommune_id).select_related("parent"))
    zeilen = [
        Zeile(
            nummer=index,
            kennzeichen=n.kennzeichen,
            uebergeordnet=n.parent.kennzeichen if n.parent else "",
            titel=n.titel,
            beschreibung=n.beschreibung,
            aufbewahrungsfrist=n.aufbewahrungsfrist,
            aussonderungsart=n.aussonderungsart,
            gueltig_ab=n.gueltig_ab,
            gueltig_bis=n.gueltig_bis,
        )
        for index, n in enumerate(nodes, start=2)
    ]
    owner = actor.kommune.name if actor.kommune_id else "verbund"
    slug = owner.lower().translate(
        str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", " ": "-"})
    )
    return Exportdatei(
        inhalt=aktenplan_io.write_aktenplan(zeilen, format),
        dateiname=f"aktenplan-{slug}-{timezone.localdate():%Y-%m-%d}.{format}",
        content_type=aktenplan_io.CONTENT_TYPES[format],
    )
