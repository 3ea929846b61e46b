"""The Gewerbe API: file Anzeigen as JSON, read the register, work the outbox."""

from __future__ import annotations

import json

from aktenbund.gewerbe.models import Uebermittlung
from aktenbund.tenancy.scope import kommune_scope
from tests.gewerbe.factories import einzel_daten, gmbh_daten


def _post(client, path, payload):
    return client.post(path, json.loads(payload.model_dump_json()), content_type="application/json")


def test_create_anzeige_returns_201_with_its_vorgang(client, gewerbeamt_a, kommune_a):
    client.force_login(gewerbeamt_a)
    response = _post(client, "/api/v1/gewerbe/anzeigen", gmbh_daten(kommune_a))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["meldungsnummer"].endswith("0001")
    assert body["vorgang_id"]
    assert body["quelle"] == "api"
    assert [p["familienname"] for p in body["personen"]] == ["Schröder", "Yilmaz", "Krause"]


def test_errors_name_field_numbers(client, gewerbeamt_a, kommune_a):
    client.force_login(gewerbeamt_a)
    daten = gmbh_daten(kommune_a, betrieb_plz="36205", zahl_vertreter=None)
    response = _post(client, "/api/v1/gewerbe/anzeigen", daten)
    assert response.status_code == 422
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert errors["betrieb_plz"].startswith("Feld 15 (Betriebsstätte)")
    assert errors["zahl_vertreter"].startswith("Feld 13 ")


def test_type_errors_are_422(client, gewerbeamt_a):
    client.force_login(gewerbeamt_a)
    response = client.post(
        "/api/v1/gewerbe/anzeigen",
        {"anzeigeart": "xx", "datum": "morgen"},
        content_type="application/json",
    )
    assert response.status_code == 422
    felder = {e["field"] for e in response.json()["errors"]}
    assert {"anzeigeart", "datum"} <= felder


def test_duplicate_is_409_until_confirmed(client, gewerbeamt_a, kommune_a):
    client.force_login(gewerbeamt_a)
    assert _post(client, "/api/v1/gewerbe/anzeigen", einzel_daten(kommune_a)).status_code == 201
    response = _post(client, "/api/v1/gewerbe/anzeigen", einzel_daten(kommune_a))
    assert response.status_code == 409
    assert "Salon Anna" in response.json()["detail"]
    daten = einzel_daten(kommune_a, duplikat_bestaetigt=True)
    assert _post(client, "/api/v1/gewerbe/anzeigen", daten).status_code == 201


def test_register_list_filters_and_paginates(client, gewerbeamt_a, kommune_a):
    client.force_login(gewerbeamt_a)
    _post(client, "/api/v1/gewerbe/anzeigen", einzel_daten(kommune_a))
    _post(client, "/api/v1/gewerbe/anzeigen", gmbh_daten(kommune_a))
    alle = client.get("/api/v1/gewerbe/betriebe?limit=1").json()
    assert alle["count"] == 2 and len(alle["items"]) == 1
    gmbh = client.get("/api/v1/gewerbe/betriebe?rechtsform=350").json()["items"]
    assert [b["name"] for b in gmbh] == ["Werratal Holzbau GmbH"]
    assert gmbh[0]["wz_code"] == "43912"
    betrieb = client.get(f"/api/v1/gewerbe/betriebe/{gmbh[0]['id']}").json()
    assert betrieb["status"] == "aktiv"
    anzeigen = client.get(f"/api/v1/gewerbe/anzeigen?gewerbebetrieb_id={gmbh[0]['id']}").json()
    assert anzeigen["count"] == 1
    assert client.get("/api/v1/gewerbe/betriebe?q=Salon").json()["count"] == 1


def test_field_metadata_and_wz_search(client, gewerbeamt_a):
    client.force_login(gewerbeamt_a)
    felder = client.get("/api/v1/gewerbe/felder?anlage=3").json()
    assert [f["nr"] for f in felder] == list(range(1, 31))
    assert next(f for f in felder if f["nr"] == 16)["schluessel"] == "betriebsstaette"
    wz = client.get("/api/v1/gewerbe/wz?q=96.02").json()
    assert {e["code"] for e in wz} == {"96021", "96022"}


def test_waiver_stops_messages_to_that_body(client, gewerbeamt_a, kommune_a):
    client.force_login(gewerbeamt_a)
    response = client.put(
        "/api/v1/gewerbe/empfaenger/hwk-kassel",
        {"aktiv": True, "verzicht": True, "bemerkung": "Verzicht vom 1.1.2026"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["verzicht_seit"]
    _post(client, "/api/v1/gewerbe/anzeigen", einzel_daten(kommune_a))
    empfaenger = {
        u["empfaenger"] for u in client.get("/api/v1/gewerbe/uebermittlungen").json()["items"]
    }
    assert "hwk-kassel" not in empfaenger
    assert "hsl" in empfaenger
    assert (
        client.put(
            "/api/v1/gewerbe/empfaenger/gibt-es-nicht", {}, content_type="application/json"
        ).status_code
        == 404
    )


def test_outbox_status_changes(client, gewerbeamt_a, kommune_a):
    client.force_login(gewerbeamt_a)
    _post(client, "/api/v1/gewerbe/anzeigen", einzel_daten(kommune_a))
    items = client.get("/api/v1/gewerbe/uebermittlungen?empfaenger=hwk-kassel").json()["items"]
    uid = items[0]["id"]
    assert client.get(f"/api/v1/gewerbe/uebermittlungen/{uid}/xml").content.startswith(b"<?xml")
    fehler = client.post(
        f"/api/v1/gewerbe/uebermittlungen/{uid}/fehler",
        {"fehler": "Postfach nicht erreichbar"},
        content_type="application/json",
    )
    assert fehler.json()["status"] == "fehler"
    assert (
        client.post(f"/api/v1/gewerbe/uebermittlungen/{uid}/erneut").json()["status"] == "erstellt"
    )
    done = client.post(f"/api/v1/gewerbe/uebermittlungen/{uid}/uebermittelt").json()
    assert done["status"] == "uebermittelt" and done["uebermittelt_am"]
    assert client.post(f"/api/v1/gewerbe/uebermittlungen/{uid}/uebermittelt").status_code == 409
    statistik = client.get("/api/v1/gewerbe/uebermittlungen?empfaenger=hsl").json()["items"][0]
    assert (
        client.post(f"/api/v1/gewerbe/uebermittlungen/{statistik['id']}/uebermittelt").status_code
        == 409
    )


def test_clerk_without_gewerbe_role_sees_nothing(client, clerk_a):
    client.force_login(clerk_a)
    assert client.get("/api/v1/gewerbe/betriebe").status_code == 404
    with kommune_scope(clerk_a.kommune):
        assert not Uebermittlung.objects.exists()
