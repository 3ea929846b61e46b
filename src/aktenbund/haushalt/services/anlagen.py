"""The plan's parts besides the Ansätze: Maßnahmen (Investitionsprogramm), Stellenplan, local §§."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction

from aktenbund.audit.services import record
from aktenbund.errors import Conflict, NotFound, ValidationError
from aktenbund.haushalt.models import (
    Haushaltsplan,
    Laufbahn,
    Massnahme,
    Satzungsparagraph,
    Stelle,
)
from aktenbund.haushalt.services import rechnung
from aktenbund.haushalt.services.plan import clean_text, require_entwurf
from aktenbund.haushalt.services.rahmen import KONTO_RE, check_bezeichnung, find_produkt
from aktenbund.haushalt.services.rechte import own, require_kaemmerei
from aktenbund.haushalt.tabelle import FORMEL_ZEICHEN, parse_betrag
from aktenbund.haushalt.zeilen import FINANZ
from aktenbund.tenancy.models import User
from aktenbund.tenancy.scope import kommune_scope


def _get(model, actor: User, pk: int, message: str):
    with kommune_scope(actor.kommune_id):
        obj = own(model, actor).filter(pk=pk).select_related("haushaltsplan").first()
    if obj is None:
        raise NotFound(message)
    return obj


def get_massnahme(actor: User, massnahme_id: int) -> Massnahme:
    return _get(Massnahme, actor, massnahme_id, "Diese Maßnahme gibt es nicht.")


def get_stelle(actor: User, stelle_id: int) -> Stelle:
    return _get(Stelle, actor, stelle_id, "Diese Stelle gibt es nicht.")


def get_satzungsparagraph(actor: User, satzungsparagraph_id: int) -> Satzungsparagraph:
    return _get(Satzungsparagraph, actor, satzungsparagraph_id, "Diesen Paragraphen gibt es nicht.")


def _save(obj, actor: User, action: str, details: dict[str, Any], conflict: str) -> None:
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as exc:
        raise Conflict(conflict, {"nummer": conflict}) from exc
    record(action, kommune_id=obj.kommune_id, actor=actor, obj=obj, details=details)


def _delete(obj, actor: User, action: str, details: dict[str, Any]) -> None:
    pk = obj.pk
    obj.delete()
    record(
        action,
        kommune_id=actor.kommune_id,
        actor=actor,
        object_type=obj._meta.model_name,
        object_id=pk,
        details=details,
    )


# --- Maßnahmen -----------------------------------------------------------------


@transaction.atomic
def save_massnahme(
    actor: User,
    plan: Haushaltsplan,
    massnahme: Massnahme | None = None,
    *,
    nummer: str,
    bezeichnung: str,
    produkt: str,
    ve_planung_1: Any = None,
    ve_planung_2: Any = None,
    ve_planung_3: Any = None,
) -> Massnahme:
    """Create or change an Investitionsmaßnahme with its Verpflichtungsermächtigungen."""
    require_kaemmerei(actor)
    with kommune_scope(actor.kommune_id):
        require_entwurf(plan)
        nummer, bezeichnung = (nummer or "").strip(), (bezeichnung or "").strip()
        errors: dict[str, str] = {}
        if not nummer or len(nummer) > 20 or not KONTO_RE.match(nummer):
            errors["nummer"] = "Bitte eine Maßnahmennummer (Buchstaben, Ziffern, Punkt, Strich)."
        if problem := check_bezeichnung(bezeichnung):
            errors["bezeichnung"] = problem
        produkt_obj = find_produkt(actor.kommune_id, (produkt or "").strip())
        if produkt_obj is None:
            errors["produkt"] = f"Das Produkt „{produkt}“ gibt es nicht."
        ve = {}
        for name, value in (
            ("ve_planung_1", ve_planung_1),
            ("ve_planung_2", ve_planung_2),
            ("ve_planung_3", ve_planung_3),
        ):
            try:
                ve[name] = parse_betrag(value)
                if ve[name] < 0:
                    errors[name] = "Verpflichtungsermächtigungen sind nicht negativ."
            except ValueError as exc:
                errors[name] = str(exc)
        if errors:
            raise ValidationError("Die Maßnahme konnte nicht gespeichert werden.", errors)
        neu = massnahme is None
        if neu:
            massnahme = Massnahme(kommune_id=actor.kommune_id, haushaltsplan=plan)
        massnahme.nummer, massnahme.bezeichnung, massnahme.produkt = (
            nummer,
            bezeichnung,
            produkt_obj,
        )
        for name, value in ve.items():
            setattr(massnahme, name, value)
        _save(
            massnahme,
            actor,
            "massnahme.angelegt" if neu else "massnahme.geaendert",
            {"nummer": nummer, "bezeichnung": bezeichnung, **ve},
            f"Die Maßnahmennummer „{nummer}“ ist in diesem Plan schon vergeben.",
        )
    return massnahme


@transaction.atomic
def delete_massnahme(actor: User, massnahme: Massnahme) -> None:
    require_kaemmerei(actor)
    with kommune_scope(actor.kommune_id):
        require_entwurf(massnahme.haushaltsplan)
        if massnahme.planansaetze.exists():
            raise Conflict(
                "Die Maßnahme hat noch Planansätze; bitte diese zuerst entfernen.",
                {"massnahme": "Hat Planansätze."},
            )
        _delete(massnahme, actor, "massnahme.geloescht", {"nummer": massnahme.nummer})


@dataclass
class Investition:
    """One Maßnahme of the Investitionsprogramm with its amounts per year column."""

    massnahme: Massnahme | None
    einzahlungen: rechnung.Betraege
    auszahlungen: rechnung.Betraege

    @property
    def saldo(self) -> rechnung.Betraege:
        return tuple(e - a for e, a in zip(self.einzahlungen, self.auszahlungen, strict=True))


@dataclass
class Investitionsprogramm:
    investitionen: list[Investition] = field(default_factory=list)
    einzahlungen: rechnung.Betraege = rechnung.NULL
    auszahlungen: rechnung.Betraege = rechnung.NULL
    verpflichtungsermaechtigungen: Decimal = Decimal("0.00")


def investitionsprogramm(
    plan: Haushaltsplan, posten: list[rechnung.Posten]
) -> Investitionsprogramm:
    """Maßnahmen with their Ein- and Auszahlungen (from the Planansätze naming them).

    Investment Ansätze without a Maßnahme form the last line ("ohne
    Maßnahme"); the totals equal the Finanzhaushalt's rows 23 and 28.
    """
    with kommune_scope(plan.kommune_id):
        massnahmen = list(plan.massnahmen.select_related("produkt"))
    werte: dict[int | None, list[rechnung.Betraege]] = {
        m.pk: [rechnung.NULL, rechnung.NULL] for m in massnahmen
    }
    for p in posten:
        zeile = FINANZ.get(p.finanz_zeile)
        if zeile is None or p.finanz_zeile not in ("20", "21", "22", "24", "25", "26", "27"):
            continue
        paar = werte.setdefault(p.massnahme_id, [rechnung.NULL, rechnung.NULL])
        i = 0 if zeile.richtung > 0 else 1
        paar[i] = tuple(a + b for a, b in zip(paar[i], p.betraege, strict=True))
    programm = Investitionsprogramm()
    for m in massnahmen:
        programm.investitionen.append(Investition(m, *werte[m.pk]))
        programm.verpflichtungsermaechtigungen += m.verpflichtungsermaechtigung
    if None in werte:
        programm.investitionen.append(Investition(None, *werte[None]))
    for inv in programm.investitionen:
        programm.einzahlungen = tuple(
            a + b for a, b in zip(programm.einzahlungen, inv.einzahlungen, strict=True)
        )
        programm.auszahlungen = tuple(
            a + b for a, b in zip(programm.auszahlungen, inv.auszahlungen, strict=True)
        )
    return programm


# --- Stellenplan -----------------------------------------------------------------


@transaction.atomic
def save_stelle(
    actor: User,
    plan: Haushaltsplan,
    stelle: Stelle | None = None,
    *,
    laufbahn: str,
    gruppe: str,
    bezeichnung: str = "",
    anzahl: Decimal,
    anzahl_vorjahr: Decimal,
) -> Stelle:
    """A line of the Stellenplan: Stellen of one Besoldungs-/Entgeltgruppe, this and last year."""
    require_kaemmerei(actor)
    with kommune_scope(actor.kommune_id):
        require_entwurf(plan)
        gruppe, bezeichnung = (gruppe or "").strip(), clean_text(bezeichnung)
        errors: dict[str, str] = {}
        if laufbahn not in Laufbahn.values:
            errors["laufbahn"] = "Bitte „beamte“ oder „beschaeftigte“."
        if not gruppe or len(gruppe) > 20 or gruppe.startswith(FORMEL_ZEICHEN):
            errors["gruppe"] = "Bitte eine Besoldungs- oder Entgeltgruppe (z. B. A 13, EG 9b)."
        if len(bezeichnung) > 200 or bezeichnung.startswith(FORMEL_ZEICHEN):
            errors["bezeichnung"] = "Höchstens 200 Zeichen, nicht mit = + - @ beginnend."
        for name, value in (("anzahl", anzahl), ("anzahl_vorjahr", anzahl_vorjahr)):
            if (
                value is None
                or value < 0
                or value > Decimal("99999.99")
                or value != round(value, 2)
            ):
                errors[name] = "Bitte eine Zahl von Stellen (0 bis 99999,99)."
        if errors:
            raise ValidationError("Die Stelle konnte nicht gespeichert werden.", errors)
        neu = stelle is None
        if neu:
            stelle = Stelle(kommune_id=actor.kommune_id, haushaltsplan=plan)
        stelle.laufbahn, stelle.gruppe, stelle.bezeichnung = laufbahn, gruppe, bezeichnung
        stelle.anzahl, stelle.anzahl_vorjahr = anzahl, anzahl_vorjahr
        _save(
            stelle,
            actor,
            "stelle.angelegt" if neu else "stelle.geaendert",
            {"laufbahn": laufbahn, "gruppe": gruppe, "anzahl": anzahl, "vorjahr": anzahl_vorjahr},
            f"Die Gruppe „{gruppe}“ steht schon im Stellenplan.",
        )
    return stelle


@transaction.atomic
def delete_stelle(actor: User, stelle: Stelle) -> None:
    require_kaemmerei(actor)
    with kommune_scope(actor.kommune_id):
        require_entwurf(stelle.haushaltsplan)
        _delete(stelle, actor, "stelle.geloescht", {"gruppe": stelle.gruppe})


@dataclass
class Stellenplan:
    stellen: list[Stelle]
    summe: Decimal
    summe_vorjahr: Decimal


def stellenplan(plan: Haushaltsplan) -> Stellenplan:
    with kommune_scope(plan.kommune_id):
        stellen = list(plan.stellen.all())
    return Stellenplan(
        stellen,
        sum((s.anzahl for s in stellen), Decimal("0.00")),
        sum((s.anzahl_vorjahr for s in stellen), Decimal("0.00")),
    )


# --- local §§ of the Satzung ---------------------------------------------------------


@transaction.atomic
def save_satzungsparagraph(
    actor: User,
    plan: Haushaltsplan,
    paragraph: Satzungsparagraph | None = None,
    *,
    nummer: int,
    ueberschrift: str,
    text: str,
) -> Satzungsparagraph:
    """A further local § (from § 7; §§ 1–6 are generated from the plan)."""
    require_kaemmerei(actor)
    with kommune_scope(actor.kommune_id):
        require_entwurf(plan)
        ueberschrift, text = clean_text(ueberschrift), clean_text(text)
        errors: dict[str, str] = {}
        if nummer is None or not 7 <= nummer <= 99:
            errors["nummer"] = "§§ 1 bis 6 ergeben sich aus dem Plan; bitte ab § 7."
        if not ueberschrift or len(ueberschrift) > 200:
            errors["ueberschrift"] = "Bitte eine Überschrift (höchstens 200 Zeichen)."
        if not text or len(text) > 10_000:
            errors["text"] = "Bitte einen Text (höchstens 10.000 Zeichen)."
        if errors:
            raise ValidationError("Der Paragraph konnte nicht gespeichert werden.", errors)
        neu = paragraph is None
        if neu:
            paragraph = Satzungsparagraph(kommune_id=actor.kommune_id, haushaltsplan=plan)
        paragraph.nummer, paragraph.ueberschrift, paragraph.text = nummer, ueberschrift, text
        _save(
            paragraph,
            actor,
            "satzungsparagraph.angelegt" if neu else "satzungsparagraph.geaendert",
            {"nummer": nummer, "ueberschrift": ueberschrift},
            f"§ {nummer} gibt es schon.",
        )
    return paragraph


@transaction.atomic
def delete_satzungsparagraph(actor: User, paragraph: Satzungsparagraph) -> None:
    require_kaemmerei(actor)
    with kommune_scope(actor.kommune_id):
        require_entwurf(paragraph.haushaltsplan)
        _delete(paragraph, actor, "satzungsparagraph.geloescht", {"nummer": paragraph.nummer})
