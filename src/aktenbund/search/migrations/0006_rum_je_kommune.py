"""PostgreSQL: one RUM index per Kommune, ordered by Datum.

A GIN index returns a term's matches in no order: the search had to read
every match of a Kommune from the table to find the newest thousand (a term
in 6 % of a large Kommune's documents: 16 000 table pages for one search).
A RUM index (Postgres Professional's extension, Debian `postgresql-NN-rum`)
stores a value beside every posting and returns the matches ordered by it,
so the newest thousand come straight out of the index.

- `reihe` = days since 2000-01-01 · 2³² + id: the search's order (Datum
  descending, id descending) as one bigint, because RUM orders by numbers and
  timestamps only. Kept by a trigger on PostgreSQL; unused (NULL) on SQLite.
- `aktenbund_suchreihe(datum, id)`: that formula, used by the trigger and by
  the search for its bounds (immutable: folded to a constant when planned).
- `aktenbund_suchindex_anlegen(k)` now makes `search_suchindex_rum_<k>`
  (partial, `WHERE kommune_id = k`); the GIN indexes of migration 0005 go.

SQL frozen here on purpose.
"""

import importlib

from django.db import migrations, models

RUM_FEHLT = (
    "PostgreSQL lacks the extension 'rum' that the search needs. Install it on the "
    "database server (Debian: apt-get install postgresql-<major>-rum, e.g. "
    "postgresql-15-rum; `make system-deps` does it for a local server) "
    "and run migrate again."
)

REIHE = """
CREATE OR REPLACE FUNCTION aktenbund_suchreihe(datum date, id bigint) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT (datum - date '2000-01-01')::bigint * 4294967296 + id $$
"""

REIHE_SETZEN = """
CREATE OR REPLACE FUNCTION aktenbund_suchreihe_setzen() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    NEW.reihe := aktenbund_suchreihe(NEW.datum, NEW.id);
    RETURN NEW;
END
$$
"""

TRIGGER = """
CREATE TRIGGER search_suchindex_reihe
BEFORE INSERT OR UPDATE OF datum, id ON search_suchindex
FOR EACH ROW EXECUTE FUNCTION aktenbund_suchreihe_setzen()
"""

ANLEGEN = """
CREATE OR REPLACE FUNCTION aktenbund_suchindex_anlegen(kommune bigint) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM public.tenancy_kommune k WHERE k.id = kommune)
       AND to_regclass('public.search_suchindex_rum_' || kommune) IS NULL THEN
        -- CREATE INDEX refuses a table with pending (deferred) trigger events
        -- of this transaction: check the deferred foreign keys now, then
        -- defer them again (Django declares them INITIALLY DEFERRED).
        SET CONSTRAINTS ALL IMMEDIATE;
        EXECUTE format(
            'CREATE INDEX %I ON public.search_suchindex '
            'USING rum (suchvektor public.rum_tsvector_addon_ops, reihe) '
            'WITH (attach = ''reihe'', to = ''suchvektor'') WHERE kommune_id = %s',
            'search_suchindex_rum_' || kommune, kommune
        );
        SET CONSTRAINTS ALL DEFERRED;
    END IF;
END
$$
"""

def _indexe(schema_editor, muster: str) -> list[str]:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'search_suchindex' "
            "AND indexname LIKE %s",
            [muster],
        )
        return [row[0] for row in cursor.fetchall()]


def _kommunen(schema_editor) -> list[int]:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT id FROM tenancy_kommune ORDER BY id")
        return [row[0] for row in cursor.fetchall()]


def vorwaerts(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'rum'")
        if cursor.fetchone() is None:
            raise RuntimeError(RUM_FEHLT)
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS rum")
    schema_editor.execute(REIHE)
    schema_editor.execute(REIHE_SETZEN)
    schema_editor.execute(TRIGGER)
    schema_editor.execute(
        "UPDATE search_suchindex SET reihe = aktenbund_suchreihe(datum, id) WHERE reihe IS NULL"
    )
    schema_editor.execute(ANLEGEN, params=None)  # `%I` is format()'s, not a placeholder
    for kommune in _kommunen(schema_editor):
        schema_editor.execute("SELECT aktenbund_suchindex_anlegen(%s)", [kommune])
    for name in _indexe(schema_editor, "search_suchindex_vektor_%%"):
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


def rueckwaerts(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    # Back to migration 0005's function, which makes the GIN indexes.
    gin = importlib.import_module("aktenbund.search.migrations.0005_gin_je_kommune")
    schema_editor.execute(gin.ANLEGEN, params=None)
    for kommune in _kommunen(schema_editor):
        schema_editor.execute("SELECT aktenbund_suchindex_anlegen(%s)", [kommune])
    for name in _indexe(schema_editor, "search_suchindex_rum_%%"):
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')
    schema_editor.execute("DROP TRIGGER IF EXISTS search_suchindex_reihe ON search_suchindex")
    schema_editor.execute("DROP FUNCTION IF EXISTS aktenbund_suchreihe_setzen()")
    schema_editor.execute("DROP FUNCTION IF EXISTS aktenbund_suchreihe(date, bigint)")


class Migration(migrations.Migration):
    dependencies = [("search", "0005_gin_je_kommune"), ("tenancy", "__first__")]

    operations = [
        migrations.AddField(
            model_name="suchindex",
            name="reihe",
            field=models.BigIntegerField(
                editable=False,
                null=True,
                help_text="PostgreSQL: Datum und id als eine Zahl, Ordnung des RUM-Index",
            ),
        ),
        migrations.RunPython(vorwaerts, rueckwaerts),
    ]
