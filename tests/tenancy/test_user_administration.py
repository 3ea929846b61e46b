"""A Kommune-Admin manages the people of the Kommune: roles, OEs, status, passwords."""

from __future__ import annotations

from aktenbund.tenancy.models import Rolle, User
from aktenbund.tenancy.scope import kommune_scope
from tests.factories import PASSWORD, make_oe


def _oe_ids(user: User) -> set[int]:
    with kommune_scope(user.kommune_id):
        return set(user.mitgliedschaften.values_list("organisationseinheit_id", flat=True))


def test_kommune_admin_creates_user_with_roles_and_oes(client, admin_a, kommune_a):
    hauptamt = make_oe(admin_a, kommune_a, "10", "Hauptamt")
    ordnungsamt = make_oe(admin_a, kommune_a, "32", "Ordnungsamt")
    client.force_login(admin_a)

    response = client.post(
        "/verwaltung/benutzer/",
        {
            "username": "meinhard.neu",
            "first_name": "Nina",
            "last_name": "Neu",
            "email": "nina.neu@meinhard.example",
            "rollen": [Rolle.SACHBEARBEITUNG, Rolle.GEWERBEAMT],
            "organisationseinheiten": [hauptamt.pk, ordnungsamt.pk],
        },
    )

    assert response.status_code == 200
    assert "Einmalpasswort für meinhard.neu" in response.content.decode()
    user = User.objects.get(username="meinhard.neu")
    assert user.kommune == kommune_a
    assert user.rollen() == {Rolle.SACHBEARBEITUNG, Rolle.GEWERBEAMT}
    assert _oe_ids(user) == {hauptamt.pk, ordnungsamt.pk}
    assert user.must_change_password
    assert user.check_password(response.context["passwort"])


def test_duplicate_username_is_refused(client, admin_a, clerk_a):
    client.force_login(admin_a)

    response = client.post("/verwaltung/benutzer/", {"username": clerk_a.username.upper()})

    assert response.status_code == 200
    assert "schon vergeben" in " ".join(response.context["form"].errors["username"])
    assert User.objects.filter(username__iexact=clerk_a.username).count() == 1


def test_kommune_admin_changes_roles_and_oes(client, admin_a, clerk_a, kommune_a):
    hauptamt = make_oe(admin_a, kommune_a, "10", "Hauptamt")
    client.force_login(admin_a)

    response = client.post(
        f"/verwaltung/benutzer/{clerk_a.pk}/",
        {
            "first_name": "Max",
            "last_name": "Mustermann",
            "email": "",
            "rollen": [Rolle.REGISTRATUR, Rolle.AMTSLEITUNG],
            "organisationseinheiten": [hauptamt.pk],
        },
    )

    assert response.status_code == 302
    clerk = User.objects.get(pk=clerk_a.pk)
    assert clerk.rollen() == {Rolle.REGISTRATUR, Rolle.AMTSLEITUNG}
    assert clerk.get_full_name() == "Max Mustermann"
    assert _oe_ids(clerk) == {hauptamt.pk}


def test_kommune_admin_cannot_remove_own_admin_role(client, admin_a):
    client.force_login(admin_a)

    response = client.post(
        f"/verwaltung/benutzer/{admin_a.pk}/",
        {"first_name": "", "last_name": "", "email": "", "rollen": [Rolle.SACHBEARBEITUNG]},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["rollen"]
    assert User.objects.get(pk=admin_a.pk).is_kommune_admin


def test_kommune_admin_deactivates_and_reactivates_user(client, admin_a, clerk_a):
    client.force_login(admin_a)

    client.post(f"/verwaltung/benutzer/{clerk_a.pk}/aktiv/", {"aktiv": "0"})
    deactivated = User.objects.get(pk=clerk_a.pk)
    page = client.get(f"/verwaltung/benutzer/{clerk_a.pk}/")
    client.post(f"/verwaltung/benutzer/{clerk_a.pk}/aktiv/", {"aktiv": "1"})

    assert deactivated.is_active is False
    assert "deaktiviert" in page.content.decode()
    assert User.objects.get(pk=clerk_a.pk).is_active is True
    client.logout()
    response = client.post("/anmelden/", {"username": clerk_a.username, "password": PASSWORD})
    assert response.status_code == 302


def test_kommune_admin_cannot_deactivate_self(client, admin_a):
    client.force_login(admin_a)

    response = client.post(f"/verwaltung/benutzer/{admin_a.pk}/aktiv/", {"aktiv": "0"}, follow=True)

    assert "nicht selbst deaktivieren" in response.content.decode()
    assert User.objects.get(pk=admin_a.pk).is_active


def test_password_reset_gives_one_time_password(client, admin_a, clerk_a):
    client.force_login(admin_a)

    response = client.post(f"/verwaltung/benutzer/{clerk_a.pk}/passwort/")

    assert response.status_code == 200
    one_time = response.context["passwort"]
    clerk = User.objects.get(pk=clerk_a.pk)
    assert clerk.must_change_password
    assert clerk.check_password(one_time)
    assert not clerk.check_password(PASSWORD)


def test_password_reset_ends_open_sessions(client, admin_a, clerk_a):
    clerk_session = client.__class__()
    clerk_session.force_login(clerk_a)
    assert clerk_session.get("/").status_code == 200
    client.force_login(admin_a)

    client.post(f"/verwaltung/benutzer/{clerk_a.pk}/passwort/")

    response = clerk_session.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/anmelden/")


def test_kommune_admin_lists_users_through_api(client, admin_a, clerk_a, admin_b):
    client.force_login(admin_a)

    response = client.get("/api/v1/benutzer")

    assert response.status_code == 200
    usernames = {u["username"] for u in response.json()["items"]}
    assert usernames == {admin_a.username, clerk_a.username}


def test_kommune_admin_cannot_open_user_of_other_kommune(client, admin_a, clerk_b):
    client.force_login(admin_a)

    assert client.get(f"/verwaltung/benutzer/{clerk_b.pk}/").status_code == 404
    assert (
        client.post(f"/verwaltung/benutzer/{clerk_b.pk}/aktiv/", {"aktiv": "0"}).status_code == 404
    )
    assert client.get(f"/api/v1/benutzer/{clerk_b.pk}").status_code == 404
    assert User.objects.get(pk=clerk_b.pk).is_active
