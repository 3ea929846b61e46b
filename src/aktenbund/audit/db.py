"""Database-level protection of the audit table (PostgreSQL)."""

from django.conf import settings
from django.db import connection

APPEND_ONLY_TRIGGER = """
CREATE OR REPLACE FUNCTION aktenbund_audit_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'Das Protokoll ist unveränderlich: % auf % ist nicht erlaubt',
        TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END $$;
DROP TRIGGER IF EXISTS audit_append_only ON audit_auditevent;
CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION aktenbund_audit_append_only();
"""


def install_append_only_trigger(**kwargs) -> None:
    """post_migrate handler: refuse UPDATE/DELETE on audit events, also for the owner."""
    if connection.vendor != "postgresql":
        return
    role = settings.AKTENBUND_DB_APP_ROLE
    with connection.cursor() as cursor:
        cursor.execute(APPEND_ONLY_TRIGGER)
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        if cursor.fetchone():
            cursor.execute(f'REVOKE UPDATE, DELETE, TRUNCATE ON audit_auditevent FROM "{role}"')
