"""Haushaltspläne and their Planansätze: open a plan, enter and change Ansätze, compute it.

Only an Entwurf changes (`require_entwurf`); from Einbringung on, a plan is
read-only in services, UI and API alike, up to rechtskräftig. Every
statement is computed from the Planansätze on request (`statements`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet

from aktenbund.audit.services import record
from aktenbund.errors import Conflict, NotFound, ValidationError
from aktenbund.haushalt.models import (
    BETRAGSSPALTEN,
    Haushaltsplan,
    Konto,
    Massnahme,
    Planansatz,
    Status,
)
from aktenbund.haushalt.services import rechnung
from aktenbund.haushalt.services.rahmen import find_produkt, zuordnung_for
from aktenbund.haushalt.services.rechte import own, require_kaemmerei
from aktenbund.haushalt.tabelle import FORMEL_ZEICHEN, parse_betrag
from aktenbund.tenancy.models import User
from aktenbund.tenancy.scope import kommune_scope

MAX_ERLAEUTERUNG = 4000


def spalten_titel(plan: Haushaltsplan) -> list[str]:
    """Column headings with the years, as the Hessian plan prints them."""
    j = plan.jahre()
    zweites = "Ansatz" if plan.doppelhaushalt else "Planung"
    return [
        f"Ergebnis {j[0]}",
        f"Ansatz {j[1]}",
        f"Ansatz {j[2]}",
        f"{zweites} {j[3]}",
        f"Planung {j[4]}",
        f"Planung {j[5]}",
    ]


# --- reading ------------------------------------------------------------------


def plaene_for(actor: User) -> QuerySet[Haushaltsplan]:
    return own(Haushaltsplan, actor)


def get_plan(actor: User, haushaltsplan_id: int) -> Haushaltsplan:
    """A plan of the actor's Kommune; 404 for unknown ones and other Kommunen's."""
    with kommune_scope(actor.kommune_id):
        plan = (
            own(Haushaltsplan, actor)
            .filter(pk=haushaltsplan_id)
            .select_related("kommune", "nachtrag_zu")
            .first()
        )
    if plan is None:
        raise NotFound("Diesen Haushaltsplan gibt es nicht.")
    return plan


def get_planansatz(actor: User, planansatz_id: int) -> Planansatz:
    with kommune_scope(actor.kommune_id):
        ansatz = (
            own(Planansatz, actor)
            .filter(pk=planansatz_id)
            .select_related("haushaltsplan", "konto", "produkt", "massnahme")
            .first()
        )
    if ansatz is None:
        raise NotFound("Diesen Planansatz gibt es nicht.")
    return ansatz


def require_entwurf(plan: Haushaltsplan) -> None:
    """Only an Entwurf changes; afterwards the plan is what the Gremium has before it."""
    if plan.status != Status.ENTWURF:
        raise Conflict(
            f"Der {plan.bezeichnung} ist {plan.get_status_display()} und kann nicht mehr "
            "geändert werden."
            + (
                " Änderungen nur über einen Nachtragshaushalt."
                if plan.status != "eingebracht"
                else " Für Änderungen zurück in den Entwurf setzen."
            )
        )


# --- plans --------------------------------------------------------------------------


def clean_text(value: str | None) -> str:
    return (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()


@transaction.atomic
def create_plan(
    actor: User,
    *,
    haushaltsjahr: int,
    doppelhaushalt: bool = False,
    vorbericht: str = "",
    hebesatz_grundsteuer_a: int = 0,
    hebesatz_grundsteuer_b: int = 0,
    hebesatz_gewerbesteuer: int = 0,
    liquiditaetskredite: Decimal = Decimal("0.00"),
    zahlungsmittelbestand: Decimal = Decimal("0.00"),
) -> Haushaltsplan:
    """The Kämmerei opens the Haushaltsplan of a Haushaltsjahr (an Entwurf)."""
    require_kaemmerei(actor)
    errors = check_kopf(
        haushaltsjahr=haushaltsjahr,
        vorbericht=vorbericht,
        hebesaetze=(hebesatz_grundsteuer_a, hebesatz_grundsteuer_b, hebesatz_gewerbesteuer),
        liquiditaetskredite=liquiditaetskredite,
    )
    if errors:
        raise ValidationError("Der Haushaltsplan konnte nicht angelegt werden.", errors)
    with kommune_scope(actor.kommune_id):
        if Haushaltsplan.objects.filter(
            kommune_id=actor.kommune_id, haushaltsjahr=haushaltsjahr
        ).exists() or (
            doppelhaushalt
            and Haushaltsplan.objects.filter(
                kommune_id=actor.kommune_id, haushaltsjahr=haushaltsjahr + 1
            ).exists()
        ):
            raise Conflict(
                f"Für {haushaltsjahr} gibt es schon einen Haushaltsplan.",
                {"haushaltsjahr": "Schon vorhanden; Änderungen über einen Nachtragshaushalt."},
            )
        plan = Haushaltsplan.objects.create(
            kommune_id=actor.kommune_id,
            haushaltsjahr=haushaltsjahr,
            doppelhaushalt=doppelhaushalt,
            vorbericht=clean_text(vorbericht),
            hebesatz_grundsteuer_a=hebesatz_grundsteuer_a,
            hebesatz_grundsteuer_b=hebesatz_grundsteuer_b,
            hebesatz_gewerbesteuer=hebesatz_gewerbesteuer,
            liquiditaetskredite=liquiditaetskredite,
            zahlungsmittelbestand=zahlungsmittelbestand,
        )
        record(
            "haushaltsplan.angelegt",
            kommune_id=actor.kommune_id,
            actor=actor,
            obj=plan,
            details={"haushaltsjahr": haushaltsjahr, "doppelhaushalt": doppelhaushalt},
        )
    return plan


def check_kopf(
    *,
    haushaltsjahr: int | None = None,
    vorbericht: str = "",
    hebesaetze: tuple[int, int, int] = (0, 0, 0),
    liquiditaetskredite: Decimal = Decimal("0.00"),
) -> dict[str, str]:
    errors = {}
    if haushaltsjahr is not None and not 2000 <= haushaltsjahr <= 2100:
        errors["haushaltsjahr"] = "Bitte ein Jahr zwischen 2000 und 2100."
    if len(vorbericht) > 50_000:
        errors["vorbericht"] = "Höchstens 50.000 Zeichen."
    for name, wert in zip(
        ("hebesatz_grundsteuer_a", "hebesatz_grundsteuer_b", "hebesatz_gewerbesteuer"),
        hebesaetze,
        strict=True,
    ):
        if wert is None or not 0 <= wert <= 9999:
            errors[name] = "Bitte einen Hebesatz von 0 bis 9999 v. H."
    if liquiditaetskredite is None or liquiditaetskredite < 0:
        errors["liquiditaetskredite"] = "Bitte einen Betrag von 0 oder mehr."
    return errors


@transaction.atomic
def update_plan(
    actor: User,
    plan: Haushaltsplan,
    *,
    vorbericht: str,
    hebesatz_grundsteuer_a: int,
    hebesatz_grundsteuer_b: int,
    hebesatz_gewerbesteuer: int,
    liquiditaetskredite: Decimal,
    zahlungsmittelbestand: Decimal,
) -> Haushaltsplan:
    """Change the plan's Vorbericht, Hebesätze and Satzung figures (Entwurf only)."""
    require_kaemmerei(actor)
    require_entwurf(plan)
    errors = check_kopf(
        vorbericht=vorbericht,
        hebesaetze=(hebesatz_grundsteuer_a, hebesatz_grundsteuer_b, hebesatz_gewerbesteuer),
        liquiditaetskredite=liquiditaetskredite,
    )
    if errors:
        raise ValidationError("Der Haushaltsplan konnte nicht geändert werden.", errors)
    werte = {
        "vorbericht": clean_text(vorbericht),
        "hebesatz_grundsteuer_a": hebesatz_grundsteuer_a,
        "hebesatz_grundsteuer_b": hebesatz_grundsteuer_b,
        "hebesatz_gewerbesteuer": hebesatz_gewerbesteuer,
        "liquiditaetskredite": liquiditaetskredite,
        "zahlungsmittelbestand": zahlungsmittelbestand,
    }
    with kommune_scope(actor.kommune_id):
        geaendert = {k: v for k, v in werte.items() if getattr(plan, k) != v}
        for name, value in geaendert.items():
            setattr(plan, name, value)
        if geaendert:
            plan.save(update_fields=list(geaendert))
            record(
                "haushaltsplan.geaendert",
                kommune_id=actor.kommune_id,
                actor=actor,
                obj=plan,
                details={k: v for k, v in geaendert.items() if k != "vorbericht"}
                | ({"vorbericht": "geändert"} if "vorbericht" in geaendert else {}),
            )
    return plan


# --- Planansätze ----------------------------------------------------------------------


@dataclass
class AnsatzDaten:
    """Checked input of one Planansatz."""

    konto: Konto
    produkt: Any
    massnahme: Massnahme | None
    betraege: dict[str, Decimal]
    erlaeuterung: str


# Planansätze are positive: whether an amount is an Ertrag or an Aufwand, an
# Ein- or an Auszahlung follows from the Konto's rows. The one exception is
# Ergebnishaushalt row 04, Bestandsveränderungen: a Bestandsminderung is
# planned as a negative amount (GemHVO § 2, NOTES §4.1).
ZEILEN_MIT_VORZEICHEN = frozenset({"04"})


def check_vorzeichen(konto: Konto, werte: dict[str, Decimal]) -> dict[str, str]:
    """Field → problem for every negative amount on a Konto that takes positive ones only."""
    if konto.ergebnis_zeile in ZEILEN_MIT_VORZEICHEN:
        return {}
    return {
        name: "Planansätze sind nicht negativ; ob Ertrag oder Aufwand, sagt das Konto."
        for name, wert in werte.items()
        if wert < 0
    }


def check_ansatz(
    plan: Haushaltsplan,
    *,
    konto: str,
    produkt: str,
    massnahme: str = "",
    betraege: dict[str, Any],
    erlaeuterung: str = "",
    konten: dict[str, Konto] | None = None,
    produkte: dict[str, Any] | None = None,
    massnahmen: dict[str, Massnahme] | None = None,
) -> tuple[AnsatzDaten | None, dict[str, str]]:
    """Check one Ansatz's input (form, API, file row); (data, field → problem).

    `konten`/`produkte`/`massnahmen` are lookups by Nummer for bulk checks.
    """
    errors: dict[str, str] = {}
    konto, produkt, massnahme = (
        (konto or "").strip(),
        (produkt or "").strip(),
        (massnahme or "").strip(),
    )
    konto_obj = (
        (konten.get(konto) if konten is not None else Konto.objects.filter(nummer=konto).first())
        if konto
        else None
    )
    if not konto:
        errors["konto"] = "Bitte ein Konto angeben."
    elif konto_obj is None:
        errors["konto"] = f"Das Konto „{konto}“ gibt es im Kontenrahmen nicht."
    produkt_obj = None
    if not produkt:
        errors["produkt"] = "Bitte ein Produkt angeben."
    else:
        produkt_obj = (
            produkte.get(produkt)
            if produkte is not None
            else find_produkt(plan.kommune_id, produkt)
        )
        if produkt_obj is None:
            errors["produkt"] = f"Das Produkt „{produkt}“ gibt es nicht."
    massnahme_obj = None
    if massnahme:
        massnahme_obj = (
            massnahmen.get(massnahme)
            if massnahmen is not None
            else plan.massnahmen.filter(nummer=massnahme).first()
        )
        if massnahme_obj is None:
            errors["massnahme"] = f"Die Maßnahme „{massnahme}“ gibt es in diesem Plan nicht."
        elif konto_obj is not None and konto_obj.finanz_zeile not in (
            "20",
            "21",
            "22",
            "24",
            "25",
            "26",
            "27",
        ):
            errors["massnahme"] = (
                "Maßnahmen gibt es nur für Investitionskonten (Finanzhaushalt Zeilen 20–27)."
            )
    werte: dict[str, Decimal] = {}
    for name in BETRAGSSPALTEN:
        try:
            werte[name] = parse_betrag(betraege.get(name))
        except ValueError as exc:
            errors[name] = str(exc)
    if konto_obj is not None:
        errors.update(check_vorzeichen(konto_obj, werte))
    erlaeuterung = clean_text(erlaeuterung)
    if len(erlaeuterung) > MAX_ERLAEUTERUNG:
        errors["erlaeuterung"] = f"Höchstens {MAX_ERLAEUTERUNG} Zeichen."
    elif erlaeuterung.startswith(FORMEL_ZEICHEN):
        errors["erlaeuterung"] = "Darf nicht mit = + - @ beginnen (Tabellen läsen es als Formel)."
    if errors:
        return None, errors
    return AnsatzDaten(konto_obj, produkt_obj, massnahme_obj, werte, erlaeuterung), {}


def _snapshot(ansatz: Planansatz) -> dict[str, Any]:
    return {
        "konto": ansatz.konto.nummer,
        "produkt": ansatz.produkt.nummer,
        "massnahme": ansatz.massnahme.nummer if ansatz.massnahme else "",
        **{name: getattr(ansatz, name) for name in BETRAGSSPALTEN},
        "erlaeuterung": ansatz.erlaeuterung,
    }


@transaction.atomic
def create_planansatz(
    actor: User,
    plan: Haushaltsplan,
    *,
    konto: str,
    produkt: str,
    massnahme: str = "",
    betraege: dict[str, Any] | None = None,
    erlaeuterung: str = "",
) -> Planansatz:
    """Add a Planansatz for Konto × Produkt (× Maßnahme) to an Entwurf.

    `betraege` maps the columns (`ergebnis_vorvorjahr` … `planung_3`) to
    amounts (Decimal, number or German text); missing ones are 0.
    """
    require_kaemmerei(actor)
    require_entwurf(plan)
    with kommune_scope(actor.kommune_id):
        daten, errors = check_ansatz(
            plan,
            konto=konto,
            produkt=produkt,
            massnahme=massnahme,
            betraege=betraege or {},
            erlaeuterung=erlaeuterung,
        )
        if errors:
            raise ValidationError("Der Planansatz konnte nicht angelegt werden.", errors)
        vorhanden = Planansatz.objects.filter(
            haushaltsplan=plan, konto=daten.konto, produkt=daten.produkt, massnahme=daten.massnahme
        )
        if vorhanden.exists():
            raise Conflict(
                f"Für Konto {daten.konto.nummer} und Produkt {daten.produkt.nummer} gibt es "
                "schon einen Ansatz; bitte diesen ändern.",
                {"konto": "Schon vorhanden."},
            )
        try:
            with transaction.atomic():
                ansatz = Planansatz.objects.create(
                    kommune_id=plan.kommune_id,
                    haushaltsplan=plan,
                    konto=daten.konto,
                    produkt=daten.produkt,
                    massnahme=daten.massnahme,
                    erlaeuterung=daten.erlaeuterung,
                    **daten.betraege,
                )
        except IntegrityError as exc:
            raise Conflict("Diesen Ansatz gibt es schon.", {"konto": "Schon vorhanden."}) from exc
        record(
            "planansatz.angelegt",
            kommune_id=plan.kommune_id,
            actor=actor,
            obj=ansatz,
            details={"haushaltsplan": plan.pk, **_snapshot(ansatz)},
        )
    return ansatz


@transaction.atomic
def update_planansatz(
    actor: User, ansatz: Planansatz, *, betraege: dict[str, Any], erlaeuterung: str | None = None
) -> Planansatz:
    """Change the amounts (only those given) and the Erläuterung of a Planansatz."""
    require_kaemmerei(actor)
    with kommune_scope(actor.kommune_id):
        plan = ansatz.haushaltsplan
        require_entwurf(plan)
    errors: dict[str, str] = {}
    neu: dict[str, Any] = {}
    for name, value in betraege.items():
        if name not in BETRAGSSPALTEN:
            errors[name] = "Unbekannte Spalte."
            continue
        try:
            neu[name] = parse_betrag(value)
        except ValueError as exc:
            errors[name] = str(exc)
    with kommune_scope(actor.kommune_id):
        errors.update(check_vorzeichen(ansatz.konto, neu))
    if erlaeuterung is not None:
        erlaeuterung = clean_text(erlaeuterung)
        if len(erlaeuterung) > MAX_ERLAEUTERUNG:
            errors["erlaeuterung"] = f"Höchstens {MAX_ERLAEUTERUNG} Zeichen."
        elif erlaeuterung.startswith(FORMEL_ZEICHEN):
            errors["erlaeuterung"] = "Darf nicht mit = + - @ beginnen."
        neu["erlaeuterung"] = erlaeuterung
    if errors:
        raise ValidationError("Der Planansatz konnte nicht geändert werden.", errors)
    with kommune_scope(actor.kommune_id):
        vorher = {k: getattr(ansatz, k) for k in neu if getattr(ansatz, k) != neu[k]}
        if vorher:
            for name in vorher:
                setattr(ansatz, name, neu[name])
            ansatz.save(update_fields=list(vorher))
            record(
                "planansatz.geaendert",
                kommune_id=ansatz.kommune_id,
                actor=actor,
                obj=ansatz,
                details={
                    "konto": ansatz.konto.nummer,
                    "produkt": ansatz.produkt.nummer,
                    "vorher": vorher,
                    "nachher": {k: neu[k] for k in vorher},
                },
            )
    return ansatz


@transaction.atomic
def delete_planansatz(actor: User, ansatz: Planansatz) -> None:
    require_kaemmerei(actor)
    with kommune_scope(actor.kommune_id):
        require_entwurf(ansatz.haushaltsplan)
    with kommune_scope(actor.kommune_id):
        details = _snapshot(ansatz)
        pk = ansatz.pk
        ansatz.delete()
        record(
            "planansatz.geloescht",
            kommune_id=actor.kommune_id,
            actor=actor,
            object_type="planansatz",
            object_id=pk,
            details=details,
        )


# --- computing --------------------------------------------------------------------------


def posten_of(plan: Haushaltsplan) -> list[rechnung.Posten]:
    """The plan's Planansätze as `Posten` (one query).

    An Entwurf follows the Kontenrahmen as it is; a plan past the Entwurf
    uses the rows frozen when it was eingebracht (`freeze_zeilen`).
    """
    live = plan.status == Status.ENTWURF
    rows = (
        Planansatz.objects.filter(haushaltsplan=plan)
        .annotate(
            _erg=F("konto__ergebnis_zeile") if live else F("ergebnis_zeile"),
            _fin=F("konto__finanz_zeile") if live else F("finanz_zeile"),
            _bereich=F("produkt__produktgruppe__produktbereich__nummer"),
        )
        .values_list("_erg", "_fin", "_bereich", "massnahme_id", *BETRAGSSPALTEN)
    )
    return [
        rechnung.Posten(erg, fin, bereich, tuple(betraege), massnahme_id)
        for erg, fin, bereich, massnahme_id, *betraege in rows
    ]


def freeze_zeilen(plan: Haushaltsplan) -> None:
    """Copy each Konto's rows into the plan's Planansätze (when it leaves the Entwurf)."""
    for konto in Konto.objects.filter(
        pk__in=Planansatz.objects.filter(haushaltsplan=plan).values("konto_id")
    ):
        Planansatz.objects.filter(haushaltsplan=plan, konto=konto).update(
            ergebnis_zeile=konto.ergebnis_zeile, finanz_zeile=konto.finanz_zeile
        )


@dataclass
class Teilergebnis:
    """One Teilhaushalt's statements (teilhaushalt None: Produktbereiche without one)."""

    teilhaushalt: Any
    haushalt: rechnung.Haushalt


@dataclass
class Statements:
    """Everything computed of a plan."""

    plan: Haushaltsplan
    posten: list[rechnung.Posten]
    gesamt: rechnung.Haushalt
    teile: list[Teilergebnis]
    ausgleich: list[rechnung.Ausgleich]
    zahlungsmittelbestand: list[Decimal]

    @property
    def ergebnis(self) -> rechnung.Rechnung:
        return self.gesamt.ergebnis

    @property
    def finanz(self) -> rechnung.Rechnung:
        return self.gesamt.finanz

    @property
    def ausgeglichen(self) -> bool:
        return all(a.ausgeglichen for a in self.ausgleich)


def statements(plan: Haushaltsplan) -> Statements:
    """Gesamt- and Teilhaushalte, Haushaltsausgleich and Zahlungsmittelbestand of a plan."""
    with kommune_scope(plan.kommune_id):
        posten = posten_of(plan)
        zuordnung = zuordnung_for(plan.kommune_id)
        teil_objekte = {str(t.pk): t for t in zuordnung.values()}
    gesamt = rechnung.haushalt(posten)
    teile_werte = rechnung.teilhaushalte(
        posten, {bereich: str(t.pk) for bereich, t in zuordnung.items()}
    )
    teile = sorted(
        (Teilergebnis(teil_objekte.get(key), h) for key, h in teile_werte.items()),
        key=lambda t: (t.teilhaushalt is None, t.teilhaushalt.nummer if t.teilhaushalt else ""),
    )
    return Statements(
        plan=plan,
        posten=posten,
        gesamt=gesamt,
        teile=teile,
        ausgleich=rechnung.ausgleich(gesamt.ergebnis, gesamt.finanz, plan.jahre()),
        zahlungsmittelbestand=rechnung.zahlungsmittelbestand(
            gesamt.finanz, plan.zahlungsmittelbestand
        ),
    )
