"""API: Haushalt (frames, Teilhaushalte, plans, Planansätze, statements, Satzung, workflow).

Amounts are decimal strings with two places ("1234.56"), never floats. Lists
take `limit`/`offset` and filters; path parameters are `<model>_id`.
"""

import datetime
from decimal import Decimal
from typing import Annotated, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from aktenbund.api import Datum, Dezimal, ObjektId, Seiten
from aktenbund.haushalt import services
from aktenbund.haushalt.models import (
    BETRAGSSPALTEN,
    Konto,
    Planansatz,
    Produktbereich,
)
from aktenbund.haushalt.services import rechnung, rechte
from aktenbund.haushalt.services.rechte import own
from aktenbund.haushalt.tabelle import CONTENT_TYPES

router = Router(tags=["Haushalt"])

Format = Literal["csv", "xlsx"]
Haushaltsjahr = Annotated[int, Field(ge=2000, le=2100)]
Betrag = Dezimal


# --- schemas -----------------------------------------------------------------------


class ProduktbereichOut(Schema):
    nummer: str
    bezeichnung: str


class KontoOut(Schema):
    nummer: str
    bezeichnung: str
    ergebnis_zeile: str = Field(..., description="Zeile des Ergebnishaushalts, leer wenn keine")
    finanz_zeile: str = Field(..., description="Zeile des Finanzhaushalts, leer wenn keine")


class ProduktOut(Schema):
    id: int
    nummer: str
    bezeichnung: str
    produktgruppe: str
    produktbereich: str
    eigen: bool

    @staticmethod
    def resolve_produktgruppe(obj) -> str:
        return obj.produktgruppe.nummer

    @staticmethod
    def resolve_produktbereich(obj) -> str:
        return obj.produktgruppe.produktbereich.nummer

    @staticmethod
    def resolve_eigen(obj) -> bool:
        return obj.ist_eigen


class ProduktIn(Schema):
    produktgruppe: str = Field(..., description="z. B. 04.01")
    nummer: str = Field(..., max_length=30, description="beginnt mit der Produktgruppe")
    bezeichnung: str = Field(..., max_length=200)


class TeilhaushaltOut(Schema):
    id: int
    nummer: str
    bezeichnung: str
    gliederung: str
    organisationseinheit_id: ObjektId | None
    produktbereiche: list[str]

    @staticmethod
    def resolve_produktbereiche(obj) -> list[str]:
        return sorted(z.produktbereich.nummer for z in obj.zuordnungen.all())


class TeilhaushaltIn(Schema):
    nummer: str = Field(..., max_length=10)
    bezeichnung: str = Field(..., max_length=200)
    gliederung: Literal["produktbereich", "organisation"] = "produktbereich"
    produktbereiche: list[str] = Field(..., description="Nummern der Produktbereiche")
    organisationseinheit_id: ObjektId | None = None


class PlanOut(Schema):
    id: int
    haushaltsjahr: int
    doppelhaushalt: bool
    nachtrag_nr: int
    nachtrag_zu_id: ObjektId | None
    bezeichnung: str
    status: str
    vorbericht: str
    hebesatz_grundsteuer_a: int
    hebesatz_grundsteuer_b: int
    hebesatz_gewerbesteuer: int
    liquiditaetskredite: Betrag
    zahlungsmittelbestand: Betrag
    eingebracht_am: datetime.date | None
    beschlossen_am: datetime.date | None
    vorgelegt_am: datetime.date | None
    genehmigt_am: datetime.date | None
    genehmigungsart: str
    bekannt_gemacht_am: datetime.date | None
    rechtskraeftig_am: datetime.date | None


class PlanKopf(Schema):
    vorbericht: str = Field("", max_length=50_000)
    hebesatz_grundsteuer_a: int = Field(0, ge=0, le=9999)
    hebesatz_grundsteuer_b: int = Field(0, ge=0, le=9999)
    hebesatz_gewerbesteuer: int = Field(0, ge=0, le=9999)
    liquiditaetskredite: Betrag = Field(Decimal("0.00"), ge=0, max_digits=15, decimal_places=2)
    zahlungsmittelbestand: Betrag = Field(Decimal("0.00"), max_digits=15, decimal_places=2)


class PlanIn(PlanKopf):
    haushaltsjahr: int = Field(..., ge=2000, le=2100)
    doppelhaushalt: bool = False


class Betraege(Schema):
    ergebnis_vorvorjahr: Betrag | None = None
    ansatz_vorjahr: Betrag | None = None
    ansatz: Betrag | None = None
    planung_1: Betrag | None = None
    planung_2: Betrag | None = None
    planung_3: Betrag | None = None


class AnsatzOut(Schema):
    id: int
    konto: str
    produkt: str
    massnahme: str
    ergebnis_vorvorjahr: Betrag
    ansatz_vorjahr: Betrag
    ansatz: Betrag
    planung_1: Betrag
    planung_2: Betrag
    planung_3: Betrag
    erlaeuterung: str

    @staticmethod
    def resolve_konto(obj) -> str:
        return obj.konto.nummer

    @staticmethod
    def resolve_produkt(obj) -> str:
        return obj.produkt.nummer

    @staticmethod
    def resolve_massnahme(obj) -> str:
        return obj.massnahme.nummer if obj.massnahme else ""


class AnsatzIn(Betraege):
    konto: str = Field(..., description="Kontonummer des Kontenrahmens")
    produkt: str = Field(..., description="Produktnummer")
    massnahme: str = Field("", description="Maßnahmennummer (nur Investitionskonten)")
    erlaeuterung: str = Field("", max_length=4000)


class AnsatzUpdate(Betraege):
    erlaeuterung: str | None = Field(None, max_length=4000)


class ZeileOut(Schema):
    nr: str
    bezeichnung: str
    summe: bool
    betraege: list[Betrag]


class AusgleichOut(Schema):
    jahr: int
    ordentliches_ergebnis: Betrag
    zahlungsmittelfluss: Betrag
    tilgung: Betrag
    ergebnis_ausgeglichen: bool
    finanz_ausgeglichen: bool


class RechnungOut(Schema):
    spalten: list[str]
    zeilen: list[ZeileOut]
    ausgleich: list[AusgleichOut]


class TeilRechnungOut(Schema):
    teilhaushalt_id: ObjektId | None
    bezeichnung: str
    ergebnishaushalt: list[ZeileOut]
    finanzhaushalt: list[ZeileOut]


class SchrittIn(Schema):
    schritt: Literal[
        "einbringen", "beschliessen", "vorlegen", "genehmigen", "bekanntmachen", "rechtskraeftig"
    ]
    datum: Datum
    genehmigungsart: Literal["", "genehmigt", "ohne_beanstandung"] = ""


class ImportOut(Schema):
    angelegt: int
    geaendert: int
    unveraendert: int
    entfernt: int = 0


class SatzungOut(Schema):
    text_html: str
    paragraph_1: list[dict]
    kredite: Betrag
    verpflichtungsermaechtigungen: Betrag
    liquiditaetskredite: Betrag
    hebesaetze: dict[str, int]


class MassnahmeOut(Schema):
    id: int
    nummer: str
    bezeichnung: str
    produkt: str
    ve_planung_1: Betrag
    ve_planung_2: Betrag
    ve_planung_3: Betrag

    @staticmethod
    def resolve_produkt(obj) -> str:
        return obj.produkt.nummer


class MassnahmeIn(Schema):
    nummer: str = Field(..., max_length=20)
    bezeichnung: str = Field(..., max_length=200)
    produkt: str
    ve_planung_1: Betrag | None = None
    ve_planung_2: Betrag | None = None
    ve_planung_3: Betrag | None = None


class StelleOut(Schema):
    id: int
    laufbahn: str
    gruppe: str
    bezeichnung: str
    anzahl: Decimal
    anzahl_vorjahr: Decimal


class StelleIn(Schema):
    laufbahn: Literal["beamte", "beschaeftigte"]
    gruppe: str = Field(..., max_length=20)
    bezeichnung: str = Field("", max_length=200)
    anzahl: Dezimal = Field(..., ge=0, max_digits=7, decimal_places=2)
    anzahl_vorjahr: Dezimal = Field(..., ge=0, max_digits=7, decimal_places=2)


def _download(datei) -> HttpResponse:
    response = HttpResponse(datei.inhalt, content_type=datei.content_type)
    response["Content-Disposition"] = f'attachment; filename="{datei.dateiname}"'
    return response


_DATEI = {
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
}


def _zeilen(r: rechnung.Rechnung) -> list[ZeileOut]:
    return [
        ZeileOut(
            nr=z.nr, bezeichnung=z.zeile.bezeichnung, summe=z.zeile.ist_summe, betraege=z.betraege
        )
        for z in r.zeilen
    ]


# --- frames --------------------------------------------------------------------------


@router.get(
    "/haushalt/produktbereiche", response=list[ProduktbereichOut], summary="Produktbereiche"
)
@paginate(Seiten)
def list_produktbereiche(request: HttpRequest):
    return Produktbereich.objects.all()


@router.get("/haushalt/konten", response=list[KontoOut], summary="Kontenrahmen")
@paginate(Seiten)
def list_konten(
    request: HttpRequest,
    nummer: str | None = None,
    ergebnis_zeile: str | None = None,
    finanz_zeile: str | None = None,
):
    """Filters: `nummer` (beginnt mit), `ergebnis_zeile`, `finanz_zeile`."""
    qs = Konto.objects.all()
    if nummer:
        qs = qs.filter(nummer__startswith=nummer)
    if ergebnis_zeile:
        qs = qs.filter(ergebnis_zeile=ergebnis_zeile)
    if finanz_zeile:
        qs = qs.filter(finanz_zeile=finanz_zeile)
    return qs.order_by("nummer")


@router.post("/haushalt/kontenrahmen/import", response=ImportOut, summary="Kontenrahmen laden")
def import_kontenrahmen(
    request: HttpRequest, datei: File[UploadedFile], format: Form[Format] = "csv"
):
    """Spalten: Konto;Bezeichnung;Ergebnishaushalt;Finanzhaushalt (docs/haushalt.md)."""
    return services.import_kontenrahmen(request.user, datei, format)


@router.get(
    "/haushalt/kontenrahmen/export", summary="Kontenrahmen exportieren", openapi_extra=_DATEI
)
def export_kontenrahmen(request: HttpRequest, format: Format = "csv"):
    return _download(services.export_kontenrahmen(request.user, format))


@router.post("/haushalt/produktrahmen/import", response=ImportOut, summary="Produktrahmen laden")
def import_produktrahmen(
    request: HttpRequest, datei: File[UploadedFile], format: Form[Format] = "csv"
):
    """Spalten: Nummer;Bezeichnung ("01", "01.01", "01.01.01")."""
    return services.import_produktrahmen(request.user, datei, format)


@router.get(
    "/haushalt/produktrahmen/export", summary="Produktrahmen exportieren", openapi_extra=_DATEI
)
def export_produktrahmen(request: HttpRequest, format: Format = "csv"):
    return _download(services.export_produktrahmen(request.user, format))


@router.get("/haushalt/produkte", response=list[ProduktOut], summary="Produkte (Rahmen und eigene)")
@paginate(Seiten)
def list_produkte(
    request: HttpRequest,
    produktbereich: str | None = None,
    nummer: str | None = None,
    eigen: bool | None = None,
):
    qs = services.produkte_for(request.user.kommune_id)
    if produktbereich:
        qs = qs.filter(produktgruppe__produktbereich__nummer=produktbereich)
    if nummer:
        qs = qs.filter(nummer__startswith=nummer)
    if eigen is not None:
        qs = qs.filter(kommune__isnull=not eigen)
    return qs.order_by("nummer", "pk")


@router.post("/haushalt/produkte", response={201: ProduktOut}, summary="Eigenes Produkt anlegen")
def create_produkt(request: HttpRequest, payload: ProduktIn):
    return Status(201, services.create_produkt(request.user, **payload.dict()))


@router.get("/haushalt/produkte/{produkt_id}", response=ProduktOut, summary="Ein Produkt")
def get_produkt(request: HttpRequest, produkt_id: ObjektId):
    return services.get_produkt(request.user, produkt_id)


# --- Teilhaushalte -----------------------------------------------------------------------


@router.get("/haushalt/teilhaushalte", response=list[TeilhaushaltOut], summary="Teilhaushalte")
@paginate(Seiten)
def list_teilhaushalte(request: HttpRequest, gliederung: str | None = None):
    qs = services.teilhaushalte_for(request.user)
    if gliederung:
        qs = qs.filter(gliederung=gliederung)
    return qs.order_by("nummer")


@router.post(
    "/haushalt/teilhaushalte", response={201: TeilhaushaltOut}, summary="Teilhaushalt anlegen"
)
def create_teilhaushalt(request: HttpRequest, payload: TeilhaushaltIn):
    return Status(201, services.save_teilhaushalt(request.user, None, **payload.dict()))


@router.get(
    "/haushalt/teilhaushalte/{teilhaushalt_id}",
    response=TeilhaushaltOut,
    summary="Ein Teilhaushalt",
)
def get_teilhaushalt(request: HttpRequest, teilhaushalt_id: ObjektId):
    return services.get_teilhaushalt(request.user, teilhaushalt_id)


@router.put(
    "/haushalt/teilhaushalte/{teilhaushalt_id}",
    response=TeilhaushaltOut,
    summary="Teilhaushalt ändern",
)
def update_teilhaushalt(request: HttpRequest, teilhaushalt_id: ObjektId, payload: TeilhaushaltIn):
    teil = services.get_teilhaushalt(request.user, teilhaushalt_id)
    return services.save_teilhaushalt(request.user, teil, **payload.dict())


# --- plans --------------------------------------------------------------------------------


@router.get("/haushalt/plaene", response=list[PlanOut], summary="Haushaltspläne der Kommune")
@paginate(Seiten)
def list_plaene(
    request: HttpRequest, haushaltsjahr: Haushaltsjahr | None = None, status: str | None = None
):
    qs = services.plaene_for(request.user)
    if haushaltsjahr:
        qs = qs.filter(haushaltsjahr=haushaltsjahr)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-haushaltsjahr", "-nachtrag_nr")


@router.post("/haushalt/plaene", response={201: PlanOut}, summary="Haushaltsplan anlegen (Entwurf)")
def create_plan(request: HttpRequest, payload: PlanIn):
    return Status(201, services.create_plan(request.user, **payload.dict()))


@router.get("/haushalt/plaene/{haushaltsplan_id}", response=PlanOut, summary="Ein Haushaltsplan")
def get_plan(request: HttpRequest, haushaltsplan_id: ObjektId):
    return services.get_plan(request.user, haushaltsplan_id)


@router.put(
    "/haushalt/plaene/{haushaltsplan_id}", response=PlanOut, summary="Angaben zum Plan ändern"
)
def update_plan(request: HttpRequest, haushaltsplan_id: ObjektId, payload: PlanKopf):
    plan = services.get_plan(request.user, haushaltsplan_id)
    return services.update_plan(request.user, plan, **payload.dict())


@router.get(
    "/haushalt/plaene/{haushaltsplan_id}/ansaetze",
    response=list[AnsatzOut],
    summary="Planansätze eines Plans",
)
@paginate(Seiten)
def list_ansaetze(
    request: HttpRequest,
    haushaltsplan_id: ObjektId,
    konto: str | None = None,
    produkt: str | None = None,
    produktbereich: str | None = None,
):
    """Filters: `konto`, `produkt` (each: beginnt mit), `produktbereich`."""
    plan = services.get_plan(request.user, haushaltsplan_id)
    qs = own(Planansatz, request.user).filter(haushaltsplan=plan)
    if konto:
        qs = qs.filter(konto__nummer__startswith=konto)
    if produkt:
        qs = qs.filter(produkt__nummer__startswith=produkt)
    if produktbereich:
        qs = qs.filter(produkt__produktgruppe__produktbereich__nummer=produktbereich)
    return qs.select_related("konto", "produkt", "massnahme").order_by(
        "produkt__nummer", "konto__nummer", "pk"
    )


def _betraege(payload: Betraege) -> dict:
    return {n: getattr(payload, n) for n in BETRAGSSPALTEN if getattr(payload, n) is not None}


@router.post(
    "/haushalt/plaene/{haushaltsplan_id}/ansaetze",
    response={201: AnsatzOut},
    summary="Planansatz anlegen",
)
def create_ansatz(request: HttpRequest, haushaltsplan_id: ObjektId, payload: AnsatzIn):
    plan = services.get_plan(request.user, haushaltsplan_id)
    ansatz = services.create_planansatz(
        request.user,
        plan,
        konto=payload.konto,
        produkt=payload.produkt,
        massnahme=payload.massnahme,
        betraege=_betraege(payload),
        erlaeuterung=payload.erlaeuterung,
    )
    return Status(201, ansatz)


@router.get("/haushalt/ansaetze/{planansatz_id}", response=AnsatzOut, summary="Ein Planansatz")
def get_ansatz(request: HttpRequest, planansatz_id: ObjektId):
    return services.get_planansatz(request.user, planansatz_id)


@router.put("/haushalt/ansaetze/{planansatz_id}", response=AnsatzOut, summary="Planansatz ändern")
def update_ansatz(request: HttpRequest, planansatz_id: ObjektId, payload: AnsatzUpdate):
    """Only the given amounts (and the Erläuterung, if given) change."""
    ansatz = services.get_planansatz(request.user, planansatz_id)
    return services.update_planansatz(
        request.user, ansatz, betraege=_betraege(payload), erlaeuterung=payload.erlaeuterung
    )


@router.delete(
    "/haushalt/ansaetze/{planansatz_id}", response={204: None}, summary="Planansatz entfernen"
)
def delete_ansatz(request: HttpRequest, planansatz_id: ObjektId):
    ansatz = services.get_planansatz(request.user, planansatz_id)
    services.delete_planansatz(request.user, ansatz)
    return Status(204, None)


@router.get(
    "/haushalt/plaene/{haushaltsplan_id}/export",
    summary="Planansätze exportieren",
    openapi_extra=_DATEI,
)
def export_ansaetze(request: HttpRequest, haushaltsplan_id: ObjektId, format: Format = "xlsx"):
    plan = services.get_plan(request.user, haushaltsplan_id)
    return _download(services.export_planansaetze(request.user, plan, format))


@router.post(
    "/haushalt/plaene/{haushaltsplan_id}/import",
    response=ImportOut,
    summary="Planansätze importieren (ersetzt alle)",
)
def import_ansaetze(
    request: HttpRequest,
    haushaltsplan_id: ObjektId,
    datei: File[UploadedFile],
    format: Form[Format] = "xlsx",
):
    """Bei einem Fehler wird nichts importiert; `errors` nennt jede fehlerhafte Zelle."""
    plan = services.get_plan(request.user, haushaltsplan_id)
    return services.import_planansaetze(request.user, plan, datei, format)


# --- statements ------------------------------------------------------------------------------


def _ausgleich(berechnet) -> list[AusgleichOut]:
    return [
        AusgleichOut(
            jahr=a.jahr,
            ordentliches_ergebnis=a.ordentliches_ergebnis,
            zahlungsmittelfluss=a.zahlungsmittelfluss,
            tilgung=a.tilgung,
            ergebnis_ausgeglichen=a.ergebnis_ausgeglichen,
            finanz_ausgeglichen=a.finanz_ausgeglichen,
        )
        for a in berechnet.ausgleich
    ]


@router.get(
    "/haushalt/plaene/{haushaltsplan_id}/ergebnishaushalt",
    response=RechnungOut,
    summary="Gesamtergebnishaushalt (Zeilen 01–28)",
)
def get_ergebnishaushalt(request: HttpRequest, haushaltsplan_id: ObjektId):
    plan = services.get_plan(request.user, haushaltsplan_id)
    berechnet = services.statements(plan)
    return RechnungOut(
        spalten=services.spalten_titel(plan),
        zeilen=_zeilen(berechnet.ergebnis),
        ausgleich=_ausgleich(berechnet),
    )


@router.get(
    "/haushalt/plaene/{haushaltsplan_id}/finanzhaushalt",
    response=RechnungOut,
    summary="Gesamtfinanzhaushalt (Zeilen 1–34)",
)
def get_finanzhaushalt(request: HttpRequest, haushaltsplan_id: ObjektId):
    plan = services.get_plan(request.user, haushaltsplan_id)
    berechnet = services.statements(plan)
    return RechnungOut(
        spalten=services.spalten_titel(plan),
        zeilen=_zeilen(berechnet.finanz),
        ausgleich=_ausgleich(berechnet),
    )


@router.get(
    "/haushalt/plaene/{haushaltsplan_id}/teilhaushalte",
    response=list[TeilRechnungOut],
    summary="Teilergebnis- und Teilfinanzhaushalte",
)
def get_teilhaushalte(request: HttpRequest, haushaltsplan_id: ObjektId):
    plan = services.get_plan(request.user, haushaltsplan_id)
    return [
        TeilRechnungOut(
            teilhaushalt_id=t.teilhaushalt.pk if t.teilhaushalt else None,
            bezeichnung=str(t.teilhaushalt) if t.teilhaushalt else "ohne Teilhaushalt",
            ergebnishaushalt=_zeilen(t.haushalt.ergebnis),
            finanzhaushalt=_zeilen(t.haushalt.finanz),
        )
        for t in services.statements(plan).teile
    ]


@router.get(
    "/haushalt/plaene/{haushaltsplan_id}/satzung",
    response=SatzungOut,
    summary="Haushaltssatzung (aus dem Plan erzeugt)",
)
def get_satzung(request: HttpRequest, haushaltsplan_id: ObjektId):
    from django.template.loader import render_to_string

    plan = services.get_plan(request.user, haushaltsplan_id)
    satzung = services.haushaltssatzung(plan)
    return SatzungOut(
        text_html=render_to_string(
            "haushalt/_satzung_text.html", {"plan": plan, "satzung": satzung}
        ),
        paragraph_1=[
            {k: (str(v) if isinstance(v, Decimal) else v) for k, v in vars(p).items()}
            for p in satzung.paragraph_1
        ],
        kredite=sum((b for _, b in satzung.kredite), Decimal("0.00")),
        verpflichtungsermaechtigungen=satzung.verpflichtungsermaechtigungen,
        liquiditaetskredite=satzung.liquiditaetskredite,
        hebesaetze=dict(
            zip(
                ("grundsteuer_a", "grundsteuer_b", "gewerbesteuer"), satzung.hebesaetze, strict=True
            )
        ),
    )


@router.get(
    "/haushalt/plaene/{haushaltsplan_id}/pdf",
    summary="Der ganze Plan als PDF/A",
    openapi_extra={
        "responses": {
            200: {
                "description": "PDF/A-2b",
                "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def get_pdf(request: HttpRequest, haushaltsplan_id: ObjektId):
    plan = services.get_plan(request.user, haushaltsplan_id)
    return _download(services.plan_pdf(plan))


# --- workflow, Nachtrag ----------------------------------------------------------------------


@router.post(
    "/haushalt/plaene/{haushaltsplan_id}/schritte",
    response=PlanOut,
    summary="Nächster Verfahrensschritt (einbringen … rechtskräftig)",
)
def advance(request: HttpRequest, haushaltsplan_id: ObjektId, payload: SchrittIn):
    plan = services.get_plan(request.user, haushaltsplan_id)
    return services.advance_plan(
        request.user,
        plan,
        payload.schritt,
        datum=payload.datum,
        genehmigungsart=payload.genehmigungsart,
    )


@router.post(
    "/haushalt/plaene/{haushaltsplan_id}/nachtrag",
    response={201: PlanOut},
    summary="Nachtragshaushalt anlegen",
)
def create_nachtrag(request: HttpRequest, haushaltsplan_id: ObjektId):
    plan = services.get_plan(request.user, haushaltsplan_id)
    return Status(201, services.create_nachtrag(request.user, plan))


# --- Maßnahmen, Stellen ------------------------------------------------------------------------


@router.get(
    "/haushalt/plaene/{haushaltsplan_id}/massnahmen",
    response=list[MassnahmeOut],
    summary="Maßnahmen des Investitionsprogramms",
)
@paginate(Seiten)
def list_massnahmen(request: HttpRequest, haushaltsplan_id: ObjektId):
    plan = services.get_plan(request.user, haushaltsplan_id)
    return plan.massnahmen.select_related("produkt").order_by("nummer")


@router.post(
    "/haushalt/plaene/{haushaltsplan_id}/massnahmen",
    response={201: MassnahmeOut},
    summary="Maßnahme anlegen",
)
def create_massnahme(request: HttpRequest, haushaltsplan_id: ObjektId, payload: MassnahmeIn):
    plan = services.get_plan(request.user, haushaltsplan_id)
    return Status(201, services.save_massnahme(request.user, plan, **payload.dict()))


@router.delete(
    "/haushalt/massnahmen/{massnahme_id}", response={204: None}, summary="Maßnahme entfernen"
)
def delete_massnahme(request: HttpRequest, massnahme_id: ObjektId):
    services.delete_massnahme(request.user, services.get_massnahme(request.user, massnahme_id))
    return Status(204, None)


@router.get(
    "/haushalt/plaene/{haushaltsplan_id}/stellen", response=list[StelleOut], summary="Stellenplan"
)
@paginate(Seiten)
def list_stellen(request: HttpRequest, haushaltsplan_id: ObjektId, laufbahn: str | None = None):
    plan = services.get_plan(request.user, haushaltsplan_id)
    qs = plan.stellen.all()
    if laufbahn:
        qs = qs.filter(laufbahn=laufbahn)
    return qs.order_by("laufbahn", "gruppe")


@router.post(
    "/haushalt/plaene/{haushaltsplan_id}/stellen",
    response={201: StelleOut},
    summary="Stellen eintragen",
)
def create_stelle(request: HttpRequest, haushaltsplan_id: ObjektId, payload: StelleIn):
    plan = services.get_plan(request.user, haushaltsplan_id)
    return Status(201, services.save_stelle(request.user, plan, **payload.dict()))


@router.delete("/haushalt/stellen/{stelle_id}", response={204: None}, summary="Stelle entfernen")
def delete_stelle(request: HttpRequest, stelle_id: ObjektId):
    services.delete_stelle(request.user, services.get_stelle(request.user, stelle_id))
    return Status(204, None)


# --- E-Akte ------------------------------------------------------------------------------


class AblageOut(Schema):
    kennzeichen: str = Field(..., description="Aktenplan-Kennzeichen (900.1 … 900.4)")
    vorgang_id: int
    aktenzeichen: str
    betreff: str


@router.get(
    "/haushalt/plaene/{haushaltsplan_id}/ablagen",
    response=list[AblageOut],
    summary="Vorgänge des Plans in der E-Akte",
)
def list_ablagen(request: HttpRequest, haushaltsplan_id: ObjektId):
    plan = services.get_plan(request.user, haushaltsplan_id)
    return [
        AblageOut(
            kennzeichen=a.kennzeichen,
            vorgang_id=v.pk,
            aktenzeichen=v.aktenzeichen,
            betreff=v.betreff,
        )
        for a, v in services.ablagen_of(request.user, plan)
    ]


# --- charts, Verbund comparison ----------------------------------------------------------


class ReiheOut(Schema):
    name: str
    werte: list[Betrag]


class DiagrammOut(Schema):
    titel: str
    beschreibung: str
    kategorien: list[str]
    reihen: list[ReiheOut]


@router.get(
    "/haushalt/plaene/{haushaltsplan_id}/diagramme",
    response=list[DiagrammOut],
    summary="Diagrammdaten: Erträge/Aufwendungen nach Produktbereichen, Jahresergebnis, "
    "Zahlungsmittelbestand",
)
def get_diagramme(request: HttpRequest, haushaltsplan_id: ObjektId):
    plan = services.get_plan(request.user, haushaltsplan_id)
    return [
        DiagrammOut(
            titel=d.titel,
            beschreibung=d.beschreibung,
            kategorien=d.kategorien,
            reihen=[ReiheOut(name=r.name, werte=r.werte) for r in d.reihen],
        )
        for d in services.diagramme_of(plan)
    ]


class TeilnahmeOut(Schema):
    teilnahme: bool
    seit: datetime.datetime | None


class TeilnahmeIn(Schema):
    teilnahme: bool


def _teilnahme(kommune_id: int) -> TeilnahmeOut:
    t = services.vergleich_teilnahme_of(kommune_id)
    return TeilnahmeOut(teilnahme=t is not None, seit=t.seit if t else None)


@router.get(
    "/haushalt/vergleich/teilnahme",
    response=TeilnahmeOut,
    summary="Nimmt die eigene Kommune am Verbundvergleich teil?",
)
def get_teilnahme(request: HttpRequest):
    rechte.require_kommune(request.user)
    return _teilnahme(request.user.kommune_id)


@router.put(
    "/haushalt/vergleich/teilnahme",
    response=TeilnahmeOut,
    summary="Teilnahme am Verbundvergleich schalten (Kämmerei, Kommune-Admin)",
)
def set_teilnahme(request: HttpRequest, payload: TeilnahmeIn):
    services.set_vergleich_teilnahme(request.user, payload.teilnahme)
    return _teilnahme(request.user.kommune_id)


class KennzahlOut(Schema):
    name: str
    bezeichnung: str
    zeile: str = Field(..., description="z. B. ergebnis:05 (Zeile des Gesamthaushalts)")


class VergleichsKommuneOut(Schema):
    name: str
    einwohner: int
    plan: str
    eigene: bool
    je_einwohner: dict[str, Betrag]


class VergleichOut(Schema):
    teilnahme: bool = Field(
        ..., description="Nimmt die eigene Kommune teil? Sonst ist der Vergleich leer."
    )
    haushaltsjahr: int | None
    jahre: list[int]
    kennzahlen: list[KennzahlOut]
    kommunen: list[VergleichsKommuneOut]


@router.get(
    "/haushalt/vergleich",
    response=VergleichOut,
    summary="Verbundvergleich je Einwohner (nur für teilnehmende Kommunen)",
)
def get_vergleich(request: HttpRequest, haushaltsjahr: Haushaltsjahr | None = None):
    """Only Kommunen that take part appear, and only they see it: for a Kommune that does
    not take part the answer is empty (`teilnahme` false)."""
    rechte.require_kommune(request.user)
    if services.vergleich_teilnahme_of(request.user.kommune_id) is None:
        return VergleichOut(
            teilnahme=False, haushaltsjahr=None, jahre=[], kennzahlen=[], kommunen=[]
        )
    v = services.vergleich_fuer(request.user, haushaltsjahr)
    return VergleichOut(
        teilnahme=True,
        haushaltsjahr=v.haushaltsjahr,
        jahre=v.jahre,
        kennzahlen=[
            KennzahlOut(name=k.name, bezeichnung=k.bezeichnung, zeile=f"{k.rechnung}:{k.zeile}")
            for k in v.kennzahlen
        ],
        kommunen=[
            VergleichsKommuneOut(
                name=k.name,
                einwohner=k.einwohner,
                plan=k.plan_bezeichnung,
                eigene=k.eigene,
                je_einwohner=k.werte,
            )
            for k in v.kommunen
        ],
    )
