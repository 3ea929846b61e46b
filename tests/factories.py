"""Factories that create objects the way users do: through the services."""

from __future__ import annotations

from aktenbund.tenancy import services
from aktenbund.tenancy.models import Kommune, Rolle, User, Verbund
from aktenbund.tenancy.scope import kommune_scope

PASSWORD = "Test-Passwort-123"


def make_verbund() -> Verbund:
    verbund = Verbund.objects.create(name="Test-Verbund")
    verbund.admin = services.create_verbund_admin("verbund.admin", PASSWORD)
    return verbund


def _verbund_admin() -> User:
    return User.objects.get(username="verbund.admin")


def make_kommune(verbund: Verbund, name: str, ags: str, einwohner: int = 1000) -> Kommune:
    return services.create_kommune(_verbund_admin(), name=name, ags=ags, einwohner=einwohner)


def kommune_admin_of(kommune: Kommune) -> User:
    """An active Kommune-Admin of `kommune`, who sets the Kommune up in tests.

    The Verbund administration may only appoint a Kommune's first Kommune-Admin
    (DESIGN §4); a Kommune that has none yet gets one named `<ags>.einrichtung`.
    """
    with kommune_scope(kommune):
        admin = (
            User.objects.filter(
                kommune=kommune,
                is_active=True,
                rollenzuweisungen__rolle=Rolle.KOMMUNE_ADMIN,
            )
            .order_by("pk")
            .first()
        )
    if admin is None:
        admin, _ = services.create_user(
            _verbund_admin(),
            kommune,
            username=f"{kommune.ags}.einrichtung",
            last_name="Einrichtung",
            rollen=[Rolle.KOMMUNE_ADMIN],
            password=PASSWORD,
        )
    return admin


def make_user(
    kommune: Kommune,
    username: str,
    rollen: list[str] | None = None,
    organisationseinheit_ids: list[int] | None = None,
) -> User:
    """A user of `kommune`: its first Kommune-Admin is appointed by the Verbund
    administration, everyone else is created by a Kommune-Admin."""
    rollen = rollen if rollen is not None else [Rolle.SACHBEARBEITUNG]
    erste_administration = (
        rollen == [Rolle.KOMMUNE_ADMIN]
        and not organisationseinheit_ids
        and not services.has_kommune_admin(kommune.pk)
    )
    user, _ = services.create_user(
        _verbund_admin() if erste_administration else kommune_admin_of(kommune),
        kommune,
        username=username,
        first_name=username.split(".")[0].title(),
        last_name="Test",
        rollen=rollen,
        organisationseinheit_ids=organisationseinheit_ids or [],
        password=PASSWORD,
    )
    return user


def make_oe(actor: User, kommune: Kommune, kurzzeichen: str, name: str, parent=None):
    """An OE of `kommune`, created by `actor` (the Verbund administration cannot:
    then the Kommune's own administration creates it)."""
    if actor.is_verbund_admin:
        actor = kommune_admin_of(kommune)
    return services.create_organisationseinheit(
        actor, kommune, name=name, kurzzeichen=kurzzeichen, parent=parent
    )
