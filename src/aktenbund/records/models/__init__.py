"""Records: the Aktenplan and what is filed under it (xdomea hierarchy).

Aktenplaneinheit → Akte → Vorgang → Dokument → Version, plus the access list
of vertrauliche Akten (`AkteZugriff`) and Amtshilfe grants (`Freigabe`).
Rules that span rows live in `records.services`.
"""

from aktenbund.records.models.akten import (
    Akte,
    Aktenstatus,
    Aktenzeichenregel,
    Aktenzeichenzaehler,
    AkteZugriff,
    Dokument,
    Dokumenttyp,
    Recht,
    Richtung,
    Version,
    Vorgang,
)
from aktenbund.records.models.aktenplan import (
    FRIST_MAX_JAHRE,
    KENNZEICHEN_MAX_LENGTH,
    KENNZEICHEN_RE,
    Aktenplaneinheit,
    AktenplanManager,
    Aussonderungsart,
    kennzeichen_sort_key,
)
from aktenbund.records.models.freigaben import Freigabe

__all__ = [
    "FRIST_MAX_JAHRE",
    "KENNZEICHEN_MAX_LENGTH",
    "KENNZEICHEN_RE",
    "Akte",
    "AkteZugriff",
    "AktenplanManager",
    "Aktenplaneinheit",
    "Aktenstatus",
    "Aktenzeichenregel",
    "Aktenzeichenzaehler",
    "Aussonderungsart",
    "Dokument",
    "Dokumenttyp",
    "Freigabe",
    "Recht",
    "Richtung",
    "Version",
    "Vorgang",
    "kennzeichen_sort_key",
]
