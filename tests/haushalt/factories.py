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


# The Aktenplan nodes the Haushalt files under (as in records/data/aktenplan_verbund.csv).
AKTENPLAN_HAUSHALT = """\
Kennzeichen;Übergeordnet;Titel;Beschreibung;Aufbewahrungsfrist;Aussonderungsart;gültig ab;\
gültig bis
9;;Finanzen;;10;B;01.01.2024;
90;9;Haushaltswirtschaft;;10;A;01.01.2024;
900;90;Haushaltssatzung und Haushaltsplan;;dauernd;A;01.01.2024;
900.1;900;Aufstellung des Haushaltsplans: Anmeldungen, Entwürfe;;10;V;01.01.2024;
900.2;900;Beschluss und Bekanntmachung der Haushaltssatzung;;dauernd;A;01.01.2024;
900.3;900;Genehmigung und Anzeige bei der Aufsichtsbehörde;;dauernd;A;01.01.2024;
900.4;900;Nachtragshaushaltssatzungen;;dauernd;A;01.01.2024;
"""


def load_aktenplan() -> None:
    """The Verbund's 900.x nodes, imported by the Verbund's Registratur."""
    from aktenbund.records import services as records

    registratur = User.objects.filter(username="verbund.registratur").first()
    if registratur is None:
        from tests.records.factories import make_verbund_registratur

        registratur = make_verbund_registratur()
    records.import_aktenplan(registratur, AKTENPLAN_HAUSHALT.encode(), "csv")
