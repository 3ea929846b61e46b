"""Chart data of a plan, taken from its computed statements (never computed anew).

- Erträge and Aufwendungen by Produktbereich (Haushaltsjahr's Ansatz; ordentliche
  incl. Finanzerträge/Zinsen, i.e. rows 01–09, 21 and 11–18, 22): the sums over
  all Produktbereiche are rows 10 + 21 and 19 + 22 of the Gesamtergebnishaushalt.
- the Jahresergebnis (row 28) over the plan's six columns: Ergebnis Vorvorjahr,
  Ansatz Vorjahr, Ansatz, Finanzplanung;
- the Zahlungsmittelbestand: the opening balance carried forward by row 34 of
  the Finanzhaushalt for the Haushaltsjahr and the planning years.

The SVG drawing is `haushalt.svg`; views and API share these figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from aktenbund.haushalt.models import Haushaltsplan, Produktbereich
from aktenbund.haushalt.services import rechnung
from aktenbund.haushalt.services.plan import Statements, spalten_titel, statements


@dataclass
class Reihe:
    name: str
    werte: list[Decimal]


@dataclass
class Diagrammdaten:
    """One chart: categories (x or y axis) and one or more series of the same length."""

    titel: str
    beschreibung: str
    kategorien: list[str]
    reihen: list[Reihe]


def nach_produktbereich(plan: Haushaltsplan, berechnet: Statements) -> Diagrammdaten:
    bezeichnung = dict(Produktbereich.objects.values_list("nummer", "bezeichnung"))
    werte = rechnung.nach_produktbereich(berechnet.posten, rechnung.HJ)
    bereiche = list(werte)
    return Diagrammdaten(
        titel=f"Erträge und Aufwendungen nach Produktbereichen {plan.haushaltsjahr}",
        beschreibung=(
            f"Ordentliche Erträge und Aufwendungen (einschließlich Finanzergebnis) je "
            f"Produktbereich, Ansatz {plan.haushaltsjahr}, in Euro."
        ),
        kategorien=[f"{b} {bezeichnung.get(b, '')}".strip() for b in bereiche],
        reihen=[
            Reihe("Erträge", [werte[b][0] for b in bereiche]),
            Reihe("Aufwendungen", [werte[b][1] for b in bereiche]),
        ],
    )


def jahresergebnis(plan: Haushaltsplan, berechnet: Statements) -> Diagrammdaten:
    return Diagrammdaten(
        titel="Entwicklung des Jahresergebnisses",
        beschreibung=(
            "Jahresergebnis (Zeile 28 des Ergebnishaushalts) vom Ergebnis des Vorvorjahres bis "
            "zum letzten Jahr der Finanzplanung, in Euro; negative Werte sind Fehlbeträge."
        ),
        kategorien=spalten_titel(plan),
        reihen=[Reihe("Jahresergebnis", list(berechnet.ergebnis["28"]))],
    )


def zahlungsmittelbestand(plan: Haushaltsplan, berechnet: Statements) -> Diagrammdaten:
    jahre = plan.jahre()
    return Diagrammdaten(
        titel="Entwicklung des Zahlungsmittelbestands",
        beschreibung=(
            "Zahlungsmittelbestand zu Beginn des Haushaltsjahres und am Ende des "
            "Haushaltsjahres und jedes Jahres der Finanzplanung (Anfangsbestand plus "
            "Zahlungsmittelfluss, Zeile 34 des Finanzhaushalts), in Euro."
        ),
        kategorien=[f"Anfang {jahre[rechnung.HJ]}"]
        + [f"Ende {jahre[s]}" for s in rechnung.PLANJAHRE],
        reihen=[
            Reihe(
                "Zahlungsmittelbestand",
                [plan.zahlungsmittelbestand, *berechnet.zahlungsmittelbestand],
            )
        ],
    )


def diagramme_of(plan: Haushaltsplan, berechnet: Statements | None = None) -> list[Diagrammdaten]:
    """The plan's three charts, in page order."""
    berechnet = berechnet or statements(plan)
    return [
        nach_produktbereich(plan, berechnet),
        jahresergebnis(plan, berechnet),
        zahlungsmittelbestand(plan, berechnet),
    ]
