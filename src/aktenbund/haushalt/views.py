"""Haushalt pages: frames, Teilhaushalte, plans with their grid, statements, Satzung, workflow.

Thin: every change goes through `haushalt.services`; another Kommune's
object is 404 (looked up before anything else, also for POST-only pages).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse

from aktenbund.eingaben import parse_ganzzahl
from aktenbund.errors import DomainError, NotFound
from aktenbund.haushalt import forms, services
from aktenbund.haushalt.models import (
    BETRAGSSPALTEN,
    Konto,
    Planansatz,
    Produktbereich,
    Produktgruppe,
    Status,
)
from aktenbund.haushalt.tabelle import FORMATE, ImportFehler
from aktenbund.tenancy.models import Organisationseinheit
from aktenbund.web.forms import apply_domain_error

RASTER_SEITE = 200


def _404(func: Callable) -> Callable:
    """Domain NotFound → the 404 page."""

    @wraps(func)
    def wrapper(request, *args, **kwargs):
        try:
            return func(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(exc.message) from exc

    return wrapper


def _require_post(request: HttpRequest) -> HttpResponse | None:
    return None if request.method == "POST" else HttpResponseNotAllowed(["POST"])


def _require_kaemmerei(request: HttpRequest) -> None:
    if not services.is_kaemmerei(request.user):
        raise DjangoPermissionDenied


def _download(datei) -> HttpResponse:
    response = HttpResponse(datei.inhalt, content_type=datei.content_type)
    response["Content-Disposition"] = f'attachment; filename="{datei.dateiname}"'
    return response


def _plan_context(request: HttpRequest, plan, aktuell: str, **extra) -> dict:
    return {
        "plan": plan,
        "aktuell": aktuell,
        "darf_aendern": services.is_kaemmerei(request.user) and plan.status == Status.ENTWURF,
        "spalten": services.spalten_titel(plan),
        **extra,
    }


# --- overview and frames ---------------------------------------------------------


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.kommune_id is None:
        return redirect("haushalt:rahmen")
    form = forms.PlanForm(request.POST or None)
    if request.method == "POST":
        _require_kaemmerei(request)
        if form.is_valid():
            try:
                plan = services.create_plan(user, **form.cleaned_data)
            except DomainError as exc:
                apply_domain_error(request, form, exc)
            else:
                messages.success(request, f"Der {plan.bezeichnung} ist als Entwurf angelegt.")
                return redirect("haushalt:plan", haushaltsplan_id=plan.pk)
    return render(
        request,
        "haushalt/index.html",
        {
            "plaene": services.plaene_for(user).select_related("nachtrag_zu"),
            "form": form,
            "kaemmerei": services.is_kaemmerei(user),
        },
    )


@login_required
def rahmen(request: HttpRequest) -> HttpResponse:
    """The Produkt- and Kontenrahmen; a Kommune's Kämmerei adds own Produkte here."""
    user = request.user
    gruppen = Produktgruppe.objects.select_related("produktbereich")
    form = None
    if services.is_kaemmerei(user):
        form = forms.ProduktForm(request.POST or None, gruppen=gruppen)
        if request.method == "POST" and form.is_valid():
            try:
                produkt = services.create_produkt(user, **form.cleaned_data)
            except DomainError as exc:
                apply_domain_error(request, form, exc)
            else:
                messages.success(request, f"Das Produkt {produkt} wurde angelegt.")
                return redirect("haushalt:rahmen")
    elif request.method == "POST":
        raise DjangoPermissionDenied
    produkte = list(services.produkte_for(user.kommune_id))
    bereiche = []
    for bereich in Produktbereich.objects.prefetch_related("produktgruppen"):
        bereiche.append(
            (
                bereich,
                [
                    (g, [p for p in produkte if p.produktgruppe_id == g.pk])
                    for g in bereich.produktgruppen.all()
                ],
            )
        )
    return render(
        request,
        "haushalt/rahmen.html",
        {
            "bereiche": bereiche,
            "konten": Konto.objects.all(),
            "form": form,
            "verbund": services.may_maintain_frames(user),
            "formate": FORMATE,
        },
    )


def _rahmen_import(request: HttpRequest, was: str, titel: str, spalten: str) -> HttpResponse:
    user = request.user
    if not services.may_maintain_frames(user):
        raise Http404("Nicht gefunden.")
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    zeilenfehler = []
    if request.method == "POST" and form.is_valid():
        load = (
            services.import_produktrahmen
            if was == "produktrahmen"
            else services.import_kontenrahmen
        )
        try:
            ergebnis = load(user, form.cleaned_data["datei"], form.cleaned_data["format"])
        except ImportFehler as exc:
            zeilenfehler = exc.zeilenfehler
            form.add_error(None, exc.message)
        except DomainError as exc:
            form.add_error(None, exc.message)
            for field, message in exc.errors.items():
                form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(
                request,
                f"{titel} importiert: {ergebnis.angelegt} angelegt, {ergebnis.geaendert} "
                f"geändert, {ergebnis.unveraendert} unverändert.",
            )
            return redirect("haushalt:rahmen")
    return render(
        request,
        "haushalt/import.html",
        {"form": form, "zeilenfehler": zeilenfehler, "titel": titel, "spalten": spalten},
    )


@login_required
def produktrahmen_import(request: HttpRequest) -> HttpResponse:
    return _rahmen_import(request, "produktrahmen", "Produktrahmen", "Nummer;Bezeichnung")


@login_required
def kontenrahmen_import(request: HttpRequest) -> HttpResponse:
    return _rahmen_import(
        request,
        "kontenrahmen",
        "Kontenrahmen",
        "Konto;Bezeichnung;Ergebnishaushalt;Finanzhaushalt",
    )


@login_required
def produktrahmen_export(request: HttpRequest) -> HttpResponse:
    format = request.GET.get("format", "csv")
    if format not in FORMATE:
        raise Http404("Unbekanntes Format.")
    return _download(services.export_produktrahmen(request.user, format))


@login_required
def kontenrahmen_export(request: HttpRequest) -> HttpResponse:
    format = request.GET.get("format", "csv")
    if format not in FORMATE:
        raise Http404("Unbekanntes Format.")
    return _download(services.export_kontenrahmen(request.user, format))


# --- Teilhaushalte -------------------------------------------------------------------


def _teilhaushalt_form(request, teil=None):
    user = request.user
    initial = {}
    if teil is not None:
        initial = {
            "nummer": teil.nummer,
            "bezeichnung": teil.bezeichnung,
            "gliederung": teil.gliederung,
            "produktbereiche": [z.produktbereich.nummer for z in teil.zuordnungen.all()],
            "organisationseinheit_id": teil.organisationseinheit_id,
        }
    return forms.TeilhaushaltForm(
        request.POST or None,
        initial=initial,
        bereiche=Produktbereich.objects.all(),
        oes=Organisationseinheit.objects.filter(kommune_id=user.kommune_id, aktiv=True),
    )


def _save_teilhaushalt(request, form, teil=None):
    try:
        teil = services.save_teilhaushalt(request.user, teil, **form.cleaned_data)
    except DomainError as exc:
        apply_domain_error(request, form, exc)
        return None
    messages.success(request, f"Der Teilhaushalt {teil} wurde gespeichert.")
    return redirect("haushalt:teilhaushalte")


@login_required
@_404
def teilhaushalte(request: HttpRequest) -> HttpResponse:
    teile = services.teilhaushalte_for(request.user)
    form = _teilhaushalt_form(request)
    if request.method == "POST":
        _require_kaemmerei(request)
        if form.is_valid() and (antwort := _save_teilhaushalt(request, form)):
            return antwort
    zugeordnet = {z.produktbereich_id for t in teile for z in t.zuordnungen.all()}
    return render(
        request,
        "haushalt/teilhaushalte.html",
        {
            "teile": teile,
            "form": form if services.is_kaemmerei(request.user) else None,
            "ohne": Produktbereich.objects.exclude(pk__in=zugeordnet),
        },
    )


@login_required
@_404
def teilhaushalt(request: HttpRequest, teilhaushalt_id: int) -> HttpResponse:
    teil = services.get_teilhaushalt(request.user, teilhaushalt_id)
    form = _teilhaushalt_form(request, teil)
    if request.method == "POST":
        _require_kaemmerei(request)
        if form.is_valid() and (antwort := _save_teilhaushalt(request, form, teil)):
            return antwort
    return render(
        request,
        "haushalt/teilhaushalt.html",
        {"teil": teil, "form": form if services.is_kaemmerei(request.user) else None},
    )


# --- one plan ------------------------------------------------------------------------------


@login_required
@_404
def plan(request: HttpRequest, haushaltsplan_id: int) -> HttpResponse:
    """The plan's overview: Haushaltsausgleich, workflow, its data (editable in the Entwurf)."""
    user = request.user
    plan = services.get_plan(user, haushaltsplan_id)
    ctx = _plan_context(request, plan, "Übersicht")
    form = None
    if ctx["darf_aendern"]:
        form = forms.PlanKopfForm(
            request.POST or None,
            initial={name: getattr(plan, name) for name in forms.PlanKopfForm.base_fields},
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.update_plan(user, plan, **form.cleaned_data)
            except DomainError as exc:
                apply_domain_error(request, form, exc)
            else:
                messages.success(request, "Die Angaben zum Plan wurden gespeichert.")
                return redirect("haushalt:plan", haushaltsplan_id=plan.pk)
    elif request.method == "POST":
        raise DjangoPermissionDenied
    schritt = services.naechster_schritt(plan)
    berechnet = services.statements(plan)
    return render(
        request,
        "haushalt/plan.html",
        {
            **ctx,
            "form": form,
            "berechnet": berechnet,
            "schritt": schritt,
            "schritt_form": forms.SchrittForm() if schritt else None,
            "kaemmerei": services.is_kaemmerei(user),
            "nachtraege": plan.nachtraege.all(),
            "anzahl_ansaetze": len(berechnet.posten),
            "ablagen": services.ablagen_of(user, plan),
        },
    )


def _ansatz_form(request, plan, data=None):
    return forms.AnsatzForm(
        data,
        konten=Konto.objects.all(),
        produkte=services.produkte_for(request.user.kommune_id),
        massnahmen=plan.massnahmen.all(),
    )


@login_required
@_404
def ansaetze(request: HttpRequest, haushaltsplan_id: int) -> HttpResponse:
    """The grid: every Planansatz with its six columns, keyboard entry, live totals."""
    user = request.user
    plan = services.get_plan(user, haushaltsplan_id)
    ctx = _plan_context(request, plan, "Planansätze")
    form = _ansatz_form(request, plan, request.POST or None) if ctx["darf_aendern"] else None
    if request.method == "POST":
        if form is None:
            raise DjangoPermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.create_planansatz(
                    user,
                    plan,
                    konto=data["konto"],
                    produkt=data["produkt"],
                    massnahme=data["massnahme"],
                    betraege={"ansatz": data["ansatz"]},
                    erlaeuterung=data["erlaeuterung"],
                )
            except DomainError as exc:
                apply_domain_error(request, form, exc)
            else:
                messages.success(request, "Der Planansatz wurde angelegt.")
                return redirect(reverse("haushalt:ansaetze", args=[plan.pk]) + "#raster")
    bereich = request.GET.get("produktbereich", "")
    qs = (
        Planansatz.objects.filter(haushaltsplan=plan)
        .select_related("konto", "produkt", "massnahme")
        .order_by("produkt__nummer", "konto__nummer", "massnahme__nummer")
    )
    if bereich:
        qs = qs.filter(produkt__produktgruppe__produktbereich__nummer=bereich)
    seite = Paginator(qs, RASTER_SEITE).get_page(request.GET.get("seite"))
    return render(
        request,
        "haushalt/ansaetze.html",
        {
            **ctx,
            "form": form,
            "seite": seite,
            "bereiche": Produktbereich.objects.all(),
            "bereich": bereich,
            "spaltennamen": BETRAGSSPALTEN,
            "berechnet": services.statements(plan),
        },
    )


@login_required
@_404
def ansatz_zelle(request: HttpRequest, planansatz_id: int) -> HttpResponse:
    """htmx: save one cell of the grid; answers with the new totals and the cell."""
    user = request.user
    ansatz = services.get_planansatz(user, planansatz_id)
    if not_post := _require_post(request):
        return not_post
    _require_kaemmerei(request)
    feld = next((k for k in request.POST if k in (*BETRAGSSPALTEN, "erlaeuterung")), None)
    fehler = ""
    if feld is None:
        fehler = "Unbekanntes Feld."
    else:
        try:
            if feld == "erlaeuterung":
                services.update_planansatz(
                    user, ansatz, betraege={}, erlaeuterung=request.POST[feld]
                )
            else:
                services.update_planansatz(user, ansatz, betraege={feld: request.POST[feld]})
        except DomainError as exc:
            fehler = exc.errors.get(feld) or exc.message
    plan = ansatz.haushaltsplan
    return render(
        request,
        "haushalt/_zelle_antwort.html",
        {
            "plan": plan,
            "a": ansatz,
            "feld": feld,
            "fehler": fehler,
            "wert": request.POST.get(feld, "") if fehler else None,
            "titel": (
                services.spalten_titel(plan)[BETRAGSSPALTEN.index(feld)]
                if feld in BETRAGSSPALTEN
                else "Erläuterung"
            ),
            "berechnet": services.statements(plan),
            "spalten": services.spalten_titel(plan),
            "darf_aendern": True,
        },
    )


@login_required
@_404
def ansatz_loeschen(request: HttpRequest, planansatz_id: int) -> HttpResponse:
    ansatz = services.get_planansatz(request.user, planansatz_id)
    if not_post := _require_post(request):
        return not_post
    _require_kaemmerei(request)
    plan_id = ansatz.haushaltsplan_id
    try:
        services.delete_planansatz(request.user, ansatz)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Der Planansatz wurde entfernt.")
    return redirect("haushalt:ansaetze", haushaltsplan_id=plan_id)


@login_required
@_404
def plan_export(request: HttpRequest, haushaltsplan_id: int) -> HttpResponse:
    plan = services.get_plan(request.user, haushaltsplan_id)
    format = request.GET.get("format", "xlsx")
    if format not in FORMATE:
        raise Http404("Unbekanntes Format.")
    return _download(services.export_planansaetze(request.user, plan, format))


@login_required
@_404
def plan_import(request: HttpRequest, haushaltsplan_id: int) -> HttpResponse:
    user = request.user
    plan = services.get_plan(user, haushaltsplan_id)
    ctx = _plan_context(request, plan, "Import")
    if not ctx["darf_aendern"]:
        raise DjangoPermissionDenied
    form = forms.PlanImportForm(request.POST or None, request.FILES or None)
    zeilenfehler = []
    if request.method == "POST" and form.is_valid():
        try:
            ergebnis = services.import_planansaetze(
                user, plan, form.cleaned_data["datei"], form.cleaned_data["format"]
            )
        except ImportFehler as exc:
            zeilenfehler = exc.zeilenfehler
            form.add_error(None, exc.message)
        except DomainError as exc:
            form.add_error(None, exc.message)
            for field, message in exc.errors.items():
                form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(
                request,
                f"Import abgeschlossen: {ergebnis.angelegt} angelegt, {ergebnis.geaendert} "
                f"geändert, {ergebnis.entfernt} entfernt, {ergebnis.unveraendert} unverändert.",
            )
            return redirect("haushalt:ansaetze", haushaltsplan_id=plan.pk)
    return render(
        request, "haushalt/plan_import.html", {**ctx, "form": form, "zeilenfehler": zeilenfehler}
    )


# --- statements -------------------------------------------------------------------------


@login_required
@_404
def ergebnishaushalt(request: HttpRequest, haushaltsplan_id: int) -> HttpResponse:
    plan = services.get_plan(request.user, haushaltsplan_id)
    berechnet = services.statements(plan)
    return render(
        request,
        "haushalt/rechnung.html",
        {
            **_plan_context(request, plan, "Gesamtergebnishaushalt"),
            "rechnung": berechnet.ergebnis,
            "berechnet": berechnet,
        },
    )


@login_required
@_404
def finanzhaushalt(request: HttpRequest, haushaltsplan_id: int) -> HttpResponse:
    plan = services.get_plan(request.user, haushaltsplan_id)
    berechnet = services.statements(plan)
    return render(
        request,
        "haushalt/rechnung.html",
        {
            **_plan_context(request, plan, "Gesamtfinanzhaushalt"),
            "rechnung": berechnet.finanz,
            "berechnet": berechnet,
            "bestand": berechnet.zahlungsmittelbestand,
        },
    )


@login_required
@_404
def teilhaushalte_plan(request: HttpRequest, haushaltsplan_id: int) -> HttpResponse:
    plan = services.get_plan(request.user, haushaltsplan_id)
    return render(
        request,
        "haushalt/teilhaushalte_plan.html",
        {**_plan_context(request, plan, "Teilhaushalte"), "berechnet": services.statements(plan)},
    )


# --- Satzung, Investitionsprogramm, Stellenplan ---------------------------------------------


def _anlage_form_view(
    request, plan, *, form, save: Callable, erfolg: str, ziel: str
) -> HttpResponse | None:
    """POST of a form that adds a part to the plan; None to show the page."""
    if request.method != "POST":
        return None
    if not (services.is_kaemmerei(request.user) and plan.status == Status.ENTWURF):
        raise DjangoPermissionDenied
    if form.is_valid():
        try:
            save()
        except DomainError as exc:
            apply_domain_error(request, form, exc)
        else:
            messages.success(request, erfolg)
            return redirect(ziel, haushaltsplan_id=plan.pk)
    return None


@login_required
@_404
def satzung(request: HttpRequest, haushaltsplan_id: int) -> HttpResponse:
    user = request.user
    plan = services.get_plan(user, haushaltsplan_id)
    form = forms.ParagraphForm(request.POST or None)
    antwort = _anlage_form_view(
        request,
        plan,
        form=form,
        save=lambda: services.save_satzungsparagraph(user, plan, **form.cleaned_data),
        erfolg="Der Paragraph wurde gespeichert.",
        ziel="haushalt:satzung",
    )
    if antwort:
        return antwort
    return render(
        request,
        "haushalt/satzung.html",
        {
            **_plan_context(request, plan, "Haushaltssatzung"),
            "satzung": services.haushaltssatzung(plan),
            "form": form,
        },
    )


@login_required
@_404
def satzungsparagraph_loeschen(request: HttpRequest, satzungsparagraph_id: int) -> HttpResponse:
    paragraph = services.get_satzungsparagraph(request.user, satzungsparagraph_id)
    return _loeschen(
        request, paragraph, services.delete_satzungsparagraph, "haushalt:satzung", "Paragraph"
    )


def _loeschen(request, obj, delete: Callable, ziel: str, was: str) -> HttpResponse:
    if not_post := _require_post(request):
        return not_post
    _require_kaemmerei(request)
    plan_id = obj.haushaltsplan_id
    try:
        delete(request.user, obj)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{was} entfernt.")
    return redirect(ziel, haushaltsplan_id=plan_id)


@login_required
@_404
def investitionen(request: HttpRequest, haushaltsplan_id: int) -> HttpResponse:
    user = request.user
    plan = services.get_plan(user, haushaltsplan_id)
    form = forms.MassnahmeForm(
        request.POST or None, produkte=services.produkte_for(user.kommune_id)
    )
    antwort = _anlage_form_view(
        request,
        plan,
        form=form,
        save=lambda: services.save_massnahme(user, plan, **form.cleaned_data),
        erfolg="Die Maßnahme wurde gespeichert.",
        ziel="haushalt:investitionen",
    )
    if antwort:
        return antwort
    berechnet = services.statements(plan)
    return render(
        request,
        "haushalt/investitionen.html",
        {
            **_plan_context(request, plan, "Investitionsprogramm"),
            "programm": services.investitionsprogramm(plan, berechnet.posten),
            "form": form,
        },
    )


@login_required
@_404
def massnahme_loeschen(request: HttpRequest, massnahme_id: int) -> HttpResponse:
    massnahme = services.get_massnahme(request.user, massnahme_id)
    return _loeschen(
        request, massnahme, services.delete_massnahme, "haushalt:investitionen", "Maßnahme"
    )


@login_required
@_404
def stellenplan(request: HttpRequest, haushaltsplan_id: int) -> HttpResponse:
    user = request.user
    plan = services.get_plan(user, haushaltsplan_id)
    form = forms.StelleForm(request.POST or None)
    antwort = _anlage_form_view(
        request,
        plan,
        form=form,
        save=lambda: services.save_stelle(user, plan, **form.cleaned_data),
        erfolg="Die Stelle wurde gespeichert.",
        ziel="haushalt:stellenplan",
    )
    if antwort:
        return antwort
    return render(
        request,
        "haushalt/stellenplan.html",
        {
            **_plan_context(request, plan, "Stellenplan"),
            "stellenplan": services.stellenplan(plan),
            "form": form,
        },
    )


@login_required
@_404
def stelle_loeschen(request: HttpRequest, stelle_id: int) -> HttpResponse:
    stelle = services.get_stelle(request.user, stelle_id)
    return _loeschen(request, stelle, services.delete_stelle, "haushalt:stellenplan", "Stelle")


# --- workflow and Nachtrag -------------------------------------------------------------------


@login_required
@_404
def schritt(request: HttpRequest, haushaltsplan_id: int) -> HttpResponse:
    user = request.user
    plan = services.get_plan(user, haushaltsplan_id)
    if not_post := _require_post(request):
        return not_post
    _require_kaemmerei(request)
    form = forms.SchrittForm(request.POST)
    naechster = services.naechster_schritt(plan)
    if naechster is None or request.POST.get("schritt") != naechster.name:
        messages.error(request, "Dieser Schritt passt nicht zum Status des Plans.")
    elif not form.is_valid():
        messages.error(request, "Bitte ein gültiges Datum angeben.")
    else:
        try:
            services.advance_plan(
                user,
                plan,
                naechster.name,
                datum=form.cleaned_data["datum"],
                genehmigungsart=form.cleaned_data["genehmigungsart"],
            )
        except DomainError as exc:
            messages.error(request, " ".join([exc.message, *exc.errors.values()]))
        else:
            messages.success(request, f"Der Plan ist jetzt {Status(naechster.nach).label}.")
    return redirect("haushalt:plan", haushaltsplan_id=plan.pk)


@login_required
@_404
def zurueck(request: HttpRequest, haushaltsplan_id: int) -> HttpResponse:
    plan = services.get_plan(request.user, haushaltsplan_id)
    if not_post := _require_post(request):
        return not_post
    _require_kaemmerei(request)
    try:
        services.back_to_entwurf(request.user, plan)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Der Plan ist wieder ein Entwurf.")
    return redirect("haushalt:plan", haushaltsplan_id=plan.pk)


@login_required
@_404
def nachtrag(request: HttpRequest, haushaltsplan_id: int) -> HttpResponse:
    plan = services.get_plan(request.user, haushaltsplan_id)
    if not_post := _require_post(request):
        return not_post
    _require_kaemmerei(request)
    try:
        neu = services.create_nachtrag(request.user, plan)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("haushalt:plan", haushaltsplan_id=plan.pk)
    messages.success(request, f"Der {neu.bezeichnung} ist als Entwurf angelegt.")
    return redirect("haushalt:plan", haushaltsplan_id=neu.pk)


@login_required
@_404
def aenderungen(request: HttpRequest, haushaltsplan_id: int) -> HttpResponse:
    plan = services.get_plan(request.user, haushaltsplan_id)
    if plan.nachtrag_zu_id is None:
        raise Http404("Kein Nachtragshaushalt.")
    return render(
        request,
        "haushalt/aenderungen.html",
        {
            **_plan_context(request, plan, "Änderungen"),
            "aenderungen": services.aenderungen(plan),
        },
    )


@login_required
@_404
def plan_pdf(request: HttpRequest, haushaltsplan_id: int) -> HttpResponse:
    """The whole plan as PDF/A."""
    plan = services.get_plan(request.user, haushaltsplan_id)
    return _download(services.plan_pdf(plan))


# --- charts and the Verbund comparison ---------------------------------------------------------


def _mit_svg(daten: list, praefix: str) -> list[tuple]:
    from aktenbund.haushalt.svg import balken

    return [(d, balken(d, f"{praefix}-{i}"), f"{praefix}-{i}") for i, d in enumerate(daten, 1)]


@login_required
@_404
def diagramme(request: HttpRequest, haushaltsplan_id: int) -> HttpResponse:
    """Erträge/Aufwendungen by Produktbereich, Jahresergebnis and Zahlungsmittelbestand."""
    plan = services.get_plan(request.user, haushaltsplan_id)
    return render(
        request,
        "haushalt/diagramme.html",
        {
            **_plan_context(request, plan, "Diagramme"),
            "diagramme": _mit_svg(services.diagramme_of(plan), "diagramm"),
        },
    )


@login_required
@_404
def vergleich(request: HttpRequest) -> HttpResponse:
    """The Verbund comparison; the Kämmerei and Kommune-Admins switch the Kommune's part."""
    user = request.user
    if user.kommune_id is None:
        raise Http404("Den Vergleich gibt es nur für Kommunen.")
    darf_schalten = services.may_switch_vergleich(user)
    if request.method == "POST":
        if not darf_schalten:
            raise DjangoPermissionDenied
        teilnehmen = request.POST.get("teilnahme") == "an"
        try:
            services.set_vergleich_teilnahme(user, teilnehmen)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                "Ihre Kommune nimmt jetzt am Vergleich teil; ihre Zahlen sind veröffentlicht."
                if teilnehmen
                else "Ihre Kommune nimmt nicht mehr am Vergleich teil; ihre Zahlen sind entfernt.",
            )
        return redirect("haushalt:vergleich")
    teilnahme = services.vergleich_teilnahme_of(user.kommune_id)
    daten = None
    diagramme = []
    if teilnahme is not None:
        jahr = parse_ganzzahl(request.GET.get("haushaltsjahr"), minimum=2000, maximum=2100)
        daten = services.vergleich_fuer(user, jahr)
        from aktenbund.haushalt.services.diagramme import Diagrammdaten, Reihe

        diagramme = _mit_svg(
            [
                Diagrammdaten(
                    titel=f"{k.bezeichnung} {daten.haushaltsjahr}",
                    beschreibung=f"{k.bezeichnung} der teilnehmenden Kommunen in Euro.",
                    kategorien=[name for name, _ in daten.reihe(k.name)],
                    reihen=[Reihe(k.bezeichnung, [w for _, w in daten.reihe(k.name)])],
                )
                for k in daten.kennzahlen
            ],
            "vergleich",
        )
    return render(
        request,
        "haushalt/vergleich.html",
        {
            "teilnahme": teilnahme,
            "darf_schalten": darf_schalten,
            "vergleich": daten,
            "diagramme": diagramme,
            "aktuell": "Verbundvergleich",
        },
    )
