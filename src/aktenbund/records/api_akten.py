"""API: Akten, Vorgänge, Dokumente, Versionen, Freigaben and the Aktenzeichen pattern.

Thin over `aktenbund.records.services`: every operation looks its objects up
through the services (404 for what the user may not read, also across
Kommunen) and calls one service function. Path and query parameters for
objects are named `<model>_id`; the tenant-isolation probe relies on it.
Error bodies name the field as the client sent it (`federfuehrende_oe_id`,
not the service's `federfuehrende_oe`).
"""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Literal

from django.http import HttpRequest
from django_scopes import scopes_disabled
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from aktenbund.api import BearerOrSession, Datum, Fehler, ObjektId, Seiten
from aktenbund.errors import DomainError, NotFound, PermissionDenied, ValidationError
from aktenbund.records import services
from aktenbund.records.downloads import datei_antwort
from aktenbund.records.models import (
    Akte,
    Aktenstatus,
    AkteZugriff,
    Dokument,
    Dokumenttyp,
    Freigabe,
    Recht,
    Richtung,
    Version,
    Vorgang,
)
from aktenbund.records.models.akten import AKTENZEICHEN_PLATZHALTER
from aktenbund.records.services import protokoll
from aktenbund.records.services.aktenzeichen import beispiel
from aktenbund.records.uploads import keep_raw_names, raw_name
from aktenbund.tenancy.models import Kommune, Organisationseinheit, User
from aktenbund.tenancy.scope import kommune_scope

router = Router(tags=["Akten, Vorgänge, Dokumente"])


class UploadAuth(BearerOrSession):
    """Bearer or session, and the raw file names of the upload kept (see records.uploads)."""

    def __call__(self, request: HttpRequest) -> Any:
        keep_raw_names(request)
        return super().__call__(request)


# --- schemas --------------------------------------------------------------


ERRORS: dict[int, type] = {
    400: Fehler,
    401: Fehler,
    403: Fehler,
    404: Fehler,
    409: Fehler,
    422: Fehler,
}
UPLOAD_ERRORS: dict[int, type] = {**ERRORS, 413: Fehler, 415: Fehler}


class AkteOut(Schema):
    id: int
    kommune_id: ObjektId
    aktenzeichen: str
    betreff: str
    beschreibung: str
    aktenplaneinheit_id: ObjektId
    federfuehrende_oe_id: ObjektId
    vertraulich: bool
    status: Aktenstatus
    zda_am: datetime.date | None
    zda_verfuegung: str
    erstellt_von_id: ObjektId
    erstellt_am: datetime.datetime
    geaendert_am: datetime.datetime


class AkteDetail(AkteOut):
    recht: Recht = Field(..., description="Ihr Recht an der Akte")


class AkteIn(Schema):
    aktenplaneinheit_id: ObjektId
    betreff: str = Field(..., max_length=300)
    beschreibung: str = Field("", max_length=5000)
    federfuehrende_oe_id: ObjektId | None = Field(
        None, description="Standard: Ihre Organisationseinheit, wenn Sie genau einer angehören"
    )
    vertraulich: bool = False


class AkteUpdate(Schema):
    betreff: str = Field(..., max_length=300)
    beschreibung: str = Field("", max_length=5000)
    federfuehrende_oe_id: ObjektId | None = Field(None, description="leer: unverändert")
    vertraulich: bool | None = Field(None, description="leer: unverändert")


class AktePatch(Schema):
    betreff: str = Field(None, max_length=300)
    beschreibung: str = Field(None, max_length=5000)
    federfuehrende_oe_id: ObjektId = None
    vertraulich: bool = None


class ZdaIn(Schema):
    verfuegung: str = Field(..., max_length=2000, description="Text der zdA-Verfügung")


class WiedereroeffnenIn(Schema):
    grund: str = Field(..., max_length=2000)


class ZugriffOut(Schema):
    user_id: ObjektId
    username: str
    name: str
    recht: Recht


class ZugriffEintrag(Schema):
    user_id: ObjektId
    recht: Recht


class ZugriffIn(Schema):
    eintraege: list[ZugriffEintrag]


class FrueheresAktenzeichen(Schema):
    aktenzeichen: str
    bis: str


class VorgangOut(Schema):
    id: int
    kommune_id: ObjektId
    akte_id: ObjektId
    laufnr: int
    aktenzeichen: str
    betreff: str
    beschreibung: str
    bearbeiter_id: ObjektId | None
    frist: datetime.date | None
    status: Aktenstatus
    zda_am: datetime.date | None
    zda_verfuegung: str
    fruehere_aktenzeichen: list[FrueheresAktenzeichen]
    erstellt_von_id: ObjektId
    erstellt_am: datetime.datetime
    geaendert_am: datetime.datetime


class VorgangDetail(VorgangOut):
    recht: Recht = Field(..., description="Ihr Recht am Vorgang")


class VorgangIn(Schema):
    betreff: str = Field(..., max_length=300)
    beschreibung: str = Field("", max_length=5000)
    frist: Datum | None = None
    bearbeiter_id: ObjektId | None = Field(None, description="Standard: Sie selbst")


class VorgangUpdate(Schema):
    betreff: str = Field(..., max_length=300)
    beschreibung: str = Field("", max_length=5000)
    frist: Datum | None = None
    bearbeiter_id: ObjektId | None = None


class VorgangPatch(Schema):
    betreff: str = Field(None, max_length=300)
    beschreibung: str = Field(None, max_length=5000)
    frist: Datum | None = None
    bearbeiter_id: ObjektId | None = None


class VerschiebenIn(Schema):
    ziel_akte_id: ObjektId


class VersionOut(Schema):
    id: int
    dokument_id: ObjektId
    nummer: int
    dateiname: str
    mime_type: str
    groesse: int
    sha256: str
    kommentar: str
    erstellt_von_id: ObjektId
    erstellt_am: datetime.datetime

    @staticmethod
    def resolve_sha256(obj: Version) -> str:
        return obj.blob_id


class DokumentOut(Schema):
    id: int
    kommune_id: ObjektId
    vorgang_id: ObjektId
    titel: str
    typ: Dokumenttyp
    richtung: Richtung
    absender: str
    empfaenger: str
    datum: datetime.date
    erstellt_von_id: ObjektId
    erstellt_am: datetime.datetime
    geaendert_am: datetime.datetime
    aktuelle_version: VersionOut | None

    @staticmethod
    def resolve_aktuelle_version(obj: Dokument) -> Version | None:
        return _aktuelle_version(obj)


class DokumentUpdate(Schema):
    titel: str = Field(..., max_length=300)
    typ: Dokumenttyp
    richtung: Richtung
    datum: Datum
    absender: str = Field("", max_length=300)
    empfaenger: str = Field("", max_length=300)


class DokumentPatch(Schema):
    titel: str = Field(None, max_length=300)
    typ: Dokumenttyp = None
    richtung: Richtung = None
    datum: Datum = None
    absender: str = Field(None, max_length=300)
    empfaenger: str = Field(None, max_length=300)


_DATEINAME = "Dateiname, falls abweichend vom Namen im Upload; ohne Pfad"


class VersionForm(Schema):
    kommentar: str = Field("", max_length=300)
    dateiname: str = Field("", max_length=200, description=_DATEINAME)


class DokumentForm(VersionForm):
    titel: str = Field(..., max_length=300)
    typ: Dokumenttyp = Dokumenttyp.SONSTIGES
    richtung: Richtung = Richtung.INTERN
    datum: Datum | None = Field(None, description="Standard: heute")
    absender: str = Field("", max_length=300)
    empfaenger: str = Field("", max_length=300)


class EreignisOut(Schema):
    seq: int
    at: datetime.datetime
    action: str
    actor_id: ObjektId | None
    actor_name: str
    object_type: str
    object_id: str
    details: dict[str, Any]


class FreigabeOut(Schema):
    id: int
    kommune_id: ObjektId
    akte_id: ObjektId | None
    vorgang_id: ObjektId | None
    aktenzeichen: str
    empfaenger_kommune_id: ObjektId
    empfaenger_oe_id: ObjektId | None
    empfaenger_user_id: ObjektId | None
    recht: Recht
    gueltig_bis: datetime.date
    grund: str
    vertretung_erlaubt: bool
    erteilt_von_id: ObjektId
    erteilt_am: datetime.datetime
    widerrufen_am: datetime.datetime | None
    aktiv: bool

    @staticmethod
    def resolve_aktenzeichen(obj: Freigabe) -> str:
        return obj.objekt.aktenzeichen

    @staticmethod
    def resolve_aktiv(obj: Freigabe) -> bool:
        return obj.ist_aktiv()


class FreigabeIn(Schema):
    akte_id: ObjektId | None = Field(None, description="die Akte — oder `vorgang_id`")
    vorgang_id: ObjektId | None = Field(None, description="der Vorgang — oder `akte_id`")
    empfaenger_kommune_id: ObjektId
    empfaenger_oe_id: ObjektId | None = Field(None, description="eine OE der empfangenden Kommune")
    empfaenger_user_id: ObjektId | None = Field(None, description="eine Person dort")
    recht: Recht = Recht.LESEN
    gueltig_bis: Datum
    grund: str = Field("", max_length=300)
    vertretung_erlaubt: bool = Field(
        False,
        description="auch Vertretungen der Person (oder der OE-Mitglieder) dürfen sie nutzen",
    )


class EmpfangenOut(Schema):
    freigabe_id: ObjektId
    art: Literal["Akte", "Vorgang"]
    akte_id: ObjektId | None
    vorgang_id: ObjektId | None
    aktenzeichen: str
    betreff: str
    von_kommune_id: ObjektId
    von_kommune: str
    recht: Recht
    gueltig_bis: datetime.date


class AktenzeichenregelOut(Schema):
    muster: str
    laufnr_stellen: int
    beispiel: str
    platzhalter: list[str]
    geaendert_am: datetime.datetime | None


class AktenzeichenregelIn(Schema):
    muster: str = Field(..., max_length=100, description="z. B. {kennzeichen}-{laufnr}/{jahr}")
    laufnr_stellen: int = Field(1, ge=1, le=8)


# --- helpers --------------------------------------------------------------


@contextmanager
def _felder(**namen: str) -> Iterator[None]:
    """Rename the fields a service names to the names of the API's input."""
    try:
        yield
    except DomainError as exc:
        exc.errors = {namen.get(field, field): message for field, message in exc.errors.items()}
        raise


def _nicht_gefunden(noun: str, field: str) -> NotFound:
    return NotFound(f"{noun} gibt es nicht.", {field: "unbekannt"})


def _oe(oe_id: ObjektId | None, field: str) -> Organisationseinheit | None:
    """An OE of the current Kommune (404 naming `field` otherwise)."""
    if oe_id is None:
        return None
    oe = Organisationseinheit.objects.filter(pk=oe_id).first()
    if oe is None:
        raise _nicht_gefunden("Diese Organisationseinheit", field)
    return oe


def _person(kommune_id: ObjektId, user_id: ObjektId | None, field: str) -> User | None:
    """A person of `kommune_id` (404 naming `field` otherwise)."""
    if user_id is None:
        return None
    user = User.objects.filter(pk=user_id, kommune_id=kommune_id).first()
    if user is None:
        raise _nicht_gefunden("Diese Person", field)
    return user


def _aktuelle_version(dokument: Dokument) -> Version | None:
    cache = getattr(dokument, "_prefetched_objects_cache", {})
    if "versionen" in cache:
        versionen = sorted(cache["versionen"], key=lambda v: v.nummer, reverse=True)
        return versionen[0] if versionen else None
    with scopes_disabled():
        return Version.objects.filter(dokument_id=dokument.pk).order_by("-nummer").first()


def _ereignisse(**kwargs) -> Any:
    return protokoll.timeline(**kwargs)


BINARY = {"schema": {"type": "string", "format": "binary"}}


# --- Akten ----------------------------------------------------------------


@router.get("/akten", response={200: list[AkteOut], **ERRORS}, summary="Akten, die Sie sehen")
@paginate(Seiten)
def list_akten(
    request: HttpRequest,
    q: str = "",
    aktenplaneinheit_id: ObjektId | None = None,
    status: Aktenstatus | None = None,
    federfuehrende_oe_id: ObjektId | None = None,
    vertraulich: bool | None = None,
):
    """`q` sucht in Aktenzeichen und Betreff. Eigene Akten und für Sie freigegebene,
    zuletzt geänderte zuerst."""
    user = request.user
    if aktenplaneinheit_id is not None:
        services.get_aktenplaneinheit(user, aktenplaneinheit_id)
    _oe(federfuehrende_oe_id, "federfuehrende_oe_id")
    return services.akten_liste(
        user,
        q=q.strip(),
        aktenplaneinheit_id=aktenplaneinheit_id,
        status=status or "",
        federfuehrende_oe_id=federfuehrende_oe_id,
        vertraulich=vertraulich,
    )


@router.post("/akten", response={201: AkteDetail, **ERRORS}, summary="Akte anlegen")
def create_akte(request: HttpRequest, payload: AkteIn):
    user = request.user
    einheit = services.get_aktenplaneinheit(user, payload.aktenplaneinheit_id)
    with _felder(aktenplaneinheit="aktenplaneinheit_id", federfuehrende_oe="federfuehrende_oe_id"):
        akte = services.create_akte(
            user,
            aktenplaneinheit=einheit,
            betreff=payload.betreff,
            beschreibung=payload.beschreibung,
            federfuehrende_oe=_oe(payload.federfuehrende_oe_id, "federfuehrende_oe_id"),
            vertraulich=payload.vertraulich,
        )
    return Status(201, services.get_akte(user, akte.pk))


@router.get("/akten/{akte_id}", response={200: AkteDetail, **ERRORS}, summary="Eine Akte")
def get_akte(request: HttpRequest, akte_id: ObjektId):
    return services.get_akte(request.user, akte_id)


def _update_akte(request: HttpRequest, akte_id: ObjektId, values: dict) -> Akte:
    user = request.user
    akte = services.get_akte(user, akte_id)
    oe = None
    if values.get("federfuehrende_oe_id") is not None:
        oe = _oe(values["federfuehrende_oe_id"], "federfuehrende_oe_id")
    with _felder(federfuehrende_oe="federfuehrende_oe_id"):
        services.update_akte(
            user,
            akte,
            betreff=values.get("betreff", akte.betreff),
            beschreibung=values.get("beschreibung", akte.beschreibung),
            federfuehrende_oe=oe,
            vertraulich=values.get("vertraulich"),
        )
    return services.get_akte(user, akte_id)


@router.put("/akten/{akte_id}", response={200: AkteDetail, **ERRORS}, summary="Akte ändern")
def update_akte(request: HttpRequest, akte_id: ObjektId, payload: AkteUpdate):
    return _update_akte(request, akte_id, payload.dict())


@router.patch(
    "/akten/{akte_id}", response={200: AkteDetail, **ERRORS}, summary="Akte teilweise ändern"
)
def patch_akte(request: HttpRequest, akte_id: ObjektId, payload: AktePatch):
    values = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    return _update_akte(request, akte_id, values)


@router.post(
    "/akten/{akte_id}/zda", response={200: AkteDetail, **ERRORS}, summary="Akte zdA verfügen"
)
def zda_akte(request: HttpRequest, akte_id: ObjektId, payload: ZdaIn):
    """Nur wenn jeder Vorgang darin zdA ist (sonst 409)."""
    akte = services.get_akte(request.user, akte_id)
    with _felder(zda_verfuegung="verfuegung"):
        services.close_akte_zda(request.user, akte, verfuegung=payload.verfuegung)
    return services.get_akte(request.user, akte_id)


@router.post(
    "/akten/{akte_id}/wiedereroeffnen",
    response={200: AkteDetail, **ERRORS},
    summary="zdA-Akte wieder öffnen (Amtsleitung)",
)
def reopen_akte(request: HttpRequest, akte_id: ObjektId, payload: WiedereroeffnenIn):
    akte = services.get_akte(request.user, akte_id)
    services.reopen_akte(request.user, akte, grund=payload.grund)
    return services.get_akte(request.user, akte_id)


def _eigene_akte(request: HttpRequest, akte_id: ObjektId) -> Akte:
    akte = services.get_akte(request.user, akte_id)
    if akte.kommune_id != request.user.kommune_id:
        raise PermissionDenied("Die Zugriffsliste sieht und pflegt nur die Kommune der Akte.")
    return akte


def _zugriffe(akte: Akte) -> list[ZugriffOut]:
    rows = AkteZugriff.objects.filter(akte=akte).select_related("user").order_by("user__username")
    return [
        ZugriffOut(user_id=z.user_id, username=z.user.username, name=str(z.user), recht=z.recht)
        for z in rows
    ]


@router.get(
    "/akten/{akte_id}/zugriff",
    response={200: list[ZugriffOut], **ERRORS},
    summary="Zugriffsliste einer Akte",
)
def get_zugriff(request: HttpRequest, akte_id: ObjektId):
    """Wirksam, solange die Akte vertraulich ist."""
    return _zugriffe(_eigene_akte(request, akte_id))


@router.put(
    "/akten/{akte_id}/zugriff",
    response={200: list[ZugriffOut], **ERRORS},
    summary="Zugriffsliste einer Akte ersetzen",
)
def put_zugriff(request: HttpRequest, akte_id: ObjektId, payload: ZugriffIn):
    akte = _eigene_akte(request, akte_id)
    eintraege = [
        (_person(akte.kommune_id, e.user_id, f"eintraege.{n}.user_id"), e.recht)
        for n, e in enumerate(payload.eintraege)
    ]
    services.set_akte_zugriff(request.user, akte, eintraege)
    return _zugriffe(akte)


@router.get(
    "/akten/{akte_id}/historie",
    response={200: list[EreignisOut], **ERRORS},
    summary="Verlauf einer Akte",
)
@paginate(Seiten)
def historie_akte(request: HttpRequest, akte_id: ObjektId):
    akte = services.get_akte(request.user, akte_id)
    return _ereignisse(akte_id=akte.pk)


@router.get(
    "/akten/{akte_id}/freigaben",
    response={200: list[FreigabeOut], **ERRORS},
    summary="Freigaben einer Akte",
)
@paginate(Seiten)
def freigaben_akte(request: HttpRequest, akte_id: ObjektId):
    return services.freigaben_of(request.user, services.get_akte(request.user, akte_id))


# --- Vorgänge ---------------------------------------------------------------


@router.get(
    "/vorgaenge", response={200: list[VorgangOut], **ERRORS}, summary="Vorgänge, die Sie sehen"
)
@paginate(Seiten)
def list_vorgaenge(
    request: HttpRequest,
    q: str = "",
    akte_id: ObjektId | None = None,
    status: Aktenstatus | None = None,
    bearbeiter_id: ObjektId | None = None,
):
    """`q` sucht in Aktenzeichen (auch früheren) und Betreff."""
    user = request.user
    if akte_id is not None:
        services.get_akte(user, akte_id)
    _person(user.kommune_id, bearbeiter_id, "bearbeiter_id")
    return services.vorgaenge_liste(
        user, q=q.strip(), akte_id=akte_id, status=status or "", bearbeiter_id=bearbeiter_id
    )


@router.get(
    "/vorgaenge/meine",
    response={200: list[VorgangOut], **ERRORS},
    summary="Meine offenen Vorgänge (nächste Frist zuerst)",
)
@paginate(Seiten)
def meine_vorgaenge(request: HttpRequest):
    return services.meine_vorgaenge(request.user)


@router.get(
    "/vorgaenge/zuletzt",
    response={200: list[VorgangOut], **ERRORS},
    summary="Zuletzt von mir bearbeitete Vorgänge",
)
@paginate(Seiten)
def zuletzt_vorgaenge(request: HttpRequest):
    return services.zuletzt_bearbeitet(request.user, limit=50)


@router.post(
    "/akten/{akte_id}/vorgaenge",
    response={201: VorgangDetail, **ERRORS},
    summary="Vorgang in einer Akte anlegen",
)
def create_vorgang(request: HttpRequest, akte_id: ObjektId, payload: VorgangIn):
    user = request.user
    akte = services.get_akte(user, akte_id)
    bearbeiter = _person(akte.kommune_id, payload.bearbeiter_id, "bearbeiter_id")
    with _felder(bearbeiter="bearbeiter_id"):
        vorgang = services.create_vorgang(
            user,
            akte,
            betreff=payload.betreff,
            beschreibung=payload.beschreibung,
            frist=payload.frist,
            bearbeiter=bearbeiter,
        )
    return Status(201, services.get_vorgang(user, vorgang.pk))


@router.get(
    "/vorgaenge/{vorgang_id}", response={200: VorgangDetail, **ERRORS}, summary="Ein Vorgang"
)
def get_vorgang(request: HttpRequest, vorgang_id: ObjektId):
    return services.get_vorgang(request.user, vorgang_id)


def _update_vorgang(request: HttpRequest, vorgang_id: ObjektId, values: dict) -> Vorgang:
    user = request.user
    vorgang = services.get_vorgang(user, vorgang_id)
    extra = {}
    if "bearbeiter_id" in values:
        extra["bearbeiter"] = _person(vorgang.kommune_id, values["bearbeiter_id"], "bearbeiter_id")
    with _felder(bearbeiter="bearbeiter_id"):
        services.update_vorgang(
            user,
            vorgang,
            betreff=values.get("betreff") or vorgang.betreff,
            beschreibung=values.get("beschreibung", vorgang.beschreibung) or "",
            frist=values.get("frist", vorgang.frist),
            **extra,
        )
    return services.get_vorgang(user, vorgang_id)


@router.put(
    "/vorgaenge/{vorgang_id}", response={200: VorgangDetail, **ERRORS}, summary="Vorgang ändern"
)
def update_vorgang(request: HttpRequest, vorgang_id: ObjektId, payload: VorgangUpdate):
    return _update_vorgang(request, vorgang_id, payload.dict())


@router.patch(
    "/vorgaenge/{vorgang_id}",
    response={200: VorgangDetail, **ERRORS},
    summary="Vorgang teilweise ändern",
)
def patch_vorgang(request: HttpRequest, vorgang_id: ObjektId, payload: VorgangPatch):
    """Nur die gesendeten Felder; `frist: null` und `bearbeiter_id: null` leeren sie."""
    values = payload.dict(exclude_unset=True)
    for field in ("betreff", "beschreibung"):
        if values.get(field) is None:
            values.pop(field, None)
    return _update_vorgang(request, vorgang_id, values)


@router.post(
    "/vorgaenge/{vorgang_id}/verschieben",
    response={200: VorgangDetail, **ERRORS},
    summary="Vorgang in eine andere Akte verschieben",
)
def move_vorgang(request: HttpRequest, vorgang_id: ObjektId, payload: VerschiebenIn):
    """Das bisherige Aktenzeichen bleibt in `fruehere_aktenzeichen`."""
    user = request.user
    vorgang = services.get_vorgang(user, vorgang_id)
    try:
        ziel = services.get_akte(user, payload.ziel_akte_id)
    except NotFound:
        raise _nicht_gefunden("Diese Akte", "ziel_akte_id") from None
    services.move_vorgang(user, vorgang, ziel)
    return services.get_vorgang(user, vorgang_id)


@router.post(
    "/vorgaenge/{vorgang_id}/zda",
    response={200: VorgangDetail, **ERRORS},
    summary="Vorgang zdA verfügen",
)
def zda_vorgang(request: HttpRequest, vorgang_id: ObjektId, payload: ZdaIn):
    vorgang = services.get_vorgang(request.user, vorgang_id)
    with _felder(zda_verfuegung="verfuegung"):
        services.close_vorgang_zda(request.user, vorgang, verfuegung=payload.verfuegung)
    return services.get_vorgang(request.user, vorgang_id)


@router.post(
    "/vorgaenge/{vorgang_id}/wiedereroeffnen",
    response={200: VorgangDetail, **ERRORS},
    summary="zdA-Vorgang wieder öffnen (Amtsleitung)",
)
def reopen_vorgang(request: HttpRequest, vorgang_id: ObjektId, payload: WiedereroeffnenIn):
    vorgang = services.get_vorgang(request.user, vorgang_id)
    services.reopen_vorgang(request.user, vorgang, grund=payload.grund)
    return services.get_vorgang(request.user, vorgang_id)


@router.get(
    "/vorgaenge/{vorgang_id}/historie",
    response={200: list[EreignisOut], **ERRORS},
    summary="Verlauf eines Vorgangs samt Dokumenten und Versionen",
)
@paginate(Seiten)
def historie_vorgang(request: HttpRequest, vorgang_id: ObjektId):
    vorgang = services.get_vorgang(request.user, vorgang_id)
    with scopes_disabled():
        dokument_ids = list(
            Dokument.objects.filter(vorgang_id=vorgang.pk).values_list("pk", flat=True)
        )
        version_ids = list(
            Version.objects.filter(dokument_id__in=dokument_ids).values_list("pk", flat=True)
        )
    return _ereignisse(vorgang_id=vorgang.pk, dokument_ids=dokument_ids, version_ids=version_ids)


@router.get(
    "/vorgaenge/{vorgang_id}/freigaben",
    response={200: list[FreigabeOut], **ERRORS},
    summary="Freigaben eines Vorgangs",
)
@paginate(Seiten)
def freigaben_vorgang(request: HttpRequest, vorgang_id: ObjektId):
    return services.freigaben_of(request.user, services.get_vorgang(request.user, vorgang_id))


# --- Dokumente and Versionen ----------------------------------------------


@router.get(
    "/vorgaenge/{vorgang_id}/dokumente",
    response={200: list[DokumentOut], **ERRORS},
    summary="Dokumente eines Vorgangs",
)
@paginate(Seiten)
def list_dokumente(request: HttpRequest, vorgang_id: ObjektId):
    return services.dokumente_of(services.get_vorgang(request.user, vorgang_id))


@router.post(
    "/vorgaenge/{vorgang_id}/dokumente",
    response={201: DokumentOut, **UPLOAD_ERRORS},
    summary="Dokument hochladen",
    auth=UploadAuth(),
)
def create_dokument(
    request: HttpRequest,
    vorgang_id: ObjektId,
    datei: File[UploadedFile],
    angaben: Form[DokumentForm],
):
    """multipart/form-data. Der Typ wird am Inhalt erkannt, nicht am Namen; zu große
    Dateien 413, nicht angenommene Typen 415, Pfade im Namen, verschlüsselte oder
    beschädigte Dateien und Dekompressionsbomben 422. Abgewiesen wird nichts gespeichert."""
    user = request.user
    vorgang = services.get_vorgang(user, vorgang_id)
    dokument = services.add_dokument(
        user,
        vorgang,
        titel=angaben.titel,
        typ=angaben.typ,
        richtung=angaben.richtung,
        datum=angaben.datum,
        absender=angaben.absender,
        empfaenger=angaben.empfaenger,
        dateiname=angaben.dateiname or raw_name(request, datei),
        inhalt=datei,
        kommentar=angaben.kommentar,
    )
    return Status(201, services.get_dokument(user, dokument.pk))


@router.get(
    "/dokumente/{dokument_id}", response={200: DokumentOut, **ERRORS}, summary="Ein Dokument"
)
def get_dokument(request: HttpRequest, dokument_id: ObjektId):
    return services.get_dokument(request.user, dokument_id)


def _update_dokument(request: HttpRequest, dokument_id: ObjektId, values: dict) -> Dokument:
    user = request.user
    dokument = services.get_dokument(user, dokument_id)
    felder = {
        field: values.get(field, getattr(dokument, field))
        for field in ("titel", "typ", "richtung", "datum", "absender", "empfaenger")
    }
    services.update_dokument(user, dokument, **felder)
    return services.get_dokument(user, dokument_id)


@router.put(
    "/dokumente/{dokument_id}",
    response={200: DokumentOut, **ERRORS},
    summary="Angaben zu einem Dokument ändern",
)
def update_dokument(request: HttpRequest, dokument_id: ObjektId, payload: DokumentUpdate):
    return _update_dokument(request, dokument_id, payload.dict())


@router.patch(
    "/dokumente/{dokument_id}",
    response={200: DokumentOut, **ERRORS},
    summary="Angaben zu einem Dokument teilweise ändern",
)
def patch_dokument(request: HttpRequest, dokument_id: ObjektId, payload: DokumentPatch):
    values = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    return _update_dokument(request, dokument_id, values)


@router.get(
    "/dokumente/{dokument_id}/versionen",
    response={200: list[VersionOut], **ERRORS},
    summary="Versionen eines Dokuments (neueste zuerst)",
)
@paginate(Seiten)
def list_versionen(request: HttpRequest, dokument_id: ObjektId):
    dokument = services.get_dokument(request.user, dokument_id)
    with scopes_disabled():
        return list(Version.objects.filter(dokument_id=dokument.pk).order_by("-nummer"))


@router.post(
    "/dokumente/{dokument_id}/versionen",
    response={201: VersionOut, **UPLOAD_ERRORS},
    summary="Neue Version hochladen",
    auth=UploadAuth(),
)
def create_version(
    request: HttpRequest,
    dokument_id: ObjektId,
    datei: File[UploadedFile],
    angaben: Form[VersionForm],
):
    """multipart/form-data; Prüfungen wie beim Hochladen eines Dokuments."""
    user = request.user
    dokument = services.get_dokument(user, dokument_id)
    version = services.add_version(
        user,
        dokument,
        dateiname=angaben.dateiname or raw_name(request, datei),
        inhalt=datei,
        kommentar=angaben.kommentar,
    )
    return Status(201, services.get_version(user, version.pk))


@router.get(
    "/dokumente/{dokument_id}/historie",
    response={200: list[EreignisOut], **ERRORS},
    summary="Verlauf eines Dokuments samt Versionen",
)
@paginate(Seiten)
def historie_dokument(request: HttpRequest, dokument_id: ObjektId):
    dokument = services.get_dokument(request.user, dokument_id)
    with scopes_disabled():
        version_ids = list(
            Version.objects.filter(dokument_id=dokument.pk).values_list("pk", flat=True)
        )
    return _ereignisse(dokument_ids=[dokument.pk], version_ids=version_ids)


@router.get("/versionen/{version_id}", response={200: VersionOut, **ERRORS}, summary="Eine Version")
def get_version(request: HttpRequest, version_id: ObjektId):
    return services.get_version(request.user, version_id)


@router.get(
    "/versionen/{version_id}/inhalt",
    response={200: None, **ERRORS},
    summary="Inhalt einer Version herunterladen",
    openapi_extra={
        "responses": {
            200: {
                "description": "Die Datei mit ihrem erkannten Typ; `vorschau=true` zeigt PDF "
                "und Bilder im Browser an (inline), alles andere wird heruntergeladen.",
                "content": {"application/octet-stream": BINARY, "*/*": BINARY},
            }
        }
    },
)
def download_version(request: HttpRequest, version_id: ObjektId, vorschau: bool = False):
    version, stream = services.open_version(
        request.user, services.get_version(request.user, version_id), vorschau=vorschau
    )
    return datei_antwort(
        stream, dateiname=version.dateiname, mime_type=version.mime_type, inline=vorschau
    )


# --- Freigaben --------------------------------------------------------------


def _empfaenger(payload: FreigabeIn) -> tuple[Kommune | None, Organisationseinheit | None, Any]:
    """The receiving Kommune and, read in its scope, the OE or person there."""
    kommune = Kommune.objects.filter(pk=payload.empfaenger_kommune_id, aktiv=True).first()
    if kommune is None:
        raise _nicht_gefunden("Diese Kommune", "empfaenger_kommune_id")
    oe = user = None
    with kommune_scope(kommune.pk):
        if payload.empfaenger_oe_id is not None:
            oe = Organisationseinheit.objects.filter(pk=payload.empfaenger_oe_id).first()
            if oe is None:
                raise _nicht_gefunden("Diese Organisationseinheit", "empfaenger_oe_id")
        if payload.empfaenger_user_id is not None:
            user = User.objects.filter(
                pk=payload.empfaenger_user_id, kommune_id=kommune.pk, is_active=True
            ).first()
            if user is None:
                raise _nicht_gefunden("Diese Person", "empfaenger_user_id")
    return kommune, oe, user


@router.post("/freigaben", response={201: FreigabeOut, **ERRORS}, summary="Freigabe erteilen")
def create_freigabe(request: HttpRequest, payload: FreigabeIn):
    """Amtshilfe: eine eigene Akte oder einen Vorgang einer anderen Kommune (einer OE
    oder einer Person dort) zum Lesen oder Bearbeiten freigeben, bis `gueltig_bis`."""
    user = request.user
    akte = services.get_akte(user, payload.akte_id) if payload.akte_id is not None else None
    vorgang = (
        services.get_vorgang(user, payload.vorgang_id) if payload.vorgang_id is not None else None
    )
    if (akte is None) == (vorgang is None):
        raise ValidationError(
            "Bitte genau eine Akte oder einen Vorgang freigeben.",
            {"akte_id": "Entweder akte_id oder vorgang_id angeben."},
        )
    kommune, oe, person = _empfaenger(payload)
    with _felder(
        objekt="akte_id",
        empfaenger_kommune="empfaenger_kommune_id",
        empfaenger_oe="empfaenger_oe_id",
        empfaenger_user="empfaenger_user_id",
    ):
        freigabe = services.grant_freigabe(
            user,
            akte=akte,
            vorgang=vorgang,
            empfaenger_kommune=kommune,
            empfaenger_oe=oe,
            empfaenger_user=person,
            recht=payload.recht,
            gueltig_bis=payload.gueltig_bis,
            grund=payload.grund,
            vertretung_erlaubt=payload.vertretung_erlaubt,
        )
    return Status(201, freigabe)


@router.get(
    "/freigaben/empfangen",
    response={200: list[EmpfangenOut], **ERRORS},
    summary="Für uns freigegeben",
)
@paginate(Seiten)
def empfangene_freigaben(request: HttpRequest):
    """Was andere Kommunen Ihnen, Ihrer OE oder Ihrer Kommune freigegeben haben
    (aktive Freigaben, zuerst ablaufende zuerst)."""
    return [
        EmpfangenOut(
            freigabe_id=e.freigabe.pk,
            art=e.art,
            akte_id=e.freigabe.akte_id,
            vorgang_id=e.freigabe.vorgang_id,
            aktenzeichen=e.objekt.aktenzeichen,
            betreff=e.objekt.betreff,
            von_kommune_id=e.freigabe.kommune_id,
            von_kommune=e.freigabe.kommune.name,
            recht=e.freigabe.recht,
            gueltig_bis=e.freigabe.gueltig_bis,
        )
        for e in services.fuer_uns_freigegeben(request.user)
    ]


@router.get(
    "/freigaben/{freigabe_id}", response={200: FreigabeOut, **ERRORS}, summary="Eine Freigabe"
)
def get_freigabe(request: HttpRequest, freigabe_id: ObjektId):
    return services.get_freigabe(request.user, freigabe_id)


@router.post(
    "/freigaben/{freigabe_id}/widerrufen",
    response={200: FreigabeOut, **ERRORS},
    summary="Freigabe widerrufen",
)
def revoke_freigabe(request: HttpRequest, freigabe_id: ObjektId):
    freigabe = services.get_freigabe(request.user, freigabe_id)
    return services.revoke_freigabe(request.user, freigabe)


# --- Aktenzeichen pattern ----------------------------------------------------


def _regel_out(kommune_id: ObjektId) -> AktenzeichenregelOut:
    regel = services.regel_of(kommune_id)
    return AktenzeichenregelOut(
        muster=regel.muster,
        laufnr_stellen=regel.laufnr_stellen,
        beispiel=beispiel(regel.muster, regel.laufnr_stellen),
        platzhalter=list(AKTENZEICHEN_PLATZHALTER),
        geaendert_am=regel.geaendert_am if regel.pk else None,
    )


@router.get(
    "/aktenzeichenregel",
    response={200: AktenzeichenregelOut, **ERRORS},
    summary="Aktenzeichenmuster der eigenen Kommune",
)
def get_aktenzeichenregel(request: HttpRequest):
    if not request.user.kommune_id:
        raise NotFound("Das Aktenzeichenmuster gehört zu einer Kommune.")
    return _regel_out(request.user.kommune_id)


@router.put(
    "/aktenzeichenregel",
    response={200: AktenzeichenregelOut, **ERRORS},
    summary="Aktenzeichenmuster festlegen (Kommune-Admin, Registratur)",
)
def put_aktenzeichenregel(request: HttpRequest, payload: AktenzeichenregelIn):
    """Platzhalter: {kennzeichen}, {laufnr} (genau einmal), {jahr}, {oe}, {ags}.
    Bestehende Aktenzeichen ändern sich nicht."""
    services.set_aktenzeichenregel(
        request.user, muster=payload.muster, laufnr_stellen=payload.laufnr_stellen
    )
    return _regel_out(request.user.kommune_id)
