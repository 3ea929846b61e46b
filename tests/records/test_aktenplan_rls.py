"""PostgreSQL row-level security on the Aktenplan: every Kommune reads the
Verbund's nodes, none writes them, and local nodes stay with their Kommune,
even for raw SQL that bypasses the application."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import DatabaseError, IntegrityError, connection, transaction

from aktenbund.tenancy.scope import kommune_scope
from tests.records.factories import make_einheit

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.postgres_only,
    pytest.mark.skipif(not settings.IS_POSTGRES, reason="row-level security needs PostgreSQL"),
]

TABLE = "records_aktenplaneinheit"


def _rows(sql: str, params=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _rowcount(sql: str, params=()) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


@pytest.fixture
def lokal_a(plan, registratur_a):
    return make_einheit(registratur_a, "121.50", "Meinhard lokal", parent=plan["121"])


@pytest.fixture
def lokal_b(plan, registratur_b):
    return make_einheit(registratur_b, "9.50", "Sontra lokal", parent=plan["9"])


def test_the_application_is_bound_by_row_level_security():
    [(user, bypass)] = _rows(
        "SELECT current_user, rolbypassrls FROM pg_roles WHERE rolname = current_user"
    )
    assert user == settings.AKTENBUND_DB_APP_ROLE and bypass is False
    [(enabled, forced)] = _rows(
        "SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE relname = %s", [TABLE]
    )
    assert enabled and forced


def test_kommune_reads_verbund_nodes_and_only_its_own_local_ones(plan, lokal_a, lokal_b, kommune_a):
    with kommune_scope(kommune_a):
        kennzeichen = {kz for (kz,) in _rows(f"SELECT kennzeichen FROM {TABLE}")}
    assert {"0", "1", "12", "121", "9", "900", "121.50"} <= kennzeichen
    assert "9.50" not in kennzeichen


def test_kommune_cannot_update_or_delete_verbund_nodes_by_raw_sql(plan, kommune_a):
    with kommune_scope(kommune_a):
        assert _rowcount(f"UPDATE {TABLE} SET titel = 'gekapert' WHERE kommune_id IS NULL") == 0
        assert _rowcount(f"DELETE FROM {TABLE} WHERE kommune_id IS NULL") == 0
        # Reading still works, and nothing changed.
        titles = {t for (t,) in _rows(f"SELECT titel FROM {TABLE} WHERE kommune_id IS NULL")}
    assert "gekapert" not in titles and "Gewerbe" in titles


def test_kommune_cannot_insert_a_verbund_node_or_another_kommunes_node(plan, kommune_a, kommune_b):
    for target in (None, kommune_b.pk):
        with kommune_scope(kommune_a), pytest.raises(DatabaseError), transaction.atomic():
            _rowcount(
                f"INSERT INTO {TABLE} (kommune_id, parent_id, ebene, kennzeichen, titel,"
                " beschreibung, aussonderungsart, gueltig_ab)"
                " VALUES (%s, %s, 2, '18', 'untergeschoben', '', 'V', CURRENT_DATE)",
                [target, plan["1"].pk],
            )


def test_kommune_cannot_touch_another_kommunes_local_node(lokal_b, kommune_a):
    with kommune_scope(kommune_a):
        assert _rowcount(f"UPDATE {TABLE} SET titel = 'x' WHERE id = %s", [lokal_b.pk]) == 0
        assert _rows(f"SELECT id FROM {TABLE} WHERE id = %s", [lokal_b.pk]) == []


def test_verbund_scope_sees_and_writes_no_local_node(lokal_a):
    with kommune_scope(None):
        assert _rows(f"SELECT id FROM {TABLE} WHERE id = %s", [lokal_a.pk]) == []
        assert _rowcount(f"UPDATE {TABLE} SET titel = 'x' WHERE id = %s", [lokal_a.pk]) == 0


def test_kommune_writes_its_own_local_node(lokal_a, kommune_a):
    with kommune_scope(kommune_a):
        assert _rowcount(f"UPDATE {TABLE} SET titel = 'eigen' WHERE id = %s", [lokal_a.pk]) == 1


def test_exclusion_constraint_sees_local_kennzeichen_the_verbund_cannot(plan, lokal_a):
    # The Verbund cannot see Meinhard's 121.50, yet may not take its Kennzeichen.
    with kommune_scope(None), pytest.raises(IntegrityError), transaction.atomic():
        _rowcount(
            f"INSERT INTO {TABLE} (kommune_id, parent_id, ebene, kennzeichen, titel,"
            " beschreibung, aussonderungsart, gueltig_ab)"
            " VALUES (NULL, %s, 4, '121.50', 'Verbund', '', 'V', CURRENT_DATE)",
            [plan["121"].pk],
        )
