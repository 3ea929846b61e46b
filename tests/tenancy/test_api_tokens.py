"""Personal API tokens: created on the command line or in the UI, stored only hashed,
revoked at once."""

from __future__ import annotations

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import models

from aktenbund.tenancy.models import ApiToken
from aktenbund.tenancy.scope import kommune_scope
from aktenbund.tenancy.services import set_user_active


def _create_token(username: str) -> str:
    out, err = StringIO(), StringIO()
    call_command("create_api_token", username, stdout=out, stderr=err)
    return out.getvalue().strip().splitlines()[-1]


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _stored_text(kommune) -> list[str]:
    """Every text value of every row the Kommune's scope can see, JSON included."""
    values: list[str] = []
    with kommune_scope(kommune):
        for model in apps.get_models():
            fields = [
                f.attname
                for f in model._meta.concrete_fields
                if isinstance(f, models.CharField | models.TextField | models.JSONField)
            ]
            if fields:
                values += [str(v) for row in model._base_manager.values_list(*fields) for v in row]
    return values


def test_command_prints_token_that_signs_in_to_api(client, clerk_a):
    token = _create_token(clerk_a.username)

    response = client.get("/api/v1/ich", headers=_bearer(token))

    assert response.status_code == 200
    assert response.json()["username"] == clerk_a.username
    assert response.json()["rollen"] == ["sachbearbeitung"]


def test_token_is_stored_only_hashed(clerk_a, kommune_a):
    token = _create_token(clerk_a.username)

    stored = ApiToken.objects.get(user=clerk_a)
    assert stored.token_hash != token
    assert token.startswith(stored.prefix)
    assert len(stored.prefix) < len(token) / 3
    assert not any(token in value for value in _stored_text(kommune_a))


def test_command_refuses_unknown_user(db):
    with pytest.raises(CommandError, match="niemand"):
        call_command("create_api_token", "niemand", stdout=StringIO(), stderr=StringIO())


def test_command_refuses_deactivated_user(admin_a, clerk_a):
    set_user_active(admin_a, clerk_a, active=False)

    with pytest.raises(CommandError):
        call_command("create_api_token", clerk_a.username, stdout=StringIO(), stderr=StringIO())
    assert not ApiToken.objects.filter(user=clerk_a).exists()


def test_revoking_in_ui_stops_token_at_once(client, clerk_a):
    token = _create_token(clerk_a.username)
    stored = ApiToken.objects.get(user=clerk_a)
    assert client.get("/api/v1/ich", headers=_bearer(token)).status_code == 200
    client.force_login(clerk_a)

    response = client.post(f"/konto/tokens/{stored.pk}/widerrufen/")

    assert response.status_code == 302
    client.logout()
    refused = client.get("/api/v1/ich", headers=_bearer(token))
    assert refused.status_code == 401
    assert refused.json()["detail"]


def test_nobody_revokes_someone_elses_token(client, clerk_a, admin_a):
    _create_token(clerk_a.username)
    stored = ApiToken.objects.get(user=clerk_a)
    client.force_login(admin_a)

    response = client.post(f"/konto/tokens/{stored.pk}/widerrufen/")

    assert response.status_code == 404
    assert ApiToken.objects.get(pk=stored.pk).aktiv


def test_token_created_in_ui_is_shown_once_and_works(client, clerk_a):
    client.force_login(clerk_a)

    created = client.post("/konto/tokens/", {"name": "Fachverfahren"})
    token = created.context["neues_token"]
    later = client.get("/konto/")

    assert token in created.content.decode()
    assert token not in later.content.decode()
    client.logout()
    assert client.get("/api/v1/ich", headers=_bearer(token)).status_code == 200


@pytest.mark.parametrize(
    "header",
    ["Bearer abt_gibt-es-nicht", "Bearer falsch", "Bearer ", "bearer abt_"],
)
def test_invalid_token_gives_401_json(client, db, header):
    response = client.get("/api/v1/ich", headers={"Authorization": header})

    assert response.status_code == 401
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"]
    assert body["errors"] == [{"field": "Authorization", "message": "Token ungültig."}]
