"""API: the Aktenplan (list, read, create, change, close, import, export).

Path parameters are named `<model>_id`; the tenant-isolation probe relies on it.
"""

import datetime
from typing import Annotated, Literal

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from aktenbund.api import Datum, ObjektId, Seiten
from aktenbund.records import services
from aktenbund.records.aktenplan_io import CONTENT_TYPES
from aktenbund.records.models import Aktenplaneinheit, Aussonderungsart

router = Router(tags=["Aktenplan"])

Format = Literal["csv", "xlsx"]


# --- schemas --------------------------------------------------------------


class AktenplaneinheitOut(Schema):
    id: int
    kennzeichen: str
    titel: str
    beschreibung: str
    parent_id: ObjektId | None
    ebene: int
    aufbewahrungsfrist: int | None = Field(..., description="Jahre; null = dauernd")
    aussonderungsart: Aussonderungsart
    gueltig_ab: datetime.date
    gueltig_bis: datetime.date | None
    lokal: bool = Field(..., description="lokale Einheit der eigenen Kommune")
    gueltig: bool = Field(..., description="heute gültig")

    @staticmethod
    def resolve_lokal(obj: Aktenplaneinheit) -> bool:
        return obj.ist_lokal

    @staticmethod
    def resolve_gueltig(obj: Aktenplaneinheit) -> bool:
        return obj.ist_gueltig()


class AktenplaneinheitIn(Schema):
    parent_id: ObjektId | None = Field(
        None, description="übergeordnete Einheit; leer nur für Hauptgruppen des Verbunds"
    )
    kennzeichen: str = Field(..., max_length=40)
    titel: str = Field(..., max_length=200)
    beschreibung: str = Field("", max_length=4000)
    aufbewahrungsfrist: int | None = Field(..., ge=1, le=150, description="Jahre; null = dauernd")
    aussonderungsart: Aussonderungsart
    gueltig_ab: Datum | None = Field(None, description="Standard: heute")


class AktenplaneinheitUpdate(Schema):
    titel: str = Field(..., max_length=200)
    beschreibung: str = Field("", max_length=4000)
    aufbewahrungsfrist: int | None = Field(..., ge=1, le=150, description="Jahre; null = dauernd")
    aussonderungsart: Aussonderungsart
    gueltig_ab: Datum


class SchliessenIn(Schema):
    gueltig_bis: Datum | None = Field(None, description="letzter gültiger Tag; Standard: heute")


class SchliessenOut(Schema):
    einheit: AktenplaneinheitOut
    geschlossen: int = Field(..., description="geschlossene Einheiten samt Unterbaum")


class ImportOut(Schema):
    angelegt: int
    geaendert: int
    geschlossen: int
    unveraendert: int


# --- operations -------------------------------------------------------------


@router.get(
    "/aktenplan",
    response=list[AktenplaneinheitOut],
    summary="Aktenplan: Einheiten des Verbunds und die eigenen lokalen",
)
@paginate(Seiten)
def list_aktenplan(
    request: HttpRequest,
    kennzeichen: str | None = None,
    gueltig: bool | None = None,
    ebene: Annotated[int, Field(ge=1, le=100)] | None = None,
    lokal: bool | None = None,
):
    """Filters: `kennzeichen` (beginnt mit), `gueltig` (heute gültig), `ebene`
    (1 = Hauptgruppen), `lokal`. The children of one node:
    `/aktenplan/{aktenplaneinheit_id}/untereinheiten`."""
    qs = services.aktenplan_for(request.user.kommune_id)
    return _filtered(qs, kennzeichen=kennzeichen, gueltig=gueltig, ebene=ebene, lokal=lokal)


def _filtered(qs, *, kennzeichen=None, gueltig=None, ebene=None, lokal=None):
    if kennzeichen:
        qs = qs.filter(kennzeichen__startswith=kennzeichen)
    if gueltig is not None:
        today = timezone.localdate()
        valid = qs.filter(gueltig_ab__lte=today).exclude(gueltig_bis__lt=today)
        qs = valid if gueltig else qs.exclude(pk__in=valid.values("pk"))
    if ebene is not None:
        qs = qs.filter(ebene=ebene)
    if lokal is not None:
        qs = qs.filter(kommune__isnull=not lokal)
    return qs.order_by("kennzeichen", "pk")


@router.post("/aktenplan", response={201: AktenplaneinheitOut}, summary="Aktenplaneinheit anlegen")
def create_aktenplaneinheit(request: HttpRequest, payload: AktenplaneinheitIn):
    user = request.user
    parent = (
        services.get_aktenplaneinheit(user, payload.parent_id)
        if payload.parent_id is not None
        else None
    )
    einheit = services.create_aktenplaneinheit(
        user,
        parent=parent,
        kennzeichen=payload.kennzeichen,
        titel=payload.titel,
        beschreibung=payload.beschreibung,
        aufbewahrungsfrist=payload.aufbewahrungsfrist,
        aussonderungsart=payload.aussonderungsart,
        gueltig_ab=payload.gueltig_ab,
    )
    return Status(201, einheit)


@router.post("/aktenplan/import", response=ImportOut, summary="Aktenplan importieren (CSV, xlsx)")
def import_aktenplan(request: HttpRequest, datei: File[UploadedFile], format: Form[Format] = "csv"):
    """Spalten: Kennzeichen;Übergeordnet;Titel;Beschreibung;Aufbewahrungsfrist;
    Aussonderungsart;gültig ab;gültig bis (siehe docs/records.md). Bei einem
    Fehler wird nichts importiert; `errors` nennt jede fehlerhafte Zelle."""
    ergebnis = services.import_aktenplan(request.user, datei, format)
    return ImportOut(
        angelegt=ergebnis.angelegt,
        geaendert=ergebnis.geaendert,
        geschlossen=ergebnis.geschlossen,
        unveraendert=ergebnis.unveraendert,
    )


@router.get(
    "/aktenplan/export",
    summary="Aktenplan exportieren (CSV, xlsx)",
    openapi_extra={
        "responses": {
            200: {
                "description": "Die Datei; erneut importiert ändert sie nichts.",
                "content": {
                    CONTENT_TYPES["csv"].split(";")[0]: {
                        "schema": {"type": "string", "format": "binary"}
                    },
                    CONTENT_TYPES["xlsx"]: {"schema": {"type": "string", "format": "binary"}},
                },
            }
        }
    },
)
def export_aktenplan(request: HttpRequest, format: Format = "csv"):
    datei = services.export_aktenplan(request.user, format)
    response = HttpResponse(datei.inhalt, content_type=datei.content_type)
    response["Content-Disposition"] = f'attachment; filename="{datei.dateiname}"'
    return response


@router.get(
    "/aktenplan/{aktenplaneinheit_id}",
    response=AktenplaneinheitOut,
    summary="Eine Aktenplaneinheit",
)
def get_aktenplaneinheit(request: HttpRequest, aktenplaneinheit_id: ObjektId):
    return services.get_aktenplaneinheit(request.user, aktenplaneinheit_id)


@router.get(
    "/aktenplan/{aktenplaneinheit_id}/untereinheiten",
    response=list[AktenplaneinheitOut],
    summary="Direkte Untereinheiten einer Aktenplaneinheit",
)
@paginate(Seiten)
def list_untereinheiten(
    request: HttpRequest, aktenplaneinheit_id: ObjektId, gueltig: bool | None = None
):
    user = request.user
    einheit = services.get_aktenplaneinheit(user, aktenplaneinheit_id)
    qs = services.aktenplan_for(user.kommune_id).filter(parent=einheit)
    return _filtered(qs, gueltig=gueltig)


@router.put(
    "/aktenplan/{aktenplaneinheit_id}",
    response=AktenplaneinheitOut,
    summary="Aktenplaneinheit ändern",
)
def update_aktenplaneinheit(
    request: HttpRequest, aktenplaneinheit_id: ObjektId, payload: AktenplaneinheitUpdate
):
    einheit = services.get_aktenplaneinheit(request.user, aktenplaneinheit_id)
    return services.update_aktenplaneinheit(request.user, einheit, **payload.dict())


@router.post(
    "/aktenplan/{aktenplaneinheit_id}/schliessen",
    response=SchliessenOut,
    summary="Aktenplaneinheit samt Unterbaum schließen",
)
def close_aktenplaneinheit(
    request: HttpRequest, aktenplaneinheit_id: ObjektId, payload: SchliessenIn | None = None
):
    einheit = services.get_aktenplaneinheit(request.user, aktenplaneinheit_id)
    anzahl = services.close_aktenplaneinheit(
        request.user, einheit, gueltig_bis=payload.gueltig_bis if payload else None
    )
    return SchliessenOut(einheit=einheit, geschlossen=anzahl)
