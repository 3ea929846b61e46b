"""The demo Haushalt: two plans for each of the eleven Kommunen, one Kommune unbalanced."""

from __future__ import annotations

import pytest

from aktenbund.haushalt import demo, services
from aktenbund.haushalt.models import Haushaltsplan
from aktenbund.tenancy import demo as tenancy_demo
from aktenbund.tenancy.models import Kommune, User
from aktenbund.tenancy.scope import kommune_scope

pytestmark = pytest.mark.django_db


def test_demo_plans_for_every_kommune_scaled_by_einwohner():
    tenancy_demo.load()
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
