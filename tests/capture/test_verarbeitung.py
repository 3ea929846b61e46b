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
