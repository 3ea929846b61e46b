"""Fixtures for the Aktenplan: the Verbund's Registratur, a small plan, Kommune Registraturen."""

from __future__ import annotations

import pytest

from tests.factories import make_user
from tests.records.factories import make_kleiner_aktenplan, make_verbund_registratur


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
