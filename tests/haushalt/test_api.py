"""The Haushalt API: filtered, paged lists; Ansätze; statements equal to the services; locks."""

from __future__ import annotations

import pytest

from aktenbund.haushalt import services
from tests.haushalt.factories import make_ansatz, make_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(frames, kaemmerei_a):
    plan = make_plan(kaemmerei_a, 2026)
    make_ansatz(kaemmerei_a, plan, "5552", "16.01.01", 1, 2, "1000.10", 4, 5, 6)
    make_ansatz(kaemmerei_a, plan, "6021", "01.02.01", 1, 2, 400, 4, 5, 6)
    return plan


@pytest.fixture
def api(client, kaemmerei_a):
    client.force_login(kaemmerei_a)
    return client


def test_konten_filter_and_pagination(api, frames):
    body = api.get("/api/v1/haushalt/konten?ergebnis_zeile=05&limit=3").json()
    assert body["count"] == 7 and len(body["items"]) == 3
    assert all(k["ergebnis_zeile"] == "05" for k in body["items"])
    body = api.get("/api/v1/haushalt/produktbereiche?limit=100").json()
    assert body["count"] == 17


def test_create_and_change_ansatz(api, plan):
    response = api.post(
        f"/api/v1/haushalt/plaene/{plan.pk}/ansaetze",
        {"konto": "5553", "produkt": "16.01.01", "ansatz": "2500.50", "erlaeuterung": "GewSt"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    ansatz = response.json()
    assert ansatz["ansatz"] == "2500.50" and ansatz["planung_1"] == "0.00"
    response = api.put(
        f"/api/v1/haushalt/ansaetze/{ansatz['id']}",
        {"planung_1": "10"},
        content_type="application/json",
    )
    assert response.json()["planung_1"] == "10.00" and response.json()["ansatz"] == "2500.50"
    body = api.get(f"/api/v1/haushalt/plaene/{plan.pk}/ansaetze?konto=55&limit=1").json()
    assert body["count"] == 2 and len(body["items"]) == 1


def test_field_errors_in_the_api_format(api, plan):
    response = api.post(
        f"/api/v1/haushalt/plaene/{plan.pk}/ansaetze",
        {"konto": "9999", "produkt": "16.01.01"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert {"field": "konto", "message": "Das Konto „9999“ gibt es im Kontenrahmen nicht."} in (
        response.json()["errors"]
    )


def test_statements_equal_the_services(api, plan):
    body = api.get(f"/api/v1/haushalt/plaene/{plan.pk}/ergebnishaushalt").json()
    zeilen = {z["nr"]: z for z in body["zeilen"]}
    berechnet = services.statements(plan)
    assert len(zeilen) == 28 and zeilen["24"]["summe"]
    assert zeilen["24"]["betraege"][2] == str(berechnet.ergebnis.wert("24")) == "600.10"
    assert body["spalten"][2] == "Ansatz 2026"
    finanz = api.get(f"/api/v1/haushalt/plaene/{plan.pk}/finanzhaushalt").json()
    assert {z["nr"]: z for z in finanz["zeilen"]}["34"]["betraege"][2] == "600.10"
    satzung = api.get(f"/api/v1/haushalt/plaene/{plan.pk}/satzung").json()
    assert satzung["paragraph_1"][0]["ordentliches_ergebnis"] == "600.10"
    assert "Haushaltssatzung der Gemeinde Meinhard" in satzung["text_html"]


def test_workflow_and_lock_through_the_api(api, plan):
    url = f"/api/v1/haushalt/plaene/{plan.pk}/schritte"
    response = api.post(
        url, {"schritt": "beschliessen", "datum": "2026-01-01"}, content_type="application/json"
    )
    assert response.status_code == 409
    for schritt, datum in [
        ("einbringen", "2025-11-01"),
        ("beschliessen", "2025-12-10"),
        ("vorlegen", "2025-12-15"),
        ("genehmigen", "2026-01-20"),
        ("bekanntmachen", "2026-01-25"),
        ("rechtskraeftig", "2026-01-26"),
    ]:
        response = api.post(
            url,
            {"schritt": schritt, "datum": datum, "genehmigungsart": "ohne_beanstandung"},
            content_type="application/json",
        )
        assert response.status_code == 200, response.content
    assert response.json()["status"] == "rechtskraeftig"
    ansatz = api.get(f"/api/v1/haushalt/plaene/{plan.pk}/ansaetze").json()["items"][0]
    response = api.put(
        f"/api/v1/haushalt/ansaetze/{ansatz['id']}",
        {"ansatz": "1"},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert api.delete(f"/api/v1/haushalt/ansaetze/{ansatz['id']}").status_code == 409
    response = api.post(f"/api/v1/haushalt/plaene/{plan.pk}/nachtrag")
    assert response.status_code == 201 and response.json()["nachtrag_zu_id"] == plan.pk


def test_date_must_not_go_back(api, plan):
    url = f"/api/v1/haushalt/plaene/{plan.pk}/schritte"
    api.post(url, {"schritt": "einbringen", "datum": "2025-11-01"}, content_type="application/json")
    response = api.post(
        url, {"schritt": "beschliessen", "datum": "2025-10-01"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "datum"


def test_xlsx_export_and_import_through_the_api(api, plan):
    response = api.get(f"/api/v1/haushalt/plaene/{plan.pk}/export?format=xlsx")
    assert response.status_code == 200
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = api.post(
        f"/api/v1/haushalt/plaene/{plan.pk}/import",
        {"datei": SimpleUploadedFile("p.xlsx", response.content), "format": "xlsx"},
    )
    assert response.status_code == 200, response.content
    assert response.json()["unveraendert"] == 2
