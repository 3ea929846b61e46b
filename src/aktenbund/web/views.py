"""Sign-in, start page and the user's own account."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from aktenbund.errors import DomainError
from aktenbund.tenancy import services as tenancy
from aktenbund.tenancy.models import ApiToken, Kommune, Rolle
from aktenbund.web.forms import apply_domain_error


class AnmeldeForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Benutzername oder Passwort ist falsch.",
        "inactive": "Dieses Konto ist deaktiviert.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Benutzername"
        self.fields["password"].label = "Passwort"


class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    authentication_form = AnmeldeForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]


@login_required
def start(request: HttpRequest) -> HttpResponse:
    user = request.user
    context: dict = {}
    if user.is_verbund_admin:
        context["kommunen"] = Kommune.objects.all()
    else:
        context["user_rollen"] = [Rolle(r).label for r in sorted(user.rollen())]
        context["vertretungen"] = tenancy.vertretungen_fuer(user).select_related(
            "vertretene_person"
        )
        if user.kommune_id:
            from aktenbund.records import services as records

            context["meine_vorgaenge"] = list(records.meine_vorgaenge(user)[:20])
            context["zuletzt_bearbeitet"] = records.zuletzt_bearbeitet(user)
            context["fuer_uns"] = records.fuer_uns_freigegeben(user)
        context["meine_vertretung"] = tenancy.vertretungen_von(user).select_related("vertreter")
    return render(request, "web/start.html", context)


class PasswortForm(forms.Form):
    old_password = forms.CharField(label="Bisheriges Passwort", widget=forms.PasswordInput)
    new_password = forms.CharField(
        label="Neues Passwort",
        widget=forms.PasswordInput,
        help_text="Mindestens 10 Zeichen, nicht nur Ziffern, kein gängiges Passwort.",
    )
    new_password_repeat = forms.CharField(
        label="Neues Passwort wiederholen", widget=forms.PasswordInput
    )

    def clean(self):
        data = super().clean()
        if data.get("new_password") != data.get("new_password_repeat"):
            self.add_error("new_password_repeat", "Die Passwörter stimmen nicht überein.")
        return data


@login_required
def passwort_aendern(request: HttpRequest) -> HttpResponse:
    form = PasswortForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            tenancy.change_own_password(
                request.user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password"],
            )
        except DomainError as exc:
            apply_domain_error(request, form, exc)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, "Ihr Passwort wurde geändert.")
            return redirect("web:start")
    return render(request, "web/passwort.html", {"form": form})


class TokenForm(forms.Form):
    name = forms.CharField(label="Bezeichnung", max_length=100, initial="API-Token")


@login_required
def konto(request: HttpRequest) -> HttpResponse:
    tokens = ApiToken.objects.filter(user=request.user)
    return render(request, "web/konto.html", {"tokens": tokens, "form": TokenForm()})


@login_required
@require_POST
def token_erstellen(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST)
    if not form.is_valid():
        tokens = ApiToken.objects.filter(user=request.user)
        return render(request, "web/konto.html", {"tokens": tokens, "form": form}, status=400)
    try:
        token, plaintext = tenancy.create_api_token(request.user, form.cleaned_data["name"])
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("web:konto")
    tokens = ApiToken.objects.filter(user=request.user)
    return render(
        request,
        "web/konto.html",
        {"tokens": tokens, "form": TokenForm(), "neues_token": plaintext, "neu": token},
    )


@login_required
@require_POST
def token_widerrufen(request: HttpRequest, apitoken_id: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=apitoken_id, user=request.user)
    tenancy.revoke_api_token(request.user, token)
    messages.success(request, f"Das Token „{token.name}“ wurde widerrufen.")
    return redirect("web:konto")


def not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "web/404.html", status=404)


def forbidden(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "web/403.html", status=403)
