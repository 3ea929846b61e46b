"""Posteingang pages: list with upload, one Eintrag with its actions, files, mail drop."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from aktenbund.blobs.store import get_store
from aktenbund.capture import services
from aktenbund.capture.forms import (
    FilterForm,
    MailkontoForm,
    NeuerVorgangForm,
    UploadForm,
    WeiterleitenForm,
    ZuordnenForm,
)
from aktenbund.capture.models import OFFENE_STATUS, Mailkonto, Posteingangseintrag, Status
from aktenbund.capture.services import mailkonten
from aktenbund.errors import DomainError, NotFound
from aktenbund.records import services as records
from aktenbund.records.downloads import datei_antwort
from aktenbund.records.models import Aktenstatus
from aktenbund.records.services.zugriff import may_work
from aktenbund.records.uploads import raw_name
from aktenbund.tenancy.models import Organisationseinheit
from aktenbund.web.forms import apply_domain_error
from aktenbund.web.weiterleitung import weiter_url

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
    upload_form = UploadForm(
        request.POST or None,
        request.FILES or None,
        postfaecher=postfaecher,
        vorgaenge=_vorgaenge(user, "") if may_work(user) else (),
    )
    status = 200
    if request.method == "POST":
        status = 422
        if upload_form.is_valid():
            dateien = [
                services.Eingangsdatei(raw_name(request, f), f)
                for f in upload_form.cleaned_data["dateien"]
            ]
            try:
                eintraege = services.upload(
                    user,
                    dateien,
                    oe_id=upload_form.oe_id(),
                    zusammen=upload_form.cleaned_data["zusammen"],
                    vorgang_id=upload_form.vorgang_id(),
                )
            except DomainError as exc:
                if _wants_json(request):
                    return _error_json(exc)
                apply_domain_error(request, upload_form, exc)
                status = exc.status
            else:
                text = (
                    f"{len(dateien)} Datei(en) sind im Posteingang "
                    f"({len(eintraege)} Eingang/Eingänge) und werden verarbeitet"
                )
                ziel = eintraege[0].ziel_vorgang if eintraege else None
                text += f", danach in {ziel.aktenzeichen} abgelegt." if ziel else "."
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
        status=status,
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
    return datei_antwort(
        get_store().open(sha256), dateiname=name, mime_type=content_type, inline=inline
    )


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
    zurueck = weiter_url(request, "capture:posteingang")
    try:
        if datei is None:
            _keine_datei()
        eintrag = services.file_mail_into_vorgang(
            request.user, vorgang, dateiname=raw_name(request, datei), inhalt=datei
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


# --- Mailkonten (Kommune-Admin) --------------------------------------------------


def _kommune_admin(request: HttpRequest) -> None:
    user = request.user
    if user.kommune_id is None or not user.is_kommune_admin:
        raise Http404("Nicht gefunden.")


def _mailkonto(request: HttpRequest, mailkonto_id: int) -> Mailkonto:
    _kommune_admin(request)
    try:
        return mailkonten.get_mailkonto(request.user, mailkonto_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _mailkonto_daten(form: MailkontoForm) -> dict:
    data = form.cleaned_data
    return {
        "bezeichnung": data["bezeichnung"],
        "host": data["host"],
        "port": data["port"],
        "verschluesselung": data["verschluesselung"],
        "benutzer": data["benutzer"],
        "passwort": data["passwort"],
        "ordner": data["ordner"],
        "oe_id": form.oe_id(),
        "aktiv": data["aktiv"],
    }


@login_required
def mailkonto_liste(request: HttpRequest) -> HttpResponse:
    """The Kommune's Mailkonten and the form for a new one."""
    _kommune_admin(request)
    user = request.user
    form = MailkontoForm(request.POST or None, oes=_oes(user))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                konto = mailkonten.create_mailkonto(user, **_mailkonto_daten(form))
            except DomainError as exc:
                apply_domain_error(request, form, exc)
            else:
                messages.success(
                    request,
                    f"Das Mailkonto „{konto}“ ist angelegt. Prüfen Sie es mit „Verbindung testen“.",
                )
                return redirect("mailkonten:konto", mailkonto_id=konto.pk)
        status = 422
    return render(
        request,
        "capture/mailkonten.html",
        {"konten": mailkonten.mailkonten_of(user), "form": form},
        status=status,
    )


@login_required
def mailkonto(request: HttpRequest, mailkonto_id: int) -> HttpResponse:
    """Edit one Mailkonto (the password only when a new one is typed in)."""
    konto = _mailkonto(request, mailkonto_id)
    user = request.user
    oes = _oes(user)
    if konto.oe is not None and konto.oe not in oes:
        oes = [konto.oe, *oes]
    initial = {
        "bezeichnung": konto.bezeichnung,
        "oe": str(konto.oe_id or ""),
        "host": konto.host,
        "port": konto.port,
        "verschluesselung": konto.verschluesselung,
        "benutzer": konto.benutzer,
        "ordner": konto.ordner,
        "aktiv": konto.aktiv,
    }
    form = MailkontoForm(request.POST or None, oes=oes, neu=False, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                mailkonten.update_mailkonto(user, konto, **_mailkonto_daten(form))
            except DomainError as exc:
                apply_domain_error(request, form, exc)
            else:
                messages.success(request, "Das Mailkonto wurde gespeichert.")
                return redirect("mailkonten:konto", mailkonto_id=konto.pk)
        status = 422
    return render(request, "capture/mailkonto.html", {"konto": konto, "form": form}, status=status)


@login_required
@require_POST
def mailkonto_testen(request: HttpRequest, mailkonto_id: int) -> HttpResponse:
    """ "Verbindung testen": connect, log in, open the folder; the answer as a message."""
    konto = _mailkonto(request, mailkonto_id)
    ergebnis = mailkonten.verbindung_testen(request.user, konto)
    if ergebnis.erfolgreich:
        messages.success(request, ergebnis.meldung)
    else:
        messages.error(request, ergebnis.meldung)
    return redirect("mailkonten:konto", mailkonto_id=konto.pk)


@login_required
@require_POST
def mailkonto_deaktivieren(request: HttpRequest, mailkonto_id: int) -> HttpResponse:
    konto = _mailkonto(request, mailkonto_id)
    try:
        mailkonten.deactivate_mailkonto(request.user, konto)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, f"Das Mailkonto „{konto}“ ist deaktiviert und wird nicht mehr abgerufen."
        )
    return redirect("mailkonten:liste")
