"""Forms of the Posteingang pages (input shape only; rules live in services)."""

from __future__ import annotations

from django import forms

from aktenbund.capture.models import Quelle, Status


class MehrereDateienInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MehrereDateienField(forms.FileField):
    widget = MehrereDateienInput

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else single(data, initial)


def _oe_choices(postfaecher) -> list[tuple[str, str]]:
    return [
        ("" if oe is None else str(oe.pk), "Posteingang der Registratur" if oe is None else str(oe))
        for oe in postfaecher
    ]


class UploadForm(forms.Form):
    dateien = MehrereDateienField(
        label="Dateien",
        help_text="Mehrere Dateien auf einmal möglich: PDF, Bilder (TIFF, JPEG, PNG), "
        "E-Mails (.eml, .msg), Office- und Textdateien.",
    )
    oe = forms.ChoiceField(label="Posteingang", required=False)
    zusammen = forms.BooleanField(
        label="Alle Dateien als einen Eingang erfassen (z. B. Brief mit Anlagen)", required=False
    )

    def __init__(self, *args, postfaecher=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["oe"].choices = _oe_choices(postfaecher)

    def oe_id(self) -> int | None:
        value = self.cleaned_data.get("oe")
        return int(value) if value else None


class FilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "alle offenen"), *Status.choices],
    )
    quelle = forms.ChoiceField(
        label="Quelle", required=False, choices=[("", "alle"), *Quelle.choices]
    )
    oe = forms.ChoiceField(label="Posteingang", required=False)

    def __init__(self, *args, postfaecher=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["oe"].choices = [("", "alle")] + [
            (c, label) for c, label in _oe_choices(postfaecher) if c
        ]


class ZuordnenForm(forms.Form):
    vorgang = forms.ChoiceField(label="Vorgang")

    def __init__(self, *args, vorgaenge=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vorgang"].choices = [("", "– bitte wählen –")] + [
            (str(v.pk), f"{v.aktenzeichen} {v.betreff}") for v in vorgaenge
        ]


class NeuerVorgangForm(forms.Form):
    akte = forms.ChoiceField(label="Akte")
    betreff = forms.CharField(label="Betreff des Vorgangs", max_length=300, required=False)

    def __init__(self, *args, akten=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["akte"].choices = [("", "– bitte wählen –")] + [
            (str(a.pk), f"{a.aktenzeichen} {a.betreff}") for a in akten
        ]


class WeiterleitenForm(forms.Form):
    oe = forms.ChoiceField(label="An Organisationseinheit")

    def __init__(self, *args, oes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["oe"].choices = [("", "Posteingang der Registratur")] + [
            (str(oe.pk), str(oe)) for oe in oes
        ]
