"""The demo Haushalt: two plans for each of the eleven Kommunen, one Kommune unbalanced."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from aktenbund.haushalt import demo, services
from aktenbund.haushalt.models import Ablage, Haushaltsplan, Vergleichsteilnahme
from aktenbund.records import demo as records_demo
from aktenbund.records import services as records
from aktenbund.tenancy import demo as tenancy_demo
from aktenbund.tenancy.models import Kommune, User
from aktenbund.tenancy.scope import kommune_scope

pytestmark = pytest.mark.django_db


def test_demo_plans_for_every_kommune_scaled_by_einwohner():
    tenancy_demo.load()
    records_demo.load()
    demo.load()
    demo.load()  # idempotent
    ausgeglichen = {}
    for kommune in Kommune.objects.all():
        with kommune_scope(kommune):
            plaene = {p.haushaltsjahr: p for p in Haushaltsplan.objects.all()}
        assert set(plaene) == {2026, 2027}, kommune.name
        assert plaene[2026].status == "rechtskraeftig" and plaene[2027].status == "entwurf"
        berechnet = services.statements(plaene[2026])
        assert len(berechnet.posten) == len(demo.ANSAETZE)
        ausgeglichen[kommune.name] = berechnet.ausgeglichen
        steuern_je_ew = berechnet.ergebnis.wert("05") / kommune.einwohner
        assert 800 < steuern_je_ew < 900, kommune.name
    assert ausgeglichen.pop(demo.UNAUSGEGLICHEN) is False
    assert all(ausgeglichen.values()), ausgeglichen
    # The Kämmerei of Witzenhausen (browser test, docs) exists.
    assert User.objects.get(username="witzenhausen.kaemmerei").has_rolle("kaemmerei")
    # The demo files only the Satzung into the E-Akte; most Kommunen compare.
    witzenhausen = Kommune.objects.get(name="Witzenhausen")
    kaemmerei = User.objects.get(username="witzenhausen.kaemmerei")
    with kommune_scope(witzenhausen):
        plan = Haushaltsplan.objects.get(haushaltsjahr=2026)
        kennzeichen = set(
            Ablage.objects.filter(haushaltsplan=plan).values_list("kennzeichen", flat=True)
        )
        assert kennzeichen == {"900.2"}
        titel = [
            d.titel
            for a in Ablage.objects.filter(haushaltsplan=plan)
            for d in records.dokumente_of(records.get_vorgang(kaemmerei, a.vorgang_id))
        ]
    assert titel == ["Haushaltssatzung zum Haushaltsplan 2026 (beschlossen am 09.12.2025)"]
    with kommune_scope(witzenhausen), scopes_disabled():  # participants are no secret
        teilnehmer = set(Vergleichsteilnahme.objects.values_list("kommune__name", flat=True))
    assert teilnehmer == {k[0] for k in tenancy_demo.KOMMUNEN} - set(demo.NICHT_IM_VERGLEICH)
