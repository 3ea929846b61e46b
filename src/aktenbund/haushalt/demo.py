"""Demo Haushalt: the example frames and plans 2026 and 2027 for every demo Kommune.

Figures are Euro per Einwohner (plausible for small Hessian Kommunen, not
real data), scaled by each Kommune's Einwohner and varied a little per
Kommune. 2026 is rechtskräftig, 2027 an Entwurf. Weißenborn's plans are not
balanced (its Kreis- and Schulumlage outgrow its Erträge). Running `load()`
again adds nothing.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from aktenbund.haushalt import services
from aktenbund.haushalt.models import Haushaltsplan, Produktbereich
from aktenbund.haushalt.services.plan_io import SPALTEN
from aktenbund.haushalt.tabelle import write_table
from aktenbund.tenancy import demo as tenancy_demo
from aktenbund.tenancy.models import Kommune, Rolle, User
from aktenbund.tenancy.scope import kommune_scope

DATA = Path(__file__).resolve().parent / "data"
PRODUKTRAHMEN = DATA / "produktrahmen_beispiel.csv"
KONTENRAHMEN = DATA / "kontenrahmen_beispiel_kvkr_stil.csv"
UNAUSGEGLICHEN = "Weißenborn"

# (Konto, Produkt, Euro je Einwohner, Maßnahme)
ANSAETZE: list[tuple[str, str, int, str]] = [
    ("5551", "16.01.01", 8, ""),
    ("5552", "16.01.01", 120, ""),
    ("5553", "16.01.01", 250, ""),
    ("5561", "16.01.01", 420, ""),
    ("5562", "16.01.01", 45, ""),
    ("5571", "16.01.01", 6, ""),
    ("5411", "16.01.01", 450, ""),
    ("5911", "16.01.01", 60, ""),
    ("5711", "16.02.01", 2, ""),
    ("5022", "11.02.01", 160, ""),
    ("5023", "06.01.01", 35, ""),
    ("5431", "06.01.01", 110, ""),
    ("5021", "02.02.01", 12, ""),
    ("5011", "01.02.03", 10, ""),
    ("5012", "13.02.01", 15, ""),
    ("5481", "12.01.01", 30, ""),
    ("6011", "01.01.02", 40, ""),
    ("6021", "01.02.01", 160, ""),
    ("6021", "06.01.01", 150, ""),
    ("6021", "12.01.01", 50, ""),
    ("6041", "01.02.01", 70, ""),
    ("6051", "01.02.01", 30, ""),
    ("6111", "01.02.03", 40, ""),
    ("6111", "12.01.01", 60, ""),
    ("6121", "01.02.03", 35, ""),
    ("6131", "02.03.01", 15, ""),
    ("6141", "01.02.02", 30, ""),
    ("6141", "11.02.01", 90, ""),
    ("6611", "12.01.01", 80, ""),
    ("6611", "11.02.01", 60, ""),
    ("6421", "06.01.02", 70, ""),
    ("6411", "08.01.02", 8, ""),
    ("6521", "16.01.01", 420, ""),
    ("6531", "16.01.01", 180, ""),
    ("6511", "16.01.01", 35, ""),
    ("6541", "16.01.01", 20, ""),
    ("6711", "05.01.02", 25, ""),
    ("6911", "01.02.02", 12, ""),
    ("6811", "16.02.01", 18, ""),
    ("2311", "12.01.01", 30, "I-01"),
    ("0961", "12.01.01", 90, "I-01"),
    ("0711", "01.02.02", 10, ""),
    ("3211", "16.02.01", 40, ""),
    ("3219", "16.02.01", 35, ""),
]
# Column factors: Ergebnis Vorvorjahr, Ansatz Vorjahr, Ansatz, Planung +1 … +3.
VERLAUF = (
    Decimal("0.94"),
    Decimal("0.97"),
    Decimal("1"),
    Decimal("1.02"),
    Decimal("1.04"),
    Decimal("1.06"),
)
TEILHAUSHALTE = ["01", "02", "05", "06", "08", "11", "12", "13", "16"]
STELLEN = [
    ("beamte", "A 13", "Bürgermeister/in, Amtsleitung", 1),
    ("beschaeftigte", "EG 9b", "Sachbearbeitung", 4),
    ("beschaeftigte", "EG 8", "Erzieher/innen", 6),
    ("beschaeftigte", "EG 5", "Bauhof", 3),
]
SCHRITTE_2026 = [
    ("einbringen", datetime.date(2025, 10, 28)),
    ("beschliessen", datetime.date(2025, 12, 9)),
    ("vorlegen", datetime.date(2025, 12, 15)),
    ("genehmigen", datetime.date(2026, 1, 22)),
    ("bekanntmachen", datetime.date(2026, 1, 30)),
    ("rechtskraeftig", datetime.date(2026, 1, 31)),
]


def _betrag(einwohner: int, je_einwohner: int, faktor: Decimal) -> Decimal:
    return (Decimal(einwohner) * je_einwohner * faktor).quantize(Decimal("1"))


def _zeilen(kommune: Kommune, jahr: int) -> list[list]:
    # A little variation per Kommune (stable: from its AGS) and per year.
    streuung = Decimal(100 + int(kommune.ags[-2:]) % 7 - 3) / 100
    jahresfaktor = Decimal("1.03") if jahr == 2027 else Decimal("1")
    zeilen = []
    for konto, produkt, je_ew, massnahme in ANSAETZE:
        if kommune.name == UNAUSGEGLICHEN and konto in ("6521", "6531"):
            je_ew = je_ew * 3 // 2
        basis = streuung * jahresfaktor
        werte = [_betrag(kommune.einwohner, je_ew, basis * f) for f in VERLAUF]
        zeilen.append([konto, "", produkt, "", massnahme, *werte, ""])
    return zeilen


@transaction.atomic
def load() -> None:
    """Frames, Teilhaushalte and plans 2026 (rechtskräftig) and 2027 (Entwurf) per Kommune."""
    admin = User.objects.get(username=tenancy_demo.VERBUND_ADMIN)
    services.import_produktrahmen(admin, PRODUKTRAHMEN.read_bytes(), "csv")
    services.import_kontenrahmen(admin, KONTENRAHMEN.read_bytes(), "csv")
    for name, *_ in tenancy_demo.KOMMUNEN:
        kommune = Kommune.objects.get(name=name)
        kaemmerei = User.objects.get(username=tenancy_demo.username(name, Rolle.KAEMMEREI))
        with kommune_scope(kommune):
            _teilhaushalte(kaemmerei)
            for jahr in (2026, 2027):
                if not Haushaltsplan.objects.filter(haushaltsjahr=jahr).exists():
                    _plan(kaemmerei, kommune, jahr)


def _teilhaushalte(kaemmerei: User) -> None:
    if services.teilhaushalte_for(kaemmerei).exists():
        return
    for nummer in TEILHAUSHALTE:
        bereich = Produktbereich.objects.get(nummer=nummer)
        services.save_teilhaushalt(
            kaemmerei, nummer=nummer, bezeichnung=bereich.bezeichnung, produktbereiche=[nummer]
        )


def _plan(kaemmerei: User, kommune: Kommune, jahr: int) -> Haushaltsplan:
    plan = services.create_plan(
        kaemmerei,
        haushaltsjahr=jahr,
        vorbericht=(
            f"Der Haushaltsplan {jahr} der {'Stadt' if kommune.ist_stadt else 'Gemeinde'} "
            f"{kommune.name} ({kommune.einwohner} Einwohner) ist ein Demonstrationsplan "
            "mit Beispielzahlen je Einwohner."
        ),
        hebesatz_grundsteuer_a=380,
        hebesatz_grundsteuer_b=490 if kommune.name != UNAUSGEGLICHEN else 600,
        hebesatz_gewerbesteuer=380,
        liquiditaetskredite=_betrag(kommune.einwohner, 150, Decimal(1)),
        zahlungsmittelbestand=_betrag(kommune.einwohner, 80, Decimal(1)),
    )
    services.save_massnahme(
        kaemmerei,
        plan,
        nummer="I-01",
        bezeichnung="Grundhafte Erneuerung von Gemeindestraßen",
        produkt="12.01.01",
        ve_planung_1=_betrag(kommune.einwohner, 20, Decimal(1)),
    )
    for laufbahn, gruppe, bezeichnung, je_5000 in STELLEN:
        anzahl = max(Decimal(1), Decimal(je_5000 * kommune.einwohner) / 5000).quantize(
            Decimal("0.5")
        )
        services.save_stelle(
            kaemmerei,
            plan,
            laufbahn=laufbahn,
            gruppe=gruppe,
            bezeichnung=bezeichnung,
            anzahl=anzahl,
            anzahl_vorjahr=anzahl,
        )
    datei = write_table(SPALTEN, _zeilen(kommune, jahr), "csv", blatt="Planansätze")
    services.import_planansaetze(kaemmerei, plan, datei, "csv")
    if jahr == 2026:
        for schritt, datum in SCHRITTE_2026:
            services.advance_plan(
                kaemmerei, plan, schritt, datum=datum, genehmigungsart="ohne_beanstandung"
            )
    return plan
