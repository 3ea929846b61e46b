"""The Haushaltssatzung (§ 94 HGO) generated from the plan, in the form Hessian Kommunen use.

§ 1 takes its figures from the computed statements (the same `Rechnung`
objects the statement pages show), § 2 from the Finanzhaushalt's
Kreditaufnahme, § 3 from the Maßnahmen's Verpflichtungsermächtigungen, § 4
and § 5 from the plan's own fields, § 6 refers to the Stellenplan; further
§§ are the Kommune's own text. So the Satzung equals the statements by
construction; tests compare them all the same.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from aktenbund.haushalt.models import Haushaltsplan, Satzungsparagraph
from aktenbund.haushalt.services import rechnung
from aktenbund.haushalt.services.anlagen import investitionsprogramm, stellenplan
from aktenbund.haushalt.services.plan import Statements, statements
from aktenbund.tenancy.scope import kommune_scope


@dataclass
class Paragraph1:
    """§ 1 for one Haushaltsjahr."""

    jahr: int
    ertraege: Decimal  # ordentliche Erträge incl. Finanzerträge (rows 10 + 21)
    aufwendungen: Decimal  # ordentliche Aufwendungen incl. Zinsen (rows 19 + 22)
    ordentliches_ergebnis: Decimal  # row 24
    ao_ertraege: Decimal  # row 25
    ao_aufwendungen: Decimal  # row 26
    ao_ergebnis: Decimal  # row 27
    jahresergebnis: Decimal  # row 28
    saldo_lfd: Decimal  # FH row 19
    einzahlungen_invest: Decimal  # FH row 23
    auszahlungen_invest: Decimal  # FH row 28
    saldo_invest: Decimal  # FH row 29
    einzahlungen_finanzierung: Decimal  # FH row 31
    auszahlungen_finanzierung: Decimal  # FH row 32
    saldo_finanzierung: Decimal  # FH row 33
    zahlungsmittelfluss: Decimal  # FH row 34


@dataclass
class Haushaltssatzung:
    plan: Haushaltsplan
    gremium: str
    jahre_text: str
    paragraph_1: list[Paragraph1]
    kredite: list[tuple[int, Decimal]]  # § 2 per year
    verpflichtungsermaechtigungen: Decimal  # § 3
    liquiditaetskredite: Decimal  # § 4
    hebesaetze: tuple[int, int, int]  # § 5: Grundsteuer A, B, Gewerbesteuer
    stellen: Decimal  # § 6 (for the text)
    weitere: list[Satzungsparagraph] = field(default_factory=list)


def _paragraph_1(jahr: int, erg: rechnung.Rechnung, fin: rechnung.Rechnung, s: int) -> Paragraph1:
    return Paragraph1(
        jahr=jahr,
        ertraege=erg.wert("10", s) + erg.wert("21", s),
        aufwendungen=erg.wert("19", s) + erg.wert("22", s),
        ordentliches_ergebnis=erg.wert("24", s),
        ao_ertraege=erg.wert("25", s),
        ao_aufwendungen=erg.wert("26", s),
        ao_ergebnis=erg.wert("27", s),
        jahresergebnis=erg.wert("28", s),
        saldo_lfd=fin.wert("19", s),
        einzahlungen_invest=fin.wert("23", s),
        auszahlungen_invest=fin.wert("28", s),
        saldo_invest=fin.wert("29", s),
        einzahlungen_finanzierung=fin.wert("31", s),
        auszahlungen_finanzierung=fin.wert("32", s),
        saldo_finanzierung=fin.wert("33", s),
        zahlungsmittelfluss=fin.wert("34", s),
    )


def gremium_of(plan: Haushaltsplan) -> str:
    return "Stadtverordnetenversammlung" if plan.kommune.ist_stadt else "Gemeindevertretung"


def haushaltssatzung(plan: Haushaltsplan, berechnet: Statements | None = None) -> Haushaltssatzung:
    """The Satzung of `plan`; pass `berechnet` to reuse computed statements."""
    berechnet = berechnet or statements(plan)
    erg, fin = berechnet.ergebnis, berechnet.finanz
    spalten = [rechnung.HJ, rechnung.HJ + 1] if plan.doppelhaushalt else [rechnung.HJ]
    jahre = plan.jahre()
    programm = investitionsprogramm(plan, berechnet.posten)
    with kommune_scope(plan.kommune_id):
        weitere = list(plan.paragraphen.all())
        kommune = plan.kommune
    return Haushaltssatzung(
        plan=plan,
        gremium="Stadtverordnetenversammlung" if kommune.ist_stadt else "Gemeindevertretung",
        jahre_text=(
            f"die Haushaltsjahre {jahre[2]} und {jahre[3]}"
            if plan.doppelhaushalt
            else f"das Haushaltsjahr {jahre[2]}"
        ),
        paragraph_1=[_paragraph_1(jahre[s], erg, fin, s) for s in spalten],
        kredite=[(jahre[s], fin.wert("31", s)) for s in spalten],
        verpflichtungsermaechtigungen=programm.verpflichtungsermaechtigungen,
        liquiditaetskredite=plan.liquiditaetskredite,
        hebesaetze=(
            plan.hebesatz_grundsteuer_a,
            plan.hebesatz_grundsteuer_b,
            plan.hebesatz_gewerbesteuer,
        ),
        stellen=stellenplan(plan).summe,
        weitere=weitere,
    )
