"""Suite-wide fixtures: settings for tests and a small Verbund with two Kommunen.

Objects are created through the services, as users create them, so each
fixture also starts the audit chains. Test bodies open scopes explicitly
(`kommune_scope`) where they query tenant models.
"""

from __future__ import annotations

from contextlib import ExitStack

import pytest
from django.db import connections

from aktenbund.tenancy.db_role import owner_connection
from tests.factories import make_kommune, make_user, make_verbund

# PostgreSQL: the owner (DATABASE_OWNER_URL) creates and migrates the test
# database, as in production; every test then runs on the application's
# connection (DATABASE_URL), which owns nothing. Entered below in the fixture
# pytest-django's `django_db_setup` runs right before creating the database,
# left once it exists.
_owner_for_setup = ExitStack()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings):
    _owner_for_setup.enter_context(owner_connection())


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    _owner_for_setup.close()
    yield
    # The owner drops the test database next, which no open connection may use.
    with django_db_blocker.unblock():
        connections.close_all()


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
