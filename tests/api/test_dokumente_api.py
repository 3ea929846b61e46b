"""Dokumente and Versionen in the REST API: upload, metadata, new Version, download."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from aktenbund.records.models import Dokument, Version
from aktenbund.tenancy.scope import kommune_scope
from tests.api.records_client import Api, fields_of, ok
from tests.records.factories import PNG_1x1, pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_a(sb_a):
    return Api(sb_a)


def _upload(api, vorgang, content=None, filename="antrag.pdf", **fields):
    fields.setdefault("titel", "Antrag auf Gewerbeanmeldung")
    return api.upload(
        f"/vorgaenge/{vorgang.pk}/dokumente", content or pdf_bytes("Antrag"), filename, **fields
    )


def _download(response) -> bytes:
    assert response.status_code == 200, getattr(response, "content", b"")[:500]
    return b"".join(response.streaming_content)


def test_upload_with_metadata(api_a, sb_a, vorgang_a):
    inhalt = pdf_bytes("Antrag")
    body = ok(
        _upload(
            api_a,
            vorgang_a,
            inhalt,
            "Antrag Müller.pdf",
            typ="antrag",
            richtung="eingang",
            absender="Erika Müller",
            empfaenger="Gemeinde Meinhard",
            datum="2026-03-02",
            kommentar="Original",
        ),
        201,
    )
    assert body["titel"] == "Antrag auf Gewerbeanmeldung"
    assert (body["typ"], body["richtung"], body["datum"]) == ("antrag", "eingang", "2026-03-02")
    assert (body["absender"], body["empfaenger"]) == ("Erika Müller", "Gemeinde Meinhard")
    version = body["aktuelle_version"]
    assert version["nummer"] == 1 and version["dateiname"] == "Antrag Müller.pdf"
    assert version["mime_type"] == "application/pdf" and version["groesse"] == len(inhalt)
    assert version["kommentar"] == "Original" and version["erstellt_von_id"] == sb_a.pk

    listed = ok(api_a.get(f"/vorgaenge/{vorgang_a.pk}/dokumente"))
    assert listed["count"] == 1 and listed["items"][0] == body
    assert ok(api_a.get(f"/dokumente/{body['id']}")) == body


def test_upload_defaults_and_missing_fields(api_a, vorgang_a):
    body = ok(_upload(api_a, vorgang_a), 201)
    assert (body["typ"], body["richtung"]) == ("sonstiges", "intern")

    response = api_a.upload(f"/vorgaenge/{vorgang_a.pk}/dokumente", pdf_bytes(), "a.pdf")
    assert response.status_code == 422 and "titel" in fields_of(response)
    response = _upload(api_a, vorgang_a, typ="geheimakte")
    assert response.status_code == 422 and "typ" in fields_of(response)
    response = _upload(api_a, vorgang_a, datum="1800-01-01")
    assert response.status_code == 422 and set(fields_of(response)) == {"datum"}
    response = api_a.client.post(
        f"/api/v1/vorgaenge/{vorgang_a.pk}/dokumente", {"titel": "ohne Datei"}
    )
    assert response.status_code == 422 and "datei" in fields_of(response)


def test_metadata_put_and_patch(api_a, vorgang_a):
    dokument = ok(_upload(api_a, vorgang_a), 201)
    path = f"/dokumente/{dokument['id']}"
    body = ok(api_a.patch(path, {"richtung": "ausgang", "empfaenger": "Firma X"}))
    assert body["richtung"] == "ausgang" and body["titel"] == dokument["titel"]
    body = ok(
        api_a.put(
            path,
            {"titel": "Bescheid", "typ": "bescheid", "richtung": "ausgang", "datum": "2026-04-01"},
        )
    )
    assert (body["titel"], body["typ"], body["empfaenger"]) == ("Bescheid", "bescheid", "")
    response = api_a.patch(path, {"titel": " "})
    assert response.status_code == 422 and set(fields_of(response)) == {"titel"}


def test_new_version_list_and_download(api_a, vorgang_a):
    erste_datei = pdf_bytes("v1")
    dokument = ok(_upload(api_a, vorgang_a, erste_datei, "antrag.pdf"), 201)
    path = f"/dokumente/{dokument['id']}/versionen"
    version = ok(api_a.upload(path, PNG_1x1, "Scan Seite 1.png", kommentar="Scan"), 201)
    assert version["nummer"] == 2 and version["mime_type"] == "image/png"
    assert version["kommentar"] == "Scan"
    assert ok(api_a.get(f"/dokumente/{dokument['id']}"))["aktuelle_version"] == version

    versionen = ok(api_a.get(path))
    assert [v["nummer"] for v in versionen["items"]] == [2, 1]
    erste = versionen["items"][1]
    assert ok(api_a.get(f"/versionen/{erste['id']}")) == erste

    response = api_a.get(f"/versionen/{erste['id']}/inhalt")
    assert _download(response) == erste_datei
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="antrag.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"

    response = api_a.get(f"/versionen/{version['id']}/inhalt", vorschau="true")
    assert _download(response) == PNG_1x1
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline;")
    assert "Scan%20Seite%201.png" in response["Content-Disposition"] or (
        '"Scan Seite 1.png"' in response["Content-Disposition"]
    )


def test_download_of_non_preview_type_is_an_attachment_with_encoded_name(api_a, vorgang_a):
    text = "Vermerk über die Anhörung\n".encode()
    dokument = ok(_upload(api_a, vorgang_a, text, "Vermerk Anhörung.txt"), 201)
    version_id = dokument["aktuelle_version"]["id"]
    response = api_a.get(f"/versionen/{version_id}/inhalt", vorschau="true")
    assert _download(response) == text
    assert response["Content-Type"] == "text/plain"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''Vermerk%20Anh%C3%B6rung.txt" in disposition


def test_upload_into_closed_vorgang_is_409_and_stores_nothing(api_a, vorgang_a):
    dokument = ok(_upload(api_a, vorgang_a), 201)
    ok(api_a.post(f"/vorgaenge/{vorgang_a.pk}/zda", {"verfuegung": "zdA"}))
    assert _upload(api_a, vorgang_a).status_code == 409
    response = api_a.upload(f"/dokumente/{dokument['id']}/versionen", pdf_bytes("x"), "b.pdf")
    assert response.status_code == 409
    assert api_a.patch(f"/dokumente/{dokument['id']}", {"titel": "x"}).status_code == 409
    with kommune_scope(vorgang_a.kommune_id), scopes_disabled():
        assert Dokument.objects.count() == 1 and Version.objects.count() == 1
    # Reading stays possible.
    assert ok(api_a.get(f"/dokumente/{dokument['id']}"))["titel"]


def test_another_kommunes_dokument_is_404(api_a, sb_b, vorgang_a):
    dokument = ok(_upload(api_a, vorgang_a), 201)
    version_id = dokument["aktuelle_version"]["id"]
    api_b = Api(sb_b)
    for path in (
        f"/dokumente/{dokument['id']}",
        f"/dokumente/{dokument['id']}/versionen",
        f"/dokumente/{dokument['id']}/historie",
        f"/versionen/{version_id}",
        f"/versionen/{version_id}/inhalt",
    ):
        assert api_b.get(path).status_code == 404, path
    assert api_b.patch(f"/dokumente/{dokument['id']}", {"titel": "x"}).status_code == 404
    response = api_b.upload(f"/dokumente/{dokument['id']}/versionen", pdf_bytes(), "x.pdf")
    assert response.status_code == 404
    assert _upload(api_b, vorgang_a).status_code == 404
    with kommune_scope(vorgang_a.kommune_id), scopes_disabled():
        assert Version.objects.count() == 1


def test_reader_of_other_oe_downloads_but_cannot_upload(api_a, sb_a_bau, vorgang_a):
    dokument = ok(_upload(api_a, vorgang_a), 201)
    bau = Api(sb_a_bau)
    assert _download(bau.get(f"/versionen/{dokument['aktuelle_version']['id']}/inhalt"))
    assert _upload(bau, vorgang_a).status_code == 403
    response = bau.upload(f"/dokumente/{dokument['id']}/versionen", pdf_bytes(), "x.pdf")
    assert response.status_code == 403
