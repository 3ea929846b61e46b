"""The Gewerbe pages: a clerk records a GewA 1 in the numbered form, finds it in the register."""

from __future__ import annotations

from django.urls import reverse

from aktenbund.gewerbe.models import Gewerbebetrieb
from aktenbund.tenancy.scope import kommune_scope
from tests.gewerbe.factories import anmelden, einzel_daten, gmbh_daten


def _post_daten(kommune, **overrides) -> dict:
    """The form post of a GmbH Anmeldung with two Geschäftsführer."""
    data = {
        "personen-TOTAL_FORMS": "2",
        "personen-INITIAL_FORMS": "0",
        "taetigkeiten-TOTAL_FORMS": "1",
        "taetigkeiten-INITIAL_FORMS": "0",
        "eingetragener_name": "Sontraer Metallbau GmbH",
        "rechtsform": "350",
        "register_art": "HRB",
        "register_nummer": "4711",
        "registergericht": "Kassel",
        "zahl_vertreter": "2",
        "betrieb_strasse": "Am Berg",
        "betrieb_hausnummer": "5",
        "betrieb_plz": "36205",
        "betrieb_ort": "Sontra",
        "datum": "2026-10-01",
        "art_handwerk": "on",
        "niederlassungsart": "1",
        "grund_anmeldung": "01",
        "taetigkeiten-0-schwerpunkt": "on",
        "taetigkeiten-0-beschreibung": "Metallbau",
        "taetigkeiten-0-wz_code": "25110",
    }
    for i, (name, vorname, geschlecht) in enumerate(
        [("König", "Sabine", "2"), ("Lange", "Frank", "1")]
    ):
        data.update(
            {
                f"personen-{i}-funktion": "3",
                f"personen-{i}-familienname": name,
                f"personen-{i}-vornamen": vorname,
                f"personen-{i}-geschlecht": geschlecht,
                f"personen-{i}-geburtsdatum": "1980-01-15",
                f"personen-{i}-geburtsort": "Eschwege",
                f"personen-{i}-staatsangehoerigkeit": "000",
                f"personen-{i}-wohn_strasse": "Bergstraße",
                f"personen-{i}-wohn_hausnummer": "1",
                f"personen-{i}-wohn_plz": "36205",
                f"personen-{i}-wohn_ort": "Sontra",
            }
        )
    data.update(overrides)
    return data


def test_register_and_form_need_the_gewerbeamt(client, clerk_b):
    client.force_login(clerk_b)
    assert client.get(reverse("gewerbe:register")).status_code == 404
    assert client.get(reverse("gewerbe:anmeldung")).status_code == 404


def test_form_follows_the_official_numbering(client, gewerbeamt_b):
    client.force_login(gewerbeamt_b)
    html = client.get(reverse("gewerbe:anmeldung")).content.decode()
    positions = [
        html.index(f'<span class="kennzeichen">{nr}</span>')
        for nr in (1, 2, 3, 12, 13, 15, 18, 20, 24, 28, 33)
    ]
    assert positions == sorted(positions)
    assert "Weitere Person hinzufügen" in html
    assert 'hx-get="/gewerbe/wz-suche/?ziel=taetigkeiten-0"' in html


def test_clerk_records_gmbh_with_two_geschaeftsfuehrer(client, gewerbeamt_b, kommune_b):
    client.force_login(gewerbeamt_b)
    response = client.post(reverse("gewerbe:anmeldung"), _post_daten(kommune_b))
    assert response.status_code == 302, response.content.decode()[:3000]
    with kommune_scope(kommune_b):
        betrieb = Gewerbebetrieb.objects.get()
        personen = [p.familienname for p in betrieb.aktuelle_anzeige.personen.all()]
    assert personen == ["König", "Lange"]
    page = client.get(response["Location"]).content.decode()
    assert "Empfangsbescheinigung" in page
    assert "Handwerkskammer Kassel" in page
    assert "IHK Kassel-Marburg" not in page  # a pure Handwerk belongs to the HWK
    register = client.get(reverse("gewerbe:register") + "?q=Metallbau").content.decode()
    assert "Sontraer Metallbau GmbH" in register


def test_errors_are_shown_at_the_numbered_field(client, gewerbeamt_b, kommune_b):
    client.force_login(gewerbeamt_b)
    data = _post_daten(kommune_b, register_nummer="", **{"personen-1-geburtsdatum": ""})
    html = client.post(reverse("gewerbe:anmeldung"), data).content.decode()
    assert "Feld 2 (Ort und Nummer des Registereintrags)" in html
    assert 'id="id_register_nummer_error"' in html
    assert "Feld 8 (Geburtsdatum): Person 2" in html
    assert 'id="id_personen-1-geburtsdatum_error"' in html
    with kommune_scope(kommune_b):
        assert not Gewerbebetrieb.objects.exists()


def test_add_person_block_keeps_the_input(client, gewerbeamt_b, kommune_b):
    client.force_login(gewerbeamt_b)
    data = _post_daten(kommune_b, weitere_person="1")
    html = client.post(reverse("gewerbe:anmeldung"), data).content.decode()
    assert 'name="personen-2-familienname"' in html
    assert 'value="Sontraer Metallbau GmbH"' in html
    with kommune_scope(kommune_b):
        assert not Gewerbebetrieb.objects.exists()


def test_duplicate_needs_confirmation_in_the_form(client, gewerbeamt_b, kommune_b):
    client.force_login(gewerbeamt_b)
    client.post(reverse("gewerbe:anmeldung"), _post_daten(kommune_b))
    html = client.post(reverse("gewerbe:anmeldung"), _post_daten(kommune_b)).content.decode()
    assert "Möglicherweise schon im Gewerberegister" in html
    response = client.post(
        reverse("gewerbe:anmeldung"), _post_daten(kommune_b, duplikat_bestaetigt="on")
    )
    assert response.status_code == 302


def test_ummeldung_form_is_prefilled(client, gewerbeamt_a, kommune_a):
    anzeige = anmelden(gewerbeamt_a, gmbh_daten(kommune_a))
    client.force_login(gewerbeamt_a)
    html = client.get(
        reverse("gewerbe:ummeldung", args=[anzeige.gewerbebetrieb_id])
    ).content.decode()
    assert "Gewerbe-Ummeldung" in html
    assert 'value="Werratal Holzbau GmbH"' in html
    assert "Bisher ausgeübte Tätigkeit" in html


def test_wz_search_and_choice(client, gewerbeamt_a):
    client.force_login(gewerbeamt_a)
    html = client.get(
        reverse("gewerbe:wz_suche"), {"ziel": "taetigkeiten-0", "wz_suche": "Frisör"}
    ).content.decode()
    assert "96.02.1 Frisörsalons" in html
    assert "code=96021" in html
    feld = client.get(reverse("gewerbe:wz_auswahl"), {"ziel": "taetigkeiten-0", "code": "96021"})
    assert 'value="96021"' in feld.content.decode()
    assert (
        client.get(reverse("gewerbe:wz_auswahl"), {"ziel": "x", "code": "96021"}).status_code == 404
    )


def test_detail_pages_and_outbox(client, gewerbeamt_a, kommune_a):
    anzeige = anmelden(gewerbeamt_a, einzel_daten(kommune_a))
    client.force_login(gewerbeamt_a)
    betrieb = client.get(reverse("gewerbe:gewerbebetrieb", args=[anzeige.gewerbebetrieb_id]))
    assert "Salon Anna" in betrieb.content.decode()
    detail = client.get(reverse("gewerbe:gewerbeanzeige", args=[anzeige.pk])).content.decode()
    assert "Feld" not in detail or "18 Angemeldete Tätigkeit" in detail
    ausgang = client.get(reverse("gewerbe:ausgang")).content.decode()
    assert "Handwerkskammer Kassel" in ausgang
    assert "Hessisches Statistisches Landesamt" in ausgang
