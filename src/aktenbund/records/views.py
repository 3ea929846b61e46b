"""Aktenplan pages: tree, node (view and change), new nodes, closing, import, export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from aktenbund.audit.services import history
from aktenbund.errors import DomainError, NotFound
from aktenbund.records import services
from aktenbund.records.aktenplan_io import FORMATE, AktenplanImportFehler
from aktenbund.records.forms import (
    AktenplaneinheitForm,
    AktenplanFilterForm,
    ImportForm,
    SchliessenForm,
)
from aktenbund.records.models import Aktenplaneinheit
from aktenbund.web.forms import apply_domain_error

# How the node's audit events read in its "Verlauf".
AKTIONEN = {
    "aktenplaneinheit.angelegt": "angelegt",
    "aktenplaneinheit.geaendert": "geändert",
    "aktenplaneinheit.geschlossen": "geschlossen",
}


def _einheit(request: HttpRequest, aktenplaneinheit_id: int) -> Aktenplaneinheit:
    try:
        return services.get_aktenplaneinheit(request.user, aktenplaneinheit_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


@login_required
def aktenplan(request: HttpRequest) -> HttpResponse:
    """The tree; closed nodes hidden unless asked for, optionally narrowed by Kennzeichen."""
    user = request.user
    form = AktenplanFilterForm(request.GET or None)
    kennzeichen, mit_geschlossenen = "", False
    if form.is_valid():
        kennzeichen = form.cleaned_data["kennzeichen"].strip()
        mit_geschlossenen = form.cleaned_data["geschlossene"]
    baum = services.aktenplan_tree(
        user.kommune_id, mit_geschlossenen=mit_geschlossenen, kennzeichen=kennzeichen
    )
    return render(
        request,
        "records/aktenplan.html",
        {
            "baum": baum,
            "filter": form,
            "aufgeklappt": bool(kennzeichen) or request.GET.get("alle") == "1",
            "darf_pflegen": services.may_maintain(user),
            "darf_hauptgruppe": services.may_add_below(user, None),
            "formate": FORMATE,
        },
    )


@login_required
def aktenplaneinheit(request: HttpRequest, aktenplaneinheit_id: int) -> HttpResponse:
    """One node: its properties, children and history; its owner may change it."""
    user = request.user
    einheit = _einheit(request, aktenplaneinheit_id)
    darf_aendern = services.may_edit(user, einheit) and einheit.gueltig_bis is None
    if request.method == "POST" and not darf_aendern:
        raise DjangoPermissionDenied
    form = None
    if darf_aendern:
        form = AktenplaneinheitForm(
            request.POST or None,
            mit_kennzeichen=False,
            initial={
                "titel": einheit.titel,
                "beschreibung": einheit.beschreibung,
                "aufbewahrungsfrist": einheit.aufbewahrungsfrist,
                "dauernd": einheit.ist_dauernd,
                "aussonderungsart": einheit.aussonderungsart,
                "gueltig_ab": einheit.gueltig_ab,
            },
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.update_aktenplaneinheit(user, einheit, **form.service_values())
            except DomainError as exc:
                apply_domain_error(request, form, exc)
            else:
                messages.success(request, f"Die Einheit {einheit.kennzeichen} wurde gespeichert.")
                return redirect("records:aktenplaneinheit", aktenplaneinheit_id=einheit.pk)
    # The own chain only: a Kommune reads its own Protokoll, the Verbund its own.
    verlauf = None
    if einheit.kommune_id == user.kommune_id:
        verlauf = [(event, AKTIONEN.get(event.action, event.action)) for event in history(einheit)]
    return render(
        request,
        "records/aktenplaneinheit.html",
        {
            "einheit": einheit,
            "pfad": services.ancestors_of(einheit),
            "kinder": services.children_of(user.kommune_id, einheit),
            "form": form,
            "darf_aendern": darf_aendern,
            "darf_unterknoten": services.may_add_below(user, einheit)
            and einheit.gueltig_bis is None,
            "verlauf": verlauf,
        },
    )


def _neu(request: HttpRequest, parent: Aktenplaneinheit | None) -> HttpResponse:
    user = request.user
    if parent is None and not services.may_add_below(user, None):
        # Like every page that is not for this user: not there (tenancy does the same).
        raise Http404("Nicht gefunden.")
    if not services.may_add_below(user, parent) or (parent and parent.gueltig_bis is not None):
        raise DjangoPermissionDenied
    hilfe = (
        f"Beginnt mit „{parent.kennzeichen}“, z. B. {parent.kennzeichen}.50 – lokale Einheiten "
        "zählen ab 50."
        if parent and user.kommune_id
        else (f"Beginnt mit „{parent.kennzeichen}“." if parent else "z. B. 0 bis 9.")
    )
    form = AktenplaneinheitForm(
        request.POST or None,
        kennzeichen_hilfe=hilfe,
        initial={
            "kennzeichen": parent.kennzeichen if parent else "",
            "aussonderungsart": parent.aussonderungsart if parent else "B",
            "aufbewahrungsfrist": parent.aufbewahrungsfrist if parent else None,
            "dauernd": parent.ist_dauernd if parent else False,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            einheit = services.create_aktenplaneinheit(user, parent=parent, **form.service_values())
        except DomainError as exc:
            apply_domain_error(request, form, exc)
        else:
            messages.success(request, f"Die Einheit {einheit} wurde angelegt.")
            return redirect("records:aktenplaneinheit", aktenplaneinheit_id=einheit.pk)
    return render(
        request,
        "records/aktenplaneinheit_neu.html",
        {
            "parent": parent,
            "pfad": [*services.ancestors_of(parent), parent] if parent else [],
            "aktuell": "Unterknoten anlegen" if parent else "Hauptgruppe anlegen",
            "form": form,
        },
    )


@login_required
def unterknoten_neu(request: HttpRequest, aktenplaneinheit_id: int) -> HttpResponse:
    return _neu(request, _einheit(request, aktenplaneinheit_id))


@login_required
def hauptgruppe_neu(request: HttpRequest) -> HttpResponse:
    return _neu(request, None)


@login_required
def aktenplaneinheit_schliessen(request: HttpRequest, aktenplaneinheit_id: int) -> HttpResponse:
    """Ask first (showing everything that closes with it), then close."""
    user = request.user
    einheit = _einheit(request, aktenplaneinheit_id)
    if not services.may_edit(user, einheit) or einheit.gueltig_bis is not None:
        raise DjangoPermissionDenied
    form = SchliessenForm(request.POST or None, initial={"gueltig_bis": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            anzahl = services.close_aktenplaneinheit(
                user, einheit, gueltig_bis=form.cleaned_data["gueltig_bis"]
            )
        except DomainError as exc:
            apply_domain_error(request, form, exc)
        else:
            messages.success(
                request,
                f"Die Einheit {einheit.kennzeichen} ist geschlossen "
                f"({anzahl} {'Einheit' if anzahl == 1 else 'Einheiten'} samt Unterbaum).",
            )
            return redirect("records:aktenplaneinheit", aktenplaneinheit_id=einheit.pk)
    return render(
        request,
        "records/aktenplaneinheit_schliessen.html",
        {
            "einheit": einheit,
            "pfad": services.ancestors_of(einheit),
            "unterbaum": services.subtree_of(user.kommune_id, einheit)[1:],
            "form": form,
        },
    )


@login_required
def aktenplan_import(request: HttpRequest) -> HttpResponse:
    """Upload a file; on errors, every bad cell is listed and nothing is imported."""
    user = request.user
    if not services.may_maintain(user):
        raise Http404("Nicht gefunden.")
    form = ImportForm(request.POST or None, request.FILES or None)
    zeilenfehler = []
    if request.method == "POST" and form.is_valid():
        try:
            ergebnis = services.import_aktenplan(
                user, form.cleaned_data["datei"], form.cleaned_data["format"]
            )
        except AktenplanImportFehler as exc:
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
                f"geändert, {ergebnis.geschlossen} geschlossen, {ergebnis.unveraendert} "
                "unverändert.",
            )
            return redirect("records:aktenplan")
    return render(
        request,
        "records/aktenplan_import.html",
        {"form": form, "zeilenfehler": zeilenfehler, "verbund": user.kommune_id is None},
    )


@login_required
def aktenplan_export(request: HttpRequest) -> HttpResponse:
    format = request.GET.get("format", "csv")
    if format not in FORMATE:
        raise Http404("Unbekanntes Format.")
    datei = services.export_aktenplan(request.user, format)
    response = HttpResponse(datei.inhalt, content_type=datei.content_type)
    response["Content-Disposition"] = f'attachment; filename="{datei.dateiname}"'
    return response
