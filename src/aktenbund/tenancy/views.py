"""Administration pages: Kommunen (Verbund), OEs, users, Vertretungen,
Supportfreigaben, Protokoll."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from aktenbund.audit.models import AuditEvent
from aktenbund.errors import DomainError, NotFound, PermissionDenied
from aktenbund.tenancy import protokoll as protokoll_service
from aktenbund.tenancy import services, supportfreigaben
from aktenbund.tenancy.forms import (
    BenutzerForm,
    KommuneEditForm,
    KommuneForm,
    OrganisationseinheitForm,
    SupportfreigabeForm,
    VertretungForm,
)
from aktenbund.tenancy.models import Kommune, Organisationseinheit, Rolle, User, Vertretung
from aktenbund.tenancy.scope import kommune_scope
from aktenbund.web.forms import apply_domain_error


def _verbund_admin(request: HttpRequest) -> None:
    try:
        services.require_verbund_admin(request.user)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _kommune_admin(request: HttpRequest) -> Kommune:
    """The Kommune the signed-in Kommune-Admin administers (404 for everyone else)."""
    user = request.user
    if user.kommune_id is None or not user.is_kommune_admin:
        raise Http404("Nicht gefunden.")
    return user.kommune


def _kommune_of_verbund(request: HttpRequest, kommune_id: int) -> Kommune:
    _verbund_admin(request)
    kommune = Kommune.objects.filter(pk=kommune_id).first()
    if kommune is None:
        raise Http404("Diese Kommune gibt es nicht.")
    return kommune


# --- Verbund: Kommunen ----------------------------------------------------


@login_required
def kommunen(request: HttpRequest) -> HttpResponse:
    _verbund_admin(request)
    form = KommuneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            kommune = services.create_kommune(request.user, **form.cleaned_data)
        except DomainError as exc:
            apply_domain_error(request, form, exc)
        else:
            messages.success(request, f"Die Kommune {kommune.name} wurde angelegt.")
            return redirect("tenancy:kommune", kommune_id=kommune.pk)
    liste = Kommune.objects.all()
    return render(request, "tenancy/kommunen.html", {"kommunen": liste, "form": form})


@login_required
def kommune(request: HttpRequest, kommune_id: int) -> HttpResponse:
    obj = _kommune_of_verbund(request, kommune_id)
    edit_form = KommuneEditForm(
        request.POST if request.POST.get("aktion") == "aendern" else None,
        initial={"name": obj.name, "einwohner": obj.einwohner, "ist_stadt": obj.ist_stadt},
    )
    # Without the Kommune's Supportfreigabe only its first Kommune-Admin (DESIGN §4).
    support = supportfreigaben.aktive_supportfreigabe(obj.pk)
    erste_administration = not services.has_kommune_admin(obj.pk)
    with services.verbund_access(request.user, obj):
        admin_form = BenutzerForm(
            request.POST if request.POST.get("aktion") == "admin" else None,
            kommune_id=obj.pk,
            erste_administration=support is None,
            initial={"rollen": [Rolle.KOMMUNE_ADMIN]},
        )
        if request.method == "POST":
            try:
                if request.POST.get("aktion") == "aendern" and edit_form.is_valid():
                    services.update_kommune(request.user, obj, **edit_form.cleaned_data)
                    messages.success(request, "Die Kommune wurde geändert.")
                    return redirect("tenancy:kommune", kommune_id=obj.pk)
                if request.POST.get("aktion") == "admin" and admin_form.is_valid():
                    data = admin_form.cleaned_data
                    user, password = services.create_user(
                        request.user,
                        obj,
                        username=data["username"],
                        first_name=data["first_name"],
                        last_name=data["last_name"],
                        email=data["email"],
                        rollen=data.get("rollen") or [Rolle.KOMMUNE_ADMIN],
                        organisationseinheit_ids=[
                            oe.pk for oe in data.get("organisationseinheiten", [])
                        ],
                    )
                    return render(
                        request,
                        "tenancy/passwort_vergeben.html",
                        {"person": user, "passwort": password, "zurueck": request.path},
                    )
            except DomainError as exc:
                target = edit_form if request.POST.get("aktion") == "aendern" else admin_form
                apply_domain_error(request, target, exc)
        personen = obj.benutzer.all() if support else _kommune_admins(obj)
        benutzer = [(u, sorted(Rolle(r).label for r in u.rollen())) for u in personen]
    return render(
        request,
        "tenancy/kommune.html",
        {
            "kommune": obj,
            "edit_form": edit_form,
            "admin_form": admin_form,
            "benutzer": benutzer,
            "support": support,
            "erste_administration": erste_administration,
        },
    )


def _kommune_admins(kommune: Kommune) -> list[User]:
    """Whom the Verbund administration may name without a Supportfreigabe: the
    Kommune-Admins (to know whom to ask for one)."""
    return [u for u in kommune.benutzer.all() if u.is_kommune_admin]


# --- Kommune: Organisationseinheiten --------------------------------------


@login_required
def oe_liste(request: HttpRequest) -> HttpResponse:
    kommune = _kommune_admin(request)
    form = OrganisationseinheitForm(request.POST or None, kommune_id=kommune.pk)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            oe = services.create_organisationseinheit(
                request.user,
                kommune,
                name=data["name"],
                kurzzeichen=data["kurzzeichen"],
                parent=data["parent"],
            )
        except DomainError as exc:
            apply_domain_error(request, form, exc)
        else:
            messages.success(request, f"Die Einheit {oe} wurde angelegt.")
            return redirect("tenancy:oe_liste")
    baum = services.oe_tree(kommune.pk)
    return render(request, "tenancy/oe_liste.html", {"baum": baum, "form": form})


@login_required
def oe_detail(request: HttpRequest, organisationseinheit_id: int) -> HttpResponse:
    kommune = _kommune_admin(request)
    oe = Organisationseinheit.objects.filter(pk=organisationseinheit_id).first()
    if oe is None:
        raise Http404("Diese Organisationseinheit gibt es nicht.")
    form = OrganisationseinheitForm(
        request.POST or None,
        kommune_id=kommune.pk,
        exclude_pk=oe.pk,
        initial={
            "name": oe.name,
            "kurzzeichen": oe.kurzzeichen,
            "parent": oe.parent,
            "aktiv": oe.aktiv,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_organisationseinheit(request.user, oe, **form.cleaned_data)
        except DomainError as exc:
            apply_domain_error(request, form, exc)
        else:
            messages.success(request, "Die Organisationseinheit wurde gespeichert.")
            return redirect("tenancy:oe_liste")
    mitglieder = User.objects.filter(mitgliedschaften__organisationseinheit=oe)
    return render(
        request, "tenancy/oe_detail.html", {"oe": oe, "form": form, "mitglieder": mitglieder}
    )


# --- Kommune: Benutzer ----------------------------------------------------


@login_required
def benutzer_liste(request: HttpRequest) -> HttpResponse:
    kommune = _kommune_admin(request)
    form = BenutzerForm(request.POST or None, kommune_id=kommune.pk)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user, password = services.create_user(
                request.user,
                kommune,
                username=data["username"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                rollen=data["rollen"],
                organisationseinheit_ids=[oe.pk for oe in data["organisationseinheiten"]],
            )
        except DomainError as exc:
            apply_domain_error(request, form, exc)
        else:
            return render(
                request,
                "tenancy/passwort_vergeben.html",
                {"person": user, "passwort": password, "zurueck": request.path},
            )
    personen = [
        (u, sorted(Rolle(r).label for r in u.rollen()))
        for u in services.users_of(request.user, kommune.pk)
    ]
    return render(request, "tenancy/benutzer_liste.html", {"personen": personen, "form": form})


def _person(request: HttpRequest, user_id: int) -> User:
    try:
        return services.get_user(request.user, user_id)
    except PermissionDenied as exc:
        if request.user.is_verbund_admin:  # without a Supportfreigabe: say why
            raise DjangoPermissionDenied(exc.message) from exc
        raise Http404(exc.message) from exc
    except DomainError as exc:
        raise Http404(exc.message) from exc


@login_required
def benutzer_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    person = _person(request, user_id)
    scope = (
        services.verbund_access(request.user, person.kommune)
        if request.user.is_verbund_admin
        else kommune_scope(person.kommune_id)
    )
    with scope:
        initial = {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "email": person.email,
            "rollen": sorted(person.rollen()),
            "organisationseinheiten": list(person.organisationseinheiten.all()),
        }
        form = BenutzerForm(
            request.POST or None, kommune_id=person.kommune_id, edit=True, initial=initial
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.update_user(
                    request.user,
                    person,
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    email=data["email"],
                    rollen=data["rollen"],
                    organisationseinheit_ids=[oe.pk for oe in data["organisationseinheiten"]],
                )
            except DomainError as exc:
                apply_domain_error(request, form, exc)
            else:
                messages.success(request, f"{person} wurde gespeichert.")
                return redirect("tenancy:benutzer_detail", user_id=person.pk)
        return render(request, "tenancy/benutzer_detail.html", {"person": person, "form": form})


@login_required
@require_POST
def benutzer_aktiv(request: HttpRequest, user_id: int) -> HttpResponse:
    person = _person(request, user_id)
    active = request.POST.get("aktiv") == "1"
    try:
        services.set_user_active(request.user, person, active=active)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{person} wurde {'aktiviert' if active else 'deaktiviert'}.")
    return redirect("tenancy:benutzer_detail", user_id=person.pk)


@login_required
@require_POST
def benutzer_passwort(request: HttpRequest, user_id: int) -> HttpResponse:
    person = _person(request, user_id)
    try:
        password = services.reset_password(request.user, person)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("tenancy:benutzer_detail", user_id=person.pk)
    return render(
        request,
        "tenancy/passwort_vergeben.html",
        {
            "person": person,
            "passwort": password,
            "zurueck": reverse("tenancy:benutzer_detail", kwargs={"user_id": person.pk}),
        },
    )


# --- Vertretungen ---------------------------------------------------------


@login_required
def vertretungen(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.kommune_id is None:
        raise Http404("Nicht gefunden.")
    form = VertretungForm(
        request.POST or None, kommune_id=user.kommune_id, initial={"vertretene_person": user}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.create_vertretung(user, **form.cleaned_data)
        except DomainError as exc:
            apply_domain_error(request, form, exc)
        else:
            messages.success(request, "Die Vertretung wurde eingetragen.")
            return redirect("tenancy:vertretungen")
    liste = Vertretung.objects.select_related("vertretene_person", "vertreter")
    return render(request, "tenancy/vertretungen.html", {"vertretungen": liste, "form": form})


@login_required
@require_POST
def vertretung_beenden(request: HttpRequest, vertretung_id: int) -> HttpResponse:
    vertretung = Vertretung.objects.filter(pk=vertretung_id).first()
    if vertretung is None:
        raise Http404("Diese Vertretung gibt es nicht.")
    try:
        services.end_vertretung(request.user, vertretung, bis=timezone.localdate())
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Die Vertretung endet heute.")
    return redirect("tenancy:vertretungen")


# --- Supportfreigaben -----------------------------------------------------


@login_required
def supportfreigaben_liste(request: HttpRequest) -> HttpResponse:
    kommune = _kommune_admin(request)
    form = SupportfreigabeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            supportfreigaben.grant_supportfreigabe(request.user, **form.cleaned_data)
        except DomainError as exc:
            apply_domain_error(request, form, exc)
        else:
            messages.success(request, "Die Verbund-Administration hat jetzt eine Supportfreigabe.")
            return redirect("tenancy:supportfreigaben")
    liste = supportfreigaben.supportfreigaben_of(request.user, kommune.pk).select_related(
        "erteilt_von", "widerrufen_von"
    )
    return render(
        request,
        "tenancy/supportfreigaben.html",
        {
            "supportfreigaben": liste,
            "form": form,
            "heute": timezone.localdate(),
            "max_tage": supportfreigaben.max_tage(),
        },
    )


@login_required
@require_POST
def supportfreigabe_widerrufen(request: HttpRequest, supportfreigabe_id: int) -> HttpResponse:
    try:
        freigabe = supportfreigaben.get_supportfreigabe(request.user, supportfreigabe_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    try:
        supportfreigaben.revoke_supportfreigabe(request.user, freigabe)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Die Supportfreigabe ist widerrufen.")
    return redirect("tenancy:supportfreigaben")


# --- Protokoll ------------------------------------------------------------


@login_required
def protokoll(request: HttpRequest) -> HttpResponse:
    _kommune_admin(request)
    events = AuditEvent.objects.select_related("actor").order_by("-seq")
    page = Paginator(events, 50).get_page(request.GET.get("seite"))
    eintraege = protokoll_service.eintraege_fuer(request.user, page.object_list)
    return render(request, "tenancy/protokoll.html", {"seite": page, "eintraege": eintraege})
