"""Haushalt services: one function per user action (see the modules).

- `rahmen`: Produkt- and Kontenrahmen (Verbund), own Produkte, Teilhaushalte
- `plan`: Haushaltspläne, Planansätze, the computed statements
- `plan_io`: Planansätze as xlsx/CSV
- `rechnung`: the pure Decimal computation of the statements
- `anlagen`: Maßnahmen (Investitionsprogramm), Stellenplan, local §§ of the Satzung
- `satzung`: the Haushaltssatzung generated from the statements
- `workflow`: Entwurf → … → rechtskräftig, Nachtragshaushalte and their changes
"""

from aktenbund.haushalt.services.anlagen import (
    delete_massnahme,
    delete_satzungsparagraph,
    delete_stelle,
    get_massnahme,
    get_satzungsparagraph,
    get_stelle,
    investitionsprogramm,
    save_massnahme,
    save_satzungsparagraph,
    save_stelle,
    stellenplan,
)
from aktenbund.haushalt.services.druck import plan_pdf
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
from aktenbund.haushalt.services.satzung import haushaltssatzung
from aktenbund.haushalt.services.workflow import (
    SCHRITTE,
    advance_plan,
    aenderungen,
    back_to_entwurf,
    create_nachtrag,
    naechster_schritt,
)

__all__ = [
    "SCHRITTE",
    "Exportdatei",
    "ImportErgebnis",
    "Statements",
    "advance_plan",
    "aenderungen",
    "back_to_entwurf",
    "create_nachtrag",
    "create_plan",
    "create_planansatz",
    "create_produkt",
    "delete_massnahme",
    "delete_planansatz",
    "delete_satzungsparagraph",
    "delete_stelle",
    "export_kontenrahmen",
    "export_planansaetze",
    "export_produktrahmen",
    "get_massnahme",
    "get_plan",
    "get_planansatz",
    "get_produkt",
    "get_satzungsparagraph",
    "get_stelle",
    "get_teilhaushalt",
    "haushaltssatzung",
    "import_kontenrahmen",
    "import_planansaetze",
    "import_produktrahmen",
    "investitionsprogramm",
    "is_kaemmerei",
    "may_maintain_frames",
    "naechster_schritt",
    "plaene_for",
    "plan_pdf",
    "produkte_for",
    "require_entwurf",
    "save_massnahme",
    "save_satzungsparagraph",
    "save_stelle",
    "save_teilhaushalt",
    "spalten_titel",
    "statements",
    "stellenplan",
    "teilhaushalte_for",
    "update_plan",
    "update_planansatz",
    "update_produkt",
]
