"""The advanced search form (GET): the same parameters as GET /api/v1/suche."""

from __future__ import annotations

from django import forms
from django_scopes import scopes_disabled

from aktenbund.records.models import Aktenstatus, Dokumenttyp
from aktenbund.records.services.aktenplan_tree import aktenplan_for, tree_order
from aktenbund.tenancy.models import Organisationseinheit, User
from aktenbund.web.forms import DateInput

LEER = [("", "alle")]


class SucheForm(forms.Form):
    q = forms.CharField(
        label="Suchbegriffe",
        max_length=500,
        required=False,
        help_text='Alle Wörter müssen vorkommen. "Genaue Phrase", Anfang* für Wortanfänge, '
        "-Wort schließt aus.",
    )
    organisationseinheit_id = forms.TypedChoiceField(
        label="Organisationseinheit", required=False, coerce=int, empty_value=None
    )
    aktenplaneinheit_id = forms.TypedChoiceField(
        label="Aktenplaneinheit", required=False, coerce=int, empty_value=None
    )
    typ = forms.ChoiceField(label="Dokumenttyp", required=False, choices=LEER + Dokumenttyp.choices)
    datum_von = forms.DateField(label="Datum von", required=False, widget=DateInput())
    datum_bis = forms.DateField(label="Datum bis", required=False, widget=DateInput())
    status = forms.ChoiceField(label="Status", required=False, choices=LEER + Aktenstatus.choices)
    vertraulich = forms.TypedChoiceField(
        label="Vertraulichkeit",
        required=False,
        choices=[("", "alle"), ("ja", "nur vertrauliche"), ("nein", "nur nicht vertrauliche")],
        coerce=lambda v: {"ja": True, "nein": False}.get(v),
        empty_value=None,
    )
    sortierung = forms.ChoiceField(
        label="Sortierung",
        required=False,
        choices=[("relevanz", "Relevanz"), ("datum", "Datum (neueste zuerst)")],
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        with scopes_disabled():
            oes = Organisationseinheit.objects.filter(kommune_id=user.kommune_id, aktiv=True)
            self.fields["organisationseinheit_id"].choices = LEER + [
                (oe.pk, f"{oe.kurzzeichen} {oe.name}") for oe in oes.order_by("kurzzeichen")
            ]
            einheiten = tree_order(list(aktenplan_for(user.kommune_id)))
        self.fields["aktenplaneinheit_id"].choices = LEER + [
            (e.pk, f"{e.kennzeichen} {e.titel}") for e in einheiten
        ]
