"""The demo's PDF writer: real, extractable text with umlauts, fast, deterministic."""

from __future__ import annotations

import datetime
import io
import shutil
import subprocess
import time

import pikepdf
import pytest

from aktenbund.records.demo_pdf import (
    ZEILENBREITE,
    Absatz,
    breite,
    pdf_dokument,
    umbrechen,
    winansi,
)

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")

TEXT = [
    Absatz("Gemeinde Meinhard – Der Gemeindevorstand", "titel"),
    Absatz("Hundesteuerbescheid 2026 für Jörg Köhler, „Am Anger“ 5", "fett"),
    "Sehr geehrter Herr Köhler, für Ihren Hund wird die Hundesteuer nach § 3 der "
    "Hundesteuersatzung auf 72,00 € jährlich festgesetzt. Größe, Maß und Übermaß: äöü ÄÖÜ ß.",
    Absatz(
        "Rechtsbehelfsbelehrung: Gegen diesen Bescheid kann Widerspruch erhoben werden.", "klein"
    ),
]


def pdftotext(data: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True
    )
    return " ".join(result.stdout.decode("utf-8").split())


def test_pdftotext_extracts_german_text_with_umlauts_and_symbols():
    text = pdftotext(
        pdf_dokument(TEXT, titel="Hundesteuerbescheid", datum=datetime.date(2026, 3, 2))
    )
    assert "Gemeinde Meinhard – Der Gemeindevorstand" in text
    assert "Hundesteuerbescheid 2026 für Jörg Köhler, „Am Anger“ 5" in text
    assert "Größe, Maß und Übermaß: äöü ÄÖÜ ß." in text
    assert "72,00 €" in text and "§ 3" in text
    assert "Seite 1 von 1" in text


def test_long_text_wraps_inside_the_margins_and_breaks_pages():
    absatz = "Bauantrag Widerspruch Gewerbeanmeldung Überprüfung " * 400
    data = pdf_dokument([absatz], titel="Lang", fusszeile="Az. 630-1/2026/1")
    with pikepdf.open(io.BytesIO(data)) as pdf:
        seiten = len(pdf.pages)
    assert seiten > 1
    text = pdftotext(data)
    assert f"Seite {seiten} von {seiten}" in text
    assert text.count("Widerspruch") == 400
    for zeile in umbrechen(absatz, "F1", 10.5, ZEILENBREITE):
        assert breite(zeile, "F1", 10.5) <= ZEILENBREITE


def test_metadata_and_determinism():
    kwargs = {"titel": "Vermerk über die Prüfung", "autor": "Jörg Köhler"}
    data = pdf_dokument(TEXT, datum=datetime.date(2025, 1, 5), **kwargs)
    assert data == pdf_dokument(TEXT, datum=datetime.date(2025, 1, 5), **kwargs)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert str(pdf.docinfo["/Title"]) == "Vermerk über die Prüfung"
        assert str(pdf.docinfo["/Author"]) == "Jörg Köhler"


def test_characters_outside_winansi_become_question_marks():
    assert winansi("Łódź €") == b"?\xf3d? \x80"


def test_a_thousand_pdfs_take_well_under_ten_seconds():
    start = time.perf_counter()
    for nummer in range(1000):
        pdf_dokument(TEXT, titel=f"Bescheid {nummer}")
    assert time.perf_counter() - start < 10
