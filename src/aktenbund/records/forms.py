"""Forms of the Aktenplan pages (input shape only; rules live in services)."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from aktenbund.records.aktenplan_io import FORMATE
from aktenbund.records.models import FRIST_MAX_JAHRE, Aussonderungsart
from aktenbund.web.forms import DateInput


class AktenplanFilterForm(forms.Form):
    kennzeichen = forms.CharField(label="Kennzeichen beginnt mit", max_length=40, required=False)
    geschlossene = forms.BooleanField(label="Geschlossene Einheiten anzeigen", required=False)


class AktenplaneinheitForm(forms.Form):
    """A node's content; `mit_kennzeichen` adds the Kennzeichen for new nodes."""

    kennzeichen = forms.CharField(label="Kennzeichen", max_length=40)
    titel = forms.CharField(label="Titel", max_length=200)
    beschreibung = forms.CharField(
        label="Beschreibung",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    aufbewahrungsfrist = forms.IntegerField(
        label="Aufbewahrungsfrist (Jahre)",
        min_value=1,
        max_value=FRIST_MAX_JAHRE,
        required=False,
        help_text="Jahre nach zdA. Leer lassen, wenn „dauernd aufbewahren“ angekreuzt ist.",
    )
    dauernd = forms.BooleanField(label="dauernd aufbewahren", required=False)
    aussonderungsart = forms.ChoiceField(
        label="Aussonderungsart",
        choices=[(value, f"{value} – {label}") for value, label in Aussonderungsart.choices],
    )
    gueltig_ab = forms.DateField(label="gültig ab", widget=DateInput())

    def __init__(self, *args, mit_kennzeichen: bool = True, kennzeichen_hilfe: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if not mit_kennzeichen:
            del self.fields["kennzeichen"]
        elif kennzeichen_hilfe:
            self.fields["kennzeichen"].help_text = kennzeichen_hilfe
        self.fields["gueltig_ab"].initial = timezone.localdate()

    def clean(self):
        data = super().clean()
        frist, dauernd = data.get("aufbewahrungsfrist"), data.get("dauernd")
        if dauernd and frist is not None:
            self.add_error(
                "aufbewahrungsfrist",
                "Entweder eine Frist in Jahren oder „dauernd aufbewahren“, nicht beides.",
            )
        elif not dauernd and frist is None and "aufbewahrungsfrist" not in self.errors:
            self.add_error(
                "aufbewahrungsfrist",
                "Bitte eine Frist in Jahren angeben oder „dauernd aufbewahren“ ankreuzen.",
            )
        return data

    def service_values(self) -> dict:
        """The cleaned data as the services take it (Frist None = dauernd)."""
        data = dict(self.cleaned_data)
        if data.pop("dauernd"):
            data["aufbewahrungsfrist"] = None
        return data


class SchliessenForm(forms.Form):
    gueltig_bis = forms.DateField(
        label="Letzter gültiger Tag",
        widget=DateInput(),
        help_text="Ab dem Folgetag kann nichts mehr unter dieser Einheit abgelegt werden.",
    )


class ImportForm(forms.Form):
    datei = forms.FileField(
        label="Datei",
        help_text="CSV (Semikolon, UTF-8) oder xlsx, höchstens 5 MB.",
    )
    format = forms.ChoiceField(
        label="Format", choices=[(f, f.upper()) for f in FORMATE], initial="csv"
    )
