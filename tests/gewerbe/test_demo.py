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
    meldungen: list[str] = []
    gefiled = demo.load(120, kommunen=["Sontra", "Berkatal"], fortschritt=meldungen.append)
    # Every generated Anzeige passes the checks (foreign persons' Aufenthaltstitel included).
    assert not [m for m in meldungen if "übersprungen" in m]
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


def test_generated_aufenthaltstitel_lies_between_adulthood_and_the_start():
    import datetime
    import random

    beginn = datetime.date(2024, 5, 1)
    titel = []
    for seed in range(3000):
        person = demo._person(random.Random(seed), "1", "37284", "Waldkappel", beginn)
        if person.aufenthaltstitel_datum:
            titel.append(person)
    assert titel, "the generator never drew a person who needs an Aufenthaltstitel"
    for person in titel:
        volljaehrig = person.geburtsdatum + datetime.timedelta(days=18 * 365)
        assert volljaehrig <= person.aufenthaltstitel_datum
        assert person.aufenthaltstitel_datum <= beginn - datetime.timedelta(days=30)
