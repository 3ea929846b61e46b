"""Outlook .msg: a real compound file (tests/capture/msg_fixture.py) read by extract-msg."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from aktenbund.capture import services
from aktenbund.capture.models import Rolle, Status
from aktenbund.capture.services.mail import ist_mail, mail_text, parse_msg
from aktenbund.records.models import Dokumenttyp, Richtung, Version
from aktenbund.tenancy.scope import kommune_scope
from tests.capture import dateien as d
from tests.capture.helpers import dateien_of, dokumente_in, frisch, hochladen
from tests.capture.msg_fixture import msg

pytestmark = pytest.mark.django_db

DATUM = datetime.datetime(2026, 3, 14, 9, 30, tzinfo=datetime.UTC)


def _outlook_mail() -> bytes:
    return msg(
        betreff="Widerspruch gegen Gebührenbescheid",
        absender_name="Max Weber",
        absender="max.weber@example.org",
        datum=DATUM,
        text="Hiermit lege ich Widerspruch ein.\r\nMit freundlichen Grüßen",
        anhaenge=[("Bescheid Kopie.pdf", d.text_pdf("Gebührenbescheid Nummer 4711"))],
    )


def test_msg_is_recognised_and_parsed():
    data = _outlook_mail()
    assert ist_mail(data, "Widerspruch.msg") == "application/vnd.ms-outlook"
    assert ist_mail(data, "Widerspruch.doc") is None  # the name must say .msg, too
    mail = parse_msg(data)
    assert mail.betreff == "Widerspruch gegen Gebührenbescheid"
    assert mail.absender == "Max Weber <max.weber@example.org>"
    assert "poststelle@meinhard.de" in mail.empfaenger
    assert mail.datum == datetime.date(2026, 3, 14)
    assert "Hiermit lege ich Widerspruch ein." in mail.text
    assert [name for name, _ in mail.anhaenge] == ["Bescheid Kopie.pdf"]
    assert mail.anhaenge[0][1].startswith(b"%PDF-")
    assert "Betreff: Widerspruch gegen Gebührenbescheid" in mail_text(
        data, "application/vnd.ms-outlook"
    )


def test_msg_dropped_on_vorgang_page_files_mail_and_attachment(sb_a, vorgang_a):
    client = Client()
    client.force_login(sb_a)
    seite = f"/akten/vorgaenge/{vorgang_a.pk}/"
    response = client.post(
        f"/posteingang/vorgang/{vorgang_a.pk}/mail/",
        {"datei": SimpleUploadedFile("Widerspruch.msg", _outlook_mail()), "weiter": seite},
    )
    assert response.status_code == 302 and response["Location"] == seite
    dokumente = dokumente_in(vorgang_a)
    assert [dok.titel for dok in dokumente] == [
        "Widerspruch gegen Gebührenbescheid",
        "Anhang: Bescheid Kopie.pdf",
    ]
    mail, anhang = dokumente
    assert mail.typ == Dokumenttyp.EMAIL and mail.richtung == Richtung.EINGANG
    for dok in dokumente:
        assert dok.absender == "Max Weber <max.weber@example.org>"
        assert dok.datum == datetime.date(2026, 3, 14)
    with kommune_scope(sb_a.kommune_id):
        mail_version = Version.objects.get(dokument=mail)
        anhang_version = Version.objects.get(dokument=anhang)
        assert mail_version.dateiname == "Widerspruch.msg"
        assert "Hiermit lege ich Widerspruch ein." in services.text_of_version(mail_version)
        assert "Gebührenbescheid Nummer 4711" in services.text_of_version(anhang_version)
    # The message on the page the user comes back to says where it went.
    page = client.get(seite).content.decode()
    assert "ist in" in page and vorgang_a.aktenzeichen in page


def test_msg_upload_to_posteingang_is_one_eintrag_with_attachment(sb_a):
    (eintrag,) = hochladen(sb_a, ("Widerspruch.msg", _outlook_mail()))
    eintrag = frisch(eintrag)
    assert eintrag.status == Status.BEREIT, eintrag.fehlergrund
    assert eintrag.betreff == "Widerspruch gegen Gebührenbescheid"
    assert eintrag.absender == "Max Weber <max.weber@example.org>"
    assert eintrag.datum == datetime.date(2026, 3, 14)
    assert [(f.rolle, f.dateiname) for f in dateien_of(eintrag)] == [
        (Rolle.MAIL, "Widerspruch.msg"),
        (Rolle.ANHANG, "Bescheid Kopie.pdf"),
    ]


def test_broken_msg_is_refused_in_german(sb_a, vorgang_a):
    kaputt = _outlook_mail()[:1536]  # header and a few sectors: the rest is missing
    response = Client()
    response.force_login(sb_a)
    answer = response.post(
        f"/posteingang/vorgang/{vorgang_a.pk}/mail/",
        {"datei": SimpleUploadedFile("kaputt.msg", kaputt)},
        HTTP_ACCEPT="application/json",
    )
    assert answer.status_code in (415, 422), answer.content
    assert answer.json()["detail"]
    assert not dokumente_in(vorgang_a)


def test_vorgang_page_shows_the_drop_zone_only_to_who_may_file(sb_a, sb_b, vorgang_a):
    from aktenbund.records import services as records

    client = Client()
    client.force_login(sb_a)
    ziel = f'action="/posteingang/vorgang/{vorgang_a.pk}/mail/"'
    assert ziel in client.get(f"/akten/vorgaenge/{vorgang_a.pk}/").content.decode()
    with kommune_scope(sb_a.kommune_id):
        records.close_vorgang_zda(
            sb_a, records.get_vorgang(sb_a, vorgang_a.pk), verfuegung="erledigt"
        )
    assert ziel not in client.get(f"/akten/vorgaenge/{vorgang_a.pk}/").content.decode()
