"""Who may do what in the Haushalt.

The Verbund (its administration and its Registratur) keeps the shared
frames. In a Kommune, the Kämmerei keeps the plans, Produkte and
Teilhaushalte; every user of the Kommune reads them. Verbund staff see no
Kommune's plans.
"""

from __future__ import annotations

from django.db.models import Model, QuerySet
from django_scopes import scopes_disabled

from aktenbund.errors import NotFound, PermissionDenied
from aktenbund.tenancy.models import Rolle, User


def may_maintain_frames(actor: User) -> bool:
    """Keeps the Produkt- and Kontenrahmen of the Verbund."""
    return (
        actor.is_authenticated
        and actor.is_active
        and actor.kommune_id is None
        and (actor.is_verbund_admin or actor.is_verbund_registratur)
    )


def is_kaemmerei(actor: User) -> bool:
    return (
        actor.is_authenticated
        and actor.is_active
        and actor.kommune_id is not None
        and actor.has_rolle(Rolle.KAEMMEREI)
    )


def require_frames(actor: User) -> None:
    if not may_maintain_frames(actor):
        raise PermissionDenied("Produkt- und Kontenrahmen pflegt nur der Verbund.")


def require_kommune(actor: User) -> None:
    """Plans are a Kommune's: for Verbund staff they do not exist."""
    if actor.kommune_id is None:
        raise NotFound("Haushaltspläne gibt es nur in den Kommunen.")


def require_kaemmerei(actor: User) -> None:
    require_kommune(actor)
    if not is_kaemmerei(actor):
        raise PermissionDenied("Das darf nur die Kämmerei.")


def own(model: type[Model], actor: User) -> QuerySet:
    """The actor's Kommune's rows of `model`, usable inside and outside a scope.

    The filter is explicit; on PostgreSQL row-level security still applies
    (so the query must run where the actor's Kommune is set).
    """
    require_kommune(actor)
    with scopes_disabled():
        return model.objects.filter(kommune_id=actor.kommune_id)
