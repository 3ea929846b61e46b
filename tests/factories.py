"""Factories that create objects the way users do: through the services."""

from __future__ import annotations

from aktenbund.tenancy import services
from aktenbund.tenancy.models import Kommune, Rolle, User, Verbund

PASSWORD = "Test-Passwort-123"


def make_verbund() -> Verbund:
    verbund = Verbund.objects.create(name="Test-Verbund")
    verbund.admin = services.create_verbund_admin("verbund.admin", PASSWORD)
    return verbund


def _verbund_admin() -> User:
    return User.objects.get(username="verbund.admin")


def make_kommune(verbund: Verbund, name: str, ags: str, einwohner: int = 1000) -> Kommune:
    return services.create_kommune(_verbund_admin(), name=name, ags=ags, einwohner=einwohner)


def make_user(
    kommune: Kommune,
    username: str,
    rollen: list[str] | None = None,
    organisationseinheit_ids: list[int] | None = None,
) -> User:
    user, _ = services.create_user(
        _verbund_admin(),
        kommune,
        username=username,
        first_name=username.split(".")[0].title(),
        last_name="Test",
        rollen=rollen if rollen is not None else [Rolle.SACHBEARBEITUNG],
        organisationseinheit_ids=organisationseinheit_ids or [],
        password=PASSWORD,
    )
    return user


def make_oe(actor: User, kommune: Kommune, kurzzeichen: str, name: str, parent=None):
    return services.create_organisationseinheit(
        actor, kommune, name=name, kurzzeichen=kurzzeichen, parent=parent
    )
