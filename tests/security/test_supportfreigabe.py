"""The Verbund administration inside a Kommune: only with the Kommune's Supportfreigabe.

Without one it creates Kommunen and appoints a Kommune's first Kommune-Admin,
nothing more: no further users or roles, no password resets (which would let
it sign in as a member of a vertrauliche Akte's access list), no OEs. The
Kommune-Admin gives the Supportfreigabe for a few days and may revoke it;
both chains record it. A password reset locks out whoever held the account.
"""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from aktenbund.audit.models import AuditEvent
from aktenbund.errors import PermissionDenied
from aktenbund.tenancy import services, supportfreigaben
from aktenbund.tenancy.models import Rolle, Supportfreigabe, User
from aktenbund.tenancy.scope import kommune_scope
from tests.factories import PASSWORD, make_kommune

HEUTE = timezone.localdate


def _tage(n: int) -> str:
    return (HEUTE() + datetime.timedelta(days=n)).isoformat()


def _events(kommune_id: int | None, action: str) -> list[AuditEvent]:
    with kommune_scope(kommune_id):
        return list(AuditEvent.objects.filter(kommune_id=kommune_id, action=action))


def _post(client, url: str, body: dict | None = None):
    return client.post(url, body or {}, content_type="application/json")


@pytest.fixture
def grant_a(admin_a):
    """Meinhard's Kommune-Admin lets the Verbund administration in for a week."""
    return supportfreigaben.grant_supportfreigabe(
        admin_a, gueltig_bis=HEUTE() + datetime.timedelta(days=6), grund="Hilfe bei Rollen"
    )


# --- without a Supportfreigabe ---------------------------------------------------


def test_verbund_admin_cannot_create_users_without_grant(client, verbund_admin, admin_a, kommune_a):
    client.force_login(verbund_admin)

    api = _post(
        client,
        "/api/v1/benutzer",
        {"username": "spion", "kommune_id": kommune_a.pk, "rollen": ["sachbearbeitung"]},
    )
    second_admin = _post(
        client,
        "/api/v1/benutzer",
        {"username": "spion2", "kommune_id": kommune_a.pk, "rollen": ["kommune_admin"]},
    )
    ui = client.post(
        f"/verwaltung/kommunen/{kommune_a.pk}/",
        {"aktion": "admin", "username": "spion3", "rollen": ["registratur"]},
    )

    assert api.status_code == 403
    assert "Supportfreigabe" in api.json()["detail"]
    assert second_admin.status_code == 403
    assert ui.status_code == 200
    assert not User.objects.filter(username__startswith="spion").exists()


def test_verbund_admin_cannot_reset_passwords_or_edit_users_without_grant(
    client, verbund_admin, admin_a, clerk_a
):
    before = User.objects.get(pk=clerk_a.pk).password
    client.force_login(verbund_admin)

    responses = {
        "api_reset": _post(client, f"/api/v1/benutzer/{clerk_a.pk}/passwort-zuruecksetzen"),
        "api_read": client.get(f"/api/v1/benutzer/{clerk_a.pk}"),
        "api_list": client.get(f"/api/v1/benutzer?kommune_id={clerk_a.kommune_id}"),
        "api_deactivate": _post(client, f"/api/v1/benutzer/{clerk_a.pk}/deaktivieren"),
        "ui_reset": client.post(f"/verwaltung/benutzer/{clerk_a.pk}/passwort/"),
        "ui_detail": client.get(f"/verwaltung/benutzer/{clerk_a.pk}/"),
        "ui_deactivate": client.post(f"/verwaltung/benutzer/{clerk_a.pk}/aktiv/", {"aktiv": "0"}),
    }

    assert {name: r.status_code for name, r in responses.items()} == dict.fromkeys(responses, 403)
    clerk = User.objects.get(pk=clerk_a.pk)
    assert clerk.password == before
    assert clerk.is_active
    with pytest.raises(PermissionDenied):
        services.reset_password(verbund_admin, clerk_a)


def test_verbund_admin_appoints_the_first_kommune_admin_only(client, verbund, verbund_admin):
    kommune = make_kommune(verbund, "Ringgau", "06636010", 2900)
    client.force_login(verbund_admin)

    with_more_roles = _post(
        client,
        "/api/v1/benutzer",
        {"username": "r.mehr", "kommune_id": kommune.pk, "rollen": ["kommune_admin", "archiv"]},
    )
    first = _post(
        client,
        "/api/v1/benutzer",
        {"username": "r.admin", "kommune_id": kommune.pk, "rollen": ["kommune_admin"]},
    )
    second = _post(
        client,
        "/api/v1/benutzer",
        {"username": "r.admin2", "kommune_id": kommune.pk, "rollen": ["kommune_admin"]},
    )

    assert with_more_roles.status_code == 403
    assert first.status_code == 201
    assert first.json()["benutzer"]["rollen"] == [Rolle.KOMMUNE_ADMIN]
    assert second.status_code == 403
    # Recorded in the Kommune's chain and in the Verbund's.
    [in_kommune] = _events(kommune.pk, "benutzer.angelegt")
    [in_verbund] = _events(None, "benutzer.angelegt")
    assert in_kommune.actor == in_verbund.actor == verbund_admin
    assert in_verbund.details["kommune"] == kommune.pk
    assert in_verbund.details["supportfreigabe"] is None


def test_verbund_admin_cannot_create_oes_without_grant(verbund_admin, admin_a, kommune_a):
    with pytest.raises(PermissionDenied):
        services.create_organisationseinheit(
            verbund_admin, kommune_a, name="Schattenamt", kurzzeichen="99"
        )


# --- giving and revoking ----------------------------------------------------------


def test_kommune_admin_gives_and_revokes_grant_in_ui(client, admin_a, kommune_a, verbund_admin):
    client.force_login(admin_a)

    given = client.post(
        "/verwaltung/supportfreigaben/", {"gueltig_bis": _tage(2), "grund": "Ticket 4711"}
    )

    assert given.status_code == 302
    assert supportfreigaben.aktive_supportfreigabe(kommune_a.pk) is not None
    with kommune_scope(kommune_a):
        freigabe = Supportfreigabe.objects.get()
    page = client.get("/verwaltung/supportfreigaben/").content.decode()
    assert "Ticket 4711" in page and "aktiv" in page

    revoked = client.post(f"/verwaltung/supportfreigaben/{freigabe.pk}/widerrufen/")

    assert revoked.status_code == 302
    assert supportfreigaben.aktive_supportfreigabe(kommune_a.pk) is None
    assert not services.can_administer(verbund_admin, kommune_a.pk)


def test_grant_through_api_is_bounded(client, admin_a, clerk_a, verbund_admin, settings):
    settings.AKTENBUND_SUPPORTFREIGABE_MAX_TAGE = 3
    client.force_login(admin_a)

    too_long = _post(client, "/api/v1/supportfreigaben", {"gueltig_bis": _tage(3)})
    past = _post(client, "/api/v1/supportfreigaben", {"gueltig_bis": _tage(-1)})
    ok = _post(client, "/api/v1/supportfreigaben", {"gueltig_bis": _tage(2), "grund": "Import"})

    assert too_long.status_code == 422
    assert [e["field"] for e in too_long.json()["errors"]] == ["gueltig_bis"]
    assert past.status_code == 422
    assert ok.status_code == 201
    assert ok.json()["aktiv"] is True
    listed = client.get("/api/v1/supportfreigaben").json()
    assert [f["grund"] for f in listed["items"]] == ["Import"]
    # Neither a clerk nor the Verbund administration can give one.
    client.force_login(clerk_a)
    assert _post(client, "/api/v1/supportfreigaben", {"gueltig_bis": _tage(1)}).status_code == 403
    client.force_login(verbund_admin)
    assert _post(client, "/api/v1/supportfreigaben", {"gueltig_bis": _tage(1)}).status_code == 403


def test_grant_and_revocation_are_recorded_in_both_chains(client, admin_a, kommune_a, grant_a):
    client.force_login(admin_a)

    response = _post(client, f"/api/v1/supportfreigaben/{grant_a.pk}/widerrufen")

    assert response.status_code == 200
    assert response.json()["aktiv"] is False
    for action in ("supportfreigabe.erteilt", "supportfreigabe.widerrufen"):
        [in_kommune] = _events(kommune_a.pk, action)
        [in_verbund] = _events(None, action)
        assert in_kommune.actor == in_verbund.actor == admin_a
        assert in_kommune.details == in_verbund.details
        assert in_verbund.details["kommune"] == kommune_a.pk


# --- with a Supportfreigabe ----------------------------------------------------------


def test_with_grant_verbund_admin_administers_and_every_act_is_in_both_chains(
    client, verbund_admin, kommune_a, clerk_a, grant_a
):
    client.force_login(verbund_admin)

    created = _post(
        client,
        "/api/v1/benutzer",
        {"username": "meinhard.neu", "kommune_id": kommune_a.pk, "rollen": ["registratur"]},
    )
    reset = _post(client, f"/api/v1/benutzer/{clerk_a.pk}/passwort-zuruecksetzen")
    listed = client.get(f"/api/v1/benutzer?kommune_id={kommune_a.pk}")
    page = client.get(f"/verwaltung/benutzer/{clerk_a.pk}/")

    assert created.status_code == 201
    assert reset.status_code == 200
    assert listed.status_code == 200
    assert {"meinhard.neu", clerk_a.username} <= {u["username"] for u in listed.json()["items"]}
    assert page.status_code == 200
    acts = {
        "benutzer.angelegt": str(created.json()["benutzer"]["id"]),
        "benutzer.passwort_zurueckgesetzt": str(clerk_a.pk),
    }
    for action, object_id in acts.items():
        [in_kommune] = [e for e in _events(kommune_a.pk, action) if e.object_id == object_id]
        [in_verbund] = [e for e in _events(None, action) if e.object_id == object_id]
        assert in_kommune.actor == in_verbund.actor == verbund_admin
        assert in_verbund.details["supportfreigabe"] == grant_a.pk
        assert in_verbund.details["kommune"] == kommune_a.pk


def test_grant_of_one_kommune_opens_no_other(client, verbund_admin, clerk_b, grant_a):
    client.force_login(verbund_admin)

    response = _post(client, f"/api/v1/benutzer/{clerk_b.pk}/passwort-zuruecksetzen")

    assert response.status_code == 403


def test_expired_grant_no_longer_counts(client, verbund_admin, kommune_a, clerk_a, grant_a):
    # The grant ran out yesterday (its end is read live, no job needed).
    with kommune_scope(kommune_a):
        Supportfreigabe.objects.filter(pk=grant_a.pk).update(
            gueltig_bis=HEUTE() - datetime.timedelta(days=1)
        )
    client.force_login(verbund_admin)

    response = _post(client, f"/api/v1/benutzer/{clerk_a.pk}/passwort-zuruecksetzen")

    assert response.status_code == 403
    assert client.get(f"/verwaltung/benutzer/{clerk_a.pk}/").status_code == 403


def test_revoked_grant_no_longer_counts(client, verbund_admin, admin_a, clerk_a, grant_a):
    supportfreigaben.revoke_supportfreigabe(admin_a, grant_a)
    client.force_login(verbund_admin)

    response = _post(client, f"/api/v1/benutzer/{clerk_a.pk}/passwort-zuruecksetzen")

    assert response.status_code == 403


# --- a password reset locks out whoever held the account ---------------------------


def test_password_reset_revokes_api_tokens_and_sessions(client, admin_a, clerk_a):
    _, plaintext = services.create_api_token(clerk_a, "Skript")
    bearer = {"Authorization": f"Bearer {plaintext}"}
    clerk_session = Client()
    assert (
        clerk_session.post(
            "/anmelden/", {"username": clerk_a.username, "password": PASSWORD}
        ).status_code
        == 302
    )
    assert clerk_session.get("/").status_code == 200
    assert client.get("/api/v1/ich", headers=bearer).status_code == 200
    client.force_login(admin_a)

    reset = _post(client, f"/api/v1/benutzer/{clerk_a.pk}/passwort-zuruecksetzen")

    assert reset.status_code == 200
    assert Client().get("/api/v1/ich", headers=bearer).status_code == 401
    signed_out = clerk_session.get("/")
    assert signed_out.status_code == 302
    assert signed_out["Location"].startswith("/anmelden/")
    assert clerk_session.get("/api/v1/ich").status_code == 401
