"""Documents the system writes are PDF/A-2b with their text."""

from __future__ import annotations

import io

import pikepdf

from aktenbund.web.pdf import render_pdf


def test_schreiben_renders_as_pdf_a_with_text():
    data = render_pdf(
        "web/pdf/schreiben.html",
        {
            "titel": "Empfangsbescheinigung",
            "absender": "Gemeinde Meinhard, Ordnungsamt",
            "empfaenger": "Müller GmbH\nHauptstraße 1\n37276 Meinhard",
            "ort": "Meinhard",
            "absaetze": ["Ihre Gewerbeanzeige ist eingegangen."],
        },
    )

    assert data.startswith(b"%PDF")
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) == 1
        meta = pdf.open_metadata()
        assert meta.pdfa_status == "2B"


def test_text_is_extractable(tmp_path):
    import subprocess

    data = render_pdf(
        "web/pdf/schreiben.html", {"titel": "Bescheid über Hundesteuer", "absaetze": []}
    )
    path = tmp_path / "b.pdf"
    path.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Bescheid über Hundesteuer" in text
