"""API of the Fachverfahren Gewerbe under /api/v1/gewerbe/…

Path and query parameters for objects are named `<model>_id`. Errors of an
Anzeige name the GewAnzV field number in the message ("Feld 15 (…): …").
"""

import datetime
from typing import Literal

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import LimitOffsetPagination, paginate

from aktenbund.api import Datum
from aktenbund.errors import ValidationError
from aktenbund.gewerbe import katalog, services
from aktenbund.gewerbe.daten import AnzeigeDaten, daten_aus_anzeige
from aktenbund.gewerbe.models import Gewerbeanzeige, Gewerbebetrieb, Quelle, Uebermittlung
from aktenbund.gewerbe.services import xgewerbeanzeige as xga
from aktenbund.gewerbe.services.rechte import require_lesen

router = Router(tags=["Gewerbe"])

Betriebsstatus = Literal["aktiv", "abgemeldet"]
Art = Literal["an", "um", "ab"]
# Literals, not the models' TextChoices: OpenAPI components are named by class,
# and other apps have enums called Status and Quelle too.
UebermittlungStatus = Literal["erstellt", "uebermittelt", "fehler"]
AnzeigeQuelle = Literal["formular", "api", "xml"]


# --- schemas --------------------------------------------------------------------


class FeldOut(Schema):
    anlage: int
    nr: int
    schluessel: str
    gruppe: str
    bezeichnung: str
    pflicht: str
    xml: list[str]
    sicherheit: str


class WzOut(Schema):
    code: str
    kennung: str
    titel: str
    abschnitt: str


class BetriebOut(Schema):
    id: int
    betriebsnummer: int
    uuid: str
    status: str
    angemeldet_am: datetime.date
    abgemeldet_am: datetime.date | None
    name: str
    anschrift: str
    rechtsform: str
    taetigkeit: str
    wz_code: str
    akte_id: int | None
    aktuelle_anzeige_id: int | None

    @staticmethod
    def resolve_uuid(obj: Gewerbebetrieb) -> str:
        return str(obj.uuid)

    @staticmethod
    def resolve_name(obj: Gewerbebetrieb) -> str:
        return obj.aktuelle_anzeige.anzeigename if obj.aktuelle_anzeige else ""

    @staticmethod
    def resolve_anschrift(obj: Gewerbebetrieb) -> str:
        return obj.aktuelle_anzeige.betriebsanschrift if obj.aktuelle_anzeige else ""

    @staticmethod
    def resolve_rechtsform(obj: Gewerbebetrieb) -> str:
        return obj.aktuelle_anzeige.rechtsform if obj.aktuelle_anzeige else ""

    @staticmethod
    def resolve_taetigkeit(obj: Gewerbebetrieb) -> str:
        t = obj.aktuelle_anzeige.schwerpunkt if obj.aktuelle_anzeige else None
        return t.beschreibung if t else ""

    @staticmethod
    def resolve_wz_code(obj: Gewerbebetrieb) -> str:
        t = obj.aktuelle_anzeige.schwerpunkt if obj.aktuelle_anzeige else None
        return t.wz_code if t else ""


class AnzeigeOut(AnzeigeDaten):
    id: int
    meldungsnummer: str
    uuid: str
    quelle: AnzeigeQuelle
    erfasst_am: datetime.datetime
    vorgang_id: int | None
    vorherige_id: int | None


class UebermittlungOut(Schema):
    id: int
    anzeige_id: int | None
    empfaenger: str
    empfaenger_name: str
    nachricht: str
    nachricht_uuid: str
    status: UebermittlungStatus
    erstellt_am: datetime.datetime
    faellig_am: datetime.date
    uebermittelt_am: datetime.datetime | None
    fehler: str
    ist_sammelnachricht: bool
    sammelnachricht_id: int | None

    @staticmethod
    def resolve_nachricht_uuid(obj: Uebermittlung) -> str:
        return str(obj.nachricht_uuid)


class FehlerIn(Schema):
    fehler: str = Field(..., max_length=2000)


class RouteOut(Schema):
    empfaenger: str
    name: str
    typ: str
    aktiv: bool
    verzicht: bool
    verzicht_seit: datetime.date | None
    bemerkung: str


class RouteIn(Schema):
    aktiv: bool = True
    verzicht: bool = False
    verzicht_seit: Datum | None = None
    bemerkung: str = Field("", max_length=300)


def anzeige_out(anzeige: Gewerbeanzeige) -> AnzeigeOut:
    daten = daten_aus_anzeige(anzeige)
    return AnzeigeOut(
        **daten.model_dump(),
        id=anzeige.pk,
        meldungsnummer=anzeige.meldungsnummer,
        uuid=str(anzeige.uuid),
        quelle=anzeige.quelle,
        erfasst_am=anzeige.erfasst_am,
        vorgang_id=anzeige.vorgang_id,
        vorherige_id=anzeige.vorherige_id,
    )


def _route_out(route) -> RouteOut:
    return RouteOut(
        empfaenger=route.empfaenger.schluessel,
        name=route.empfaenger.name,
        typ=route.empfaenger.typ,
        aktiv=route.aktiv,
        verzicht=route.verzicht,
        verzicht_seit=route.verzicht_seit,
        bemerkung=route.bemerkung,
    )


# --- reference data ------------------------------------------------------------------


@router.get("/gewerbe/felder", response=list[FeldOut], summary="Felder der GewAnzV Anlage 1–3")
def list_felder(request: HttpRequest, anlage: int | None = None):
    """Feldnummer, Bezeichnung, Gruppe, Pflichtregel und XGewerbeanzeige-Elemente."""
    if anlage is not None and anlage not in katalog.ANLAGEN:
        raise ValidationError("Es gibt die Anlagen 1, 2 und 3.", {"anlage": "1, 2 oder 3."})
    return [
        FeldOut(**{**f.__dict__, "xml": list(f.xml)})
        for a in ([anlage] if anlage else katalog.ANLAGEN)
        for f in katalog.felder(a)
    ]


@router.get("/gewerbe/wz", response=list[WzOut], summary="WZ 2008 durchsuchen")
def search_wz(request: HttpRequest, q: str = ""):
    """Unterklassen, deren Schlüssel mit `q` beginnt oder deren Titel alle Wörter enthält."""
    return [WzOut(**e.__dict__) for e in katalog.wz_suche(q[:100], limit=50)]


# --- register ---------------------------------------------------------------------------


@router.get("/gewerbe/betriebe", response=list[BetriebOut], summary="Gewerberegister")
@paginate(LimitOffsetPagination)
def list_betriebe(
    request: HttpRequest,
    q: str = "",
    status: Betriebsstatus | None = None,
    wz: str = "",
    rechtsform: str = "",
    plz: str = "",
):
    """Suche über Name, Geschäftsbezeichnung, Anschrift, Personen, Tätigkeit; Filter."""
    return services.suche(
        request.user, q=q, status=status or "", wz=wz, rechtsform=rechtsform, plz=plz
    )


@router.get(
    "/gewerbe/betriebe/{gewerbebetrieb_id}", response=BetriebOut, summary="Ein Gewerbebetrieb"
)
def get_betrieb(request: HttpRequest, gewerbebetrieb_id: int):
    return services.get_gewerbebetrieb(request.user, gewerbebetrieb_id)


@router.get("/gewerbe/anzeigen", response=list[AnzeigeOut], summary="Gewerbeanzeigen")
@paginate(LimitOffsetPagination)
def list_anzeigen(
    request: HttpRequest,
    anzeigeart: Art | None = None,
    gewerbebetrieb_id: int | None = None,
    von: Datum | None = None,
    bis: Datum | None = None,
):
    """Filter: Anzeigeart, Betrieb, Zeitraum des Datums (Beginn/Änderung/Aufgabe)."""
    require_lesen(request.user)
    qs = Gewerbeanzeige.objects.select_related("kommune").prefetch_related(
        "personen", "taetigkeiten"
    )
    if gewerbebetrieb_id is not None:
        qs = qs.filter(gewerbebetrieb=services.get_gewerbebetrieb(request.user, gewerbebetrieb_id))
    if anzeigeart:
        qs = qs.filter(anzeigeart=anzeigeart)
    if von:
        qs = qs.filter(datum__gte=von)
    if bis:
        qs = qs.filter(datum__lte=bis)
    return [anzeige_out(a) for a in qs.order_by("-pk")]


@router.get(
    "/gewerbe/anzeigen/{gewerbeanzeige_id}", response=AnzeigeOut, summary="Eine Gewerbeanzeige"
)
def get_anzeige(request: HttpRequest, gewerbeanzeige_id: int):
    return anzeige_out(services.get_gewerbeanzeige(request.user, gewerbeanzeige_id))


@router.post(
    "/gewerbe/anzeigen",
    response={201: AnzeigeOut},
    summary="Gewerbeanzeige erstatten (GewA 1, 2 oder 3)",
)
def create_anzeige(request: HttpRequest, payload: AnzeigeDaten):
    """Prüft, trägt ins Register ein, legt den Vorgang in der E-Akte an (Anzeige und
    Empfangsbescheinigung als PDF/A) und stellt die Nachrichten an die Empfänger
    bereit. 422: Fehler je Feld mit Feldnummer; 409: ähnlicher Betrieb im Register
    (mit `duplikat_bestaetigt: true` erneut senden)."""
    anzeige = services.submit_gewerbeanzeige(request.user, payload, quelle=Quelle.API)
    return Status(201, anzeige_out(anzeige))


@router.post(
    "/gewerbe/import",
    response={201: list[AnzeigeOut]},
    summary="XGewerbeanzeige-Nachricht einlesen",
)
def import_nachricht(
    request: HttpRequest,
    datei: File[UploadedFile],
    duplikat_bestaetigt: Form[bool] = False,
):
    """Eine Nachricht XGewerbeanzeige 2.2 (z. B. Online-Gewerbeanmeldung). Unsicheres
    XML (DOCTYPE, Entities), falscher Namensraum oder fehlende Pflichtelemente: 4xx
    mit dem Element in `errors[].field`; gespeichert wird dann nichts."""
    if datei.size > xga.MAX_BYTES:
        raise ValidationError("Die Datei ist zu groß.", {"datei": "Höchstens 5 MB."})
    anzeigen = services.import_xgewerbeanzeige(
        request.user, datei.read(), duplikat_bestaetigt=duplikat_bestaetigt
    )
    return Status(201, [anzeige_out(a) for a in anzeigen])


# --- outbox -----------------------------------------------------------------------------


@router.get(
    "/gewerbe/uebermittlungen", response=list[UebermittlungOut], summary="Ausgang der Übermittlung"
)
@paginate(LimitOffsetPagination)
def list_uebermittlungen(
    request: HttpRequest,
    empfaenger: str = "",
    status: UebermittlungStatus | None = None,
    gewerbeanzeige_id: int | None = None,
):
    qs = services.ausgang(request.user)
    if empfaenger:
        qs = qs.filter(empfaenger=empfaenger)
    if status:
        qs = qs.filter(status=status)
    if gewerbeanzeige_id is not None:
        qs = qs.filter(anzeige=services.get_gewerbeanzeige(request.user, gewerbeanzeige_id))
    return qs.order_by("-pk")


@router.get(
    "/gewerbe/uebermittlungen/{uebermittlung_id}",
    response=UebermittlungOut,
    summary="Eine Übermittlung",
)
def get_uebermittlung(request: HttpRequest, uebermittlung_id: int):
    return services.get_uebermittlung(request.user, uebermittlung_id)


@router.get(
    "/gewerbe/uebermittlungen/{uebermittlung_id}/xml",
    summary="Die Nachricht (XGewerbeanzeige 2.2)",
    openapi_extra={
        "responses": {200: {"content": {"application/xml": {"schema": {"type": "string"}}}}}
    },
)
def get_uebermittlung_xml(request: HttpRequest, uebermittlung_id: int):
    u = services.get_uebermittlung(request.user, uebermittlung_id)
    return HttpResponse(u.xml, content_type="application/xml; charset=utf-8")


@router.post(
    "/gewerbe/uebermittlungen/{uebermittlung_id}/uebermittelt",
    response=UebermittlungOut,
    summary="Als übermittelt vermerken",
)
def mark_uebermittelt(request: HttpRequest, uebermittlung_id: int):
    u = services.get_uebermittlung(request.user, uebermittlung_id)
    return services.markiere_uebermittelt(request.user, u)


@router.post(
    "/gewerbe/uebermittlungen/{uebermittlung_id}/fehler",
    response=UebermittlungOut,
    summary="Fehler der Übermittlung vermerken",
)
def mark_fehler(request: HttpRequest, uebermittlung_id: int, payload: FehlerIn):
    u = services.get_uebermittlung(request.user, uebermittlung_id)
    return services.markiere_fehler(request.user, u, payload.fehler)


@router.post(
    "/gewerbe/uebermittlungen/{uebermittlung_id}/erneut",
    response=UebermittlungOut,
    summary="Nach einem Fehler erneut bereitstellen",
)
def mark_erneut(request: HttpRequest, uebermittlung_id: int):
    u = services.get_uebermittlung(request.user, uebermittlung_id)
    return services.erneut_bereitstellen(request.user, u)


@router.post(
    "/gewerbe/statistik/sammeln",
    response=list[UebermittlungOut],
    summary="Fällige Statistikmeldungen sammeln",
)
def sammle_statistik(request: HttpRequest, stichtag: Datum | None = None):
    return services.statistik_sammeln(request.user, stichtag)


@router.post(
    "/gewerbe/ausgang/{empfaenger}/export",
    summary="Fällige Nachrichten eines Empfängers als ZIP",
    openapi_extra={
        "responses": {
            200: {
                "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}}
            }
        }
    },
)
def export_ausgang(request: HttpRequest, empfaenger: str):
    dateiname, inhalt, anzahl = services.export_ausgang(request.user, empfaenger)
    response = HttpResponse(inhalt, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{dateiname}"'
    response["X-Anzahl-Nachrichten"] = str(anzahl)
    return response


# --- routing per Kommune ---------------------------------------------------------------------


@router.get("/gewerbe/empfaenger", response=list[RouteOut], summary="Empfänger und Einstellungen")
def list_empfaenger(request: HttpRequest):
    require_lesen(request.user)
    return [_route_out(r) for r in services.routen(request.user.kommune_id)]


@router.put(
    "/gewerbe/empfaenger/{empfaenger}",
    response=RouteOut,
    summary="Empfänger für die eigene Kommune einstellen (auch Verzicht)",
)
def set_empfaenger(request: HttpRequest, empfaenger: str, payload: RouteIn):
    services.set_empfaengereinstellung(request.user, empfaenger, **payload.dict())
    return next(
        _route_out(r)
        for r in services.routen(request.user.kommune_id)
        if r.empfaenger.schluessel == empfaenger
    )


# --- Statistik ---------------------------------------------------------------------------


class StatistikZeileOut(Schema):
    merkmal: str
    an: int
    um: int
    ab: int
    summe: int


class StatistikTabelleOut(Schema):
    schluessel: str
    titel: str
    zeilen: list[StatistikZeileOut]
    summe: StatistikZeileOut


class StatistikOut(Schema):
    titel: str
    jahr: int
    monat: int | None
    bereich: str
    tabellen: list[StatistikTabelleOut]


@router.get("/gewerbe/statistik", response=StatistikOut, summary="Gewerbeanzeigenstatistik")
def get_statistik(
    request: HttpRequest,
    jahr: int | None = None,
    monat: int | None = None,
    bereich: Literal["kommune", "verbund"] = "kommune",
):
    """Standard: das laufende Jahr. An-, Um-, Abmeldungen nach Rechtsform, WZ-Abschnitt,
    Grund/Ursache, Haupt-/Nebenerwerb, Neugründung/Übernahme; `bereich=verbund` für alle
    Kommunen (nur Zahlen)."""
    from aktenbund.gewerbe.services import statistik as stat

    jahr = jahr or timezone.localdate().year
    return stat.statistik(request.user, jahr=jahr, monat=monat, verbund=bereich == "verbund")


@router.get(
    "/gewerbe/statistik/export",
    summary="Gewerbeanzeigenstatistik als CSV oder XLSX",
    openapi_extra={
        "responses": {
            200: {
                "content": {
                    "text/csv": {},
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {},
                }
            }
        }
    },
)
def export_statistik(
    request: HttpRequest,
    jahr: int | None = None,
    monat: int | None = None,
    bereich: Literal["kommune", "verbund"] = "kommune",
    format: Literal["csv", "xlsx"] = "csv",
):
    from aktenbund.gewerbe.services import statistik as stat

    jahr = jahr or timezone.localdate().year
    s = stat.statistik(request.user, jahr=jahr, monat=monat, verbund=bereich == "verbund")
    if format == "xlsx":
        inhalt = stat.als_xlsx(s)
        typ = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        inhalt, typ = stat.als_csv(s), "text/csv; charset=utf-8"
    response = HttpResponse(inhalt, content_type=typ)
    response["Content-Disposition"] = f'attachment; filename="gewerbestatistik_{jahr}.{format}"'
    return response


# --- Auskunft -------------------------------------------------------------------------------


class AuskunftIn(Schema):
    art: Literal["einfach", "erweitert"]
    antragsteller: str = Field(..., max_length=200)
    antragsteller_anschrift: str = Field(..., max_length=1000)
    berechtigtes_interesse: str = Field("", max_length=5000)


class EntscheidungIn(Schema):
    genehmigt: bool
    ablehnungsgrund: str = Field("", max_length=5000)


class AuskunftOut(Schema):
    id: int
    gewerbebetrieb_id: int
    art: str
    status: str
    antragsteller: str
    berechtigtes_interesse: str
    beantragt_am: datetime.datetime
    entschieden_am: datetime.datetime | None
    ablehnungsgrund: str
    vorgang_id: int | None


@router.get("/gewerbe/auskuenfte", response=list[AuskunftOut], summary="Gewerberegisterauskünfte")
@paginate(LimitOffsetPagination)
def list_auskuenfte(request: HttpRequest, status: str = ""):
    from aktenbund.gewerbe.services import auskunft

    qs = auskunft.auskuenfte(request.user)
    return qs.filter(status=status) if status else qs


@router.get("/gewerbe/auskuenfte/{auskunft_id}", response=AuskunftOut, summary="Eine Auskunft")
def get_auskunft(request: HttpRequest, auskunft_id: int):
    from aktenbund.gewerbe.services import auskunft

    return auskunft.get_auskunft(request.user, auskunft_id)


@router.post(
    "/gewerbe/betriebe/{gewerbebetrieb_id}/auskuenfte",
    response={201: AuskunftOut},
    summary="Gewerberegisterauskunft beantragen (einfach: sofort erteilt)",
)
def create_auskunft(request: HttpRequest, gewerbebetrieb_id: int, payload: AuskunftIn):
    from aktenbund.gewerbe.services import auskunft

    betrieb = services.get_gewerbebetrieb(request.user, gewerbebetrieb_id)
    return Status(201, auskunft.beantrage_auskunft(request.user, betrieb, **payload.dict()))


@router.post(
    "/gewerbe/auskuenfte/{auskunft_id}/entscheidung",
    response=AuskunftOut,
    summary="Über eine erweiterte Auskunft entscheiden (zweite Person)",
)
def decide_auskunft(request: HttpRequest, auskunft_id: int, payload: EntscheidungIn):
    from aktenbund.gewerbe.services import auskunft

    a = auskunft.get_auskunft(request.user, auskunft_id)
    return auskunft.entscheide_auskunft(request.user, a, **payload.dict())
