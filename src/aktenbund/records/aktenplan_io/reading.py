"""Reading Aktenplan files (CSV, xlsx) into typed rows, refusing hostile ones."""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from typing import Any

from aktenbund.errors import DateitypFalsch, DateiZuGross, ValidationError
from aktenbund.records.aktenplan_io.format import (
    DAUERND,
    MAX_BYTES,
    MAX_SPALTEN,
    MAX_ZEILEN,
    OLE_MAGIC,
    SPALTEN,
    XLSX_MAX_ENTPACKT,
    XLSX_MAX_TEILE,
    ZIP_MAGIC,
    Zeile,
    Zeilenfehler,
)


def read_limited(datei: Any) -> bytes:
    """The file's bytes (from bytes or a file object), refusing more than MAX_BYTES."""
    data = bytes(datei) if isinstance(datei, bytes | bytearray) else datei.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise DateiZuGross(
            f"Die Datei ist zu groß: höchstens {MAX_BYTES // (1024 * 1024)} MB sind erlaubt.",
            {"datei": "Datei zu groß."},
        )
    if not data:
        raise ValidationError("Die Datei ist leer.", {"datei": "Die Datei ist leer."})
    return data


def read_aktenplan(data: bytes, format: str) -> tuple[list[Zeile], list[Zeilenfehler]]:
    """Typed rows and the cell errors of an Aktenplan file.

    Raises a DomainError for problems of the file as a whole (wrong type,
    encoding, columns, too large); returns cell problems as `Zeilenfehler`.
    """
    if format == "csv":
        rows = _csv_rows(data)
    elif format == "xlsx":
        rows = _xlsx_rows(data)
    else:
        raise ValidationError("Unbekanntes Format.", {"format": "Bitte „csv“ oder „xlsx“ angeben."})
    return _typed_rows(rows)


def _csv_rows(data: bytes) -> Iterator[tuple[int, list[Any]]]:
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    if data.startswith(ZIP_MAGIC) or data.startswith(OLE_MAGIC):
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


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, list[Any]]]:
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
        sheet = (
            workbook["Aktenplan"] if "Aktenplan" in workbook.sheetnames else workbook.worksheets[0]
        )
        for nummer, row in enumerate(sheet.iter_rows(max_col=MAX_SPALTEN), start=1):
            yield nummer, [_Formel() if _is_formula(cell) else cell.value for cell in row]
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
    names = {info.filename for info in infos}
    if "xl/workbook.xml" not in names:
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


class _Formel:
    """Stands in for a formula cell: we never evaluate formulas."""


def _is_formula(cell: Any) -> bool:
    return getattr(cell, "data_type", None) == "f"


def _normalise_header(value: Any) -> str:
    text = unicodedata.normalize("NFC", str(value or "")).replace("\ufeff", "").casefold()
    text = text.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    return re.sub(r"[\s_]+", " ", text).strip()


_HEADER_KEYS = {_normalise_header(name): name for name in SPALTEN}


def _header(nummer: int, cells: list[Any]) -> dict[int, str]:
    """Column index → column name; raises when the columns do not fit."""
    names = [_normalise_header(c) for c in cells]
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
        canonical = _HEADER_KEYS.get(name)
        if canonical is None:
            unbekannt.append(str(cells[index]).strip())
        elif canonical in columns.values():
            doppelt.append(canonical)
        else:
            columns[index] = canonical
    fehlen = [name for name in SPALTEN if name not in columns.values()]
    if fehlen or unbekannt or doppelt:
        teile = []
        if fehlen:
            teile.append("Es fehlen: " + ", ".join(f"„{n}“" for n in fehlen) + ".")
        if unbekannt:
            teile.append("Unbekannt: " + ", ".join(f"„{n}“" for n in unbekannt) + ".")
        if doppelt:
            teile.append("Doppelt: " + ", ".join(f"„{n}“" for n in doppelt) + ".")
        teile.append("Erwartet (Zeile 1): " + ";".join(SPALTEN) + ".")
        raise ValidationError(
            f"Die Spalten in Zeile {nummer} passen nicht.", {"spalten": " ".join(teile)}
        )
    return columns


def _typed_rows(rows: Iterable[tuple[int, list[Any]]]) -> tuple[list[Zeile], list[Zeilenfehler]]:
    zeilen: list[Zeile] = []
    fehler: list[Zeilenfehler] = []
    columns: dict[int, str] | None = None
    for nummer, cells in rows:
        if columns is None:
            if all(_is_empty(c) for c in cells):
                continue
            columns = _header(nummer, cells)
            continue
        if all(_is_empty(c) for c in cells):
            continue
        if len(zeilen) >= MAX_ZEILEN:
            raise DateiZuGross(
                f"Die Datei hat mehr als {MAX_ZEILEN:,} Zeilen.".replace(",", "."),
                {"datei": "Zu viele Zeilen."},
            )
        zeilen.append(_zeile(nummer, cells, columns, fehler))
    if columns is None:
        raise ValidationError("Die Datei ist leer.", {"datei": "Keine Kopfzeile gefunden."})
    return zeilen, fehler


def _is_empty(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _zeile(
    nummer: int, cells: list[Any], columns: dict[int, str], fehler: list[Zeilenfehler]
) -> Zeile:
    values: dict[str, Any] = dict.fromkeys(SPALTEN)
    for index, cell in enumerate(cells):
        name = columns.get(index)
        if name is not None:
            values[name] = cell
        elif not _is_empty(cell):
            fehler.append(
                Zeilenfehler(nummer, f"Spalte {index + 1}", "Wert außerhalb der Spalten.")
            )

    def cell(name: str, parse):
        value = values[name]
        if isinstance(value, _Formel):
            fehler.append(
                Zeilenfehler(nummer, name, "Formeln sind nicht erlaubt; bitte den Wert eintragen.")
            )
            return None
        try:
            return parse(value)
        except ValueError as exc:
            fehler.append(Zeilenfehler(nummer, name, str(exc)))
            return None

    return Zeile(
        nummer=nummer,
        kennzeichen=cell("Kennzeichen", _kennzeichen) or "",
        uebergeordnet=cell("Übergeordnet", _kennzeichen) or "",
        titel=cell("Titel", _text) or "",
        beschreibung=cell("Beschreibung", _text) or "",
        aufbewahrungsfrist=cell("Aufbewahrungsfrist", _frist),
        aussonderungsart=cell("Aussonderungsart", _aussonderungsart) or "",
        gueltig_ab=cell("gültig ab", _datum),
        gueltig_bis=cell("gültig bis", _datum),
    )


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool | datetime.date):
        raise ValueError("Hier wird Text erwartet.")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return text.strip()


def _kennzeichen(value: Any) -> str:
    # A Kennzeichen typed as a number in Excel ("1.3") loses its meaning; only
    # whole numbers ("0", "12") survive unchanged.
    if isinstance(value, float) and not value.is_integer():
        raise ValueError("Das Kennzeichen ist als Zahl formatiert; bitte die Spalte als Text.")
    return _text(value)


def _frist(value: Any) -> int | None:
    if isinstance(value, bool):
        raise ValueError("Bitte eine Zahl von Jahren oder „dauernd“ angeben.")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = _text(value)
    if not text:
        raise ValueError("Fehlt: bitte eine Zahl von Jahren oder „dauernd“ angeben.")
    if text.casefold() == DAUERND:
        return None
    if not text.isascii() or not text.isdigit():
        raise ValueError(f"„{text}“ ist keine Zahl von Jahren (oder „dauernd“).")
    return int(text)


_ARTEN = {"a": "A", "b": "B", "v": "V", "archivwürdig": "A", "bewerten": "B", "vernichten": "V"}


def _aussonderungsart(value: Any) -> str:
    text = _text(value)
    if not text:
        raise ValueError("Fehlt: bitte A, B oder V angeben.")
    art = _ARTEN.get(text.casefold())
    if art is None:
        raise ValueError(f"„{text}“ ist keine Aussonderungsart (A, B oder V).")
    return art


def _datum(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    if not text:
        return None
    for pattern in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"„{text}“ ist kein Datum (TT.MM.JJJJ).")
