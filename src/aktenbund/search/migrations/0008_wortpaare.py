"""PostgreSQL: every pair of adjacent tokens as a lexeme, in a column and RUM
index of their own.

The RUM index keeps no positions, so a phrase found its candidates by its
words and the exact phrase was tested on each of them: a phrase of two
common words read thousands of rows for a handful of hits (13 400 for
"Personal Unterkunft" at 1 000 000 Dokumente). With the pair of tokens at
each word boundary indexed as `~links~rechts`, the index finds a phrase's
candidates as exactly as a rare word.

- `paarvektor`: the pairs (no positions), beside `suchvektor`. A column of
  its own, out of line (TOAST), so the rows every search reads and ranks
  stay as small as before; the RUM index answers `paarvektor @@ pairs`
  without reading it from the table.
- `aktenbund_wortpaare(v)`: one lexeme per pair of tokens at adjacent stored
  positions of `v` (< 16383: above, PostgreSQL clamps positions and
  adjacency means nothing). Pairs come from the stored positions, i.e.
  exactly where the exact phrase test can match. The index writer sets
  `paarvektor = aktenbund_wortpaare(suchvektor)` with every vector it writes;
  NULL when there are no pairs.
- `aktenbund_suchindex_anlegen(k)` now also makes `search_suchindex_paare_<k>`
  (RUM, ordered by `reihe` like the word index), partial on `paarvektor IS
  NOT NULL`: a query must name that condition to use it, so a search
  without a phrase cannot take it for its `reihe` order and miss the rows
  without pairs. Existing rows and Kommunen get theirs here.

SQL frozen here on purpose.
"""

import importlib

from django.db import migrations

# Migration 0006's function (for going back) and its list of Kommunen.
rum = importlib.import_module("aktenbund.search.migrations.0006_rum_je_kommune")

WORTPAARE = """
CREATE OR REPLACE FUNCTION aktenbund_wortpaare(v tsvector) RETURNS tsvector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    WITH token AS (
        SELECT u.lexeme, p.p
        FROM unnest(v) u, unnest(u.positions) AS p (p)
        WHERE p.p < 16383
    )
    SELECT NULLIF(array_to_tsvector(ARRAY(
        SELECT DISTINCT '~' || a.lexeme || '~' || b.lexeme
        FROM token a JOIN token b ON b.p = a.p + 1
    )), ''::tsvector)
$$
"""

ANLEGEN = """
CREATE OR REPLACE FUNCTION aktenbund_suchindex_anlegen(kommune bigint) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
DECLARE
    spalte text;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM public.tenancy_kommune k WHERE k.id = kommune) THEN
        RETURN;
    END IF;
    FOREACH spalte IN ARRAY ARRAY['rum', 'paare'] LOOP
        IF to_regclass('public.search_suchindex_' || spalte || '_' || kommune) IS NULL THEN
            -- CREATE INDEX refuses a table with pending (deferred) trigger events
            -- of this transaction: check the deferred foreign keys now, then
            -- defer them again (Django declares them INITIALLY DEFERRED).
            SET CONSTRAINTS ALL IMMEDIATE;
            EXECUTE format(
                'CREATE INDEX %I ON public.search_suchindex '
                'USING rum (%I public.rum_tsvector_addon_ops, reihe) '
                'WITH (attach = ''reihe'', to = %L) WHERE kommune_id = %s%s',
                'search_suchindex_' || spalte || '_' || kommune,
                CASE spalte WHEN 'rum' THEN 'suchvektor' ELSE 'paarvektor' END,
                CASE spalte WHEN 'rum' THEN 'suchvektor' ELSE 'paarvektor' END,
                kommune,
                CASE spalte WHEN 'rum' THEN '' ELSE ' AND paarvektor IS NOT NULL' END
            );
            SET CONSTRAINTS ALL DEFERRED;
        END IF;
    END LOOP;
END
$$
"""


def vorwaerts(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER TABLE search_suchindex ADD COLUMN paarvektor tsvector")
    schema_editor.execute(WORTPAARE)
    schema_editor.execute("UPDATE search_suchindex SET paarvektor = aktenbund_wortpaare(suchvektor)")
    schema_editor.execute(ANLEGEN, params=None)  # `%I` is format()'s, not a placeholder
    for kommune in rum._kommunen(schema_editor):
        schema_editor.execute("SELECT aktenbund_suchindex_anlegen(%s)", [kommune])


def rueckwaerts(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    # Back to migration 0006's function, which makes the word indexes only.
    schema_editor.execute(rum.ANLEGEN, params=None)
    schema_editor.execute("ALTER TABLE search_suchindex DROP COLUMN paarvektor")  # and its indexes
    schema_editor.execute("DROP FUNCTION IF EXISTS aktenbund_wortpaare(tsvector)")


class Migration(migrations.Migration):
    dependencies = [("search", "0007_weniger_indexe")]

    operations = [migrations.RunPython(vorwaerts, rueckwaerts)]
