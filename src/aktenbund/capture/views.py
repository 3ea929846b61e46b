"""Posteingang pages: list with upload, one Eintrag with its actions, files, mail drop."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from aktenbund.blobs.store import get_store
from aktenbund.capture import services
from aktenbund.capture.forms import (
    FilterForm,
    NeuerVorgangForm,
    UploadForm,
    WeiterleitenForm,
    ZuordnenForm,
)
from aktenbund.capture.models import OFFENE_STATUS, Posteingangseintrag, Status
from aktenbund.errors import DomainError, NotFound
from aktenbund.records import services as records
from aktenbund.records.models import Aktenstatus
from aktenbund.records.services.zugriff import may_work
from aktenbund.tenancy.models import Organisationseinheit
from aktenbund.web.forms import apply_domain_error

MAX_AUSWAHL = 300


def _eintrag(request: HttpRequest, posteingangseintrag_id: int) -> Posteingangseintrag:
    try:
        return services.get_eintrag(request.user, posteingangseintrag_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _error_json(exc: DomainError) -> JsonResponse:
    errors = [{"field": f, "message": m} for f, m in exc.errors.items()]
    return JsonResponse({"detail": exc.message, "errors": errors}, status=exc.status)


@login_required
def posteingang(request: HttpRequest) -> HttpResponse:
    """The list (filters: status, Quelle, OE) and the upload of many files at once."""
    user = request.user
    if not user.kommune_id:
        raise Http404("Nicht gefunden.")
    postfaecher = services.postfaecher(user)
    upload_form = UploadForm(request.POST or None, request.FILES or None, postfaecher=postfaecher)
    if request.method == "POST":
        if upload_form.is_valid():
            dateien = [
                services.Eingangsdatei(f.name, f) for f in upload_form.cleaned_data["dateien"]
            ]
            try:
                eintraege = services.upload(
                    user,
                    dateien,
                    oe_id=upload_form.oe_id(),
                    zusammen=upload_form.cleaned_data["zusammen"],
                )
            except DomainError as exc:
                if _wants_json(request):
                    return _error_json(exc)
                apply_domain_error(request, upload_form, exc)
            else:
                text = (
                    f"{len(dateien)} Datei(en) sind im Posteingang "
                    f"({len(eintraege)} Eingang/Eingänge) und werden verarbeitet."
                )
                if _wants_json(request):
                    return JsonResponse(
                        {"meldung": text, "eintraege": [e.pk for e in eintraege]}, status=201
                    )
                messages.success(request, text)
                return redirect("capture:posteingang")
        elif _wants_json(request):
            message = next(iter(upload_form.errors.values()))[0]
            return JsonResponse(
                {"detail": message, "errors": [{"field": "dateien", "message": message}]},
                status=422,
            )
    filter_form = FilterForm(request.GET or None, postfaecher=postfaecher)
    eintraege = services.sichtbare_eintraege(user)
    if filter_form.is_valid() and filter_form.cleaned_data["status"]:
        eintraege = eintraege.filter(status=filter_form.cleaned_data["status"])
    else:
        eintraege = eintraege.filter(status__in=OFFENE_STATUS)
    if filter_form.is_valid():
        if filter_form.cleaned_data["quelle"]:
            eintraege = eintraege.filter(quelle=filter_form.cleaned_data["quelle"])
        if filter_form.cleaned_data["oe"]:
            eintraege = eintraege.filter(oe_id=int(filter_form.cleaned_data["oe"]))
    eintraege = eintraege.select_related("oe").prefetch_related("dateien")
    return render(
        request,
        "capture/posteingang.html",
        {
            "eintraege": eintraege.order_by("-eingegangen_am", "-id")[:500],
            "filter": filter_form,
            "form": upload_form if postfaecher else None,
            "in_arbeit": any(
                e.status in (Status.WARTET, Status.IN_VERARBEITUNG) for e in eintraege[:500]
            ),
        },
    )


def _vorgaenge(user, q: str):
    vorgaenge = records.vorgaenge_liste(user, q=q, status=Aktenstatus.OFFEN).filter(
        kommune_id=user.kommune_id
    )
    return vorgaenge.order_by("-geaendert_am")[:MAX_AUSWAHL]


def _akten(user):
    akten = records.akten_liste(user, status=Aktenstatus.OFFEN).filter(kommune_id=user.kommune_id)
    return akten.order_by("aktenzeichen")[:MAX_AUSWAHL]


def _oes(user):
    from django_scopes import scopes_disabled

    with scopes_disabled():
        return list(
            Organisationseinheit.objects.filter(kommune_id=user.kommune_id, aktiv=True).order_by(
                "kurzzeichen"
            )
        )


def _detail(request, eintrag, *, zuordnen=None, neu=None, weiter=None, status=200):
    user = request.user
    q = request.GET.get("q", "").strip()[:100]
    darf = may_work(user) and eintrag.status not in (Status.ZUGEORDNET,)
    with_dateien = list(eintrag.dateien.all().order_by("nummer"))
    return render(
        request,
        "capture/eintrag.html",
        {
            "eintrag": eintrag,
            "dateien": with_dateien,
            "darf": darf,
            "darf_ablegen": darf and eintrag.status != Status.FEHLER,
            "q": q,
            "zuordnen": zuordnen or ZuordnenForm(vorgaenge=_vorgaenge(user, q)),
            "neu": neu
            or NeuerVorgangForm(akten=_akten(user), initial={"betreff": eintrag.betreff}),
            "weiter": weiter or WeiterleitenForm(oes=_oes(user)),
        },
        status=status,
    )


@login_required
def eintrag(request: HttpRequest, posteingangseintrag_id: int) -> HttpResponse:
    return _detail(request, _eintrag(request, posteingangseintrag_id))


@login_required
@require_POST
def zuordnen(request: HttpRequest, posteingangseintrag_id: int) -> HttpResponse:
    eintrag = _eintrag(request, posteingangseintrag_id)
    form = ZuordnenForm(request.POST, vorgaenge=_vorgaenge(request.user, ""))
    if form.is_valid():
        try:
            vorgang = records.get_vorgang(request.user, int(form.cleaned_data["vorgang"]))
            services.assign_to_vorgang(request.user, eintrag, vorgang)
        except DomainError as exc:
            apply_domain_error(request, form, exc)
        else:
            eintrag.refresh_from_db()
            if eintrag.status == Status.ZUGEORDNET:
                messages.success(request, f"Abgelegt in {vorgang.aktenzeichen}.")
            else:
                messages.success(
                    request,
                    f"Wird nach der Verarbeitung in {vorgang.aktenzeichen} abgelegt.",
                )
            return redirect("capture:posteingang")
    return _detail(request, eintrag, zuordnen=form, status=422)


@login_required
@require_POST
def neuer_vorgang(request: HttpRequest, posteingangseintrag_id: int) -> HttpResponse:
    eintrag = _eintrag(request, posteingangseintrag_id)
    form = NeuerVorgangForm(request.POST, akten=_akten(request.user))
    if form.is_valid():
        try:
            akte = records.get_akte(request.user, int(form.cleaned_data["akte"]))
            vorgang = services.open_vorgang(
                request.user, eintrag, akte=akte, betreff=form.cleaned_data["betreff"]
            )
        except DomainError as exc:
            apply_domain_error(request, form, exc)
        else:
            messages.success(request, f"Vorgang {vorgang.aktenzeichen} angelegt.")
            return redirect("capture:posteingang")
    return _detail(request, eintrag, neu=form, status=422)


@login_required
@require_POST
def weiterleiten(request: HttpRequest, posteingangseintrag_id: int) -> HttpResponse:
    eintrag = _eintrag(request, posteingangseintrag_id)
    form = WeiterleitenForm(request.POST, oes=_oes(request.user))
    if form.is_valid():
        value = form.cleaned_data["oe"]
        try:
            oe = services.get_oe(request.user, int(value)) if value else None
            services.forward_to_oe(request.user, eintrag, oe)
        except DomainError as exc:
            apply_domain_error(request, form, exc)
        else:
            messages.success(request, f"Weitergeleitet an {oe or 'die Registratur'}.")
            return redirect("capture:posteingang")
    return _detail(request, eintrag, weiter=form, status=422)


def _datei_response(sha256: str, name: str, content_type: str, inline: bool) -> HttpResponse:
    with get_store().open(sha256) as stream:
        response = HttpResponse(stream.read(), content_type=content_type)
    art = "inline" if inline else "attachment"
    response["Content-Disposition"] = f"{art}; filename*=UTF-8''{quote(name)}"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
def datei(
    request: HttpRequest, posteingangseintrag_id: int, posteingangsdatei_id: int
) -> HttpResponse:
    """The original (download) or, with ?fassung=pdfa, the PDF/A rendition (inline)."""
    try:
        d = services.get_datei(request.user, posteingangseintrag_id, posteingangsdatei_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    if request.GET.get("fassung") == "pdfa":
        if d.pdf_id is None:
            raise Http404("Keine PDF/A-Fassung.")
        name = d.dateiname.rsplit(".", 1)[0] + ".pdf"
        return _datei_response(d.pdf_id, name, "application/pdf", inline=True)
    return _datei_response(d.original_id, d.dateiname, "application/octet-stream", inline=False)


@login_required
def vorschau(
    request: HttpRequest, posteingangseintrag_id: int, posteingangsdatei_id: int
) -> HttpResponse:
    try:
        d = services.get_datei(request.user, posteingangseintrag_id, posteingangsdatei_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    if d.vorschau_id is None:
        raise Http404("Keine Vorschau.")
    return _datei_response(d.vorschau_id, "vorschau.png", "image/png", inline=True)


@login_required
@require_POST
def mail_ablegen(request: HttpRequest, vorgang_id: int) -> HttpResponse:
    """Drop target on the Vorgang page (include `capture/_mail_drop.html`): one .eml/.msg
    per request; the mail and its attachments become Dokumente once processed."""
    try:
        vorgang = records.get_vorgang(request.user, vorgang_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    datei = request.FILES.get("datei")
    zurueck = request.POST.get("weiter") or ""
    if not zurueck.startswith("/") or zurueck.startswith("//"):
        zurueck = reverse("capture:posteingang")
    try:
        if datei is None:
            _keine_datei()
        eintrag = services.file_mail_into_vorgang(
            request.user, vorgang, dateiname=datei.name, inhalt=datei.read()
        )
    except DomainError as exc:
        if _wants_json(request):
            return _error_json(exc)
        messages.error(request, exc.message)
        return redirect(zurueck)
    eintrag.refresh_from_db()
    text = (
        f"„{eintrag.betreff or datei.name}“ ist in {vorgang.aktenzeichen} abgelegt."
        if eintrag.status == Status.ZUGEORDNET
        else f"„{eintrag.betreff or datei.name}“ wird verarbeitet und dann in "
        f"{vorgang.aktenzeichen} abgelegt."
    )
    if _wants_json(request):
        return JsonResponse({"meldung": text, "eintrag": eintrag.pk}, status=201)
    messages.success(request, text)
    return redirect(zurueck)


def _keine_datei() -> None:
    from aktenbund.errors import ValidationError

    raise ValidationError("Bitte eine E-Mail-Datei wählen.", {"datei": "Keine Datei."})
