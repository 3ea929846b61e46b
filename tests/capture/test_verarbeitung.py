"""Processing: type by content, OCR to PDF/A-2b, text, preview; the original stays."""

from __future__ import annotations

import io

import pikepdf
import pytest

from aktenbund.blobs.store import get_store
from aktenbund.capture.models import Quelle, Status
from tests.capture import dateien as d
from tests.capture.helpers import dateien_of, hochladen

pytestmark = pytest.mark.django_db


def _pdf_of(datei) -> pikepdf.Pdf:
    with get_store().open(datei.pdf_id) as stream:
        return pikepdf.open(io.BytesIO(stream.read()))


def _ist_pdfa2b(pdf: pikepdf.Pdf) -> bool:
    meta = pdf.open_metadata()
    return meta.get("pdfaid:part") == "2" and meta.get("pdfaid:conformance") == "B"


def test_born_digital_pdf_keeps_its_text_without_ocr(sb_a):
    (eintrag,) = hochladen(sb_a, ("bescheid.pdf", d.text_pdf("Gewerbeanmeldung Müller GmbH")))
    assert eintrag.status == Status.BEREIT, eintrag.fehlergrund
    assert eintrag.quelle == Quelle.UPLOAD
    (datei,) = dateien_of(eintrag)
    assert datei.mime_type == "application/pdf"
    assert "Gewerbeanmeldung Müller GmbH" in datei.text
    assert datei.ocr is False and datei.pdf_id is None
    assert datei.seiten == 1
    assert datei.vorschau_id is not None
    with get_store().open(datei.vorschau_id) as stream:
        assert stream.read(8) == b"\x89PNG\r\n\x1a\n"


def test_scanned_pdf_is_ocred_to_pdfa_2b(sb_a):
    (eintrag,) = hochladen(sb_a, ("scan.pdf", d.scan_pdf("Bauantrag Grundstück")))
    assert eintrag.status == Status.BEREIT, eintrag.fehlergrund
    (datei,) = dateien_of(eintrag)
    assert datei.ocr is True
    assert "Bauantrag" in datei.text
    assert _ist_pdfa2b(_pdf_of(datei))
    # The original stays untouched beside the rendition.
    assert datei.original_id != datei.pdf_id


@pytest.mark.parametrize(
    ("name", "data", "mime"),
    [
        ("seite.png", d.bild_bytes("Widerspruch Hundesteuer"), "image/png"),
        ("seite.jpg", d.bild_bytes("Widerspruch Hundesteuer", "JPEG"), "image/jpeg"),
    ],
)
def test_images_become_searchable_pdfa(sb_a, name, data, mime):
    (eintrag,) = hochladen(sb_a, (name, data))
    assert eintrag.status == Status.BEREIT, eintrag.fehlergrund
    (datei,) = dateien_of(eintrag)
    assert datei.mime_type == mime
    assert "Widerspruch" in datei.text
    assert _ist_pdfa2b(_pdf_of(datei))


def test_multipage_tiff_becomes_one_pdf_with_every_page(sb_a):
    tiff = d.tiff_mehrseitig("Seite eins Antrag", "Seite zwei Anlage")
    (eintrag,) = hochladen(sb_a, ("brief.tif", tiff))
    assert eintrag.status == Status.BEREIT, eintrag.fehlergrund
    (datei,) = dateien_of(eintrag)
    assert datei.seiten == 2
    assert len(_pdf_of(datei).pages) == 2
    assert "eins" in datei.text and "zwei" in datei.text


def test_type_comes_from_content_not_name(sb_a):
    (eintrag,) = hochladen(sb_a, ("foto.pdf", d.bild_bytes("Lageplan Flurstück")))
    assert eintrag.status == Status.BEREIT, eintrag.fehlergrund
    assert dateien_of(eintrag)[0].mime_type == "image/png"


def test_text_files_give_their_text(sb_a):
    (eintrag,) = hochladen(sb_a, ("notiz.txt", "Rückruf wegen Gewerbeabmeldung".encode()))
    (datei,) = dateien_of(eintrag)
    assert eintrag.status == Status.BEREIT
    assert datei.text == "Rückruf wegen Gewerbeabmeldung"


def test_large_pdfs_are_read_by_poppler_with_the_same_result(sb_a, settings, tmp_path):
    """PDFs above the in-process limit go to poppler's tools (timeouts) instead of PDFium."""
    from aktenbund.capture.services.konvertierung import pdf_lesen

    pfad = tmp_path / "gemischt.pdf"
    pfad.write_bytes(d.text_pdf("Gewerbeanmeldung Müller GmbH", "Zweite Seite"))
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(d.scan_pdf("Bauantrag"))
    klein = [pdf_lesen(pfad, bilder=True), pdf_lesen(scan, bilder=True)]
    settings.AKTENBUND_CAPTURE_INPROZESS_MAX_BYTES = 0
    gross = [pdf_lesen(pfad, bilder=True), pdf_lesen(scan, bilder=True)]
    for (texte_k, bilder_k, png_k), (texte_g, bilder_g, png_g) in zip(klein, gross, strict=True):
        assert [t.split() for t in texte_k] == [t.split() for t in texte_g]
        assert bilder_k == bilder_g
        assert png_k.startswith(b"\x89PNG") and png_g.startswith(b"\x89PNG")
    assert klein[0][1] == set() and klein[1][1] == {0}
    (eintrag,) = hochladen(sb_a, ("bescheid.pdf", d.text_pdf("Gewerbeanmeldung Müller GmbH")))
    (datei,) = dateien_of(eintrag)
    assert eintrag.status == Status.BEREIT and "Gewerbeanmeldung Müller GmbH" in datei.text


def test_filed_dokument_is_indexed_with_the_text_processing_read(sb_a, vorgang_a, monkeypatch):
    """Filing hands the extracted text to search: the file is not read a second time."""
    from aktenbund.capture import services
    from aktenbund.search.models import Suchindex
    from aktenbund.search.services import index
    from aktenbund.tenancy.scope import kommune_scope

    (pdf,) = hochladen(sb_a, ("bescheid.pdf", d.text_pdf("Gewerbeanmeldung Müller GmbH")))
    eml = d.eml(betreff="Hundesteuer", text="Hundesteuerbescheid")
    (mail,) = hochladen(sb_a, ("mail.eml", eml))

    def kein_pdftotext(*args, **kwargs):
        raise AssertionError("search read the file again")

    monkeypatch.setattr(index.subprocess, "run", kein_pdftotext)
    with kommune_scope(sb_a.kommune_id):
        services.assign_to_vorgang(sb_a, pdf, vorgang_a)
        services.assign_to_vorgang(sb_a, mail, vorgang_a)
        zeilen = {z.titel: z for z in Suchindex.objects.filter(vorgang_id=vorgang_a.pk)}
    (pdf_zeile,) = [z for t, z in zeilen.items() if t.endswith(".pdf")]
    assert "Gewerbeanmeldung Müller GmbH" in pdf_zeile.volltext
    assert pdf_zeile.volltext_quelle == "pdftotext"
    assert "Hundesteuerbescheid" in zeilen["Hundesteuer"].volltext
    assert zeilen["Hundesteuer"].volltext_quelle == "text"
