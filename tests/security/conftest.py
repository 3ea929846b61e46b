import pytest

from tests.security.probe_objects import World, build_world


@pytest.fixture
def world(settings, kommune_a, kommune_b, admin_a, admin_b) -> World:
    """Kommune B with one marked object per maker, Kommune A with its probe users."""
    # A healthy installation, so that the health check answers 200 like other reads.
    settings.BLOB_ROOT.mkdir(parents=True, exist_ok=True)
    return build_world(kommune_a, kommune_b, admin_a, admin_b)
