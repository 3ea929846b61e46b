"""Forms of the Akten, Vorgang and Dokument pages (input shape only; rules live in services)."""

from __future__ import annotations

from django import forms
from django.urls import reverse

from aktenbund.records.models import Aktenstatus, Dokumenttyp, Recht, Richtung
from aktenbund.web.forms import DateInput


class AktenFilterForm(forms.Form):
    q = forms.CharField(
        label="Suche", required=False, max_length=200, help_text="Aktenzeichen oder Betreff"
    )
    aktenplaneinheit = forms.TypedChoiceField(
        label="Aktenplaneinheit", required=False, coerce=int, empty_value=None
    )
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "alle"), *Aktenstatus.choices]
    )
    oe = forms.TypedChoiceField(
        label="Federführende OE", required=False, coerce=int, empty_value=None
    )
    vertraulich = forms.ChoiceField(
        label="vertraulich",
        required=False,
        choices=[("", "alle"), ("ja", "nur vertrauliche"), ("nein", "nur nicht vertrauliche")],
    )

    def __init__(self, *args, einheiten=(), oes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["aktenplaneinheit"].choices = [("", "alle")] + [
            (e.pk, str(e)) for e in einheiten
        ]
        self.fields["oe"].choices = [("", "alle")] + [(o.pk, str(o)) for o in oes]


class AkteForm(forms.Form):
    aktenplaneinheit = forms.TypedChoiceField(label="Aktenplaneinheit", coerce=int)
    betreff = forms.CharField(label="Betreff", max_length=300)
    beschreibung = forms.CharField(
        label="Beschreibung",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    federfuehrende_oe = forms.TypedChoiceField(
        label="Federführende OE", coerce=int, required=False, empty_value=None
    )
    vertraulich = forms.BooleanField(
        label="vertraulich (nur Personen der Zugriffsliste sehen die Akte)", required=False
    )

    def __init__(self, *args, einheiten=None, oes=(), **kwargs):
        super().__init__(*args, **kwargs)
        if einheiten is None:
            del self.fields["aktenplaneinheit"]
        else:
            self.fields["aktenplaneinheit"].choices = [("", "– bitte wählen –")] + [
                (e.pk, str(e)) for e in einheiten
            ]
        self.fields["federfuehrende_oe"].choices = [("", "– bitte wählen –")] + [
            (o.pk, str(o)) for o in oes
        ]


class VorgangForm(forms.Form):
    betreff = forms.CharField(label="Betreff", max_length=300)
    beschreibung = forms.CharField(
        label="Beschreibung",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    frist = forms.DateField(label="Frist", required=False, widget=DateInput())
    bearbeiter = forms.TypedChoiceField(
        label="Bearbeitung", required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, personen=None, **kwargs):
        super().__init__(*args, **kwargs)
        if personen is None:
            del self.fields["bearbeiter"]
        else:
            self.fields["bearbeiter"].choices = [("", "– niemand –")] + [
                (p.pk, str(p)) for p in personen
            ]


class ZdaForm(forms.Form):
    zda_verfuegung = forms.CharField(
        label="zdA-Verfügung",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="z. B. „Erledigt. zdA. Wiedervorlage entfällt.“",
    )


class ReopenForm(forms.Form):
    grund = forms.CharField(
        label="Grund der Wiedereröffnung",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class VerschiebenForm(forms.Form):
    ziel_akte = forms.TypedChoiceField(label="Zielakte", coerce=int)

    def __init__(self, *args, akten=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ziel_akte"].choices = [("", "– bitte wählen –")] + [
            (a.pk, f"{a.aktenzeichen} {a.betreff}") for a in akten
        ]


class FreigabeForm(forms.Form):
    empfaenger_kommune = forms.TypedChoiceField(label="Kommune", coerce=int)
    empfaenger_oe = forms.TypedChoiceField(
        label="Organisationseinheit dort (optional)",
        required=False,
        coerce=int,
        empty_value=None,
    )
    empfaenger_user = forms.TypedChoiceField(
        label="Person dort (optional)", required=False, coerce=int, empty_value=None
    )
    recht = forms.ChoiceField(label="Recht", choices=Recht.choices, initial=Recht.LESEN)
    gueltig_bis = forms.DateField(label="gültig bis", widget=DateInput())
    grund = forms.CharField(label="Anlass", max_length=300, required=False)
    vertretung_erlaubt = forms.BooleanField(
        label="Auch Vertretungen dürfen die Freigabe nutzen",
        required=False,
        help_text="Sonst nur die gewählte Person oder die Mitglieder der gewählten "
        "Organisationseinheit selbst, nicht wer sie vertritt.",
    )

    def __init__(self, *args, kommunen=(), oes=(), personen=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["empfaenger_kommune"].choices = [("", "– bitte wählen –")] + [
            (k.pk, k.name) for k in kommunen
        ]
        # htmx: choosing the Kommune loads its OEs and persons into the selects below.
        self.fields["empfaenger_kommune"].widget.attrs.update(
            {
                "hx-get": reverse("akten:freigabe_empfaenger"),
                "hx-target": "#freigabe-empfaenger",
                "hx-trigger": "change",
            }
        )
        self.fields["empfaenger_oe"].choices = [("", "– ganze Kommune –")] + [
            (o.pk, str(o)) for o in oes
        ]
        self.fields["empfaenger_user"].choices = [("", "– keine bestimmte Person –")] + [
            (p.pk, str(p)) for p in personen
        ]


class ZugriffForm(forms.Form):
    """One row per person of the Kommune: no access, lesen or bearbeiten."""

    def __init__(self, *args, personen=(), aktuell=None, **kwargs):
        super().__init__(*args, **kwargs)
        aktuell = aktuell or {}
        self.personen = list(personen)
        for person in self.personen:
            self.fields[f"p{person.pk}"] = forms.ChoiceField(
                label=str(person),
                required=False,
                choices=[("", "kein Zugriff"), *Recht.choices],
                initial=aktuell.get(person.pk, ""),
            )

    def eintraege(self) -> list[tuple]:
        return [
            (person, self.cleaned_data[f"p{person.pk}"])
            for person in self.personen
            if self.cleaned_data.get(f"p{person.pk}")
        ]


class DokumentForm(forms.Form):
    titel = forms.CharField(label="Titel", max_length=300)
    typ = forms.ChoiceField(label="Typ", choices=Dokumenttyp.choices)
    richtung = forms.ChoiceField(label="Richtung", choices=Richtung.choices)
    absender = forms.CharField(label="Absender", max_length=300, required=False)
    empfaenger = forms.CharField(label="Empfänger", max_length=300, required=False)
    datum = forms.DateField(label="Datum", widget=DateInput())


class VersionForm(forms.Form):
    datei = forms.FileField(label="Datei der neuen Version")
    kommentar = forms.CharField(label="Kommentar", max_length=300, required=False)


class AktenzeichenregelForm(forms.Form):
    muster = forms.CharField(
        label="Muster",
        max_length=100,
        help_text=(
            "Platzhalter: {kennzeichen} (Aktenplaneinheit), {laufnr} (laufende Nummer, "
            "genau einmal), {jahr}, {oe} (Kurzzeichen der federführenden OE), {ags}."
        ),
    )
    laufnr_stellen = forms.IntegerField(
        label="Stellen der laufenden Nummer",
        min_value=1,
        max_value=8,
        help_text="Mit Nullen aufgefüllt, z. B. 3 → 007.",
    )
