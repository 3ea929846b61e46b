"""Mailkonten: the IMAP mailboxes a Kommune-Admin connects to a Posteingang."""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet

from aktenbund.audit.services import record
from aktenbund.capture.models import Mailkonto
from aktenbund.capture.services.zugang import get_oe
from aktenbund.errors import PermissionDenied, ValidationError
from aktenbund.records.services.aktenplan import clean_text
from aktenbund.tenancy.models import Rolle, User

VERSCHLUESSELUNG = ("ssl", "starttls", "keine")


def _admin(actor: User) -> None:
    if not actor.kommune_id or not actor.has_rolle(Rolle.KOMMUNE_ADMIN):
        raise PermissionDenied("Mailkonten richtet die Administration der Kommune ein.")


def mailkonten_of(actor: User) -> QuerySet[Mailkonto]:
    _admin(actor)
    return Mailkonto.objects.filter(kommune_id=actor.kommune_id).select_related("oe")


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
) -> Mailkonto:
    """Connect an IMAP mailbox to the Posteingang of the Kommune (oe None) or one OE.

    Without encryption only a server on this machine (loopback) is allowed.
    """
    _admin(actor)
    oe = get_oe(actor, oe_id)
    errors = {}
    bezeichnung, host = clean_text(bezeichnung), clean_text(host)
    if not bezeichnung:
        errors["bezeichnung"] = "Bitte eine Bezeichnung angeben."
    if not host:
        errors["host"] = "Bitte den IMAP-Server angeben."
    if not 1 <= int(port) <= 65535:
        errors["port"] = "Der Port liegt zwischen 1 und 65535."
    if verschluesselung not in VERSCHLUESSELUNG:
        errors["verschluesselung"] = "Bitte SSL/TLS, STARTTLS oder keine wählen."
    elif verschluesselung == "keine" and host not in ("127.0.0.1", "localhost", "::1"):
        errors["verschluesselung"] = "Ohne Verschlüsselung nur zu einem Server auf diesem Rechner."
    if not benutzer or not passwort:
        errors["benutzer"] = "Bitte Benutzername und Passwort angeben."
    if errors:
        raise ValidationError("Das Mailkonto ist unvollständig.", errors)
    konto = Mailkonto.objects.create(
        kommune_id=actor.kommune_id,
        oe=oe,
        bezeichnung=bezeichnung[:100],
        host=host[:200],
        port=int(port),
        verschluesselung=verschluesselung,
        benutzer=benutzer[:200],
        passwort=passwort[:200],
        ordner=(ordner or "INBOX")[:200],
    )
    record(
        "mailkonto.angelegt",
        kommune_id=actor.kommune_id,
        actor=actor,
        obj=konto,
        details={"host": konto.host, "benutzer": konto.benutzer, "oe": oe.pk if oe else None},
    )
    return konto


def poll_alle() -> dict[int, int]:
    """Poll every active Mailkonto of every Kommune; mails taken in per Mailkonto."""
    from aktenbund.capture.services.mail import poll_mailkonto
    from aktenbund.tenancy.models import Kommune
    from aktenbund.tenancy.scope import kommune_scope

    ergebnis = {}
    for kommune_id in Kommune.objects.filter(aktiv=True).values_list("pk", flat=True):
        with kommune_scope(kommune_id):
            konten = list(Mailkonto.objects.filter(aktiv=True).values_list("pk", flat=True))
        for konto_id in konten:
            ergebnis[konto_id] = poll_mailkonto(konto_id, kommune_id)
    return ergebnis
