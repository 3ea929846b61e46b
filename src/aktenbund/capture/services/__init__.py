"""Capture services: the Posteingang, its sources and its processing.

Search calls `text_of_version(version) -> str` for a Version's full text.
"""

from aktenbund.capture.services.posteingang import (
    Eingangsdatei,
    assign_to_vorgang,
    file_mail_into_vorgang,
    forward_to_oe,
    open_vorgang,
    receive,
    receive_mail,
    upload,
)
from aktenbund.capture.services.verarbeitung import recover_stale, verarbeite, verarbeite_stapel
from aktenbund.capture.services.volltext import ensure_rendition, rendition_of, text_of_version
from aktenbund.capture.services.zugang import (
    get_datei,
    get_eintrag,
    get_oe,
    postfaecher,
    sichtbare_eintraege,
)

__all__ = [
    "Eingangsdatei",
    "assign_to_vorgang",
    "ensure_rendition",
    "file_mail_into_vorgang",
    "forward_to_oe",
    "get_datei",
    "get_eintrag",
    "get_oe",
    "open_vorgang",
    "postfaecher",
    "receive",
    "receive_mail",
    "recover_stale",
    "rendition_of",
    "sichtbare_eintraege",
    "text_of_version",
    "upload",
    "verarbeite",
    "verarbeite_stapel",
]
