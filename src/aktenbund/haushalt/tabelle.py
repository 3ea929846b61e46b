"""Haushalt files (Produktrahmen, Kontenrahmen, Planansätze): CSV and xlsx, read and written.

This module knows the file format only: a header row naming the columns
(any order, case and umlaut spelling tolerated), then one record per row.
Size, type and zip-bomb limits are those of the Aktenplan import
(`records.aktenplan_io`). Whether a row makes sense is decided by the
services, which collect `Zeilenfehler` for every bad cell and import
nothing if there is one.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from aktenbund.errors import ValidationError
from aktenbund.records.aktenplan_io import (
    CONTENT_TYPES,
    FORMATE,
    XLSX_MAX_ENTPACKT,
    XLSX_MAX_TEILE,
    DateitypFalsch,
    DateiZuGross,
    Zeilenfehler,
    read_limited,
)

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
MAX_SPALTEN = 64
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
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


class Formel:
    """Stands in for a formula cell: formulas are never evaluated."""


# --- reading ------------------------------------------------------------------


def read_table(
    data: bytes,
    format: str,
    spalten: Sequence[str],
    *,
    pflicht: Sequence[str] = (),
    blatt: str = "",
) -> list[tuple[int, dict[str, Any]]]:
    """(row number, column → cell) for each non-empty row of a CSV or xlsx file.

    `spalten` are all known columns, `pflicht` those that must be present
    (default: all). Raises a DomainError for the file as a whole (type,
    encoding, header, size).
    """
    if format == "csv":
        rows = _csv_rows(data)
    elif format == "xlsx":
        rows = _xlsx_rows(data, blatt)
    else:
        raise ValidationError("Unbekanntes Format.", {"format": "Bitte „csv“ oder „xlsx“."})
    pflicht = pflicht or spalten
    result: list[tuple[int, dict[str, Any]]] = []
    columns: dict[int, str] | None = None
    for nummer, cells in rows:
        if all(_is_empty(c) for c in cells):
            continue
        if columns is None:
            columns = _header(nummer, cells, spalten, pflicht)
            continue
        if len(result) >= MAX_ZEILEN:
            raise DateiZuGross(
                f"Die Datei hat mehr als {MAX_ZEILEN:,} Zeilen.".replace(",", "."),
                {"datei": "Zu viele Zeilen."},
            )
        record = dict.fromkeys(spalten)
        ausserhalb = []
        for index, cell in enumerate(cells):
            name = columns.get(index)
            if name is not None:
                record[name] = cell
            elif not _is_empty(cell):
                ausserhalb.append(index + 1)
        if ausserhalb:
            record["__ausserhalb__"] = ausserhalb
        result.append((nummer, record))
    if columns is None:
        raise ValidationError("Die Datei ist leer.", {"datei": "Keine Kopfzeile gefunden."})
    return result


def _csv_rows(data: bytes) -> Iterator[tuple[int, list[Any]]]:
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    if data.startswith((ZIP_MAGIC, OLE_MAGIC)):
        raise DateitypFalsch(
            "Das ist eine Excel-Datei, keine CSV-Datei. Bitte das Format „xlsx“ wählen.",
            {"format": "Format passt nicht zur Datei."},
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            "Die Datei ist nicht in UTF-8 kodiert. Bitte als „CSV UTF-8“ speichern.",
            {"datei": f"Ungültiges Zeichen an Byte-Position {exc.start + 1}."},
        ) from exc
    if "\x00" in text:
        raise DateitypFalsch("Die Datei ist keine Textdatei.", {"datei": "Keine CSV-Datei."})
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";", strict=True)
    nummer = 0
    try:
        for record in reader:
            nummer += 1
            yield nummer, record
    except csv.Error as exc:
        raise ValidationError(
            f"Die CSV-Datei ist ab Zeile {nummer + 1} nicht lesbar.",
            {"datei": f"Zeile {nummer + 1} nicht lesbar."},
        ) from exc


def _xlsx_rows(data: bytes, blatt: str) -> Iterator[tuple[int, list[Any]]]:
    if not data.startswith(ZIP_MAGIC):
        raise DateitypFalsch(
            "Die Datei ist keine xlsx-Datei (oder verschlüsselt / im alten .xls-Format).",
            {"datei": "Keine xlsx-Datei."},
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise DateitypFalsch("Die xlsx-Datei ist beschädigt.", {"datei": "Beschädigt."}) from exc
    if "xl/workbook.xml" not in {i.filename for i in infos}:
        raise DateitypFalsch("Die Datei ist keine xlsx-Arbeitsmappe.", {"datei": "Kein xlsx."})
    if len(infos) > XLSX_MAX_TEILE or sum(i.file_size for i in infos) > XLSX_MAX_ENTPACKT:
        raise DateiZuGross("Die xlsx-Datei ist entpackt zu groß.", {"datei": "Zu groß."})
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise DateitypFalsch(
            "Die xlsx-Datei ist nicht lesbar.", {"datei": "Nicht lesbar."}
        ) from exc
    try:
        sheet = workbook[blatt] if blatt in workbook.sheetnames else workbook.worksheets[0]
        for nummer, row in enumerate(sheet.iter_rows(max_col=MAX_SPALTEN), start=1):
            yield (
                nummer,
                [Formel() if getattr(c, "data_type", None) == "f" else c.value for c in row],
            )
    except DateitypFalsch:
        raise
    except Exception as exc:
        raise DateitypFalsch(
            "Die xlsx-Datei ist nicht lesbar.", {"datei": "Nicht lesbar."}
        ) from exc
    finally:
        workbook.close()


def _normalise(value: Any) -> str:
    text = unicodedata.normalize("NFC", str(value or "")).replace("\ufeff", "").casefold()
    text = text.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    return re.sub(r"[\s_]+", " ", text).strip()


def _header(
    nummer: int, cells: list[Any], spalten: Sequence[str], pflicht: Sequence[str]
) -> dict[int, str]:
    keys = {_normalise(name): name for name in spalten}
    names = [_normalise(c) for c in cells]
    if len([n for n in names if n]) == 1 and ("," in names[0] or "\t" in names[0]):
        raise ValidationError(
            "Die Spalten sind nicht durch Semikolon (;) getrennt.",
            {"spalten": "Bitte das Semikolon als Trennzeichen verwenden."},
        )
    columns: dict[int, str] = {}
    unbekannt, doppelt = [], []
    for index, name in enumerate(names):
        if not name:
            continue
        canonical = keys.get(name)
        if canonical is None:
            unbekannt.append(str(cells[index]).strip())
        elif canonical in columns.values():
            doppelt.append(canonical)
        else:
            columns[index] = canonical
    fehlen = [name for name in pflicht if name not in columns.values()]
    if fehlen or unbekannt or doppelt:
        teile = []
        if fehlen:
            teile.append("Es fehlen: " + ", ".join(f"„{n}“" for n in fehlen) + ".")
        if unbekannt:
            teile.append("Unbekannt: " + ", ".join(f"„{n}“" for n in unbekannt) + ".")
        if doppelt:
            teile.append("Doppelt: " + ", ".join(f"„{n}“" for n in doppelt) + ".")
        teile.append("Erwartet (Zeile 1): " + ";".join(spalten) + ".")
        raise ValidationError(
            f"Die Spalten in Zeile {nummer} passen nicht.", {"spalten": " ".join(teile)}
        )
    return columns


def _is_empty(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


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


_MIT_KOMMA = re.compile(r"^-?(\d{1,3}(\.\d{3})+|\d+),\d+$")
_TAUSENDER = re.compile(r"^-?\d{1,3}(\.\d{3})+$")
_PUNKT = re.compile(r"^-?\d+(\.\d+)?$")
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
