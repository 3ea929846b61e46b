"""The Aktenplan in the REST API: filters, writes, errors, import/export, 404 across Kommunen."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.test import Client

from aktenbund.records import aktenplan_io
from aktenbund.tenancy.services import create_api_token
from tests.records.factories import make_einheit
from tests.records.test_aktenplan_import import csv_bytes

pytestmark = pytest.mark.django_db

BASE = "/api/v1/aktenplan"


class Api:
    """A client signed in by token, as scripts and Fachverfahren use the API."""

    def __init__(self, user):
        _, token = create_api_token(user, "Test")
        self.client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    def get(self, path, **params):
        return self.client.get(BASE + path, params)

    def post(self, path, data=None):
        return self.client.post(BASE + path, data or {}, content_type="application/json")

    def put(self, path, data):
        return self.client.put(BASE + path, data, content_type="application/json")

    def upload(self, content: bytes, format="csv", name="aktenplan.csv"):
        datei = io.BytesIO(content)
        datei.name = name
        return self.client.post(BASE + "/import", {"datei": datei, "format": format})


@pytest.fixture
def lokal_a(plan, registratur_a):
    return make_einheit(registratur_a, "121.50", "Meinhard lokal", parent=plan["121"])


@pytest.fixture
def api_a(registratur_a):
    return Api(registratur_a)


@pytest.fixture
def api_b(registratur_b):
    return Api(registratur_b)


def _kennzeichen(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["kennzeichen"] for item in response.json()["items"]]


def test_list_shows_verbund_nodes_and_own_local_nodes(plan, lokal_a, api_a, api_b):
    body = api_a.get("").json()
    assert body["count"] == 9
    items = {i["kennzeichen"]: i for i in body["items"]}
    assert items["121.50"]["lokal"] is True and items["121"]["lokal"] is False
    assert items["900"]["aufbewahrungsfrist"] is None and items["900"]["aussonderungsart"] == "A"
    assert "121.50" not in _kennzeichen(api_b.get(""))


def test_list_filters(plan, lokal_a, api_a):
    assert _kennzeichen(api_a.get("", kennzeichen="12")) == ["12", "121", "121.50"]
    assert _kennzeichen(api_a.get("", ebene=1)) == ["0", "1", "9"]
    assert _kennzeichen(api_a.get(f"/{plan['121'].pk}/untereinheiten")) == ["121.50"]
    assert _kennzeichen(api_a.get(f"/{plan['1'].pk}/untereinheiten")) == ["12"]
    assert _kennzeichen(api_a.get("", lokal="true")) == ["121.50"]
    assert _kennzeichen(api_a.get("", gueltig="false")) == []
    assert len(_kennzeichen(api_a.get("", limit=2))) == 2


def test_children_of_another_kommunes_node_are_404(lokal_a, api_b):
    assert api_b.get(f"/{lokal_a.pk}/untereinheiten").status_code == 404


def test_another_kommunes_local_node_is_404_everywhere(lokal_a, api_b):
    path = f"/{lokal_a.pk}"
    response = api_b.get(path)
    assert response.status_code == 404
    assert response.json() == {"detail": "Diese Aktenplaneinheit gibt es nicht.", "errors": []}
    update = {
        "titel": "x",
        "aufbewahrungsfrist": 5,
        "aussonderungsart": "B",
        "gueltig_ab": "2024-01-01",
    }
    assert api_b.put(path, update).status_code == 404
    assert api_b.post(path + "/schliessen").status_code == 404
    child = {
        "parent_id": lokal_a.pk,
        "kennzeichen": "121.50.1",
        "titel": "x",
        "aufbewahrungsfrist": 5,
        "aussonderungsart": "B",
    }
    assert api_b.post("", child).status_code == 404


def test_registratur_creates_local_node(plan, api_a, kommune_a):
    response = api_a.post(
        "",
        {
            "parent_id": plan["021"].pk,
            "kennzeichen": "021.50",
            "titel": "Registratur Meinhard",
            "aufbewahrungsfrist": None,
            "aussonderungsart": "A",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["lokal"] is True and body["ebene"] == 4 and body["aufbewahrungsfrist"] is None
    assert api_a.get(f"/{body['id']}").json()["parent_id"] == plan["021"].pk


def test_errors_name_their_fields(plan, api_a):
    response = api_a.post(
        "",
        {
            "parent_id": plan["021"].pk,
            "kennzeichen": "031",
            "titel": "Falsch",
            "aufbewahrungsfrist": 5,
            "aussonderungsart": "B",
        },
    )
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] and body["errors"][0]["field"] == "kennzeichen"
    response = api_a.post(
        "", {"kennzeichen": "x", "titel": "y", "aufbewahrungsfrist": 0, "aussonderungsart": "Q"}
    )
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {
        "aufbewahrungsfrist",
        "aussonderungsart",
    }


def test_kommune_may_not_change_verbund_node(plan, api_a):
    response = api_a.put(
        f"/{plan['121'].pk}",
        {
            "titel": "Meinhards Gewerbe",
            "aufbewahrungsfrist": 5,
            "aussonderungsart": "B",
            "gueltig_ab": "2024-01-01",
        },
    )
    assert response.status_code == 403
    assert "Registratur des Verbunds" in response.json()["detail"]
    assert api_a.post(f"/{plan['121'].pk}/schliessen").status_code == 403


def test_clerk_may_read_but_not_write(plan, clerk_a):
    api = Api(clerk_a)
    assert api.get("").status_code == 200
    response = api.post(
        "",
        {
            "parent_id": plan["021"].pk,
            "kennzeichen": "021.50",
            "titel": "x",
            "aufbewahrungsfrist": 5,
            "aussonderungsart": "B",
        },
    )
    assert response.status_code == 403


def test_verbund_registratur_updates_and_closes(plan, verbund_registratur):
    api = Api(verbund_registratur)
    node = plan["121"]
    response = api.put(
        f"/{node.pk}",
        {
            "titel": "Gewerbeanzeigen",
            "beschreibung": "GewO",
            "aufbewahrungsfrist": 6,
            "aussonderungsart": "A",
            "gueltig_ab": str(node.gueltig_ab),
        },
    )
    assert response.status_code == 200 and response.json()["aufbewahrungsfrist"] == 6
    response = api.post(f"/{plan['12'].pk}/schliessen", {"gueltig_bis": "2099-12-31"})
    assert response.status_code == 200
    assert response.json()["geschlossen"] == 2
    assert response.json()["einheit"]["gueltig_bis"] == "2099-12-31"
    again = api.post(f"/{plan['12'].pk}/schliessen")
    assert again.status_code == 409


def test_import_and_export_round_trip(plan, verbund_registratur):
    api = Api(verbund_registratur)
    response = api.get("/export", format="xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == aktenplan_io.CONTENT_TYPES["xlsx"]
    assert 'attachment; filename="aktenplan-verbund-' in response["Content-Disposition"]
    assert openpyxl.load_workbook(io.BytesIO(response.content)).sheetnames == ["Aktenplan"]
    response = api.upload(response.content, "xlsx", "aktenplan.xlsx")
    assert response.status_code == 200, response.content
    assert response.json() == {"angelegt": 0, "geaendert": 0, "geschlossen": 0, "unveraendert": 8}
    csv_export = api.get("/export")
    assert csv_export["Content-Type"].startswith("text/csv")
    assert api.upload(csv_export.content).json()["unveraendert"] == 8


def test_import_errors_list_row_and_column(plan, verbund_registratur):
    api = Api(verbund_registratur)
    response = api.upload(csv_bytes("122;12;;;5;B;;", "123;12;Gut;;viele;B;;"))
    assert response.status_code == 422
    body = response.json()
    assert body["detail"].startswith("Der Aktenplan wurde nicht importiert")
    assert {e["field"] for e in body["errors"]} == {"Zeile 2, Titel", "Zeile 3, Aufbewahrungsfrist"}


def test_import_refuses_too_large_and_wrong_type(plan, verbund_registratur):
    api = Api(verbund_registratur)
    big = api.upload(b"x" * (aktenplan_io.MAX_BYTES + 1))
    assert big.status_code == 413 and big.json()["errors"][0]["field"] == "datei"
    wrong = api.upload(csv_bytes(), "xlsx", "aktenplan.xlsx")
    assert wrong.status_code == 415
    unknown = api.upload(csv_bytes(), "ods")
    assert unknown.status_code == 422


def test_kommune_export_contains_only_its_own_local_nodes(plan, lokal_a, api_a, api_b):
    assert "Meinhard lokal" in api_a.get("/export").content.decode("utf-8-sig")
    assert "Meinhard lokal" not in api_b.get("/export").content.decode("utf-8-sig")


def test_openapi_documents_the_aktenplan(client):
    schema = client.get("/api/openapi.json").json()
    paths = schema["paths"]
    assert "/api/v1/aktenplan/{aktenplaneinheit_id}" in paths
    assert "/api/v1/aktenplan/{aktenplaneinheit_id}/schliessen" in paths
    assert paths["/api/v1/aktenplan/import"]["post"]["tags"] == ["Aktenplan"]
    assert "text/csv" in paths["/api/v1/aktenplan/export"]["get"]["responses"]["200"]["content"]
