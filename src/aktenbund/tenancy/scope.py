"""The two tenancy fences, opened together.

`kommune_scope(kommune)` activates the django-scopes scope (fence one: every
scoped manager refuses to query outside it and filters by the Kommune inside)
and, on PostgreSQL, sets `aktenbund.kommune` for the current transaction
(fence two: row-level security policies read it). Scope `None` is the
Verbund's own scope: it sees rows whose `kommune` is NULL and nothing of any
Kommune.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from django.db import connection, transaction
from django_scopes import scope

if TYPE_CHECKING:
    from aktenbund.tenancy.models import Kommune

SETTING = "aktenbund.kommune"


def _set_db_kommune(kommune_id: int | None) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config(%s, %s, true)",
            [SETTING, "" if kommune_id is None else str(kommune_id)],
        )


def current_db_kommune() -> str:
    """The Kommune id row-level security sees right now ('' when none)."""
    if connection.vendor != "postgresql":
        return ""
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting(%s, true)", [SETTING])
        return cursor.fetchone()[0] or ""


# What this process last set on the connection, while a scope is open: the
# setting is transaction-local, so outside any transaction it is always ''.
# Nested scopes (a service calling a service) then cost no round trip to
# read the setting back, and none at all when they keep the same Kommune.
_GESETZT = "aktenbund_kommune"


@contextmanager
def kommune_scope(kommune: Kommune | int | None) -> Iterator[None]:
    """Work inside one Kommune (or the Verbund's scope for `None`).

    Opens a transaction (a savepoint when nested) because the PostgreSQL
    setting lives exactly as long as the transaction; on leaving a nested
    scope the outer Kommune is set again, and leaving the outermost one ends
    the transaction and the setting with it (a connection kept for the next
    request carries nothing over).
    """
    kommune_id = kommune if isinstance(kommune, int) or kommune is None else kommune.pk
    wanted = "" if kommune_id is None else str(kommune_id)
    pg = connection.vendor == "postgresql"
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if not pg:
            previous = wanted
        elif outermost:
            previous = ""
        else:
            previous = getattr(connection, _GESETZT, None)
            if previous is None:  # a transaction opened outside any scope
                previous = current_db_kommune()
        if wanted != previous:
            _set_db_kommune(kommune_id)
        setattr(connection, _GESETZT, wanted)
        try:
            with scope(kommune=kommune_id):
                yield
        finally:
            # The outermost scope's transaction ends right here, and the setting
            # with it: nothing to set back (one round trip less per request).
            if pg and not outermost and wanted != previous and not connection.needs_rollback:
                _set_db_kommune(int(previous) if previous else None)
            setattr(connection, _GESETZT, None if outermost else previous)
