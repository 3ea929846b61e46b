"""The frames: the Verbund's Produkt- and Kontenrahmen, a Kommune's own Produkte and Teilhaushalte.

Frames are loaded from CSV or xlsx (docs/haushalt.md): every row is checked
first, and if one is wrong `ImportFehler` lists every bad cell and nothing is
imported. Rows with a known Nummer update it; nothing is deleted (Planansätze
refer to it).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django_scopes import scopes_disabled

from aktenbund.audit.services import record
from aktenbund.errors import Conflict, NotFound, ValidationError
from aktenbund.haushalt import tabelle
from aktenbund.haushalt.models import (
    Gliederung,
    Konto,
    Produkt,
    Produktbereich,
    Produktgruppe,
    Teilhaushalt,
    TeilhaushaltProduktbereich,
)
from aktenbund.haushalt.services.rechte import own, require_frames, require_kaemmerei
from aktenbund.haushalt.tabelle import FORMEL_ZEICHEN, ImportFehler, Zeilenfehler
from aktenbund.haushalt.zeilen import (
    ERGEBNIS,
    ERGEBNIS_BUCHUNGSZEILEN,
    FINANZ,
    FINANZ_BUCHUNGSZEILEN,
    normalise_ergebnis_zeile,
    normalise_finanz_zeile,
)
from aktenbund.tenancy.models import Organisationseinheit, User
from aktenbund.tenancy.scope import kommune_scope

PRODUKTRAHMEN_SPALTEN = ["Nummer", "Bezeichnung"]
KONTENRAHMEN_SPALTEN = ["Konto", "Bezeichnung", "Ergebnishaushalt", "Finanzhaushalt"]

# ASCII digits only, as every key (aktenbund.eingaben).
BEREICH_RE = re.compile(r"^[0-9]{2}\Z")
GRUPPE_RE = re.compile(r"^[0-9]{2}\.[0-9]{2}\Z")
PRODUKT_RE = re.compile(r"^[0-9]{2}\.[0-9]{2}(\.[0-9A-Za-z]+)+\Z")
KONTO_RE = re.compile(r"^[0-9A-Za-z]+(?:[.-][0-9A-Za-z]+)*$")


@dataclass
class ImportErgebnis:
    angelegt: int = 0
    geaendert: int = 0
    unveraendert: int = 0
    entfernt: int = 0


@dataclass
class Exportdatei:
    inhalt: bytes
    dateiname: str
    content_type: str


def check_format(format: str) -> None:
    if format not in tabelle.FORMATE:
        raise ValidationError("Unbekanntes Format.", {"format": "Bitte „csv“ oder „xlsx“."})


def check_bezeichnung(bezeichnung: str) -> str | None:
    if not bezeichnung:
        return "Bitte eine Bezeichnung angeben."
    if len(bezeichnung) > 200:
        return "Höchstens 200 Zeichen."
    if bezeichnung.startswith(FORMEL_ZEICHEN):
        return "Darf nicht mit = + - @ beginnen (Tabellen läsen es als Formel)."
    return None


# --- reading the frames -------------------------------------------------------


def produkte_for(kommune_id: int | None) -> QuerySet[Produkt]:
    """The Produkte `kommune_id` sees: the Verbund's and its own."""
    visible = Q(kommune__isnull=True)
    if kommune_id is not None:
        visible |= Q(kommune_id=kommune_id)
    with scopes_disabled():  # explicit filter; row-level security still applies
        return Produkt.objects.filter(visible).select_related("produktgruppe__produktbereich")


def get_produkt(actor: User, produkt_id: int) -> Produkt:
    with kommune_scope(actor.kommune_id):
        produkt = produkte_for(actor.kommune_id).filter(pk=produkt_id).first()
    if produkt is None:
        raise NotFound("Dieses Produkt gibt es nicht.")
    return produkt


def find_produkt(kommune_id: int | None, nummer: str) -> Produkt | None:
    """The Produkt with `nummer` the Kommune sees (its own wins over none: numbers are unique)."""
    return produkte_for(kommune_id).filter(nummer=nummer).first()


# --- Produktrahmen ------------------------------------------------------------


@transaction.atomic
def import_produktrahmen(actor: User, datei: Any, format: str) -> ImportErgebnis:
    """Load the Verbund's Produktrahmen: rows "01" (Produktbereich), "01.01"
    (Produktgruppe), "01.01.01" (Produkt), each with its Bezeichnung."""
    require_frames(actor)
    check_format(format)
    data = tabelle.read_limited(datei)
    rows = tabelle.read_table(data, format, PRODUKTRAHMEN_SPALTEN, blatt="Produktrahmen")
    fehler: list[Zeilenfehler] = []
    with kommune_scope(None):
        bereiche = {b.nummer: b for b in Produktbereich.objects.all()}
        gruppen = {g.nummer: g for g in Produktgruppe.objects.all()}
        produkte = {p.nummer: p for p in Produkt.objects.all()}
        geplant: list[tuple[str, str, str, int]] = []  # (ebene, nummer, bezeichnung, zeile)
        gesehen: dict[str, int] = {}
        for zeile, cells in rows:
            for spalte in cells.pop("__ausserhalb__", []):
                fehler.append(
                    Zeilenfehler(zeile, f"Spalte {spalte}", "Wert außerhalb der Spalten.")
                )
            try:
                nummer = tabelle.nummer(cells["Nummer"])
            except ValueError as exc:
                fehler.append(Zeilenfehler(zeile, "Nummer", str(exc)))
                continue
            try:
                bezeichnung = tabelle.text(cells["Bezeichnung"])
            except ValueError as exc:
                fehler.append(Zeilenfehler(zeile, "Bezeichnung", str(exc)))
                bezeichnung = None
            if nummer in gesehen:
                fehler.append(
                    Zeilenfehler(zeile, "Nummer", f"Kommt schon in Zeile {gesehen[nummer]} vor.")
                )
                continue
            gesehen[nummer] = zeile
            if BEREICH_RE.match(nummer):
                ebene = "bereich"
            elif GRUPPE_RE.match(nummer):
                ebene = "gruppe"
            elif PRODUKT_RE.match(nummer):
                ebene = "produkt"
            else:
                fehler.append(
                    Zeilenfehler(
                        zeile,
                        "Nummer",
                        f"„{nummer}“ ist keine Nummer des Produktrahmens "
                        "(Produktbereich „01“, Produktgruppe „01.01“, Produkt „01.01.01“).",
                    )
                )
                continue
            if bezeichnung is not None and (problem := check_bezeichnung(bezeichnung)):
                fehler.append(Zeilenfehler(zeile, "Bezeichnung", problem))
            elif bezeichnung is not None:
                geplant.append((ebene, nummer, bezeichnung, zeile))
        in_datei = {nummer for _, nummer, _, _ in geplant}
        for ebene, nummer, _, zeile in geplant:
            eltern = nummer[:2] if ebene == "gruppe" else nummer[:5]
            if ebene == "gruppe" and eltern not in bereiche and eltern not in in_datei:
                fehler.append(
                    Zeilenfehler(zeile, "Nummer", f"Den Produktbereich „{eltern}“ gibt es nicht.")
                )
            if ebene == "produkt" and eltern not in gruppen and eltern not in in_datei:
                fehler.append(
                    Zeilenfehler(zeile, "Nummer", f"Die Produktgruppe „{eltern}“ gibt es nicht.")
                )
        if fehler:
            raise ImportFehler("Der Produktrahmen", fehler, PRODUKTRAHMEN_SPALTEN)
        ergebnis = ImportErgebnis()
        for ebene, nummer, bezeichnung, _ in sorted(geplant, key=lambda g: len(g[1])):
            vorhanden = {"bereich": bereiche, "gruppe": gruppen, "produkt": produkte}[ebene]
            obj = vorhanden.get(nummer)
            if obj is None:
                if ebene == "bereich":
                    obj = Produktbereich.objects.create(nummer=nummer, bezeichnung=bezeichnung)
                elif ebene == "gruppe":
                    obj = Produktgruppe.objects.create(
                        produktbereich=bereiche[nummer[:2]], nummer=nummer, bezeichnung=bezeichnung
                    )
                else:
                    obj = Produkt.objects.create(
                        kommune=None,
                        produktgruppe=gruppen[nummer[:5]],
                        nummer=nummer,
                        bezeichnung=bezeichnung,
                    )
                vorhanden[nummer] = obj
                ergebnis.angelegt += 1
            elif obj.bezeichnung != bezeichnung:
                obj.bezeichnung = bezeichnung
                obj.save(update_fields=["bezeichnung"])
                ergebnis.geaendert += 1
            else:
                ergebnis.unveraendert += 1
        if ergebnis.angelegt or ergebnis.geaendert:
            record(
                "produktrahmen.importiert",
                kommune_id=None,
                actor=actor,
                object_type="produktrahmen",
                details={
                    "format": format,
                    "sha256": hashlib.sha256(data).hexdigest(),
                    "angelegt": ergebnis.angelegt,
                    "geaendert": ergebnis.geaendert,
                },
            )
    return ergebnis


def export_produktrahmen(actor: User, format: str) -> Exportdatei:
    """The Produktrahmen (Verbund's rows only) as CSV or xlsx; importing it changes nothing."""
    check_format(format)
    with kommune_scope(None):
        zeilen = [(b.nummer, b.bezeichnung) for b in Produktbereich.objects.all()]
        zeilen += [(g.nummer, g.bezeichnung) for g in Produktgruppe.objects.all()]
        zeilen += [(p.nummer, p.bezeichnung) for p in Produkt.objects.filter(kommune__isnull=True)]
    zeilen.sort(key=lambda z: z[0])
    return Exportdatei(
        tabelle.write_table(
            PRODUKTRAHMEN_SPALTEN, zeilen, format, blatt="Produktrahmen", breiten=(14, 70)
        ),
        f"produktrahmen.{format}",
        tabelle.CONTENT_TYPES[format],
    )


# --- Kontenrahmen -------------------------------------------------------------


def check_konto_zeilen(ergebnis_zeile: str, finanz_zeile: str) -> dict[str, str]:
    """Column → problem for a Konto's row mapping."""
    errors: dict[str, str] = {}
    if ergebnis_zeile and ergebnis_zeile not in ERGEBNIS_BUCHUNGSZEILEN:
        errors["Ergebnishaushalt"] = (
            f"„{ergebnis_zeile}“ ist keine Buchungszeile des Ergebnishaushalts "
            "(01–09, 11–18, 21, 22, 25, 26; Summenzeilen werden berechnet)."
        )
    if finanz_zeile and finanz_zeile not in FINANZ_BUCHUNGSZEILEN:
        errors["Finanzhaushalt"] = (
            f"„{finanz_zeile}“ ist keine Buchungszeile des Finanzhaushalts "
            "(1–8, 10–17, 20–22, 24–27, 31, 32; Summenzeilen werden berechnet)."
        )
    if not ergebnis_zeile and not finanz_zeile:
        errors["Ergebnishaushalt"] = (
            "Jedes Konto braucht eine Zeile im Ergebnis- oder im Finanzhaushalt."
        )
    if (
        not errors
        and ergebnis_zeile
        and finanz_zeile
        and ERGEBNIS[ergebnis_zeile].richtung != FINANZ[finanz_zeile].richtung
    ):
        art = "Ertragskonto" if ERGEBNIS[ergebnis_zeile].richtung > 0 else "Aufwandskonto"
        errors["Finanzhaushalt"] = (
            f"Ein {art} (Zeile {ergebnis_zeile}) kann nicht auf eine "
            f"{'Auszahlungs' if art == 'Ertragskonto' else 'Einzahlungs'}zeile "
            f"({finanz_zeile}) des Finanzhaushalts zeigen."
        )
    return errors


@transaction.atomic
def import_kontenrahmen(actor: User, datei: Any, format: str) -> ImportErgebnis:
    """Load the Verbund's Kontenrahmen: Konto, Bezeichnung and its rows of both statements."""
    require_frames(actor)
    check_format(format)
    data = tabelle.read_limited(datei)
    rows = tabelle.read_table(data, format, KONTENRAHMEN_SPALTEN, blatt="Kontenrahmen")
    fehler: list[Zeilenfehler] = []
    geplant: list[tuple[str, str, str, str]] = []
    gesehen: dict[str, int] = {}
    for zeile, cells in rows:
        for spalte in cells.pop("__ausserhalb__", []):
            fehler.append(Zeilenfehler(zeile, f"Spalte {spalte}", "Wert außerhalb der Spalten."))
        werte: dict[str, str] = {}
        for spalte in KONTENRAHMEN_SPALTEN:
            try:
                werte[spalte] = tabelle.text(cells[spalte])
            except ValueError as exc:
                fehler.append(Zeilenfehler(zeile, spalte, str(exc)))
        if len(werte) < len(KONTENRAHMEN_SPALTEN):
            continue
        nummer = werte["Konto"]
        erg = normalise_ergebnis_zeile(werte["Ergebnishaushalt"])
        fin = normalise_finanz_zeile(werte["Finanzhaushalt"])
        if not nummer or len(nummer) > 20 or not KONTO_RE.match(nummer):
            fehler.append(
                Zeilenfehler(zeile, "Konto", "Bitte eine Kontonummer (Ziffern, Buchstaben, Punkt).")
            )
            continue
        if nummer in gesehen:
            fehler.append(
                Zeilenfehler(zeile, "Konto", f"Kommt schon in Zeile {gesehen[nummer]} vor.")
            )
            continue
        gesehen[nummer] = zeile
        if problem := check_bezeichnung(werte["Bezeichnung"]):
            fehler.append(Zeilenfehler(zeile, "Bezeichnung", problem))
        problems = check_konto_zeilen(erg, fin)
        for spalte, meldung in problems.items():
            fehler.append(Zeilenfehler(zeile, spalte, meldung))
        if not problems:
            geplant.append((nummer, werte["Bezeichnung"], erg, fin))
    if fehler:
        raise ImportFehler("Der Kontenrahmen", fehler, KONTENRAHMEN_SPALTEN)
    ergebnis = ImportErgebnis()
    with kommune_scope(None):
        vorhanden = {k.nummer: k for k in Konto.objects.all()}
        for nummer, bezeichnung, erg, fin in geplant:
            konto = vorhanden.get(nummer)
            if konto is None:
                Konto.objects.create(
                    nummer=nummer, bezeichnung=bezeichnung, ergebnis_zeile=erg, finanz_zeile=fin
                )
                ergebnis.angelegt += 1
            elif (konto.bezeichnung, konto.ergebnis_zeile, konto.finanz_zeile) != (
                bezeichnung,
                erg,
                fin,
            ):
                konto.bezeichnung, konto.ergebnis_zeile, konto.finanz_zeile = bezeichnung, erg, fin
                konto.save(update_fields=["bezeichnung", "ergebnis_zeile", "finanz_zeile"])
                ergebnis.geaendert += 1
            else:
                ergebnis.unveraendert += 1
        if ergebnis.angelegt or ergebnis.geaendert:
            record(
                "kontenrahmen.importiert",
                kommune_id=None,
                actor=actor,
                object_type="kontenrahmen",
                details={
                    "format": format,
                    "sha256": hashlib.sha256(data).hexdigest(),
                    "angelegt": ergebnis.angelegt,
                    "geaendert": ergebnis.geaendert,
                },
            )
    return ergebnis


def export_kontenrahmen(actor: User, format: str) -> Exportdatei:
    check_format(format)
    zeilen = [
        (k.nummer, k.bezeichnung, k.ergebnis_zeile, k.finanz_zeile) for k in Konto.objects.all()
    ]
    return Exportdatei(
        tabelle.write_table(
            KONTENRAHMEN_SPALTEN, zeilen, format, blatt="Kontenrahmen", breiten=(12, 70, 18, 18)
        ),
        f"kontenrahmen.{format}",
        tabelle.CONTENT_TYPES[format],
    )


# --- a Kommune's own Produkte ---------------------------------------------------


@transaction.atomic
def create_produkt(actor: User, *, produktgruppe: str, nummer: str, bezeichnung: str) -> Produkt:
    """The Kämmerei adds an own Produkt below a Produktgruppe of the Produktrahmen.

    Its Nummer starts with the Produktgruppe's ("01.01.50"); it must not
    collide with a Produkt of the Verbund or of the Kommune.
    """
    require_kaemmerei(actor)
    nummer, bezeichnung = (nummer or "").strip(), (bezeichnung or "").strip()
    gruppe = Produktgruppe.objects.filter(nummer=(produktgruppe or "").strip()).first()
    errors: dict[str, str] = {}
    if gruppe is None:
        errors["produktgruppe"] = "Diese Produktgruppe gibt es im Produktrahmen nicht."
    if not PRODUKT_RE.match(nummer) or len(nummer) > 30:
        errors["nummer"] = "Bitte eine Produktnummer wie „01.01.50“ angeben."
    elif gruppe is not None and not nummer.startswith(gruppe.nummer + "."):
        errors["nummer"] = f"Die Nummer muss mit „{gruppe.nummer}.“ beginnen."
    if problem := check_bezeichnung(bezeichnung):
        errors["bezeichnung"] = problem
    if errors:
        raise ValidationError("Das Produkt konnte nicht angelegt werden.", errors)
    with kommune_scope(actor.kommune_id):
        if find_produkt(actor.kommune_id, nummer) is not None:
            raise Conflict(
                f"Die Produktnummer „{nummer}“ ist schon vergeben.",
                {"nummer": "Schon vergeben."},
            )
        try:
            with transaction.atomic():
                produkt = Produkt.objects.create(
                    kommune_id=actor.kommune_id,
                    produktgruppe=gruppe,
                    nummer=nummer,
                    bezeichnung=bezeichnung,
                )
        except IntegrityError as exc:
            raise Conflict(
                f"Die Produktnummer „{nummer}“ ist schon vergeben.", {"nummer": "Schon vergeben."}
            ) from exc
        record(
            "produkt.angelegt",
            kommune_id=actor.kommune_id,
            actor=actor,
            obj=produkt,
            details={"nummer": nummer, "bezeichnung": bezeichnung},
        )
    return produkt


@transaction.atomic
def update_produkt(actor: User, produkt: Produkt, *, bezeichnung: str) -> Produkt:
    """Rename an own Produkt (the Verbund's are renamed by the Produktrahmen import)."""
    require_kaemmerei(actor)
    if produkt.kommune_id != actor.kommune_id:
        if produkt.kommune_id is None:
            raise Conflict("Produkte des Produktrahmens ändert nur der Verbund.")
        raise NotFound("Dieses Produkt gibt es nicht.")
    bezeichnung = (bezeichnung or "").strip()
    if problem := check_bezeichnung(bezeichnung):
        raise ValidationError("Das Produkt konnte nicht geändert werden.", {"bezeichnung": problem})
    with kommune_scope(actor.kommune_id):
        vorher = produkt.bezeichnung
        produkt.bezeichnung = bezeichnung
        produkt.save(update_fields=["bezeichnung"])
        record(
            "produkt.geaendert",
            kommune_id=actor.kommune_id,
            actor=actor,
            obj=produkt,
            details={"vorher": vorher, "nachher": bezeichnung},
        )
    return produkt


# --- Teilhaushalte ----------------------------------------------------------------


def teilhaushalte_for(actor: User) -> QuerySet[Teilhaushalt]:
    return own(Teilhaushalt, actor).prefetch_related("zuordnungen__produktbereich")


def get_teilhaushalt(actor: User, teilhaushalt_id: int) -> Teilhaushalt:
    with kommune_scope(actor.kommune_id):
        teil = own(Teilhaushalt, actor).filter(pk=teilhaushalt_id).first()
    if teil is None:
        raise NotFound("Diesen Teilhaushalt gibt es nicht.")
    return teil


def zuordnung_for(kommune_id: int) -> dict[str, Teilhaushalt]:
    """Produktbereich-Nummer → Teilhaushalt of the Kommune."""
    return {
        z.produktbereich.nummer: z.teilhaushalt
        for z in TeilhaushaltProduktbereich.objects.filter(kommune_id=kommune_id).select_related(
            "produktbereich", "teilhaushalt"
        )
    }


def _check_teilhaushalt(
    actor: User,
    *,
    nummer: str,
    bezeichnung: str,
    gliederung: str,
    produktbereiche: list[str],
    organisationseinheit_id: int | None,
    teilhaushalt: Teilhaushalt | None,
) -> tuple[list[Produktbereich], Organisationseinheit | None]:
    errors: dict[str, str] = {}
    if not nummer or len(nummer) > 10 or not KONTO_RE.match(nummer):
        errors["nummer"] = "Bitte eine Nummer (höchstens 10 Zeichen) angeben."
    if problem := check_bezeichnung(bezeichnung):
        errors["bezeichnung"] = problem
    if gliederung not in Gliederung.values:
        errors["gliederung"] = "Bitte „produktbereich“ oder „organisation“."
    bereiche = list(Produktbereich.objects.filter(nummer__in=produktbereiche))
    unbekannt = sorted(set(produktbereiche) - {b.nummer for b in bereiche})
    if unbekannt:
        errors["produktbereiche"] = "Unbekannte Produktbereiche: " + ", ".join(unbekannt) + "."
    elif not bereiche:
        errors["produktbereiche"] = "Bitte mindestens einen Produktbereich zuordnen."
    elif gliederung == Gliederung.PRODUKTBEREICH and len(bereiche) != 1:
        errors["produktbereiche"] = (
            "Ein Teilhaushalt nach Produktbereichen umfasst genau einen Produktbereich."
        )
    oe = None
    if organisationseinheit_id is not None:
        oe = Organisationseinheit.objects.filter(
            kommune_id=actor.kommune_id, pk=organisationseinheit_id
        ).first()
        if oe is None:
            errors["organisationseinheit_id"] = "Diese Organisationseinheit gibt es nicht."
    if (
        gliederung == Gliederung.ORGANISATION
        and oe is None
        and "organisationseinheit_id" not in errors
    ):
        errors["organisationseinheit_id"] = (
            "Ein Teilhaushalt nach der Organisation braucht eine verantwortliche Einheit."
        )
    if not errors:
        belegt = (
            TeilhaushaltProduktbereich.objects.filter(
                kommune_id=actor.kommune_id, produktbereich__in=bereiche
            )
            .exclude(teilhaushalt=teilhaushalt)
            .select_related("produktbereich", "teilhaushalt")
        )
        if belegt:
            errors["produktbereiche"] = "Schon einem anderen Teilhaushalt zugeordnet: " + ", ".join(
                f"{z.produktbereich.nummer} ({z.teilhaushalt})" for z in belegt
            )
        andere = Teilhaushalt.objects.filter(kommune_id=actor.kommune_id, nummer=nummer).exclude(
            pk=getattr(teilhaushalt, "pk", None)
        )
        if andere.exists():
            errors["nummer"] = f"Die Nummer „{nummer}“ ist schon vergeben."
    if errors:
        raise ValidationError("Der Teilhaushalt konnte nicht gespeichert werden.", errors)
    return bereiche, oe


@transaction.atomic
def save_teilhaushalt(
    actor: User,
    teilhaushalt: Teilhaushalt | None = None,
    *,
    nummer: str,
    bezeichnung: str,
    gliederung: str = Gliederung.PRODUKTBEREICH,
    produktbereiche: list[str],
    organisationseinheit_id: int | None = None,
) -> Teilhaushalt:
    """Create (teilhaushalt None) or change a Teilhaushalt and its Produktbereiche.

    Each Produktbereich belongs to at most one Teilhaushalt of the Kommune.
    """
    require_kaemmerei(actor)
    nummer, bezeichnung = (nummer or "").strip(), (bezeichnung or "").strip()
    produktbereiche = sorted({(p or "").strip().zfill(2) for p in produktbereiche})
    with kommune_scope(actor.kommune_id):
        bereiche, oe = _check_teilhaushalt(
            actor,
            nummer=nummer,
            bezeichnung=bezeichnung,
            gliederung=gliederung,
            produktbereiche=produktbereiche,
            organisationseinheit_id=organisationseinheit_id,
            teilhaushalt=teilhaushalt,
        )
        neu = teilhaushalt is None
        if neu:
            teilhaushalt = Teilhaushalt(kommune_id=actor.kommune_id)
        teilhaushalt.nummer, teilhaushalt.bezeichnung = nummer, bezeichnung
        teilhaushalt.gliederung, teilhaushalt.organisationseinheit = gliederung, oe
        teilhaushalt.save()
        teilhaushalt.zuordnungen.all().delete()
        TeilhaushaltProduktbereich.objects.bulk_create(
            TeilhaushaltProduktbereich(
                kommune_id=actor.kommune_id, teilhaushalt=teilhaushalt, produktbereich=b
            )
            for b in bereiche
        )
        record(
            "teilhaushalt.angelegt" if neu else "teilhaushalt.geaendert",
            kommune_id=actor.kommune_id,
            actor=actor,
            obj=teilhaushalt,
            details={
                "nummer": nummer,
                "bezeichnung": bezeichnung,
                "gliederung": gliederung,
                "produktbereiche": produktbereiche,
            },
        )
    return teilhaushalt
