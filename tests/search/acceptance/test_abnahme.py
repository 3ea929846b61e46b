"""The search acceptance set: every query of `daten.ANFRAGEN` must find its
expected documents and none of its non-hits, and never a document of another
Kommune; a few also through GET /api/v1/suche. Pass rates per capability are
printed (run with -s to see them); the bar is 100 %."""

from __future__ import annotations

from collections import defaultdict

import pytest

from aktenbund.records import services
from aktenbund.search.services import Suchanfrage, suche
from aktenbund.tenancy.scope import kommune_scope
from tests.factories import make_kommune, make_oe, make_user
from tests.records.factories import make_akte, make_vorgang
from tests.search.acceptance.daten import ANFRAGEN, API_ANFRAGEN, DOKUMENTE, VORGAENGE

pytestmark = pytest.mark.django_db


@pytest.fixture
def sachbearbeitung(kommune_a, kommune_b, admin_a, admin_b, verbund):
    """One clerk per Kommune of the set (M: Meinhard, S: Sontra, W: Witzenhausen)."""
    kommune_w = make_kommune(verbund, "Witzenhausen", "06636018", 15000)
    admin_w = make_user(kommune_w, "witzenhausen.admin", ["kommune_admin"])
    result = {}
    for kuerzel, kommune, admin in (
        ("M", kommune_a, admin_a),
        ("S", kommune_b, admin_b),
        ("W", kommune_w, admin_w),
    ):
        oe = make_oe(admin, kommune, "32", "Ordnungsamt")
        result[kuerzel] = make_user(
            kommune, f"{kommune.name.lower()}.abnahme", ["sachbearbeitung"], [oe.pk]
        )
    return result


def _ablegen(sachbearbeitung, plan) -> tuple[dict, dict, dict]:
    """Files the set through the records services: (Dokument id → key, key → Kommune,
    Vorgang key → Aktenzeichen)."""
    akten, vorgaenge = {}, {}
    for schluessel, v in VORGAENGE.items():
        user = sachbearbeitung[v.kommune]
        akte = akten.get((v.kommune, v.akte))
        if akte is None:
            akte = akten[(v.kommune, v.akte)] = make_akte(user, plan[v.plan], v.akte)
        vorgaenge[schluessel] = make_vorgang(user, akte, v.betreff)
    schluessel_von, kommune_von = {}, {}
    for schluessel, dok in DOKUMENTE.items():
        kommune = VORGAENGE[dok.vorgang].kommune
        user = sachbearbeitung[kommune]
        with kommune_scope(user.kommune_id):
            dokument = services.add_dokument(
                user,
                vorgaenge[dok.vorgang],
                titel=dok.titel,
                dateiname=f"{schluessel}.txt",
                inhalt=dok.text.encode("utf-8"),
                typ=dok.typ,
                datum=dok.datum,
                absender=dok.absender,
            )
        schluessel_von[dokument.pk] = schluessel
        kommune_von[schluessel] = kommune
    aktenzeichen = {k: v.aktenzeichen for k, v in vorgaenge.items()}
    return schluessel_von, kommune_von, aktenzeichen


def _query(anfrage, aktenzeichen) -> str:
    q = anfrage.q
    if q.startswith("{az:"):
        q = aktenzeichen[q[4:-1]]
    return q


def _pruefe_vorschlaege(anfrage, ergebnis, user, schluessel_von, kommune_von) -> list[str]:
    """The expected "Meinten Sie …?" and nothing that finds another Kommune's Dokumente."""
    angeboten = [v.q for v in ergebnis.vorschlaege]
    erwartet = anfrage.vorschlag
    probleme = []
    if erwartet == "" and angeboten:
        probleme.append(f"suggested {angeboten}, expected none")
    elif erwartet.startswith("-") and erwartet[1:] in angeboten:
        probleme.append(f"suggested {erwartet[1:]!r} (another Kommune's word)")
    elif erwartet and not erwartet.startswith("-") and erwartet not in angeboten:
        probleme.append(f"suggested {angeboten}, not {erwartet!r}")
    for q in angeboten:
        with kommune_scope(user.kommune_id):
            probe = suche(user, Suchanfrage(q=q, pro_seite=100), vorschlagen=False)
        gefunden = [schluessel_von.get(t.eintrag.dokument_id, "?") for t in probe.treffer]
        if not gefunden or any(kommune_von.get(k) != anfrage.kommune for k in gefunden):
            probleme.append(f"suggestion {q!r} finds {gefunden}")
    return probleme


def test_abnahme(sachbearbeitung, plan, client, request):
    assert len(DOKUMENTE) >= 300
    assert len(ANFRAGEN) >= 150
    schluessel_von, kommune_von, aktenzeichen = _ablegen(sachbearbeitung, plan)
    fehler: list[str] = []
    bestanden: dict[str, list[bool]] = defaultdict(list)
    for anfrage in ANFRAGEN:
        q = _query(anfrage, aktenzeichen)
        user = sachbearbeitung[anfrage.kommune]
        with kommune_scope(user.kommune_id):
            ergebnis = suche(user, Suchanfrage(q=q, pro_seite=100))
        gefunden = [schluessel_von.get(t.eintrag.dokument_id, "?") for t in ergebnis.treffer]
        probleme = []
        if fehlend := anfrage.treffer - set(gefunden):
            probleme.append(f"missing {sorted(fehlend)}")
        if falsch := anfrage.nicht & set(gefunden):
            probleme.append(f"wrong hit {sorted(falsch)}")
        if fremd := [k for k in gefunden if kommune_von.get(k) != anfrage.kommune]:
            probleme.append(f"another Kommune's {fremd}")
        if anfrage.erster and gefunden[:1] != [anfrage.erster]:
            probleme.append(f"first is {gefunden[:1]}, not {anfrage.erster}")
        if anfrage.vorschlag is not None:
            probleme += _pruefe_vorschlaege(anfrage, ergebnis, user, schluessel_von, kommune_von)
        bestanden[anfrage.faehigkeit].append(not probleme)
        if probleme:
            fehler.append(
                f"[{anfrage.faehigkeit}] {q!r} ({anfrage.kommune}): {'; '.join(probleme)}"
            )

    # The API gives the same Dokumente as the service.
    for q in API_ANFRAGEN:
        for kuerzel, user in sachbearbeitung.items():
            with kommune_scope(user.kommune_id):
                erwartet = {
                    t.eintrag.dokument_id
                    for t in suche(user, Suchanfrage(q=q, pro_seite=100)).treffer
                }
            client.force_login(user)
            antwort = client.get("/api/v1/suche", {"q": q, "pro_seite": 100})
            ok = (
                antwort.status_code == 200
                and {t["dokument_id"] for t in antwort.json()["treffer"]} == erwartet
            )
            bestanden["api"].append(ok)
            if not ok:
                fehler.append(
                    f"[api] {q!r} ({kuerzel}): {antwort.status_code} differs from the service"
                )

    zeilen = [
        f"{faehigkeit:<22} {sum(werte):>3}/{len(werte):<3} {100 * sum(werte) / len(werte):5.1f} %"
        for faehigkeit, werte in sorted(bestanden.items())
    ]
    alle = [w for werte in bestanden.values() for w in werte]
    zeilen.append(
        f"{'total':<22} {sum(alle):>3}/{len(alle):<3} {100 * sum(alle) / len(alle):5.1f} %"
    )
    print("\nSearch acceptance set (" + f"{len(DOKUMENTE)} Dokumente, {len(ANFRAGEN)} queries):")
    print("\n".join(zeilen))
    assert not fehler, "\n".join(fehler)
