"""Hostile and unsuitable files are refused before anything is stored."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pikepdf
import pytest
from django_scopes import scopes_disabled

from aktenbund.blobs.models import Blob
from aktenbund.blobs.store import get_store
from aktenbund.errors import DateitypFalsch, DateiZuGross, ValidationError
from aktenbund.records import services
from aktenbund.records.models import Dokument, Version
from aktenbund.tenancy.scope import kommune_scope
from tests.records.factories import PNG_1x1, pdf_bytes


def _png(width: int, height: int) -> bytes:
    """A PNG header claiming width × height pixels (content barely matters)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def _encrypted_pdf() -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out, encryption=pikepdf.Encryption(user="geheim", owner="geheim"))
    return out.getvalue()


def _zip_bomb_docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        # 20 MB of zeros pack to ~20 KB: a ratio no real document has.
        archive.writestr("word/media/bomb.bin", b"\x00" * (20 * 1024 * 1024))
    return out.getvalue()


def _nothing_stored(vorgang) -> None:
    with scopes_disabled():
        assert not Dokument.objects.filter(vorgang=vorgang).exists()
        assert not Version.objects.exists()
    assert not Blob.objects.exists()
    assert list(get_store().iter_blobs()) == []


def _add(actor, vorgang, name, inhalt):
    with kommune_scope(actor.kommune):
        return services.add_dokument(actor, vorgang, titel="Test", dateiname=name, inhalt=inhalt)


@pytest.mark.parametrize(
    "name",
    ["../../etc/passwd.pdf", "..\\boot.ini", "/absolut.pdf", "a/b.pdf", "..", "nul\x00.pdf", ""],
)
def test_path_in_file_name_is_refused(sb_a, vorgang_a, name):
    with pytest.raises(ValidationError) as err:
        _add(sb_a, vorgang_a, name, pdf_bytes())
    assert "datei" in err.value.errors
    _nothing_stored(vorgang_a)


def test_too_large_file_is_refused_with_413(sb_a, vorgang_a, settings):
    settings.AKTENBUND_MAX_UPLOAD_BYTES = 1000
    with pytest.raises(DateiZuGross) as err:
        _add(sb_a, vorgang_a, "gross.pdf", pdf_bytes() + b"%" * 1000)
    assert err.value.status == 413
    _nothing_stored(vorgang_a)


@pytest.mark.parametrize(
    "name,inhalt",
    [
        ("programm.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200),  # a Windows executable
        ("skript.pdf", b"\x7fELF\x02\x01\x01" + b"\x00" * 200),
        ("seite.html", b"<html><script>alert(1)</script></html>"),
    ],
)
def test_unsupported_type_is_refused_by_content_not_name(sb_a, vorgang_a, name, inhalt):
    with pytest.raises(DateitypFalsch) as err:
        _add(sb_a, vorgang_a, name, inhalt)
    assert err.value.status == 415
    _nothing_stored(vorgang_a)


def test_encrypted_pdf_is_refused(sb_a, vorgang_a):
    with pytest.raises(ValidationError) as err:
        _add(sb_a, vorgang_a, "geheim.pdf", _encrypted_pdf())
    assert "verschlüsselt" in err.value.errors["datei"]
    _nothing_stored(vorgang_a)


def test_broken_pdf_is_refused(sb_a, vorgang_a):
    with pytest.raises(ValidationError) as err:
        _add(sb_a, vorgang_a, "kaputt.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 50)
    assert "beschädigt" in err.value.errors["datei"]
    _nothing_stored(vorgang_a)


def test_pixel_bomb_is_refused(sb_a, vorgang_a):
    with pytest.raises(ValidationError) as err:
        _add(sb_a, vorgang_a, "bombe.png", _png(50_000, 50_000))
    assert "Megapixel" in err.value.errors["datei"]
    _nothing_stored(vorgang_a)


def test_zip_bomb_office_file_is_refused(sb_a, vorgang_a):
    with pytest.raises(ValidationError) as err:
        _add(sb_a, vorgang_a, "bombe.docx", _zip_bomb_docx())
    assert "ZIP-Bombe" in err.value.errors["datei"]
    _nothing_stored(vorgang_a)


def test_empty_file_is_refused(sb_a, vorgang_a):
    with pytest.raises(ValidationError):
        _add(sb_a, vorgang_a, "leer.pdf", b"")
    _nothing_stored(vorgang_a)


def test_small_image_and_text_are_accepted(sb_a, vorgang_a):
    _add(sb_a, vorgang_a, "foto.png", PNG_1x1)
    _add(sb_a, vorgang_a, "notiz.txt", "Vermerk: Rücksprache mit Frau Müller.".encode())
    with kommune_scope(sb_a.kommune):
        types = set(Version.objects.values_list("mime_type", flat=True))
    assert types == {"image/png", "text/plain"}
