"""Hostile uploads through the API get a clear 4xx and leave nothing behind.

For every refused file: no Dokument, no Version, no Blob row, no file in the
blob store — neither for a new Dokument nor for a new Version.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pikepdf
import pytest
from django_scopes import scopes_disabled

from aktenbund.blobs.models import Blob
from aktenbund.records.models import Dokument, Version
from aktenbund.tenancy.scope import kommune_scope
from tests.api.records_client import Api, fields_of, ok
from tests.records.factories import make_dokument, pdf_bytes

pytestmark = pytest.mark.django_db


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def pixel_bomb_png() -> bytes:
    """A tiny PNG that claims 50,000 × 50,000 pixels (2.5 gigapixels)."""
    ihdr = struct.pack(">IIBBBBB", 50_000, 50_000, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1000)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", ihdr)
        + _png_chunk(b"IDAT", idat)
        + _png_chunk(b"IEND", b"")
    )


def zip_bomb_docx() -> bytes:
    """A .docx whose document.xml unpacks to 20 MB of nothing (ratio ~1000:1)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/'
            '2006/content-types"><Override PartName="/word/document.xml" ContentType="'
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
            '"/></Types>',
        )
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr("word/document.xml", b" " * (20 * 1024 * 1024))
    return out.getvalue()


def encrypted_pdf() -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out, encryption=pikepdf.Encryption(owner="geheim", user="geheim"))
    return out.getvalue()


def broken_pdf() -> bytes:
    return b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nendobj\n" + b"\x00" * 200


ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 200


@pytest.fixture
def api_a(sb_a):
    return Api(sb_a)


@pytest.fixture
def dokument(sb_a, vorgang_a):
    return make_dokument(sb_a, vorgang_a, "Antrag")


def _stored(settings, kommune_id) -> tuple[int, int, int, list[str]]:
    """Dokumente, Versionen (as Kommune A sees them), Blob rows, files in the store."""
    with kommune_scope(kommune_id), scopes_disabled():
        counts = (Dokument.objects.count(), Version.objects.count(), Blob.objects.count())
    root = settings.BLOB_ROOT
    files = (
        sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
        if root.exists()
        else []
    )
    return (*counts, files)


HOSTILE = [
    # (name, content, filename, status, message part)
    ("wrong type", ELF, "programm.pdf", 415, "werden nicht angenommen"),
    ("path traversal", pdf_bytes(), "../../etc/passwd.pdf", 422, "keinen Pfad"),
    ("windows path", pdf_bytes(), "..\\..\\boot.ini.pdf", 422, "keinen Pfad"),
    ("dot-dot only", pdf_bytes(), "..", 422, "keinen Pfad"),
    ("control characters", pdf_bytes(), "antrag\x07.pdf", 422, "Steuerzeichen"),
    ("encrypted pdf", encrypted_pdf(), "geheim.pdf", 422, "verschlüsselt"),
    ("broken pdf", broken_pdf(), "kaputt.pdf", 422, "beschädigt"),
    ("zip bomb docx", zip_bomb_docx(), "bombe.docx", 422, "ZIP-Bombe"),
    ("pixel bomb png", pixel_bomb_png(), "riesig.png", 422, "Megapixel"),
    ("empty file", b"", "leer.pdf", 422, "leer"),
]


@pytest.mark.parametrize(
    ("content", "filename", "status", "message"),
    [case[1:] for case in HOSTILE],
    ids=[case[0] for case in HOSTILE],
)
def test_hostile_dokument_upload_is_refused_and_stores_nothing(
    api_a, sb_a, vorgang_a, settings, content, filename, status, message
):
    before = _stored(settings, sb_a.kommune_id)
    response = api_a.upload(
        f"/vorgaenge/{vorgang_a.pk}/dokumente", content, filename, titel="Angriff"
    )
    assert response.status_code == status, response.content
    body = response.json()
    assert message in body["detail"]
    assert set(fields_of(response)) == {"datei"}
    assert _stored(settings, sb_a.kommune_id) == before == (0, 0, 0, [])


@pytest.mark.parametrize(
    ("content", "filename", "status", "message"),
    [case[1:] for case in HOSTILE],
    ids=[case[0] for case in HOSTILE],
)
def test_hostile_version_upload_is_refused_and_stores_nothing(
    api_a, sb_a, dokument, settings, content, filename, status, message
):
    before = _stored(settings, sb_a.kommune_id)
    response = api_a.upload(f"/dokumente/{dokument.pk}/versionen", content, filename)
    assert response.status_code == status, response.content
    assert message in response.json()["detail"]
    assert _stored(settings, sb_a.kommune_id) == before
    assert before[:3] == (1, 1, 1)


def test_too_large_file_is_413_and_stores_nothing(api_a, sb_a, vorgang_a, dokument, settings):
    settings.AKTENBUND_MAX_UPLOAD_BYTES = 2048
    content = pdf_bytes("x" * 3000)
    assert len(content) > 2048
    before = _stored(settings, sb_a.kommune_id)

    response = api_a.upload(f"/vorgaenge/{vorgang_a.pk}/dokumente", content, "gross.pdf", titel="G")
    assert response.status_code == 413
    assert set(fields_of(response)) == {"datei"}
    response = api_a.upload(f"/dokumente/{dokument.pk}/versionen", content, "gross.pdf")
    assert response.status_code == 413
    assert _stored(settings, sb_a.kommune_id) == before

    # just below the limit is fine
    small = pdf_bytes("ok")
    assert len(small) <= 2048
    ok(api_a.upload(f"/vorgaenge/{vorgang_a.pk}/dokumente", small, "klein.pdf", titel="K"), 201)


def test_path_in_the_dateiname_field_is_refused(api_a, sb_a, vorgang_a, settings):
    response = api_a.upload(
        f"/vorgaenge/{vorgang_a.pk}/dokumente",
        pdf_bytes(),
        "antrag.pdf",
        titel="x",
        dateiname="../antrag.pdf",
    )
    assert response.status_code == 422 and "keinen Pfad" in response.json()["detail"]
    assert _stored(settings, sb_a.kommune_id) == (0, 0, 0, [])


def test_type_comes_from_content_not_name(api_a, vorgang_a):
    body = ok(
        api_a.upload(f"/vorgaenge/{vorgang_a.pk}/dokumente", pdf_bytes(), "bild.png", titel="x"),
        201,
    )
    assert body["aktuelle_version"]["mime_type"] == "application/pdf"
    assert body["aktuelle_version"]["dateiname"] == "bild.png"
