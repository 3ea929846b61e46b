"""IMAP connections of the Mailkonten: which servers may be reached, and how.

A Mailkonto names a server of the Kommune-Admin's choosing, so every
connection is an outbound request on their behalf. The Verbund decides what
it may reach (settings, docs/operations.md):

- ports: `AKTENBUND_IMAP_PORTS` (default 143 and 993);
- addresses: public ones; private, loopback, link-local and other
  special-purpose ranges only inside `AKTENBUND_IMAP_NETZE` (default none).

A host name is resolved once, every address it resolves to is checked, and
the socket connects to a checked address: a second lookup could answer
differently (DNS rebinding). TLS still verifies the certificate against the
host name. A disallowed target is refused before any packet is sent, so the
connection test cannot tell open from closed ports elsewhere.

Failures are German categories (`Verbindungsfehler`): nothing the server
sent — its greeting, its error text — is shown or stored, so a Mailkonto
pointed at another service cannot read that service's banner.
"""

from __future__ import annotations

import contextlib
import imaplib
import ipaddress
import socket
import ssl
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Categories: the first words of every failure message.
ZIEL_NICHT_ERLAUBT = "Ziel nicht erlaubt"
NAME_NICHT_AUFLOESBAR = "Name nicht auflösbar"
VERBINDUNG_ABGELEHNT = "Verbindung abgelehnt"
ZEITUEBERSCHREITUNG = "Zeitüberschreitung"
TLS_FEHLER = "TLS-Fehler"
KEIN_IMAP_SERVER = "kein IMAP-Server"
ANMELDUNG_FEHLGESCHLAGEN = "Anmeldung fehlgeschlagen"
NICHT_ERREICHBAR = "Server nicht erreichbar"
VERBINDUNG_ABGEBROCHEN = "Verbindung abgebrochen"

LOKAL = ("127.0.0.1", "localhost", "::1")

IpAdresse = ipaddress.IPv4Address | ipaddress.IPv6Address
IpNetz = ipaddress.IPv4Network | ipaddress.IPv6Network


class Verbindungsfehler(Exception):
    """A failed IMAP connection: a category and a hint, both German, no server bytes."""

    def __init__(self, kategorie: str, hinweis: str):
        self.kategorie = kategorie
        super().__init__(f"{kategorie}: {hinweis}")


def erlaubte_ports() -> list[int]:
    """The ports a Mailkonto may use (`AKTENBUND_IMAP_PORTS`), sorted."""
    return sorted({int(port) for port in settings.AKTENBUND_IMAP_PORTS})


def erlaubte_netze() -> list[IpNetz]:
    """The internal networks the Verbund opened for Mailkonten (`AKTENBUND_IMAP_NETZE`)."""
    netze = []
    for eintrag in settings.AKTENBUND_IMAP_NETZE:
        try:
            netze.append(ipaddress.ip_network(str(eintrag).strip(), strict=False))
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"AKTENBUND_IMAP_NETZE: {eintrag!r} is not a network (e.g. 10.1.2.0/24)."
            ) from exc
    return netze


def _adresse(text: str) -> IpAdresse:
    # getaddrinfo gives IPv6 link-local addresses with their zone ("fe80::1%eth0").
    ip = ipaddress.ip_address(text.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    return ip


def adresse_erlaubt(ip: IpAdresse) -> bool:
    """Public unicast addresses always; any other only inside a network the Verbund opened."""
    if ip.is_multicast or ip.is_unspecified:
        return False
    if ip.is_global:
        return True
    return any(ip.version == netz.version and ip in netz for netz in erlaubte_netze())


def port_fehler(port: int) -> str | None:
    """Why `port` may not be used, or None."""
    ports = erlaubte_ports()
    if port in ports:
        return None
    liste = ", ".join(str(p) for p in ports) or "keiner"
    return f"Für Mailkonten sind nur die Ports {liste} freigegeben (weitere gibt der Verbund frei)."


def host_fehler(host: str) -> str | None:
    """Why `host` may not be used, as far as it is known without resolving it, or None.

    An IP address (and `localhost`) is checked now; a host name when connecting,
    against every address it then resolves to.
    """
    if host == "localhost":
        adressen = [ipaddress.ip_address("127.0.0.1")]
    else:
        try:
            adressen = [_adresse(host)]
        except ValueError:
            return None
    if all(adresse_erlaubt(ip) for ip in adressen):
        return None
    return _NETZ_NICHT_FREIGEGEBEN


_NETZ_NICHT_FREIGEGEBEN = (
    "Diese Adresse liegt in einem internen Netz, das der Verbund für Mailkonten "
    "nicht freigegeben hat."
)


def check_ziel(host: str, port: int, *, nur_lokal: bool = False) -> list[str]:
    """The checked addresses of `host` to connect to; Verbindungsfehler if it may not be reached.

    `nur_lokal`: every address must be a loopback one (unencrypted Mailkonten).
    """
    if problem := port_fehler(port):
        raise Verbindungsfehler(ZIEL_NICHT_ERLAUBT, problem)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise Verbindungsfehler(
            NAME_NICHT_AUFLOESBAR, f"Den Server „{host}“ gibt es nicht."
        ) from None
    adressen = list(dict.fromkeys(str(info[4][0]) for info in infos))
    for text in adressen:
        ip = _adresse(text)
        if not adresse_erlaubt(ip):
            raise Verbindungsfehler(ZIEL_NICHT_ERLAUBT, f"„{host}“: {_NETZ_NICHT_FREIGEGEBEN}")
        if nur_lokal and not ip.is_loopback:
            raise Verbindungsfehler(
                ZIEL_NICHT_ERLAUBT,
                "Ohne Verschlüsselung nur zu einem Server auf diesem Rechner.",
            )
    if not adressen:
        raise Verbindungsfehler(NAME_NICHT_AUFLOESBAR, f"Den Server „{host}“ gibt es nicht.")
    return adressen


def _socket_zu(adressen: Sequence[str], port: int, timeout: float) -> socket.socket:
    """A TCP connection to the first of the checked addresses that answers."""
    letzter: OSError | None = None
    for adresse in adressen:
        try:
            return socket.create_connection((adresse, port), timeout)
        except OSError as exc:
            letzter = exc
    assert letzter is not None  # check_ziel gives at least one address
    raise letzter


class _IMAP4(imaplib.IMAP4):
    """imaplib's client, connected to a checked address instead of resolving the name again."""

    def __init__(self, host: str, port: int, adressen: Sequence[str], timeout: float):
        self._adressen = adressen
        super().__init__(host, port, timeout)

    def _create_socket(self, timeout):
        return _socket_zu(self._adressen, self.port, timeout)


class _IMAP4_SSL(imaplib.IMAP4_SSL):
    """The same with implicit TLS; the certificate is checked against the host name."""

    def __init__(self, host: str, port: int, adressen: Sequence[str], timeout: float):
        self._adressen = adressen
        super().__init__(host, port, ssl_context=ssl.create_default_context(), timeout=timeout)

    def _create_socket(self, timeout):
        sock = _socket_zu(self._adressen, self.port, timeout)
        try:
            return self.ssl_context.wrap_socket(sock, server_hostname=self.host)
        except BaseException:
            sock.close()
            raise


def _netzfehler(exc: BaseException, host: str, port: int) -> Verbindungsfehler:
    """A socket or TLS failure as a category; None of the server's bytes are in these."""
    ziel = f"{host}:{port}"
    if isinstance(exc, ssl.SSLCertVerificationError):
        # OpenSSL's own words about the local check ("certificate has expired").
        return Verbindungsfehler(
            TLS_FEHLER,
            f"Das Zertifikat des Servers ist nicht vertrauenswürdig ({exc.verify_message}).",
        )
    if isinstance(exc, ssl.SSLError):
        return Verbindungsfehler(
            TLS_FEHLER,
            "Die verschlüsselte Verbindung kam nicht zustande. Passt die Verschlüsselung "
            f"(SSL/TLS oder STARTTLS) zum Port {port}?",
        )
    if isinstance(exc, ConnectionRefusedError):
        return Verbindungsfehler(
            VERBINDUNG_ABGELEHNT, f"{ziel} nimmt keine Verbindung an. Stimmen Server und Port?"
        )
    if isinstance(exc, TimeoutError):
        return Verbindungsfehler(ZEITUEBERSCHREITUNG, f"{ziel} antwortet nicht.")
    return Verbindungsfehler(NICHT_ERREICHBAR, f"{ziel} ist nicht erreichbar.")


def connect(konto, timeout: float = 30) -> imaplib.IMAP4:
    """A client connected to the Mailkonto's server and logged in.

    Raises GeheimnisUnlesbar before any connection if the password cannot be
    decrypted, Verbindungsfehler for a disallowed target or any failure.
    """
    passwort = konto.passwort()
    host, port = konto.host, konto.port
    adressen = check_ziel(host, port, nur_lokal=konto.verschluesselung == "keine")
    try:
        if konto.verschluesselung == "ssl":
            client = _IMAP4_SSL(host, port, adressen, timeout)
        else:
            client = _IMAP4(host, port, adressen, timeout)
    except OSError as exc:
        raise _netzfehler(exc, host, port) from None
    except (imaplib.IMAP4.error, EOFError, ValueError) as exc:
        # A greeting that is not IMAP's: another service answered. Its words stay out.
        raise Verbindungsfehler(
            KEIN_IMAP_SERVER, f"Unter {host}:{port} antwortet kein IMAP-Server."
        ) from exc
    try:
        if konto.verschluesselung == "starttls":
            try:
                client.starttls(ssl_context=ssl.create_default_context())
            except imaplib.IMAP4.error:
                raise Verbindungsfehler(TLS_FEHLER, "Der Server bietet kein STARTTLS an.") from None
        try:
            client.login(konto.benutzer, passwort)
        except imaplib.IMAP4.abort as exc:
            raise abbruch(exc) from None
        except imaplib.IMAP4.error:
            raise Verbindungsfehler(
                ANMELDUNG_FEHLGESCHLAGEN, "Benutzername oder Passwort ist falsch."
            ) from None
    except BaseException as exc:
        with contextlib.suppress(OSError):
            client.shutdown()
        if isinstance(exc, OSError):
            raise _netzfehler(exc, host, port) from None
        raise
    return client


def abbruch(exc: BaseException) -> Verbindungsfehler:
    """A failure after the connection stood (during login, select or fetch) as a category."""
    if isinstance(exc, Verbindungsfehler):
        return exc
    if isinstance(exc, TimeoutError):
        return Verbindungsfehler(ZEITUEBERSCHREITUNG, "Der Server antwortet nicht mehr.")
    return Verbindungsfehler(VERBINDUNG_ABGEBROCHEN, "Der Server hat die Verbindung beendet.")


def quote(ordner: str) -> str:
    """A folder name as an IMAP quoted string."""
    return '"' + ordner.replace("\\", "\\\\").replace('"', '\\"') + '"'
