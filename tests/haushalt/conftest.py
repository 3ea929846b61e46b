"""Haushalt fixtures: the example frames, the 900.x Aktenplan, the Kämmerei of both Kommunen."""

from __future__ import annotations

import pytest

from aktenbund.haushalt.services import ablage
from tests.factories import make_oe, make_user
from tests.haushalt.factories import load_aktenplan, load_frames


@pytest.fixture
def frames(verbund):
    load_frames()
    load_aktenplan()


@pytest.fixture(autouse=True)
def _ohne_ganzen_plan():
    """Workflow steps file their documents, but not the whole-plan PDF (seconds each),
    unless a test asks for `ganzer_plan` (tests/haushalt/test_ablage.py)."""
    with ablage.ohne_ganzen_plan():
        yield


@pytest.fixture
def ganzer_plan(_ohne_ganzen_plan):
    """Steps file the whole plan as PDF too, as in production."""
    with ablage.mit_ganzem_plan():
        yield


@pytest.fixture
def kaemmerei_a(kommune_a, verbund_admin):
    oe = make_oe(verbund_admin, kommune_a, "FIN", "Finanzverwaltung")
    return make_user(kommune_a, "meinhard.kaemmerei", ["kaemmerei"], [oe.pk])


@pytest.fixture
def kaemmerei_b(kommune_b, verbund_admin):
    oe = make_oe(verbund_admin, kommune_b, "FIN", "Finanzverwaltung")
    return make_user(kommune_b, "sontra.kaemmerei", ["kaemmerei"], [oe.pk])
