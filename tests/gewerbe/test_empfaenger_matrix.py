"""§ 3 GewAnzV, table-driven: each body gets exactly its fields, per Anlage.

For every kind of receiving body and every Anlage it receives, a message is
built from an Anzeige with every field filled. Each field of the Anlage must
appear in the message if and only if § 3 gives it to the body, and the
message may contain nothing that is not one of its fields (or the envelope).
"""

from __future__ import annotations

import pytest
from django.utils import timezone

from aktenbund.gewerbe import katalog
from aktenbund.gewerbe.services import xgewerbeanzeige as xga
from aktenbund.tenancy.scope import kommune_scope
from tests.gewerbe.volle_anzeigen import volle_anzeigen
from tests.gewerbe.xml_helpers import UMSCHLAG, meldung_of, nodes

FAELLE = [
    (typ, anlage)
    for typ, eintrag in sorted(katalog.empfaengertypen().items())
    for anlage in sorted(eintrag.felder)
]

# § 3 GewAnzV verbatim, a second time and independently of the data file: the
# data may be corrected, but not silently.
PARAGRAPH_3 = {
    ("ihk", 1): ("ausser", "13, 27, 29-31, 33"),
    ("ihk", 2): ("ausser", "13, 26-28, 30"),
    ("ihk", 3): ("ausser", "13, 30"),
    ("hwk", 1): ("ausser", "13, 27, 30, 31, 33"),
    ("hwk", 2): ("ausser", "13, 27, 28, 30"),
    ("hwk", 3): ("ausser", "13, 30"),
    ("immissionsschutz", 1): ("ausser", "10, 12, 13, 27-31, 33"),
    ("immissionsschutz", 2): ("ausser", "10, 12, 13, 25-28, 30"),
    ("immissionsschutz", 3): ("ausser", "10, 12, 13, 28, 30"),
    ("eich", 1): ("nur", "1, 3-5, 11, 14, 15, 18, 20"),
    ("eich", 2): ("nur", "1, 3-5, 11, 14, 15, 18, 19, 21"),
    ("eich", 3): ("nur", "1, 3-5, 11, 14, 16, 18, 20"),
    ("ba", 1): ("ausser", "13, 27, 33"),
    ("ba", 2): ("ausser", "13, 30"),
    ("ba", 3): ("ausser", "10, 12-19, 21-30"),
    ("dguv", 1): ("ausser", "12, 28, 30, 31, 33"),
    ("dguv", 2): ("ausser", "12, 25, 27, 28, 30"),
    ("dguv", 3): ("ausser", "12, 30"),
    ("zoll", 1): ("ausser", "13, 27, 33"),
    ("registergericht", 3): ("ausser", "8-10, 12-14, 16, 21, 22, 24, 28-30"),
    ("statistik", 1): ("nur", "1-6, 10, 12, 15-25, 29, 32"),
    ("statistik", 2): ("nur", "1-6, 10, 12, 15-24, 26, 29"),
    ("statistik", 3): ("nur", "1-6, 10, 12, 15-26, 28, 29"),
    ("lebensmittel", 1): ("ausser", "10, 12, 13, 27-31, 33"),
    ("lebensmittel", 2): ("ausser", "10, 12, 13, 25-28, 30"),
    ("lebensmittel", 3): ("ausser", "10, 12, 13, 28, 30"),
}


@pytest.mark.parametrize(("typ", "anlage"), sorted(PARAGRAPH_3))
def test_matrix_data_says_what_paragraph_3_says(typ, anlage):
    umfang, nummern = PARAGRAPH_3[(typ, anlage)]
    alle = {f.nr for f in katalog.felder(anlage)}
    erwartet = (
        alle - katalog.parse_nummern(nummern)
        if umfang == "ausser"
        else katalog.parse_nummern(nummern)
    )
    assert katalog.erlaubte_nummern(typ, anlage) == erwartet
    if typ in {"immissionsschutz"}:
        assert katalog.erlaubte_nummern("arbeitsschutz", anlage) == erwartet


def test_bodies_without_an_anlage_get_nothing():
    assert katalog.erlaubte_nummern("zoll", 2) == frozenset()
    assert katalog.erlaubte_nummern("registergericht", 1) == frozenset()


@pytest.fixture
def anzeigen(gewerbeamt_a):
    return volle_anzeigen(gewerbeamt_a)


def _message(anzeige, typ):
    empfaenger = next(e for e in katalog.empfaenger_liste() if e.typ == typ)
    erlaubt = katalog.erlaubte_schluessel(typ, anzeige.anlage)
    return xga.build_nachricht(
        empfaenger,
        anzeige.kommune,
        [(anzeige, erlaubt)],
        nachricht_uuid="00000000-0000-4000-8000-000000000001",
        jetzt=timezone.now(),
    )


@pytest.mark.parametrize(("typ", "anlage"), FAELLE)
def test_each_body_gets_exactly_its_fields(anzeigen, kommune_a, typ, anlage):
    anzeige = anzeigen[anlage]
    with kommune_scope(kommune_a):
        xml = _message(anzeige, typ)
    assert xga.validiere_gegen_xsd(xml) == []
    meldung = meldung_of(xml)
    erlaubt = katalog.erlaubte_nummern(typ, anlage)
    besessen: set = set()
    for feld in katalog.felder(anlage):
        if not feld.xml:
            continue  # Unterschrift: never transmitted
        gefunden = [n for path in feld.xml for n in nodes(meldung, path)]
        if feld.nr in erlaubt:
            assert gefunden, f"{typ}, Anlage {anlage}: {feld.titel} fehlt"
            for node in gefunden:
                besessen.update(node.iter())
        else:
            # Fields sharing an element (24/25) are owned by the one the body gets.
            geteilt = any(
                f.nr in erlaubt and set(f.xml) & set(feld.xml) for f in katalog.felder(anlage)
            )
            if not geteilt:
                assert not gefunden, f"{typ}, Anlage {anlage}: {feld.titel} darf nicht dabei sein"
    for element in meldung.iter():
        if not isinstance(element.tag, str) or element.tag == "code":
            continue
        name = element.tag.split("}")[1]
        umschlag = any(
            a.tag.split("}")[-1] in UMSCHLAG for a in [element, *element.iterancestors()]
        )
        if element in besessen or umschlag:
            continue
        # A container is fine if something it holds is a field of this body.
        assert any(d in besessen for d in element.iterdescendants()), (
            f"{typ}, Anlage {anlage}: <{name}> gehört zu keinem Feld dieses Empfängers"
        )


def test_personal_fields_withheld_from_eich_and_statistik(anzeigen, kommune_a):
    with kommune_scope(kommune_a):
        eich = meldung_of(_message(anzeigen[1], "eich"))
        statistik = meldung_of(_message(anzeigen[1], "statistik"))
    assert not nodes(eich, "gewerbe/beteiligtePerson/geburtsdatum")
    assert not nodes(eich, "gewerbe/beteiligtePerson/aufenthaltstitel")
    assert nodes(eich, "gewerbe/beteiligtePerson/familienname")
    assert not nodes(statistik, "gewerbe/beteiligtePerson/anschrift")
    assert not nodes(statistik, "gewerbe/beteiligtePerson/geburtsdatum")
    assert [
        n.findtext("code") for n in nodes(statistik, "gewerbe/beteiligtePerson/geschlecht")
    ] == ["1", "2"]
