"""API: the Posteingang (list, read, upload, file into a Vorgang, forward, mail drop).

Path and query parameters for objects are named `<model>_id`.
"""

import datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from aktenbund.api import ObjektId, Seiten
from aktenbund.blobs.store import get_store
from aktenbund.capture import services
from aktenbund.capture.models import Posteingangseintrag, Quelle
from aktenbund.capture.models import Status as EintragStatus
from aktenbund.capture.services import mailkonten
from aktenbund.errors import NotFound
from aktenbund.records import services as records
from aktenbund.records.downloads import datei_antwort
from aktenbund.records.uploads import raw_name

router = Router(tags=["Posteingang"])


class DateiOut(Schema):
    id: int
    nummer: int
    rolle: str
    dateiname: str
    groesse: int
    mime_type: str
    verarbeitet: bool
    ocr: bool
    seiten: int | None
    pdfa: bool = Field(..., description="eine PDF/A-Fassung liegt neben dem Original")
    dokument_id: int | None

    @staticmethod
    def resolve_pdfa(obj) -> bool:
        return obj.pdf_id is not None


class EintragOut(Schema):
    id: int
    status: EintragStatus
    fehlergrund: str
    quelle: Quelle
    organisationseinheit_id: int | None = Field(..., alias="oe_id")
    betreff: str
    absender: str
    empfaenger: str
    datum: datetime.date | None
    eingegangen_am: datetime.datetime
    vorgang_id: int | None = Field(..., alias="ziel_vorgang_id")
    dateien: list[DateiOut]

    @staticmethod
    def resolve_dateien(obj) -> list:
        return list(obj.dateien.all().order_by("nummer"))


class ZuordnenIn(Schema):
    vorgang_id: ObjektId


class NeuerVorgangIn(Schema):
    akte_id: ObjektId
    betreff: str = Field("", max_length=300, description="Standard: Betreff des Eingangs")


class WeiterleitenIn(Schema):
    organisationseinheit_id: ObjektId | None = Field(
        ..., description="Ziel-OE; null = Posteingang der Registratur"
    )


def _eintrag(request: HttpRequest, posteingangseintrag_id: ObjektId) -> Posteingangseintrag:
    return services.get_eintrag(request.user, posteingangseintrag_id)


@router.get("/posteingang", response=list[EintragOut], summary="Posteingang")
@paginate(Seiten)
def list_posteingang(
    request: HttpRequest,
    status: EintragStatus | None = None,
    quelle: Quelle | None = None,
    organisationseinheit_id: ObjektId | None = None,
    offen: bool | None = None,
):
    """Was der Benutzer sehen darf, neueste zuerst. Filter: `status`, `quelle`,
    `organisationseinheit_id`, `offen` (noch nicht zugeordnet)."""
    qs = services.sichtbare_eintraege(request.user)
    if status:
        qs = qs.filter(status=status)
    if quelle:
        qs = qs.filter(quelle=quelle)
    if organisationseinheit_id is not None:
        qs = qs.filter(oe=services.get_oe(request.user, organisationseinheit_id))
    if offen is not None:
        geschlossen = qs.filter(status=EintragStatus.ZUGEORDNET)
        qs = qs.exclude(pk__in=geschlossen.values("pk")) if offen else geschlossen
    return qs.prefetch_related("dateien").order_by("-eingegangen_am", "-id")


@router.post(
    "/posteingang",
    response={201: list[EintragOut]},
    summary="Dateien in den Posteingang hochladen",
)
def upload(
    request: HttpRequest,
    dateien: File[list[UploadedFile]],
    organisationseinheit_id: Form[ObjektId | None] = None,
    zusammen: Form[bool] = False,
    betreff: Form[str] = "",
    absender: Form[str] = "",
    vorgang_id: Form[ObjektId | None] = None,
):
    """Eine Datei je Eingang (E-Mails .eml/.msg: Mail und Anhänge zusammen); mit
    `zusammen` alle Dateien als ein Eingang. Verarbeitung (Typ, OCR, PDF/A)
    läuft im Hintergrund; `status` zeigt den Stand. Mit `vorgang_id` wird jeder
    Eingang nach der Verarbeitung in diesen offenen Vorgang abgelegt."""
    eintraege = services.upload(
        request.user,
        [services.Eingangsdatei(raw_name(request, f), f) for f in dateien],
        oe_id=organisationseinheit_id,
        quelle=Quelle.API,
        zusammen=zusammen,
        betreff=betreff,
        absender=absender,
        vorgang_id=vorgang_id,
    )
    return Status(201, [services.get_eintrag(request.user, e.pk) for e in eintraege])


@router.post(
    "/posteingang/mail",
    response={201: EintragOut},
    summary="E-Mail (.eml/.msg) direkt in einen Vorgang ablegen",
)
def mail_ablegen(request: HttpRequest, vorgang_id: Form[ObjektId], datei: File[UploadedFile]):
    """Die Mail und jeder Anhang werden Dokumente des Vorgangs, sobald verarbeitet."""
    vorgang = records.get_vorgang(request.user, vorgang_id, bearbeiten=True)
    eintrag = services.file_mail_into_vorgang(
        request.user, vorgang, dateiname=raw_name(request, datei), inhalt=datei
    )
    return Status(201, services.get_eintrag(request.user, eintrag.pk))


@router.get("/posteingang/{posteingangseintrag_id}", response=EintragOut, summary="Ein Eingang")
def get_eintrag(request: HttpRequest, posteingangseintrag_id: ObjektId):
    return _eintrag(request, posteingangseintrag_id)


@router.get(
    "/posteingang/{posteingangseintrag_id}/dateien/{posteingangsdatei_id}",
    summary="Eine Datei eines Eingangs herunterladen (Original oder PDF/A)",
    openapi_extra={
        "responses": {
            200: {
                "content": {
                    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
                }
            }
        }
    },
)
def datei_herunterladen(
    request: HttpRequest,
    posteingangseintrag_id: ObjektId,
    posteingangsdatei_id: ObjektId,
    pdfa: bool = False,
):
    datei = services.get_datei(request.user, posteingangseintrag_id, posteingangsdatei_id)
    if pdfa and datei.pdf_id is None:
        raise NotFound("Zu dieser Datei gibt es keine PDF/A-Fassung.")
    sha = datei.pdf_id if pdfa else datei.original_id
    name = datei.dateiname.rsplit(".", 1)[0] + ".pdf" if pdfa else datei.dateiname
    return datei_antwort(
        get_store().open(sha),
        dateiname=name,
        mime_type="application/pdf" if pdfa else "application/octet-stream",
    )


@router.post(
    "/posteingang/{posteingangseintrag_id}/zuordnen",
    response=EintragOut,
    summary="Einem Vorgang zuordnen",
)
def zuordnen(request: HttpRequest, posteingangseintrag_id: ObjektId, payload: ZuordnenIn):
    """Verarbeitet: sofort abgelegt (jede Datei ein Dokument). Noch in
    Verarbeitung: vorgemerkt und direkt danach abgelegt."""
    eintrag = _eintrag(request, posteingangseintrag_id)
    vorgang = records.get_vorgang(request.user, payload.vorgang_id, bearbeiten=True)
    services.assign_to_vorgang(request.user, eintrag, vorgang)
    return _eintrag(request, posteingangseintrag_id)


@router.post(
    "/posteingang/{posteingangseintrag_id}/vorgang",
    response={201: EintragOut},
    summary="Neuen Vorgang aus dem Eingang anlegen",
)
def neuer_vorgang(request: HttpRequest, posteingangseintrag_id: ObjektId, payload: NeuerVorgangIn):
    eintrag = _eintrag(request, posteingangseintrag_id)
    akte = records.get_akte(request.user, payload.akte_id, bearbeiten=True)
    services.open_vorgang(request.user, eintrag, akte=akte, betreff=payload.betreff)
    return Status(201, _eintrag(request, posteingangseintrag_id))


@router.post(
    "/posteingang/{posteingangseintrag_id}/weiterleiten",
    response=EintragOut,
    summary="An eine andere Organisationseinheit weiterleiten",
)
def weiterleiten(request: HttpRequest, posteingangseintrag_id: ObjektId, payload: WeiterleitenIn):
    eintrag = _eintrag(request, posteingangseintrag_id)
    oe = services.get_oe(request.user, payload.organisationseinheit_id)
    services.forward_to_oe(request.user, eintrag, oe)
    return _eintrag(request, posteingangseintrag_id)


# --- Mailkonten (Kommune-Admin) ------------------------------------------------

Verschluesselung = Literal["ssl", "starttls", "keine"]


class MailkontoOut(Schema):
    id: int
    bezeichnung: str
    organisationseinheit_id: int | None = Field(
        ..., alias="oe_id", description="Ziel-Posteingang; null = Registratur"
    )
    host: str
    port: int
    verschluesselung: Verschluesselung
    benutzer: str
    ordner: str
    aktiv: bool
    passwort_gesetzt: bool = Field(..., description="Das Passwort selbst wird nie ausgegeben.")
    letzter_abruf: datetime.datetime | None
    letzter_fehler: str


class MailkontoIn(Schema):
    bezeichnung: str = Field(..., max_length=100)
    organisationseinheit_id: ObjektId | None = Field(
        None, description="Ziel-Posteingang; null = Registratur"
    )
    host: str = Field(..., max_length=200)
    port: int = Field(993, ge=1, le=65535)
    verschluesselung: Verschluesselung = "ssl"
    benutzer: str = Field(..., max_length=200)
    passwort: str = Field(
        ..., max_length=500, description="nur schreibbar: wird verschlüsselt gespeichert"
    )
    ordner: str = Field("INBOX", max_length=200)
    aktiv: bool = True


class MailkontoPatch(Schema):
    bezeichnung: str | None = Field(None, max_length=100)
    organisationseinheit_id: ObjektId | None = Field(
        None, description="Ziel-Posteingang; null = Registratur (nur wenn gesendet)"
    )
    host: str | None = Field(None, max_length=200)
    port: int | None = Field(None, ge=1, le=65535)
    verschluesselung: Verschluesselung | None = None
    benutzer: str | None = Field(None, max_length=200)
    passwort: str | None = Field(
        None, max_length=500, description="nur schreibbar; leer oder fehlend: unverändert"
    )
    ordner: str | None = Field(None, max_length=200)
    aktiv: bool | None = None


class VerbindungstestOut(Schema):
    erfolgreich: bool
    meldung: str


@router.get(
    "/mailkonten",
    response=list[MailkontoOut],
    summary="Mailkonten der Kommune",
    tags=["Mailkonten"],
)
@paginate(Seiten)
def list_mailkonten(request: HttpRequest):
    """Nur für die Administration der Kommune."""
    return mailkonten.mailkonten_of(request.user).order_by("bezeichnung", "id")


@router.post(
    "/mailkonten",
    response={201: MailkontoOut},
    summary="Mailkonto einrichten",
    tags=["Mailkonten"],
)
def create_mailkonto(request: HttpRequest, payload: MailkontoIn):
    data = payload.dict()
    data["oe_id"] = data.pop("organisationseinheit_id")
    return Status(201, mailkonten.create_mailkonto(request.user, **data))


@router.get(
    "/mailkonten/{mailkonto_id}",
    response=MailkontoOut,
    summary="Ein Mailkonto",
    tags=["Mailkonten"],
)
def get_mailkonto(request: HttpRequest, mailkonto_id: ObjektId):
    return mailkonten.get_mailkonto(request.user, mailkonto_id)


@router.patch(
    "/mailkonten/{mailkonto_id}",
    response=MailkontoOut,
    summary="Mailkonto ändern (auch deaktivieren: aktiv=false)",
    tags=["Mailkonten"],
)
def patch_mailkonto(request: HttpRequest, mailkonto_id: ObjektId, payload: MailkontoPatch):
    """Nur die gesendeten Felder; ein leeres oder fehlendes Passwort bleibt unverändert."""
    konto = mailkonten.get_mailkonto(request.user, mailkonto_id)
    data = payload.dict(exclude_unset=True)
    values = {k: v for k, v in data.items() if k != "organisationseinheit_id" and v is not None}
    if "organisationseinheit_id" in data:
        values["oe_id"] = data["organisationseinheit_id"]
    return mailkonten.update_mailkonto(request.user, konto, **values)


@router.post(
    "/mailkonten/{mailkonto_id}/deaktivieren",
    response=MailkontoOut,
    summary="Mailkonto deaktivieren",
    tags=["Mailkonten"],
)
def deaktivieren(request: HttpRequest, mailkonto_id: ObjektId):
    konto = mailkonten.get_mailkonto(request.user, mailkonto_id)
    return mailkonten.deactivate_mailkonto(request.user, konto)


@router.post(
    "/mailkonten/{mailkonto_id}/verbindungstest",
    response=VerbindungstestOut,
    summary="Verbindung testen",
    tags=["Mailkonten"],
)
def verbindungstest(request: HttpRequest, mailkonto_id: ObjektId):
    """Anmelden und Ordner öffnen (ohne abzurufen); das Ergebnis auf Deutsch.
    Ein Fehlschlag ist keine Fehlerantwort: `erfolgreich` ist dann false."""
    konto = mailkonten.get_mailkonto(request.user, mailkonto_id)
    return mailkonten.verbindung_testen(request.user, konto)
