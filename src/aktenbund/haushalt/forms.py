"""Forms of the Haushalt pages (input shape only; rules live in the services)."""

from __future__ import annotations

from django import forms

from aktenbund.haushalt.models import Genehmigungsart, Gliederung, Laufbahn
from aktenbund.records.aktenplan_io import FORMATE
from aktenbund.web.forms import DateInput, DezimalFeld, GanzzahlFeld

BETRAG_HILFE = "Euro, z. B. 1.234,56"


class ImportForm(forms.Form):
    datei = forms.FileField(
        label="Datei", help_text="CSV (Semikolon, UTF-8) oder xlsx, höchstens 5 MB."
    )
    format = forms.ChoiceField(label="Format", choices=[(f, f.upper()) for f in FORMATE])


class PlanImportForm(forms.Form):
    datei = forms.FileField(label="Datei", help_text="Export dieses Plans (xlsx), höchstens 5 MB.")
    format = forms.ChoiceField(
        label="Format", choices=[(f, f.upper()) for f in reversed(FORMATE)], initial="xlsx"
    )


class ProduktForm(forms.Form):
    produktgruppe = forms.ChoiceField(label="Produktgruppe")
    nummer = forms.CharField(label="Produktnummer", max_length=30, help_text="z. B. 04.01.50")
    bezeichnung = forms.CharField(label="Bezeichnung", max_length=200)

    def __init__(self, *args, gruppen=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["produktgruppe"].choices = [(g.nummer, str(g)) for g in gruppen]


class TeilhaushaltForm(forms.Form):
    nummer = forms.CharField(label="Nummer", max_length=10)
    bezeichnung = forms.CharField(label="Bezeichnung", max_length=200)
    gliederung = forms.ChoiceField(label="Gliederung", choices=Gliederung.choices)
    produktbereiche = forms.MultipleChoiceField(
        label="Produktbereiche", widget=forms.CheckboxSelectMultiple
    )
    organisationseinheit_id = forms.TypedChoiceField(
        label="Verantwortliche Organisationseinheit",
        coerce=int,
        required=False,
        empty_value=None,
    )

    def __init__(self, *args, bereiche=(), oes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["produktbereiche"].choices = [(b.nummer, str(b)) for b in bereiche]
        self.fields["organisationseinheit_id"].choices = [("", "—")] + [
            (oe.pk, str(oe)) for oe in oes
        ]


class PlanForm(forms.Form):
    haushaltsjahr = GanzzahlFeld(label="Haushaltsjahr", min_value=2000, max_value=2100)
    doppelhaushalt = forms.BooleanField(label="Doppelhaushalt (zwei Jahre)", required=False)


class PlanKopfForm(forms.Form):
    vorbericht = forms.CharField(
        label="Vorbericht", required=False, widget=forms.Textarea(attrs={"rows": 10})
    )
    hebesatz_grundsteuer_a = GanzzahlFeld(label="Hebesatz Grundsteuer A (v. H.)", min_value=0)
    hebesatz_grundsteuer_b = GanzzahlFeld(label="Hebesatz Grundsteuer B (v. H.)", min_value=0)
    hebesatz_gewerbesteuer = GanzzahlFeld(label="Hebesatz Gewerbesteuer (v. H.)", min_value=0)
    liquiditaetskredite = DezimalFeld(
        label="Höchstbetrag der Liquiditätskredite (Euro)",
        min_value=0,
        decimal_places=2,
        max_digits=15,
    )
    zahlungsmittelbestand = DezimalFeld(
        label="Zahlungsmittelbestand zu Beginn des Haushaltsjahres (Euro)",
        decimal_places=2,
        max_digits=15,
    )


class AnsatzForm(forms.Form):
    konto = forms.ChoiceField(label="Konto")
    produkt = forms.ChoiceField(label="Produkt")
    massnahme = forms.ChoiceField(label="Maßnahme (nur Investitionen)", required=False)
    ansatz = forms.CharField(label="Ansatz Haushaltsjahr", required=False, help_text=BETRAG_HILFE)
    erlaeuterung = forms.CharField(label="Erläuterung", required=False, max_length=4000)

    def __init__(self, *args, konten=(), produkte=(), massnahmen=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["konto"].choices = [(k.nummer, str(k)) for k in konten]
        self.fields["produkt"].choices = [(p.nummer, str(p)) for p in produkte]
        self.fields["massnahme"].choices = [("", "—")] + [(m.nummer, str(m)) for m in massnahmen]


class SchrittForm(forms.Form):
    datum = forms.DateField(label="Datum", widget=DateInput())
    genehmigungsart = forms.ChoiceField(
        label="Entscheidung der Aufsichtsbehörde", choices=Genehmigungsart.choices, required=False
    )


class MassnahmeForm(forms.Form):
    nummer = forms.CharField(label="Maßnahmennummer", max_length=20)
    bezeichnung = forms.CharField(label="Bezeichnung", max_length=200)
    produkt = forms.ChoiceField(label="Produkt")
    ve_planung_1 = forms.CharField(label="VE fällig HJ+1", required=False, help_text=BETRAG_HILFE)
    ve_planung_2 = forms.CharField(label="VE fällig HJ+2", required=False, help_text=BETRAG_HILFE)
    ve_planung_3 = forms.CharField(label="VE fällig HJ+3", required=False, help_text=BETRAG_HILFE)

    def __init__(self, *args, produkte=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["produkt"].choices = [(p.nummer, str(p)) for p in produkte]


class StelleForm(forms.Form):
    laufbahn = forms.ChoiceField(label="Art", choices=Laufbahn.choices)
    gruppe = forms.CharField(
        label="Besoldungs-/Entgeltgruppe", max_length=20, help_text="z. B. A 13, EG 9b"
    )
    bezeichnung = forms.CharField(label="Bezeichnung", max_length=200, required=False)
    anzahl = DezimalFeld(label="Stellen Haushaltsjahr", min_value=0, decimal_places=2, max_digits=7)
    anzahl_vorjahr = DezimalFeld(
        label="Stellen Vorjahr", min_value=0, decimal_places=2, max_digits=7
    )


class ParagraphForm(forms.Form):
    nummer = GanzzahlFeld(label="§", min_value=7, max_value=99)
    ueberschrift = forms.CharField(label="Überschrift", max_length=200)
    text = forms.CharField(label="Text", widget=forms.Textarea(attrs={"rows": 4}))
