"""Mailkonten: encrypted password, UI and API for the Kommune-Admin, "Verbindung testen"."""

from __future__ import annotations

import socket

import pytest
from django.db import connection
from django.test import Client

from aktenbund.audit.models import AuditEvent
from aktenbund.capture.models import Mailkonto
from aktenbund.capture.services import geheimnis, mailkonten
from aktenbund.capture.services.geheimnis import GeheimnisUnlesbar
from aktenbund.capture.services.mail import poll_mailkonto
from aktenbund.errors import NotFound, ValidationError
from aktenbund.tenancy.scope import kommune_scope
from tests.capture import imapserver

pytestmark = pytest.mark.django_db

PASSWORT = "Geheim-Postfach-42!"

needs_dovecot = pytest.mark.skipif(
    not imapserver.available(),
    reason="Dovecot is not installed (Debian package dovecot-imapd, see TEST_DEBS)",
)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _anlegen(admin, **kwargs) -> Mailkonto:
    values = {
        "bezeichnung": "Poststelle",
        "host": "imap.example.org",
        "port": 993,
        "verschluesselung": "ssl",
        "benutzer": "poststelle@example.org",
        "passwort": PASSWORT,
    }
    values.update(kwargs)
    with kommune_scope(admin.kommune_id):
        return mailkonten.create_mailkonto(admin, **values)


def _gespeichert(konto) -> str:
    """The password column as stored in the database."""
    with kommune_scope(konto.kommune_id), connection.cursor() as cursor:
        cursor.execute(
            "SELECT passwort_verschluesselt FROM capture_mailkonto WHERE id = %s", [konto.pk]
        )
        return cursor.fetchone()[0]


def _events(kommune_id, action):
    with kommune_scope(kommune_id):
        return list(AuditEvent.objects.filter(kommune_id=kommune_id, action=action))


# --- encryption at rest -----------------------------------------------------------


def test_password_is_stored_encrypted_and_decrypts(admin_a):
    konto = _anlegen(admin_a)
    stored = _gespeichert(konto)
    assert PASSWORT not in stored and stored.startswith("gAAAA")  # a Fernet token
    with kommune_scope(admin_a.kommune_id):
        assert Mailkonto.objects.get(pk=konto.pk).passwort() == PASSWORT
    # Each encryption is fresh (random IV): equal passwords give different tokens.
    assert _gespeichert(_anlegen(admin_a, bezeichnung="Zweites")) != stored
    events = _events(admin_a.kommune_id, "mailkonto.angelegt")
    assert len(events) == 2 and all(PASSWORT not in str(e.details) for e in events)


def test_dedicated_key_is_used_and_old_tokens_stay_readable(settings):
    settings.AKTENBUND_SECRET_KEY_MAILKONTEN = ""
    alt = geheimnis.verschluesseln("alt")
    settings.AKTENBUND_SECRET_KEY_MAILKONTEN = "eigener-schluessel-fuer-mailkonten-0123456789"
    neu = geheimnis.verschluesseln("neu")
    # Tokens from before the dedicated key still decrypt; new ones need the dedicated key.
    assert geheimnis.entschluesseln(alt) == "alt"
    assert geheimnis.entschluesseln(neu) == "neu"
    settings.AKTENBUND_SECRET_KEY_MAILKONTEN = ""
    with pytest.raises(GeheimnisUnlesbar):
        geheimnis.entschluesseln(neu)


def test_secret_key_fallbacks_decrypt_after_rotation(settings):
    settings.SECRET_KEY = "erster-schluessel"
    token = geheimnis.verschluesseln("pw")
    settings.SECRET_KEY = "zweiter-schluessel"
    with pytest.raises(GeheimnisUnlesbar):
        geheimnis.entschluesseln(token)
    settings.SECRET_KEY_FALLBACKS = ["erster-schluessel"]
    assert geheimnis.entschluesseln(token) == "pw"


def test_undecryptable_password_is_reported_in_german_on_poll(admin_a, settings):
    konto = _anlegen(admin_a)
    settings.SECRET_KEY = "ein-ganz-anderer-schluessel"
    assert poll_mailkonto(konto.pk, admin_a.kommune_id) == 0
    with kommune_scope(admin_a.kommune_id):
        fehler = Mailkonto.objects.get(pk=konto.pk).letzter_fehler
    assert "kann nicht entschlüsselt werden" in fehler


# --- services -----------------------------------------------------------------------


def test_only_the_kommune_admin_manages_mailkonten(admin_a, clerk_a, admin_b):
    konto = _anlegen(admin_a)
    with kommune_scope(clerk_a.kommune_id), pytest.raises(NotFound):
        mailkonten.mailkonten_of(clerk_a)
    with kommune_scope(admin_b.kommune_id), pytest.raises(NotFound):
        mailkonten.get_mailkonto(admin_b, konto.pk)


@pytest.mark.parametrize(
    ("feld", "wert", "fehlerfeld"),
    [
        ("host", "imap example org", "host"),
        ("host", "", "host"),
        ("port", 70000, "port"),
        ("verschluesselung", "rot13", "verschluesselung"),
        ("verschluesselung", "keine", "verschluesselung"),  # only to loopback
        ("passwort", "", "passwort"),
        ("passwort", "a\nb", "passwort"),
        ("ordner", "IN\rBOX", "ordner"),
        ("bezeichnung", " ", "bezeichnung"),
    ],
)
def test_invalid_settings_are_refused_in_german(admin_a, feld, wert, fehlerfeld):
    with pytest.raises(ValidationError) as exc:
        _anlegen(admin_a, **{feld: wert})
    assert fehlerfeld in exc.value.errors
    with kommune_scope(admin_a.kommune_id):
        assert not Mailkonto.objects.exists()


def test_update_keeps_password_unless_given_and_resets_uids(admin_a, oe_a):
    konto = _anlegen(admin_a)
    with kommune_scope(admin_a.kommune_id):
        Mailkonto.objects.filter(pk=konto.pk).update(uidvalidity=7, letzte_uid=55)
        konto = mailkonten.update_mailkonto(admin_a, konto, bezeichnung="Bauamt", passwort="")
        assert konto.passwort() == PASSWORT and konto.letzte_uid == 55
        konto = mailkonten.update_mailkonto(
            admin_a, konto, host="imap2.example.org", passwort="neu", oe_id=oe_a.pk
        )
        konto.refresh_from_db()
        assert konto.passwort() == "neu" and konto.oe_id == oe_a.pk
        assert (konto.uidvalidity, konto.letzte_uid) == (None, 0)
        mailkonten.deactivate_mailkonto(admin_a, konto)
        konto.refresh_from_db()
        assert not konto.aktiv
    details = [e.details for e in _events(admin_a.kommune_id, "mailkonto.geaendert")]
    assert details[0] == {"bezeichnung": "Bauamt"}
    assert details[1]["passwort"] == "geändert" and "neu" not in str(details[1])
    assert details[2] == {"aktiv": False}


# --- Verbindung testen (real Dovecot on loopback) ------------------------------------


def _lokal(admin, server, **kwargs) -> Mailkonto:
    values = {
        "host": server.host,
        "port": server.port,
        "verschluesselung": "keine",
        "benutzer": server.user,
        "passwort": server.password,
    }
    values.update(kwargs)
    return _anlegen(admin, **values)


@needs_dovecot
def test_verbindung_testen_reports_success_and_problems_in_german(admin_a, imap):
    def testen(konto):
        with kommune_scope(admin_a.kommune_id):
            return mailkonten.verbindung_testen(admin_a, konto)

    ok = testen(_lokal(admin_a, imap))
    assert ok.erfolgreich, ok.meldung
    assert ok.meldung == "Verbindung erfolgreich: Der Ordner „INBOX“ enthält 0 Nachrichten."
    falsch = testen(_lokal(admin_a, imap, passwort="falsch"))
    assert not falsch.erfolgreich
    assert falsch.meldung == "Anmeldung fehlgeschlagen: Benutzername oder Passwort ist falsch."
    ordner = testen(_lokal(admin_a, imap, ordner="Gibtsnicht"))
    assert not ordner.erfolgreich and "den Ordner „Gibtsnicht“ gibt es nicht" in ordner.meldung
    events = _events(admin_a.kommune_id, "mailkonto.verbindung_getestet")
    assert [e.details["erfolgreich"] for e in events] == [True, False, False]


def test_verbindung_testen_reports_a_closed_port(admin_a, settings):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # free once closed: nothing listens there
    # A Verbund that runs its IMAP server on this machine opens loopback and its port.
    settings.AKTENBUND_IMAP_NETZE = ["127.0.0.0/8"]
    settings.AKTENBUND_IMAP_PORTS = [143, 993, port]
    konto = _anlegen(admin_a, host="127.0.0.1", port=port, verschluesselung="keine")
    with kommune_scope(admin_a.kommune_id):
        ergebnis = mailkonten.verbindung_testen(admin_a, konto)
    assert not ergebnis.erfolgreich
    assert ergebnis.meldung == (
        f"Verbindung abgelehnt: 127.0.0.1:{port} nimmt keine Verbindung an. "
        "Stimmen Server und Port?"
    )


# --- UI ---------------------------------------------------------------------------


@needs_dovecot
def test_admin_creates_edits_tests_and_deactivates_in_the_ui(admin_a, oe_a, imap):
    client = _client(admin_a)
    assert client.get("/verwaltung/mailkonten/").status_code == 200
    daten = {
        "bezeichnung": "Poststelle",
        "oe": str(oe_a.pk),
        "host": imap.host,
        "port": str(imap.port),
        "verschluesselung": "keine",
        "benutzer": imap.user,
        "passwort": imap.password,
        "ordner": "INBOX",
        "aktiv": "on",
    }
    response = client.post("/verwaltung/mailkonten/", daten, follow=True)
    assert response.status_code == 200
    with kommune_scope(admin_a.kommune_id):
        konto = Mailkonto.objects.get()
    assert konto.oe_id == oe_a.pk and konto.passwort() == imap.password
    seite = response.content.decode()
    assert imap.password not in seite and "Verbindung testen" in seite
    # Edit without a password keeps it; the password field is never filled in.
    daten.update(bezeichnung="Bauamt", passwort="")
    response = client.post(f"/verwaltung/mailkonten/{konto.pk}/", daten, follow=True)
    assert "Das Mailkonto wurde gespeichert." in response.content.decode()
    assert imap.password not in response.content.decode()
    with kommune_scope(admin_a.kommune_id):
        konto.refresh_from_db()
    assert konto.bezeichnung == "Bauamt" and konto.passwort() == imap.password
    response = client.post(f"/verwaltung/mailkonten/{konto.pk}/testen/", follow=True)
    assert "Verbindung erfolgreich" in response.content.decode()
    response = client.post(f"/verwaltung/mailkonten/{konto.pk}/deaktivieren/", follow=True)
    assert "ist deaktiviert" in response.content.decode()
    with kommune_scope(admin_a.kommune_id):
        assert not Mailkonto.objects.get(pk=konto.pk).aktiv


def test_ui_shows_german_errors_and_stores_nothing(admin_a):
    response = _client(admin_a).post(
        "/verwaltung/mailkonten/",
        {
            "bezeichnung": "x",
            "host": "mail.example.org",
            "port": "143",
            "verschluesselung": "keine",
            "benutzer": "u",
            "passwort": "p",
            "ordner": "INBOX",
        },
    )
    assert response.status_code == 422
    assert "Ohne Verschlüsselung nur zu einem Server auf diesem Rechner." in (
        response.content.decode()
    )
    with kommune_scope(admin_a.kommune_id):
        assert not Mailkonto.objects.exists()


def test_ui_is_for_the_own_kommune_admin_only(admin_a, clerk_a, admin_b):
    konto = _anlegen(admin_a)
    assert _client(clerk_a).get("/verwaltung/mailkonten/").status_code == 404
    fremd = _client(admin_b)
    assert fremd.get(f"/verwaltung/mailkonten/{konto.pk}/").status_code == 404
    assert fremd.post(f"/verwaltung/mailkonten/{konto.pk}/testen/").status_code == 404
    assert fremd.post(f"/verwaltung/mailkonten/{konto.pk}/deaktivieren/").status_code == 404


# --- API --------------------------------------------------------------------------


@needs_dovecot
def test_api_create_list_patch_test_deactivate(admin_a, imap):
    client = _client(admin_a)
    response = client.post(
        "/api/v1/mailkonten",
        {
            "bezeichnung": "Poststelle",
            "host": imap.host,
            "port": imap.port,
            "verschluesselung": "keine",
            "benutzer": imap.user,
            "passwort": imap.password,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert "passwort" not in body and body["passwort_gesetzt"] is True
    assert imap.password not in response.content.decode()
    konto_id = body["id"]
    assert client.get("/api/v1/mailkonten").json()["count"] == 1
    test = client.post(f"/api/v1/mailkonten/{konto_id}/verbindungstest").json()
    assert test["erfolgreich"] is True and "Verbindung erfolgreich" in test["meldung"]
    patched = client.patch(
        f"/api/v1/mailkonten/{konto_id}",
        {"passwort": "falsch", "ordner": "Archiv"},
        content_type="application/json",
    )
    assert patched.status_code == 200 and patched.json()["ordner"] == "Archiv"
    test = client.post(f"/api/v1/mailkonten/{konto_id}/verbindungstest").json()
    assert test == {
        "erfolgreich": False,
        "meldung": "Anmeldung fehlgeschlagen: Benutzername oder Passwort ist falsch.",
    }
    response = client.post(f"/api/v1/mailkonten/{konto_id}/deaktivieren")
    assert response.status_code == 200 and response.json()["aktiv"] is False


def test_api_errors(admin_a, clerk_a, admin_b):
    konto = _anlegen(admin_a)
    client = _client(admin_a)
    response = client.post(
        "/api/v1/mailkonten",
        {"bezeichnung": "x", "host": "a b", "benutzer": "u", "passwort": "p"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "host"
    assert _client(clerk_a).get("/api/v1/mailkonten").status_code == 404
    assert _client(admin_b).get(f"/api/v1/mailkonten/{konto.pk}").status_code == 404
    assert client.get(f"/api/v1/mailkonten/{2**63}").status_code == 422
