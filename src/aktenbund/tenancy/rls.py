"""PostgreSQL row-level security: the second tenancy fence.

After every `migrate` (post_migrate, run as the owner) this module makes sure
that the application role exists and holds the privileges it needs, and that
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
from django.db import connection
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
    role = settings.AKTENBUND_DB_APP_ROLE
    cursor.execute(
        f"""
        DO $$
        BEGIN
            CREATE ROLE "{role}" NOLOGIN NOSUPERUSER NOBYPASSRLS;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
        END $$;
        """
    )
    cursor.execute(f'GRANT "{role}" TO CURRENT_USER')
    cursor.execute(f'GRANT USAGE ON SCHEMA public TO "{role}"')
    cursor.execute(
        f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "{role}"'
    )
    cursor.execute(f'GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO "{role}"')
    cursor.execute(f'GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO "{role}"')


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
