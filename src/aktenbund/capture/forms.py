"""Forms of the Posteingang pages (input shape only; rules live in services)."""

from __future__ import annotations

from django import forms

from aktenbund.capture.models import Quelle, Status
from aktenbund.web.forms import GanzzahlFeld


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
    vorgang = forms.ChoiceField(
        label="Gleich ablegen in Vorgang",
        required=False,
        help_text="Optional: jede Datei wird nach der Verarbeitung (Prüfung, Texterkennung, "
        "PDF/A) als Dokument in diesen Vorgang abgelegt.",
    )

    def __init__(self, *args, postfaecher=(), vorgaenge=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["oe"].choices = _oe_choices(postfaecher)
        self.fields["vorgang"].choices = [("", "– nicht ablegen, im Posteingang lassen –")] + [
            (str(v.pk), f"{v.aktenzeichen} {v.betreff}") for v in vorgaenge
        ]

    def oe_id(self) -> int | None:
        value = self.cleaned_data.get("oe")
        return int(value) if value else None

    def vorgang_id(self) -> int | None:
        value = self.cleaned_data.get("vorgang")
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


class MailkontoForm(forms.Form):
    """A Mailkonto's settings; the password is write-only (never rendered back)."""

    bezeichnung = forms.CharField(label="Bezeichnung", max_length=100)
    oe = forms.ChoiceField(label="Posteingang (Ziel)", required=False)
    host = forms.CharField(label="IMAP-Server", max_length=200, help_text="z. B. imap.kommune.de")
    port = GanzzahlFeld(
        label="Port",
        min_value=1,
        max_value=65535,
        initial=993,
        help_text="Üblich: 993 für SSL/TLS, 143 für STARTTLS.",
    )
    verschluesselung = forms.ChoiceField(
        label="Verschlüsselung",
        choices=[("ssl", "SSL/TLS"), ("starttls", "STARTTLS"), ("keine", "keine (nur lokal)")],
        initial="ssl",
    )
    benutzer = forms.CharField(label="Benutzername", max_length=200)
    passwort = forms.CharField(
        label="Passwort",
        max_length=500,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
    )
    ordner = forms.CharField(label="Ordner", max_length=200, initial="INBOX")
    aktiv = forms.BooleanField(
        label="aktiv (wird regelmäßig abgerufen)", required=False, initial=True
    )

    def __init__(self, *args, oes=(), neu: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["oe"].choices = [("", "Posteingang der Registratur")] + [
            (str(oe.pk), str(oe)) for oe in oes
        ]
        if not neu:
            self.fields["passwort"].required = False
            self.fields[
                "passwort"
            ].help_text = (
                "Das gespeicherte Passwort wird nicht angezeigt. Leer lassen, um es zu behalten."
            )

    def oe_id(self) -> int | None:
        value = self.cleaned_data.get("oe")
        return int(value) if value else None
