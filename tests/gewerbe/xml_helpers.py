"""Reading produced XGewerbeanzeige messages in tests."""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from aktenbund.gewerbe.services.xgewerbeanzeige import NS

NSMAP = {"xga": NS}
SAMPLES = Path("/work/shared/standards/xgewerbeanzeige/examples-kosit-validator")

# Elements of every Satz that belong to no GewAnzV field (header of the Satz).
UMSCHLAG = {
    "satzErstellung",
    "ereigniszeitpunkt",
    "autor",
    "istKorrektur",
    "gemeindeSchluessel",
    "gemeindeMeldungNr",
    "gewerbebetriebID",
    "uuid",
    "datumMeldung",
    "personFunktion",
}


def xpath_of(path: str) -> str:
    """felder.csv's element path (no prefixes) as an XPath in the 2.2 namespace."""
    return re.sub(
        r"(?<![\w'.])([A-Za-z][\w.]*)", lambda m: m[1] if m[1] == "code" else f"xga:{m[1]}", path
    )


def meldung_of(xml: bytes | str):
    root = etree.fromstring(xml.encode() if isinstance(xml, str) else xml)
    return root.xpath("xga:satz/*", namespaces=NSMAP)[0]


def nodes(meldung, path: str) -> list:
    return meldung.xpath(xpath_of(path), namespaces=NSMAP)


def sample_vocabulary() -> set[str]:
    """Every element name the KoSIT 2.x samples use."""
    names: set[str] = set()
    for sample in SAMPLES.glob("xgwa2.*.xml"):
        for element in etree.parse(str(sample)).iter():
            if isinstance(element.tag, str):
                names.add(etree.QName(element).localname)
    return names
