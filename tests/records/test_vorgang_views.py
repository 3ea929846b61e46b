"""The Vorgang and Dokument pages: upload, Versionen, download and preview, move, zdA."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scopes_disabled

from aktenbund.records.models import Dokument, Version
from aktenbund.tenancy.scope import kommune_scope
from tests.records.factories import PNG_1x1, make_akte, make_dokument, pdf_bytes
from tests.records.test_akten_views import html_of, signed_in

pytestmark = pytest.mark.django_db


def pdf(name: str, text: str = "Inhalt") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(text), content_type="application/pdf")


def dokumente(vorgang) -> list[Dokument]:
    with kommune_scope(vorgang.kommune_id), scopes_disabled():
        return list(Dokument.objects.filter(vorgang_id=vorgang.pk).order_by("id"))


def test_vorgang_page_shows_metadata_breadcrumbs_and_history(sb_a, akte_a, vorgang_a, plan):
    page = html_of(signed_in(sb_a).get(f"/akten/vorgaenge/{vorgang_a.pk}/"))
    assert vorgang_a.aktenzeichen in page and "Anmeldung Müller" in page
    crumbs = page.split('aria-label="Brotkrumen"')[1].split("</nav>")[0]
    assert "121 Gewerbeanzeigen" in crumbs and akte_a.aktenzeichen in crumbs
    assert vorgang_a.aktenzeichen in crumbs
    assert "Vorgang angelegt" in page and "Dokumente hinzufügen" in page


def test_upload_several_files_with_per_file_metadata(sb_a, vorgang_a):
    client = signed_in(sb_a)
    response = client.post(
        f"/akten/vorgaenge/{vorgang_a.pk}/dokumente/",
        {
            "dateien": [pdf("antrag.pdf", "A"), pdf("anlage.pdf", "B")],
            "datei0-titel": "Gewerbeanmeldung",
            "datei0-typ": "antrag",
            "datei0-richtung": "eingang",
            "datei0-absender": "Hans Müller",
            "datei0-datum": "2025-03-01",
            "datei1-titel": "",
            "datei1-typ": "sonstiges",
            "datei1-richtung": "intern",
        },
    )
    assert response.status_code == 302
    erste, zweite = dokumente(vorgang_a)
    assert (erste.titel, erste.typ, erste.absender) == ("Gewerbeanmeldung", "antrag", "Hans Müller")
    assert erste.datum == datetime.date(2025, 3, 1)
    assert (zweite.titel, zweite.richtung) == ("anlage.pdf", "intern")
    page = html_of(client.get(response["Location"]))
    assert "2 Dokumente wurden hinzugefügt." in page
    assert "Gewerbeanmeldung" in page and "Dokument hinzugefügt" in page


def test_upload_without_metadata_uses_file_names(sb_a, vorgang_a):
    signed_in(sb_a).post(
        f"/akten/vorgaenge/{vorgang_a.pk}/dokumente/", {"dateien": [pdf("Bescheid.pdf")]}
    )
    [dokument] = dokumente(vorgang_a)
    assert dokument.titel == "Bescheid.pdf" and dokument.richtung == "eingang"


def test_download_and_preview(sb_a, vorgang_a):
    dokument = make_dokument(sb_a, vorgang_a, "Antrag")
    bild = make_dokument(sb_a, vorgang_a, "Foto", dateiname="foto.png", inhalt=PNG_1x1)
    with kommune_scope(sb_a.kommune), scopes_disabled():
        version = Version.objects.get(dokument=dokument)
        bild_version = Version.objects.get(dokument=bild)
    client = signed_in(sb_a)
    vorschau = client.get(f"/akten/versionen/{version.pk}/vorschau/")
    assert vorschau.status_code == 200 and vorschau["Content-Type"] == "application/pdf"
    assert vorschau["Content-Disposition"].startswith("inline")
    assert vorschau["X-Content-Type-Options"] == "nosniff"
    assert b"".join(vorschau.streaming_content).startswith(b"%PDF")
    datei = client.get(f"/akten/versionen/{version.pk}/datei/")
    assert (
        datei["Content-Disposition"].startswith("attachment")
        and 'antrag.pdf"' in datei["Content-Disposition"]
    )
    bild_vorschau = client.get(f"/akten/versionen/{bild_version.pk}/vorschau/")
    assert bild_vorschau["Content-Type"] == "image/png"
    assert bild_vorschau["Content-Disposition"].startswith("inline")
    assert "sandbox" in bild_vorschau["Content-Security-Policy"]
    page = html_of(client.get(f"/akten/dokumente/{bild.pk}/"))
    assert f'src="/akten/versionen/{bild_version.pk}/vorschau/"' in page


def test_text_is_never_shown_inline(sb_a, vorgang_a):
    dokument = make_dokument(sb_a, vorgang_a, "Notiz", dateiname="notiz.txt", inhalt=b"Hallo\n")
    with kommune_scope(sb_a.kommune), scopes_disabled():
        version = Version.objects.get(dokument=dokument)
    response = signed_in(sb_a).get(f"/akten/versionen/{version.pk}/vorschau/")
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/octet-stream"


def test_new_version_and_metadata_edit(sb_a, vorgang_a):
    dokument = make_dokument(sb_a, vorgang_a, "Antrag")
    client = signed_in(sb_a)
    response = client.post(
        f"/akten/dokumente/{dokument.pk}/versionen/",
        {"datei": pdf("antrag-v2.pdf", "neu"), "kommentar": "korrigiert"},
    )
    assert response.status_code == 302
    page = html_of(client.get(f"/akten/dokumente/{dokument.pk}/"))
    assert "Version 2 wurde hochgeladen." in page and "antrag-v2.pdf" in page
    assert "korrigiert" in page
    response = client.post(
        f"/akten/dokumente/{dokument.pk}/",
        {
            "titel": "Antrag (korrigiert)",
            "typ": "antrag",
            "richtung": "eingang",
            "absender": "Müller",
            "empfaenger": "",
            "datum": "2025-01-02",
        },
    )
    assert response.status_code == 302
    [dokument] = dokumente(vorgang_a)
    assert dokument.titel == "Antrag (korrigiert)" and dokument.absender == "Müller"
    history = html_of(client.get(f"/akten/vorgaenge/{vorgang_a.pk}/"))
    assert "neue Version" in history and "Dokument geändert" in history


def test_move_vorgang_shows_old_aktenzeichen(sb_a, akte_a, vorgang_a, plan):
    ziel = make_akte(sb_a, plan["121"], "Zielakte")
    client = signed_in(sb_a)
    alt = vorgang_a.aktenzeichen
    response = client.post(f"/akten/vorgaenge/{vorgang_a.pk}/verschieben/", {"ziel_akte": ziel.pk})
    assert response.status_code == 302
    page = html_of(client.get(f"/akten/vorgaenge/{vorgang_a.pk}/"))
    assert f"{ziel.aktenzeichen}/1" in page
    assert f"von {alt} nach {ziel.aktenzeichen}/1" in page  # the history
    assert "frühere Aktenzeichen" in page


def test_zda_vorgang_is_read_only_in_the_ui_and_refuses_posts(sb_a, amtsleitung_a, vorgang_a):
    dokument = make_dokument(sb_a, vorgang_a, "Antrag")
    client = signed_in(sb_a)
    response = client.post(f"/akten/vorgaenge/{vorgang_a.pk}/zda/", {"zda_verfuegung": ""})
    assert response.status_code == 422 and "Bitte die zdA-Verfügung angeben." in html_of(response)
    client.post(f"/akten/vorgaenge/{vorgang_a.pk}/zda/", {"zda_verfuegung": "Erledigt. zdA."})
    page = html_of(client.get(f"/akten/vorgaenge/{vorgang_a.pk}/"))
    heute = datetime.date.today().strftime("%d.%m.%Y")
    assert f"zdA verfügt am {heute} – nur lesen." in page
    for control in ("Dokumente hinzufügen", "Angaben ändern", "Verschieben", "Freigeben"):
        assert control not in page
    assert "Vorschau" in page  # reading stays
    refused = "ist zdA und kann nur gelesen werden."
    response = client.post(f"/akten/vorgaenge/{vorgang_a.pk}/", {"betreff": "Neu"})
    assert response.status_code == 409 and refused in html_of(response)
    response = client.post(
        f"/akten/vorgaenge/{vorgang_a.pk}/dokumente/", {"dateien": [pdf("spaet.pdf")]}
    )
    assert response.status_code == 409 and refused in html_of(response)
    response = client.post(f"/akten/dokumente/{dokument.pk}/versionen/", {"datei": pdf("v2.pdf")})
    assert response.status_code == 409
    assert len(dokumente(vorgang_a)) == 1
    dokument_page = html_of(client.get(f"/akten/dokumente/{dokument.pk}/"))
    assert "Neue Version hochladen" not in dokument_page and "nur lesen" in dokument_page
    # The Amtsleitung reopens with a reason.
    leitung = signed_in(amtsleitung_a)
    response = leitung.post(
        f"/akten/vorgaenge/{vorgang_a.pk}/wiedereroeffnen/", {"grund": "Nachtrag"}
    )
    assert response.status_code == 302
    assert "Grund: Nachtrag" in html_of(leitung.get(f"/akten/vorgaenge/{vorgang_a.pk}/"))


def test_clerk_may_not_reopen(sb_a, vorgang_a):
    client = signed_in(sb_a)
    client.post(f"/akten/vorgaenge/{vorgang_a.pk}/zda/", {"zda_verfuegung": "zdA"})
    response = client.post(f"/akten/vorgaenge/{vorgang_a.pk}/wiedereroeffnen/", {"grund": "x"})
    assert response.status_code == 403 and "Nur die Amtsleitung" in html_of(response)


def test_freigabe_of_vorgang_lets_the_other_kommune_work(sb_a, sb_b, vorgang_a, kommune_b):
    bis = (datetime.date.today() + datetime.timedelta(days=10)).isoformat()
    response = signed_in(sb_a).post(
        f"/akten/vorgaenge/{vorgang_a.pk}/freigaben/",
        {
            "freigabe-empfaenger_kommune": kommune_b.pk,
            "freigabe-recht": "bearbeiten",
            "freigabe-gueltig_bis": bis,
        },
    )
    assert response.status_code == 302
    other = signed_in(sb_b)
    page = html_of(other.get(f"/akten/vorgaenge/{vorgang_a.pk}/"))
    assert "lesen und bearbeiten" in page and "Dokumente hinzufügen" in page
    assert "In andere Akte verschieben" not in page  # only the owner moves
    response = other.post(
        f"/akten/vorgaenge/{vorgang_a.pk}/dokumente/", {"dateien": [pdf("stellungnahme.pdf")]}
    )
    assert response.status_code == 302
    [dokument] = dokumente(vorgang_a)
    assert dokument.kommune_id == vorgang_a.kommune_id and dokument.erstellt_von == sb_b


def test_other_kommune_gets_404_on_vorgang_dokument_version_pages(sb_a, sb_b, vorgang_a):
    dokument = make_dokument(sb_a, vorgang_a, "Antrag")
    with kommune_scope(sb_a.kommune), scopes_disabled():
        version = Version.objects.get(dokument=dokument)
    client = signed_in(sb_b)
    for url in (
        f"/akten/vorgaenge/{vorgang_a.pk}/",
        f"/akten/dokumente/{dokument.pk}/",
        f"/akten/versionen/{version.pk}/datei/",
        f"/akten/versionen/{version.pk}/vorschau/",
    ):
        assert client.get(url).status_code == 404, url
    for path in ("", "dokumente/", "verschieben/", "zda/", "wiedereroeffnen/", "freigaben/"):
        assert client.post(f"/akten/vorgaenge/{vorgang_a.pk}/{path}").status_code == 404
    assert client.post(f"/akten/dokumente/{dokument.pk}/versionen/").status_code == 404
