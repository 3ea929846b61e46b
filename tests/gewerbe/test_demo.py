"""The demo register: Betriebe with histories, filed through the services, loaded once."""

from __future__ import annotations

from aktenbund.gewerbe import demo
from aktenbund.gewerbe.models import Gewerbeanzeige, Gewerbebetrieb
from aktenbund.records import demo as records_demo
from aktenbund.tenancy import demo as tenancy_demo
from aktenbund.tenancy.models import Kommune
from aktenbund.tenancy.scope import kommune_scope


def test_demo_register_has_histories_and_loads_once(db):
    tenancy_demo.load()
    records_demo.load()
    gefiled = demo.load(120, kommunen=["Sontra", "Berkatal"])
    sontra = Kommune.objects.get(name="Sontra")
    with kommune_scope(sontra):
        betriebe = Gewerbebetrieb.objects.count()
        arten = set(Gewerbeanzeige.objects.values_list("anzeigeart", flat=True))
        ohne_vorgang = Gewerbeanzeige.objects.filter(vorgang__isnull=True).count()
        jahre = {d.year for d in Gewerbeanzeige.objects.values_list("eingang_am", flat=True)}
    assert betriebe == round(120 * 7600 / (7600 + 1500))
    assert arten == {"an", "um", "ab"}
    assert ohne_vorgang == 0
    assert len(jahre) >= 5
    assert demo.load(120, kommunen=["Sontra", "Berkatal"]) == 0
    assert gefiled > betriebe
