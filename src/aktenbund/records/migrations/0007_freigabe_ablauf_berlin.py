"""PostgreSQL: a Freigabe runs out at the end of its last day in Europe/Berlin.

The policies' Freigabe check (migration 0002) compared `gueltig_bis` with
`current_date`, the date in the session's time zone: Django sets UTC, so
between midnight in Berlin and midnight UTC the database still granted what
the application (`Freigabe.objects.aktiv()`, `timezone.localdate()` in
settings.TIME_ZONE) already treated as ended. `aktenbund_heute()` is
today's date in Europe/Berlin whatever the session's zone, and both
Freigabe functions use it. SQL frozen here on purpose.
"""

from django.db import migrations

# Migration 0002's functions, to go back to.
from aktenbund.records.migrations import _sql_0002 as sql_0002

HEUTE = """
CREATE OR REPLACE FUNCTION aktenbund_heute() RETURNS date
LANGUAGE sql STABLE AS $$
    SELECT (now() AT TIME ZONE 'Europe/Berlin')::date
$$;
"""

FREIGABE_FUNCTION = """
CREATE OR REPLACE FUNCTION aktenbund_freigabe(p_akte bigint, p_vorgang bigint, p_schreiben boolean)
RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT EXISTS (
        SELECT 1 FROM records_freigabe f
        WHERE f.empfaenger_kommune_id
              = nullif(current_setting('aktenbund.kommune', true), '')::bigint
          AND f.widerrufen_am IS NULL
          AND f.gueltig_bis >= aktenbund_heute()
          AND (NOT p_schreiben OR f.recht = 'bearbeiten')
          AND (f.akte_id = p_akte OR f.vorgang_id = p_vorgang)
    )
$$;
"""

FREIGABE_IN_AKTE_FUNCTION = """
CREATE OR REPLACE FUNCTION aktenbund_freigabe_in_akte(p_akte bigint)
RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT EXISTS (
        SELECT 1 FROM records_freigabe f JOIN records_vorgang v ON v.id = f.vorgang_id
        WHERE v.akte_id = p_akte
          AND f.empfaenger_kommune_id
              = nullif(current_setting('aktenbund.kommune', true), '')::bigint
          AND f.widerrufen_am IS NULL
          AND f.gueltig_bis >= aktenbund_heute()
    )
$$;
"""


def vorwaerts(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(HEUTE, params=None)
        schema_editor.execute(FREIGABE_FUNCTION, params=None)
        schema_editor.execute(FREIGABE_IN_AKTE_FUNCTION, params=None)


def rueckwaerts(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(sql_0002.FREIGABE_FUNCTION, params=None)
        schema_editor.execute(sql_0002.FREIGABE_IN_AKTE_FUNCTION, params=None)
        schema_editor.execute("DROP FUNCTION IF EXISTS aktenbund_heute()")


class Migration(migrations.Migration):
    dependencies = [("records", "0006_weniger_indexe")]

    operations = [migrations.RunPython(vorwaerts, rueckwaerts)]
