"""Filing from the Posteingang: into a Vorgang, into a new Vorgang, forwarding to an OE."""

from __future__ import annotations

import datetime

import pytest

from aktenbund.audit.models import AuditEvent
from aktenbund.audit.services import verify_chain
from aktenbund.capture import services
from aktenbund.capture.models import Posteingangseintrag, Rendition, Status
from aktenbund.errors import Conflict, NotFound, ValidationError
from aktenbund.records import services as records
from aktenbund.records.models import Dokumenttyp, Richtung, Version
from aktenbund.tenancy.scope import kommune_scope
from tests.capture import dateien as d
from tests.capture.helpers import dateien_of, dokumente_in, frisch, hochladen
from tests.records.factories import make_akte, make_vorgang
from tests.search.conftest import treffer

pytestmark = pytest.mark.django_db


def test_assign_makes_a_dokument_with_original_and_rendition(sb_a, vorgang_a):
    (eintrag,) = hochladen(sb_a, ("scan.pdf", d.scan_pdf("Antrag auf Baugenehmigung")))
    with kommune_scope(sb_a.kommune_id):
        services.assign_to_vorgang(sb_a, eintrag, vorgang_a)
    eintrag = frisch(eintrag)
    assert eintrag.status == Status.ZUGEORDNET
    assert eintrag.ziel_vorgang_id == vorgang_a.pk
    (dokument,) = dokumente_in(vorgang_a)
    assert dokument.richtung == Richtung.EINGANG
    with kommune_scope(sb_a.kommune_id):
        version = Version.objects.get(dokument=dokument)
        rendition = Rendition.objects.get(version=version)
    (datei,) = dateien_of(eintrag)
    assert version.nummer == 1
    assert version.blob_id == datei.original_id  # the original is Version 1
    assert rendition.pdf_id == datei.pdf_id and rendition.ocr
    with kommune_scope(sb_a.kommune_id):
        assert "Baugenehmigung" in services.text_of_version(version)
    assert datei.dokument_id == dokument.pk


def test_assigning_twice_is_a_conflict_and_makes_nothing_twice(sb_a, vorgang_a):
    (eintrag,) = hochladen(sb_a, ("a.pdf", d.text_pdf("Antrag")))
    with kommune_scope(sb_a.kommune_id):
        services.assign_to_vorgang(sb_a, eintrag, vorgang_a)
        with pytest.raises(Conflict):
            services.assign_to_vorgang(sb_a, eintrag, vorgang_a)
    assert len(dokumente_in(vorgang_a)) == 1


def test_vorgang_chosen_while_waiting_is_filed_after_processing(sb_a, vorgang_a, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    (eintrag,) = hochladen(sb_a, ("a.pdf", d.text_pdf("Widerspruch")))
    assert eintrag.status == Status.WARTET
    with kommune_scope(sb_a.kommune_id):
        services.assign_to_vorgang(sb_a, eintrag, vorgang_a)
    assert dokumente_in(vorgang_a) == []
    assert services.verarbeite(eintrag.kommune_id, eintrag.pk) == Status.ZUGEORDNET
    assert [dok.titel for dok in dokumente_in(vorgang_a)] == ["a.pdf"]
    # A second run (a duplicate task) changes nothing.
    assert services.verarbeite(eintrag.kommune_id, eintrag.pk) == "uebersprungen"
    assert len(dokumente_in(vorgang_a)) == 1


def test_open_new_vorgang_from_eintrag(sb_a, akte_a):
    (eintrag,) = hochladen(sb_a, ("a.pdf", d.text_pdf("Anzeige")), betreff="Anzeige Lärm")
    with kommune_scope(sb_a.kommune_id):
        vorgang = services.open_vorgang(sb_a, eintrag, akte=akte_a)
    assert vorgang.betreff == "Anzeige Lärm"
    assert [dok.titel for dok in dokumente_in(vorgang)] == ["Anzeige Lärm"]


def test_forward_moves_eintrag_to_other_oe_and_out_of_sight(sb_a, sb_a_bau, oe_a, oe_a_bau):
    (eintrag,) = hochladen(sb_a, ("a.pdf", d.text_pdf("Bauvoranfrage")))
    assert eintrag.oe_id == oe_a.pk
    with kommune_scope(sb_a.kommune_id):
        assert not services.sichtbare_eintraege(sb_a_bau).filter(pk=eintrag.pk).exists()
        services.forward_to_oe(sb_a, eintrag, oe_a_bau)
        assert services.sichtbare_eintraege(sb_a_bau).filter(pk=eintrag.pk).exists()
        with pytest.raises(ValidationError):
            services.forward_to_oe(sb_a_bau, eintrag, oe_a_bau)
    assert frisch(eintrag).oe_id == oe_a_bau.pk
    with kommune_scope(sb_a.kommune_id):
        assert AuditEvent.objects.filter(action="posteingang.weitergeleitet").count() == 1


def test_fehler_eintrag_cannot_be_filed(sb_a, vorgang_a):
    (eintrag,) = hochladen(sb_a, ("x.pdf", b"%PDF-1.4 kaputt"))
    assert eintrag.status == Status.FEHLER
    with kommune_scope(sb_a.kommune_id), pytest.raises(Conflict):
        services.assign_to_vorgang(sb_a, eintrag, vorgang_a)


def test_other_kommune_sees_nothing(sb_a, sb_b, vorgang_a):
    (eintrag,) = hochladen(sb_a, ("a.pdf", d.text_pdf("Antrag")))
    with kommune_scope(sb_b.kommune_id):
        with pytest.raises(NotFound):
            services.get_eintrag(sb_b, eintrag.pk)
        assert not services.sichtbare_eintraege(sb_b).exists()


def test_mail_dropped_on_vorgang_files_mail_and_attachments(sb_a, vorgang_a):
    mail = d.eml(
        anhaenge=[
            ("Lageplan.pdf", d.text_pdf("Lageplan Flur 3"), "application/pdf"),
            ("Foto.png", d.bild_bytes("Ansicht Nord"), "image/png"),
        ]
    )
    with kommune_scope(sb_a.kommune_id):
        eintrag = services.file_mail_into_vorgang(
            sb_a, vorgang_a, dateiname="Bauantrag.eml", inhalt=mail
        )
    eintrag = frisch(eintrag)
    assert eintrag.status == Status.ZUGEORDNET, eintrag.fehlergrund
    assert eintrag.betreff == "Bauantrag Müller"
    assert "erika@example.org" in eintrag.absender
    assert str(eintrag.datum) == "2026-11-24"
    dokumente = dokumente_in(vorgang_a)
    assert [dok.titel for dok in dokumente] == [
        "Bauantrag Müller",
        "Anhang: Lageplan.pdf",
        "Anhang: Foto.png",
    ]
    assert dokumente[0].typ == Dokumenttyp.EMAIL
    assert all("erika@example.org" in dok.absender for dok in dokumente)
    with kommune_scope(sb_a.kommune_id):
        mail_version = Version.objects.get(dokument=dokumente[0])
    with kommune_scope(sb_a.kommune_id):
        assert "anbei der Bauantrag" in services.text_of_version(mail_version)


def test_drop_refuses_what_is_not_a_mail(sb_a, vorgang_a):
    with kommune_scope(sb_a.kommune_id), pytest.raises(ValidationError) as exc:
        services.file_mail_into_vorgang(
            sb_a, vorgang_a, dateiname="x.pdf", inhalt=d.text_pdf("kein Mail")
        )
    assert ".eml" in exc.value.message
    with kommune_scope(sb_a.kommune_id):
        assert not Posteingangseintrag.objects.exists()


def test_closed_vorgang_leaves_eintrag_bereit_with_hint(sb_a, akte_a, settings):
    from aktenbund.records import services as records

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    vorgang = make_vorgang(sb_a, akte_a, "Kurz offen")
    (eintrag,) = hochladen(sb_a, ("a.pdf", d.text_pdf("Nachzügler")))
    with kommune_scope(sb_a.kommune_id):
        services.assign_to_vorgang(sb_a, eintrag, vorgang)
        records.close_vorgang_zda(sb_a, vorgang, verfuegung="erledigt")
    assert services.verarbeite(eintrag.kommune_id, eintrag.pk) == Status.BEREIT
    eintrag = frisch(eintrag)
    assert "nicht möglich" in eintrag.fehlergrund
    assert eintrag.ziel_vorgang_id is None
    assert dokumente_in(vorgang) == []


def test_foreign_akte_cannot_receive(sb_a, sb_b, plan):
    akte_b = make_akte(sb_b, plan["121"], "Fremd")
    (eintrag,) = hochladen(sb_a, ("a.pdf", d.text_pdf("Antrag")))
    with kommune_scope(sb_a.kommune_id), pytest.raises(NotFound):
        services.open_vorgang(sb_a, eintrag, akte=akte_b)


def test_recognised_text_of_a_filed_scan_is_searchable(sb_a, vorgang_a):
    from aktenbund.search.services import Suchanfrage, suche

    (eintrag,) = hochladen(sb_a, ("scan.pdf", d.scan_pdf("Antrag auf Baugenehmigung")))
    with kommune_scope(sb_a.kommune_id):
        assert suche(sb_a, Suchanfrage(q="Baugenehmigung")).gesamt == 0
        services.assign_to_vorgang(sb_a, eintrag, vorgang_a)
        ergebnis = suche(sb_a, Suchanfrage(q="Baugenehmigung"))
    (dokument,) = dokumente_in(vorgang_a)
    assert [t.dokument_id for t in ergebnis.treffer] == [dokument.pk]


def test_upload_into_a_vorgang_files_every_file_together(sb_a, vorgang_a):
    eintraege = hochladen(
        sb_a,
        ("antrag.pdf", d.text_pdf("Antrag auf Sondernutzung")),
        ("anlage.png", d.bild_bytes("Lageplan Sondernutzung")),
        ("hinweis.pdf", d.text_pdf("Hinweis zur Sondernutzung")),
        vorgang_id=vorgang_a.pk,
    )
    assert [e.status for e in eintraege] == [Status.ZUGEORDNET] * 3
    dokumente = dokumente_in(vorgang_a)
    assert [dok.titel for dok in dokumente] == ["antrag.pdf", "anlage.png", "hinweis.pdf"]
    for eintrag, dokument in zip(eintraege, dokumente, strict=True):
        (datei,) = dateien_of(eintrag)
        assert datei.dokument_id == dokument.pk
        with kommune_scope(sb_a.kommune_id):
            version = Version.objects.get(dokument=dokument)
            assert version.blob_id == datei.original_id
            assert Rendition.objects.filter(version=version, vorschau_id=datei.vorschau_id).exists()
    with kommune_scope(sb_a.kommune_id):
        zugeordnet = AuditEvent.objects.filter(action="posteingang.zugeordnet").order_by("seq")
        assert [e.details["dokumente"] for e in zugeordnet] == [[dok.pk] for dok in dokumente]
        assert AuditEvent.objects.filter(action="dokument.hinzugefuegt").count() == 3
        assert verify_chain(sb_a.kommune_id) is None
    assert treffer(sb_a, "Hinweis") == {"hinweis.pdf"}


def test_a_refused_file_of_an_upload_into_a_vorgang_leaves_the_others_filed(sb_a, vorgang_a):
    eintraege = hochladen(
        sb_a,
        ("gut.pdf", d.text_pdf("Antrag")),
        ("kaputt.pdf", b"%PDF-1.7\nkein echtes PDF"),
        vorgang_id=vorgang_a.pk,
    )
    assert [e.status for e in eintraege] == [Status.ZUGEORDNET, Status.FEHLER]
    assert [dok.titel for dok in dokumente_in(vorgang_a)] == ["gut.pdf"]


@pytest.mark.parametrize("fall", ["fremd", "zda", "fehlt"])
def test_upload_into_a_vorgang_one_may_not_file_into_is_refused_with_nothing_kept(
    sb_a, sb_b, plan, vorgang_a, fall
):
    if fall == "fremd":  # another Kommune's Vorgang
        vorgang_id = make_vorgang(sb_b, make_akte(sb_b, plan["121"], "Fremd"), "Fremd").pk
    elif fall == "zda":
        with kommune_scope(sb_a.kommune_id):
            records.close_vorgang_zda(sb_a, vorgang_a, verfuegung="Erledigt.")
        vorgang_id = vorgang_a.pk
    else:
        vorgang_id = 999_999
    with pytest.raises(ValidationError) as fehler:
        hochladen(sb_a, ("a.pdf", d.text_pdf("Antrag")), vorgang_id=vorgang_id)
    assert "vorgang_id" in fehler.value.errors
    with kommune_scope(sb_a.kommune_id):
        assert not Posteingangseintrag.objects.exists()


def test_a_vorgang_closed_before_processing_leaves_the_upload_ready_with_the_reason(
    sb_a, vorgang_a, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    eintraege = hochladen(
        sb_a, ("a.pdf", d.text_pdf("A")), ("b.pdf", d.text_pdf("B")), vorgang_id=vorgang_a.pk
    )
    with kommune_scope(sb_a.kommune_id):
        records.close_vorgang_zda(sb_a, vorgang_a, verfuegung="Erledigt.")
    ids = [e.pk for e in eintraege]
    zustand = services.verarbeite_stapel(sb_a.kommune_id, ids)
    assert zustand == dict.fromkeys(ids, Status.BEREIT)
    for eintrag in map(frisch, eintraege):
        assert eintrag.ziel_vorgang_id is None
        assert "nicht möglich" in eintrag.fehlergrund
    assert dokumente_in(vorgang_a) == []


def test_an_eintrag_the_vorgang_refuses_stays_ready_the_rest_of_its_upload_is_filed(
    sb_a, vorgang_a, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    gut, alt = hochladen(
        sb_a, ("gut.pdf", d.text_pdf("A")), ("alt.pdf", d.text_pdf("B")), vorgang_id=vorgang_a.pk
    )
    with kommune_scope(sb_a.kommune_id):  # e.g. a mail dated in 1850: no plausible Datum
        Posteingangseintrag.objects.filter(pk=alt.pk).update(datum=datetime.date(1850, 1, 1))
    zustand = services.verarbeite_stapel(sb_a.kommune_id, [gut.pk, alt.pk])
    assert zustand == {gut.pk: Status.ZUGEORDNET, alt.pk: Status.BEREIT}
    assert [dok.titel for dok in dokumente_in(vorgang_a)] == ["gut.pdf"]
    alt = frisch(alt)
    assert alt.ziel_vorgang_id is None and "Datum" in alt.fehlergrund
