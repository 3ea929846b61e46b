"""Haushalt files (Produktrahmen, Kontenrahmen, Planansätze): CSV and xlsx, read and written.

The file is read by `aktenbund.tabellen` (shared with the Aktenplan
import): a header row naming the columns (any order, case and umlaut
spelling tolerated), then one record per row, with its size, type and
zip-bomb limits. Whether a row makes sense is decided by the
services, which collect `Zeilenfehler` for every bad cell and import
nothing if there is one.
"""

from __future__ import annotations

import csv
import datetime
import functools
import io
import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from aktenbund import tabellen
from aktenbund.errors import ValidationError
from aktenbund.records.aktenplan_io import CONTENT_TYPES, FORMATE, Zeilenfehler, read_limited
from aktenbund.tabellen import Formel

__all__ = [
    "CONTENT_TYPES",
    "FORMATE",
    "ImportFehler",
    "Zeilenfehler",
    "parse_betrag",
    "read_limited",
    "read_table",
    "write_table",
]

MAX_ZEILEN = 50_000
# A spreadsheet reads a cell starting with one of these as a formula.
FORMEL_ZEICHEN = ("=", "+", "-", "@", "\t")


class ImportFehler(ValidationError):
    """Rows of an import that break a rule; nothing was imported."""

    def __init__(self, was: str, zeilenfehler: list[Zeilenfehler], spalten: Sequence[str] = ()):
        order = {name: i for i, name in enumerate(spalten)}
        self.zeilenfehler = sorted(
            zeilenfehler, key=lambda f: (f.zeile, order.get(f.spalte, len(order)), f.spalte)
        )
        errors: dict[str, str] = {}
        for fehler in self.zeilenfehler:
            key = f"Zeile {fehler.zeile}, {fehler.spalte}"
            errors[key] = f"{errors[key]} {fehler.meldung}" if key in errors else fehler.meldung
        anzahl = len({f.zeile for f in self.zeilenfehler})
        super().__init__(
            f"{was} wurde nicht importiert: {anzahl} "
            f"{'Zeile ist' if anzahl == 1 else 'Zeilen sind'} fehlerhaft.",
            errors,
        )


# --- reading ------------------------------------------------------------------


# `aktenbund.tabellen.read_table` with the Haushalt's row limit: (row number,
# column → cell) per row; cells outside the columns under "__ausserhalb__".
read_table = functools.partial(tabellen.read_table, max_zeilen=MAX_ZEILEN)


# --- cells ----------------------------------------------------------------------


def text(value: Any) -> str:
    """A text cell; whole numbers typed as numbers read as their digits."""
    if value is None:
        return ""
    if isinstance(value, Formel):
        raise ValueError("Formeln sind nicht erlaubt; bitte den Wert eintragen.")
    if isinstance(value, bool | datetime.date):
        raise ValueError("Hier wird Text erwartet.")
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError("Hier wird Text erwartet; bitte die Spalte als Text formatieren.")
        value = int(value)
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def nummer(value: Any) -> str:
    """A Nummer ("01", "01.01.01", "5011"): text; a leading zero lost to Excel is the user's."""
    return text(value)


# ASCII digits only (`\d` and Decimal() would take Arabic-Indic digits too).
_MIT_KOMMA = re.compile(r"^-?([0-9]{1,3}(\.[0-9]{3})+|[0-9]+),[0-9]+\Z")
_TAUSENDER = re.compile(r"^-?[0-9]{1,3}(\.[0-9]{3})+\Z")
_PUNKT = re.compile(r"^-?[0-9]+(\.[0-9]+)?\Z")
CENT = Decimal("0.01")
MAX_BETRAG = Decimal("9999999999999.99")


def parse_betrag(value: Any) -> Decimal:
    """A Euro amount to the cent from a number cell or German/plain text.

    "1.234,56", "1234,56", "1234.56", "1234" and numbers are accepted; more
    than two decimal places, text and formulas are not. Empty is 0.
    """
    if value is None:
        return Decimal("0.00")
    if isinstance(value, Formel):
        raise ValueError("Formeln sind nicht erlaubt; bitte den Betrag eintragen.")
    if isinstance(value, bool):
        raise ValueError("Hier wird ein Betrag erwartet.")
    if isinstance(value, int):
        betrag = Decimal(value)
    elif isinstance(value, float):
        # repr of a float is the shortest text that reads back as it (15+ digits).
        betrag = Decimal(repr(value))
    elif isinstance(value, Decimal):
        betrag = value
    else:
        raw = str(value).strip().replace("\u00a0", "").replace(" ", "").removesuffix("€")
        if not raw:
            return Decimal("0.00")
        if _MIT_KOMMA.match(raw) or _TAUSENDER.match(raw):
            # German: dots group thousands, the comma separates the cents.
            raw = raw.replace(".", "").replace(",", ".")
        elif not _PUNKT.match(raw):
            raise ValueError(f"„{str(value).strip()}“ ist kein Betrag (z. B. 1234,56).")
        try:
            betrag = Decimal(raw)
        except InvalidOperation as exc:
            raise ValueError(f"„{str(value).strip()}“ ist kein Betrag.") from exc
    if not betrag.is_finite():
        raise ValueError("Hier wird ein Betrag erwartet.")
    if abs(betrag) > MAX_BETRAG:
        raise ValueError("Der Betrag ist zu groß (höchstens 13 Stellen vor dem Komma).")
    if betrag != betrag.quantize(CENT):
        raise ValueError("Höchstens zwei Nachkommastellen (Cent).")
    return betrag.quantize(CENT)


# --- writing --------------------------------------------------------------------


def write_table(
    spalten: Sequence[str],
    zeilen: Sequence[Sequence[Any]],
    format: str,
    *,
    blatt: str,
    breiten: Sequence[int] = (),
    betragsspalten: Sequence[int] = (),
) -> bytes:
    """The rows as a file that `read_table` reads back to the same values.

    Amounts (Decimal) are written as numbers in xlsx and as German text
    ("1234,56") in CSV.
    """
    if format == "csv":
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        writer.writerow(spalten)
        for zeile in zeilen:
            writer.writerow(
                [f"{v:.2f}".replace(".", ",") if isinstance(v, Decimal) else v for v in zeile]
            )
        return buffer.getvalue().encode("utf-8-sig")
    if format != "xlsx":
        raise ValidationError("Unbekanntes Format.", {"format": "Bitte „csv“ oder „xlsx“."})
    import openpyxl
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = blatt
    sheet.append(list(spalten))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for zeile in zeilen:
        sheet.append(list(zeile))
        for index, cell in enumerate(sheet[sheet.max_row]):
            if index in betragsspalten:
                cell.number_format = "#,##0.00"
            elif isinstance(cell.value, str):
                cell.data_type = "s"  # text stays text, even if it looks like a formula
    for index, width in enumerate(breiten, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
