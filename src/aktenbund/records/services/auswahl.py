"""What the record pages offer to choose from: Aktenplaneinheiten, OEs, persons,
target Akten, and the recipients of a Freigabe in another Kommune.

Read-only helpers for forms. They return only what the actor may pick; the
services that act on the choice check it again.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone
from django_scopes import scopes_disabled

from aktenbund.errors import NotFound, PermissionDenied
from aktenbund.records.models import Akte, Aktenplaneinheit, Aktenstatus, AkteZugriff, Vorgang
from aktenbund.records.services.aktenplan_tree import aktenplan_for, tree_order
from aktenbund.records.services.zugriff import lesbare_akten, may_work
from aktenbund.tenancy.models import Kommune, Organisationseinheit, User
from aktenbund.tenancy.scope import kommune_scope


def aktenplaneinheiten_zur_auswahl(actor: User) -> list[Aktenplaneinheit]:
    """Valid nodes the actor's Kommune may file under, in tree order."""
    today = timezone.localdate()
    nodes = aktenplan_for(actor.kommune_id).filter(gueltig_ab__lte=today)
    return [e for e in tree_order(nodes) if e.ist_gueltig(today)]


def oes_zur_auswahl(actor: User) -> QuerySet[Organisationseinheit]:
    """Active OEs of the actor's own Kommune."""
    with scopes_disabled():
        return Organisationseinheit.objects.filter(
            kommune_id=actor.kommune_id, aktiv=True
        ).order_by("kurzzeichen", "name")


def personen_zur_auswahl(actor: User) -> QuerySet[User]:
    """Active persons of the actor's own Kommune (Bearbeitung, access lists)."""
    return User.objects.filter(kommune_id=actor.kommune_id, is_active=True).order_by(
        "last_name", "first_name", "username"
    )


def zielakten_zur_auswahl(actor: User, vorgang: Vorgang, limit: int = 500) -> list[Akte]:
    """Open Akten of the Vorgang's Kommune the actor reads, other than its own Akte."""
    with scopes_disabled():
        return list(
            lesbare_akten(actor)
            .filter(kommune_id=vorgang.kommune_id, status=Aktenstatus.OFFEN)
            .exclude(pk=vorgang.akte_id)
            .order_by("aktenzeichen")[:limit]
        )


def zugriffsliste(actor: User, akte: Akte) -> list[AkteZugriff]:
    """The access list of an own Akte (empty for others' Akten)."""
    if akte.kommune_id != actor.kommune_id:
        return []
    with scopes_disabled():
        return list(
            AkteZugriff.objects.filter(akte_id=akte.pk)
            .select_related("user")
            .order_by("user__last_name", "user__username")
        )


def freigabe_empfaenger(
    actor: User, kommune_id: int
) -> tuple[Kommune, list[Organisationseinheit], list[User]]:
    """The OEs and persons of another Kommune, to address a Freigabe to.

    Only for clerks who may grant; opens that Kommune's scope explicitly
    (its OEs are fenced by row-level security) and reads names only.
    """
    if not may_work(actor):
        raise PermissionDenied("Sie dürfen keine Freigaben erteilen.")
    kommune = Kommune.objects.filter(pk=kommune_id, aktiv=True).exclude(pk=actor.kommune_id).first()
    if kommune is None:
        raise NotFound("Diese Kommune gibt es nicht.")
    with kommune_scope(kommune.pk):
        oes = list(Organisationseinheit.objects.filter(aktiv=True).order_by("kurzzeichen", "name"))
        personen = list(
            User.objects.filter(kommune_id=kommune.pk, is_active=True).order_by(
                "last_name", "first_name", "username"
            )
        )
    return kommune, oes, personen


def aktenplaneinheit_der_akte(actor: User, akte: Akte) -> Aktenplaneinheit | None:
    """The Akte's node when the actor sees it (another Kommune's local node: None)."""
    return aktenplan_for(actor.kommune_id).filter(pk=akte.aktenplaneinheit_id).first()


def federfuehrende_oe_der_akte(actor: User, akte: Akte) -> Organisationseinheit | None:
    """The federführende OE, shown to the owning Kommune only."""
    if akte.kommune_id != actor.kommune_id:
        return None
    with scopes_disabled():
        return Organisationseinheit.objects.filter(pk=akte.federfuehrende_oe_id).first()
