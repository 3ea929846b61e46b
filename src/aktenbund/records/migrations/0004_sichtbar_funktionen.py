"""PostgreSQL: the parent checks of the row-level policies as functions.

The policies of Dokument, Version, Rendition and Suchindex let another
Kommune see a row whose parent it may see (`EXISTS (SELECT 1 FROM parent
…)`). Written inline, PostgreSQL plans that subquery with the parent's own
policy, which holds the grandparent's, at every statement: an INSERT …
RETURNING of a Rendition took 5 ms to plan (0.03 ms without the policy).
PL/pgSQL functions are not inlined: the planner sees one call, the function
plans its query once per session, and it runs as the caller, so the
parent's policy applies exactly as before. The policies (model attribute
`rls_using` / `rls_write_using`) call them from now on; `tenancy.rls`
re-creates the policies after every migrate. SQL frozen here on purpose.
"""

from django.db import migrations

FUNKTIONEN = """
CREATE OR REPLACE FUNCTION aktenbund_sichtbar_vorgang(p_vorgang bigint) RETURNS boolean
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN EXISTS (SELECT 1 FROM records_vorgang v WHERE v.id = p_vorgang);
END
$$;

CREATE OR REPLACE FUNCTION aktenbund_sichtbar_dokument(p_dokument bigint) RETURNS boolean
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN EXISTS (SELECT 1 FROM records_dokument d WHERE d.id = p_dokument);
END
$$;

CREATE OR REPLACE FUNCTION aktenbund_sichtbar_version(p_version bigint) RETURNS boolean
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN EXISTS (SELECT 1 FROM records_version v WHERE v.id = p_version);
END
$$;

CREATE OR REPLACE FUNCTION aktenbund_schreibbar_vorgang(p_vorgang bigint) RETURNS boolean
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN EXISTS (
        SELECT 1 FROM records_vorgang v
        WHERE v.id = p_vorgang AND aktenbund_freigabe(v.akte_id, v.id, true)
    );
END
$$;

CREATE OR REPLACE FUNCTION aktenbund_schreibbar_dokument(p_dokument bigint) RETURNS boolean
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN EXISTS (
        SELECT 1 FROM records_dokument d JOIN records_vorgang v ON v.id = d.vorgang_id
        WHERE d.id = p_dokument AND aktenbund_freigabe(v.akte_id, v.id, true)
    );
END
$$;
"""

NAMEN = (
    "aktenbund_sichtbar_vorgang",
    "aktenbund_sichtbar_dokument",
    "aktenbund_sichtbar_version",
    "aktenbund_schreibbar_vorgang",
    "aktenbund_schreibbar_dokument",
)


def anlegen(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNKTIONEN, params=None)


def entfernen(apps, schema_editor) -> None:
    # The policies calling them are re-created by `tenancy.rls` after migrate;
    # CASCADE drops them meanwhile.
    if schema_editor.connection.vendor == "postgresql":
        for name in NAMEN:
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}(bigint) CASCADE")


class Migration(migrations.Migration):
    dependencies = [("records", "0003_freigabe_ablauf")]

    operations = [migrations.RunPython(anlegen, entfernen)]
