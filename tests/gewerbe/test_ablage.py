"""Every Anzeige is a Vorgang in the E-Akte with its PDF/A and the Empfangsbescheinigung."""

from __future__ import annotations

import datetime
import io
import subprocess

import pikepdf
import pytest

from aktenbund.errors import Conflict
from aktenbund.gewerbe import services
from aktenbund.gewerbe.models import Gewerbeanzeige, Uebermittlung
from aktenbund.records import services as records
from aktenbund.tenancy.scope import kommune_scope
from tests.gewerbe.factories import anmelden, folgeanzeige, gmbh_daten

ECHTE_PDFS = True


def _inhalt(actor, dokument) -> bytes:
    version = dokument.versionen.all()[0]
    _, stream = records.open_version(actor, version)
    with stream:
        return stream.read()


def _text(pdf: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return result.stdout.decode()


def _pdfa(pdf: bytes) -> tuple[str, str]:
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        meta = doc.open_metadata()
        return meta.get("pdfaid:part"), meta.get("pdfaid:conformance")


def test_anmeldung_is_filed_as_vorgang_with_form_and_receipt(gewerbeamt_a, kommune_a):
    anzeige = anmelden(gewerbeamt_a, gmbh_daten(kommune_a))
    with kommune_scope(kommune_a):
        anzeige = Gewerbeanzeige.objects.get(pk=anzeige.pk)
        akte = records.get_akte(gewerbeamt_a, anzeige.gewerbebetrieb.akte_id)
        vorgang = records.get_vorgang(gewerbeamt_a, anzeige.vorgang_id)
        dokumente = {d.titel: d for d in records.dokumente_of(vorgang)}
        assert akte.aktenplaneinheit.kennzeichen == "121"
        assert "Werratal Holzbau GmbH" in akte.betreff
        assert vorgang.akte_id == akte.pk
        assert vorgang.betreff.startswith("Gewerbe-Anmeldung (GewA 1) Nr. ")
        form = dokumente[f"Gewerbe-Anmeldung (GewA 1) {anzeige.meldungsnummer}"]
        quittung = dokumente[f"Empfangsbescheinigung {anzeige.meldungsnummer}"]
        assert (form.richtung, quittung.richtung) == ("eingang", "ausgang")
        form_pdf, quittung_pdf = _inhalt(gewerbeamt_a, form), _inhalt(gewerbeamt_a, quittung)
    assert _pdfa(form_pdf) == ("2", "B")
    assert _pdfa(quittung_pdf) == ("2", "B")
    text = " ".join(_text(form_pdf).split())
    assert "Gewerbe-Anmeldung" in text
    assert "Werratal Holzbau GmbH" in text
    assert "Jonas" in text and "Elif" in text
    assert "Betrieb und Betriebsstätte" in text
    quittung_text = " ".join(_text(quittung_pdf).split())
    assert "Empfangsbescheinigung nach § 15 Abs. 1 GewO" in quittung_text
    assert vorgang.aktenzeichen in quittung_text
    assert "berechtigt nicht zum Beginn" in quittung_text


def test_ummeldung_is_a_second_vorgang_in_the_same_akte(gewerbeamt_a, kommune_a):
    an = anmelden(gewerbeamt_a, gmbh_daten(kommune_a))
    um = anmelden(
        gewerbeamt_a,
        folgeanzeige(
            gewerbeamt_a,
            an,
            "um",
            grund_ummeldung="03",
            datum=datetime.date(2026, 7, 1),
        ),
    )
    with kommune_scope(kommune_a):
        v1 = records.get_vorgang(gewerbeamt_a, an.vorgang_id)
        v2 = records.get_vorgang(gewerbeamt_a, um.vorgang_id)
    assert v1.akte_id == v2.akte_id
    assert v2.aktenzeichen.endswith("/2")


def test_no_anzeige_without_its_vorgang(gewerbeamt_a, kommune_a, monkeypatch):
    def kaputt(*args, **kwargs):
        raise RuntimeError("PDF-Erzeugung fehlgeschlagen")

    monkeypatch.setattr("aktenbund.gewerbe.services.ablage.render_pdf", kaputt)
    with pytest.raises(RuntimeError), kommune_scope(kommune_a):
        services.submit_gewerbeanzeige(gewerbeamt_a, gmbh_daten(kommune_a))
    with kommune_scope(kommune_a):
        assert not Gewerbeanzeige.objects.exists()
        assert not Uebermittlung.objects.exists()


def test_missing_aktenplan_node_refuses_the_anzeige(gewerbeamt_a, kommune_a, monkeypatch):
    monkeypatch.setattr(
        "aktenbund.gewerbe.services.ablage.AKTENPLAN_GEWERBEBETRIEB", ("121.9", "129")
    )
    with pytest.raises(Conflict) as exc, kommune_scope(kommune_a):
        services.submit_gewerbeanzeige(gewerbeamt_a, gmbh_daten(kommune_a))
    assert "121.9 oder 129" in exc.value.message
    with kommune_scope(kommune_a):
        assert not Gewerbeanzeige.objects.exists()
