"""Rights in the Posteingang: what is filed in (or addressed to) a vertrauliche Akte
stays with the persons on its access list.

A mail dropped onto a Vorgang of a vertrauliche Akte keeps its Posteingang
entry with original, PDF/A and preview. The OE's other members and the
Registratur used to find it under "zugeordnet" and download every file. Now
an Eintrag whose Vorgang lies in a vertrauliche Akte does not exist for them
— in the list (open and filed, every filter), by id, its files, PDF/A and
preview, in the UI and the API — while everyone on the access list still
sees all of it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from aktenbund.capture.models import Posteingangseintrag, Status
from aktenbund.records import services as records
from aktenbund.tenancy.models import User
from aktenbund.tenancy.scope import kommune_scope
from tests.capture import dateien as d
from tests.capture.helpers import dateien_of, frisch, hochladen
from tests.factories import make_user

# Fixtures of the records tests, used by name below (hence F811 in signatures).
from tests.records.conftest import (  # noqa: F401
    oe_a,
    plan,
    sb_a,
    verbund_registratur,
)
from tests.records.factories import make_akte, make_vorgang

pytestmark = pytest.mark.django_db

# What the confidential mail says; none of it may reach an outsider's screen.
BETREFF = "Abmahnung Schmidt wegen Dienstpflichtverletzung"
ABSENDER = "personalrat@meinhard.example.org"
ANHANG = "Stellungnahme-Schmidt.pdf"
SCAN = "Zeugenaussage-Schmidt.pdf"
GEHEIM = (BETREFF, ABSENDER, ANHANG, SCAN, "Zeugenaussage Schmidt")


@dataclass
class Personalsache:
    """A vertrauliche Akte of the Ordnungsamt with a mail filed and a scan addressed to it."""

    vorgang: object
    abgelegt: Posteingangseintrag  # the dropped mail, filed
    vorgemerkt: Posteingangseintrag  # an upload waiting to be processed, then filed there
    kollege: User  # same OE, not on the access list
    poststelle: User  # Registratur, not on the access list
    vertraut: User  # same OE, on the access list (lesen)
    personalstelle: User  # Registratur on the access list (lesen)


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _confidential_mail() -> bytes:
    anhang = (ANHANG, d.scan_pdf("Stellungnahme"), "application/pdf")
    return d.eml(betreff=BETREFF, absender=f"Personalrat <{ABSENDER}>", anhaenge=[anhang])


@pytest.fixture
def personalsache(settings, kommune_a, oe_a, sb_a, plan) -> Personalsache:  # noqa: F811
    kollege = make_user(kommune_a, "meinhard.kollege", ["sachbearbeitung"], [oe_a.pk])
    vertraut = make_user(kommune_a, "meinhard.vertraut", ["sachbearbeitung"], [oe_a.pk])
    poststelle = make_user(kommune_a, "meinhard.poststelle", ["registratur"], [oe_a.pk])
    personalstelle = make_user(kommune_a, "meinhard.personalstelle", ["registratur"])
    akte = make_akte(sb_a, plan["121"], "Personalsache Schmidt", vertraulich=True)
    vorgang = make_vorgang(sb_a, akte, "Disziplinarverfahren")
    with kommune_scope(kommune_a):
        records.set_akte_zugriff(
            sb_a,
            akte,
            [(sb_a, "bearbeiten"), (vertraut, "lesen"), (personalstelle, "lesen")],
        )
    response = _client(sb_a).post(
        f"/posteingang/vorgang/{vorgang.pk}/mail/",
        {"datei": SimpleUploadedFile("Abmahnung.eml", _confidential_mail())},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 201, response.content
    abgelegt = frisch(Posteingangseintrag(pk=response.json()["eintrag"], kommune_id=kommune_a.pk))
    assert abgelegt.status == Status.ZUGEORDNET and abgelegt.oe_id == oe_a.pk
    # A worker that has not run yet: the upload waits, addressed to the Vorgang.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    (vorgemerkt,) = hochladen(
        sb_a,
        (SCAN, d.text_pdf("Zeugenaussage")),
        betreff="Zeugenaussage Schmidt",
        vorgang_id=vorgang.pk,
    )
    assert vorgemerkt.status == Status.WARTET and vorgemerkt.ziel_vorgang_id == vorgang.pk
    return Personalsache(
        vorgang, abgelegt, vorgemerkt, kollege, poststelle, vertraut, personalstelle
    )


def _anhang(eintrag: Posteingangseintrag):
    (datei,) = [x for x in dateien_of(eintrag) if x.dateiname == ANHANG]
    return datei


def _inhalt(response) -> bytes:
    """The body of a file download, which streams."""
    return response.getvalue()


def _zeigt_nichts(text: str) -> None:
    for geheim in GEHEIM:
        assert geheim not in text, geheim


def _outsiders(sache: Personalsache) -> list[User]:
    return [sache.kollege, sache.poststelle]


def _insiders(sache: Personalsache, erfasser: User) -> list[User]:
    return [erfasser, sache.vertraut, sache.personalstelle]


def test_filed_mail_is_not_in_outsiders_lists(personalsache, oe_a):  # noqa: F811
    for user in _outsiders(personalsache):
        client = _client(user)
        for url in (
            "/posteingang/?status=zugeordnet",
            f"/posteingang/?status=zugeordnet&oe={oe_a.pk}",
            "/api/v1/posteingang?offen=false",
            "/api/v1/posteingang?status=zugeordnet",
            "/api/v1/posteingang?quelle=email",
            f"/api/v1/posteingang?organisationseinheit_id={oe_a.pk}",
            "/api/v1/posteingang",
        ):
            response = client.get(url)
            assert response.status_code == 200, url
            _zeigt_nichts(response.content.decode())
        assert client.get("/api/v1/posteingang?offen=false").json()["count"] == 0


def test_item_addressed_to_vertrauliche_akte_is_not_in_outsiders_open_lists(personalsache):
    for user in _outsiders(personalsache):
        client = _client(user)
        for url in (
            "/posteingang/",
            "/posteingang/?status=wartet",
            "/api/v1/posteingang?offen=true",
        ):
            response = client.get(url)
            assert response.status_code == 200, url
            _zeigt_nichts(response.content.decode())
        assert client.get("/api/v1/posteingang?offen=true").json()["count"] == 0


def test_outsiders_get_404_for_detail_files_pdfa_and_preview(personalsache):
    sache = personalsache
    anhang = _anhang(sache.abgelegt)
    assert anhang.pdf_id and anhang.vorschau_id  # there is something to protect
    (scan,) = dateien_of(sache.vorgemerkt)
    ids = [(sache.abgelegt.pk, anhang.pk), (sache.vorgemerkt.pk, scan.pk)]
    for user in _outsiders(sache):
        client = _client(user)
        for eintrag_id, datei_id in ids:
            for url in (
                f"/posteingang/{eintrag_id}/",
                f"/posteingang/{eintrag_id}/dateien/{datei_id}/",
                f"/posteingang/{eintrag_id}/dateien/{datei_id}/?fassung=pdfa",
                f"/posteingang/{eintrag_id}/dateien/{datei_id}/vorschau/",
                f"/api/v1/posteingang/{eintrag_id}",
                f"/api/v1/posteingang/{eintrag_id}/dateien/{datei_id}",
                f"/api/v1/posteingang/{eintrag_id}/dateien/{datei_id}?pdfa=true",
            ):
                response = client.get(url)
                assert response.status_code == 404, (user.username, url)
                _zeigt_nichts(response.content.decode())


def test_outsiders_cannot_forward_refile_or_reopen_it(personalsache, sb_a, plan):  # noqa: F811
    sache = personalsache
    eigene_akte = make_akte(sache.poststelle, plan["121"], "Allgemeines")
    anderer = make_vorgang(sache.poststelle, eigene_akte, "Irgendwas")
    eintrag_id = sache.vorgemerkt.pk
    client = _client(sache.poststelle)
    for url, data in (
        (f"/posteingang/{eintrag_id}/weiterleiten/", {"oe": ""}),
        (f"/posteingang/{eintrag_id}/zuordnen/", {"vorgang": anderer.pk}),
        (f"/posteingang/{eintrag_id}/vorgang/", {"akte": eigene_akte.pk, "betreff": "x"}),
    ):
        assert client.post(url, data).status_code == 404, url
    for url, body in (
        (f"/api/v1/posteingang/{eintrag_id}/weiterleiten", {"organisationseinheit_id": None}),
        (f"/api/v1/posteingang/{eintrag_id}/zuordnen", {"vorgang_id": anderer.pk}),
        (f"/api/v1/posteingang/{eintrag_id}/vorgang", {"akte_id": eigene_akte.pk}),
    ):
        response = client.post(url, body, content_type="application/json")
        assert response.status_code == 404, url
        _zeigt_nichts(response.content.decode())
    eintrag = frisch(sache.vorgemerkt)
    assert eintrag.ziel_vorgang_id == sache.vorgang.pk and eintrag.oe_id is not None


def test_persons_on_the_access_list_still_see_everything(personalsache, sb_a):  # noqa: F811
    sache = personalsache
    anhang = _anhang(sache.abgelegt)
    (scan,) = dateien_of(sache.vorgemerkt)
    for user in _insiders(sache, sb_a):
        client = _client(user)
        assert BETREFF in client.get("/posteingang/?status=zugeordnet").content.decode()
        assert SCAN in client.get("/posteingang/").content.decode()
        gefiltert = client.get("/api/v1/posteingang?offen=false").json()
        assert [e["id"] for e in gefiltert["items"]] == [sache.abgelegt.pk]
        offen = client.get("/api/v1/posteingang?offen=true").json()
        assert [e["id"] for e in offen["items"]] == [sache.vorgemerkt.pk]
        assert ABSENDER in client.get(f"/posteingang/{sache.abgelegt.pk}/").content.decode()
        detail = client.get(f"/api/v1/posteingang/{sache.abgelegt.pk}").json()
        assert detail["betreff"] == BETREFF
        basis = f"/posteingang/{sache.abgelegt.pk}/dateien/{anhang.pk}/"
        assert client.get(basis).status_code == 200
        assert _inhalt(client.get(basis + "?fassung=pdfa")).startswith(b"%PDF")
        assert client.get(basis + "vorschau/")["Content-Type"] == "image/png"
        api = f"/api/v1/posteingang/{sache.abgelegt.pk}/dateien/{anhang.pk}"
        assert client.get(api).status_code == 200
        assert _inhalt(client.get(api + "?pdfa=true")).startswith(b"%PDF")
        download = client.get(f"/api/v1/posteingang/{sache.vorgemerkt.pk}/dateien/{scan.pk}")
        assert _inhalt(download).startswith(b"%PDF")


def test_access_list_changes_count_at_once(personalsache, sb_a):  # noqa: F811
    sache = personalsache
    client = _client(sache.vertraut)
    assert client.get(f"/api/v1/posteingang/{sache.abgelegt.pk}").status_code == 200
    with kommune_scope(sb_a.kommune):
        akte = records.get_akte(sb_a, sache.vorgang.akte_id)
        records.set_akte_zugriff(sb_a, akte, [(sb_a, "bearbeiten")])
    assert client.get(f"/api/v1/posteingang/{sache.abgelegt.pk}").status_code == 404
    assert client.get("/api/v1/posteingang?offen=false").json()["count"] == 0


def test_filing_into_an_akte_later_marked_vertraulich_hides_the_eintrag(
    kommune_a,
    oe_a,  # noqa: F811
    sb_a,  # noqa: F811
    plan,  # noqa: F811
):
    kollege = make_user(kommune_a, "meinhard.kollege", ["sachbearbeitung"], [oe_a.pk])
    akte = make_akte(sb_a, plan["121"], "Noch offen für alle")
    vorgang = make_vorgang(sb_a, akte, "Beschwerde")
    (eintrag,) = hochladen(sb_a, (SCAN, d.text_pdf("Beschwerde")), vorgang_id=vorgang.pk)
    assert frisch(eintrag).status == Status.ZUGEORDNET
    client = _client(kollege)
    # An ordinary Akte: the OE's Posteingang shows what was filed there.
    assert SCAN in client.get("/posteingang/?status=zugeordnet").content.decode()
    with kommune_scope(kommune_a):
        records.update_akte(sb_a, akte, betreff=akte.betreff, vertraulich=True)
    _zeigt_nichts(client.get("/posteingang/?status=zugeordnet").content.decode())
    assert client.get(f"/posteingang/{eintrag.pk}/").status_code == 404
