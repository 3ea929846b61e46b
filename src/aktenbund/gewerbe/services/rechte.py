"""Who may do what in the Fachverfahren Gewerbe.

The Gewerbeamt records Anzeigen, keeps the register, the outbox and the
Auskünfte; the Amtsleitung reads everything and decides erweiterte
Auskünfte. For everyone else the Fachverfahren is not there (404, like any
page that is not for the user: existence is not revealed).
"""

from __future__ import annotations

from aktenbund.errors import NotFound
from aktenbund.tenancy.models import Rolle, User


def darf_erfassen(actor: User) -> bool:
    return bool(actor.is_authenticated and actor.kommune_id and actor.has_rolle(Rolle.GEWERBEAMT))


def darf_lesen(actor: User) -> bool:
    return bool(
        actor.is_authenticated
        and actor.kommune_id
        and actor.has_rolle(Rolle.GEWERBEAMT, Rolle.AMTSLEITUNG)
    )


def darf_auskunft_entscheiden(actor: User) -> bool:
    return darf_lesen(actor)


def darf_verbundstatistik(actor: User) -> bool:
    """Counts only, no personal data: the Verbund's staff and every Gewerbeamt."""
    return bool(actor.is_authenticated and (actor.is_verbund_admin or darf_lesen(actor)))


def require_erfassen(actor: User) -> None:
    if not darf_erfassen(actor):
        raise NotFound("Nicht gefunden.")


def require_lesen(actor: User) -> None:
    if not darf_lesen(actor):
        raise NotFound("Nicht gefunden.")
