"""Lists a user sees: start page, Akten and Vorgänge with filters.

Every list starts from `zugriff.lesbare_akten` / `lesbare_vorgaenge`, so a
row appears only where its page would open.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django_scopes import scopes_disabled

from aktenbund.audit.models import AuditEvent
from aktenbund.records.models import Akte, Aktenstatus, Vorgang
from aktenbund.records.services.zugriff import lesbare_akten, lesbare_vorgaenge
from aktenbund.tenancy.models import User

ZULETZT_AKTIONEN = ("vorgang.", "dokument.", "version.")


def meine_vorgaenge(user: User) -> QuerySet[Vorgang]:
    """Open Vorgänge the user works on, nearest Frist first."""
    return (
        lesbare_vorgaenge(user)
        .filter(bearbeiter=user, status=Aktenstatus.OFFEN)
        .select_related("akte")
        .order_by("frist", "-geaendert_am")
    )


def zuletzt_bearbeitet(user: User, limit: int = 10) -> list[Vorgang]:
    """The Vorgänge the user changed last (from their own audit trail)."""
    ids: list[int] = []
    events = (
        AuditEvent.objects.filter(actor=user, details__has_key="vorgang")
        .order_by("-seq")
        .values_list("details", flat=True)[:200]
    )
    for details in events:
        vorgang_id = details.get("vorgang")
        if isinstance(vorgang_id, int) and vorgang_id not in ids:
            ids.append(vorgang_id)
        if len(ids) == limit:
            break
    with scopes_disabled():
        found = {v.pk: v for v in lesbare_vorgaenge(user).filter(pk__in=ids).select_related("akte")}
    return [found[i] for i in ids if i in found]


def akten_liste(
    user: User,
    *,
    q: str = "",
    aktenplaneinheit_id: int | None = None,
    status: str = "",
    federfuehrende_oe_id: int | None = None,
    vertraulich: bool | None = None,
) -> QuerySet[Akte]:
    # Prefetch, not join: a granted Akte's local node and OE belong to another
    # Kommune; under row-level security an inner join would drop the Akte.
    akten = (
        lesbare_akten(user)
        .select_related("kommune")
        .prefetch_related("aktenplaneinheit", "federfuehrende_oe")
    )
    if q:
        akten = akten.filter(Q(aktenzeichen__icontains=q) | Q(betreff__icontains=q))
    if aktenplaneinheit_id:
        akten = akten.filter(aktenplaneinheit_id=aktenplaneinheit_id)
    if status:
        akten = akten.filter(status=status)
    if federfuehrende_oe_id:
        akten = akten.filter(federfuehrende_oe_id=federfuehrende_oe_id)
    if vertraulich is not None:
        akten = akten.filter(vertraulich=vertraulich)
    return akten.order_by("-geaendert_am", "-id")


def vorgaenge_liste(
    user: User,
    *,
    q: str = "",
    akte_id: int | None = None,
    status: str = "",
    bearbeiter_id: int | None = None,
) -> QuerySet[Vorgang]:
    vorgaenge = lesbare_vorgaenge(user).select_related("akte", "bearbeiter")
    if q:
        vorgaenge = vorgaenge.filter(
            Q(aktenzeichen__icontains=q)
            | Q(betreff__icontains=q)
            | Q(fruehere_aktenzeichen__icontains=q)
        )
    if akte_id:
        vorgaenge = vorgaenge.filter(akte_id=akte_id)
    if status:
        vorgaenge = vorgaenge.filter(status=status)
    if bearbeiter_id:
        vorgaenge = vorgaenge.filter(bearbeiter_id=bearbeiter_id)
    return vorgaenge.order_by("-geaendert_am", "-id")
