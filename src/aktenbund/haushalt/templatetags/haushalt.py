"""Money as German readers expect it: 1.234.567,89."""

from __future__ import annotations

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def euro(value) -> str:
    """1234567.8 → "1.234.567,80"; None → ""."""
    if value is None or value == "":
        return ""
    text = f"{Decimal(value):,.2f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


@register.filter
def eingabe(value) -> str:
    """An amount as typed into a cell: 1234,56 (no thousands separators)."""
    if value is None:
        return ""
    return f"{Decimal(value):.2f}".replace(".", ",")


@register.filter
def index(sequence, i):
    return sequence[i]


@register.filter
def attr_wert(obj, name: str):
    """A field of `obj` by name (the grid's columns)."""
    return getattr(obj, name)
