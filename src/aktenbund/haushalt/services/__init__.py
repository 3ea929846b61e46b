"""Haushalt services: one function per user action (see the modules).

- `rahmen`: Produkt- and Kontenrahmen (Verbund), own Produkte, Teilhaushalte
- `plan`: Haushaltspläne, Planansätze, the computed statements
- `plan_io`: Planansätze as xlsx/CSV
- `rechnung`: the pure Decimal computation of the statements
"""

from aktenbund.haushalt.services.plan import (
    Statements,
    create_plan,
    create_planansatz,
    delete_planansatz,
    get_plan,
    get_planansatz,
    plaene_for,
    require_entwurf,
    spalten_titel,
    statements,
    update_plan,
    update_planansatz,
)
from aktenbund.haushalt.services.plan_io import export_planansaetze, import_planansaetze
from aktenbund.haushalt.services.rahmen import (
    Exportdatei,
    ImportErgebnis,
    create_produkt,
    export_kontenrahmen,
    export_produktrahmen,
    get_produkt,
    get_teilhaushalt,
    import_kontenrahmen,
    import_produktrahmen,
    produkte_for,
    save_teilhaushalt,
    teilhaushalte_for,
    update_produkt,
)
from aktenbund.haushalt.services.rechte import is_kaemmerei, may_maintain_frames

__all__ = [
    "Exportdatei",
    "ImportErgebnis",
    "Statements",
    "create_plan",
    "create_planansatz",
    "create_produkt",
    "delete_planansatz",
    "export_kontenrahmen",
    "export_planansaetze",
    "export_produktrahmen",
    "get_plan",
    "get_planansatz",
    "get_produkt",
    "get_teilhaushalt",
    "import_kontenrahmen",
    "import_planansaetze",
    "import_produktrahmen",
    "is_kaemmerei",
    "may_maintain_frames",
    "plaene_for",
    "produkte_for",
    "require_entwurf",
    "save_teilhaushalt",
    "spalten_titel",
    "statements",
    "teilhaushalte_for",
    "update_plan",
    "update_planansatz",
    "update_produkt",
]
