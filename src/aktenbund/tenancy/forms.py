"""Forms of the administration pages (input shape only; rules live in services)."""

from __future__ import annotations

from django import forms
from django.conf import settings

from aktenbund.tenancy.models import Organisationseinheit, Rolle, User
from aktenbund.web.forms import DateInput


class KommuneForm(forms.Form):
    name = forms.CharField(label="Name", max_length=200)
    ags = forms.CharField(
        label="Amtlicher Gemeindeschlüssel (AGS)",
        max_length=8,
        help_text="8 Ziffern, z. B. 06636007",
    )
    einwohner = forms.IntegerField(label="Einwohner", min_value=0)
    ist_stadt = forms.BooleanField(label="Stadt", required=False)


class KommuneEditForm(KommuneForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["ags"]


class OrganisationseinheitForm(forms.Form):
    name = forms.CharField(label="Bezeichnung", max_length=200)
    kurzzeichen = forms.CharField(label="Kurzzeichen", max_length=20)
    parent = forms.ModelChoiceField(
        label="Übergeordnete Einheit",
        queryset=Organisationseinheit.objects.none(),
        required=False,
        empty_label="– keine (oberste Ebene) –",
    )
    aktiv = forms.BooleanField(label="aktiv", required=False, initial=True)

    def __init__(self, *args, kommune_id: int, exclude_pk: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = Organisationseinheit.objects.filter(kommune_id=kommune_id, aktiv=True)
        if exclude_pk:
            qs = qs.exclude(pk=exclude_pk)
        self.fields["parent"].queryset = qs


class BenutzerForm(forms.Form):
    username = forms.CharField(label="Benutzername", max_length=150)
    first_name = forms.CharField(label="Vorname", max_length=150, required=False)
    last_name = forms.CharField(label="Nachname", max_length=150, required=False)
    email = forms.EmailField(label="E-Mail", required=False)
    rollen = forms.MultipleChoiceField(
        label="Rollen", choices=Rolle.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    organisationseinheiten = forms.ModelMultipleChoiceField(
        label="Organisationseinheiten",
        queryset=Organisationseinheit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(
        self,
        *args,
        kommune_id: int,
        edit: bool = False,
        erste_administration: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["organisationseinheiten"].queryset = Organisationseinheit.objects.filter(
            kommune_id=kommune_id, aktiv=True
        )
        if edit:
            del self.fields["username"]
        if erste_administration:
            # The Verbund administration appoints a Kommune-Admin and nothing more.
            del self.fields["rollen"]
            del self.fields["organisationseinheiten"]


class SupportfreigabeForm(forms.Form):
    gueltig_bis = forms.DateField(
        label="gültig bis einschließlich", widget=DateInput(), help_text="gilt ab sofort"
    )
    grund = forms.CharField(label="Anlass", max_length=300, required=False)


class VertretungForm(forms.Form):
    vertretene_person = forms.ModelChoiceField(
        label="Vertretene Person", queryset=User.objects.none()
    )
    vertreter = forms.ModelChoiceField(label="Vertretung durch", queryset=User.objects.none())
    von = forms.DateField(label="von", widget=DateInput(), help_text="heute oder später")
    bis = forms.DateField(label="bis", widget=DateInput())
    grund = forms.CharField(label="Grund", max_length=200, required=False)

    def __init__(self, *args, kommune_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        people = User.objects.filter(kommune_id=kommune_id, is_active=True)
        self.fields["bis"].help_text = f"höchstens {settings.AKTENBUND_VERTRETUNG_MAX_TAGE} Tage"
        self.fields["vertretene_person"].queryset = people
        self.fields["vertreter"].queryset = people
