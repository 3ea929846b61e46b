"""Reading Aktenplan files (CSV, xlsx) into typed rows, refusing hostile ones.

The file itself is read by `aktenbund.tabellen` (shared with the Haushalt
imports); this module types the cells of an Aktenplan row.
"""

from __future__ import annotations

import datetime
from typing import Any

from aktenbund import tabellen
from aktenbund.errors import DateiZuGross, ValidationError
from aktenbund.records.aktenplan_io.format import (
    DAUERND,
    MAX_BYTES,
    MAX_ZEILEN,
    SPALTEN,
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
    rows = tabellen.read_table(data, format, SPALTEN, blatt="Aktenplan", max_zeilen=MAX_ZEILEN)
    fehler: list[Zeilenfehler] = []
    return [_zeile(nummer, values, fehler) for nummer, values in rows], fehler


def _zeile(nummer: int, values: dict[str, Any], fehler: list[Zeilenfehler]) -> Zeile:
    for spalte in values.get(tabellen.AUSSERHALB, ()):
        fehler.append(Zeilenfehler(nummer, f"Spalte {spalte}", "Wert außerhalb der Spalten."))

    def cell(name: str, parse):
        value = values[name]
        if isinstance(value, tabellen.Formel):
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
