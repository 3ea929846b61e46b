"""API: the Posteingang (list, read, upload, file into a Vorgang, forward, mail drop).

Path and query parameters for objects are named `<model>_id`.
"""

import datetime

from django.http import HttpRequest, HttpResponse
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import LimitOffsetPagination, paginate

from aktenbund.blobs.store import get_store
from aktenbund.capture import services
from aktenbund.capture.models import Posteingangseintrag, Quelle
from aktenbund.capture.models import Status as EintragStatus
from aktenbund.errors import NotFound
from aktenbund.records import services as records

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
    vorgang_id: int


class NeuerVorgangIn(Schema):
    akte_id: int
    betreff: str = Field("", max_length=300, description="Standard: Betreff des Eingangs")


class WeiterleitenIn(Schema):
    organisationseinheit_id: int | None = Field(
        ..., description="Ziel-OE; null = Posteingang der Registratur"
    )


def _eintrag(request: HttpRequest, posteingangseintrag_id: int) -> Posteingangseintrag:
    return services.get_eintrag(request.user, posteingangseintrag_id)


@router.get("/posteingang", response=list[EintragOut], summary="Posteingang")
@paginate(LimitOffsetPagination)
def list_posteingang(
    request: HttpRequest,
    status: EintragStatus | None = None,
    quelle: Quelle | None = None,
    organisationseinheit_id: int | None = None,
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
    organisationseinheit_id: Form[int | None] = None,
    zusammen: Form[bool] = False,
    betreff: Form[str] = "",
    absender: Form[str] = "",
):
    """Eine Datei je Eingang (E-Mails .eml/.msg: Mail und Anhänge zusammen); mit
    `zusammen` alle Dateien als ein Eingang. Verarbeitung (Typ, OCR, PDF/A)
    läuft im Hintergrund; `status` zeigt den Stand."""
    eintraege = services.upload(
        request.user,
        [services.Eingangsdatei(f.name or "", f) for f in dateien],
        oe_id=organisationseinheit_id,
        quelle=Quelle.API,
        zusammen=zusammen,
        betreff=betreff,
        absender=absender,
    )
    return Status(201, [services.get_eintrag(request.user, e.pk) for e in eintraege])


@router.post(
    "/posteingang/mail",
    response={201: EintragOut},
    summary="E-Mail (.eml/.msg) direkt in einen Vorgang ablegen",
)
def mail_ablegen(request: HttpRequest, vorgang_id: Form[int], datei: File[UploadedFile]):
    """Die Mail und jeder Anhang werden Dokumente des Vorgangs, sobald verarbeitet."""
    vorgang = records.get_vorgang(request.user, vorgang_id, bearbeiten=True)
    eintrag = services.file_mail_into_vorgang(
        request.user, vorgang, dateiname=datei.name or "", inhalt=datei.read()
    )
    return Status(201, services.get_eintrag(request.user, eintrag.pk))


@router.get("/posteingang/{posteingangseintrag_id}", response=EintragOut, summary="Ein Eingang")
def get_eintrag(request: HttpRequest, posteingangseintrag_id: int):
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
    request: HttpRequest, posteingangseintrag_id: int, posteingangsdatei_id: int, pdfa: bool = False
):
    datei = services.get_datei(request.user, posteingangseintrag_id, posteingangsdatei_id)
    if pdfa and datei.pdf_id is None:
        raise NotFound("Zu dieser Datei gibt es keine PDF/A-Fassung.")
    sha = datei.pdf_id if pdfa else datei.original_id
    with get_store().open(sha) as stream:
        inhalt = stream.read()
    name = datei.dateiname.rsplit(".", 1)[0] + ".pdf" if pdfa else datei.dateiname
    response = HttpResponse(
        inhalt, content_type="application/pdf" if pdfa else "application/octet-stream"
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(name)}"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


@router.post(
    "/posteingang/{posteingangseintrag_id}/zuordnen",
    response=EintragOut,
    summary="Einem Vorgang zuordnen",
)
def zuordnen(request: HttpRequest, posteingangseintrag_id: int, payload: ZuordnenIn):
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
def neuer_vorgang(request: HttpRequest, posteingangseintrag_id: int, payload: NeuerVorgangIn):
    eintrag = _eintrag(request, posteingangseintrag_id)
    akte = records.get_akte(request.user, payload.akte_id, bearbeiten=True)
    services.open_vorgang(request.user, eintrag, akte=akte, betreff=payload.betreff)
    return Status(201, _eintrag(request, posteingangseintrag_id))


@router.post(
    "/posteingang/{posteingangseintrag_id}/weiterleiten",
    response=EintragOut,
    summary="An eine andere Organisationseinheit weiterleiten",
)
def weiterleiten(request: HttpRequest, posteingangseintrag_id: int, payload: WeiterleitenIn):
    eintrag = _eintrag(request, posteingangseintrag_id)
    oe = services.get_oe(request.user, payload.organisationseinheit_id)
    services.forward_to_oe(request.user, eintrag, oe)
    return _eintrag(request, posteingangseintrag_id)
