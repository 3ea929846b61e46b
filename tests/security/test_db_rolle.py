"""The application's database connection cannot switch off its own fences.

The application logs in (DATABASE_URL) as a role that owns nothing, not as
the owner that then `SET ROLE`s down: whatever SQL runs in its session —
a bug, an injection — `RESET ROLE` leaves it the same role, and that role
may not become the owner, change a table, policy, function or trigger, nor
read past row-level security. The whole suite runs on this connection, so it
also shows that the application needs no ownership (runtime DDL such as a
new Kommune's search index goes through an owner's SECURITY DEFINER function).
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connection, connections, transaction

from aktenbund.tenancy.db_role import OWNER_CREDENTIALS
from aktenbund.tenancy.scope import kommune_scope
from tests.factories import make_oe

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.postgres_only,
    pytest.mark.skipif(
        not settings.IS_POSTGRES, reason="database roles and row-level security need PostgreSQL"
    ),
]

REFUSED = "must be owner|permission denied"


def _one(sql: str, params=()) -> object:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def _owner() -> str:
    return _one(
        "SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = 'tenancy_kommune'::regclass"
    )


def _after_reset_role(*statements: str) -> str:
    """Run statements as an intruder in the application's session would: RESET ROLE first.

    Returns the refusal; the savepoint is rolled back, so nothing stays changed.
    """
    with (
        pytest.raises(DatabaseError, match=REFUSED) as refusal,
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("RESET ROLE")
        for sql in statements:
            cursor.execute(sql)
    return str(refusal.value)


def test_the_application_logs_in_as_its_own_role_that_owns_nothing():
    role = settings.AKTENBUND_DB_APP_ROLE
    with connection.cursor() as cursor:
        cursor.execute("SELECT session_user, current_user")
        assert cursor.fetchone() == (role, role)
        cursor.execute(
            "SELECT rolsuper, rolbypassrls, rolcreaterole, rolcreatedb FROM pg_roles"
            " WHERE rolname = current_user"
        )
        assert cursor.fetchone() == (False, False, False, False)
        cursor.execute("SELECT count(*) FROM pg_class WHERE relowner = current_user::regrole")
        assert cursor.fetchone()[0] == 0
    assert _owner() != role
    assert _one("SELECT pg_has_role(current_user, %s, 'MEMBER')", [_owner()]) is False


def test_reset_role_leaves_the_application_role():
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")
        cursor.execute("SELECT current_user")
        assert cursor.fetchone()[0] == settings.AKTENBUND_DB_APP_ROLE


@pytest.mark.parametrize(
    "sql",
    [
        pytest.param('SET ROLE "{owner}"', id="set-role"),
        pytest.param('SET SESSION AUTHORIZATION "{owner}"', id="session-authorization"),
    ],
)
def test_the_application_cannot_become_the_owner(sql):
    _after_reset_role(sql.format(owner=_owner()))


@pytest.mark.parametrize(
    "sql",
    [
        pytest.param("ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY", id="no-force"),
        pytest.param("ALTER TABLE {table} DISABLE ROW LEVEL SECURITY", id="disable"),
        pytest.param("ALTER TABLE {table} OWNER TO CURRENT_USER", id="take-ownership"),
        pytest.param("DROP POLICY kommune_fence ON {table}", id="drop-policy"),
        pytest.param("ALTER POLICY kommune_fence ON {table} USING (true)", id="alter-policy"),
        pytest.param("CREATE POLICY offen ON {table} FOR SELECT USING (true)", id="create-policy"),
        pytest.param("TRUNCATE {table} CASCADE", id="truncate"),
    ],
)
@pytest.mark.parametrize("table", ["tenancy_organisationseinheit", "records_akte"])
def test_the_application_cannot_switch_off_row_level_security(sql, table):
    _after_reset_role(sql.format(table=table))

    assert _one(
        "SELECT relforcerowsecurity AND relrowsecurity FROM pg_class WHERE oid = %s::regclass",
        [table],
    )


@pytest.mark.parametrize(
    "sql",
    [
        pytest.param(
            "CREATE OR REPLACE FUNCTION aktenbund_current_kommune() RETURNS bigint"
            " LANGUAGE sql STABLE AS 'SELECT NULL::bigint'",
            id="current-kommune",
        ),
        pytest.param(
            "CREATE OR REPLACE FUNCTION aktenbund_freigabe(bigint, bigint, boolean)"
            " RETURNS boolean LANGUAGE sql STABLE AS 'SELECT true'",
            id="freigabe",
        ),
    ],
)
def test_the_application_cannot_replace_the_functions_the_policies_call(sql):
    _after_reset_role(sql)


@pytest.mark.parametrize(
    "sql",
    [
        pytest.param(
            "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_append_only", id="disable"
        ),
        pytest.param("ALTER TABLE audit_auditevent DISABLE TRIGGER ALL", id="disable-all"),
        pytest.param("DROP TRIGGER audit_append_only ON audit_auditevent", id="drop"),
        pytest.param("SET session_replication_role = replica", id="replication-role"),
    ],
)
def test_the_application_cannot_switch_off_the_audit_trigger(sql):
    _after_reset_role(sql)

    assert (
        _one(
            "SELECT tgenabled FROM pg_trigger WHERE tgname = 'audit_append_only'"
            " AND tgrelid = 'audit_auditevent'::regclass"
        )
        == "O"
    )


def test_row_level_security_still_holds_after_reset_role(admin_a, admin_b, kommune_a, kommune_b):
    make_oe(admin_a, kommune_a, "10", "Hauptamt Meinhard")
    make_oe(admin_b, kommune_b, "10", "Hauptamt Sontra")

    with kommune_scope(kommune_a), connection.cursor() as cursor:
        cursor.execute("RESET ROLE")
        cursor.execute("SELECT DISTINCT kommune_id FROM tenancy_organisationseinheit")
        assert [row[0] for row in cursor.fetchall()] == [kommune_a.pk]

    with (
        kommune_scope(kommune_a),
        pytest.raises(DatabaseError, match="row-level security"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SET LOCAL row_security = off")
        cursor.execute("SELECT count(*) FROM tenancy_organisationseinheit")


def test_a_new_kommune_gets_its_search_indexes_through_the_owner(kommune_a):
    """`create_kommune` ran on the application's connection: the DDL is the owner's function's."""
    for spalte in ("rum", "paare"):
        index = f"search_suchindex_{spalte}_{kommune_a.pk}"
        assert _one(
            "SELECT pg_get_userbyid(relowner) FROM pg_class WHERE relname = %s", [index]
        ) == (_owner())
    definer, config = _one(
        "SELECT ARRAY[prosecdef::text, array_to_string(proconfig, ',')] FROM pg_proc"
        " WHERE proname = 'aktenbund_suchindex_anlegen'"
    )
    assert definer == "true" and "search_path=pg_catalog, public" in config


def test_an_application_connection_as_the_owner_is_refused():
    """A DATABASE_URL naming the owner (or a superuser) fails loudly instead of running unfenced."""
    if settings.AKTENBUND_DB_OWNER is None:
        pytest.skip("needs DATABASE_OWNER_URL")
    owner = settings.AKTENBUND_DB_OWNER
    app = connections["default"]
    misconfigured = app.__class__(
        {
            **app.settings_dict,
            **{key: owner.get(key, empty) for key, empty in OWNER_CREDENTIALS.items()},
        },
        "default",
    )

    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL must name a LOGIN role"):
        misconfigured.ensure_connection()

    assert misconfigured.connection is None
