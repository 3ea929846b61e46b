"""Form helpers shared by all apps' views."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest

from aktenbund.eingaben import MELDUNG_ZIFFERN, hat_fremde_ziffern
from aktenbund.errors import DomainError


def apply_domain_error(request: HttpRequest, form: forms.Form, exc: DomainError) -> None:
    """Show a service's error on the form: per field where it names one, else on top."""
    placed = False
    for field, message in exc.errors.items():
        if field in form.fields:
            form.add_error(field, message)
            placed = True
    if not placed:
        form.add_error(None, exc.message)
    messages.error(request, exc.message)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class _AsciiZiffern:
    """Number fields read ASCII digits only (Django's int()/Decimal() take any Unicode digit)."""

    def to_python(self, value):
        if isinstance(value, str) and hat_fremde_ziffern(value):
            raise forms.ValidationError(MELDUNG_ZIFFERN, code="ziffern")
        return super().to_python(value)


class GanzzahlFeld(_AsciiZiffern, forms.IntegerField):
    """`IntegerField` for numbers typed by a person: ASCII digits (aktenbund.eingaben)."""


class DezimalFeld(_AsciiZiffern, forms.DecimalField):
    """`DecimalField` for amounts typed by a person: ASCII digits (aktenbund.eingaben)."""
