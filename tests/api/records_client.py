"""A client signed in by API token, as scripts and Fachverfahren use the records API."""

from __future__ import annotations

from django.test import Client

from aktenbund.tenancy.services import create_api_token

BASE = "/api/v1"
BOUNDARY = "AktenbundTestGrenze"


def multipart(fields: dict[str, str], filename: str, content: bytes, field: str = "datei"):
    """A multipart body with the file name exactly as given (the test client would
    cut paths out of it, as browsers do not)."""
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + str(value).encode()
            + b"\r\n"
        )
    parts.append(
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{field}"; '
        f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{BOUNDARY}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={BOUNDARY}"


class Api:
    def __init__(self, user):
        _, token = create_api_token(user, "Test")
        self.client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    def get(self, path, **params):
        return self.client.get(BASE + path, params)

    def post(self, path, data=None):
        return self.client.post(BASE + path, data or {}, content_type="application/json")

    def put(self, path, data):
        return self.client.put(BASE + path, data, content_type="application/json")

    def patch(self, path, data):
        return self.client.patch(BASE + path, data, content_type="application/json")

    def upload(self, path, content: bytes, filename="antrag.pdf", **fields):
        body, content_type = multipart(fields, filename, content)
        return self.client.generic("POST", BASE + path, body, content_type=content_type)


def ok(response, status=200):
    assert response.status_code == status, response.content[:2000]
    return response.json()


def fields_of(response) -> dict[str, str]:
    return {e["field"]: e["message"] for e in response.json()["errors"]}
