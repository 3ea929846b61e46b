"""SQL of migrations search 0002_volltextindex and 0003_vektor_speicher, frozen
here: changing it changes no database that has run them, so it is never
edited; a change is a new migration.

Backend objects of the search index, created by migration 0002.

PostgreSQL: the `suchvektor` tsvector column with a GIN index led by the
tenant (`btree_gin`; replaced by one partial GIN index per Kommune in
migration 0005), and `ts_match_vq` (the `@@` operator) marked
LEAKPROOF. Without that mark PostgreSQL may not use the GIN index under
row-level security: a user's condition that is not leakproof is evaluated
only after the policy, i.e. as a filter over every row of the Kommune (a
term search over 90 000 rows took 50 ms instead of 2). `ts_match_vq` returns
a boolean and raises no data-dependent error, so the mark is sound. Setting
it needs a superuser; without one the migration leaves it (the search stays
correct, only slower) and says so — an operator can run the statement once
(see docs/search.md).

SQLite: the FTS5 table `search_fts(kopf, text, mandant)` with rowid =
Suchindex.id; `mandant` holds the token "m<kommune_id>" so that the tenant
is part of the full-text match (FTS-first plan, see services/suche.py).
"""

import logging

logger = logging.getLogger(__name__)

FTS5_TABLE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    "kopf, text, mandant, tokenize = 'unicode61 remove_diacritics 0')"
)

LEAKPROOF = "ALTER FUNCTION pg_catalog.ts_match_vq(tsvector, tsquery) LEAKPROOF"


def install(apps, schema_editor) -> None:
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        schema_editor.execute(FTS5_TABLE)
        return
    if connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
    schema_editor.execute(
        "ALTER TABLE search_suchindex ADD COLUMN IF NOT EXISTS suchvektor tsvector"
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS search_suchindex_vektor "
        "ON search_suchindex USING gin (kommune_id, suchvektor)"
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        row = cursor.fetchone()
    if row and row[0]:
        schema_editor.execute(LEAKPROOF)
    else:
        logger.warning(
            "search: not a superuser, ts_match_vq stays non-leakproof; full-text queries "
            "under row-level security cannot use the GIN index. Run as superuser: %s",
            LEAKPROOF,
        )


# The tsvector of a Dokument (~2 KB for a two-page letter) is read for every
# candidate row when a common term is tested row by row along the date index
# and when the candidates are ranked. Default storage (pglz, moved out of
# line) made that the main cost; lz4 kept in line (MAIN) reads ~2× faster.
# Applies to values written from now on (`reindex_suche` rewrites old ones).
VEKTOR_SPEICHER = (
    "ALTER TABLE search_suchindex ALTER COLUMN suchvektor SET STORAGE MAIN",
    "ALTER TABLE search_suchindex ALTER COLUMN suchvektor SET COMPRESSION lz4",
)


def vektor_speicher(apps, schema_editor) -> None:
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    schema_editor.execute(VEKTOR_SPEICHER[0])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' "
            "AND 'lz4' = ANY(enumvals)"
        )
        lz4 = cursor.fetchone() is not None
    if lz4:
        schema_editor.execute(VEKTOR_SPEICHER[1])
    else:
        logger.warning("search: PostgreSQL without lz4, suchvektor stays pglz-compressed")


def vektor_speicher_zurueck(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE search_suchindex ALTER COLUMN suchvektor SET STORAGE EXTENDED"
        )
        schema_editor.execute(
            "ALTER TABLE search_suchindex ALTER COLUMN suchvektor SET COMPRESSION default"
        )


def uninstall(apps, schema_editor) -> None:
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS search_fts")
    elif connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_suchindex_vektor")
        schema_editor.execute("ALTER TABLE search_suchindex DROP COLUMN IF EXISTS suchvektor")
