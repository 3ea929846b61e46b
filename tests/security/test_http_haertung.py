"""HTTP hardening: security headers, caching, the health check, the API docs, the sign-in lockout.

- Every page carries a Content-Security-Policy that allows nothing inline and
  nothing from elsewhere, and the templates need nothing inline.
- HSTS behind TLS; Referrer-Policy, X-Frame-Options, nosniff everywhere.
- Nothing a signed-in user gets, and no API answer, stays in a cache.
- `/api/v1/health` tells anonymous callers ok/fehler per part, nothing more.
- `/api/docs` works without a CDN.
- Password spraying from one address is slowed across user names, and the
  client address comes from a trusted proxy only.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

import aktenbund
from tests.capture.conftest import *  # noqa: F403 (fixtures)
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

SRC = Path(aktenbund.__file__).resolve().parent


def _angemeldet(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _csp(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return {
        teil.split()[0]: " ".join(teil.split()[1:])
        for teil in (t.strip() for t in policy.split(";"))
        if teil
    }


# --- Content-Security-Policy and the other headers ----------------------------------


@pytest.mark.parametrize("url", ["/anmelden/", "/gibt-es-nicht/", "/api/docs", "/api/v1/health"])
def test_anonymous_answers_carry_the_security_headers(client, url):
    response = client.get(url)
    csp = _csp(response)
    assert csp["default-src"] == "'self'"
    assert csp["script-src"] == "'self'" and csp["style-src"] == "'self'"
    assert csp["object-src"] == "'none'" and csp["frame-ancestors"] == "'self'"
    assert csp["base-uri"] == "'self'" and csp["form-action"] == "'self'"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "url", ["/", "/posteingang/", "/verwaltung/mailkonten/", "/verwaltung/organisationseinheiten/"]
)
def test_signed_in_pages_carry_csp_and_are_not_cached(admin_a, url):
    response = _angemeldet(admin_a).get(url)
    assert response.status_code == 200, url
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    cache = {t.strip() for t in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache


_INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I), "script"),
    (re.compile(r"<style\b", re.I), "style element"),
    (re.compile(r"\sstyle=", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "event handler attribute"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
    (re.compile(r"hx-on", re.I), "hx-on (eval)"),
]


def test_templates_need_nothing_the_csp_forbids():
    """No inline script, style or handler in any page template (PDF templates are not pages)."""
    funde = []
    for template in SRC.glob("*/templates/**/*.html"):
        if "/pdf/" in template.as_posix():
            continue
        text = template.read_text()
        for muster, was in _INLINE:
            if muster.search(text):
                funde.append(f"{template.relative_to(SRC)}: {was}")
    assert funde == []


def test_a_view_with_its_own_policy_keeps_it(sb_a):
    """Inline files keep their sandbox policy; the page policy does not replace it."""
    client = _angemeldet(sb_a)
    response = client.post(
        "/api/v1/posteingang", {"dateien": [SimpleUploadedFile("notiz.txt", b"Notiz")]}
    )
    assert response.status_code == 201, response.content
    eintrag = response.json()[0]
    datei = client.get(f"/posteingang/{eintrag['id']}/dateien/{eintrag['dateien'][0]['id']}/")
    assert datei.status_code == 200
    assert "sandbox" in datei["Content-Security-Policy"]
    assert "private" in datei["Cache-Control"] and "no-store" in datei["Cache-Control"]


def test_hsts_behind_tls(client, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")  # BEHIND_TLS_PROXY=1
    ueber_tls = client.get("/anmelden/", HTTP_X_FORWARDED_PROTO="https")
    assert ueber_tls["Strict-Transport-Security"] == "max-age=31536000"
    assert "Strict-Transport-Security" not in client.get("/anmelden/")


# --- caching --------------------------------------------------------------------------


def test_api_answers_and_downloads_are_not_cached(sb_a):
    client = _angemeldet(sb_a)
    response = client.post(
        "/api/v1/posteingang", {"dateien": [SimpleUploadedFile("notiz.txt", b"Notiz")]}
    )
    assert response.status_code == 201, response.content
    eintrag = response.json()[0]
    datei = eintrag["dateien"][0]
    download = client.get(f"/api/v1/posteingang/{eintrag['id']}/dateien/{datei['id']}")
    assert download.status_code == 200
    for answer in (response, download, client.get("/api/v1/ich"), Client().get("/api/v1/health")):
        cache = {t.strip() for t in answer["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= cache


# --- health ---------------------------------------------------------------------------


def test_health_tells_anonymous_callers_no_details(client, settings, tmp_path):
    kaputt = tmp_path / "ablage-als-datei"
    kaputt.write_text("kein Verzeichnis")
    settings.BLOB_ROOT = kaputt
    response = client.get("/api/v1/health")
    assert response.status_code == 503
    body = response.json()
    assert body["dateiablage"]["status"] == "fehler"
    assert all(body[teil]["detail"] == "" for teil in ("datenbank", "dateiablage", "aufgaben"))
    assert str(tmp_path) not in response.content.decode()


def test_health_details_are_for_the_verbund_admin_only(settings, tmp_path, admin_a, verbund_admin):
    kaputt = tmp_path / "ablage-als-datei"
    kaputt.write_text("kein Verzeichnis")
    settings.BLOB_ROOT = kaputt
    assert str(kaputt) not in _angemeldet(admin_a).get("/api/v1/health").content.decode()
    assert str(kaputt) in _angemeldet(verbund_admin).get("/api/v1/health").content.decode()


# --- API docs without CDN ----------------------------------------------------------


def test_api_docs_load_everything_from_this_server(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    quellen = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert quellen and all(q.startswith("/static/") for q in quellen), quellen
    for quelle in quellen:
        assert finders.find(quelle.removeprefix("/static/")), quelle
    assert "/api/openapi.json" in html
    lizenz = finders.find("web/vendor/swagger-ui/LICENSE")
    assert lizenz and "Apache License" in Path(lizenz).read_text()


# --- sign-in lockout ----------------------------------------------------------------


def _anmelden(client, username, password, **meta):
    return client.post("/anmelden/", {"username": username, "password": password}, **meta)


def test_spraying_one_address_across_user_names_is_locked_out(client, settings, clerk_a):
    limit = settings.AKTENBUND_LOGIN_IP_LIMIT
    assert limit > settings.AXES_FAILURE_LIMIT  # per account first, per address later
    for n in range(limit):
        # Never more than one try per user name: the per-account limit is not reached.
        response = _anmelden(client, f"person{n}", "Sommer2025!", REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 429
    gesperrt = _anmelden(client, clerk_a.username, PASSWORD, REMOTE_ADDR="198.51.100.7")
    assert gesperrt.status_code == 429
    assert "Anmeldung vorübergehend gesperrt" in gesperrt.content.decode()
    # Another address is not affected.
    assert (
        _anmelden(Client(), clerk_a.username, PASSWORD, REMOTE_ADDR="198.51.100.8").status_code
        == 302
    )


def test_x_forwarded_for_from_an_untrusted_peer_is_ignored(client, settings, clerk_a):
    settings.AKTENBUND_TRUSTED_PROXIES = ["10.0.0.1"]
    for n in range(settings.AXES_FAILURE_LIMIT):
        _anmelden(
            client,
            clerk_a.username,
            "falsch",
            REMOTE_ADDR="198.51.100.7",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",  # made up by the client itself
        )
    andere_angabe = _anmelden(
        client,
        clerk_a.username,
        PASSWORD,
        REMOTE_ADDR="198.51.100.7",
        HTTP_X_FORWARDED_FOR="203.0.113.99",
    )
    assert andere_angabe.status_code == 429


def test_behind_a_trusted_proxy_the_forwarded_client_counts(settings, clerk_a):
    settings.AKTENBUND_TRUSTED_PROXIES = ["127.0.0.1"]
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    angreifer = Client()
    for n in range(settings.AXES_FAILURE_LIMIT):
        # What the client wrote stays left of what the proxy appended: it does not count.
        _anmelden(
            angreifer,
            clerk_a.username,
            "falsch",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.5",
            **proxy,
        )
    gesperrt = _anmelden(
        angreifer, clerk_a.username, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy
    )
    assert gesperrt.status_code == 429
    # The same account from another client behind the same proxy still signs in.
    kollege = _anmelden(
        Client(), clerk_a.username, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.6", **proxy
    )
    assert kollege.status_code == 302
