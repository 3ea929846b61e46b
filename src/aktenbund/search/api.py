"""API: GET /v1/suche — the same search as the page, with facets and snippets."""

from __future__ import annotations

import datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from aktenbund.api import Datum
from aktenbund.records.models import Aktenstatus, Dokumenttyp
from aktenbund.search.services import Suchanfrage, Suchergebnis, suche

router = Router(tags=["Suche"])


class SucheParameter(Schema):
    q: str = Field("", max_length=500, description='Begriffe, "Phrase", Präfix*, -Ausschluss')
    organisationseinheit_id: int | None = Field(None, description="federführende OE (eigene)")
    aktenplaneinheit_id: int | None = Field(None, description="samt Unterbaum")
    typ: Dokumenttyp | None = None
    datum_von: Datum | None = None
    datum_bis: Datum | None = None
    status: Aktenstatus | None = None
    vertraulich: bool | None = None
    sortierung: Literal["relevanz", "datum"] = "relevanz"
    seite: int = Field(1, ge=1)
    pro_seite: int = Field(20, ge=1, le=100)


class TrefferOut(Schema):
    dokument_id: int
    vorgang_id: int
    akte_id: int
    kommune_id: int
    titel: str
    titel_html: str = Field(..., description="Titel, Treffer in <mark>, HTML-escaped")
    snippet_html: str = Field(..., description="Textausschnitt, Treffer in <mark>")
    aktenzeichen: str
    betreff: str
    typ: str
    datum: datetime.date
    status: str
    vertraulich: bool


class FacettenwertOut(Schema):
    wert: str
    label: str
    anzahl: int


class VorschlagOut(Schema):
    q: str = Field(..., description="korrigierte Suchanfrage, so auszuführen")
    anzahl: int = Field(..., description="Treffer dieser Anfrage (höchstens 1 000 gezählt)")


class SucheOut(Schema):
    gesamt: int = Field(..., description="Treffer (höchstens 1 000 gezählt)")
    gesamt_genau: bool = Field(..., description="false: mehr als `gesamt` Treffer")
    seite: int
    seiten: int
    treffer: list[TrefferOut]
    facetten: dict[str, list[FacettenwertOut]]
    vorschlaege: list[VorschlagOut] = Field(
        default_factory=list,
        description="„Meinten Sie …?“ bei 0 Treffern: nur Anfragen mit Treffern für Sie",
    )


def ausgabe(ergebnis: Suchergebnis) -> dict:
    return {
        "gesamt": ergebnis.gesamt,
        "gesamt_genau": ergebnis.gesamt_genau,
        "seite": ergebnis.anfrage.seite,
        "seiten": ergebnis.seiten,
        "treffer": [
            {
                "dokument_id": t.eintrag.dokument_id,
                "vorgang_id": t.eintrag.vorgang_id,
                "akte_id": t.eintrag.akte_id,
                "kommune_id": t.eintrag.kommune_id,
                "titel": t.eintrag.titel,
                "titel_html": str(t.titel_html),
                "snippet_html": str(t.snippet_html),
                "aktenzeichen": t.eintrag.aktenzeichen,
                "betreff": t.eintrag.betreff,
                "typ": t.eintrag.typ,
                "datum": t.eintrag.datum,
                "status": t.eintrag.status,
                "vertraulich": t.eintrag.vertraulich,
            }
            for t in ergebnis.treffer
        ],
        "facetten": {
            art: [{"wert": f.wert, "label": f.label, "anzahl": f.anzahl} for f in werte]
            for art, werte in ergebnis.facetten.items()
        },
        "vorschlaege": [{"q": v.q, "anzahl": v.anzahl} for v in ergebnis.vorschlaege],
    }


@router.get("/suche", response=SucheOut, summary="Volltextsuche über alle lesbaren Dokumente")
def suche_api(request: HttpRequest, parameter: Query[SucheParameter]) -> dict:
    """Only what the caller may open; facets count the matches (up to 1 000)."""
    werte = parameter.dict()
    werte["typ"] = werte["typ"] or ""
    werte["status"] = werte["status"] or ""
    return ausgabe(suche(request.user, Suchanfrage(**werte)))
