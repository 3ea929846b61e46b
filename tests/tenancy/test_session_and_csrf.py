"""Session cookies are out of reach of scripts, secure by default; forms need CSRF."""

from __future__ import annotations

import importlib.util
import itertools

import pytest
from django.test import Client

from tests.factories import PASSWORD

_fresh = itertools.count()


def _fresh_settings(monkeypatch, tmp_path, **env):
    """Import the settings module anew under `env` (the real one stays untouched)."""
    for name in ("DEBUG", "SECURE_COOKIES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AKTENBUND_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("SECRET_KEY", "nur-fuer-diesen-test")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.find_spec("aktenbund.settings")
    fresh = importlib.util.spec_from_file_location(
        f"aktenbund_settings_probe_{next(_fresh)}", spec.origin
    )
    module = importlib.util.module_from_spec(fresh)
    fresh.loader.exec_module(module)
    return module


def test_cookies_are_secure_by_default(monkeypatch, tmp_path):
    production = _fresh_settings(monkeypatch, tmp_path)

    assert production.DEBUG is False
    assert production.SESSION_COOKIE_SECURE is True
    assert production.CSRF_COOKIE_SECURE is True
    assert production.SESSION_COOKIE_HTTPONLY is True
    assert production.SESSION_COOKIE_SAMESITE == "Lax"


@pytest.mark.parametrize("env", [{"DEBUG": "1"}, {"SECURE_COOKIES": "0"}])
def test_cookies_are_insecure_only_when_asked(monkeypatch, tmp_path, env):
    development = _fresh_settings(monkeypatch, tmp_path, **env)

    assert development.SESSION_COOKIE_SECURE is False
    assert development.CSRF_COOKIE_SECURE is False


def test_session_cookie_is_http_only(client, clerk_a):
    response = client.post("/anmelden/", {"username": clerk_a.username, "password": PASSWORD})

    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_ui_post_without_csrf_token_is_refused(admin_a, kommune_a):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(admin_a)

    response = browser.post(
        "/verwaltung/organisationseinheiten/", {"name": "Hauptamt", "kurzzeichen": "10"}
    )

    assert response.status_code == 403
    assert browser.get("/verwaltung/organisationseinheiten/").context["baum"] == []


def test_login_post_without_csrf_token_is_refused(clerk_a):
    browser = Client(enforce_csrf_checks=True)

    response = browser.post("/anmelden/", {"username": clerk_a.username, "password": PASSWORD})

    assert response.status_code == 403


def test_ui_post_with_csrf_token_is_accepted(admin_a, kommune_a):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(admin_a)
    page = browser.get("/verwaltung/organisationseinheiten/")
    token = page.context["csrf_token"]

    response = browser.post(
        "/verwaltung/organisationseinheiten/",
        {"name": "Hauptamt", "kurzzeichen": "10", "csrfmiddlewaretoken": str(token)},
    )

    assert response.status_code == 302
