"""Haushalt objects for tests, made through the services as users make them."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from aktenbund.haushalt import services
from aktenbund.haushalt.models import Haushaltsplan, Planansatz
from aktenbund.tenancy.models import Kommune, User
from aktenbund.tenancy.scope import kommune_scope

DATA = Path(services.__file__).resolve().parent.parent / "data"
PRODUKTRAHMEN = DATA / "produktrahmen_beispiel.csv"
KONTENRAHMEN = DATA / "kontenrahmen_beispiel_kvkr_stil.csv"


def refresh(obj) -> None:
    """Reload a tenant object in its Kommune's scope (row-level security on PostgreSQL)."""
    with kommune_scope(obj.kommune_id):
        obj.refresh_from_db()


def _verbund_admin() -> User:
    return User.objects.get(username="verbund.admin")


def load_frames() -> None:
    """The example Produkt- and Kontenrahmen, loaded by the Verbund administration."""
    admin = _verbund_admin()
    services.import_produktrahmen(admin, PRODUKTRAHMEN.read_bytes(), "csv")
    services.import_kontenrahmen(admin, KONTENRAHMEN.read_bytes(), "csv")


def betraege(*werte) -> dict[str, Decimal]:
    """Six column amounts from numbers/strings (VVJ, VJ, HJ, +1, +2, +3)."""
    from aktenbund.haushalt.models import BETRAGSSPALTEN

    return {name: Decimal(str(w)) for name, w in zip(BETRAGSSPALTEN, werte, strict=True)}


def make_plan(actor: User, jahr: int = 2026, **kwargs) -> Haushaltsplan:
    return services.create_plan(actor, haushaltsjahr=jahr, **kwargs)


def make_ansatz(
    actor: User,
    plan: Haushaltsplan,
    konto: str,
    produkt: str,
    *werte,
    massnahme: str = "",
    erlaeuterung: str = "",
) -> Planansatz:
    return services.create_planansatz(
        actor,
        plan,
        konto=konto,
        produkt=produkt,
        massnahme=massnahme,
        betraege=betraege(*werte) if werte else {},
        erlaeuterung=erlaeuterung,
    )


def make_probe_plan(kommune: Kommune, kaemmerei: User, marker: str) -> Haushaltsplan:
    """A plan of `kommune` with one Ansatz, its texts carrying `marker`."""
    from aktenbund.haushalt.models import Produktbereich

    if not Produktbereich.objects.exists():
        load_frames()
    plan = services.create_plan(kaemmerei, haushaltsjahr=2026, vorbericht=f"{marker}-VORBERICHT")
    make_ansatz(kaemmerei, plan, "5552", "16.01.01", 0, 0, 100, 0, 0, 0, erlaeuterung=marker)
    return plan
