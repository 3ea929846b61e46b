"""API of the Posteingang: upload many files, list with filters and pagination, filing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.capture import dateien as d

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client(enforce_csrf_checks=False)
    client.force_login(user)
    return client


def _upload(client, *dateien, **data):
    files = [SimpleUploadedFile(name, content) for name, content in dateien]
    return client.post("/api/v1/posteingang", {"dateien": files, **data})


def test_upload_many_then_list_filter_and_paginate(sb_a):
    client = _client(sb_a)
    response = _upload(
        client,
        ("a.pdf", d.text_pdf("Antrag eins")),
        ("b.pdf", d.text_pdf("Antrag zwei")),
        ("c.txt", b"Notiz"),
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert [e["status"] for e in body] == ["bereit", "bereit", "bereit"]
    assert body[0]["quelle"] == "api"
    listing = client.get("/api/v1/posteingang?limit=2").json()
    assert listing["count"] == 3 and len(listing["items"]) == 2
    assert client.get("/api/v1/posteingang?status=fehler").json()["count"] == 0
    assert client.get("/api/v1/posteingang?quelle=upload").json()["count"] == 0


def test_upload_together_makes_one_eintrag(sb_a):
    response = _upload(
        _client(sb_a),
        ("seite1.pdf", d.text_pdf("eins")),
        ("seite2.pdf", d.text_pdf("zwei")),
        zusammen="true",
        betreff="Brief mit Anlage",
    )
    (eintrag,) = response.json()
    assert [f["dateiname"] for f in eintrag["dateien"]] == ["seite1.pdf", "seite2.pdf"]
    assert eintrag["betreff"] == "Brief mit Anlage"


def test_bad_upload_is_422_json_and_leaves_nothing(sb_a):
    client = _client(sb_a)
    response = _upload(client, ("ok.pdf", d.text_pdf("x")), ("leer.pdf", b""))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "dateien"
    assert client.get("/api/v1/posteingang").json()["count"] == 0


def test_assign_via_api(sb_a, vorgang_a):
    client = _client(sb_a)
    (eintrag,) = _upload(client, ("a.pdf", d.text_pdf("Antrag"))).json()
    response = client.post(
        f"/api/v1/posteingang/{eintrag['id']}/zuordnen",
        {"vorgang_id": vorgang_a.pk},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "zugeordnet"
    assert response.json()["dateien"][0]["dokument_id"] is not None
    again = client.post(
        f"/api/v1/posteingang/{eintrag['id']}/zuordnen",
        {"vorgang_id": vorgang_a.pk},
        content_type="application/json",
    )
    assert again.status_code == 409


def test_new_vorgang_and_forward_via_api(sb_a, akte_a, oe_a_bau):
    client = _client(sb_a)
    eins, zwei = _upload(client, ("a.pdf", d.text_pdf("A")), ("b.pdf", d.text_pdf("B"))).json()
    response = client.post(
        f"/api/v1/posteingang/{eins['id']}/vorgang",
        {"akte_id": akte_a.pk, "betreff": "Neuer Fall"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["vorgang_id"] is not None
    response = client.post(
        f"/api/v1/posteingang/{zwei['id']}/weiterleiten",
        {"organisationseinheit_id": oe_a_bau.pk},
        content_type="application/json",
    )
    assert response.json()["organisationseinheit_id"] == oe_a_bau.pk


def test_mail_endpoint_files_into_vorgang(sb_a, vorgang_a):
    client = _client(sb_a)
    response = client.post(
        "/api/v1/posteingang/mail",
        {"vorgang_id": vorgang_a.pk, "datei": SimpleUploadedFile("m.eml", d.eml())},
    )
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "zugeordnet"
    assert response.json()["betreff"] == "Bauantrag Müller"


def test_download_original_and_pdfa(sb_a):
    client = _client(sb_a)
    (eintrag,) = _upload(client, ("scan.png", d.bild_bytes("Anhörung"))).json()
    datei = eintrag["dateien"][0]
    url = f"/api/v1/posteingang/{eintrag['id']}/dateien/{datei['id']}"
    assert client.get(url).getvalue()[:8] == b"\x89PNG\r\n\x1a\n"
    assert client.get(url + "?pdfa=true").getvalue()[:5] == b"%PDF-"


def test_upload_into_a_vorgang_files_each_file_there(sb_a, vorgang_a):
    client = _client(sb_a)
    response = _upload(
        client,
        ("a.pdf", d.text_pdf("Antrag eins")),
        ("b.pdf", d.text_pdf("Antrag zwei")),
        vorgang_id=str(vorgang_a.pk),
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert [e["status"] for e in body] == ["zugeordnet", "zugeordnet"]
    dokumente = client.get(f"/api/v1/vorgaenge/{vorgang_a.pk}/dokumente").json()
    titel = [dok["titel"] for dok in dokumente["items"]]
    assert sorted(titel) == ["a.pdf", "b.pdf"]


def test_upload_into_an_unknown_vorgang_is_422_naming_the_field(sb_a):
    client = _client(sb_a)
    response = _upload(client, ("a.pdf", d.text_pdf("x")), vorgang_id="999999")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "vorgang_id"
    assert client.get("/api/v1/posteingang").json()["count"] == 0
