"""Planansätze as xlsx (or CSV): export and import that round-trip exactly.

The file is the whole plan: importing it into an Entwurf makes the plan's
Planansätze exactly the file's rows (changed rows are updated, new ones
added, missing ones removed). Every row is checked first; one bad cell and
nothing is imported.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.db import transaction

from aktenbund.audit.services import record
from aktenbund.haushalt import tabelle
from aktenbund.haushalt.models import BETRAGSSPALTEN, Haushaltsplan, Konto, Planansatz
from aktenbund.haushalt.services.plan import check_ansatz, require_entwurf
from aktenbund.haushalt.services.rahmen import (
    Exportdatei,
    ImportErgebnis,
    check_format,
    produkte_for,
)
from aktenbund.haushalt.services.rechte import require_kaemmerei, require_kommune
from aktenbund.haushalt.tabelle import ImportFehler, Zeilenfehler
from aktenbund.tenancy.models import User
from aktenbund.tenancy.scope import kommune_scope

BETRAG_SPALTEN = [
    "Ergebnis Vorvorjahr",
    "Ansatz Vorjahr",
    "Ansatz Haushaltsjahr",
    "Finanzplanung HJ+1",
    "Finanzplanung HJ+2",
    "Finanzplanung HJ+3",
]
SPALTEN = [
    "Konto",
    "Kontobezeichnung",
    "Produkt",
    "Produktbezeichnung",
    "Maßnahme",
    *BETRAG_SPALTEN,
    "Erläuterung",
]
PFLICHT = ["Konto", "Produkt", *BETRAG_SPALTEN]
# Service field → file column, for row errors.
FELD_SPALTE = {
    "konto": "Konto",
    "produkt": "Produkt",
    "massnahme": "Maßnahme",
    "erlaeuterung": "Erläuterung",
    **dict(zip(BETRAGSSPALTEN, BETRAG_SPALTEN, strict=True)),
}
BLATT = "Planansätze"


def _key(konto: str, produkt: str, massnahme: str) -> tuple[str, str, str]:
    return (konto, produkt, massnahme)


def export_planansaetze(actor: User, plan: Haushaltsplan, format: str = "xlsx") -> Exportdatei:
    """The plan's Planansätze, sorted by Produkt and Konto; importing the file changes nothing."""
    require_kommune(actor)
    check_format(format)
    with kommune_scope(plan.kommune_id):
        ansaetze = (
            Planansatz.objects.filter(haushaltsplan=plan)
            .select_related("konto", "produkt", "massnahme")
            .order_by("produkt__nummer", "konto__nummer", "massnahme__nummer")
        )
        zeilen = [
            [
                a.konto.nummer,
                a.konto.bezeichnung,
                a.produkt.nummer,
                a.produkt.bezeichnung,
                a.massnahme.nummer if a.massnahme else "",
                *a.betraege(),
                a.erlaeuterung,
            ]
            for a in ansaetze
        ]
    inhalt = tabelle.write_table(
        SPALTEN,
        zeilen,
        format,
        blatt=BLATT,
        breiten=(10, 40, 12, 40, 12, 16, 16, 16, 16, 16, 16, 60),
        betragsspalten=range(5, 11),
    )
    return Exportdatei(
        inhalt,
        f"planansaetze-{plan.haushaltsjahr}-{plan.nachtrag_nr}.{format}",
        tabelle.CONTENT_TYPES[format],
    )


@transaction.atomic
def import_planansaetze(
    actor: User, plan: Haushaltsplan, datei: Any, format: str = "xlsx"
) -> ImportErgebnis:
    """Make the plan's Planansätze exactly the file's rows (Entwurf only; all or nothing)."""
    require_kaemmerei(actor)
    require_entwurf(plan)
    check_format(format)
    data = tabelle.read_limited(datei)
    rows = tabelle.read_table(data, format, SPALTEN, pflicht=PFLICHT, blatt=BLATT)
    fehler: list[Zeilenfehler] = []
    ergebnis = ImportErgebnis()
    with kommune_scope(plan.kommune_id):
        konten = {k.nummer: k for k in Konto.objects.all()}
        produkte = {p.nummer: p for p in produkte_for(plan.kommune_id)}
        massnahmen = {m.nummer: m for m in plan.massnahmen.all()}
        gesehen: dict[tuple[str, str, str], int] = {}
        neue: dict[tuple[str, str, str], Any] = {}
        for zeile, cells in rows:
            for spalte in cells.pop("__ausserhalb__", []):
                fehler.append(
                    Zeilenfehler(zeile, f"Spalte {spalte}", "Wert außerhalb der Spalten.")
                )
            texte: dict[str, str] = {}
            for feld, spalte in (
                ("konto", "Konto"),
                ("produkt", "Produkt"),
                ("massnahme", "Maßnahme"),
                ("erlaeuterung", "Erläuterung"),
            ):
                try:
                    texte[feld] = tabelle.text(cells[spalte])
                except ValueError as exc:
                    fehler.append(Zeilenfehler(zeile, spalte, str(exc)))
                    texte[feld] = ""
            daten, errors = check_ansatz(
                plan,
                konto=texte["konto"],
                produkt=texte["produkt"],
                massnahme=texte["massnahme"],
                betraege={
                    feld: cells[spalte]
                    for feld, spalte in zip(BETRAGSSPALTEN, BETRAG_SPALTEN, strict=True)
                },
                erlaeuterung=texte["erlaeuterung"],
                konten=konten,
                produkte=produkte,
                massnahmen=massnahmen,
            )
            for feld, meldung in errors.items():
                fehler.append(Zeilenfehler(zeile, FELD_SPALTE[feld], meldung))
            if daten is None:
                continue
            key = _key(daten.konto.nummer, daten.produkt.nummer, texte["massnahme"])
            if key in gesehen:
                fehler.append(
                    Zeilenfehler(
                        zeile,
                        "Konto",
                        f"Konto {key[0]} / Produkt {key[1]} kommt schon in Zeile "
                        f"{gesehen[key]} vor.",
                    )
                )
                continue
            gesehen[key] = zeile
            neue[key] = daten
        if fehler:
            raise ImportFehler("Die Datei", fehler, SPALTEN)
        bestehend = {
            _key(a.konto.nummer, a.produkt.nummer, a.massnahme.nummer if a.massnahme else ""): a
            for a in Planansatz.objects.filter(haushaltsplan=plan).select_related(
                "konto", "produkt", "massnahme"
            )
        }
        weg = [a.pk for key, a in bestehend.items() if key not in neue]
        if weg:
            Planansatz.objects.filter(pk__in=weg).delete()
        anlegen, aendern = [], []
        for key, daten in neue.items():
            ansatz = bestehend.get(key)
            if ansatz is None:
                anlegen.append(
                    Planansatz(
                        kommune_id=plan.kommune_id,
                        haushaltsplan=plan,
                        konto=daten.konto,
                        produkt=daten.produkt,
                        massnahme=daten.massnahme,
                        erlaeuterung=daten.erlaeuterung,
                        **daten.betraege,
                    )
                )
            elif ansatz.betraege() != tuple(daten.betraege[n] for n in BETRAGSSPALTEN) or (
                ansatz.erlaeuterung != daten.erlaeuterung
            ):
                for name, value in daten.betraege.items():
                    setattr(ansatz, name, value)
                ansatz.erlaeuterung = daten.erlaeuterung
                aendern.append(ansatz)
            else:
                ergebnis.unveraendert += 1
        Planansatz.objects.bulk_create(anlegen, batch_size=500)
        Planansatz.objects.bulk_update(aendern, [*BETRAGSSPALTEN, "erlaeuterung"], batch_size=500)
        ergebnis.angelegt, ergebnis.geaendert = len(anlegen), len(aendern)
        if anlegen or aendern or weg:
            record(
                "planansaetze.importiert",
                kommune_id=plan.kommune_id,
                actor=actor,
                obj=plan,
                details={
                    "format": format,
                    "sha256": hashlib.sha256(data).hexdigest(),
                    "zeilen": len(rows),
                    "angelegt": len(anlegen),
                    "geaendert": len(aendern),
                    "entfernt": len(weg),
                },
            )
        ergebnis.entfernt = len(weg)
    return ergebnis
