"""Demo Aktenplan: the Verbund's KGSt-style Aktenplan and a few local nodes.

The Verbund's Aktenplan ships as `data/aktenplan_verbund.csv` and is loaded
through the import service, as a Registratur would load it; running `load()`
again changes nothing. Stable Kennzeichen the Fachverfahren file under are
listed in docs/records.md (121 Gewerbeanzeigen, 900 Haushaltssatzung und
Haushaltsplan).
"""

from __future__ import annotations

import datetime
from pathlib import Path

from django.db import transaction

from aktenbund.records import demo_akten, services
from aktenbund.tenancy import demo as tenancy_demo
from aktenbund.tenancy.models import Kommune, Rolle, User
from aktenbund.tenancy.scope import kommune_scope

VERBUND_REGISTRATUR = "verbund.registratur"
AKTENPLAN_CSV = Path(__file__).resolve().parent / "data" / "aktenplan_verbund.csv"
LOKAL_AB = datetime.date(2025, 1, 1)

# Kommune → (übergeordnetes Kennzeichen, Kennzeichen, Titel, Frist, Aussonderungsart,
# Beschreibung). Local numbers start at 50, the Verbund's stay below (docs/records.md).
LOKALE_EINHEITEN: dict[str, list[tuple[str, str, str, int | None, str, str]]] = {
    "Meinhard": [
        ("013", "013.50", "Ortsbeirat Grebendorf", None, "A", ""),
        ("013", "013.51", "Ortsbeirat Schwebda", None, "A", ""),
        ("56", "56.50", "Werratalsee: Freizeit- und Campinganlage", 10, "B", ""),
        (
            "56.50",
            "56.50.1",
            "Pachtvertrag Campingplatz am Werratalsee",
            10,
            "V",
            "Vertrag, Nachträge und Abrechnungen der Pacht",
        ),
    ],
    "Witzenhausen": [
        ("35", "35.50", "Witzenhäuser Kirschenmarkt", 10, "B", ""),
        (
            "30",
            "30.50",
            "Zusammenarbeit mit dem Universitätsstandort Witzenhausen",
            30,
            "A",
            "Kooperationen mit dem Fachbereich Ökologische Agrarwissenschaften",
        ),
    ],
}


def load(*, akten: bool = True) -> list[tenancy_demo.Login]:
    """Create what is missing of the demo Aktenplan and, with `akten`, the demo Akten.

    Returns the Verbund Registratur's login. Needs the demo Verbund
    (`tenancy.demo.load()`) first. The Akten are filed by `demo_akten`.
    """
    logins = _load_aktenplan()
    if akten:
        demo_akten.load()
    return logins


@transaction.atomic
def _load_aktenplan() -> list[tenancy_demo.Login]:
    admin = User.objects.get(username=tenancy_demo.VERBUND_ADMIN)
    registratur = User.objects.filter(username=VERBUND_REGISTRATUR).first()
    if registratur is None:
        registratur, _ = services.create_verbund_registratur(
            admin,
            username=VERBUND_REGISTRATUR,
            first_name="Regina",
            last_name="Registratur",
            email="verbund.registratur@verbund.example",
            password=tenancy_demo.DEMO_PASSWORD,
        )
    services.import_aktenplan(registratur, AKTENPLAN_CSV.read_bytes(), "csv")
    for name, einheiten in LOKALE_EINHEITEN.items():
        kommune = Kommune.objects.get(name=name)
        actor = User.objects.get(username=tenancy_demo.username(name, Rolle.REGISTRATUR))
        with kommune_scope(kommune):
            for parent_kz, kennzeichen, titel, frist, art, beschreibung in einheiten:
                sichtbar = services.aktenplan_for(kommune.pk)
                if sichtbar.filter(kennzeichen=kennzeichen).exists():
                    continue
                services.create_aktenplaneinheit(
                    actor,
                    parent=sichtbar.get(kennzeichen=parent_kz),
                    kennzeichen=kennzeichen,
                    titel=titel,
                    beschreibung=beschreibung,
                    aufbewahrungsfrist=frist,
                    aussonderungsart=art,
                    gueltig_ab=LOKAL_AB,
                )
    return [tenancy_demo.Login("Verbund", "Registratur des Verbunds", VERBUND_REGISTRATUR)]
