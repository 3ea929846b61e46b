"""Fixtures for the Aktenplan: the Verbund's Registratur, a small plan, Kommune Registraturen."""

from __future__ import annotations

import pytest

from tests.factories import make_oe, make_user
from tests.records.factories import (
    make_akte,
    make_kleiner_aktenplan,
    make_verbund_registratur,
    make_vorgang,
)


@pytest.fixture
def verbund_registratur(verbund):
    return make_verbund_registratur()


@pytest.fixture
def plan(verbund_registratur):
    """A small Verbund Aktenplan (0, 02, 021, 1, 12, 121, 9, 900), by Kennzeichen."""
    return make_kleiner_aktenplan(verbund_registratur)


@pytest.fixture
def registratur_a(kommune_a):
    return make_user(kommune_a, "meinhard.registratur", ["registratur"])


@pytest.fixture
def registratur_b(kommune_b):
    return make_user(kommune_b, "sontra.registratur", ["registratur"])


@pytest.fixture
def oe_a(admin_a, kommune_a):
    return make_oe(admin_a, kommune_a, "32", "Ordnungsamt")


@pytest.fixture
def oe_a_bau(admin_a, kommune_a):
    return make_oe(admin_a, kommune_a, "60", "Bauamt")


@pytest.fixture
def sb_a(kommune_a, oe_a):
    """A clerk of Meinhard in the Ordnungsamt."""
    return make_user(kommune_a, "meinhard.ordnung", ["sachbearbeitung"], [oe_a.pk])


@pytest.fixture
def sb_a_bau(kommune_a, oe_a_bau):
    """A clerk of Meinhard in the Bauamt (not federführend for the Ordnungsamt's Akten)."""
    return make_user(kommune_a, "meinhard.bau", ["sachbearbeitung"], [oe_a_bau.pk])


@pytest.fixture
def amtsleitung_a(kommune_a, oe_a):
    return make_user(kommune_a, "meinhard.amtsleitung", ["amtsleitung"], [oe_a.pk])


@pytest.fixture
def oe_b(admin_b, kommune_b):
    return make_oe(admin_b, kommune_b, "32", "Ordnungsamt")


@pytest.fixture
def sb_b(kommune_b, oe_b):
    return make_user(kommune_b, "sontra.ordnung", ["sachbearbeitung"], [oe_b.pk])


@pytest.fixture
def akte_a(sb_a, plan):
    return make_akte(sb_a, plan["121"], "Gewerbe Müller")


@pytest.fixture
def vorgang_a(sb_a, akte_a):
    return make_vorgang(sb_a, akte_a, "Anmeldung Müller")
