"""Hostile input ends in Fehler with a German reason: no crash, no half-made Dokument."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pikepdf
import pytest

from aktenbund.capture.models import Status
from aktenbund.errors import DateiZuGross
from aktenbund.records.models import Dokument
from aktenbund.tenancy.scope import kommune_scope
from tests.capture import dateien as d
from tests.capture.helpers import dokumente_in, hochladen

pytestmark = pytest.mark.django_db


def _verschluesselt() -> bytes:
    pdf = pikepdf.open(io.BytesIO(d.text_pdf("Geheim")))
    out = io.BytesIO()
    pdf.save(out, encryption=pikepdf.Encryption(owner="o", user="kennwort"))
    return out.getvalue()


def _pixelbombe() -> bytes:
    """A PNG whose header claims 60 000 × 60 000 pixels (3.6 gigapixels)."""
    png = bytearray(d.bild_bytes("x"))
    ihdr = bytearray(png[12:29])  # type + data
    ihdr[4:12] = struct.pack(">II", 60_000, 60_000)
    png[12:29] = ihdr
    png[29:33] = struct.pack(">I", zlib.crc32(bytes(ihdr)))
    return bytes(png)


def _zipbombe() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr("word/document.xml", b"0" * (30 * 1024 * 1024))
    return out.getvalue()


FAELLE = [
    ("verschluesselt.pdf", _verschluesselt(), "verschlüsselt"),
    ("kaputt.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ngarbage" * 3, "beschädigt"),
    ("bombe.png", _pixelbombe(), "Megapixel"),
    ("bombe.docx", _zipbombe(), "ZIP-Bombe"),
    ("polyglott.pdf", d.text_pdf("harmlos") + d.zip_archiv(), "Polyglott"),
    ("polyglott.png", d.bild_bytes("harmlos") + d.zip_archiv(), "Polyglott"),
    ("html.pdf", d.pdf_mit_html(), "Polyglott"),
    ("javascript.pdf", d.pdf_mit_javascript(), "aktive Inhalte"),
    ("programmstart.pdf", d.pdf_mit_javascript("Launch"), "aktive Inhalte"),
    ("vorspann.pdf", b"MZ\x90\x00" + b"\0" * 200 + d.text_pdf("harmlos"), "nicht angenommen"),
    ("skript.jpg", d.bild_bytes("x", "JPEG") + b"<script>alert(1)</script>", "Polyglott"),
    ("programm.pdf", b"\x7fELF\x02\x01\x01" + b"\0" * 500, "werden nicht angenommen"),
]


@pytest.mark.parametrize(("name", "data", "grund"), FAELLE, ids=[f[0] for f in FAELLE])
def test_hostile_file_ends_in_fehler_with_reason(sb_a, name, data, grund):
    (eintrag,) = hochladen(sb_a, (name, data))
    assert eintrag.status == Status.FEHLER
    assert grund in eintrag.fehlergrund
    assert name in eintrag.fehlergrund


def test_one_hostile_file_keeps_the_whole_eintrag_out_of_the_vorgang(sb_a, vorgang_a):
    from aktenbund.capture import services

    with kommune_scope(sb_a.kommune_id):
        eintrag = services.receive(
            kommune_id=sb_a.kommune_id,
            oe=None,
            quelle="upload",
            actor=sb_a,
            dateien=[
                services.Eingangsdatei("gut.pdf", d.text_pdf("Antrag")),
                services.Eingangsdatei("boese.pdf", _verschluesselt()),
            ],
            ziel_vorgang=vorgang_a,
        )
    from tests.capture.helpers import frisch

    assert frisch(eintrag).status == Status.FEHLER
    assert dokumente_in(vorgang_a) == []


def test_oversize_is_refused_before_anything_is_stored(sb_a, settings):

    from aktenbund.blobs.models import Blob
    from aktenbund.capture.models import Posteingangseintrag

    settings.AKTENBUND_MAX_UPLOAD_BYTES = 1000
    with pytest.raises(DateiZuGross) as exc:
        hochladen(sb_a, ("gross.pdf", d.text_pdf("x" * 50) + b"\n%" + b"x" * 2000))
    assert "größer als" in exc.value.message
    with kommune_scope(sb_a.kommune_id):
        assert not Posteingangseintrag.objects.exists()
    assert not Blob.objects.exists()
    with kommune_scope(sb_a.kommune_id):
        assert not Dokument.objects.exists()
