"""Tables users upload and download: CSV and xlsx read into rows of named cells.

The one reader of the Aktenplan import (`records.aktenplan_io`) and the
Haushalt imports (`haushalt.tabelle`). It knows the file format only: CSV
(UTF-8, semicolon, a BOM tolerated) or xlsx (one sheet), a header row naming
the columns in any order (case, umlaut spelling, blanks and underscores
tolerated), then one record per row. Hostile files are refused as a whole:
wrong type for the chosen format, encoding, NUL bytes, zip bombs, too many
rows. Formula cells are never evaluated: they come back as `Formel`, and the
caller's cell parsing refuses them. What a cell means is the caller's
business.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator, Sequence
from typing import Any

from aktenbund.errors import DateitypFalsch, DateiZuGross, ValidationError

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # old .xls, or an encrypted xlsx
# xlsx is a zip: bound what it unpacks to (zip bombs) and how many parts it has.
XLSX_MAX_ENTPACKT = 50 * 1024 * 1024
XLSX_MAX_TEILE = 1000
# Reading stops looking after this column.
MAX_SPALTEN = 64
# Key of a row's record: 1-based numbers of non-empty cells outside the columns.
AUSSERHALB = "__ausserhalb__"


class Formel:
    """Stands in for a formula cell: formulas are never evaluated."""


def read_table(
    data: bytes,
    format: str,
    spalten: Sequence[str],
    *,
    pflicht: Sequence[str] = (),
    blatt: str = "",
    max_zeilen: int,
) -> list[tuple[int, dict[str, Any]]]:
    """(row number, column → cell) for each non-empty row after the header.

    `spalten` are all known columns, `pflicht` those that must be present
    (default: all); absent ones read as None. `blatt` names the xlsx sheet
    (default: the first). Raises a DomainError for the file as a whole.
    """
    if format == "csv":
        rows = _csv_rows(data)
    elif format == "xlsx":
        rows = _xlsx_rows(data, blatt)
    else:
        raise ValidationError("Unbekanntes Format.", {"format": "Bitte „csv“ oder „xlsx“ angeben."})
    result: list[tuple[int, dict[str, Any]]] = []
    columns: dict[int, str] | None = None
    for nummer, cells in rows:
        if all(is_empty(c) for c in cells):
            continue
        if columns is None:
            columns = _header(nummer, cells, spalten, pflicht or spalten)
            continue
        if len(result) >= max_zeilen:
            raise DateiZuGross(
                f"Die Datei hat mehr als {max_zeilen:,} Zeilen.".replace(",", "."),
                {"datei": "Zu viele Zeilen."},
            )
        record: dict[str, Any] = dict.fromkeys(spalten)
        ausserhalb = []
        for index, cell in enumerate(cells):
            name = columns.get(index)
            if name is not None:
                record[name] = cell
            elif not is_empty(cell):
                ausserhalb.append(index + 1)
        if ausserhalb:
            record[AUSSERHALB] = ausserhalb
        result.append((nummer, record))
    if columns is None:
        raise ValidationError("Die Datei ist leer.", {"datei": "Keine Kopfzeile gefunden."})
    return result


def is_empty(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


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
            "Die Datei ist nicht in UTF-8 kodiert. Bitte in Excel als „CSV UTF-8 "
            "(durch Trennzeichen getrennt)“ speichern.",
            {"datei": f"Ungültiges Zeichen an Byte-Position {exc.start + 1}."},
        ) from exc
    if "\x00" in text:
        raise DateitypFalsch(
            "Die Datei enthält Null-Bytes und ist keine Textdatei.",
            {"datei": "Keine CSV-Datei."},
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";", strict=True)
    nummer = 0
    try:
        for record in reader:
            nummer += 1
            yield nummer, record
    except csv.Error as exc:
        raise ValidationError(
            f"Die CSV-Datei ist ab Zeile {nummer + 1} nicht lesbar "
            "(Anführungszeichen nicht geschlossen oder Feld zu lang).",
            {"datei": f"Zeile {nummer + 1} nicht lesbar."},
        ) from exc


def _xlsx_rows(data: bytes, blatt: str) -> Iterator[tuple[int, list[Any]]]:
    if not data.startswith(ZIP_MAGIC):
        hinweis = (
            " Sie ist verschlüsselt oder im alten .xls-Format; bitte als .xlsx ohne "
            "Kennwort speichern."
            if data.startswith(OLE_MAGIC)
            else ""
        )
        raise DateitypFalsch(
            f"Die Datei ist keine xlsx-Datei.{hinweis}", {"datei": "Keine xlsx-Datei."}
        )
    _check_zip(data)
    # Imported here: openpyxl is only needed when someone uploads xlsx.
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise DateitypFalsch(
            "Die xlsx-Datei ist beschädigt oder nicht lesbar.", {"datei": "Nicht lesbar."}
        ) from exc
    try:
        sheet = workbook[blatt] if blatt in workbook.sheetnames else workbook.worksheets[0]
        for nummer, row in enumerate(sheet.iter_rows(max_col=MAX_SPALTEN), start=1):
            yield (
                nummer,
                [Formel() if getattr(c, "data_type", None) == "f" else c.value for c in row],
            )
    except Exception as exc:
        raise DateitypFalsch(
            "Die xlsx-Datei ist beschädigt oder nicht lesbar.", {"datei": "Nicht lesbar."}
        ) from exc
    finally:
        workbook.close()


def _check_zip(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise DateitypFalsch(
            "Die xlsx-Datei ist beschädigt.", {"datei": "Kein gültiges xlsx-Archiv."}
        ) from exc
    if "xl/workbook.xml" not in {info.filename for info in infos}:
        raise DateitypFalsch(
            "Die Datei ist ein Zip-Archiv, aber keine xlsx-Arbeitsmappe.",
            {"datei": "Keine xlsx-Datei."},
        )
    if len(infos) > XLSX_MAX_TEILE or sum(i.file_size for i in infos) > XLSX_MAX_ENTPACKT:
        raise DateiZuGross(
            "Die xlsx-Datei ist entpackt zu groß "
            f"(höchstens {XLSX_MAX_ENTPACKT // (1024 * 1024)} MB).",
            {"datei": "Entpackt zu groß."},
        )


def _normalise(value: Any) -> str:
    text = unicodedata.normalize("NFC", str(value or "")).replace("\ufeff", "").casefold()
    text = text.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    return re.sub(r"[\s_]+", " ", text).strip()


def _header(
    nummer: int, cells: list[Any], spalten: Sequence[str], pflicht: Sequence[str]
) -> dict[int, str]:
    """Column index → column name; raises when the columns do not fit."""
    keys = {_normalise(name): name for name in spalten}
    names = [_normalise(c) for c in cells]
    while names and not names[-1]:
        names.pop()
    if len(names) == 1 and ("," in names[0] or "\t" in names[0]):
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
