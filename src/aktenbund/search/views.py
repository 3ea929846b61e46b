"""The search page: one box in the header, the advanced form, results with facets."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from aktenbund.eingaben import parse_ganzzahl
from aktenbund.errors import DomainError
from aktenbund.search.forms import SucheForm
from aktenbund.search.services import Suchanfrage, suche
from aktenbund.web.forms import apply_domain_error

FACETTEN = {
    "typ": ("Dokumenttyp", "typ"),
    "organisationseinheit": ("Organisationseinheit", "organisationseinheit_id"),
    "aktenplaneinheit": ("Aktenplaneinheit", "aktenplaneinheit_id"),
    "status": ("Status", "status"),
    "vertraulich": ("Vertraulichkeit", "vertraulich"),
}


def _link(params: dict, **changes) -> str:
    merged = {k: v for k, v in {**params, **changes}.items() if v not in ("", None)}
    return "?" + urlencode(merged)


@login_required
def suche_seite(request: HttpRequest) -> HttpResponse:
    form = SucheForm(request.GET or None, user=request.user)
    ergebnis = None
    facetten = []
    seiten = {}
    vorschlaege = []
    if request.GET and form.is_valid():
        daten = form.cleaned_data
        seite = parse_ganzzahl(request.GET.get("seite"), minimum=1, maximum=10**6) or 1
        anfrage = Suchanfrage(
            q=daten["q"],
            organisationseinheit_id=daten["organisationseinheit_id"],
            aktenplaneinheit_id=daten["aktenplaneinheit_id"],
            typ=daten["typ"],
            datum_von=daten["datum_von"],
            datum_bis=daten["datum_bis"],
            status=daten["status"],
            vertraulich=daten["vertraulich"],
            sortierung=daten["sortierung"] or "relevanz",
            seite=seite,
        )
        try:
            ergebnis = suche(request.user, anfrage)
        except DomainError as exc:
            apply_domain_error(request, form, exc)
        if ergebnis is not None:
            params = {k: v for k, v in request.GET.items() if k != "seite"}
            for art, (titel, param) in FACETTEN.items():
                werte = ergebnis.facetten.get(art, [])
                if not werte:
                    continue
                eintraege = []
                for wert in werte:
                    ziel = (
                        {"1": "ja", "0": "nein"}.get(wert.wert)
                        if art == "vertraulich"
                        else wert.wert
                    )
                    eintraege.append(
                        {
                            "label": wert.label,
                            "anzahl": wert.anzahl,
                            "url": _link(params, **{param: ziel}),
                            "aktiv": str(params.get(param, "")) == str(ziel),
                        }
                    )
                facetten.append({"titel": titel, "werte": eintraege})
            vorschlaege = [{"q": v.q, "url": _link(params, q=v.q)} for v in ergebnis.vorschlaege]
            if seite > 1:
                seiten["zurueck"] = _link(params, seite=seite - 1)
            if seite < ergebnis.seiten:
                seiten["weiter"] = _link(params, seite=seite + 1)
    return render(
        request,
        "search/suche.html",
        {
            "form": form,
            "ergebnis": ergebnis,
            "facetten": facetten,
            "seiten": seiten,
            "vorschlaege": vorschlaege,
        },
    )
