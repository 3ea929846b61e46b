"""PostgreSQL: the planner's statistics of the index table, for the search's slice sizes.

`pg_stats` hides the statistics of a table under row-level security from the
app role, so a SECURITY DEFINER function hands over the few figures the
search needs (row count, share per Kommune, the Datum histogram), inside a
Kommune scope only; no rows. SQL frozen here on purpose.
"""

from django.db import migrations

ANLEGEN = """
CREATE OR REPLACE FUNCTION aktenbund_suchindex_statistik()
RETURNS TABLE (zeilen real, kommunen text, kommunen_anteile real[],
               daten text, daten_anteile real[], grenzen text)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
    SELECT c.reltuples,
           k.most_common_vals::text, k.most_common_freqs,
           d.most_common_vals::text, d.most_common_freqs, d.histogram_bounds::text
    FROM pg_class c
    LEFT JOIN pg_stats k ON k.tablename = 'search_suchindex' AND k.attname = 'kommune_id'
         AND k.schemaname = 'public'
    LEFT JOIN pg_stats d ON d.tablename = 'search_suchindex' AND d.attname = 'datum'
         AND d.schemaname = 'public'
    WHERE c.oid = 'public.search_suchindex'::regclass
      AND nullif(current_setting('aktenbund.kommune', true), '') IS NOT NULL
$$
"""

ENTFERNEN = "DROP FUNCTION IF EXISTS aktenbund_suchindex_statistik()"


def anlegen(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ANLEGEN)


def entfernen(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ENTFERNEN)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_vektor_speicher")]

    operations = [migrations.RunPython(anlegen, entfernen)]
