"""Hostile and oversized uploads through the Vorgang page: a German error, nothing stored."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scopes_disabled

from aktenbund.blobs.models import Blob
from aktenbund.records.models import Dokument, Version
from aktenbund.records.services import dateipruefung
from aktenbund.tenancy.scope import kommune_scope
from tests.api.records_client import multipart
from tests.records.factories import pdf_bytes
from tests.records.test_akten_views import html_of, signed_in

pytestmark = pytest.mark.django_db


def _stored(vorgang, settings) -> tuple[int, int, int, list]:
    with kommune_scope(vorgang.kommune_id), scopes_disabled():
        dokumente = Dokument.objects.filter(vorgang_id=vorgang.pk).count()
        versionen = Version.objects.count()
    files = (
        [p for p in settings.BLOB_ROOT.rglob("*") if p.is_file()]
        if settings.BLOB_ROOT.exists()
        else []
    )
    return dokumente, versionen, Blob.objects.count(), files


def _upload(client, vorgang, *files):
    return client.post(f"/akten/vorgaenge/{vorgang.pk}/dokumente/", {"dateien": list(files)})


def _png_header(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def _docx_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr("word/document.xml", b"\0" * (20 * 1024 * 1024))
    return out.getvalue()


def _pdf_pages(n: int) -> bytes:
    pdf = pikepdf.new()
    for _ in range(n):
        pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


@pytest.fixture
def client(sb_a):
    return signed_in(sb_a)


def assert_nothing_stored(vorgang, settings):
    dokumente, versionen, blobs, files = _stored(vorgang, settings)
    assert (dokumente, versionen, blobs, files) == (0, 0, 0, [])


def test_too_large_file(client, vorgang_a, settings):
    settings.AKTENBUND_MAX_UPLOAD_BYTES = 1024
    response = _upload(
        client, vorgang_a, SimpleUploadedFile("gross.pdf", pdf_bytes("x" * 2000) + b" " * 2048)
    )
    html = html_of(response)
    assert response.status_code == 422
    assert "„gross.pdf“: Die Datei ist größer als 0 MB." in html or "größer als" in html
    assert "es wurde nichts gespeichert" in html
    assert_nothing_stored(vorgang_a, settings)


def test_one_bad_file_stores_none_of_the_batch(client, vorgang_a, settings):
    good = SimpleUploadedFile("gut.pdf", pdf_bytes("gut"))
    bad = SimpleUploadedFile("rechnung.pdf", b"MZ\x90\x00" + b"\x00" * 200)  # a Windows program
    response = _upload(client, vorgang_a, good, bad)
    html = html_of(response)
    assert response.status_code == 422
    assert "1 von 2 Dateien wurde nicht angenommen; es wurde nichts gespeichert." in html
    assert "„rechnung.pdf“: Dateien dieser Art" in html
    assert_nothing_stored(vorgang_a, settings)


def test_html_disguised_as_pdf_is_refused(client, vorgang_a, settings):
    response = _upload(
        client, vorgang_a, SimpleUploadedFile("x.pdf", b"<html><script>alert(1)</script></html>")
    )
    assert "werden nicht angenommen" in html_of(response)
    assert_nothing_stored(vorgang_a, settings)


def test_path_in_name_is_refused_not_cut(client, vorgang_a, settings):
    # A browser never sends a path; a name with one is refused as sent
    # (Django's parser would silently cut it to "passwd.pdf").
    body, content_type = multipart({}, "../../etc/passwd.pdf", pdf_bytes(), field="dateien")
    response = client.generic(
        "POST", f"/akten/vorgaenge/{vorgang_a.pk}/dokumente/", body, content_type=content_type
    )
    assert response.status_code == 422
    assert "Der Dateiname darf keinen Pfad enthalten." in html_of(response)
    assert_nothing_stored(vorgang_a, settings)
    # A plain upload next to it still works.
    response = _upload(client, vorgang_a, SimpleUploadedFile("passwd.pdf", pdf_bytes()))
    assert response.status_code == 302
    response = _upload(client, vorgang_a, SimpleUploadedFile("..passwd.pdf", pdf_bytes()))
    assert response.status_code == 422
    assert "Der Dateiname darf keinen Pfad enthalten." in html_of(response)
    response = _upload(client, vorgang_a, SimpleUploadedFile("C:boot.pdf", pdf_bytes()))
    assert "keinen Doppelpunkt" in html_of(response)
    with kommune_scope(vorgang_a.kommune_id), scopes_disabled():
        assert Dokument.objects.filter(vorgang_id=vorgang_a.pk).count() == 1


def test_pixel_bomb(client, vorgang_a, settings):
    response = _upload(
        client, vorgang_a, SimpleUploadedFile("foto.png", _png_header(30_000, 30_000))
    )
    assert "Das Bild ist zu groß (mehr als 100 Megapixel)." in html_of(response)
    assert_nothing_stored(vorgang_a, settings)


def test_zip_bomb(client, vorgang_a, settings):
    response = _upload(client, vorgang_a, SimpleUploadedFile("brief.docx", _docx_bomb()))
    assert "ZIP-Bombe" in html_of(response)
    assert_nothing_stored(vorgang_a, settings)


def test_pdf_bomb(client, vorgang_a, settings, monkeypatch):
    monkeypatch.setattr(dateipruefung, "MAX_PDF_SEITEN", 3)
    response = _upload(client, vorgang_a, SimpleUploadedFile("akte.pdf", _pdf_pages(4)))
    assert "Die PDF-Datei hat mehr als 3 Seiten." in html_of(response)
    assert_nothing_stored(vorgang_a, settings)


def test_broken_pdf_and_empty_file(client, vorgang_a, settings):
    response = _upload(
        client, vorgang_a, SimpleUploadedFile("kaputt.pdf", b"%PDF-1.7\n" + b"x" * 50)
    )
    assert "Die PDF-Datei ist beschädigt." in html_of(response)
    response = _upload(client, vorgang_a, SimpleUploadedFile("leer.pdf", b""))
    assert "Die Datei ist leer." in html_of(response)
    assert_nothing_stored(vorgang_a, settings)


def test_no_file_chosen(client, vorgang_a, settings):
    response = _upload(client, vorgang_a)
    assert response.status_code == 422 and "Bitte mindestens eine Datei auswählen." in html_of(
        response
    )


def test_bad_new_version_is_refused(client, sb_a, vorgang_a, settings):
    from tests.records.factories import make_dokument

    dokument = make_dokument(sb_a, vorgang_a, "Antrag")
    settings.AKTENBUND_MAX_UPLOAD_BYTES = 100
    response = client.post(
        f"/akten/dokumente/{dokument.pk}/versionen/",
        {"datei": SimpleUploadedFile("v2.pdf", pdf_bytes("v2"))},
    )
    assert response.status_code == 413 and "größer als" in html_of(response)
    with kommune_scope(vorgang_a.kommune_id), scopes_disabled():
        assert Version.objects.filter(dokument=dokument).count() == 1
