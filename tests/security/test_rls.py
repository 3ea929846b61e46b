"""Row-level security holds BELOW Django (DESIGN.md §4: "a forgotten scope is caught twice").

These tests bypass the ORM and django-scopes: raw SQL on the application's
own connection sees exactly the Kommune named in `aktenbund.kommune`, nothing
without it, and cannot write rows of another Kommune. The connection works as
the application role, which owns no table and may not bypass the policies.

pytest-django runs each test in a transaction that is rolled back; the
session-level `set_config(..., false)` used here is reset explicitly anyway.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.apps import apps
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from aktenbund.tenancy import services, supportfreigaben
from aktenbund.tenancy.models import Organisationseinheit
from aktenbund.tenancy.rls import IDENTITY_MODELS, tenant_models
from aktenbund.tenancy.scope import SETTING, current_db_kommune, kommune_scope
from tests.factories import make_oe, make_user

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row-level security exists on PostgreSQL only (SQLite has just the scopes fence)",
    ),
]

# Tenant tables the `tenant_data` fixture fills in both Kommunen. A tenant table
# added later is still checked for isolation, just not required to hold rows.
FILLED = {
    "tenancy.organisationseinheit",
    "tenancy.mitgliedschaft",
    "tenancy.rollenzuweisung",
    "tenancy.vertretung",
    "tenancy.supportfreigabe",
    "audit.auditchain",
    "audit.auditevent",
}


@pytest.fixture
def tenant_data(kommune_a, kommune_b, admin_a, admin_b):
    """OEs, users with roles and memberships, Vertretungen, Supportfreigaben and audit
    rows in A and B."""
    for admin, kommune, prefix in (
        (admin_a, kommune_a, "meinhard"),
        (admin_b, kommune_b, "sontra"),
    ):
        oe = make_oe(admin, kommune, "10", f"Hauptamt {kommune.name}")
        clerk = make_user(kommune, f"{prefix}.rls", ["sachbearbeitung"], [oe.pk])
        services.create_vertretung(
            admin,
            vertretene_person=clerk,
            vertreter=admin,
            von=timezone.localdate(),
            bis=timezone.localdate() + datetime.timedelta(days=7),
            grund=f"Urlaub {kommune.name}",
        )
        supportfreigaben.grant_supportfreigabe(admin, gueltig_bis=timezone.localdate())


@contextmanager
def db_kommune(value: object) -> Iterator[None]:
    """Set `aktenbund.kommune` for the whole session, as raw SQL; reset afterwards."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, %s, false)", [SETTING, str(value)])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, '', false)", [SETTING])


def kommune_ids(model) -> list[int | None]:
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT kommune_id FROM {table}")
        return [row[0] for row in cursor.fetchall()]


def test_tenant_models_are_the_ones_expected():
    labels = {model._meta.label_lower for model in tenant_models()}
    assert labels >= FILLED
    assert not labels & IDENTITY_MODELS


def test_raw_select_sees_only_the_kommune_set(tenant_data, kommune_a, kommune_b):
    with db_kommune(kommune_a.pk):
        oes = kommune_ids(Organisationseinheit)
    assert oes == [kommune_a.pk]

    for model in tenant_models():
        label = model._meta.label_lower
        # A model that widens reading (`rls_using`) may show the Verbund's shared
        # rows (kommune NULL) to every Kommune; never another Kommune's rows
        # (the fixture grants nothing to anyone).
        shared = {None} if getattr(model, "rls_using", None) else set()
        for kommune in (kommune_a, kommune_b):
            with db_kommune(kommune.pk):
                seen = kommune_ids(model)
            assert set(seen) <= {kommune.pk} | shared, (
                f"{label}: Kommune {kommune.pk} sees rows of {set(seen)}"
            )
            if label in FILLED:
                assert kommune.pk in seen, f"{label}: no rows of Kommune {kommune.pk}"


def test_raw_select_without_a_kommune_sees_no_kommune_rows(tenant_data):
    for model in tenant_models():
        with db_kommune(""):
            seen = kommune_ids(model)
        # Nullable `kommune` columns hold the Verbund's own rows: those only.
        assert set(seen) <= {None}, f"{model._meta.label_lower}: sees {set(seen)} without a Kommune"
    with db_kommune(""):
        assert kommune_ids(Organisationseinheit) == []


def test_raw_insert_into_another_kommune_is_refused(tenant_data, kommune_a, kommune_b):
    sql = (
        "INSERT INTO tenancy_organisationseinheit (kommune_id, name, kurzzeichen, aktiv)"
        " VALUES (%s, %s, %s, true)"
    )
    with db_kommune(kommune_a.pk), connection.cursor() as cursor:
        with pytest.raises(DatabaseError, match="row-level security"), transaction.atomic():
            cursor.execute(sql, [kommune_b.pk, "Untergeschoben", "99"])
        # The same row for one's own Kommune is fine: the refusal is the policy's.
        with transaction.atomic():
            cursor.execute(sql, [kommune_a.pk, "Eigene Einheit", "99"])
    with db_kommune(kommune_b.pk):
        assert "99" not in _kurzzeichen()


def _kurzzeichen() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT kurzzeichen FROM tenancy_organisationseinheit")
        return [row[0] for row in cursor.fetchall()]


def test_raw_update_and_delete_cannot_reach_or_move_rows(tenant_data, kommune_a, kommune_b):
    with db_kommune(kommune_a.pk), connection.cursor() as cursor:
        # B's rows are invisible to UPDATE and DELETE: nothing happens.
        cursor.execute(
            "UPDATE tenancy_organisationseinheit SET name = 'gekapert' WHERE kommune_id = %s",
            [kommune_b.pk],
        )
        assert cursor.rowcount == 0
        cursor.execute("DELETE FROM tenancy_vertretung WHERE kommune_id = %s", [kommune_b.pk])
        assert cursor.rowcount == 0
        # Moving one's own row into B is refused (WITH CHECK).
        with pytest.raises(DatabaseError, match="row-level security"), transaction.atomic():
            cursor.execute(
                "UPDATE tenancy_organisationseinheit SET kommune_id = %s WHERE kommune_id = %s",
                [kommune_b.pk, kommune_a.pk],
            )
    with db_kommune(kommune_b.pk):
        assert set(kommune_ids(Organisationseinheit)) == {kommune_b.pk}


def test_connection_works_as_the_app_role_that_owns_nothing(db):
    role = settings.AKTENBUND_DB_APP_ROLE
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        assert cursor.fetchone()[0] == role
        cursor.execute("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = %s", [role])
        assert cursor.fetchone() == (False, False)
        cursor.execute(
            "SELECT count(*) FROM pg_class WHERE relowner = (SELECT oid FROM pg_roles"
            " WHERE rolname = %s)",
            [role],
        )
        assert cursor.fetchone()[0] == 0, f"{role} owns tables and would not be bound by RLS"


def test_every_tenant_table_forces_row_level_security(db):
    with connection.cursor() as cursor:
        for model in tenant_models():
            table = model._meta.db_table
            cursor.execute(
                "SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE oid = %s::regclass",
                [connection.ops.quote_name(table)],
            )
            assert cursor.fetchone() == (True, True), f"{table}: RLS not enabled and forced"
            cursor.execute("SELECT count(*) FROM pg_policies WHERE tablename = %s", [table])
            assert cursor.fetchone()[0] >= 1, f"{table}: no policy"


def test_tables_that_point_at_tenant_rows_are_tenant_tables_themselves():
    """A join table or child without `kommune` would escape the fence (ids would show)."""
    fenced = set(tenant_models())
    unfenced = []
    for model in apps.get_models(include_auto_created=True):
        if model in fenced or model._meta.label_lower in IDENTITY_MODELS:
            continue
        targets = [
            f.name
            for f in model._meta.concrete_fields
            if f.is_relation and f.related_model in fenced
        ]
        if targets:
            unfenced.append(f"{model._meta.label_lower} ({', '.join(targets)})")
    assert not unfenced, "tables referencing tenant rows without a `kommune` column: " + ", ".join(
        unfenced
    )


def test_a_forgotten_scope_is_caught_by_the_database(tenant_data, kommune_a, kommune_b):
    """Fence one switched off in Django code; fence two still answers nothing of B."""
    with kommune_scope(kommune_a), scopes_disabled():
        assert list(Organisationseinheit.objects.filter(kommune=kommune_b)) == []
        assert {oe.kommune_id for oe in Organisationseinheit.objects.all()} == {kommune_a.pk}
    # B's row is there: the empty answer above is the database's refusal.
    with kommune_scope(kommune_b), scopes_disabled():
        assert Organisationseinheit.objects.filter(kommune=kommune_b).exists()
    # Without any scope, the database shows no Kommune's rows at all.
    with scopes_disabled():
        assert current_db_kommune() == ""
        assert not Organisationseinheit.objects.exists()


def test_nested_scopes_set_and_restore_the_database_kommune(kommune_a, kommune_b):
    """The scope remembers what it set instead of asking the database: the
    setting must still be exactly right after nesting, errors and savepoints."""
    with kommune_scope(kommune_a):
        assert current_db_kommune() == str(kommune_a.pk)
        with kommune_scope(kommune_a):
            assert current_db_kommune() == str(kommune_a.pk)
            with kommune_scope(kommune_b):
                assert current_db_kommune() == str(kommune_b.pk)
            assert current_db_kommune() == str(kommune_a.pk)
        with pytest.raises(RuntimeError), kommune_scope(kommune_b):
            assert current_db_kommune() == str(kommune_b.pk)
            raise RuntimeError
        assert current_db_kommune() == str(kommune_a.pk)
        with kommune_scope(None):
            assert current_db_kommune() == ""
        assert current_db_kommune() == str(kommune_a.pk)
    # A transaction opened outside any scope, then a scope inside it.
    with transaction.atomic():
        assert current_db_kommune() == ""
        with kommune_scope(kommune_b):
            assert current_db_kommune() == str(kommune_b.pk)
        assert current_db_kommune() == ""
        with kommune_scope(kommune_a):
            assert current_db_kommune() == str(kommune_a.pk)
    assert current_db_kommune() == ""
