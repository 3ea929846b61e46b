"""PostgreSQL: one GIN index per Kommune.

- A partial GIN index on `suchvektor` per Kommune (`WHERE kommune_id = n`,
  made by `aktenbund_suchindex_anlegen(n)`, SECURITY DEFINER because the app
  role owns no table) replaces the shared `(kommune_id, suchvektor)` index: a
  term's bitmap then holds the Kommune's matches, not the Verbund's (a term
  in 10 % of 1 000 000 documents: 14 000 instead of 100 000 entries per
  search). GlitchTip partitions its search table by organisation for the
  same reason (DESIGN §10); a partial index gets there without turning the
  table into a partitioned one. New Kommunen get theirs when created
  (`search.signals`).

SQL frozen here on purpose.
"""

from django.db import migrations

ANLEGEN = """
CREATE OR REPLACE FUNCTION aktenbund_suchindex_anlegen(kommune bigint) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM public.tenancy_kommune k WHERE k.id = kommune)
       AND to_regclass('public.search_suchindex_vektor_' || kommune) IS NULL THEN
        -- CREATE INDEX refuses a table with pending (deferred) trigger events
        -- of this transaction: check the deferred foreign keys now, then
        -- defer them again (Django declares them INITIALLY DEFERRED).
        SET CONSTRAINTS ALL IMMEDIATE;
        EXECUTE format(
            'CREATE INDEX %I ON public.search_suchindex '
            'USING gin (suchvektor) WHERE kommune_id = %s',
            'search_suchindex_vektor_' || kommune, kommune
        );
        SET CONSTRAINTS ALL DEFERRED;
    END IF;
END
$$
"""


def vorwaerts(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(ANLEGEN, params=None)  # `%I` is format()'s, not a placeholder
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT id FROM tenancy_kommune ORDER BY id")
        kommunen = [row[0] for row in cursor.fetchall()]
    for kommune in kommunen:
        schema_editor.execute("SELECT aktenbund_suchindex_anlegen(%s)", [kommune])
    schema_editor.execute("DROP INDEX IF EXISTS search_suchindex_vektor")


def rueckwaerts(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS search_suchindex_vektor "
        "ON search_suchindex USING gin (kommune_id, suchvektor)"
    )
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'search_suchindex' "
            "AND indexname LIKE 'search_suchindex_vektor_%%'"
        )
        namen = [row[0] for row in cursor.fetchall()]
    for name in namen:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')
    schema_editor.execute("DROP FUNCTION IF EXISTS aktenbund_suchindex_anlegen(bigint)")


class Migration(migrations.Migration):
    dependencies = [("search", "0004_suchindex_statistik"), ("tenancy", "__first__")]

    operations = [migrations.RunPython(vorwaerts, rueckwaerts)]
