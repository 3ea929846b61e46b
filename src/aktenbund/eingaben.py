"""What Aktenbund accepts as text, as digits and as a date: one rule each.

Every way in uses these rules — the API (its parser and schema types, see
`aktenbund.api`), the pages (`aktenbund.web.middleware.EingabeMiddleware`),
the services and the file imports — so that a value refused in one place is
not taken in another (docs/architecture.md, "Input rules").

- **Text** never carries control characters: NUL (which PostgreSQL cannot
  store) and the other C0 and C1 controls are refused; tab, line feed and
  carriage return are text (multi-line fields; single-line fields fold or
  refuse them in their own service).
- **Digits** are the ASCII digits 0–9. Python's `str.isdigit()`, `int()`,
  `Decimal()` and the regex class `\\d` also take full-width, Arabic-Indic
  and other Unicode digits; a full-width copy of an AGS would be a second
  Kommune. Keys and numbers are therefore read with `ist_ziffernfolge`,
  `parse_ganzzahl` and the `ZIFFER` class, never with those directly.
- **Dates** lie between `DATUM_MIN` and `DATUM_MAX`: further out they are
  typing errors, and date arithmetic near year 9999 overflows.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator, Mapping
from typing import Any

from aktenbund.errors import ValidationError

# --- text ---------------------------------------------------------------------

STEUERZEICHEN_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
MELDUNG_STEUERZEICHEN = (
    "Enthält unzulässige Steuerzeichen (z. B. ein Nullzeichen); bitte den Text neu eingeben."
)


def hat_steuerzeichen(value: str) -> bool:
    """True if `value` holds a control character other than tab, line feed, carriage return."""
    return STEUERZEICHEN_RE.search(value) is not None


def ohne_steuerzeichen(value: str) -> str:
    """`value` without the control characters `hat_steuerzeichen` finds.

    For text nobody here typed and nobody can correct (a mail's headers and
    body as the sender's program wrote them): it is kept, cleaned, rather
    than refused.
    """
    return STEUERZEICHEN_RE.sub("", value)


def _strings(daten: Any, feld: str) -> Iterator[tuple[str, str]]:
    """(field path, string) for every string in `daten`, keys included."""
    if isinstance(daten, str):
        yield feld, daten
    elif isinstance(daten, Mapping):
        for key, value in daten.items():
            pfad = f"{feld}.{key}" if feld else str(key)
            if isinstance(key, str):
                yield pfad, key
            yield from _strings(value, pfad)
    elif isinstance(daten, list | tuple):
        for i, value in enumerate(daten):
            yield from _strings(value, f"{feld}.{i}" if feld else str(i))


def steuerzeichen_in(daten: Any, feld: str = "") -> dict[str, str]:
    """Field → message for every string in `daten` (str, mappings, lists) with controls."""
    return {
        pfad or "body": MELDUNG_STEUERZEICHEN
        for pfad, text in _strings(daten, feld)
        if hat_steuerzeichen(text)
    }


def check_steuerzeichen(daten: Any, feld: str = "") -> None:
    """Raise `ValidationError` naming each field of `daten` that holds control characters."""
    errors = steuerzeichen_in(daten, feld)
    if errors:
        raise ValidationError("Die Eingabe enthält unzulässige Steuerzeichen.", errors)


# --- digits ---------------------------------------------------------------------

# One ASCII digit, for regular expressions (`\d` would take any Unicode digit).
ZIFFER = "[0-9]"
MELDUNG_ZIFFERN = "Bitte nur die Ziffern 0–9 verwenden."
_GANZZAHL_RE = re.compile(r"[+-]?[0-9]+\Z")


def ist_ziffernfolge(text: str, stellen: int | None = None) -> bool:
    """True for a non-empty run of ASCII digits (of exactly `stellen` if given)."""
    return (
        bool(text)
        and text.isascii()
        and text.isdigit()
        and (stellen is None or len(text) == stellen)
    )


def hat_fremde_ziffern(text: str) -> bool:
    """True if `text` holds a digit other than ASCII 0–9 (full-width, Arabic-Indic …)."""
    return any(c.isdigit() and not c.isascii() for c in text)


def parse_ganzzahl(text: str | None, *, minimum: int | None = None, maximum: int | None = None):
    """An integer written in ASCII digits (optionally signed) within the bounds, else None."""
    text = (text or "").strip()
    if not _GANZZAHL_RE.match(text) or len(text) > 20:
        return None
    zahl = int(text)
    if (minimum is not None and zahl < minimum) or (maximum is not None and zahl > maximum):
        return None
    return zahl


# --- dates -----------------------------------------------------------------------

DATUM_MIN = datetime.date(1900, 1, 1)
DATUM_MAX = datetime.date(2100, 12, 31)
MELDUNG_DATUM = f"Bitte ein Datum zwischen {DATUM_MIN:%d.%m.%Y} und {DATUM_MAX:%d.%m.%Y} angeben."


def datum_im_rahmen(value: datetime.date | None) -> bool:
    """True if `value` is empty or lies between `DATUM_MIN` and `DATUM_MAX`."""
    return value is None or DATUM_MIN <= value <= DATUM_MAX


def check_daten(**daten: datetime.date | None) -> dict[str, str]:
    """Field → message for every given date outside the accepted range."""
    return {feld: MELDUNG_DATUM for feld, value in daten.items() if not datum_im_rahmen(value)}
