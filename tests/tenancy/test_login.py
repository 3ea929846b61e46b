"""Signing in: a German form, a German error, a lockout after too many failures."""

from __future__ import annotations

import importlib

from django.conf import settings

from tests.factories import PASSWORD


def _sign_in(client, username: str, password: str):
    return client.post("/anmelden/", {"username": username, "password": password})


def test_login_page_has_german_labels(client, db):
    response = client.get("/anmelden/")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="de"' in html
    assert '<label for="id_username">Benutzername' in html
    assert '<label for="id_password">Passwort' in html
    assert ">Anmelden</button>" in html


def test_wrong_password_gives_german_error(client, clerk_a):
    response = _sign_in(client, clerk_a.username, "falsches-Passwort")

    assert response.status_code == 200
    assert "Benutzername oder Passwort ist falsch." in response.content.decode()
    assert client.get("/").status_code == 302


def test_right_password_signs_in(client, clerk_a):
    response = _sign_in(client, clerk_a.username, PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_too_many_failures_lock_the_account_out(client, clerk_a):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = _sign_in(client, clerk_a.username, "falsches-Passwort")

    refused = _sign_in(client, clerk_a.username, PASSWORD)

    assert response.status_code == 429
    assert refused.status_code == 429
    assert "Anmeldung vorübergehend gesperrt" in refused.content.decode()
    assert client.get("/").status_code == 302


def test_failures_below_the_limit_do_not_lock_out(client, clerk_a):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _sign_in(client, clerk_a.username, "falsches-Passwort")

    assert _sign_in(client, clerk_a.username, PASSWORD).status_code == 302


def test_lockout_of_one_account_leaves_others_alone(client, clerk_a, admin_a):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, clerk_a.username, "falsches-Passwort")

    assert _sign_in(client, admin_a.username, PASSWORD).status_code == 302


def test_production_settings_hash_passwords_with_argon2(settings, clerk_a):
    # conftest switches the suite to MD5 for speed; read the real settings module.
    real = importlib.import_module("aktenbund.settings")
    settings.PASSWORD_HASHERS = real.PASSWORD_HASHERS

    clerk_a.set_password("Ein-neues-Passwort-2025")

    assert real.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert clerk_a.password.startswith("argon2$argon2id$")
    assert "Ein-neues-Passwort-2025" not in clerk_a.password
    assert clerk_a.check_password("Ein-neues-Passwort-2025")
