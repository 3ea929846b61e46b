"""Deactivating a person locks them out and keeps everything they wrote."""

from __future__ import annotations

import datetime

from django.utils import timezone

from aktenbund.audit.models import AuditEvent
from aktenbund.audit.services import verify_chain
from aktenbund.tenancy.models import ApiToken, User, Vertretung
from aktenbund.tenancy.scope import kommune_scope
from aktenbund.tenancy.services import create_api_token, create_vertretung, set_user_active
from tests.factories import PASSWORD


def _clerk_at_work(clerk, admin):
    """The clerk records a Vertretung and takes an API token: both leave audit events."""
    today = timezone.localdate()
    vertretung = create_vertretung(
        clerk,
        vertretene_person=clerk,
        vertreter=admin,
        von=today,
        bis=today + datetime.timedelta(days=14),
    )
    token, plaintext = create_api_token(clerk, "Skript")
    return vertretung, token, plaintext


def test_deactivated_user_keeps_audit_trail(admin_a, clerk_a, kommune_a):
    _clerk_at_work(clerk_a, admin_a)
    with kommune_scope(kommune_a):
        written = list(AuditEvent.objects.filter(actor=clerk_a).values_list("pk", "action"))

    set_user_active(admin_a, clerk_a, active=False)

    with kommune_scope(kommune_a):
        kept = list(AuditEvent.objects.filter(actor=clerk_a).values_list("pk", "action"))
        last = AuditEvent.objects.order_by("-seq").first()
        assert verify_chain(kommune_a.pk) is None
    assert [action for _, action in written] == ["vertretung.angelegt", "api_token.erstellt"]
    assert kept == written
    assert last.action == "benutzer.deaktiviert"
    assert last.actor == admin_a
    assert last.object_id == str(clerk_a.pk)
    assert User.objects.filter(pk=clerk_a.pk, is_active=False).exists()


def test_deactivated_user_keeps_vertretungen(admin_a, clerk_a, kommune_a):
    vertretung, _, _ = _clerk_at_work(clerk_a, admin_a)

    set_user_active(admin_a, clerk_a, active=False)

    with kommune_scope(kommune_a):
        kept = Vertretung.objects.get(pk=vertretung.pk)
    assert kept.erstellt_von_id == clerk_a.pk
    assert kept.vertretene_person_id == clerk_a.pk
    # Kept for the record, but it hands on nothing any more.
    assert kept.beendet_am is not None


def test_deactivated_user_can_no_longer_sign_in(client, admin_a, clerk_a):
    client.force_login(clerk_a)
    assert client.get("/").status_code == 200

    set_user_active(admin_a, clerk_a, active=False)

    # The open session no longer counts …
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/anmelden/")
    assert client.get("/api/v1/ich").status_code == 401
    # … and a new sign-in with the right password is refused.
    response = client.post("/anmelden/", {"username": clerk_a.username, "password": PASSWORD})
    assert response.status_code == 200
    assert "Benutzername oder Passwort ist falsch." in response.content.decode()
    assert client.get("/").status_code == 302


def test_deactivated_user_tokens_are_revoked(client, admin_a, clerk_a):
    _, token, plaintext = _clerk_at_work(clerk_a, admin_a)
    bearer = {"Authorization": f"Bearer {plaintext}"}
    assert client.get("/api/v1/ich", headers=bearer).status_code == 200

    set_user_active(admin_a, clerk_a, active=False)

    response = client.get("/api/v1/ich", headers=bearer)
    assert response.status_code == 401
    assert response.json()["errors"]
    assert ApiToken.objects.get(pk=token.pk).widerrufen_am is not None


def test_reactivated_user_does_not_get_old_tokens_back(client, admin_a, clerk_a):
    _, _, plaintext = _clerk_at_work(clerk_a, admin_a)
    set_user_active(admin_a, clerk_a, active=False)

    set_user_active(admin_a, clerk_a, active=True)

    response = client.get("/api/v1/ich", headers={"Authorization": f"Bearer {plaintext}"})
    assert response.status_code == 401
