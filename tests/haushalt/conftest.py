"""Fixtures for the Haushalt: the example frames and the Kämmerei of both Kommunen."""

from __future__ import annotations

import pytest

from tests.factories import make_user
from tests.haushalt.factories import load_frames


@pytest.fixture
def frames(verbund):
    load_frames()


@pytest.fixture
def kaemmerei_a(kommune_a):
    return make_user(kommune_a, "meinhard.kaemmerei", ["kaemmerei"])


@pytest.fixture
def kaemmerei_b(kommune_b):
    return make_user(kommune_b, "sontra.kaemmerei", ["kaemmerei"])
