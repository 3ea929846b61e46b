"""Writing Aktenplan files (CSV, xlsx) that read back unchanged."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable
from typing import Any

from aktenbund.errors import ValidationError
from aktenbund.records.aktenplan_io.format import DAUERND, SPALTEN, Zeile


def _cells(zeile: Zeile) -> list[Any]:
    return [
        zeile.kennzeichen,
        zeile.uebergeordnet,
        zeile.titel,
        zeile.beschreibung,
        DAUERND if zeile.aufbewahrungsfrist is None else zeile.aufbewahrungsfrist,
        zeile.aussonderungsart,
        zeile.gueltig_ab,
        zeile.gueltig_bis,
    ]


def write_aktenplan(zeilen: Iterable[Zeile], format: str) -> bytes:
    """The rows as a file that `read_aktenplan` reads back unchanged."""
    if format == "csv":
        return _write_csv(zeilen)
    if format == "xlsx":
        return _write_xlsx(zeilen)
    raise ValidationError("Unbekanntes Format.", {"format": "Bitte „csv“ oder „xlsx“ angeben."})


def _write_csv(zeilen: Iterable[Zeile]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(SPALTEN)
    for zeile in zeilen:
        writer.writerow(
            [v.strftime("%d.%m.%Y") if isinstance(v, datetime.date) else v for v in _cells(zeile)]
        )
    # With BOM: Excel then opens the umlauts correctly.
    return buffer.getvalue().encode("utf-8-sig")


def _write_xlsx(zeilen: Iterable[Zeile]) -> bytes:
    import openpyxl
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Aktenplan"
    sheet.append(SPALTEN)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for zeile in zeilen:
        sheet.append(_cells(zeile))
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, datetime.date):
                cell.number_format = "DD.MM.YYYY"
            elif isinstance(cell.value, str):
                # Text stays text, even if it looked like a formula.
                cell.data_type = "s"
    for letter, width in zip("ABCDEFGH", (14, 14, 50, 60, 18, 18, 12, 12), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
