"""Suite-wide fixtures: settings for tests and a small Verbund with two Kommunen.

Objects are created through the services, as users create them, so each
fixture also starts the audit chains. Test bodies open scopes explicitly
(`kommune_scope`) where they query tenant models.
"""

from __future__ import annotations

import pytest

from tests.factories import make_kommune, make_user, make_verbund


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.BLOB_ROOT = tmp_path / "blobs"
    settings.SECURE_COOKIES = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False


@pytest.fixture
def verbund(db):
    return make_verbund()


@pytest.fixture
def verbund_admin(verbund):
    return verbund.admin


@pytest.fixture
def kommune_a(verbund):
    return make_kommune(verbund, "Meinhard", "06636007", 4560)


@pytest.fixture
def kommune_b(verbund):
    return make_kommune(verbund, "Sontra", "06636011", 7600)


@pytest.fixture
def admin_a(kommune_a):
    return make_user(kommune_a, "meinhard.admin", ["kommune_admin"])


@pytest.fixture
def clerk_a(kommune_a):
    return make_user(kommune_a, "meinhard.sb", ["sachbearbeitung"])


@pytest.fixture
def admin_b(kommune_b):
    return make_user(kommune_b, "sontra.admin", ["kommune_admin"])


@pytest.fixture
def clerk_b(kommune_b):
    return make_user(kommune_b, "sontra.sb", ["sachbearbeitung"])
