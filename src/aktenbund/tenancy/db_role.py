"""Which PostgreSQL role a connection works as.

The application connects with the credentials in DATABASE_URL (the owner of
the tables) and immediately switches to the application role, which owns
nothing and so is bound by row-level security. Schema changes (`migrate`,
`flush`) run inside `owner_role()`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.db.backends.base.base import NO_DB_ALIAS, BaseDatabaseWrapper
from django.db.backends.signals import connection_created

_owner_mode = False


def _set_app_role(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_roles WHERE rolname = %s", [settings.AKTENBUND_DB_APP_ROLE]
        )
        if cursor.fetchone() is None:
            # Before the first migration there is no role and no table to fence.
            cursor.execute("SELECT to_regclass('tenancy_kommune') IS NOT NULL")
            if cursor.fetchone()[0]:
                raise ImproperlyConfigured(
                    f"The PostgreSQL role {settings.AKTENBUND_DB_APP_ROLE!r} is missing; "
                    "run `manage.py migrate` to create it."
                )
            return
        cursor.execute(f'SET ROLE "{settings.AKTENBUND_DB_APP_ROLE}"')


def on_connection_created(sender, connection: BaseDatabaseWrapper, **kwargs) -> None:
    if connection.vendor != "postgresql" or connection.alias == NO_DB_ALIAS or _owner_mode:
        return
    _set_app_role(connection)


connection_created.connect(on_connection_created, dispatch_uid="aktenbund_app_role")


@contextmanager
def owner_role() -> Iterator[None]:
    """Run schema work as the connecting (owner) role instead of the app role."""
    global _owner_mode
    previous = _owner_mode
    _owner_mode = True
    open_pg = [c for c in connections.all() if c.vendor == "postgresql" and c.connection]
    for connection in open_pg:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")
    try:
        yield
    finally:
        _owner_mode = previous
        if not previous:
            for connection in connections.all():
                if connection.vendor == "postgresql" and connection.connection:
                    _set_app_role(connection)


def is_owner_mode() -> bool:
    return _owner_mode
