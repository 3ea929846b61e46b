"""The Verbund administration appoints a Kommune's first administrator.

The new person gets a one-time password, shown once, and must choose their own
password at the first sign-in before anything else.
"""

from __future__ import annotations

from aktenbund.audit.models import AuditEvent
from aktenbund.tenancy.models import Rolle, User
from aktenbund.tenancy.scope import kommune_scope

NEW_PASSWORD = "Werratal-Sonnenschein-42"


def _sign_in(client, username: str, password: str):
    return client.post("/anmelden/", {"username": username, "password": password})


def _appoint_admin(client, verbund_admin, kommune, username: str) -> str:
    """Appoint a Kommune-Admin on the Kommune's page; return the one-time password."""
    client.force_login(verbund_admin)
    response = client.post(
        f"/verwaltung/kommunen/{kommune.pk}/", {"aktion": "admin", "username": username}
    )
    assert response.status_code == 200
    return response.context["passwort"]


def test_verbund_admin_creates_first_kommune_admin_in_ui(client, verbund_admin, kommune_a):
    client.force_login(verbund_admin)

    response = client.post(
        f"/verwaltung/kommunen/{kommune_a.pk}/",
        {
            "aktion": "admin",
            "username": "meinhard.chefin",
            "first_name": "Karin",
            "last_name": "Vogt",
        },
    )

    assert response.status_code == 200
    assert "Einmalpasswort für meinhard.chefin" in response.content.decode()
    password = response.context["passwort"]
    assert password in response.content.decode()
    user = User.objects.get(username="meinhard.chefin")
    assert user.kommune == kommune_a
    assert user.is_kommune_admin
    assert user.must_change_password
    assert user.check_password(password)
    with kommune_scope(kommune_a):
        event = AuditEvent.objects.get(action="benutzer.angelegt", object_id=str(user.pk))
    assert event.actor == verbund_admin
    assert password not in str(event.details)


def test_verbund_admin_creates_first_kommune_admin_through_api(client, verbund_admin, kommune_b):
    client.force_login(verbund_admin)

    response = client.post(
        "/api/v1/benutzer",
        {"username": "sontra.chef", "kommune_id": kommune_b.pk, "rollen": ["kommune_admin"]},
        content_type="application/json",
    )

    assert response.status_code == 201
    body = response.json()
    assert body["benutzer"]["kommune_id"] == kommune_b.pk
    assert body["benutzer"]["rollen"] == [Rolle.KOMMUNE_ADMIN]
    user = User.objects.get(username="sontra.chef")
    assert user.must_change_password
    assert user.check_password(body["initiales_passwort"])


def test_new_admin_must_change_one_time_password_at_first_sign_in(client, verbund_admin, kommune_a):
    one_time = _appoint_admin(client, verbund_admin, kommune_a, "meinhard.chefin")
    client.logout()

    response = _sign_in(client, "meinhard.chefin", one_time)
    assert response.status_code == 302
    # Every page leads to the password form until a new password is chosen.
    for path in ("/", "/verwaltung/organisationseinheiten/", "/konto/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == "/konto/passwort/"

    response = client.post(
        "/konto/passwort/",
        {
            "old_password": one_time,
            "new_password": NEW_PASSWORD,
            "new_password_repeat": NEW_PASSWORD,
        },
    )

    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert client.get("/verwaltung/organisationseinheiten/").status_code == 200
    user = User.objects.get(username="meinhard.chefin")
    assert not user.must_change_password
    assert user.check_password(NEW_PASSWORD)


def test_one_time_password_cannot_be_kept(client, verbund_admin, kommune_a):
    _appoint_admin(client, verbund_admin, kommune_a, "meinhard.chefin")
    user = User.objects.get(username="meinhard.chefin")
    client.force_login(user)

    response = client.post(
        "/konto/passwort/",
        {"old_password": "falsch", "new_password": "123", "new_password_repeat": "123"},
    )

    assert response.status_code == 200
    assert "Passwort stimmt nicht." in response.content.decode()
    user.refresh_from_db()
    assert user.must_change_password
    assert client.get("/")["Location"] == "/konto/passwort/"
