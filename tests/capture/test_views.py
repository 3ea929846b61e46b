"""Posteingang pages: list, batch upload (JSON for the progress bar), detail, mail drop."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from aktenbund.capture.models import Status
from tests.capture import dateien as d
from tests.capture.helpers import dokumente_in, hochladen

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_navigation_and_list_show_state_and_reason(sb_a):
    hochladen(sb_a, ("gut.pdf", d.text_pdf("Antrag")))
    hochladen(sb_a, ("kaputt.pdf", b"%PDF-1.4 kaputt"))
    page = _client(sb_a).get("/posteingang/").content.decode()
    assert '<a href="/posteingang/"' in page
    assert "bereit" in page and "Fehler" in page
    assert "Die PDF-Datei ist beschädigt." in page


def test_batch_upload_answers_json_for_the_progress_bar(sb_a):
    client = _client(sb_a)
    response = client.post(
        "/posteingang/",
        {
            "dateien": [
                SimpleUploadedFile("a.pdf", d.text_pdf("eins")),
                SimpleUploadedFile("b.pdf", d.text_pdf("zwei")),
            ],
            "oe": "",
        },
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 201, response.content
    assert len(response.json()["eintraege"]) == 2
    page = client.get("/posteingang/").content.decode()
    assert "<progress" in page and "a.pdf" in page and "b.pdf" in page


def test_upload_without_javascript_redirects_with_message(sb_a):
    client = _client(sb_a)
    response = client.post(
        "/posteingang/", {"dateien": [SimpleUploadedFile("a.pdf", d.text_pdf("x"))]}, follow=True
    )
    assert "im Posteingang" in response.content.decode()


def test_assign_from_detail_page(sb_a, vorgang_a):
    (eintrag,) = hochladen(sb_a, ("a.pdf", d.text_pdf("Antrag")))
    client = _client(sb_a)
    page = client.get(f"/posteingang/{eintrag.pk}/").content.decode()
    assert vorgang_a.aktenzeichen in page
    response = client.post(f"/posteingang/{eintrag.pk}/zuordnen/", {"vorgang": vorgang_a.pk})
    assert response.status_code == 302
    assert len(dokumente_in(vorgang_a)) == 1


def test_mail_drop_is_one_action(sb_a, vorgang_a):
    response = _client(sb_a).post(
        f"/posteingang/vorgang/{vorgang_a.pk}/mail/",
        {"datei": SimpleUploadedFile("Antrag.eml", d.eml())},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 201, response.content
    assert [dok.titel for dok in dokumente_in(vorgang_a)] == ["Bauantrag Müller"]


def test_mail_drop_include_renders(sb_a, vorgang_a, rf):
    from django.template.loader import render_to_string

    request = rf.get("/vorgaenge/1/")
    request.user = sb_a
    html = render_to_string("capture/_mail_drop.html", {"vorgang": vorgang_a}, request=request)
    assert f"/posteingang/vorgang/{vorgang_a.pk}/mail/" in html
    assert 'accept=".eml,.msg' in html


def test_other_clerk_without_oe_membership_gets_404(sb_a, sb_a_bau):
    (eintrag,) = hochladen(sb_a, ("a.pdf", d.text_pdf("Antrag")))
    assert eintrag.status == Status.BEREIT
    assert _client(sb_a_bau).get(f"/posteingang/{eintrag.pk}/").status_code == 404


def test_upload_form_can_file_straight_into_a_vorgang(sb_a, vorgang_a):
    client = _client(sb_a)
    page = client.get("/posteingang/").content.decode()
    assert "Gleich ablegen in Vorgang" in page and vorgang_a.aktenzeichen in page
    response = client.post(
        "/posteingang/",
        {
            "dateien": [
                SimpleUploadedFile("a.pdf", d.text_pdf("eins")),
                SimpleUploadedFile("b.pdf", d.text_pdf("zwei")),
            ],
            "vorgang": str(vorgang_a.pk),
        },
        follow=True,
    )
    assert f"danach in {vorgang_a.aktenzeichen} abgelegt" in response.content.decode()
    assert sorted(dok.titel for dok in dokumente_in(vorgang_a)) == ["a.pdf", "b.pdf"]
