"""The Aktenplan file format: columns, limits, rows, and the errors about them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from aktenbund.errors import ValidationError

# The columns in the order we write them; reading accepts any order.
SPALTEN = [
    "Kennzeichen",
    "Übergeordnet",
    "Titel",
    "Beschreibung",
    "Aufbewahrungsfrist",
    "Aussonderungsart",
    "gültig ab",
    "gültig bis",
]
FORMATE = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

MAX_BYTES = 5 * 1024 * 1024
MAX_ZEILEN = 20_000

DAUERND = "dauernd"


@dataclass(frozen=True)
class Zeilenfehler:
    """One problem in one cell: row number as a spreadsheet shows it (header = 1)."""

    zeile: int
    spalte: str
    meldung: str


class AktenplanImportFehler(ValidationError):
    """Rows of an import that break a rule; nothing was imported."""

    def __init__(self, zeilenfehler: list[Zeilenfehler]):
        self.zeilenfehler = sorted(zeilenfehler, key=lambda f: (f.zeile, _spalten_index(f.spalte)))
        errors: dict[str, str] = {}
        for fehler in self.zeilenfehler:
            key = f"Zeile {fehler.zeile}, {fehler.spalte}"
            errors[key] = f"{errors[key]} {fehler.meldung}" if key in errors else fehler.meldung
        anzahl = len({f.zeile for f in self.zeilenfehler})
        super().__init__(
            f"Der Aktenplan wurde nicht importiert: {anzahl} "
            f"{'Zeile ist' if anzahl == 1 else 'Zeilen sind'} fehlerhaft.",
            errors,
        )


def _spalten_index(spalte: str) -> int:
    return SPALTEN.index(spalte) if spalte in SPALTEN else len(SPALTEN)


@dataclass
class Zeile:
    """One Aktenplaneinheit as a file carries it.

    `aufbewahrungsfrist` None means "dauernd"; `gueltig_ab` None means
    "not given" (new nodes then start today, existing ones keep theirs).
    """

    nummer: int
    kennzeichen: str
    uebergeordnet: str
    titel: str
    beschreibung: str
    aufbewahrungsfrist: int | None
    aussonderungsart: str
    gueltig_ab: datetime.date | None
    gueltig_bis: datetime.date | None
