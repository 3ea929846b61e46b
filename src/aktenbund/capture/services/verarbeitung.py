"""Processing an Eintrag in the background, safe against crashes.

State machine per Eintrag, every step in its own short transaction with the
Eintrag locked (select_for_update):

    wartet ──claim──▶ in Verarbeitung ──▶ bereit ──(Vorgang chosen)──▶ zugeordnet
                              │
                              └────────▶ Fehler (reason in German)

`claim` hands out a lease (token + `verarbeitung_bis`). A worker writes a
file's results only while its token is still the Eintrag's; a worker killed
mid-OCR simply stops, and once its lease has run out `recover_stale` queues
the Eintrag again. Files already processed keep their results (no second
OCR); filing happens in the same transaction that sets the final state, so
however often a task runs, the Dokumente are made exactly once. After
`MAX_VERSUCHE` interrupted attempts the Eintrag ends in Fehler: a file that
kills every worker must not take the queue down with it.

The Eintraege of one arrival (an upload of many files) are one task: each is
claimed and processed in turn, and their final states are written in one
transaction, where those for the same Vorgang are filed together (rights
checked once, rows in bulk, one lock of the audit chain).
"""

from __future__ import annotations

import datetime
import logging
import shutil
import time
import uuid

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django_scopes import scopes_disabled

from aktenbund.arbeitsordner import arbeitsordner
from aktenbund.audit.services import record
from aktenbund.blobs.services import store_blobs
from aktenbund.blobs.store import get_store
from aktenbund.capture.models import Posteingangsdatei, Posteingangseintrag, Status
from aktenbund.capture.services.konvertierung import Abgelehnt, Ergebnis, verarbeite_datei
from aktenbund.errors import DomainError
from aktenbund.tenancy.scope import kommune_scope
from aktenbund.tenancy.services import aktive_kommune_ids

logger = logging.getLogger(__name__)

MAX_VERSUCHE = 3


class LeaseVerloren(Exception):
    """Another worker has taken the Eintrag over (this one was too slow)."""


def lease_seconds() -> int:
    return int(getattr(settings, "AKTENBUND_CAPTURE_LEASE_SECONDS", 900))


def _lease_bis() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(seconds=lease_seconds())


def claim(kommune_id: int, eintrag_id: int, token: str) -> bool:
    """Take the Eintrag for processing; False if it is done or another worker holds it."""
    now = timezone.now()
    with kommune_scope(kommune_id):
        # The common case in one statement: waiting, or its worker's lease has run out.
        frei = Q(status=Status.WARTET) | Q(
            Q(verarbeitung_bis__isnull=True) | Q(verarbeitung_bis__lte=now),
            status=Status.IN_VERARBEITUNG,
        )
        if Posteingangseintrag.objects.filter(
            frei, pk=eintrag_id, versuche__lt=MAX_VERSUCHE
        ).update(
            status=Status.IN_VERARBEITUNG,
            verarbeitung_token=token,
            verarbeitung_bis=_lease_bis(),
            versuche=F("versuche") + 1,
            geaendert_am=now,
        ):
            return True
        eintrag = (
            Posteingangseintrag.objects.select_for_update().filter(frei, pk=eintrag_id).first()
        )
        if eintrag is not None:  # free, but out of attempts
            _set_fehler(
                eintrag,
                "Die Verarbeitung ist mehrmals abgebrochen. Bitte die Datei prüfen und "
                "erneut einreichen.",
            )
    return False


def _locked_own(eintrag_id: int, token: str) -> Posteingangseintrag:
    eintrag = Posteingangseintrag.objects.select_for_update().get(pk=eintrag_id)
    if eintrag.status != Status.IN_VERARBEITUNG or eintrag.verarbeitung_token != token:
        raise LeaseVerloren
    return eintrag


def _schreibe(ergebnisse: list[tuple[int, Ergebnis]]) -> None:
    """Files' results (inside the caller's transaction, their Eintraege locked)."""
    inhalte = []
    for _, ergebnis in ergebnisse:
        if ergebnis.pdf:
            inhalte.append(([ergebnis.pdf], "application/pdf"))
        if ergebnis.vorschau:
            inhalte.append(([ergebnis.vorschau], "image/png"))
    blobs = iter(store_blobs(inhalte))
    # `verarbeite` hands over only unprocessed files and the lease is checked
    # before this runs; the condition keeps a first result should that ever fail.
    dateien = Posteingangsdatei.objects.filter(
        pk__in=[datei_id for datei_id, _ in ergebnisse], verarbeitet=False
    ).in_bulk()
    for datei_id, ergebnis in ergebnisse:
        pdf = next(blobs) if ergebnis.pdf else None
        vorschau = next(blobs) if ergebnis.vorschau else None
        datei = dateien.get(datei_id)
        if datei is None:
            continue
        datei.pdf, datei.vorschau = pdf, vorschau
        datei.mime_type = ergebnis.mime_type
        datei.text = ergebnis.text
        datei.seiten = ergebnis.seiten
        datei.ocr = ergebnis.ocr
        datei.verarbeitet = True
    je_zeile_speichern(
        list(dateien.values()),
        ["pdf", "vorschau", "mime_type", "text", "seiten", "ocr", "verarbeitet"],
    )


def je_zeile_speichern(zeilen: list, felder: list[str]) -> None:
    """Write `felder` of rows that differ row by row: one UPDATE for a single
    row, Django's bulk_update (one statement with a CASE per field) for more."""
    if len(zeilen) == 1:
        (zeile,) = zeilen
        type(zeile).objects.filter(pk=zeile.pk).update(**{f: getattr(zeile, f) for f in felder})
    elif zeilen:
        type(zeilen[0]).objects.bulk_update(zeilen, felder)


def _save_result(kommune_id: int, eintrag_id: int, datei_id: int, token: str, ergebnis) -> None:
    with kommune_scope(kommune_id):
        eintrag = _locked_own(eintrag_id, token)
        _schreibe([(datei_id, ergebnis)])
        # Progress renews the lease.
        eintrag.verarbeitung_bis = _lease_bis()
        eintrag.save(update_fields=["verarbeitung_bis"])


def _set_fehler(eintrag: Posteingangseintrag, grund: str) -> None:
    eintrag.status = Status.FEHLER
    eintrag.fehlergrund = grund
    eintrag.verarbeitung_token = ""
    eintrag.verarbeitung_bis = None
    eintrag.geaendert_am = timezone.now()
    eintrag.save()
    record(
        "posteingang.fehler",
        kommune_id=eintrag.kommune_id,
        obj=eintrag,
        details={"grund": grund},
    )


def _fehler(kommune_id: int, eintrag_id: int, token: str, grund: str) -> None:
    with kommune_scope(kommune_id):
        _set_fehler(_locked_own(eintrag_id, token), grund)


def _fertig(kommune_id: int, token: str, fertig: dict[int, tuple[int, Ergebnis] | None]) -> dict:
    """bereit, and filed in the same transaction when a Vorgang was chosen.

    `fertig`: Eintrag → its last file's results, written in this same
    transaction (one commit less per Eintrag; a crash before it loses only
    that file's work). Eintraege for the same Vorgang by the same person are
    filed together. Returns each Eintrag's final state.
    """
    zustand: dict[int, str] = {}
    with kommune_scope(kommune_id):
        eigene, ergebnisse = [], []
        now = timezone.now()
        for eintrag in (
            Posteingangseintrag.objects.select_for_update()
            .filter(pk__in=list(fertig))
            .order_by("pk")
        ):
            if eintrag.status != Status.IN_VERARBEITUNG or eintrag.verarbeitung_token != token:
                zustand[eintrag.pk] = "uebersprungen"  # another worker has taken it over
                continue
            if fertig[eintrag.pk] is not None:
                ergebnisse.append(fertig[eintrag.pk])
            eintrag.status = Status.BEREIT
            eintrag.verarbeitung_token = ""
            eintrag.verarbeitung_bis = None
            eintrag.geaendert_am = now
            eigene.append(eintrag)
            zustand[eintrag.pk] = Status.BEREIT
        _schreibe(ergebnisse)
        # The same values for all: one plain UPDATE (bulk_update's CASE per row
        # cost more than the filing itself).
        Posteingangseintrag.objects.filter(pk__in=[e.pk for e in eigene]).update(
            status=Status.BEREIT, verarbeitung_token="", verarbeitung_bis=None, geaendert_am=now
        )
        gruppen: dict[tuple[int, int | None], list[Posteingangseintrag]] = {}
        for eintrag in eigene:
            if eintrag.ziel_vorgang_id:
                key = (eintrag.ziel_vorgang_id, eintrag.zugeordnet_von_id)
                gruppen.setdefault(key, []).append(eintrag)
        for gruppe in gruppen.values():
            with scopes_disabled():
                actor = gruppe[0].zugeordnet_von
                vorgang = gruppe[0].ziel_vorgang
            for eintrag in _ablegen(actor, gruppe, vorgang):
                zustand[eintrag.pk] = Status.ZUGEORDNET
    for eintrag_id in fertig:
        zustand.setdefault(eintrag_id, "uebersprungen")  # gone meanwhile
    return zustand


def _ablegen(actor, gruppe: list[Posteingangseintrag], vorgang) -> list[Posteingangseintrag]:
    """File the group together; the Eintraege filed.

    If the group is refused, each is tried alone: one mail with an
    implausible date must not keep the rest of its upload from the Vorgang.
    What is refused stays bereit with the reason; someone files it by hand.
    """
    from aktenbund.capture.services.posteingang import ablegen_stapel

    try:
        with transaction.atomic():
            ablegen_stapel(actor, gruppe, vorgang)
        return gruppe
    except DomainError as exc:
        for eintrag in gruppe:
            eintrag.refresh_from_db()
        if len(gruppe) > 1:
            return [e for eintrag in gruppe for e in _ablegen(actor, [eintrag], vorgang)]
        (eintrag,) = gruppe
        grund = exc.message
        if exc.errors:
            grund += " " + " ".join(exc.errors.values())
        eintrag.fehlergrund = f"Ablage in {vorgang.aktenzeichen} nicht möglich: {grund}"
        eintrag.ziel_vorgang = None
        eintrag.save(update_fields=["fehlergrund", "ziel_vorgang"])
        return []


def verarbeite(kommune_id: int, eintrag_id: int) -> str:
    """Process every file of the Eintrag not processed yet; the state it ends in."""
    return verarbeite_stapel(kommune_id, [eintrag_id])[eintrag_id]


# Results of processed Eintraege wait in memory to be written with the final
# states in one transaction, up to this many bytes or this share of the lease.
HALTEN_BYTES = 32 * 1024 * 1024
HALTEN_ANTEIL_LEASE = 0.25


def verarbeite_stapel(
    kommune_id: int, eintrag_ids: list[int], *, token: str | None = None
) -> dict[int, str]:
    """Process the Eintraege of one arrival in turn; the state each ends in.

    Each Eintrag is claimed with its own lease just before its files are
    processed; their final states (and the filing of those with a chosen
    Vorgang, together) are written in one transaction after the last, or
    earlier when the waiting results grow large or old. Never raises for a
    file's sake: refused or broken input ends that Eintrag in Fehler.
    `token` (default: a fresh one) marks the leases; the tasks pass their id.
    """
    token = token or uuid.uuid4().hex
    zustand: dict[int, str] = {}
    fertig: dict[int, tuple[int, Ergebnis] | None] = {}
    gehalten, seit = 0, time.monotonic()
    for eintrag_id in eintrag_ids:
        if not claim(kommune_id, eintrag_id, token):
            zustand[eintrag_id] = "uebersprungen"
            continue
        if not fertig:
            seit = time.monotonic()
        ergebnis = _verarbeite_dateien(kommune_id, eintrag_id, token)
        if isinstance(ergebnis, str):
            zustand[eintrag_id] = ergebnis
            continue
        fertig[eintrag_id] = ergebnis
        gehalten += _groesse(ergebnis)
        if (
            gehalten > HALTEN_BYTES
            or time.monotonic() - seit > HALTEN_ANTEIL_LEASE * lease_seconds()
        ):
            zustand.update(_abschliessen(kommune_id, token, fertig))
            fertig, gehalten = {}, 0
    if fertig:
        zustand.update(_abschliessen(kommune_id, token, fertig))
    return zustand


def _groesse(letztes: tuple[int, Ergebnis] | None) -> int:
    if letztes is None:
        return 0
    ergebnis = letztes[1]
    return len(ergebnis.pdf or b"") + len(ergebnis.vorschau or b"") + len(ergebnis.text)


def _abschliessen(
    kommune_id: int, token: str, fertig: dict[int, tuple[int, Ergebnis] | None]
) -> dict[int, str]:
    try:
        return _fertig(kommune_id, token, fertig)
    except Exception:
        logger.exception("Eintraege %s: finishing failed", list(fertig))
        return {pk: _interner_fehler(kommune_id, pk, token) for pk in fertig}


def _interner_fehler(kommune_id: int, eintrag_id: int, token: str) -> str:
    """Fehler after an unexpected exception; the state the Eintrag ends in."""
    try:
        _fehler(
            kommune_id,
            eintrag_id,
            token,
            "Die Datei konnte wegen eines internen Fehlers nicht verarbeitet werden.",
        )
    except LeaseVerloren:
        return "uebersprungen"
    return Status.FEHLER


def _verarbeite_dateien(
    kommune_id: int, eintrag_id: int, token: str
) -> tuple[int, Ergebnis] | str | None:
    """Process the Eintrag's open files (claimed by `token`).

    Returns the last file's results (None: no file left to process), kept
    for the final transaction, or the state the Eintrag ended in (Fehler,
    "uebersprungen" when another worker took it over).
    """
    with kommune_scope(kommune_id):
        offen = list(
            Posteingangsdatei.objects.filter(eintrag_id=eintrag_id, verarbeitet=False)
            .order_by("nummer")
            .values_list("pk", "dateiname", "original_id")
        )
    store = get_store()
    try:
        letztes = None
        for nummer, (datei_id, dateiname, sha256) in enumerate(offen, start=1):
            with arbeitsordner("ab-eingang") as tmp:
                pfad = tmp / "original"
                with store.open(sha256) as quelle, pfad.open("wb") as ziel:
                    shutil.copyfileobj(quelle, ziel, 1024 * 1024)
                try:
                    ergebnis: Ergebnis = verarbeite_datei(pfad, dateiname)
                except Abgelehnt as exc:
                    _fehler(kommune_id, eintrag_id, token, f"„{dateiname}“: {exc.message}")
                    return Status.FEHLER
            if nummer == len(offen):
                letztes = (datei_id, ergebnis)
            else:
                _save_result(kommune_id, eintrag_id, datei_id, token, ergebnis)
        return letztes
    except LeaseVerloren:
        logger.info("Eintrag %s: lease lost, another worker continues", eintrag_id)
        return "uebersprungen"
    except Exception:
        logger.exception("Eintrag %s: processing failed", eintrag_id)
        return _interner_fehler(kommune_id, eintrag_id, token)


def recover_stale() -> int:
    """Queue again every Eintrag whose worker died (lease run out) or never started.

    Run periodically (`manage.py capture_poll`). Returns how many were queued.
    """
    from aktenbund.capture.tasks import verarbeite_eintrag

    now = timezone.now()
    queued = 0
    for kommune_id in aktive_kommune_ids():
        with kommune_scope(kommune_id):
            stale = Posteingangseintrag.objects.filter(
                status=Status.IN_VERARBEITUNG, verarbeitung_bis__lt=now
            ).values_list("pk", flat=True)
            for eintrag_id in stale:
                verarbeite_eintrag.enqueue(kommune_id, eintrag_id)
                queued += 1
    return queued


class WorkerVerloren(Exception):
    """Recorded on a task row whose worker is gone (see `fail_verwaiste_tasks`)."""


def fail_verwaiste_tasks() -> int:
    """Mark the capture task rows whose worker is gone as failed; how many.

    With the database backend a task row stays RUNNING for ever when its
    worker is killed. The Eintrag tasks claim with their row's id as lease
    token and renew the lease after every file, so a row RUNNING for longer
    than a lease whose Eintraege hold no live lease of it has no worker any
    more; its Eintraege are queued again by `recover_stale`. A task without
    Eintraege (`erzeuge_rendition`) handles one file, bounded by the reading
    and OCR timeouts, so by the lease. Should a live task be caught between
    two Eintraege, its own end still writes the row's final state.
    """
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    if "django_tasks_db" not in settings.TASKS["default"]["BACKEND"]:
        return 0
    now = timezone.now()
    laufend = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING,
        started_at__lt=now - datetime.timedelta(seconds=lease_seconds()),
        task_path__startswith="aktenbund.capture.tasks.",
    )
    beendet = 0
    for row in laufend:
        if _haelt_lease(row, now):
            continue
        beendet += DBTaskResult.objects.filter(pk=row.pk, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            exception_class_path=f"{WorkerVerloren.__module__}.{WorkerVerloren.__qualname__}",
            traceback="Der Worker ist während der Aufgabe abgebrochen (z. B. beendet mit "
            "SIGKILL); die Einträge werden neu eingereiht.",
        )
        logger.warning("Task %s (%s): worker gone, marked failed", row.pk, row.task_path)
    return beendet


def _haelt_lease(row, now: datetime.datetime) -> bool:
    """True if an Eintrag of the task row still holds a live lease of it."""
    args = row.args_kwargs.get("args") or []
    if len(args) < 2 or row.task_path.rsplit(".", 1)[-1] not in (
        "verarbeite_eintrag",
        "verarbeite_eintraege",
    ):
        return False
    kommune_id, ids = args[0], args[1] if isinstance(args[1], list) else [args[1]]
    with kommune_scope(kommune_id):
        return Posteingangseintrag.objects.filter(
            pk__in=ids,
            status=Status.IN_VERARBEITUNG,
            verarbeitung_token=str(row.pk),
            verarbeitung_bis__gte=now,
        ).exists()
