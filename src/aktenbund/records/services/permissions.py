"""Who may do what in the Aktenplan.

The Registratur of the Verbund (`User.is_verbund_registratur`) and the Verbund
administration keep the Verbund's nodes. A Kommune's Registratur and
Kommune-Admin add local nodes below Verbund nodes or below their own local
nodes, and keep those. Everyone else reads. The Verbund administration
appoints the Registratur of the Verbund.
"""

from __future__ import annotations

from django.db import transaction

from aktenbund.audit.services import record
from aktenbund.errors import Conflict, NotFound, PermissionDenied, ValidationError
from aktenbund.records.models import Aktenplaneinheit
from aktenbund.tenancy.models import Rolle, User
from aktenbund.tenancy.scope import kommune_scope
from aktenbund.tenancy.services import generate_password, require_verbund_admin


def is_verbund_registratur(actor: User) -> bool:
    """Keeps the Verbund's Aktenplan: its Registratur or its administration."""
    return (
        actor.is_authenticated
        and actor.is_active
        and actor.kommune_id is None
        and (actor.is_verbund_registratur or actor.is_verbund_admin)
    )


def is_kommune_registratur(actor: User) -> bool:
    """Keeps a Kommune's local nodes: its Registratur or Kommune-Admin."""
    return (
        actor.is_authenticated
        and actor.is_active
        and actor.kommune_id is not None
        and actor.has_rolle(Rolle.REGISTRATUR, Rolle.KOMMUNE_ADMIN)
    )


def may_maintain(actor: User) -> bool:
    """May import into the Aktenplan (the Verbund's, or the own Kommune's part)."""
    return is_verbund_registratur(actor) or is_kommune_registratur(actor)


def may_edit(actor: User, einheit: Aktenplaneinheit) -> bool:
    """May change or close this node (its Titel, Frist …; never its Kennzeichen)."""
    if einheit.kommune_id is None:
        return is_verbund_registratur(actor)
    return actor.kommune_id == einheit.kommune_id and is_kommune_registratur(actor)


def may_add_below(actor: User, parent: Aktenplaneinheit | None) -> bool:
    """Top-level nodes are the Verbund's; below a node its owner or a Kommune adds."""
    if is_verbund_registratur(actor):
        return parent is None or parent.kommune_id is None
    if parent is None or not is_kommune_registratur(actor):
        return False
    return parent.kommune_id in (None, actor.kommune_id)


def require_edit(actor: User, einheit: Aktenplaneinheit) -> None:
    """404 for another Kommune's node, 403 for a visible node the actor may not edit."""
    if einheit.kommune_id is not None and einheit.kommune_id != actor.kommune_id:
        raise NotFound("Diese Aktenplaneinheit gibt es nicht.")
    if not may_edit(actor, einheit):
        if einheit.kommune_id is None:
            raise PermissionDenied(
                "Einheiten des Verbunds ändert nur die Registratur des Verbunds."
            )
        raise PermissionDenied("Lokale Einheiten ändern nur Registratur und Kommune-Admin.")


# --- the Registratur of the Verbund ------------------------------------------


@transaction.atomic
def create_verbund_registratur(
    actor: User,
    *,
    username: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    password: str | None = None,
) -> tuple[User, str]:
    """The Verbund administration appoints a person of the Verbund to keep the Aktenplan.

    Returns the user and the initial password, which must be changed at the
    first sign-in unless it was given explicitly (demo data).
    """
    require_verbund_admin(actor)
    username = (username or "").strip()
    if not username or not all(c.isalnum() or c in "._-@" for c in username):
        raise ValidationError(
            "Die Person konnte nicht angelegt werden.",
            {"username": "Nur Buchstaben, Ziffern und . _ - @ sind erlaubt."},
        )
    if User.objects.filter(username__iexact=username).exists():
        raise Conflict(
            "Der Benutzername ist schon vergeben.",
            {"username": f"„{username}“ ist schon vergeben."},
        )
    initial = password or generate_password()
    user = User.objects.create_user(
        username=username,
        password=initial,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=email.strip(),
        is_verbund_registratur=True,
        must_change_password=password is None,
    )
    with kommune_scope(None):
        record(
            "verbund_registratur.angelegt",
            kommune_id=None,
            actor=actor,
            obj=user,
            details={"username": username},
        )
    return user, initial
