"""Dokumente and their Versionen: add, describe, add a new Version, open.

A file is checked completely (`dateipruefung`) before anything is stored;
then the blob is made durable, then the rows are written in one
transaction. A refused file leaves nothing behind; a crash between blob and
rows leaves only an orphan blob, which the sweep removes.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import io
from dataclasses import dataclass
from typing import Any, BinaryIO

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django_scopes import scopes_disabled

from aktenbund.blobs.models import Blob
from aktenbund.blobs.services import blob_rows
from aktenbund.blobs.store import get_store
from aktenbund.errors import DomainError, ValidationError
from aktenbund.records.models import Dokument, Dokumenttyp, Richtung, Version, Vorgang
from aktenbund.records.services.akten import require_offen
from aktenbund.records.services.aktenplan import clean_text
from aktenbund.records.services.dateipruefung import GepruefteDatei, check_datei
from aktenbund.records.services.protokoll import protokolliere, protokolliere_alle, touch
from aktenbund.records.services.zugriff import get_dokument, get_vorgang
from aktenbund.search.services.index import index_neue_dokumente, reindex_dokument
from aktenbund.tenancy.models import User


def _groesse(stream: BinaryIO) -> int:
    size = getattr(stream, "size", None)
    if size is None:
        stream.seek(0, 2)
        size = stream.tell()
    stream.seek(0)
    return int(size)


def _stream(inhalt: bytes | BinaryIO) -> BinaryIO:
    return io.BytesIO(inhalt) if isinstance(inhalt, bytes | bytearray) else inhalt


def _metadaten(
    *,
    titel: str,
    typ: str,
    richtung: str,
    datum: datetime.date | None,
    absender: str,
    empfaenger: str,
) -> dict:
    errors: dict[str, str] = {}
    titel = clean_text(titel)
    if not titel:
        errors["titel"] = "Bitte einen Titel angeben."
    elif len(titel) > 300:
        errors["titel"] = "Höchstens 300 Zeichen."
    if typ not in Dokumenttyp.values:
        errors["typ"] = "Bitte einen Dokumenttyp wählen."
    if richtung not in Richtung.values:
        errors["richtung"] = "Bitte Eingang, Ausgang oder intern wählen."
    if datum is None:
        datum = timezone.localdate()
    elif datum.year < 1900 or datum > timezone.localdate() + datetime.timedelta(days=366):
        errors["datum"] = "Das Datum ist nicht plausibel."
    absender, empfaenger = clean_text(absender), clean_text(empfaenger)
    for field, value in (("absender", absender), ("empfaenger", empfaenger)):
        if len(value) > 300:
            errors[field] = "Höchstens 300 Zeichen."
    if errors:
        raise ValidationError("Die Angaben zum Dokument sind unvollständig.", errors)
    return {
        "titel": titel,
        "typ": typ,
        "richtung": richtung,
        "datum": datum,
        "absender": absender,
        "empfaenger": empfaenger,
    }


def _neue_version(
    actor: User, dokument: Dokument, stream: BinaryIO, geprueft: GepruefteDatei, kommentar: str
) -> Version:
    (blob,) = _blobs_der_dateien([(stream, geprueft, None)])
    with scopes_disabled():
        bisher = Version.objects.filter(dokument_id=dokument.pk).aggregate(n=Max("nummer"))
    return Version.objects.create(
        kommune_id=dokument.kommune_id,
        dokument=dokument,
        nummer=(bisher["n"] or 0) + 1,
        blob=blob,
        dateiname=geprueft.dateiname,
        mime_type=geprueft.mime_type,
        groesse=geprueft.groesse,
        kommentar=clean_text(kommentar)[:300],
        erstellt_von=actor,
    )


def add_dokument(actor: User, vorgang: Vorgang, **angaben: Any) -> Dokument:
    """File a Dokument with its first Version into an open Vorgang.

    Takes the keywords of `add_dokument_mit_version` (titel, typ, richtung,
    datum, absender, empfaenger, dateiname, inhalt, kommentar). `inhalt` is
    the file (bytes or a stream), or a Blob already in the store (filed
    without a second copy). Joins the caller's transaction (Fachverfahren
    file in the same transaction as their own rows); raises before anything
    is written when the file or the metadata are refused.
    """
    dokument, _ = add_dokument_mit_version(actor, vorgang, **angaben)
    return dokument


def add_dokument_mit_version(
    actor: User,
    vorgang: Vorgang,
    *,
    titel: str,
    typ: str = Dokumenttyp.SONSTIGES,
    richtung: str = Richtung.INTERN,
    datum: datetime.date | None = None,
    absender: str = "",
    empfaenger: str = "",
    dateiname: str,
    inhalt: bytes | BinaryIO | Blob,
    kommentar: str = "",
) -> tuple[Dokument, Version]:
    """`add_dokument`, returning the new Dokument and its Version 1."""
    datei = NeueDatei(
        dateiname=dateiname,
        inhalt=inhalt,
        titel=titel,
        typ=typ,
        richtung=richtung,
        datum=datum,
        absender=absender,
        empfaenger=empfaenger,
        kommentar=kommentar,
    )
    return add_dokumente_mit_versionen(actor, vorgang, [datei])[0]


def add_dokumente_mit_versionen(
    actor: User, vorgang: Vorgang, dateien: list[NeueDatei], *, sammeln: bool = False
) -> list[tuple[Dokument, Version]]:
    """File several Dokumente, each with its first Version, into one open Vorgang.

    Each `NeueDatei` as for `add_dokument` (its `titel` is taken as given).
    Every file and its metadata are checked before anything is written: the
    first refusal raises its own error, or with `sammeln` (a multi-file
    upload) `UploadAbgelehnt` names each refused file ("datei_<index>").
    The rights are checked once, the rows written in bulk and the audit
    chain locked once. Joins the caller's transaction.
    """
    with contextlib.ExitStack() as stack:
        geprueft = []
        errors: dict[str, str] = {}
        for index, datei in enumerate(dateien):
            gespeichert = datei.inhalt if isinstance(datei.inhalt, Blob) else None
            try:
                if gespeichert is not None:
                    stream = stack.enter_context(get_store().open(gespeichert.sha256))
                    size = gespeichert.size
                else:
                    stream = _stream(datei.inhalt)
                    size = _groesse(stream)
                pruefung = check_datei(stream, datei.dateiname, size=size)
                felder = _metadaten(
                    titel=datei.titel,
                    typ=datei.typ,
                    richtung=datei.richtung,
                    datum=datei.datum,
                    absender=datei.absender,
                    empfaenger=datei.empfaenger,
                )
            except DomainError as exc:
                if not sammeln:
                    raise
                errors[f"datei_{index}"] = _grund(datei, exc)
                continue
            geprueft.append((datei, gespeichert, stream, pruefung, felder))
        if errors:
            anzahl = len(errors)
            raise UploadAbgelehnt(
                f"{anzahl} von {len(dateien)} Dateien "
                f"{'wurde' if anzahl == 1 else 'wurden'} nicht angenommen; es wurde nichts "
                "gespeichert.",
                errors,
            )
        vorgang = get_vorgang(actor, vorgang.pk, bearbeiten=True)
        require_offen(vorgang)
        # Everything that refuses has run; no savepoint needed for the writes.
        with transaction.atomic(savepoint=False):
            dokumente = Dokument.objects.bulk_create(
                [
                    Dokument(
                        kommune_id=vorgang.kommune_id, vorgang=vorgang, erstellt_von=actor, **felder
                    )
                    for *_, felder in geprueft
                ]
            )
            blobs = _blobs_der_dateien([(s, p, g) for _, g, s, p, _ in geprueft])
            versionen = Version.objects.bulk_create(
                [
                    Version(
                        kommune_id=dokument.kommune_id,
                        dokument=dokument,
                        nummer=1,
                        blob=blob,
                        dateiname=pruefung.dateiname,
                        mime_type=pruefung.mime_type,
                        groesse=pruefung.groesse,
                        kommentar=clean_text(datei.kommentar)[:300],
                        erstellt_von=actor,
                    )
                    for dokument, blob, (datei, _, _, pruefung, _) in zip(
                        dokumente, blobs, geprueft, strict=True
                    )
                ]
            )
            neu = list(zip(dokumente, versionen, strict=True))
            index_neue_dokumente(neu)
            touch(vorgang)
            protokolliere_alle(
                "dokument.hinzugefuegt",
                [
                    (
                        dokument,
                        {
                            "titel": dokument.titel,
                            "typ": dokument.typ,
                            "richtung": dokument.richtung,
                            "datei": version.dateiname,
                            "sha256": version.blob_id,
                            "vorgang": vorgang.pk,
                        },
                    )
                    for dokument, version in neu
                ],
                actor,
            )
    return neu


def _blobs_der_dateien(
    dateien: list[tuple[BinaryIO, GepruefteDatei, Blob | None]],
) -> list[Blob]:
    """The Blob row of each checked file, its content stored first unless it is
    already in the store (e.g. from the Posteingang: no copy); rows locked."""
    inhalte = []
    for stream, pruefung, gespeichert in dateien:
        if gespeichert is None:
            sha256, size = get_store().put(stream, max_size=pruefung.groesse)
        else:
            sha256, size = gespeichert.sha256, gespeichert.size
        inhalte.append((sha256, size, pruefung.mime_type))
    zeilen = blob_rows(inhalte)
    return [zeilen[sha256] for sha256, _, _ in inhalte]


@transaction.atomic
def update_dokument(
    actor: User,
    dokument: Dokument,
    *,
    titel: str,
    typ: str,
    richtung: str,
    datum: datetime.date | None,
    absender: str = "",
    empfaenger: str = "",
) -> Dokument:
    """Change the metadata of a Dokument in an open Vorgang."""
    dokument = get_dokument(actor, dokument.pk, bearbeiten=True)
    require_offen(dokument.vorgang)
    felder = _metadaten(
        titel=titel,
        typ=typ,
        richtung=richtung,
        datum=datum,
        absender=absender,
        empfaenger=empfaenger,
    )
    changes = {}
    for field, value in felder.items():
        if getattr(dokument, field) != value:
            changes[field] = [str(getattr(dokument, field)), str(value)]
            setattr(dokument, field, value)
    if changes:
        dokument.geaendert_am = timezone.now()
        with scopes_disabled():
            dokument.save()
        reindex_dokument(dokument)
        touch(dokument.vorgang)
        protokolliere(
            "dokument.geaendert",
            dokument,
            actor,
            {"aenderungen": changes, "vorgang": dokument.vorgang_id},
        )
    return dokument


def add_version(
    actor: User,
    dokument: Dokument,
    *,
    dateiname: str,
    inhalt: bytes | BinaryIO,
    kommentar: str = "",
) -> Version:
    """A new Version of a Dokument; the earlier ones stay as they were."""
    stream = _stream(inhalt)
    geprueft = check_datei(stream, dateiname, size=_groesse(stream))
    with transaction.atomic():
        dokument = get_dokument(actor, dokument.pk, bearbeiten=True)
        require_offen(dokument.vorgang)
        with scopes_disabled():
            # Lock the Dokument so two uploads at once get numbers n and n+1.
            Dokument.objects.select_for_update().filter(pk=dokument.pk).first()
            version = _neue_version(actor, dokument, stream, geprueft, kommentar)
            dokument.geaendert_am = timezone.now()
            dokument.save(update_fields=["geaendert_am"])
        reindex_dokument(dokument)
        touch(dokument.vorgang)
        protokolliere(
            "version.hinzugefuegt",
            version,
            actor,
            {
                "dokument": dokument.pk,
                "nummer": version.nummer,
                "datei": version.dateiname,
                "sha256": version.blob_id,
                "vorgang": dokument.vorgang_id,
            },
        )
    return version


def open_version(
    actor: User, version: Version, *, vorschau: bool = False
) -> tuple[Version, BinaryIO]:
    """The Version's content for download or preview.

    Reading through a Freigabe is recorded in both audit chains.
    """
    from aktenbund.records.services.zugriff import get_version

    version = get_version(actor, version.pk)
    if actor.kommune_id != version.kommune_id:
        with transaction.atomic():
            protokolliere(
                "version.gelesen",
                version,
                actor,
                {
                    "vorschau": vorschau,
                    "dokument": version.dokument_id,
                    "vorgang": version.dokument.vorgang_id,
                },
            )
    return version, get_store().open(version.blob_id)


def dokumente_of(vorgang: Vorgang) -> list[Dokument]:
    """The Vorgang's Dokumente with their Versionen (newest first), for its page."""
    with scopes_disabled():
        dokumente = list(
            Dokument.objects.filter(vorgang_id=vorgang.pk)
            .prefetch_related("versionen", "versionen__erstellt_von")
            .select_related("erstellt_von")
            .order_by("-datum", "-id")
        )
    return dokumente


@dataclass(frozen=True)
class NeueDatei:
    """One file of a multi-file upload with its Dokument's metadata."""

    dateiname: str
    inhalt: bytes | BinaryIO | Blob
    titel: str = ""
    typ: str = Dokumenttyp.SONSTIGES
    richtung: str = Richtung.EINGANG
    datum: datetime.date | None = None
    absender: str = ""
    empfaenger: str = ""
    kommentar: str = ""


class UploadAbgelehnt(ValidationError):
    """Some files of an upload were refused; `errors` maps "datei_<n>" to the reason."""


def _grund(datei: NeueDatei, exc: DomainError) -> str:
    if isinstance(exc, ValidationError):
        details = "; ".join(exc.errors.values()) if exc.errors else exc.message
        return f"„{(datei.dateiname or '')[:80]}“: {details}"
    return exc.message


def add_dokumente(actor: User, vorgang: Vorgang, dateien: list[NeueDatei]) -> list[Dokument]:
    """Several files at once, each a Dokument: all of them or none.

    Every file and its metadata are checked first; if any is refused, nothing
    is stored and the error names each refused file (keys "datei_<index>").
    A file without a Titel is titled by its file name.
    """
    if not dateien:
        raise ValidationError(
            "Bitte mindestens eine Datei auswählen.", {"dateien": "Keine Datei ausgewählt."}
        )
    benannt = [dataclasses.replace(d, titel=d.titel or d.dateiname) for d in dateien]
    with transaction.atomic():
        return [
            dokument
            for dokument, _ in add_dokumente_mit_versionen(actor, vorgang, benannt, sammeln=True)
        ]
