"""The model's fences and helpers: the visibility manager, natural order, validity."""

from __future__ import annotations

import datetime

import pytest
from django_scopes import ScopeError

from aktenbund.records.models import Aktenplaneinheit, kennzeichen_sort_key
from aktenbund.tenancy.scope import kommune_scope
from tests.records.factories import make_einheit

pytestmark = pytest.mark.django_db


def test_sichtbar_shows_verbund_nodes_plus_the_scopes_local_ones(
    plan, registratur_a, registratur_b, kommune_a, kommune_b
):
    make_einheit(registratur_a, "121.50", "Meinhard", parent=plan["121"])
    make_einheit(registratur_b, "121.51", "Sontra", parent=plan["121"])
    with kommune_scope(kommune_a):
        sichtbar = set(Aktenplaneinheit.sichtbar.values_list("kennzeichen", flat=True))
        eigene = set(Aktenplaneinheit.objects.values_list("kennzeichen", flat=True))
        kinder = {n.kennzeichen for n in plan["121"].children.all()}
    assert "121.50" in sichtbar and "121.51" not in sichtbar and "121" in sichtbar
    assert eigene == {"121.50"}
    assert kinder == {"121.50"}  # reverse relations follow the default manager
    with kommune_scope(None):
        verbund = set(Aktenplaneinheit.sichtbar.values_list("kennzeichen", flat=True))
        assert set(Aktenplaneinheit.objects.values_list("kennzeichen", flat=True)) == verbund
    assert verbund == {kz for kz in plan}


def test_managers_refuse_to_query_outside_a_scope(plan):
    with pytest.raises(ScopeError):
        list(Aktenplaneinheit.sichtbar.all())
    with pytest.raises(ScopeError):
        Aktenplaneinheit.objects.count()


def test_siblings_sort_in_natural_order():
    def order(*kennzeichen):
        return sorted(kennzeichen, key=kennzeichen_sort_key)

    assert order("1.3.10", "1.3.2", "1.3.1") == ["1.3.1", "1.3.2", "1.3.10"]
    assert order("029", "020", "023") == ["020", "023", "029"]
    assert order("A-10", "A-2") == ["A-2", "A-10"]
    assert order("12.B", "12.10", "12.2") == ["12.2", "12.10", "12.B"]


def test_validity_days_are_inclusive(plan):
    node = plan["121"]
    node.gueltig_ab = datetime.date(2024, 1, 1)
    node.gueltig_bis = datetime.date(2024, 12, 31)
    assert node.ist_gueltig(datetime.date(2024, 12, 31))
    assert not node.ist_gueltig(datetime.date(2025, 1, 1))
    assert not node.ist_gueltig(datetime.date(2023, 12, 31))
    assert node.ist_geschlossen  # its last day has passed
