"""Gewerbe services: one function per thing the Gewerbeamt does.

Each runs in one transaction, writes its audit event and raises domain errors
with German messages that name the GewAnzV field number. Views, API and the
XML import call these, never the models directly.
"""

from aktenbund.gewerbe.services.anzeigen import (
    DuplikatWarnung,
    aehnliche_betriebe,
    get_gewerbeanzeige,
    get_gewerbebetrieb,
    register,
    submit_gewerbeanzeige,
    suche,
)
from aktenbund.gewerbe.services.rechte import (
    darf_auskunft_entscheiden,
    darf_erfassen,
    darf_lesen,
    darf_verbundstatistik,
)
from aktenbund.gewerbe.services.uebermittlung import (
    ausgang,
    erneut_bereitstellen,
    erster_werktag_des_folgemonats,
    export_ausgang,
    get_uebermittlung,
    markiere_fehler,
    markiere_uebermittelt,
    routen,
    set_empfaengereinstellung,
    statistik_sammeln,
)
from aktenbund.gewerbe.services.xml_import import import_xgewerbeanzeige

__all__ = [
    "DuplikatWarnung",
    "aehnliche_betriebe",
    "ausgang",
    "darf_auskunft_entscheiden",
    "darf_erfassen",
    "darf_lesen",
    "darf_verbundstatistik",
    "erneut_bereitstellen",
    "erster_werktag_des_folgemonats",
    "export_ausgang",
    "get_gewerbeanzeige",
    "get_gewerbebetrieb",
    "get_uebermittlung",
    "import_xgewerbeanzeige",
    "markiere_fehler",
    "markiere_uebermittelt",
    "register",
    "routen",
    "set_empfaengereinstellung",
    "statistik_sammeln",
    "submit_gewerbeanzeige",
    "suche",
]
