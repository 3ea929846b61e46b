"""Mailkonten: the IMAP mailboxes a Kommune-Admin connects to a Posteingang.

The password is stored encrypted (services.geheimnis) and never given back:
forms and the API take it write-only, an empty value keeps the stored one.
"""

from __future__ import annotations

import contextlib
import imaplib
import ipaddress
import re
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet

from aktenbund.audit.services import record
from aktenbund.capture.models import Mailkonto
from aktenbund.capture.services import imap
from aktenbund.capture.services.geheimnis import GeheimnisUnlesbar
from aktenbund.capture.services.zugang import get_oe
from aktenbund.errors import NotFound, ValidationError
from aktenbund.records.services.aktenplan import clean_text
from aktenbund.tenancy.models import Organisationseinheit, Rolle, User

VERSCHLUESSELUNG = ("ssl", "starttls", "keine")
TEST_TIMEOUT = 10

# A host name (RFC 1123 labels) or an IPv4/IPv6 address.
_LABEL = r"[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_HOSTNAME = re.compile(rf"^(?=.{{1,253}}$){_LABEL}(\.{_LABEL})*\.?$")


def _admin(actor: User) -> None:
    # Like the administration pages: for everyone else they do not exist (404).
    if not actor.kommune_id or not actor.has_rolle(Rolle.KOMMUNE_ADMIN):
        raise NotFound("Mailkonten richtet die Administration der Kommune ein.")


def mailkonten_of(actor: User) -> QuerySet[Mailkonto]:
    _admin(actor)
    return Mailkonto.objects.filter(kommune_id=actor.kommune_id).select_related("oe")


def get_mailkonto(actor: User, mailkonto_id: int) -> Mailkonto:
    """A Mailkonto of the actor's Kommune (404 for any other)."""
    konto = mailkonten_of(actor).filter(pk=mailkonto_id).first()
    if konto is None:
        raise NotFound("Dieses Mailkonto gibt es nicht.")
    return konto


def _gueltiger_host(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        return bool(_HOSTNAME.match(host))


def _pruefen(
    *, bezeichnung: str, host: str, port, verschluesselung: str, benutzer: str, ordner: str
) -> tuple[dict[str, str], int | None]:
    errors: dict[str, str] = {}
    if not bezeichnung:
        errors["bezeichnung"] = "Bitte eine Bezeichnung angeben."
    elif len(bezeichnung) > 100:
        errors["bezeichnung"] = "Die Bezeichnung ist zu lang (höchstens 100 Zeichen)."
    if not host:
        errors["host"] = "Bitte den IMAP-Server angeben."
    elif not _gueltiger_host(host):
        errors["host"] = (
            "Bitte einen Servernamen (z. B. imap.example.de) oder eine IP-Adresse angeben."
        )
    elif problem := imap.host_fehler(host):
        errors["host"] = problem
    try:
        port = int(port)
    except (TypeError, ValueError):
        port = None
    if port is None or not 1 <= port <= 65535:
        errors["port"] = "Der Port liegt zwischen 1 und 65535."
    elif problem := imap.port_fehler(port):
        errors["port"] = problem
    if verschluesselung not in VERSCHLUESSELUNG:
        errors["verschluesselung"] = "Bitte SSL/TLS, STARTTLS oder keine wählen."
    elif verschluesselung == "keine" and host not in imap.LOKAL:
        errors["verschluesselung"] = "Ohne Verschlüsselung nur zu einem Server auf diesem Rechner."
    if not benutzer:
        errors["benutzer"] = "Bitte den Benutzernamen angeben."
    elif len(benutzer) > 200:
        errors["benutzer"] = "Der Benutzername ist zu lang (höchstens 200 Zeichen)."
    if not ordner:
        errors["ordner"] = "Bitte den Ordner angeben (meist INBOX)."
    elif len(ordner) > 200 or any(c in ordner for c in "\r\n\0"):
        errors["ordner"] = "Bitte einen gültigen Ordnernamen angeben."
    return errors, port


def _passwort_fehler(passwort: str) -> str | None:
    if len(passwort) > 500:
        return "Das Passwort ist zu lang (höchstens 500 Zeichen)."
    if any(c in passwort for c in "\r\n\0"):
        return "Das Passwort darf keine Zeilenumbrüche enthalten."
    return None


def _ziel_oe(actor: User, oe_id: int | None) -> Organisationseinheit | None:
    oe = get_oe(actor, oe_id)
    if oe is not None and not oe.aktiv:
        raise ValidationError(
            "Diese Organisationseinheit ist aufgelöst.",
            {"oe": "Bitte eine aktive Organisationseinheit wählen."},
        )
    return oe


@transaction.atomic
def create_mailkonto(
    actor: User,
    *,
    bezeichnung: str,
    host: str,
    port: int,
    verschluesselung: str,
    benutzer: str,
    passwort: str,
    ordner: str = "INBOX",
    oe_id: int | None = None,
    aktiv: bool = True,
) -> Mailkonto:
    """Connect an IMAP mailbox to the Posteingang of the Kommune (oe None) or one OE.

    Only the ports and networks the Verbund opened are accepted (see
    services.imap; a host name is checked when connecting). Without encryption
    only a server on this machine (loopback) is allowed.
    """
    _admin(actor)
    oe = _ziel_oe(actor, oe_id)
    bezeichnung, host = clean_text(bezeichnung), clean_text(host).lower()
    benutzer, ordner = clean_text(benutzer), clean_text(ordner) or "INBOX"
    errors, port = _pruefen(
        bezeichnung=bezeichnung,
        host=host,
        port=port,
        verschluesselung=verschluesselung,
        benutzer=benutzer,
        ordner=ordner,
    )
    passwort = passwort or ""
    if not passwort:
        errors["passwort"] = "Bitte das Passwort angeben."
    elif problem := _passwort_fehler(passwort):
        errors["passwort"] = problem
    if errors:
        raise ValidationError("Das Mailkonto ist unvollständig.", errors)
    konto = Mailkonto(
        kommune_id=actor.kommune_id,
        oe=oe,
        bezeichnung=bezeichnung,
        host=host,
        port=port,
        verschluesselung=verschluesselung,
        benutzer=benutzer,
        ordner=ordner,
        aktiv=bool(aktiv),
    )
    konto.set_passwort(passwort)
    konto.save()
    record(
        "mailkonto.angelegt",
        kommune_id=actor.kommune_id,
        actor=actor,
        obj=konto,
        details={
            "bezeichnung": konto.bezeichnung,
            "host": konto.host,
            "port": konto.port,
            "verschluesselung": konto.verschluesselung,
            "benutzer": konto.benutzer,
            "ordner": konto.ordner,
            "oe": oe.pk if oe else None,
            "aktiv": konto.aktiv,
        },
    )
    return konto


_UNSET = object()


@transaction.atomic
def update_mailkonto(
    actor: User,
    konto: Mailkonto,
    *,
    bezeichnung: str | None = None,
    host: str | None = None,
    port: int | None = None,
    verschluesselung: str | None = None,
    benutzer: str | None = None,
    passwort: str | None = None,
    ordner: str | None = None,
    oe_id=_UNSET,
    aktiv: bool | None = None,
) -> Mailkonto:
    """Change a Mailkonto; None keeps a value, an empty password keeps the stored one.

    A changed server, user or folder starts the mailbox from its first mail
    (the UIDs of another mailbox mean nothing here); mails taken in before
    are recognised by their Eintrag and not taken twice.
    """
    _admin(actor)
    konto = Mailkonto.objects.select_for_update().get(pk=get_mailkonto(actor, konto.pk).pk)
    neu = {
        "bezeichnung": clean_text(bezeichnung) if bezeichnung is not None else konto.bezeichnung,
        "host": clean_text(host).lower() if host is not None else konto.host,
        "port": port if port is not None else konto.port,
        "verschluesselung": verschluesselung
        if verschluesselung is not None
        else konto.verschluesselung,
        "benutzer": clean_text(benutzer) if benutzer is not None else konto.benutzer,
        "ordner": (clean_text(ordner) or "INBOX") if ordner is not None else konto.ordner,
    }
    errors, neu["port"] = _pruefen(**neu)
    if passwort and (problem := _passwort_fehler(passwort)):
        errors["passwort"] = problem
    if errors:
        raise ValidationError("Das Mailkonto kann so nicht gespeichert werden.", errors)
    geaendert: dict[str, object] = {}
    for name, value in neu.items():
        if getattr(konto, name) != value:
            geaendert[name] = value
            setattr(konto, name, value)
    if oe_id is not _UNSET:
        oe = konto.oe if oe_id == konto.oe_id else _ziel_oe(actor, oe_id)
        if (oe.pk if oe else None) != konto.oe_id:
            geaendert["oe"] = oe.pk if oe else None
            konto.oe = oe
    if aktiv is not None and bool(aktiv) != konto.aktiv:
        geaendert["aktiv"] = bool(aktiv)
        konto.aktiv = bool(aktiv)
    if passwort:
        konto.set_passwort(passwort)
        geaendert["passwort"] = "geändert"
    if not geaendert:
        return konto
    if {"host", "port", "benutzer", "ordner"} & geaendert.keys():
        konto.uidvalidity, konto.letzte_uid = None, 0
    konto.save()
    record(
        "mailkonto.geaendert",
        kommune_id=actor.kommune_id,
        actor=actor,
        obj=konto,
        details=geaendert,
    )
    return konto


def deactivate_mailkonto(actor: User, konto: Mailkonto) -> Mailkonto:
    """Stop polling the mailbox (kept with its history; can be activated again)."""
    return update_mailkonto(actor, konto, aktiv=False)


@dataclass(frozen=True)
class Verbindungstest:
    erfolgreich: bool
    meldung: str


def verbindung_testen(actor: User, konto: Mailkonto) -> Verbindungstest:
    """Connect, log in and open the folder (read-only); the result in German. Audited.

    A target the Verbund has not opened is refused before any connection; a
    failure is reported by its category, never with what the server sent.
    """
    konto = get_mailkonto(actor, konto.pk)
    client = None
    try:
        client = imap.connect(konto, timeout=TEST_TIMEOUT)
        try:
            status, data = client.select(imap.quote(konto.ordner), readonly=True)
        except (OSError, imaplib.IMAP4.error) as exc:
            raise imap.abbruch(exc) from None
        if status != "OK":
            ergebnis = Verbindungstest(
                False, f"Anmeldung erfolgreich, aber den Ordner „{konto.ordner}“ gibt es nicht."
            )
        else:
            anzahl = int(data[0]) if data and data[0] and data[0].isdigit() else 0
            ergebnis = Verbindungstest(
                True,
                f"Verbindung erfolgreich: Der Ordner „{konto.ordner}“ enthält "
                f"{anzahl} Nachricht{'' if anzahl == 1 else 'en'}.",
            )
    except (imap.Verbindungsfehler, GeheimnisUnlesbar) as exc:
        ergebnis = Verbindungstest(False, str(exc))
    finally:
        if client is not None:
            with contextlib.suppress(Exception):  # a broken connection may not log out
                client.logout()
    with transaction.atomic():
        record(
            "mailkonto.verbindung_getestet",
            kommune_id=actor.kommune_id,
            actor=actor,
            obj=konto,
            details={"erfolgreich": ergebnis.erfolgreich, "meldung": ergebnis.meldung},
        )
    return ergebnis


def poll_alle() -> dict[int, int]:
    """Poll every active Mailkonto of every Kommune; mails taken in per Mailkonto."""
    from aktenbund.capture.services.mail import poll_mailkonto
    from aktenbund.tenancy.scope import kommune_scope
    from aktenbund.tenancy.services import aktive_kommune_ids

    ergebnis = {}
    for kommune_id in aktive_kommune_ids():
        with kommune_scope(kommune_id):
            konten = list(Mailkonto.objects.filter(aktiv=True).values_list("pk", flat=True))
        for konto_id in konten:
            ergebnis[konto_id] = poll_mailkonto(konto_id, kommune_id)
    return ergebnis
