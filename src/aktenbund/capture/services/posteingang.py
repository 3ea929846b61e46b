"""What users and sources do with the Posteingang.

Arrivals (`receive`, `receive_mail`, `upload`, `file_mail_into_vorgang`)
store their files in the blob store, write the Eintrag and queue its
processing in one transaction. Filing (`assign_to_vorgang`,
`open_vorgang`) turns each file into a Dokument of the chosen Vorgang;
chosen while the Eintrag is still processed, filing happens right after
processing (see `verarbeitung`), exactly once.
"""

from __future__ import annotations

import contextlib
import datetime
import io
from dataclasses import dataclass
from typing import BinaryIO

from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from aktenbund.audit.services import Ereignis, record, record_all
from aktenbund.blobs.services import store_blobs
from aktenbund.capture.models import (
    Posteingangsdatei,
    Posteingangseintrag,
    Quelle,
    Rendition,
    Rolle,
    Status,
)
from aktenbund.capture.services.mail import ist_mail, parse_mail
from aktenbund.capture.services.verarbeitung import je_zeile_speichern
from aktenbund.capture.services.zugang import get_eintrag, get_oe, postfaecher
from aktenbund.errors import (
    Conflict,
    DateiZuGross,
    DomainError,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from aktenbund.records import services as records
from aktenbund.records.models import Akte, Dokumenttyp, Richtung, Vorgang
from aktenbund.records.services.aktenplan import clean_text
from aktenbund.records.services.dateipruefung import (
    check_dateiname,
    max_upload_bytes,
    sicherer_dateiname,
    sichtbarer_dateiname,
)
from aktenbund.records.services.zugriff import may_work
from aktenbund.search.models import Volltextquelle
from aktenbund.search.services.index import volltext_vorgegeben
from aktenbund.tenancy.models import Organisationseinheit, User
from aktenbund.tenancy.scope import kommune_scope


@dataclass
class Eingangsdatei:
    """One file as it arrived: its name, its content and its role in the Eintrag.

    `urspruenglicher_name`: the name a third party wrote, where `dateiname`
    had to be made safe from it (mail attachments); recorded in the audit trail.
    """

    dateiname: str
    inhalt: bytes | BinaryIO
    rolle: str = Rolle.DATEI
    urspruenglicher_name: str = ""

    def stream(self) -> BinaryIO:
        if isinstance(self.inhalt, bytes | bytearray):
            return io.BytesIO(self.inhalt)
        self.inhalt.seek(0)
        return self.inhalt

    def groesse(self) -> int:
        if isinstance(self.inhalt, bytes | bytearray):
            return len(self.inhalt)
        size = getattr(self.inhalt, "size", None)
        if size is None:
            self.inhalt.seek(0, 2)
            size = self.inhalt.tell()
            self.inhalt.seek(0)
        return int(size)


def _pruefe_eingang(dateien: list[Eingangsdatei], field: str = "dateien") -> None:
    """What must hold before anything is stored: names (records' one rule), sizes,
    not empty. The content is checked by the processing (`check_datei`)."""
    if not dateien:
        raise ValidationError("Bitte mindestens eine Datei auswählen.", {field: "Keine Datei."})
    limit = max_upload_bytes()
    for datei in dateien:
        datei.dateiname = check_dateiname(datei.dateiname, field)
        size = datei.groesse()
        if size > limit:
            message = f"Die Datei ist größer als {limit // (1024 * 1024)} MB."
            raise DateiZuGross(f"„{datei.dateiname}“: {message}", {field: message})
        if size == 0:
            raise ValidationError(f"„{datei.dateiname}“ ist leer.", {field: "Leere Datei."})


def _enqueue(eintraege: list[Posteingangseintrag]) -> None:
    """One task for the Eintraege of one arrival (processed in turn, filed together)."""
    from aktenbund.capture.tasks import verarbeite_eintraege

    # Queued in the same transaction: the task row exists exactly when the Eintraege do.
    if eintraege:
        verarbeite_eintraege.enqueue(eintraege[0].kommune_id, [e.pk for e in eintraege])


def receive(
    *,
    kommune_id: int,
    oe: Organisationseinheit | None,
    quelle: str,
    dateien: list[Eingangsdatei],
    actor: User | None = None,
    betreff: str = "",
    absender: str = "",
    empfaenger: str = "",
    datum: datetime.date | None = None,
    herkunft: str = "",
    ziel_vorgang: Vorgang | None = None,
    einreihen: bool = True,
) -> Posteingangseintrag:
    """Take one arrival into the Posteingang and queue its processing.

    Refuses (before storing anything) files without a plain name, empty
    files and files over the upload limit; everything else is checked by
    the processing, which ends in Fehler with the reason. `einreihen=False`:
    the caller queues it with others of the same arrival (`_enqueue`).
    """
    (eintrag,) = _receive_all(
        kommune_id=kommune_id,
        oe=oe,
        quelle=quelle,
        gruppen=[dateien],
        actor=actor,
        betreff=betreff,
        absender=absender,
        empfaenger=empfaenger,
        datum=datum,
        herkunft=herkunft,
        ziel_vorgang=ziel_vorgang,
        einreihen=einreihen,
    )
    return eintrag


def _receive_all(
    *,
    kommune_id: int,
    oe: Organisationseinheit | None,
    quelle: str,
    gruppen: list[list[Eingangsdatei]],
    actor: User | None,
    betreff: str = "",
    absender: str = "",
    empfaenger: str = "",
    datum: datetime.date | None = None,
    herkunft: str = "",
    ziel_vorgang: Vorgang | None,
    einreihen: bool,
) -> list[Posteingangseintrag]:
    """`receive` for several arrivals with the same head data: one Eintrag per
    group of files, rows and audit events written in bulk."""
    for dateien in gruppen:
        _pruefe_eingang(dateien)
    with kommune_scope(kommune_id):
        eintraege = Posteingangseintrag.objects.bulk_create(
            [
                Posteingangseintrag(
                    kommune_id=kommune_id,
                    oe=oe,
                    quelle=quelle,
                    betreff=clean_text(betreff)[:300],
                    absender=clean_text(absender)[:300],
                    empfaenger=clean_text(empfaenger)[:300],
                    datum=datum,
                    herkunft=herkunft[:500],
                    erstellt_von=actor,
                    ziel_vorgang=ziel_vorgang,
                    zugeordnet_von=actor if ziel_vorgang else None,
                )
                for _ in gruppen
            ]
        )
        originale = iter(
            store_blobs(
                [(datei.stream(), "") for dateien in gruppen for datei in dateien],
                max_size=max_upload_bytes(),
            )
        )
        zeilen = []
        for eintrag, dateien in zip(eintraege, gruppen, strict=True):
            for nummer, datei in enumerate(dateien, start=1):
                blob = next(originale)
                zeilen.append(
                    Posteingangsdatei(
                        kommune_id=kommune_id,
                        eintrag=eintrag,
                        nummer=nummer,
                        rolle=datei.rolle,
                        dateiname=datei.dateiname,
                        original=blob,
                        groesse=blob.size,
                    )
                )
        Posteingangsdatei.objects.bulk_create(zeilen)
        record_all(
            [
                Ereignis(
                    "posteingang.eingegangen",
                    eintrag,
                    details={
                        "quelle": quelle,
                        "oe": oe.pk if oe else None,
                        "dateien": [d.dateiname for d in dateien],
                        **_umbenannt(dateien),
                        "herkunft": eintrag.herkunft,
                        "vorgang": ziel_vorgang.pk if ziel_vorgang else None,
                    },
                )
                for eintrag, dateien in zip(eintraege, gruppen, strict=True)
            ],
            kommune_id=kommune_id,
            actor=actor,
        )
        if einreihen:
            _enqueue(eintraege)
    return eintraege


def _umbenannt(dateien: list[Eingangsdatei]) -> dict:
    """The audit detail of files kept under a safe name: which name they arrived with."""
    umbenannt = [
        {"dateiname": d.dateiname, "urspruenglich": sichtbarer_dateiname(d.urspruenglicher_name)}
        for d in dateien
        if d.urspruenglicher_name
    ]
    return {"umbenannt": umbenannt} if umbenannt else {}


def receive_mail(
    *,
    kommune_id: int,
    oe: Organisationseinheit | None,
    quelle: str,
    dateiname: str,
    inhalt: bytes,
    mime: str,
    actor: User | None,
    herkunft: str = "",
    ziel_vorgang: Vorgang | None = None,
    einreihen: bool = True,
) -> Posteingangseintrag:
    """One mail (.eml or .msg) as one Eintrag: the mail first, then each attachment."""
    try:
        mail = parse_mail(inhalt, mime)
    except ValidationError:
        # Unreadable: taken in as it is; processing names the problem (Fehler).
        return receive(
            kommune_id=kommune_id,
            oe=oe,
            quelle=quelle,
            dateien=[Eingangsdatei(dateiname, inhalt, Rolle.MAIL)],
            actor=actor,
            herkunft=herkunft,
            ziel_vorgang=ziel_vorgang,
            einreihen=einreihen,
        )
    endung = ".eml" if mime == "message/rfc822" else ".msg"
    name = dateiname
    if not name or name.startswith("mail-"):
        name = sicherer_dateiname((mail.betreff or "E-Mail")[:100] + endung, "E-Mail" + endung)
    dateien = [Eingangsdatei(name, inhalt, Rolle.MAIL)]
    dateien += [
        Eingangsdatei(n, data, Rolle.ANHANG, mail.urspruengliche_namen.get(index, ""))
        for index, (n, data) in enumerate(mail.anhaenge)
    ]
    return receive(
        kommune_id=kommune_id,
        oe=oe,
        quelle=quelle,
        dateien=dateien,
        actor=actor,
        betreff=mail.betreff,
        absender=mail.absender,
        empfaenger=mail.empfaenger,
        datum=mail.datum,
        herkunft=herkunft or mail.message_id,
        ziel_vorgang=ziel_vorgang,
        einreihen=einreihen,
    )


def _postfach(actor: User, oe_id: int | None) -> Organisationseinheit | None:
    """The Posteingang `actor` puts into: the chosen OE's, or their first one."""
    erlaubt = postfaecher(actor)
    if not may_work(actor) or not erlaubt:
        raise PermissionDenied("Sie dürfen nichts in den Posteingang legen.")
    if oe_id is None:
        return erlaubt[0]
    oe = get_oe(actor, oe_id)
    if oe not in erlaubt:
        message = "In den Posteingang dieser Organisationseinheit dürfen Sie nichts legen."
        raise ValidationError(message, {"organisationseinheit_id": message})
    return oe


def upload(
    actor: User,
    dateien: list[Eingangsdatei],
    *,
    oe_id: int | None = None,
    quelle: str = Quelle.UPLOAD,
    zusammen: bool = False,
    betreff: str = "",
    absender: str = "",
    vorgang_id: int | None = None,
) -> list[Posteingangseintrag]:
    """Files a user uploads: one Eintrag per file (mails: per mail), or one for all
    with `zusammen`. All or nothing: a refused file leaves nothing behind.

    With `vorgang_id` every Eintrag is filed into that open Vorgang as soon as
    it is processed (type check, OCR, PDF/A), all of the upload together.
    """
    oe = _postfach(actor, oe_id)
    _pruefe_eingang(dateien)
    vorgang = None
    if vorgang_id is not None:
        try:
            vorgang = _zielvorgang(actor, actor.kommune_id, vorgang_id)
        except DomainError as exc:
            raise ValidationError(exc.message, {"vorgang_id": exc.message}) from exc
    eintraege = []
    with transaction.atomic():
        rest = []
        for datei in dateien:
            head = datei.stream().read(65536)
            mime = ist_mail(head, datei.dateiname) if not zusammen else None
            if mime:
                data = datei.stream().read()
                eintraege.append(
                    receive_mail(
                        kommune_id=actor.kommune_id,
                        oe=oe,
                        quelle=Quelle.EMAIL,
                        dateiname=datei.dateiname,
                        inhalt=data,
                        mime=mime,
                        actor=actor,
                        ziel_vorgang=vorgang,
                        einreihen=False,
                    )
                )
            else:
                rest.append(datei)
        if rest:
            eintraege += _receive_all(
                kommune_id=actor.kommune_id,
                oe=oe,
                quelle=quelle,
                gruppen=[rest] if zusammen else [[d] for d in rest],
                actor=actor,
                betreff=betreff,
                absender=absender,
                ziel_vorgang=vorgang,
                einreihen=False,
            )
        _enqueue(eintraege)
    return eintraege


# --- filing ----------------------------------------------------------------------


def _titel(eintrag: Posteingangseintrag, datei: Posteingangsdatei, anzahl: int) -> str:
    if datei.rolle == Rolle.MAIL:
        return eintrag.betreff or f"E-Mail {eintrag.absender}".strip()
    if datei.rolle == Rolle.ANHANG:
        return f"Anhang: {datei.dateiname}"
    if eintrag.betreff and anzahl == 1:
        return eintrag.betreff
    return datei.dateiname


def _volltext_der_datei(datei: Posteingangsdatei):
    """Search gets the text processing read (OCR included) instead of reading the file again."""
    if not datei.verarbeitet or not datei.text:
        return contextlib.nullcontext()
    if datei.ocr:
        quelle = Volltextquelle.OCR
    elif datei.mime_type == "application/pdf":
        quelle = Volltextquelle.PDF
    else:
        quelle = Volltextquelle.TEXT
    return volltext_vorgegeben(datei.original_id, datei.text, quelle)


def ablegen(actor: User, eintrag: Posteingangseintrag, vorgang: Vorgang) -> list:
    """File every file of a processed Eintrag as a Dokument (see `ablegen_stapel`)."""
    return ablegen_stapel(actor, [eintrag], vorgang)


def ablegen_stapel(actor: User, eintraege: list[Posteingangseintrag], vorgang: Vorgang) -> list:
    """File every file of processed Eintraege as Dokumente of `vorgang`, together
    (call with the Eintraege locked); the new Dokumente in order.

    The original becomes Version 1; what processing made (PDF/A, text,
    preview) is kept beside it as its Rendition.
    """
    with scopes_disabled():
        dateien = list(
            Posteingangsdatei.objects.filter(eintrag_id__in=[e.pk for e in eintraege])
            .select_related("original")
            .order_by("eintrag_id", "nummer")
        )
    je_eintrag: dict[int, list[Posteingangsdatei]] = {}
    for datei in dateien:
        je_eintrag.setdefault(datei.eintrag_id, []).append(datei)
    neue, herkunft = [], []
    for eintrag in eintraege:
        seine = je_eintrag.get(eintrag.pk, [])
        for datei in seine:
            neue.append(
                records.NeueDatei(
                    dateiname=datei.dateiname,
                    inhalt=datei.original,
                    titel=_titel(eintrag, datei, len(seine))[:300],
                    typ=Dokumenttyp.EMAIL if datei.rolle == Rolle.MAIL else Dokumenttyp.SONSTIGES,
                    richtung=Richtung.EINGANG,
                    datum=eintrag.datum or timezone.localdate(eintrag.eingegangen_am),
                    absender=eintrag.absender,
                    empfaenger=eintrag.empfaenger,
                    kommentar="aus dem Posteingang",
                )
            )
            herkunft.append((eintrag, datei))
    with contextlib.ExitStack() as stack:
        for _, datei in herkunft:
            stack.enter_context(_volltext_der_datei(datei))
        abgelegt = records.add_dokumente_mit_versionen(actor, vorgang, neue)
    renditionen = []
    dokumente_je_eintrag: dict[int, list[int]] = {}
    for (dokument, version), (eintrag, datei) in zip(abgelegt, herkunft, strict=True):
        renditionen.append(
            Rendition(
                kommune_id=version.kommune_id,
                version=version,
                pdf_id=datei.pdf_id,
                vorschau_id=datei.vorschau_id,
                text=datei.text,
                seiten=datei.seiten,
                ocr=datei.ocr,
            )
        )
        datei.dokument = dokument
        dokumente_je_eintrag.setdefault(eintrag.pk, []).append(dokument.pk)
    now = timezone.now()
    with scopes_disabled():
        Rendition.objects.bulk_create(renditionen)
        je_zeile_speichern([d for _, d in herkunft], ["dokument"])
        for eintrag in eintraege:
            eintrag.status = Status.ZUGEORDNET
            eintrag.ziel_vorgang = vorgang
            eintrag.zugeordnet_von = actor
            eintrag.zugeordnet_am = now
            eintrag.geaendert_am = now
        Posteingangseintrag.objects.filter(pk__in=[e.pk for e in eintraege]).update(
            status=Status.ZUGEORDNET,
            ziel_vorgang=vorgang,
            zugeordnet_von=actor,
            zugeordnet_am=now,
            geaendert_am=now,
        )
    record_all(
        [
            Ereignis(
                "posteingang.zugeordnet",
                eintrag,
                details={
                    "vorgang": vorgang.pk,
                    "dokumente": dokumente_je_eintrag.get(eintrag.pk, []),
                },
            )
            for eintrag in eintraege
        ],
        kommune_id=eintraege[0].kommune_id,
        actor=actor,
    )
    return [dokument for dokument, _ in abgelegt]


def _zielvorgang(actor: User, kommune_id: int | None, vorgang_id: int) -> Vorgang:
    """The open Vorgang of the Kommune `actor` may file into (a Posteingang stays home)."""
    vorgang = records.get_vorgang(actor, vorgang_id, bearbeiten=True)
    if vorgang.kommune_id != kommune_id:
        raise NotFound("Diesen Vorgang gibt es nicht oder Sie dürfen ihn nicht sehen.")
    records.require_offen(vorgang)
    return vorgang


def _gesperrt(eintrag_id: int) -> Posteingangseintrag:
    with scopes_disabled():
        return Posteingangseintrag.objects.select_for_update().get(pk=eintrag_id)


@transaction.atomic
def assign_to_vorgang(
    actor: User, eintrag: Posteingangseintrag, vorgang: Vorgang
) -> Posteingangseintrag:
    """File the Eintrag into `vorgang`: now if processed, else right after processing."""
    eintrag = get_eintrag(actor, eintrag.pk, bearbeiten=True)
    vorgang = _zielvorgang(actor, eintrag.kommune_id, vorgang.pk)
    eintrag = _gesperrt(eintrag.pk)
    if eintrag.status == Status.ZUGEORDNET:
        raise Conflict("Dieser Posteingang ist schon einem Vorgang zugeordnet.")
    if eintrag.status == Status.FEHLER:
        raise Conflict(
            "Ein Posteingang mit Fehler kann nicht abgelegt werden: " + eintrag.fehlergrund
        )
    if eintrag.status == Status.BEREIT:
        ablegen(actor, eintrag, vorgang)
        return eintrag
    eintrag.ziel_vorgang = vorgang
    eintrag.zugeordnet_von = actor
    eintrag.geaendert_am = timezone.now()
    with scopes_disabled():
        eintrag.save(update_fields=["ziel_vorgang", "zugeordnet_von", "geaendert_am"])
    record(
        "posteingang.zuordnung_vorgemerkt",
        kommune_id=eintrag.kommune_id,
        actor=actor,
        obj=eintrag,
        details={"vorgang": vorgang.pk},
    )
    return eintrag


@transaction.atomic
def open_vorgang(
    actor: User, eintrag: Posteingangseintrag, *, akte: Akte, betreff: str = ""
) -> Vorgang:
    """A new Vorgang in `akte` (Betreff: the Eintrag's, unless given), with the Eintrag in it."""
    eintrag = get_eintrag(actor, eintrag.pk, bearbeiten=True)
    if eintrag.status in (Status.ZUGEORDNET, Status.FEHLER):
        raise Conflict("Dieser Posteingang kann keinem Vorgang mehr zugeordnet werden.")
    akte = records.get_akte(actor, akte.pk, bearbeiten=True)
    if akte.kommune_id != eintrag.kommune_id:
        raise NotFound("Diese Akte gibt es nicht oder Sie dürfen sie nicht sehen.")
    betreff = clean_text(betreff) or eintrag.betreff or "Posteingang"
    vorgang = records.create_vorgang(actor, akte, betreff=betreff)
    assign_to_vorgang(actor, eintrag, vorgang)
    return vorgang


@transaction.atomic
def forward_to_oe(
    actor: User, eintrag: Posteingangseintrag, oe: Organisationseinheit | None
) -> Posteingangseintrag:
    """Hand the Eintrag to the Posteingang of another OE (None: the Registratur's)."""
    eintrag = get_eintrag(actor, eintrag.pk, bearbeiten=True)
    oe = get_oe(actor, oe.pk) if oe is not None else None
    if oe is not None and not oe.aktiv:
        message = "Diese Organisationseinheit ist aufgelöst."
        raise ValidationError(message, {"organisationseinheit_id": message})
    eintrag = _gesperrt(eintrag.pk)
    if eintrag.status == Status.ZUGEORDNET:
        raise Conflict("Dieser Posteingang ist schon abgelegt.")
    if eintrag.oe_id == (oe.pk if oe else None):
        message = "Der Posteingang liegt schon bei dieser Organisationseinheit."
        raise ValidationError(message, {"organisationseinheit_id": message})
    vorher = eintrag.oe_id
    eintrag.oe = oe
    eintrag.geaendert_am = timezone.now()
    with scopes_disabled():
        eintrag.save(update_fields=["oe", "geaendert_am"])
    record(
        "posteingang.weitergeleitet",
        kommune_id=eintrag.kommune_id,
        actor=actor,
        obj=eintrag,
        details={"von_oe": vorher, "an_oe": oe.pk if oe else None},
    )
    return eintrag


def file_mail_into_vorgang(
    actor: User, vorgang: Vorgang, *, dateiname: str, inhalt: bytes | BinaryIO
) -> Posteingangseintrag:
    """A mail dropped onto a Vorgang page: taken in and filed there (one action).

    The name and size are checked before the content is read. The mail and
    its attachments appear as Dokumente once processed.
    """
    vorgang = records.get_vorgang(actor, vorgang.pk, bearbeiten=True)
    records.require_offen(vorgang)
    if vorgang.kommune_id != actor.kommune_id:
        raise NotFound("Diesen Vorgang gibt es nicht oder Sie dürfen ihn nicht sehen.")
    datei = Eingangsdatei(dateiname, inhalt)
    _pruefe_eingang([datei], field="datei")
    mime = ist_mail(datei.stream().read(65536), datei.dateiname)
    if mime is None:
        message = "Bitte eine E-Mail ablegen (.eml oder Outlook-.msg)."
        raise ValidationError(f"„{datei.dateiname}“: {message}", {"datei": message})
    with scopes_disabled():
        oe = Akte.objects.select_related("federfuehrende_oe").get(pk=vorgang.akte_id)
    return receive_mail(
        kommune_id=actor.kommune_id,
        oe=oe.federfuehrende_oe,
        quelle=Quelle.EMAIL,
        dateiname=datei.dateiname,
        inhalt=datei.stream().read(),
        mime=mime,
        actor=actor,
        ziel_vorgang=vorgang,
    )
