"""On PostgreSQL the audit table is append-only: no UPDATE, no DELETE, for anyone."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from aktenbund.audit.models import AuditEvent
from aktenbund.tenancy.db_role import owner_connection
from aktenbund.tenancy.scope import kommune_scope

pytestmark = pytest.mark.postgres_only

STATEMENTS = [
    pytest.param("UPDATE audit_auditevent SET action = 'gefälscht' WHERE id = %s", id="update"),
    pytest.param("DELETE FROM audit_auditevent WHERE id = %s", id="delete"),
]


def _first_event(kommune) -> AuditEvent:
    with kommune_scope(kommune):
        return AuditEvent.objects.get(seq=1)


def _run_refused(kommune, sql: str, event_id: int) -> str:
    # The savepoint is rolled back before the error is caught; the test goes on.
    with (
        kommune_scope(kommune),
        pytest.raises(DatabaseError) as refusal,
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [event_id])
    return str(refusal.value)


@pytest.mark.parametrize("sql", STATEMENTS)
def test_app_role_may_not_change_audit_events(postgresql, kommune_a, sql):
    event = _first_event(kommune_a)

    message = _run_refused(kommune_a, sql, event.pk)

    assert "permission denied" in message
    assert _first_event(kommune_a).hash == event.hash


# The owner has a connection of its own: it sees committed events only.
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("sql", STATEMENTS)
def test_even_the_owner_may_not_change_audit_events(postgresql, kommune_a, sql):
    event = _first_event(kommune_a)

    with owner_connection():
        message = _run_refused(kommune_a, sql, event.pk)

    assert "Das Protokoll ist unveränderlich" in message
    assert _first_event(kommune_a).action == event.action


def test_orm_update_is_refused_too(postgresql, kommune_a):
    with kommune_scope(kommune_a), pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(seq=1).update(action="gefälscht")

    assert _first_event(kommune_a).action == "kommune.angelegt"
