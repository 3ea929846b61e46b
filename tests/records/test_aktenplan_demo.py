"""The demo Verbund's Aktenplan: KGSt structure, stable Kennzeichen, loaded idempotently."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import override_settings

from aktenbund.audit.models import AuditEvent
from aktenbund.records import demo, services
from aktenbund.records.models import Aktenplaneinheit
from aktenbund.tenancy import demo as tenancy_demo
from aktenbund.tenancy.models import Kommune
from aktenbund.tenancy.scope import kommune_scope
from tests.records.factories import alle_einheiten

pytestmark = pytest.mark.django_db

HAUPTGRUPPEN = {
    "0": "Allgemeine Verwaltung",
    "1": "Sicherheit und Ordnung",
    "2": "Schulen",
    "3": "Kultur, Wissenschaft",
    "4": "Soziales",
    "5": "Gesundheit, Sport, Erholung",
    "6": "Bauwesen",
    "7": "Öffentliche Einrichtungen, Wirtschaftsförderung",
    "8": "Wirtschaftliche Unternehmen, allgemeines Grund- und Sondervermögen",
    "9": "Finanzen",
}


@pytest.fixture(scope="module")
def demo_db(django_db_setup, django_db_blocker):
    """The whole demo Verbund, loaded once for this module (rolled back afterwards)."""
    fast_hashing = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
    )
    with django_db_blocker.unblock(), fast_hashing:
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            tenancy_demo.load()
            demo.load(akten=False)
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _verbund_nodes() -> dict[str, Aktenplaneinheit]:
    with kommune_scope(None):
        return {n.kennzeichen: n for n in services.aktenplan_for(None)}


def test_demo_aktenplan_has_all_hauptgruppen_and_at_least_150_nodes(demo_db):
    plan = _verbund_nodes()
    assert len(plan) >= 150
    assert {kz: plan[kz].titel for kz in HAUPTGRUPPEN} == HAUPTGRUPPEN
    assert all(plan[kz].ebene == 1 for kz in HAUPTGRUPPEN)
    assert max(n.ebene for n in plan.values()) >= 4


def test_demo_aktenplan_has_the_nodes_the_fachverfahren_file_under(demo_db):
    plan = _verbund_nodes()
    assert plan["121"].titel.startswith("Gewerbeanzeigen")
    assert plan["121.1"].titel == "Gewerbeanmeldungen (GewA 1)"
    assert plan["121.1"].parent == plan["121"] and plan["121"].parent == plan["12"]
    assert plan["12"].parent == plan["1"]
    assert plan["900"].titel == "Haushaltssatzung und Haushaltsplan"
    assert plan["900"].parent.kennzeichen == "90"
    # Second and third levels for Hauptamt, Ordnungsamt, Bauamt and Kämmerei.
    for kz in ("02", "021", "12", "121", "61", "611", "90", "900"):
        assert kz in plan


def test_demo_aktenplan_uses_realistic_fristen_and_all_aussonderungsarten(demo_db):
    plan = _verbund_nodes()
    assert {n.aussonderungsart for n in plan.values()} == {"A", "B", "V"}
    assert plan["130"].aufbewahrungsfrist == 110  # Geburtenregister, § 5 PStG
    assert plan["060"].ist_dauernd  # Ortsrecht


def test_demo_has_local_nodes_in_two_kommunen(demo_db):
    meinhard = Kommune.objects.get(name="Meinhard")
    sontra = Kommune.objects.get(name="Sontra")
    with kommune_scope(meinhard):
        lokal = services.aktenplan_for(meinhard.pk).filter(kommune=meinhard)
        assert {"013.50", "56.50", "56.50.1"} <= set(lokal.values_list("kennzeichen", flat=True))
    with kommune_scope(sontra):
        assert not services.aktenplan_for(sontra.pk).filter(kommune__isnull=False).exists()


def test_loading_the_demo_again_changes_nothing(demo_db):
    with kommune_scope(None):
        events = AuditEvent.objects.filter(kommune__isnull=True).count()
    count = alle_einheiten().count()
    demo.load(akten=False)
    with kommune_scope(None):
        assert AuditEvent.objects.filter(kommune__isnull=True).count() == events
    assert alle_einheiten().count() == count
