import pytest

from tests.gewerbe.factories import make_gewerbeamt


@pytest.fixture
def gewerbeamt_a(kommune_a):
    return make_gewerbeamt(kommune_a, "meinhard.gewerbeamt")


@pytest.fixture
def gewerbeamt_b(kommune_b):
    return make_gewerbeamt(kommune_b, "sontra.gewerbeamt")
