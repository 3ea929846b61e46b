"""PostgreSQL row-level security: the second tenancy fence.

After every `migrate` (post_migrate, run as the owner) this module makes sure
that the application's LOGIN role exists, owns nothing and holds the
privileges it needs (also for tables created later), and that
every tenant table has row-level security ENABLEd and FORCEd with a policy on
the per-transaction setting `aktenbund.kommune`. A tenant table is any table
whose model has a `kommune` foreign key, so tables added by later features
are fenced without further work. A model may widen its policy (for shared
Verbund rows or Freigaben) with a class attribute `rls_using`: an SQL
boolean expression that replaces the default one for reading.
"""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connection, transaction
from django.db.models import Model

POLICY_NAME = "kommune_fence"

# Looked up at sign-in, before any scope exists; they carry their Kommune but
# are guarded by the services (see docs/architecture.md, "Identity layer").
IDENTITY_MODELS = {"tenancy.user"}

# Plain equality keeps the tenant index usable; nullable `kommune` columns (rows
# of the Verbund itself) also match when no Kommune is set.
STRICT_USING = "kommune_id = aktenbund_current_kommune()"
NULLABLE_USING = (
    "(kommune_id = aktenbund_current_kommune()"
    " OR (kommune_id IS NULL AND aktenbund_current_kommune() IS NULL))"
)


def default_using(model: type[Model]) -> str:
    return NULLABLE_USING if model._meta.get_field("kommune").null else STRICT_USING


CURRENT_KOMMUNE_FUNCTION = """
CREATE OR REPLACE FUNCTION aktenbund_current_kommune() RETURNS bigint
LANGUAGE sql STABLE AS $$
    SELECT nullif(current_setting('aktenbund.kommune', true), '')::bigint
$$;
"""


def tenant_models() -> list[type[Model]]:
    """Every concrete model with a `kommune` foreign key to the tenant."""
    kommune_model = apps.get_model("tenancy", "Kommune")
    found = []
    for model in apps.get_models():
        if model._meta.label_lower in IDENTITY_MODELS or model._meta.proxy:
            continue
        field = next((f for f in model._meta.concrete_fields if f.name == "kommune"), None)
        if field is not None and field.related_model is kommune_model:
            found.append(model)
    return found


def _ensure_app_role(cursor) -> None:
    """The application's LOGIN role (the user of DATABASE_URL): there, unprivileged, granted.

    Created when missing, with the password of DATABASE_URL (the owner needs
    CREATEROLE for that; otherwise a superuser creates it beforehand); an
    existing role keeps its password. The role of earlier versions (NOLOGIN,
    switched to with SET ROLE) is given LOGIN.
    """
    role = settings.AKTENBUND_DB_APP_ROLE
    quoted = connection.ops.quote_name(role)
    cursor.execute(
        "SELECT rolcanlogin, rolsuper OR rolbypassrls, pg_has_role(%s, current_user, 'MEMBER')"
        " FROM pg_roles WHERE rolname = %s",
        [role, role],
    )
    row = cursor.fetchone()
    if row is None:
        password = settings.DATABASES["default"].get("PASSWORD") or None
        _as_role_admin(
            cursor,
            f"CREATE ROLE {quoted} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE"
            + (" PASSWORD %s" if password else ""),
            [password] if password else [],
            f"CREATE ROLE {quoted} LOGIN PASSWORD '…'",
        )
    else:
        can_login, bypasses, member_of_owner = row
        if bypasses or member_of_owner:
            raise ImproperlyConfigured(
                f"The role {role!r} of DATABASE_URL "
                + ("bypasses row-level security" if bypasses else "is (a member of) the owner")
                + "; the application needs a role that owns nothing (docs/operations.md)."
            )
        if not can_login:
            _as_role_admin(cursor, f"ALTER ROLE {quoted} LOGIN", [], f"ALTER ROLE {quoted} LOGIN")
    cursor.execute(f"GRANT USAGE ON SCHEMA public TO {quoted}")
    cursor.execute(
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {quoted}"
    )
    cursor.execute(f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {quoted}")
    cursor.execute(f"GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO {quoted}")
    # Tables the owner creates outside a migrate (none today) are usable at once.
    cursor.execute(
        "ALTER DEFAULT PRIVILEGES IN SCHEMA public"
        f" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {quoted}"
    )
    cursor.execute(
        "ALTER DEFAULT PRIVILEGES IN SCHEMA public"
        f" GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {quoted}"
    )


def _as_role_admin(cursor, sql: str, params: list, by_hand: str) -> None:
    """Run CREATE/ALTER ROLE; without the right to, say what a superuser has to run."""
    try:
        with transaction.atomic():
            cursor.execute(sql, params or None)
    except DatabaseError as exc:
        # A migrate running at the same time may have created it first.
        cursor.execute(
            "SELECT 1 FROM pg_roles WHERE rolname = %s AND rolcanlogin",
            [settings.AKTENBUND_DB_APP_ROLE],
        )
        if cursor.fetchone() is None:
            raise ImproperlyConfigured(
                f"migrate may not set up the application's role ({exc}). As a superuser, run "
                f"{by_hand} and migrate again (docs/operations.md)."
            ) from exc


def _fence(cursor, model: type[Model]) -> None:
    table = connection.ops.quote_name(model._meta.db_table)
    using = getattr(model, "rls_using", None) or default_using(model)
    cursor.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    cursor.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
    cursor.execute(f"DROP POLICY IF EXISTS {POLICY_NAME} ON {table}")
    cursor.execute(f"DROP POLICY IF EXISTS {POLICY_NAME}_write ON {table}")
    # Reading may be widened per model; writing always stays in one's own Kommune
    # unless the model says otherwise (rls_write_using, e.g. for granted editing).
    write = getattr(model, "rls_write_using", None) or default_using(model)
    cursor.execute(f"CREATE POLICY {POLICY_NAME} ON {table} FOR SELECT USING ({using})")
    cursor.execute(
        f"CREATE POLICY {POLICY_NAME}_write ON {table} FOR ALL USING ({write}) WITH CHECK ({write})"
    )


def apply_row_level_security(**kwargs) -> None:
    """post_migrate handler: role, grants and a fence on every tenant table."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(CURRENT_KOMMUNE_FUNCTION)
        _ensure_app_role(cursor)
        for model in tenant_models():
            _fence(cursor, model)
