"""PostgreSQL: every pair of adjacent tokens as a lexeme of its own.

The RUM index keeps no positions, so a phrase found its candidates by its
words and the exact phrase was tested on each of them: a phrase of two
common words read thousands of rows for a handful of hits (13 400 for
"Personal Unterkunft" at 1 000 000 Dokumente). With the pair of tokens at
each word boundary indexed as `~links~rechts` (no positions), the index
finds a phrase's candidates as exactly as a rare word.

- `aktenbund_wortpaare(v)`: `v` without its old pair lexemes, plus one
  lexeme per pair of tokens at adjacent stored positions (< 16383: above,
  PostgreSQL clamps positions, and adjacency means nothing). Pairs come from
  the stored positions, i.e. exactly where the exact phrase test can match.
  Idempotent; the index writer applies it to every vector it writes.
- Existing rows get their pairs here.

SQL frozen here on purpose.
"""

from django.db import migrations

WORTPAARE = """
CREATE OR REPLACE FUNCTION aktenbund_wortpaare(v tsvector) RETURNS tsvector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    WITH token AS (
        SELECT u.lexeme, p.p
        FROM unnest(v) u, unnest(u.positions) AS p (p)
        WHERE left(u.lexeme, 1) <> '~' AND p.p < 16383
    )
    SELECT ts_delete(v, ARRAY(SELECT u.lexeme FROM unnest(v) u WHERE left(u.lexeme, 1) = '~'))
        || array_to_tsvector(ARRAY(
            SELECT DISTINCT '~' || a.lexeme || '~' || b.lexeme
            FROM token a JOIN token b ON b.p = a.p + 1
        ))
$$
"""


def vorwaerts(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(WORTPAARE)
    schema_editor.execute("UPDATE search_suchindex SET suchvektor = aktenbund_wortpaare(suchvektor)")


def rueckwaerts(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "UPDATE search_suchindex SET suchvektor = ts_delete(suchvektor, ARRAY("
        "SELECT u.lexeme FROM unnest(suchvektor) u WHERE left(u.lexeme, 1) = '~'))"
    )
    schema_editor.execute("DROP FUNCTION IF EXISTS aktenbund_wortpaare(tsvector)")


class Migration(migrations.Migration):
    dependencies = [("search", "0007_weniger_indexe")]

    operations = [migrations.RunPython(vorwaerts, rueckwaerts)]
