"""Statistik (counts per Kommune and Verbund, exports) and Gewerberegisterauskünfte."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from aktenbund.errors import NotFound, PermissionDenied, ValidationError
from aktenbund.gewerbe.models import Auskunft
from aktenbund.gewerbe.services import auskunft as auskunft_services
from aktenbund.gewerbe.services import statistik as stat
from aktenbund.records import services as records
from aktenbund.tenancy.scope import kommune_scope
from tests.factories import make_user
from tests.gewerbe.factories import (
    anmelden,
    einzel_daten,
    folgeanzeige,
    gmbh_daten,
    make_gewerbeamt,
)

HEUTE = datetime.date.today()


@pytest.fixture
def bestand(gewerbeamt_a, gewerbeamt_b, kommune_a, kommune_b):
    salon = anmelden(gewerbeamt_a, einzel_daten(kommune_a, nebenerwerb=True))
    anmelden(
        gewerbeamt_a,
        gmbh_daten(kommune_a, grund_anmeldung="07", frueherer_gewerbetreibender="Alt GmbH"),
    )
    anmelden(
        gewerbeamt_a,
        folgeanzeige(
            gewerbeamt_a,
            salon,
            "ab",
            ursache_abmeldung="01",
            grund_abmeldung="02",
            datum=datetime.date(2026, 10, 1),
        ),
    )
    anmelden(gewerbeamt_b, gmbh_daten(kommune_b))
    return salon


def _tabelle(s, schluessel):
    return {
        z.merkmal: (z.an, z.um, z.ab)
        for z in next(t for t in s.tabellen if t.schluessel == schluessel).zeilen
    }


def test_counts_of_one_kommune(bestand, gewerbeamt_a, kommune_a):
    with kommune_scope(kommune_a):
        s = stat.statistik(gewerbeamt_a, jahr=HEUTE.year, monat=HEUTE.month)
    rechtsform = _tabelle(s, "rechtsform")
    assert rechtsform["Einzelunternehmen (nicht im Register eingetragen)"] == (1, 0, 1)
    assert rechtsform["Gesellschaft mit beschränkter Haftung (GmbH)"] == (1, 0, 0)
    assert _tabelle(s, "gruendung") == {
        "Neugründung": (1, 0, 0),
        "Übernahme": (1, 0, 0),
        "(keine Anmeldung)": (0, 0, 1),
    }
    assert _tabelle(s, "erwerb")["Nebenerwerb"] == (1, 0, 1)
    assert _tabelle(s, "wz_abschnitt")["S Sonstige Dienstleistungen"] == (1, 0, 1)
    assert _tabelle(s, "grund")["Abmeldung: Vollständige Aufgabe"] == (0, 0, 1)


def test_verbund_counts_every_kommune_without_personal_data(bestand, gewerbeamt_a, verbund_admin):
    s = stat.statistik(verbund_admin, jahr=HEUTE.year, verbund=True)
    kommunen = _tabelle(s, "kommune")
    assert kommunen["Meinhard"] == (2, 0, 1)
    assert kommunen["Sontra"] == (1, 0, 0)
    assert sum(z.summe for z in next(t for t in s.tabellen if t.schluessel == "monat").zeilen) == 4
    text = stat.als_csv(s).decode("utf-8-sig")
    assert "Becker" not in text and "Salon" not in text
    zeilen = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert zeilen[0] == ["Tabelle", "Merkmal", "Anmeldungen", "Ummeldungen", "Abmeldungen", "Summe"]
    buch = load_workbook(io.BytesIO(stat.als_xlsx(s)))
    assert "nach Kommune" in buch.sheetnames


def test_statistik_rights_and_bad_period(clerk_a, gewerbeamt_a):
    with pytest.raises(NotFound):
        stat.statistik(clerk_a, jahr=2026)
    with pytest.raises(ValidationError):
        stat.statistik(gewerbeamt_a, jahr=2026, monat=13)


def test_statistik_page_and_exports(client, bestand, gewerbeamt_a):
    client.force_login(gewerbeamt_a)
    html = client.get(reverse("gewerbe:statistik"), {"jahr": HEUTE.year}).content.decode()
    assert "<svg" in html and 'role="img"' in html
    assert "nach Wirtschaftsabschnitt" in html
    csv_antwort = client.get(
        reverse("gewerbe:statistik_export"), {"jahr": HEUTE.year, "format": "csv"}
    )
    assert csv_antwort["Content-Type"].startswith("text/csv")
    xlsx = client.get(
        "/api/v1/gewerbe/statistik/export",
        {"jahr": HEUTE.year, "format": "xlsx", "bereich": "verbund"},
    )
    assert xlsx.status_code == 200
    assert load_workbook(io.BytesIO(xlsx.content)).sheetnames[0] == "nach Monat"
    api = client.get("/api/v1/gewerbe/statistik", {"jahr": HEUTE.year}).json()
    assert api["bereich"] == "Meinhard"


def test_einfache_auskunft_is_filed_with_only_public_data(
    bestand, gewerbeamt_a, kommune_a, monkeypatch
):
    kontext = {}

    def merke(template, context=None):
        kontext.update(context)
        return __import__("tests.gewerbe.conftest", fromlist=["x"])._kleines_pdf()

    monkeypatch.setattr("aktenbund.gewerbe.services.ablage.render_pdf", merke)
    with kommune_scope(kommune_a):
        a = auskunft_services.beantrage_auskunft(
            gewerbeamt_a,
            bestand.gewerbebetrieb,
            art="einfach",
            antragsteller="Inkasso Nord GmbH",
            antragsteller_anschrift="Postfach 1\n34117 Kassel",
        )
        vorgang = records.get_vorgang(gewerbeamt_a, a.vorgang_id)
        assert [d.titel for d in records.dokumente_of(vorgang)] == ["Gewerberegisterauskunft"]
    assert a.status == "erteilt"
    assert kontext["abschnitte"] == []  # no person data in the letter
    assert vorgang.akte.betreff == f"Gewerberegisterauskünfte {HEUTE.year}"


def test_erweiterte_auskunft_needs_interest_and_a_second_person(bestand, gewerbeamt_a, kommune_a):
    leitung = make_gewerbeamt(kommune_a, "meinhard.gewerbeamt2")
    fremd = make_user(kommune_a, "meinhard.amtsleitung", ["amtsleitung"])
    with kommune_scope(kommune_a):
        with pytest.raises(ValidationError) as exc:
            auskunft_services.beantrage_auskunft(
                gewerbeamt_a,
                bestand.gewerbebetrieb,
                art="erweitert",
                antragsteller="X",
                antragsteller_anschrift="Y",
                berechtigtes_interesse="",
            )
        assert "berechtigtes_interesse" in exc.value.errors
        a = auskunft_services.beantrage_auskunft(
            gewerbeamt_a,
            bestand.gewerbebetrieb,
            art="erweitert",
            antragsteller="Rechtsanwältin Wolf",
            antragsteller_anschrift="Markt 1, 37269 Eschwege",
            berechtigtes_interesse="Zustellung einer Klage gegen die Inhaberin "
            "wegen offener Mietforderungen.",
        )
        assert a.status == "beantragt"
        assert records.dokumente_of(records.get_vorgang(gewerbeamt_a, a.vorgang_id)) == []
        with pytest.raises(PermissionDenied):
            auskunft_services.entscheide_auskunft(gewerbeamt_a, a, genehmigt=True)
        with pytest.raises(PermissionDenied) as exc:
            auskunft_services.entscheide_auskunft(fremd, a, genehmigt=True)
        assert "bearbeiten" in exc.value.message
        a = auskunft_services.entscheide_auskunft(leitung, a, genehmigt=True)
        assert a.status == "erteilt"
        titel = [d.titel for d in records.dokumente_of(records.get_vorgang(leitung, a.vorgang_id))]
        assert titel == ["Gewerberegisterauskunft (erweitert)"]
        assert Auskunft.objects.get(pk=a.pk).entschieden_von == leitung


def test_auskunft_api_and_pages(client, bestand, gewerbeamt_a, kommune_a):
    client.force_login(gewerbeamt_a)
    response = client.post(
        f"/api/v1/gewerbe/betriebe/{bestand.gewerbebetrieb_id}/auskuenfte",
        {"art": "einfach", "antragsteller": "Bürger", "antragsteller_anschrift": "Weg 1, Meinhard"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert client.get("/api/v1/gewerbe/auskuenfte").json()["count"] == 1
    html = client.get(reverse("gewerbe:auskunft", args=[response.json()["id"]])).content.decode()
    assert "Gewerberegisterauskunft" in html
    form = client.get(reverse("gewerbe:auskunft_neu", args=[bestand.gewerbebetrieb_id]))
    assert "Berechtigtes Interesse" in form.content.decode()
