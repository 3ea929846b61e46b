"""Which PostgreSQL role a connection works as.

Two LOGIN roles share the database. The application connects with
DATABASE_URL as a role that owns nothing (`settings.AKTENBUND_DB_APP_ROLE`):
row-level security binds it, and it can neither become another role nor
change a table, a policy or a trigger. Schema work (`migrate`, `flush`)
connects with DATABASE_OWNER_URL, the owner of the tables, inside
`owner_connection()`; the app servers need not know that URL. No role is
switched inside a session, so a pooler in transaction mode (PgBouncer)
changes nothing.

Every new application connection is checked once: a role that is superuser,
may bypass row-level security or is (a member of) the tables' owner is
refused, so a misconfigured installation fails loudly instead of running
without the second fence.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import NO_DB_ALIAS, BaseDatabaseWrapper
from django.db.backends.signals import connection_created

# Where and as whom the owner connects; the database itself is the
# application's (in tests: the test database Django switched to).
OWNER_CREDENTIALS = {"USER": "", "PASSWORD": "", "HOST": "", "PORT": "", "OPTIONS": {}}

# Superuser or BYPASSRLS; (a member of) the owner of the tables. Before the
# first migration there is no table, hence no owner to compare with.
UNFENCED_SQL = """
SELECT r.rolsuper OR r.rolbypassrls,
       coalesce(pg_has_role(current_user, c.relowner, 'MEMBER'), false)
FROM pg_roles r LEFT JOIN pg_class c ON c.oid = to_regclass('tenancy_kommune')
WHERE r.rolname = current_user
"""


def is_owner(connection: BaseDatabaseWrapper) -> bool:
    """Whether the connection is one `owner_connection()` opened."""
    return getattr(connection, "aktenbund_owner", False)


def check_app_connection(connection: BaseDatabaseWrapper) -> None:
    """Refuse an application connection that row-level security would not bind."""
    with connection.cursor() as cursor:
        cursor.execute(UNFENCED_SQL)
        bypasses, owns = cursor.fetchone()
    if bypasses or owns:
        # Closed, so that the next use connects (and is checked) again.
        connection.close()
        reason = "bypasses row-level security" if bypasses else "is the owner of the tables"
        raise ImproperlyConfigured(
            f"The role {connection.settings_dict['USER']!r} of DATABASE_URL {reason}. "
            "DATABASE_URL must name a LOGIN role that owns nothing; the owner belongs in "
            "DATABASE_OWNER_URL and is used by `manage.py migrate` only (docs/operations.md)."
        )


def on_connection_created(sender, connection: BaseDatabaseWrapper, **kwargs) -> None:
    """Check every new PostgreSQL connection of the application (not the owner's)."""
    if connection.vendor != "postgresql" or connection.alias == NO_DB_ALIAS or is_owner(connection):
        return
    check_app_connection(connection)


connection_created.connect(on_connection_created, dispatch_uid="aktenbund_app_role")


@contextmanager
def owner_connection(alias: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Run schema work on a connection of the table owner (DATABASE_OWNER_URL).

    Inside, `connections[alias]` (and `django.db.connection`) is a separate
    connection to the same database as the owner; the application's
    connection and its transaction stay as they are, and it is back
    afterwards. Nested use shares the outer owner connection. A no-op on SQLite.
    """
    app = connections[alias]
    if app.vendor != "postgresql" or is_owner(app):
        yield
        return
    owner_settings = settings.AKTENBUND_DB_OWNER
    if owner_settings is None:
        raise ImproperlyConfigured(
            "Schema work (migrate, flush) needs the owner of the tables: set "
            "DATABASE_OWNER_URL (docs/operations.md). DATABASE_URL is the application's role, "
            "which owns nothing."
        )
    owner = app.__class__(
        {
            **app.settings_dict,
            **{key: owner_settings.get(key, empty) for key, empty in OWNER_CREDENTIALS.items()},
        },
        alias,
    )
    owner.aktenbund_owner = True
    connections[alias] = owner
    try:
        yield
    finally:
        owner.close()
        connections[alias] = app
