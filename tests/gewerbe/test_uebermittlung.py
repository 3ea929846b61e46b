"""Routing per Kommune and condition, the outbox, Statistik collected to the first working day."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest
from lxml import etree

from aktenbund.errors import Conflict
from aktenbund.gewerbe import services
from aktenbund.gewerbe.models import Uebermittlung
from aktenbund.gewerbe.services import uebermittlung as ub
from aktenbund.gewerbe.services import xgewerbeanzeige as xga
from aktenbund.tenancy.scope import kommune_scope
from tests.gewerbe.factories import anmelden, einzel_daten, folgeanzeige, gmbh_daten


@pytest.mark.parametrize(
    ("tag", "faellig"),
    [
        (datetime.date(2026, 3, 15), datetime.date(2026, 4, 1)),  # Wednesday
        (datetime.date(2026, 2, 10), datetime.date(2026, 3, 2)),  # 1 March is a Sunday
        (datetime.date(2025, 12, 31), datetime.date(2026, 1, 2)),  # Neujahr
        (datetime.date(2026, 4, 30), datetime.date(2026, 5, 4)),  # 1 May (Friday) + weekend
        (datetime.date(2027, 3, 20), datetime.date(2027, 4, 1)),
    ],
)
def test_first_working_day_of_the_following_month_in_hessen(tag, faellig):
    assert ub.erster_werktag_des_folgemonats(tag) == faellig


def _empfaenger(kommune, anzeige) -> dict[str, Uebermittlung]:
    with kommune_scope(kommune):
        return {u.empfaenger: u for u in Uebermittlung.objects.filter(anzeige=anzeige)}


def test_routing_follows_the_conditions(gewerbeamt_a, kommune_a):
    salon = anmelden(gewerbeamt_a, einzel_daten(kommune_a))  # Handwerk only
    empfaenger = _empfaenger(kommune_a, salon)
    assert "hwk-kassel" in empfaenger
    assert "ihk-kassel-marburg" not in empfaenger
    assert "hza-giessen" not in empfaenger  # Zoll only with an indication
    assert "ag-kassel-registergericht" not in empfaenger
    assert "wmk-auslaenderbehoerde" not in empfaenger
    assert empfaenger["hsl"].faellig_am == ub.erster_werktag_des_folgemonats(datetime.date.today())
    assert empfaenger["ba-kassel"].faellig_am == datetime.date.today()

    gmbh = anmelden(gewerbeamt_a, gmbh_daten(kommune_a, art_handel=True, zoll_hinweis=True))
    empfaenger = _empfaenger(kommune_a, gmbh)
    assert {"ihk-kassel-marburg", "hwk-kassel", "hza-giessen", "wmk-auslaenderbehoerde"} <= set(
        empfaenger
    )
    ab = anmelden(
        gewerbeamt_a,
        folgeanzeige(
            gewerbeamt_a,
            gmbh,
            "ab",
            ursache_abmeldung="01",
            grund_abmeldung="02",
            datum=datetime.date(2026, 9, 1),
        ),
    )
    empfaenger = _empfaenger(kommune_a, ab)
    assert "ag-kassel-registergericht" in empfaenger
    assert "hza-giessen" not in empfaenger  # § 3 gives the Zoll Anmeldungen only
    root = etree.fromstring(empfaenger["ag-kassel-registergericht"].xml.encode())
    assert etree.QName(root).localname == "alg.gewerbemeldung.0300"
    assert root.find(f"{{{xga.NS}}}satz/{{{xga.NS}}}abmeldung") is not None


def test_switched_off_body_gets_nothing(gewerbeamt_a, kommune_a):
    with kommune_scope(kommune_a):
        services.set_empfaengereinstellung(gewerbeamt_a, "dguv", aktiv=False, verzicht=False)
    anzeige = anmelden(gewerbeamt_a, einzel_daten(kommune_a))
    assert "dguv" not in _empfaenger(kommune_a, anzeige)


def test_statistik_is_collected_and_exported_once_due(gewerbeamt_a, kommune_a):
    eins = anmelden(gewerbeamt_a, einzel_daten(kommune_a))
    zwei = anmelden(gewerbeamt_a, gmbh_daten(kommune_a))
    with kommune_scope(kommune_a):
        assert services.statistik_sammeln(gewerbeamt_a) == []  # not due yet
        stichtag = ub.erster_werktag_des_folgemonats(datetime.date.today())
        [sammel] = services.statistik_sammeln(gewerbeamt_a, stichtag)
        assert sammel.ist_sammelnachricht
        assert {u.anzeige_id for u in sammel.bestandteile.all()} == {eins.pk, zwei.pk}
        root = etree.fromstring(sammel.xml.encode())
        assert etree.QName(root).localname == "sta.gewerbemeldung.0100"
        assert len(root.findall(f"{{{xga.NS}}}satz")) == 2
        assert services.statistik_sammeln(gewerbeamt_a, stichtag) == []
        services.markiere_uebermittelt(gewerbeamt_a, sammel)
        assert set(sammel.bestandteile.values_list("status", flat=True)) == {"uebermittelt"}


def test_export_zip_of_due_messages(gewerbeamt_a, kommune_a):
    anmelden(gewerbeamt_a, einzel_daten(kommune_a))
    with kommune_scope(kommune_a):
        name, inhalt, anzahl = services.export_ausgang(gewerbeamt_a, "hwk-kassel")
        assert anzahl == 1 and name.startswith("ausgang_hwk-kassel_")
        with zipfile.ZipFile(io.BytesIO(inhalt)) as archiv:
            [datei] = archiv.namelist()
            assert datei.endswith("_alg.gewerbemeldung.0300.xml")
            xga.lese_nachricht(archiv.read(datei), streng=False)
        _, _, statistik = services.export_ausgang(gewerbeamt_a, "hsl")
        assert statistik == 0  # collected to the first working day of next month


def test_a_message_failing_the_xsd_is_stored_as_fehler(gewerbeamt_a, kommune_a, monkeypatch):
    monkeypatch.setattr(ub.xga, "validiere_gegen_xsd", lambda xml: ["Zeile 3: kaputt"])
    anzeige = anmelden(gewerbeamt_a, einzel_daten(kommune_a))
    u = _empfaenger(kommune_a, anzeige)["ba-kassel"]
    assert u.status == "fehler" and "Zeile 3: kaputt" in u.fehler
    with kommune_scope(kommune_a):
        erneut = services.erneut_bereitstellen(gewerbeamt_a, u)
        assert erneut.status == "erstellt"
        with pytest.raises(Conflict):
            services.erneut_bereitstellen(gewerbeamt_a, erneut)


def test_outbox_pages(client, gewerbeamt_a, kommune_a):
    anmelden(gewerbeamt_a, einzel_daten(kommune_a))
    client.force_login(gewerbeamt_a)
    antwort = client.post("/gewerbe/ausgang/hwk-kassel/export/")
    assert antwort.status_code == 200 and antwort["X-Anzahl-Nachrichten"] == "1"
    with kommune_scope(kommune_a):
        u = Uebermittlung.objects.get(empfaenger="hwk-kassel")
    client.post(f"/gewerbe/uebermittlungen/{u.pk}/uebermittelt/")
    html = client.get("/gewerbe/ausgang/?status=uebermittelt").content.decode()
    assert "Handwerkskammer Kassel" in html and "übermittelt" in html
    seite = client.post("/gewerbe/empfaenger/", {"dguv-aktiv": "on", "dguv-verzicht": "on"})
    assert seite.status_code == 302
    with kommune_scope(kommune_a):
        routen = {r.empfaenger.schluessel: r for r in services.routen(kommune_a.pk)}
    assert routen["dguv"].verzicht and not routen["hsl"].aktiv
