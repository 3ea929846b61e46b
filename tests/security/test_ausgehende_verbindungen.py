"""Outbound connections: a Mailkonto is no SSRF tool and no banner grabber.

The Kommune-Admin chooses the IMAP server, so Aktenbund connects wherever a
Mailkonto points. Only the ports and networks the Verbund opened are reached
(default: ports 143 and 993, public addresses); anything else is refused
before a packet is sent, so "Verbindung testen" cannot tell open from closed
ports elsewhere. Failures are German categories: what a foreign service
answers (an SSH banner, say) is never shown, stored or audited.

Real sockets on loopback stand for the services a Mailkonto might be pointed at.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from django.test import Client

from aktenbund.audit.models import AuditEvent
from aktenbund.capture.models import Mailkonto
from aktenbund.capture.services import mailkonten
from aktenbund.capture.services.mail import poll_mailkonto
from aktenbund.errors import ValidationError
from aktenbund.tenancy.scope import kommune_scope

pytestmark = pytest.mark.django_db

BANNER = b"SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n"


@dataclass
class Dienst:
    """A TCP service on loopback that greets every connection with a fixed banner."""

    port: int
    verbindungen: int = 0
    _sock: socket.socket | None = field(default=None, repr=False)


@pytest.fixture
def ssh_dienst() -> Iterator[Dienst]:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.2)
    dienst = Dienst(port=server.getsockname()[1], _sock=server)
    stop = threading.Event()

    def bedienen():
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            dienst.verbindungen += 1
            with conn:
                conn.sendall(BANNER)
                conn.settimeout(2)
                with contextlib.suppress(OSError):
                    conn.recv(1024)  # wait for the client to give up

    thread = threading.Thread(target=bedienen, daemon=True)
    thread.start()
    yield dienst
    stop.set()
    thread.join(5)
    server.close()


def _geschlossener_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # free once closed: nothing listens there


def _anlegen(admin, **kwargs) -> Mailkonto:
    values = {
        "bezeichnung": "Poststelle",
        "host": "imap.example.org",
        "port": 993,
        "verschluesselung": "ssl",
        "benutzer": "poststelle",
        "passwort": "Geheim-42",
    }
    values.update(kwargs)
    with kommune_scope(admin.kommune_id):
        return mailkonten.create_mailkonto(admin, **values)


def _alt(admin, **kwargs) -> Mailkonto:
    """A Mailkonto as stored before the rules (or before the Verbund closed its target)."""
    konto = _anlegen(admin)
    with kommune_scope(admin.kommune_id):
        Mailkonto.objects.filter(pk=konto.pk).update(**kwargs)
        konto.refresh_from_db()
    return konto


def _testen(admin, konto):
    with kommune_scope(admin.kommune_id):
        return mailkonten.verbindung_testen(admin, konto)


def _loopback_offen(settings, *ports: int) -> None:
    settings.AKTENBUND_IMAP_NETZE = ["127.0.0.0/8"]
    settings.AKTENBUND_IMAP_PORTS = [143, 993, *ports]


# --- what may be configured -----------------------------------------------------------


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1",
        "localhost",
        "::1",
        "::ffff:127.0.0.1",
        "0.0.0.0",
        "10.0.0.5",
        "172.16.0.1",
        "192.168.178.1",
        "169.254.169.254",  # cloud metadata
        "fe80::1",
        "fd00::1",
        "100.64.0.1",
        "224.0.0.1",
    ],
)
def test_internal_addresses_are_refused_by_default(admin_a, host):
    with pytest.raises(ValidationError) as exc:
        _anlegen(admin_a, host=host)
    assert "nicht freigegeben" in exc.value.errors["host"]
    with kommune_scope(admin_a.kommune_id):
        assert not Mailkonto.objects.exists()


@pytest.mark.parametrize("port", [22, 25, 80, 443, 3306, 5432, 6379, 8080])
def test_other_ports_than_imap_are_refused_by_default(admin_a, port):
    with pytest.raises(ValidationError) as exc:
        _anlegen(admin_a, port=port)
    assert exc.value.errors["port"].startswith("Für Mailkonten sind nur die Ports 143, 993")


def test_the_verbund_opens_networks_and_ports(admin_a, settings):
    settings.AKTENBUND_IMAP_NETZE = ["10.20.0.0/16"]
    settings.AKTENBUND_IMAP_PORTS = [143, 993, 1993]
    assert _anlegen(admin_a, host="10.20.1.1", port=1993).port == 1993
    with pytest.raises(ValidationError) as exc:
        _anlegen(admin_a, host="10.21.0.1", port=2993)
    assert set(exc.value.errors) == {"host", "port"}


def test_api_refuses_internal_targets_with_the_field(admin_a):
    client = Client()
    client.force_login(admin_a)
    daten = {"bezeichnung": "x", "benutzer": "u", "passwort": "p"}
    response = client.post(
        "/api/v1/mailkonten",
        {**daten, "host": "169.254.169.254", "port": 993},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["host"]
    response = client.post(
        "/api/v1/mailkonten",
        {**daten, "host": "imap.example.org", "port": 22},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["port"]
    with kommune_scope(admin_a.kommune_id):
        assert not Mailkonto.objects.exists()


# --- connecting ------------------------------------------------------------------------


def test_closed_target_is_refused_before_connecting(admin_a, settings, ssh_dienst):
    """Open and closed ports give the same answer; nothing reaches the open one."""
    geschlossen = _geschlossener_port()
    settings.AKTENBUND_IMAP_PORTS = [143, 993, ssh_dienst.port, geschlossen]
    offen = _alt(admin_a, host="127.0.0.1", port=ssh_dienst.port)
    zu = _alt(admin_a, host="127.0.0.1", port=geschlossen)
    a, b = _testen(admin_a, offen), _testen(admin_a, zu)
    assert not a.erfolgreich and not b.erfolgreich
    assert a.meldung.startswith("Ziel nicht erlaubt: „127.0.0.1“")
    assert a.meldung == b.meldung
    assert ssh_dienst.verbindungen == 0


def test_disallowed_port_is_refused_before_connecting(admin_a, settings, ssh_dienst):
    settings.AKTENBUND_IMAP_NETZE = ["127.0.0.0/8"]  # the network is open, the port is not
    konto = _alt(admin_a, host="127.0.0.1", port=ssh_dienst.port, verschluesselung="keine")
    ergebnis = _testen(admin_a, konto)
    assert ergebnis.meldung.startswith("Ziel nicht erlaubt: Für Mailkonten sind nur die Ports")
    assert ssh_dienst.verbindungen == 0


def test_host_name_is_checked_on_every_address_it_resolves_to(admin_a, settings, ssh_dienst):
    settings.AKTENBUND_IMAP_PORTS = [143, 993, ssh_dienst.port]
    # A name the save could not judge ("localhost" as a stand-in for any name
    # pointing inside): checked when connecting.
    konto = _alt(admin_a, host="localhost", port=ssh_dienst.port)
    ergebnis = _testen(admin_a, konto)
    assert ergebnis.meldung.startswith("Ziel nicht erlaubt: „localhost“")
    assert ssh_dienst.verbindungen == 0
    assert poll_mailkonto(konto.pk, admin_a.kommune_id) == 0
    assert ssh_dienst.verbindungen == 0
    with kommune_scope(admin_a.kommune_id):
        assert Mailkonto.objects.get(pk=konto.pk).letzter_fehler.startswith("Ziel nicht erlaubt")


def test_connection_goes_to_the_checked_address(admin_a, settings, ssh_dienst, monkeypatch):
    """DNS rebinding: a second lookup may answer differently, so there is none."""
    _loopback_offen(settings, ssh_dienst.port)
    echt = socket.getaddrinfo
    antworten = iter(["127.0.0.1"])  # the first answer; any later one would be internal
    lookups = []

    def umschaltender_resolver(host, port, *args, **kwargs):
        if host == "postfach.example.org":
            lookups.append(host)
            return echt(next(antworten, "10.99.99.99"), port, *args, **kwargs)
        return echt(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", umschaltender_resolver)
    konto = _alt(
        admin_a, host="postfach.example.org", port=ssh_dienst.port, verschluesselung="starttls"
    )
    ergebnis = _testen(admin_a, konto)
    assert ssh_dienst.verbindungen == 1  # the checked 127.0.0.1, not a new answer
    assert len(lookups) == 1
    assert ergebnis.meldung.startswith("kein IMAP-Server")


@pytest.mark.parametrize("verschluesselung", ["keine", "starttls"])
def test_a_foreign_banner_is_neither_shown_nor_stored(
    admin_a, settings, ssh_dienst, verschluesselung
):
    _loopback_offen(settings, ssh_dienst.port)
    konto = _anlegen(
        admin_a, host="127.0.0.1", port=ssh_dienst.port, verschluesselung=verschluesselung
    )
    ergebnis = _testen(admin_a, konto)
    assert not ergebnis.erfolgreich
    assert ergebnis.meldung == (
        f"kein IMAP-Server: Unter 127.0.0.1:{ssh_dienst.port} antwortet kein IMAP-Server."
    )
    assert poll_mailkonto(konto.pk, admin_a.kommune_id) == 0
    with kommune_scope(admin_a.kommune_id):
        gespeichert = Mailkonto.objects.get(pk=konto.pk).letzter_fehler
        protokoll = [
            str(e.details) for e in AuditEvent.objects.filter(kommune_id=admin_a.kommune_id)
        ]
    assert gespeichert.startswith("kein IMAP-Server")
    for text in [ergebnis.meldung, gespeichert, *protokoll]:
        assert "SSH" not in text and "OpenSSH" not in text
    client = Client()
    client.force_login(admin_a)
    seite = client.get(f"/verwaltung/mailkonten/{konto.pk}/").content.decode()
    api = client.get(f"/api/v1/mailkonten/{konto.pk}").content.decode()
    assert "kein IMAP-Server" in seite and "OpenSSH" not in seite + api


def test_tls_to_a_non_tls_service_is_a_tls_error(admin_a, settings, ssh_dienst):
    _loopback_offen(settings, ssh_dienst.port)
    konto = _anlegen(admin_a, host="127.0.0.1", port=ssh_dienst.port, verschluesselung="ssl")
    ergebnis = _testen(admin_a, konto)
    assert ergebnis.meldung.startswith("TLS-Fehler: ")
    assert "SSH" not in ergebnis.meldung


def test_refused_connection_is_a_category(admin_a, settings):
    port = _geschlossener_port()
    _loopback_offen(settings, port)
    konto = _anlegen(admin_a, host="127.0.0.1", port=port, verschluesselung="keine")
    assert _testen(admin_a, konto).meldung.startswith("Verbindung abgelehnt: ")
