"""The API describes itself: an OpenAPI document and rendered docs."""

from __future__ import annotations

import json

from aktenbund.api import api

HTTP_METHODS = {"get", "post", "put", "patch", "delete"}


def _operations(schema: dict) -> list[tuple[str, str, dict]]:
    return [
        (method, path, operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if method in HTTP_METHODS
    ]


def test_openapi_lists_every_operation_with_a_summary(client, db):
    response = client.get("/api/openapi.json")

    assert response.status_code == 200
    schema = response.json()
    operations = _operations(schema)
    listed = {(method.upper(), path) for method, path, _ in operations}
    assert {
        ("GET", "/api/v1/health"),
        ("GET", "/api/v1/ich"),
        ("GET", "/api/v1/kommunen"),
        ("POST", "/api/v1/kommunen"),
        ("PUT", "/api/v1/kommunen/{kommune_id}"),
        ("GET", "/api/v1/organisationseinheiten"),
        ("POST", "/api/v1/organisationseinheiten"),
        ("PUT", "/api/v1/organisationseinheiten/{organisationseinheit_id}"),
        ("GET", "/api/v1/benutzer"),
        ("POST", "/api/v1/benutzer"),
        ("POST", "/api/v1/benutzer/{user_id}/deaktivieren"),
        ("POST", "/api/v1/vertretungen"),
        ("POST", "/api/v1/vertretungen/{vertretung_id}/beenden"),
        ("POST", "/api/v1/api-tokens"),
        ("DELETE", "/api/v1/api-tokens/{apitoken_id}"),
    } <= listed
    without_summary = [
        f"{method.upper()} {path}"
        for method, path, operation in operations
        if not operation.get("summary", "").strip()
    ]
    assert without_summary == []


def test_openapi_covers_every_routed_operation(client, db):
    # No operation may be left out of the document (include_in_schema=False);
    # ninja keeps its routers in `_routers`, the one place listing all of them.
    routed = {
        (method.lower(), "/api" + prefix.rstrip("/") + "/" + route.lstrip("/"))
        for prefix, router in api._routers
        for route, path_view in router.path_operations.items()
        for operation in path_view.operations
        for method in operation.methods
    }
    schema = client.get("/api/openapi.json").json()

    documented = {(method, path) for method, path, _ in _operations(schema)}
    normalised = {(m, p.replace("//", "/")) for m, p in routed}
    assert normalised == documented


def test_openapi_documents_bearer_auth(client, db):
    schema = client.get("/api/openapi.json").json()

    schemes = schema["components"]["securitySchemes"]
    assert any(s.get("scheme") == "bearer" for s in schemes.values())
    assert schema["paths"]["/api/v1/ich"]["get"].get("security")
    assert not schema["paths"]["/api/v1/health"]["get"].get("security")


def test_api_docs_render(client, db):
    response = client.get("/api/docs")

    assert response.status_code == 200
    html = response.content.decode()
    assert "/api/openapi.json" in html


def test_openapi_documents_the_error_answers_of_every_operation(client, db):
    schema = client.get("/api/openapi.json").json()

    assert set(schema["components"]["schemas"]["Fehler"]["required"]) == {"detail", "errors"}
    missing = []
    for method, path, operation in _operations(schema):
        expected = set()
        if operation.get("security"):
            expected |= {"401", "403", "404"}
            if method != "get":
                expected.add("409")
        if operation.get("parameters") or "requestBody" in operation:
            expected.add("422")
        if "requestBody" in operation:
            expected.add("400")
        for status in expected - set(operation["responses"]):
            missing.append(f"{method.upper()} {path} {status}")
        for status in expected:
            body = operation["responses"][status]["content"]["application/json"]["schema"]
            assert body == {"$ref": "#/components/schemas/Fehler"}, (method, path, status)
    assert missing == []
    assert "422" in schema["paths"]["/api/v1/akten"]["get"]["responses"]
    assert "401" in schema["paths"]["/api/v1/akten/{akte_id}"]["patch"]["responses"]


def test_openapi_document_has_no_duplicate_keys(client, db):
    """Swagger UI refuses a document in which a key repeats (e.g. a status as int and as str)."""
    doppelt: list[list[str]] = []

    def paare(pairs):
        keys = [key for key, _ in pairs]
        if len(keys) != len(set(keys)):
            doppelt.append(sorted({key for key in keys if keys.count(key) > 1}))
        return dict(pairs)

    json.loads(client.get("/api/openapi.json").content, object_pairs_hook=paare)

    assert doppelt == []
