"""Gewerbe pages: register, GewA 1/2/3 forms, Anzeige, outbox, routing, import."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from aktenbund.eingaben import parse_ganzzahl
from aktenbund.errors import DomainError, NotFound
from aktenbund.gewerbe import katalog, services
from aktenbund.gewerbe.daten import daten_aus_anzeige
from aktenbund.gewerbe.forms import (
    FELD_EINGABEN,
    PERSON_EINGABEN,
    AnzeigeForm,
    FehlerForm,
    ImportForm,
    PersonFormSet,
    SucheForm,
    TaetigkeitFormSet,
    anzeige_daten,
)
from aktenbund.gewerbe.models import ANLAGE, Anzeigeart, Uebermittlung
from aktenbund.gewerbe.services import ablage
from aktenbund.gewerbe.services import uebermittlung as ausgang_services
from aktenbund.records import services as records
from aktenbund.records.downloads import datei_antwort
from aktenbund.web.weiterleitung import redirect_weiter

ZIEL_RE = re.compile(r"^taetigkeiten-\d{1,2}$")


def _lesen(request: HttpRequest) -> None:
    if not services.darf_lesen(request.user):
        raise Http404("Nicht gefunden.")


def _erfassen(request: HttpRequest) -> None:
    if not services.darf_erfassen(request.user):
        raise Http404("Nicht gefunden.")


def _get(getter, *args):
    try:
        return getter(*args)
    except NotFound as exc:
        raise Http404(exc.message) from exc


# --- register -----------------------------------------------------------------


@login_required
def register(request: HttpRequest) -> HttpResponse:
    _lesen(request)
    form = SucheForm(request.GET or None)
    filter_ = form.cleaned_data if form.is_valid() else {}
    qs = services.suche(
        request.user,
        q=filter_.get("q", ""),
        status=filter_.get("status", ""),
        rechtsform=filter_.get("rechtsform", ""),
        wz=filter_.get("wz", ""),
    )
    seite = Paginator(qs, 25).get_page(request.GET.get("seite"))
    abfrage = request.GET.copy()
    abfrage.pop("seite", None)
    return render(
        request,
        "gewerbe/register.html",
        {
            "form": form,
            "seite": seite,
            "abfrage": abfrage.urlencode(),
            "darf_erfassen": services.darf_erfassen(request.user),
        },
    )


@login_required
def gewerbebetrieb(request: HttpRequest, gewerbebetrieb_id: int) -> HttpResponse:
    _lesen(request)
    betrieb = _get(services.get_gewerbebetrieb, request.user, gewerbebetrieb_id)
    akte = None
    if betrieb.akte_id:
        try:
            akte = records.get_akte(request.user, betrieb.akte_id)
        except NotFound:
            akte = None
    return render(
        request,
        "gewerbe/gewerbebetrieb.html",
        {
            "betrieb": betrieb,
            "anzeige": betrieb.aktuelle_anzeige,
            "anzeigen": betrieb.anzeigen.select_related("erfasst_von").order_by("-pk"),
            "akte": akte,
            "darf_erfassen": services.darf_erfassen(request.user),
        },
    )


@login_required
def gewerbeanzeige(request: HttpRequest, gewerbeanzeige_id: int) -> HttpResponse:
    _lesen(request)
    anzeige = _get(services.get_gewerbeanzeige, request.user, gewerbeanzeige_id)
    vorgang, dokumente = ablage.vorgang_und_dokumente(request.user, anzeige.vorgang_id)
    return render(
        request,
        "gewerbe/gewerbeanzeige.html",
        {
            "anzeige": anzeige,
            "abschnitte": _abschnitte(anzeige),
            "vorgang": vorgang,
            "dokumente": dokumente,
            "uebermittlungen": anzeige.uebermittlungen.order_by("empfaenger_name"),
        },
    )


def _abschnitte(anzeige):
    from aktenbund.gewerbe.darstellung import abschnitte

    return abschnitte(anzeige)


@login_required
def version_herunterladen(request: HttpRequest, version_id: int) -> FileResponse:
    """A document of a Gewerbe Vorgang (the records rights apply)."""
    _lesen(request)
    try:
        version = records.get_version(request.user, version_id)
        version, stream = records.open_version(request.user, version)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return datei_antwort(stream, dateiname=version.dateiname, mime_type=version.mime_type)


# --- the forms of GewA 1/2/3 ----------------------------------------------------------


def _verteile_fehler(exc: DomainError, form, personen, taetigkeiten, person_idx, taet_idx):
    """Put a service error on the input it names; errors name the field number."""
    platziert = False
    for feld, text in exc.errors.items():
        teile = feld.split(".")
        if teile[0] in {"personen", "taetigkeiten"} and len(teile) == 3:
            formset, indizes = (
                (personen, person_idx) if teile[0] == "personen" else (taetigkeiten, taet_idx)
            )
            i = int(teile[1])
            if i < len(indizes) and teile[2] in formset.forms[indizes[i]].fields:
                formset.forms[indizes[i]].add_error(teile[2], text)
                platziert = True
                continue
        if feld in form.fields:
            form.add_error(feld, text)
            platziert = True
        else:
            form.add_error(None, text)
    if not platziert:
        form.add_error(None, exc.message)


def _bloecke(formset, extra: int, prefix: str, data):
    """A bound formset with `extra` more (empty) blocks, keeping what was typed."""
    daten = data.copy()
    gesamt = int(daten.get(f"{prefix}-TOTAL_FORMS", "0") or 0)
    daten[f"{prefix}-TOTAL_FORMS"] = str(min(gesamt + extra, 50))
    return formset(daten, prefix=prefix)


def _formular_struktur(anlage, form, personen, taetigkeiten):
    """The template walks this: groups → numbered fields → their inputs."""
    gruppen = []
    person_felder = [f for f in katalog.felder(anlage) if f.pro_person]
    for gruppe, felder in katalog.gruppen(anlage):
        eintraege = []
        for feld in felder:
            if feld.pro_person:
                if feld is person_felder[0]:
                    eintraege.append({"art": "personen", "feld": feld})
                continue
            if feld.schluessel == "taetigkeit":
                eintraege.append({"art": "taetigkeiten", "feld": feld})
                continue
            namen = FELD_EINGABEN.get(feld.schluessel, [])
            if not namen:
                eintraege.append({"art": "hinweis", "feld": feld})
                continue
            eintraege.append({"art": "feld", "feld": feld, "eingaben": [form[n] for n in namen]})
        gruppen.append({"gruppe": gruppe, "eintraege": eintraege})
    bloecke = []
    for pform in personen.forms:
        bloecke.append(
            {
                "form": pform,
                "felder": [
                    {"feld": f, "eingaben": [pform[n] for n in PERSON_EINGABEN[f.schluessel]]}
                    for f in person_felder
                ],
            }
        )
    return gruppen, bloecke


def _anzeige_formular(request: HttpRequest, anzeigeart: str, betrieb=None) -> HttpResponse:
    _erfassen(request)
    user = request.user
    anlage = ANLAGE[anzeigeart]
    warnung = None
    if request.method == "POST":
        form = AnzeigeForm(request.POST, anlage=anlage)
        personen = PersonFormSet(request.POST, prefix="personen")
        taetigkeiten = TaetigkeitFormSet(request.POST, prefix="taetigkeiten")
        if "weitere_person" in request.POST:
            personen = _bloecke(PersonFormSet, 1, "personen", request.POST)
        elif "weitere_taetigkeit" in request.POST:
            taetigkeiten = _bloecke(TaetigkeitFormSet, 1, "taetigkeiten", request.POST)
        elif form.is_valid() and personen.is_valid() and taetigkeiten.is_valid():
            person_idx = [i for i, f in enumerate(personen.forms) if not f.ist_leer()]
            taet_idx = [i for i, f in enumerate(taetigkeiten.forms) if not f.ist_leer()]
            daten = anzeige_daten(
                anzeigeart, form, personen, taetigkeiten, betrieb.pk if betrieb else None
            )
            try:
                anzeige = services.submit_gewerbeanzeige(user, daten)
            except services.DuplikatWarnung as exc:
                warnung = exc
                form.add_error("duplikat_bestaetigt", exc.message)
                messages.error(request, exc.message)
            except DomainError as exc:
                _verteile_fehler(exc, form, personen, taetigkeiten, person_idx, taet_idx)
                messages.error(request, exc.message)
            else:
                messages.success(
                    request,
                    f"{anzeige.get_anzeigeart_display()} {anzeige.meldungsnummer} ist erfasst, "
                    "abgelegt und zur Übermittlung bereitgestellt.",
                )
                return redirect("gewerbe:gewerbeanzeige", gewerbeanzeige_id=anzeige.pk)
    else:
        initial, personen_initial, taet_initial = {}, [{"funktion": "1"}], [{"schwerpunkt": True}]
        if betrieb is not None:
            vorher = daten_aus_anzeige(betrieb.aktuelle_anzeige, anzeigeart)
            initial = vorher.model_dump(exclude={"personen", "taetigkeiten"})
            initial.update(grund_anmeldung="", datum=None, eingang_am=None)
            personen_initial = [p.model_dump() for p in vorher.personen]
            taet_initial = [t.model_dump() for t in vorher.taetigkeiten]
        form = AnzeigeForm(initial=initial, anlage=anlage)
        personen = PersonFormSet(initial=personen_initial, prefix="personen")
        taetigkeiten = TaetigkeitFormSet(initial=taet_initial, prefix="taetigkeiten")
    gruppen, bloecke = _formular_struktur(anlage, form, personen, taetigkeiten)
    return render(
        request,
        "gewerbe/anzeige_formular.html",
        {
            "anlage": anlage,
            "titel": katalog.ANLAGE_TITEL[anlage],
            "anzeigeart": anzeigeart,
            "betrieb": betrieb,
            "form": form,
            "personen": personen,
            "bloecke": bloecke,
            "taetigkeiten": taetigkeiten,
            "gruppen": gruppen,
            "warnung": warnung,
        },
    )


@login_required
def anmeldung(request: HttpRequest) -> HttpResponse:
    return _anzeige_formular(request, Anzeigeart.ANMELDUNG)


def _aktiver_betrieb(request, gewerbebetrieb_id):
    _erfassen(request)
    betrieb = _get(services.get_gewerbebetrieb, request.user, gewerbebetrieb_id)
    if not betrieb.ist_aktiv:
        messages.error(
            request, "Der Betrieb ist abgemeldet; Um- und Abmeldungen sind nicht möglich."
        )
        return None
    return betrieb


@login_required
def ummeldung(request: HttpRequest, gewerbebetrieb_id: int) -> HttpResponse:
    betrieb = _aktiver_betrieb(request, gewerbebetrieb_id)
    if betrieb is None:
        return redirect("gewerbe:gewerbebetrieb", gewerbebetrieb_id=gewerbebetrieb_id)
    return _anzeige_formular(request, Anzeigeart.UMMELDUNG, betrieb)


@login_required
def abmeldung(request: HttpRequest, gewerbebetrieb_id: int) -> HttpResponse:
    betrieb = _aktiver_betrieb(request, gewerbebetrieb_id)
    if betrieb is None:
        return redirect("gewerbe:gewerbebetrieb", gewerbebetrieb_id=gewerbebetrieb_id)
    return _anzeige_formular(request, Anzeigeart.ABMELDUNG, betrieb)


@login_required
def wz_suche(request: HttpRequest) -> HttpResponse:
    """htmx: WZ 2008 Unterklassen for a search term, each a button that picks it."""
    _erfassen(request)
    ziel = request.GET.get("ziel", "")
    if not ZIEL_RE.match(ziel):
        raise Http404("Unbekanntes Ziel.")
    begriff = request.GET.get("wz_suche", "")
    return render(
        request,
        "gewerbe/_wz_treffer.html",
        {"treffer": katalog.wz_suche(begriff), "ziel": ziel, "begriff": begriff},
    )


@login_required
def wz_auswahl(request: HttpRequest) -> HttpResponse:
    """htmx: the WZ input of one Tätigkeit, filled with the chosen code."""
    _erfassen(request)
    ziel = request.GET.get("ziel", "")
    eintrag = katalog.wz(request.GET.get("code", ""))
    if not ZIEL_RE.match(ziel) or eintrag is None:
        raise Http404("Unbekannter Schlüssel.")
    return render(request, "gewerbe/_wz_feld.html", {"ziel": ziel, "eintrag": eintrag})


# --- outbox, routing, import --------------------------------------------------------------


@login_required
def ausgang(request: HttpRequest) -> HttpResponse:
    _lesen(request)
    status = request.GET.get("status", "")
    qs = services.ausgang(request.user)
    if status in Uebermittlung.Status.values:
        qs = qs.filter(status=status)
    empfaenger = request.GET.get("empfaenger", "")
    if empfaenger:
        qs = qs.filter(empfaenger=empfaenger)
    seite = Paginator(qs, 50).get_page(request.GET.get("seite"))
    return render(
        request,
        "gewerbe/ausgang.html",
        {
            "seite": seite,
            "status": status,
            "empfaenger": empfaenger,
            "alle_empfaenger": katalog.empfaenger_liste(),
            "stati": Uebermittlung.Status.choices,
            "darf_erfassen": services.darf_erfassen(request.user),
            "fehler_form": FehlerForm(),
        },
    )


@login_required
@require_POST
def ausgang_export(request: HttpRequest, empfaenger: str) -> HttpResponse:
    _erfassen(request)
    try:
        dateiname, inhalt, anzahl = services.export_ausgang(request.user, empfaenger)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    response = HttpResponse(inhalt, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{dateiname}"'
    response["X-Anzahl-Nachrichten"] = str(anzahl)
    return response


@login_required
def uebermittlung_xml(request: HttpRequest, uebermittlung_id: int) -> HttpResponse:
    _lesen(request)
    u = _get(services.get_uebermittlung, request.user, uebermittlung_id)
    response = HttpResponse(u.xml, content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{u.dateiname}"'
    return response


def _uebermittlung_aktion(request, uebermittlung_id, aktion):
    _erfassen(request)
    u = _get(services.get_uebermittlung, request.user, uebermittlung_id)
    try:
        aktion(u)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Nachricht an {u.empfaenger_name}: {u.get_status_display()}.")
    return redirect_weiter(request, "gewerbe:ausgang")


@login_required
@require_POST
def uebermittlung_uebermittelt(request: HttpRequest, uebermittlung_id: int) -> HttpResponse:
    return _uebermittlung_aktion(
        request, uebermittlung_id, lambda u: services.markiere_uebermittelt(request.user, u)
    )


@login_required
@require_POST
def uebermittlung_fehler(request: HttpRequest, uebermittlung_id: int) -> HttpResponse:
    text = request.POST.get("fehler", "")
    return _uebermittlung_aktion(
        request, uebermittlung_id, lambda u: services.markiere_fehler(request.user, u, text)
    )


@login_required
@require_POST
def uebermittlung_erneut(request: HttpRequest, uebermittlung_id: int) -> HttpResponse:
    return _uebermittlung_aktion(
        request, uebermittlung_id, lambda u: services.erneut_bereitstellen(request.user, u)
    )


@login_required
def empfaenger(request: HttpRequest) -> HttpResponse:
    """This Kommune's routing: which bodies receive data, who waived regular transmission."""
    _lesen(request)
    user = request.user
    if request.method == "POST":
        _erfassen(request)
        for route in services.routen(user.kommune_id):
            s = route.empfaenger.schluessel
            try:
                services.set_empfaengereinstellung(
                    user,
                    s,
                    aktiv=request.POST.get(f"{s}-aktiv") == "on",
                    verzicht=request.POST.get(f"{s}-verzicht") == "on",
                    bemerkung=request.POST.get(f"{s}-bemerkung", "")[:300],
                )
            except DomainError as exc:
                messages.error(request, exc.message)
                break
        else:
            messages.success(request, "Die Empfängereinstellungen sind gespeichert.")
            return redirect("gewerbe:empfaenger")
    return render(
        request,
        "gewerbe/empfaenger.html",
        {
            "routen": services.routen(user.kommune_id),
            "typen": katalog.empfaengertypen(),
            "darf_erfassen": services.darf_erfassen(user),
        },
    )


@login_required
def xml_import(request: HttpRequest) -> HttpResponse:
    """Upload an XGewerbeanzeige message (an online Gewerbeanzeige)."""
    _erfassen(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    fehler = []
    if request.method == "POST" and form.is_valid():
        datei = form.cleaned_data["datei"]
        if datei.size > ausgang_services.xga.MAX_BYTES:
            form.add_error("datei", "Die Datei ist zu groß (höchstens 5 MB).")
        else:
            try:
                anzeigen = services.import_xgewerbeanzeige(
                    request.user,
                    datei.read(),
                    duplikat_bestaetigt=form.cleaned_data["duplikat_bestaetigt"],
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
                fehler = list(exc.errors.items())
            else:
                messages.success(
                    request,
                    f"{len(anzeigen)} {'Anzeige' if len(anzeigen) == 1 else 'Anzeigen'} "
                    "eingelesen und abgelegt.",
                )
                return redirect("gewerbe:gewerbeanzeige", gewerbeanzeige_id=anzeigen[-1].pk)
    return render(request, "gewerbe/import.html", {"form": form, "fehler": fehler})


# --- Statistik -------------------------------------------------------------------


def _statistik_aus_anfrage(request: HttpRequest):
    from django.utils import timezone

    from aktenbund.gewerbe.services import statistik as stat

    heute = timezone.localdate()
    jahr = parse_ganzzahl(request.GET.get("jahr") or str(heute.year), minimum=1900, maximum=2100)
    monat = parse_ganzzahl(request.GET.get("monat"), minimum=1, maximum=12)
    if jahr is None or (request.GET.get("monat") and monat is None):
        raise Http404("Ungültiger Zeitraum.")
    verbund = request.GET.get("bereich") == "verbund" or not request.user.kommune_id
    try:
        return stat.statistik(request.user, jahr=jahr, monat=monat, verbund=verbund), verbund
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except DomainError as exc:
        raise Http404(exc.message) from exc


@login_required
def statistik(request: HttpRequest) -> HttpResponse:
    from django.utils import timezone

    from aktenbund.gewerbe.services.statistik import MONATE

    s, verbund = _statistik_aus_anfrage(request)
    diagramme = []
    for t in s.tabellen:
        hoechst = max(t.maximum, 1)
        balken = [
            {
                "zeile": z,
                "y": 28 * i,
                "an": 300 * z.an / hoechst,
                "um": 300 * z.um / hoechst,
                "ab": 300 * z.ab / hoechst,
            }
            for i, z in enumerate(t.zeilen)
        ]
        for b in balken:
            b["um_x"] = 280 + b["an"]
            b["ab_x"] = 280 + b["an"] + b["um"]
            b["text_x"] = 286 + b["an"] + b["um"] + b["ab"]
        diagramme.append({"tabelle": t, "balken": balken, "hoehe": 28 * len(balken) + 8})
    abfrage = request.GET.copy()
    return render(
        request,
        "gewerbe/statistik.html",
        {
            "s": s,
            "diagramme": diagramme,
            "verbund": verbund,
            "jahre": list(range(timezone.localdate().year, timezone.localdate().year - 6, -1)),
            "monate": list(enumerate(MONATE, start=1)),
            "abfrage": abfrage.urlencode(),
            "eigene_kommune": bool(request.user.kommune_id),
        },
    )


@login_required
def statistik_export(request: HttpRequest) -> HttpResponse:
    from aktenbund.gewerbe.services import statistik as stat

    s, _ = _statistik_aus_anfrage(request)
    format_ = request.GET.get("format", "csv")
    if format_ == "xlsx":
        inhalt, typ = (
            stat.als_xlsx(s),
            ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        )
    elif format_ == "csv":
        inhalt, typ = stat.als_csv(s), "text/csv; charset=utf-8"
    else:
        raise Http404("Unbekanntes Format.")
    name = f"gewerbestatistik_{s.bereich}_{s.jahr}{f'-{s.monat:02d}' if s.monat else ''}"
    response = HttpResponse(inhalt, content_type=typ)
    response["Content-Disposition"] = f'attachment; filename="{name}.{format_}"'
    return response


# --- Auskunft ------------------------------------------------------------------------


@login_required
def auskunft_neu(request: HttpRequest, gewerbebetrieb_id: int) -> HttpResponse:
    from aktenbund.gewerbe.forms import AuskunftForm
    from aktenbund.gewerbe.services import auskunft as auskunft_services

    _erfassen(request)
    betrieb = _get(services.get_gewerbebetrieb, request.user, gewerbebetrieb_id)
    form = AuskunftForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            a = auskunft_services.beantrage_auskunft(request.user, betrieb, **form.cleaned_data)
        except DomainError as exc:
            from aktenbund.web.forms import apply_domain_error

            apply_domain_error(request, form, exc)
        else:
            messages.success(
                request,
                "Die einfache Auskunft ist erteilt und abgelegt."
                if a.status == "erteilt"
                else "Der Antrag ist erfasst; eine zweite Person entscheidet über die erweiterte "
                "Auskunft.",
            )
            return redirect("gewerbe:auskunft", auskunft_id=a.pk)
    return render(request, "gewerbe/auskunft_neu.html", {"form": form, "betrieb": betrieb})


@login_required
def auskuenfte(request: HttpRequest) -> HttpResponse:
    from aktenbund.gewerbe.services import auskunft as auskunft_services

    _lesen(request)
    seite = Paginator(auskunft_services.auskuenfte(request.user), 50).get_page(
        request.GET.get("seite")
    )
    return render(request, "gewerbe/auskuenfte.html", {"seite": seite})


@login_required
def auskunft(request: HttpRequest, auskunft_id: int) -> HttpResponse:
    from aktenbund.gewerbe.forms import EntscheidungForm
    from aktenbund.gewerbe.services import auskunft as auskunft_services

    _lesen(request)
    a = _get(auskunft_services.get_auskunft, request.user, auskunft_id)
    form = EntscheidungForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            auskunft_services.entscheide_auskunft(
                request.user,
                a,
                genehmigt=form.cleaned_data["entscheidung"] == "genehmigt",
                ablehnungsgrund=form.cleaned_data["ablehnungsgrund"],
            )
        except DomainError as exc:
            from aktenbund.web.forms import apply_domain_error

            apply_domain_error(request, form, exc)
        else:
            messages.success(request, "Die Entscheidung ist vermerkt und das Schreiben abgelegt.")
            return redirect("gewerbe:auskunft", auskunft_id=a.pk)
    vorgang, dokumente = ablage.vorgang_und_dokumente(request.user, a.vorgang_id)
    return render(
        request,
        "gewerbe/auskunft.html",
        {
            "a": a,
            "form": form,
            "vorgang": vorgang,
            "dokumente": dokumente,
            "darf_entscheiden": a.status == "beantragt"
            and services.darf_auskunft_entscheiden(request.user)
            and a.beantragt_von_id != request.user.pk,
        },
    )
