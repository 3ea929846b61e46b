"""Akten, Vorgänge, Dokumente and Freigaben in the browser.

Thin views: each reads what it shows through `aktenbund.records.services` and
hands every change to one service call. An object the user may not read is
404 (services raise NotFound); a refused change re-renders the page with the
service's German message and the matching status (409 for zdA, 403, 422 …).
"""

from __future__ import annotations

import contextlib
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from aktenbund.api import MAX_ID
from aktenbund.eingaben import parse_ganzzahl
from aktenbund.errors import DomainError, NotFound
from aktenbund.records import services
from aktenbund.records.downloads import datei_antwort
from aktenbund.records.forms_akten import (
    AkteForm,
    AktenFilterForm,
    AktenzeichenregelForm,
    DokumentForm,
    FreigabeForm,
    ReopenForm,
    VerschiebenForm,
    VersionForm,
    VorgangForm,
    ZdaForm,
    ZugriffForm,
)
from aktenbund.records.models import Akte, Dokumenttyp, Recht, Richtung, Vorgang
from aktenbund.records.services import auswahl
from aktenbund.records.services.aktenzeichen import beispiel, validate_muster
from aktenbund.records.services.dateipruefung import VORSCHAU, max_upload_bytes
from aktenbund.records.services.protokoll import timeline
from aktenbund.records.services.zugriff import may_work
from aktenbund.records.uploads import raw_name
from aktenbund.tenancy.models import Rolle
from aktenbund.web.forms import apply_domain_error

PRO_SEITE = 25

# How audit events read in a timeline.
AKTIONEN = {
    "akte.angelegt": "Akte angelegt",
    "akte.geaendert": "Akte geändert",
    "akte.zugriff_geaendert": "Zugriffsliste geändert",
    "akte.zda": "Akte zdA verfügt",
    "akte.wiedereroeffnet": "Akte wiedereröffnet",
    "vorgang.angelegt": "Vorgang angelegt",
    "vorgang.geaendert": "Vorgang geändert",
    "vorgang.verschoben": "Vorgang verschoben",
    "vorgang.zda": "Vorgang zdA verfügt",
    "vorgang.wiedereroeffnet": "Vorgang wiedereröffnet",
    "dokument.hinzugefuegt": "Dokument hinzugefügt",
    "dokument.geaendert": "Dokument geändert",
    "version.hinzugefuegt": "neue Version",
    "version.gelesen": "Version gelesen (Amtshilfe)",
    "freigabe.erteilt": "Freigabe erteilt",
    "freigabe.widerrufen": "Freigabe widerrufen",
}


def _404(exc: NotFound) -> Http404:
    return Http404(exc.message)


def _kommune_user(request: HttpRequest) -> None:
    """Akten belong to Kommunen: Verbund staff have none."""
    if not request.user.kommune_id:
        raise Http404("Nicht gefunden.")


def _akte(request: HttpRequest, akte_id: int) -> Akte:
    _kommune_user(request)
    try:
        return services.get_akte(request.user, akte_id)
    except NotFound as exc:
        raise _404(exc) from exc


def _vorgang(request: HttpRequest, vorgang_id: int) -> Vorgang:
    _kommune_user(request)
    try:
        return services.get_vorgang(request.user, vorgang_id)
    except NotFound as exc:
        raise _404(exc) from exc


def _dokument(request: HttpRequest, dokument_id: int):
    _kommune_user(request)
    try:
        return services.get_dokument(request.user, dokument_id)
    except NotFound as exc:
        raise _404(exc) from exc


def _verlauf(events) -> list[dict]:
    rows = []
    for event in events:
        details = event.details or {}
        text = ""
        if event.action == "vorgang.verschoben":
            text = f"von {details.get('von', '')} nach {details.get('nach', '')}"
        elif event.action in ("akte.zda", "vorgang.zda"):
            text = details.get("verfuegung", "")
        elif event.action.endswith("wiedereroeffnet"):
            text = f"Grund: {details.get('grund', '')}"
        elif event.action in ("dokument.hinzugefuegt",):
            text = f"{details.get('titel', '')} ({details.get('datei', '')})"
        elif event.action == "version.hinzugefuegt":
            text = f"Version {details.get('nummer', '')}: {details.get('datei', '')}"
        elif event.action.endswith("geaendert") and isinstance(details.get("aenderungen"), dict):
            text = "geändert: " + ", ".join(sorted(details["aenderungen"]))
        elif event.action.startswith("freigabe."):
            text = f"Recht „{details.get('recht', '')}“ bis {details.get('gueltig_bis', '')}"
        elif event.action.endswith("angelegt"):
            text = details.get("aktenzeichen", "")
        if details.get("amtshilfe"):
            text = (text + " – in Amtshilfe").strip(" –")
        rows.append(
            {
                "at": event.at,
                "aktion": AKTIONEN.get(event.action, event.action),
                "person": event.actor_name or (str(event.actor) if event.actor_id else ""),
                "text": text,
            }
        )
    return rows


def _fehlerseite(request, exc: DomainError, form, render_page) -> HttpResponse:
    """A refused change: the page again, with the message and the refused form."""
    if isinstance(exc, NotFound):
        raise _404(exc)
    apply_domain_error(request, form, exc)
    return render_page(status=exc.status)


def _einheit_und_oe(user, akte: Akte) -> dict:
    return {
        "einheit": auswahl.aktenplaneinheit_der_akte(user, akte),
        "oe": auswahl.federfuehrende_oe_der_akte(user, akte),
        "eigen": akte.kommune_id == user.kommune_id,
    }


# --- Akten list and new Akte ---------------------------------------------------


@login_required
def akten_liste(request: HttpRequest) -> HttpResponse:
    _kommune_user(request)
    user = request.user
    form = AktenFilterForm(
        request.GET or None,
        einheiten=auswahl.aktenplaneinheiten_zur_auswahl(user),
        oes=auswahl.oes_zur_auswahl(user),
    )
    filters: dict = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "q": data["q"].strip(),
            "aktenplaneinheit_id": data["aktenplaneinheit"],
            "status": data["status"],
            "federfuehrende_oe_id": data["oe"],
            "vertraulich": {"ja": True, "nein": False}.get(data["vertraulich"]),
        }
    seite = Paginator(services.akten_liste(user, **filters), PRO_SEITE).get_page(
        request.GET.get("seite")
    )
    query = urlencode([(k, v) for k, v in request.GET.items() if k != "seite" and v])
    return render(
        request,
        "records/akten_liste.html",
        {
            "filter": form,
            "seite": seite,
            "query": query,
            "gefiltert": any(v not in (None, "") for v in filters.values()),
            "darf_anlegen": may_work(user),
            "darf_muster": services.is_kommune_registratur(user),
        },
    )


@login_required
def akte_neu(request: HttpRequest) -> HttpResponse:
    _kommune_user(request)
    user = request.user
    if not may_work(user):
        raise Http404("Nicht gefunden.")
    einheiten = auswahl.aktenplaneinheiten_zur_auswahl(user)
    oes = list(auswahl.oes_zur_auswahl(user))
    form = AkteForm(request.POST or None, einheiten=einheiten, oes=oes)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        by_pk = {e.pk: e for e in einheiten}
        oe_by_pk = {o.pk: o for o in oes}
        try:
            akte = services.create_akte(
                user,
                aktenplaneinheit=by_pk.get(data["aktenplaneinheit"]),
                betreff=data["betreff"],
                beschreibung=data["beschreibung"],
                federfuehrende_oe=oe_by_pk.get(data["federfuehrende_oe"]),
                vertraulich=data["vertraulich"],
            )
        except DomainError as exc:
            apply_domain_error(request, form, exc)
        else:
            messages.success(request, f"Die Akte {akte.aktenzeichen} wurde angelegt.")
            return redirect("akten:akte", akte_id=akte.pk)
    return render(request, "records/akte_neu.html", {"form": form})


# --- one Akte ----------------------------------------------------------------------


def _akte_seite(request: HttpRequest, akte: Akte, status: int = 200, **forms) -> HttpResponse:
    user = request.user
    kontext = _einheit_und_oe(user, akte)
    eigen = kontext["eigen"]
    darf = akte.recht == Recht.BEARBEITEN and not akte.ist_zda
    oes = list(auswahl.oes_zur_auswahl(user)) if eigen else []
    if darf and "form" not in forms:
        forms["form"] = AkteForm(
            oes=oes,
            initial={
                "betreff": akte.betreff,
                "beschreibung": akte.beschreibung,
                "federfuehrende_oe": akte.federfuehrende_oe_id,
                "vertraulich": akte.vertraulich,
            },
        )
    if darf:
        forms.setdefault("vorgang_form", VorgangForm(prefix="neu"))
    if darf and services.may_close_zda(user, akte):
        forms.setdefault("zda_form", ZdaForm())
    darf_wiedereroeffnen = akte.ist_zda and eigen and user.has_rolle(Rolle.AMTSLEITUNG)
    if darf_wiedereroeffnen:
        forms.setdefault("reopen_form", ReopenForm())
    freigaben = services.freigaben_of(user, akte)
    if darf and eigen:
        forms.setdefault("freigabe_form", _freigabe_form(user))
    zugriffe = auswahl.zugriffsliste(user, akte) if akte.vertraulich else []
    if darf and eigen and akte.vertraulich:
        forms.setdefault("zugriff_form", _zugriff_form(user, zugriffe))
    with_events = timeline(akte_id=akte.pk, freigabe_ids=[f.pk for f in freigaben])
    return render(
        request,
        "records/akte.html",
        {
            **kontext,
            **forms,
            "akte": akte,
            "darf": darf,
            "vorgaenge": services.vorgaenge_liste(user, akte_id=akte.pk),
            "freigaben": freigaben,
            "zugriffe": zugriffe,
            "verlauf": _verlauf(with_events[:200]),
            "heute": timezone.localdate(),
        },
        status=status,
    )


@login_required
def akte(request: HttpRequest, akte_id: int) -> HttpResponse:
    """The Akte's page; POST saves its metadata."""
    user = request.user
    akte = _akte(request, akte_id)
    if request.method != "POST":
        return _akte_seite(request, akte)
    oes = list(auswahl.oes_zur_auswahl(user)) if akte.kommune_id == user.kommune_id else []
    form = AkteForm(request.POST, oes=oes)
    if not form.is_valid():
        return _akte_seite(request, akte, status=422, form=form)
    data = form.cleaned_data
    try:
        services.update_akte(
            user,
            akte,
            betreff=data["betreff"],
            beschreibung=data["beschreibung"],
            federfuehrende_oe={o.pk: o for o in oes}.get(data["federfuehrende_oe"]),
            vertraulich=data["vertraulich"] if oes else None,
        )
    except DomainError as exc:
        return _fehlerseite(
            request, exc, form, lambda status: _akte_seite(request, akte, status, form=form)
        )
    messages.success(request, "Die Akte wurde gespeichert.")
    return redirect("akten:akte", akte_id=akte.pk)


@login_required
@require_POST
def vorgang_neu(request: HttpRequest, akte_id: int) -> HttpResponse:
    akte = _akte(request, akte_id)
    form = VorgangForm(request.POST, prefix="neu")
    if not form.is_valid():
        return _akte_seite(request, akte, status=422, vorgang_form=form)
    data = form.cleaned_data
    try:
        vorgang = services.create_vorgang(
            request.user,
            akte,
            betreff=data["betreff"],
            beschreibung=data["beschreibung"],
            frist=data["frist"],
        )
    except DomainError as exc:
        return _fehlerseite(
            request, exc, form, lambda status: _akte_seite(request, akte, status, vorgang_form=form)
        )
    messages.success(request, f"Der Vorgang {vorgang.aktenzeichen} wurde angelegt.")
    return redirect("akten:vorgang", vorgang_id=vorgang.pk)


@login_required
@require_POST
def akte_zda(request: HttpRequest, akte_id: int) -> HttpResponse:
    akte = _akte(request, akte_id)
    form = ZdaForm(request.POST)
    try:
        services.close_akte_zda(request.user, akte, verfuegung=form.data.get("zda_verfuegung", ""))
    except DomainError as exc:
        form.is_valid()
        return _fehlerseite(
            request, exc, form, lambda status: _akte_seite(request, akte, status, zda_form=form)
        )
    messages.success(request, f"Die Akte {akte.aktenzeichen} ist zdA verfügt.")
    return redirect("akten:akte", akte_id=akte.pk)


@login_required
@require_POST
def akte_wiedereroeffnen(request: HttpRequest, akte_id: int) -> HttpResponse:
    akte = _akte(request, akte_id)
    form = ReopenForm(request.POST)
    try:
        services.reopen_akte(request.user, akte, grund=form.data.get("grund", ""))
    except DomainError as exc:
        form.is_valid()
        return _fehlerseite(
            request, exc, form, lambda status: _akte_seite(request, akte, status, reopen_form=form)
        )
    messages.success(request, f"Die Akte {akte.aktenzeichen} ist wieder geöffnet.")
    return redirect("akten:akte", akte_id=akte.pk)


def _zugriff_form(user, zugriffe, data=None) -> ZugriffForm:
    return ZugriffForm(
        data,
        personen=auswahl.personen_zur_auswahl(user),
        aktuell={z.user_id: z.recht for z in zugriffe},
        prefix="zugriff",
    )


@login_required
@require_POST
def akte_zugriff(request: HttpRequest, akte_id: int) -> HttpResponse:
    """Replace the access list of a vertrauliche Akte."""
    user = request.user
    akte = _akte(request, akte_id)
    form = _zugriff_form(user, auswahl.zugriffsliste(user, akte), request.POST)
    if not form.is_valid():
        return _akte_seite(request, akte, status=422, zugriff_form=form)
    try:
        services.set_akte_zugriff(user, akte, form.eintraege())
    except DomainError as exc:
        return _fehlerseite(
            request, exc, form, lambda status: _akte_seite(request, akte, status, zugriff_form=form)
        )
    messages.success(request, "Die Zugriffsliste wurde gespeichert.")
    return redirect("akten:akte", akte_id=akte.pk)


# --- Freigaben -------------------------------------------------------------------


def _freigabe_form(user, data=None, kommune_id=None):
    oes, personen = [], []
    if kommune_id:
        with contextlib.suppress(DomainError):
            _, oes, personen = auswahl.freigabe_empfaenger(user, kommune_id)
    form = FreigabeForm(
        data,
        kommunen=services.kommunen_fuer_freigabe(user),
        oes=oes,
        personen=personen,
        prefix="freigabe",
    )
    form.empfaenger = ({o.pk: o for o in oes}, {p.pk: p for p in personen})
    return form


def _kommune_id(daten) -> int:
    """The chosen receiving Kommune of the Freigabe form (0: none or not a valid id)."""
    return parse_ganzzahl(daten.get("freigabe-empfaenger_kommune"), minimum=1, maximum=MAX_ID) or 0


def _grant(request: HttpRequest, objekt, render_page) -> HttpResponse:
    user = request.user
    kommune_id = _kommune_id(request.POST)
    form = _freigabe_form(user, request.POST, kommune_id)
    if not form.is_valid():
        # Still 404 for what the user may not work on: the service decides that.
        return render_page(status=422, freigabe_form=form)
    data = form.cleaned_data
    oes, personen = form.empfaenger
    kommune = next(
        (k for k in services.kommunen_fuer_freigabe(user) if k.pk == data["empfaenger_kommune"]),
        None,
    )
    try:
        services.grant_freigabe(
            user,
            akte=objekt if isinstance(objekt, Akte) else None,
            vorgang=objekt if isinstance(objekt, Vorgang) else None,
            empfaenger_kommune=kommune,
            empfaenger_oe=oes.get(data["empfaenger_oe"]),
            empfaenger_user=personen.get(data["empfaenger_user"]),
            recht=data["recht"],
            gueltig_bis=data["gueltig_bis"],
            grund=data["grund"],
            vertretung_erlaubt=data["vertretung_erlaubt"],
        )
    except DomainError as exc:
        return _fehlerseite(
            request, exc, form, lambda status: render_page(status=status, freigabe_form=form)
        )
    messages.success(request, f"{objekt.aktenzeichen} ist für {kommune.name} freigegeben.")
    return None


@login_required
@require_POST
def akte_freigabe(request: HttpRequest, akte_id: int) -> HttpResponse:
    akte = _akte(request, akte_id)
    response = _grant(
        request, akte, lambda status, **forms: _akte_seite(request, akte, status, **forms)
    )
    return response or redirect("akten:akte", akte_id=akte.pk)


@login_required
@require_POST
def freigabe_widerrufen(request: HttpRequest, freigabe_id: int) -> HttpResponse:
    _kommune_user(request)
    user = request.user
    try:
        freigabe = services.get_freigabe(user, freigabe_id)
        services.revoke_freigabe(user, freigabe)
    except NotFound as exc:
        raise _404(exc) from exc
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, f"Die Freigabe an {freigabe.empfaenger_kommune.name} ist widerrufen."
        )
    if freigabe.akte_id:
        return redirect("akten:akte", akte_id=freigabe.akte_id)
    return redirect("akten:vorgang", vorgang_id=freigabe.vorgang_id)


@login_required
@require_GET
def freigabe_empfaenger(request: HttpRequest) -> HttpResponse:
    """The OE and person selects for the chosen Kommune (htmx fragment)."""
    _kommune_user(request)
    kommune_id = _kommune_id(request.GET)
    form = _freigabe_form(request.user, kommune_id=kommune_id)
    return render(request, "records/_freigabe_empfaenger.html", {"freigabe_form": form})


# --- one Vorgang ---------------------------------------------------------------------


def _vorgang_seite(
    request: HttpRequest, vorgang: Vorgang, status: int = 200, **forms
) -> HttpResponse:
    user = request.user
    akte = vorgang.akte
    eigen = vorgang.kommune_id == user.kommune_id
    gesperrt = vorgang.ist_zda or akte.ist_zda
    darf = vorgang.recht == Recht.BEARBEITEN and not gesperrt
    if darf:
        forms.setdefault(
            "form",
            VorgangForm(
                personen=auswahl.personen_zur_auswahl(user) if eigen else None,
                initial={
                    "betreff": vorgang.betreff,
                    "beschreibung": vorgang.beschreibung,
                    "frist": vorgang.frist,
                    "bearbeiter": vorgang.bearbeiter_id,
                },
            ),
        )
        if services.may_close_zda(user, vorgang):
            forms.setdefault("zda_form", ZdaForm())
        if eigen:
            forms.setdefault(
                "verschieben_form",
                VerschiebenForm(akten=auswahl.zielakten_zur_auswahl(user, vorgang)),
            )
            forms.setdefault("freigabe_form", _freigabe_form(user))
    darf_wiedereroeffnen = (
        vorgang.ist_zda and not akte.ist_zda and eigen and user.has_rolle(Rolle.AMTSLEITUNG)
    )
    if darf_wiedereroeffnen:
        forms.setdefault("reopen_form", ReopenForm())
    dokumente = services.dokumente_of(vorgang)
    freigaben = services.freigaben_of(user, vorgang)
    events = timeline(
        vorgang_id=vorgang.pk,
        dokument_ids=[d.pk for d in dokumente],
        version_ids=[v.pk for d in dokumente for v in d.versionen.all()],
        freigabe_ids=[f.pk for f in freigaben],
    )
    return render(
        request,
        "records/vorgang.html",
        {
            **_einheit_und_oe(user, akte),
            **forms,
            "akte": akte,
            "vorgang": vorgang,
            "darf": darf,
            "gesperrt": gesperrt,
            "dokumente": dokumente,
            "freigaben": freigaben,
            "verlauf": _verlauf(events[:200]),
            "typen": Dokumenttyp.choices,
            "richtungen": Richtung.choices,
            "heute": timezone.localdate(),
            "max_mb": max_upload_bytes() // (1024 * 1024),
        },
        status=status,
    )


@login_required
def vorgang(request: HttpRequest, vorgang_id: int) -> HttpResponse:
    """The Vorgang's page; POST saves its metadata."""
    user = request.user
    vorgang = _vorgang(request, vorgang_id)
    if request.method != "POST":
        return _vorgang_seite(request, vorgang)
    eigen = vorgang.kommune_id == user.kommune_id
    personen = list(auswahl.personen_zur_auswahl(user)) if eigen else None
    form = VorgangForm(request.POST, personen=personen)
    if not form.is_valid():
        return _vorgang_seite(request, vorgang, status=422, form=form)
    data = form.cleaned_data
    extra = {}
    if personen is not None:
        extra["bearbeiter"] = {p.pk: p for p in personen}.get(data["bearbeiter"])
    try:
        services.update_vorgang(
            user,
            vorgang,
            betreff=data["betreff"],
            beschreibung=data["beschreibung"],
            frist=data["frist"],
            **extra,
        )
    except DomainError as exc:
        return _fehlerseite(
            request, exc, form, lambda status: _vorgang_seite(request, vorgang, status, form=form)
        )
    messages.success(request, "Der Vorgang wurde gespeichert.")
    return redirect("akten:vorgang", vorgang_id=vorgang.pk)


def _datum(value: str):
    from django.utils.dateparse import parse_date

    try:
        return parse_date(value or "")
    except ValueError:
        return None


@login_required
@require_POST
def dokumente_hochladen(request: HttpRequest, vorgang_id: int) -> HttpResponse:
    """Several files at once; row `i` of the metadata belongs to the i-th file."""
    user = request.user
    vorgang = _vorgang(request, vorgang_id)
    dateien = []
    post = request.POST
    for index, datei in enumerate(request.FILES.getlist("dateien")):
        prefix = f"datei{index}-"
        dateien.append(
            services.NeueDatei(
                dateiname=raw_name(request, datei),
                inhalt=datei,
                titel=post.get(prefix + "titel", "").strip() or datei.name,
                typ=post.get(prefix + "typ") or Dokumenttyp.SONSTIGES,
                richtung=post.get(prefix + "richtung") or Richtung.EINGANG,
                datum=_datum(post.get(prefix + "datum", "")),
                absender=post.get(prefix + "absender", ""),
                empfaenger=post.get(prefix + "empfaenger", ""),
            )
        )
    try:
        neu = services.add_dokumente(user, vorgang, dateien)
    except NotFound as exc:
        raise _404(exc) from exc
    except DomainError as exc:
        messages.error(request, exc.message)
        upload_fehler = list(exc.errors.values()) if exc.errors else [exc.message]
        return _vorgang_seite(request, vorgang, status=exc.status, upload_fehler=upload_fehler)
    anzahl = len(neu)
    messages.success(
        request,
        f"{anzahl} {'Dokument wurde' if anzahl == 1 else 'Dokumente wurden'} hinzugefügt.",
    )
    return redirect("akten:vorgang", vorgang_id=vorgang.pk)


@login_required
@require_POST
def vorgang_verschieben(request: HttpRequest, vorgang_id: int) -> HttpResponse:
    user = request.user
    vorgang = _vorgang(request, vorgang_id)
    eigen = vorgang.kommune_id == user.kommune_id
    akten = auswahl.zielakten_zur_auswahl(user, vorgang) if eigen else []
    form = VerschiebenForm(request.POST, akten=akten)
    if not form.is_valid():
        return _vorgang_seite(request, vorgang, status=422, verschieben_form=form)
    alt = vorgang.aktenzeichen
    ziel = {a.pk: a for a in akten}[form.cleaned_data["ziel_akte"]]
    try:
        vorgang = services.move_vorgang(user, vorgang, ziel)
    except DomainError as exc:
        return _fehlerseite(
            request,
            exc,
            form,
            lambda status: _vorgang_seite(request, vorgang, status, verschieben_form=form),
        )
    messages.success(
        request,
        f"Der Vorgang {alt} liegt jetzt in der Akte {ziel.aktenzeichen}: {vorgang.aktenzeichen}.",
    )
    return redirect("akten:vorgang", vorgang_id=vorgang.pk)


@login_required
@require_POST
def vorgang_zda(request: HttpRequest, vorgang_id: int) -> HttpResponse:
    vorgang = _vorgang(request, vorgang_id)
    form = ZdaForm(request.POST)
    try:
        services.close_vorgang_zda(
            request.user, vorgang, verfuegung=form.data.get("zda_verfuegung", "")
        )
    except DomainError as exc:
        form.is_valid()
        return _fehlerseite(
            request,
            exc,
            form,
            lambda status: _vorgang_seite(request, vorgang, status, zda_form=form),
        )
    messages.success(request, f"Der Vorgang {vorgang.aktenzeichen} ist zdA verfügt.")
    return redirect("akten:vorgang", vorgang_id=vorgang.pk)


@login_required
@require_POST
def vorgang_wiedereroeffnen(request: HttpRequest, vorgang_id: int) -> HttpResponse:
    vorgang = _vorgang(request, vorgang_id)
    form = ReopenForm(request.POST)
    try:
        services.reopen_vorgang(request.user, vorgang, grund=form.data.get("grund", ""))
    except DomainError as exc:
        form.is_valid()
        return _fehlerseite(
            request,
            exc,
            form,
            lambda status: _vorgang_seite(request, vorgang, status, reopen_form=form),
        )
    messages.success(request, f"Der Vorgang {vorgang.aktenzeichen} ist wieder geöffnet.")
    return redirect("akten:vorgang", vorgang_id=vorgang.pk)


@login_required
@require_POST
def vorgang_freigabe(request: HttpRequest, vorgang_id: int) -> HttpResponse:
    vorgang = _vorgang(request, vorgang_id)
    response = _grant(
        request,
        vorgang,
        lambda status, **forms: _vorgang_seite(request, vorgang, status, **forms),
    )
    return response or redirect("akten:vorgang", vorgang_id=vorgang.pk)


# --- one Dokument and its Versionen ------------------------------------------------


def _dokument_seite(request: HttpRequest, dokument, status: int = 200, **forms) -> HttpResponse:
    user = request.user
    vorgang = dokument.vorgang
    akte = vorgang.akte
    gesperrt = vorgang.ist_zda or akte.ist_zda
    darf = vorgang.recht == Recht.BEARBEITEN and not gesperrt
    if darf:
        forms.setdefault(
            "form",
            DokumentForm(
                initial={
                    "titel": dokument.titel,
                    "typ": dokument.typ,
                    "richtung": dokument.richtung,
                    "absender": dokument.absender,
                    "empfaenger": dokument.empfaenger,
                    "datum": dokument.datum,
                }
            ),
        )
        forms.setdefault("version_form", VersionForm())
    versionen = list(dokument.versionen.select_related("erstellt_von").order_by("-nummer"))
    neueste = versionen[0] if versionen else None
    return render(
        request,
        "records/dokument.html",
        {
            **_einheit_und_oe(user, akte),
            **forms,
            "akte": akte,
            "vorgang": vorgang,
            "dokument": dokument,
            "versionen": versionen,
            "bild": neueste
            if neueste and neueste.mime_type.startswith("image/") and neueste.mime_type in VORSCHAU
            else None,
            "vorschau_typen": VORSCHAU,
            "darf": darf,
            "gesperrt": gesperrt,
        },
        status=status,
    )


@login_required
def dokument(request: HttpRequest, dokument_id: int) -> HttpResponse:
    """The Dokument's page; POST saves its metadata."""
    dokument = _dokument(request, dokument_id)
    if request.method != "POST":
        return _dokument_seite(request, dokument)
    form = DokumentForm(request.POST)
    if not form.is_valid():
        return _dokument_seite(request, dokument, status=422, form=form)
    try:
        services.update_dokument(request.user, dokument, **form.cleaned_data)
    except DomainError as exc:
        return _fehlerseite(
            request, exc, form, lambda status: _dokument_seite(request, dokument, status, form=form)
        )
    messages.success(request, "Das Dokument wurde gespeichert.")
    return redirect("akten:dokument", dokument_id=dokument.pk)


@login_required
@require_POST
def version_hochladen(request: HttpRequest, dokument_id: int) -> HttpResponse:
    dokument = _dokument(request, dokument_id)
    form = VersionForm(request.POST, request.FILES)
    if not form.is_valid():
        return _dokument_seite(request, dokument, status=422, version_form=form)
    datei = form.cleaned_data["datei"]
    try:
        version = services.add_version(
            request.user,
            dokument,
            dateiname=raw_name(request, datei),
            inhalt=datei,
            kommentar=form.cleaned_data["kommentar"],
        )
    except DomainError as exc:
        return _fehlerseite(
            request,
            exc,
            form,
            lambda status: _dokument_seite(request, dokument, status, version_form=form),
        )
    messages.success(request, f"Version {version.nummer} wurde hochgeladen.")
    return redirect("akten:dokument", dokument_id=dokument.pk)


def _datei(request: HttpRequest, version_id: int, *, vorschau: bool) -> FileResponse:
    _kommune_user(request)
    try:
        version = services.get_version(request.user, version_id)
        version, stream = services.open_version(request.user, version, vorschau=vorschau)
    except NotFound as exc:
        raise _404(exc) from exc
    inline = vorschau and version.mime_type in VORSCHAU
    return datei_antwort(
        stream,
        dateiname=version.dateiname,
        mime_type=version.mime_type if inline else "application/octet-stream",
        inline=inline,
    )


@login_required
@require_GET
def version_herunterladen(request: HttpRequest, version_id: int) -> FileResponse:
    return _datei(request, version_id, vorschau=False)


@login_required
@require_GET
def version_vorschau(request: HttpRequest, version_id: int) -> FileResponse:
    return _datei(request, version_id, vorschau=True)


# --- Aktenzeichen pattern -----------------------------------------------------------


@login_required
def aktenzeichen_einstellungen(request: HttpRequest) -> HttpResponse:
    """Kommune-Admin and Registratur set the Kommune's Aktenzeichen pattern."""
    _kommune_user(request)
    user = request.user
    if not services.is_kommune_registratur(user):
        raise Http404("Nicht gefunden.")
    regel = services.regel_of(user.kommune_id)
    form = AktenzeichenregelForm(
        request.POST or None,
        initial={"muster": regel.muster, "laufnr_stellen": regel.laufnr_stellen},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                regel = services.set_aktenzeichenregel(user, **form.cleaned_data)
            except DomainError as exc:
                apply_domain_error(request, form, exc)
                status = exc.status
            else:
                messages.success(request, "Das Aktenzeichenmuster wurde gespeichert.")
                return redirect("akten:aktenzeichen")
        else:
            status = 422
    return render(
        request,
        "records/aktenzeichen.html",
        {
            "form": form,
            "regel": regel,
            "beispiel": beispiel(regel.muster, regel.laufnr_stellen),
        },
        status=status,
    )


@login_required
@require_GET
def aktenzeichen_beispiel(request: HttpRequest) -> HttpResponse:
    """How an Aktenzeichen under the typed pattern would look (htmx fragment)."""
    _kommune_user(request)
    if not services.is_kommune_registratur(request.user):
        raise Http404("Nicht gefunden.")
    muster = request.GET.get("muster", "")
    stellen = parse_ganzzahl(request.GET.get("laufnr_stellen"), minimum=1, maximum=8) or 1
    problem = validate_muster(muster.strip())
    return render(
        request,
        "records/_aktenzeichen_beispiel.html",
        {"problem": problem, "beispiel": None if problem else beispiel(muster.strip(), stellen)},
    )
