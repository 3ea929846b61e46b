"""Every API error has one shape: {"detail": str, "errors": [{"field", "message"}]}."""

from __future__ import annotations

import pytest
from django.test import Client

from aktenbund.tenancy.models import Organisationseinheit
from aktenbund.tenancy.scope import kommune_scope
from tests.factories import make_oe


def _assert_error_shape(body: dict) -> None:
    assert set(body) == {"detail", "errors"}
    assert isinstance(body["detail"], str) and body["detail"]
    assert isinstance(body["errors"], list)
    for error in body["errors"]:
        assert set(error) == {"field", "message"}
        assert isinstance(error["field"], str) and error["field"]
        assert isinstance(error["message"], str) and error["message"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        pytest.param({"name": "X", "ags": "123", "einwohner": 1}, "ags", id="ags-short"),
        pytest.param({"name": "X", "ags": "06636099", "einwohner": -5}, "einwohner", id="negative"),
        pytest.param(
            {"name": "X", "ags": "06636099", "einwohner": "viele"}, "einwohner", id="text"
        ),
        pytest.param({"name": "X", "einwohner": 1}, "ags", id="ags-missing"),
        pytest.param({"name": " ", "ags": "06636099", "einwohner": 1}, "name", id="name-blank"),
    ],
)
def test_bad_input_gives_422_naming_the_field(client, verbund_admin, payload, field):
    client.force_login(verbund_admin)

    response = client.post("/api/v1/kommunen", payload, content_type="application/json")

    assert response.status_code == 422
    body = response.json()
    _assert_error_shape(body)
    assert [e["field"] for e in body["errors"]] == [field]


def test_malformed_json_gives_error_shape(client, verbund_admin):
    client.force_login(verbund_admin)

    response = client.post("/api/v1/kommunen", "{kein json", content_type="application/json")

    assert response.status_code in (400, 422)
    _assert_error_shape(response.json())


@pytest.mark.parametrize("path", ["/api/v1/ich", "/api/v1/kommunen", "/api/v1/vertretungen"])
def test_no_sign_in_gives_401(client, db, path):
    response = client.get(path)

    assert response.status_code == 401
    _assert_error_shape(response.json())


def test_unsafe_call_without_sign_in_gives_401(client, db):
    response = client.post(
        "/api/v1/organisationseinheiten",
        {"name": "Hauptamt", "kurzzeichen": "10"},
        content_type="application/json",
    )

    assert response.status_code == 401
    _assert_error_shape(response.json())


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/kommunen/999999",
        "/api/v1/organisationseinheiten/999999",
        "/api/v1/benutzer/999999",
    ],
)
def test_unknown_id_gives_404_json(client, admin_a, path):
    client.force_login(admin_a)

    response = client.get(path)

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    _assert_error_shape(response.json())


def test_unknown_oe_is_not_blamed_on_parent_id(client, admin_a):
    client.force_login(admin_a)

    response = client.get("/api/v1/organisationseinheiten/999999")

    assert response.status_code == 404
    assert "parent_id" not in [e["field"] for e in response.json()["errors"]]


def test_unknown_parent_names_parent_id(client, admin_a, kommune_a):
    client.force_login(admin_a)

    response = client.post(
        "/api/v1/organisationseinheiten",
        {"name": "Personal", "kurzzeichen": "10.1", "parent_id": 999999},
        content_type="application/json",
    )

    assert response.status_code == 404
    assert [e["field"] for e in response.json()["errors"]] == ["parent_id"]
    with kommune_scope(kommune_a):
        assert not Organisationseinheit.objects.exists()


def test_unknown_api_path_gives_404(client, admin_a):
    client.force_login(admin_a)

    assert client.get("/api/v1/gibt-es-nicht").status_code == 404


def test_session_call_without_csrf_token_is_refused(admin_a, kommune_a):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(admin_a)

    refused = browser.post(
        "/api/v1/organisationseinheiten",
        {"name": "Hauptamt", "kurzzeichen": "10"},
        content_type="application/json",
    )
    reading = browser.get("/api/v1/organisationseinheiten")

    assert refused.status_code == 403
    _assert_error_shape(refused.json())
    assert reading.status_code == 200
    with kommune_scope(kommune_a):
        assert not Organisationseinheit.objects.exists()


def test_session_call_with_csrf_token_is_accepted(admin_a, kommune_a):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(admin_a)
    token = browser.get("/verwaltung/organisationseinheiten/").context["csrf_token"]

    response = browser.post(
        "/api/v1/organisationseinheiten",
        {"name": "Hauptamt", "kurzzeichen": "10"},
        content_type="application/json",
        headers={"X-CSRFToken": str(token)},
    )

    assert response.status_code == 201


def test_token_call_needs_no_csrf_token(admin_a, kommune_a):
    from aktenbund.tenancy.services import create_api_token

    _, plaintext = create_api_token(admin_a)
    script = Client(enforce_csrf_checks=True)

    response = script.post(
        "/api/v1/organisationseinheiten",
        {"name": "Hauptamt", "kurzzeichen": "10"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {plaintext}"},
    )

    assert response.status_code == 201


def test_conflict_gives_409(client, admin_a, kommune_a):
    make_oe(admin_a, kommune_a, "10", "Hauptamt")
    client.force_login(admin_a)

    response = client.post(
        "/api/v1/organisationseinheiten",
        {"name": "Hauptamt", "kurzzeichen": "10"},
        content_type="application/json",
    )

    assert response.status_code == 409
    _assert_error_shape(response.json())
