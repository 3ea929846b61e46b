"""Aktenzeichen: each Kommune's pattern, and gap-free running numbers.

The pattern (`Aktenzeichenregel.muster`) is plain text with placeholders in
braces; see the model for the list. Numbers come from one counter row per
pattern prefix, locked and incremented inside the transaction that creates
the Akte: a creation that fails gives its number back, so the sequence has
no gaps, and two clerks creating at once queue on the row instead of taking
the same number.
"""

from __future__ import annotations

import string

from django.db import transaction
from django.utils import timezone

from aktenbund.audit.services import record
from aktenbund.errors import PermissionDenied, ValidationError
from aktenbund.records.models import (
    Aktenplaneinheit,
    Aktenzeichenregel,
    Aktenzeichenzaehler,
)
from aktenbund.records.models.akten import AKTENZEICHEN_PLATZHALTER, STANDARD_MUSTER
from aktenbund.tenancy.models import Kommune, Organisationseinheit, Rolle, User

LAUFNR_PLATZHALTER = "#"
MAX_STELLEN = 8


def validate_muster(muster: str) -> str | None:
    """The problem with a pattern, or None."""
    if not muster or not muster.strip():
        return "Bitte ein Muster angeben."
    if len(muster) > 100:
        return "Höchstens 100 Zeichen."
    try:
        parts = list(string.Formatter().parse(muster))
    except ValueError:
        return "Geschweifte Klammern passen nicht zueinander."
    names = []
    for literal, name, spec, conversion in parts:
        if LAUFNR_PLATZHALTER in literal:
            return f"Das Zeichen „{LAUFNR_PLATZHALTER}“ ist im Muster nicht erlaubt."
        if any(c.isspace() for c in literal):
            return "Leerzeichen sind im Aktenzeichen nicht erlaubt."
        if name is None:
            continue
        if name not in AKTENZEICHEN_PLATZHALTER or spec or conversion:
            erlaubt = ", ".join("{" + p + "}" for p in AKTENZEICHEN_PLATZHALTER)
            return f"Unbekannter Platzhalter „{{{name}}}“. Erlaubt sind {erlaubt}."
        names.append(name)
    if names.count("laufnr") != 1:
        return "Das Muster braucht genau einmal {laufnr}."
    return None


def regel_of(kommune_id: int) -> Aktenzeichenregel:
    """The Kommune's rule (an unsaved default rule when none is configured)."""
    regel = Aktenzeichenregel.objects.filter(kommune_id=kommune_id).first()
    return regel or Aktenzeichenregel(kommune_id=kommune_id, muster=STANDARD_MUSTER)


@transaction.atomic
def set_aktenzeichenregel(actor: User, *, muster: str, laufnr_stellen: int) -> Aktenzeichenregel:
    """The Kommune-Admin or Registratur sets the pattern for new Akten.

    Existing Aktenzeichen never change; the next Akte uses the new pattern.
    """
    if not (actor.kommune_id and actor.has_rolle(Rolle.KOMMUNE_ADMIN, Rolle.REGISTRATUR)):
        raise PermissionDenied("Das Aktenzeichenmuster legen Kommune-Admin und Registratur fest.")
    muster = (muster or "").strip()
    errors = {}
    if problem := validate_muster(muster):
        errors["muster"] = problem
    if not isinstance(laufnr_stellen, int) or not 1 <= laufnr_stellen <= MAX_STELLEN:
        errors["laufnr_stellen"] = f"Bitte eine Zahl von 1 bis {MAX_STELLEN}."
    if errors:
        raise ValidationError("Das Muster ist nicht gültig.", errors)
    regel = regel_of(actor.kommune_id)
    vorher = regel.muster if regel.pk else None
    regel.muster = muster
    regel.laufnr_stellen = laufnr_stellen
    regel.geaendert_am = timezone.now()
    regel.save()
    record(
        "aktenzeichenregel.geaendert",
        kommune_id=actor.kommune_id,
        actor=actor,
        obj=regel,
        details={"vorher": vorher, "muster": muster, "laufnr_stellen": laufnr_stellen},
    )
    return regel


def _values(
    kommune: Kommune, einheit: Aktenplaneinheit, oe: Organisationseinheit, jahr: int
) -> dict[str, str]:
    return {
        "kennzeichen": einheit.kennzeichen,
        "jahr": str(jahr),
        "oe": oe.kurzzeichen,
        "ags": kommune.ags,
    }


def next_aktenzeichen(kommune: Kommune, einheit: Aktenplaneinheit, oe: Organisationseinheit) -> str:
    """Take the next number and return the new Akte's Aktenzeichen.

    Must run inside the transaction that saves the Akte (the counter row stays
    locked until it commits or rolls back).
    """
    regel = regel_of(kommune.pk)
    values = _values(kommune, einheit, oe, timezone.localdate().year)
    schluessel = regel.muster.format(laufnr=LAUFNR_PLATZHALTER, **values)
    # Create the counter if missing without failing when a concurrent
    # transaction creates it first (it waits for that one, then does nothing).
    Aktenzeichenzaehler.objects.bulk_create(
        [Aktenzeichenzaehler(kommune_id=kommune.pk, schluessel=schluessel)],
        ignore_conflicts=True,
    )
    zaehler = Aktenzeichenzaehler.objects.select_for_update().get(
        kommune_id=kommune.pk, schluessel=schluessel
    )
    zaehler.letzte_nummer += 1
    zaehler.save(update_fields=["letzte_nummer"])
    laufnr = str(zaehler.letzte_nummer).zfill(regel.laufnr_stellen)
    return regel.muster.format(laufnr=laufnr, **values)


def beispiel(muster: str, laufnr_stellen: int = 1) -> str:
    """How an Aktenzeichen under this pattern looks (for the settings page)."""
    return muster.format(
        laufnr="7".zfill(laufnr_stellen),
        kennzeichen="121.1",
        jahr=str(timezone.localdate().year),
        oe="32",
        ags="06636007",
    )
