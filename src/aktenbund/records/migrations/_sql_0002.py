"""SQL of migration records 0002_akten, frozen here: changing it changes no
database that has run the migration, so it is never edited; a change is a new
migration.

PostgreSQL objects of the records app: the Freigabe check and the zdA guard.

Created by migration 0002 (only on PostgreSQL). The row-level policies of
Akte, Vorgang, Dokument and Version (see their `rls_using`) call
`aktenbund_freigabe`; the triggers refuse any change inside a closed (zdA)
Vorgang or Akte even when a bug or a hand-written UPDATE slips past the
services.
"""

FREIGABE_FUNCTION = """
CREATE OR REPLACE FUNCTION aktenbund_freigabe(p_akte bigint, p_vorgang bigint, p_schreiben boolean)
RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT EXISTS (
        SELECT 1 FROM records_freigabe f
        WHERE f.empfaenger_kommune_id
              = nullif(current_setting('aktenbund.kommune', true), '')::bigint
          AND f.widerrufen_am IS NULL
          AND f.gueltig_bis >= current_date
          AND (NOT p_schreiben OR f.recht = 'bearbeiten')
          AND (f.akte_id = p_akte OR f.vorgang_id = p_vorgang)
    )
$$;
"""

# A Kommune that received one Vorgang reads the Akte row around it (its
# Aktenzeichen and Betreff head the Vorgang), not the Akte's other Vorgänge.
FREIGABE_IN_AKTE_FUNCTION = """
CREATE OR REPLACE FUNCTION aktenbund_freigabe_in_akte(p_akte bigint)
RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT EXISTS (
        SELECT 1 FROM records_freigabe f JOIN records_vorgang v ON v.id = f.vorgang_id
        WHERE v.akte_id = p_akte
          AND f.empfaenger_kommune_id
              = nullif(current_setting('aktenbund.kommune', true), '')::bigint
          AND f.widerrufen_am IS NULL
          AND f.gueltig_bis >= current_date
    )
$$;
"""

ZDA_GUARD = """
CREATE OR REPLACE FUNCTION records_zda_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    v_status text;
BEGIN
    IF TG_TABLE_NAME = 'records_akte' THEN
        IF OLD.status = 'zda' AND NEW.status = 'zda' THEN
            RAISE EXCEPTION 'Akte % ist zdA und kann nicht geändert werden', OLD.aktenzeichen
                USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END IF;
    IF TG_TABLE_NAME = 'records_vorgang' THEN
        IF TG_OP = 'UPDATE' AND OLD.status = 'zda' AND NEW.status = 'zda' THEN
            RAISE EXCEPTION 'Vorgang % ist zdA und kann nicht geändert werden', OLD.aktenzeichen
                USING ERRCODE = 'check_violation';
        END IF;
        IF TG_OP = 'INSERT' OR NEW.akte_id <> OLD.akte_id THEN
            SELECT status INTO v_status FROM records_akte WHERE id = NEW.akte_id;
            IF v_status = 'zda' THEN
                RAISE EXCEPTION 'Die Akte ist zdA und nimmt keinen Vorgang auf'
                    USING ERRCODE = 'check_violation';
            END IF;
        END IF;
        IF TG_OP = 'UPDATE' AND NEW.akte_id <> OLD.akte_id THEN
            SELECT status INTO v_status FROM records_akte WHERE id = OLD.akte_id;
            IF v_status = 'zda' THEN
                RAISE EXCEPTION 'Die Akte ist zdA und gibt keinen Vorgang ab'
                    USING ERRCODE = 'check_violation';
            END IF;
        END IF;
        RETURN NEW;
    END IF;
    IF TG_TABLE_NAME = 'records_dokument' THEN
        SELECT status INTO v_status FROM records_vorgang
            WHERE id = CASE WHEN TG_OP = 'DELETE' THEN OLD.vorgang_id ELSE NEW.vorgang_id END;
    ELSE  -- records_version: immutable, and only added to open Vorgänge
        IF TG_OP <> 'INSERT' THEN
            RAISE EXCEPTION 'Versionen sind unveränderlich' USING ERRCODE = 'check_violation';
        END IF;
        SELECT v.status INTO v_status FROM records_vorgang v
            JOIN records_dokument d ON d.vorgang_id = v.id WHERE d.id = NEW.dokument_id;
    END IF;
    IF v_status = 'zda' THEN
        RAISE EXCEPTION 'Der Vorgang ist zdA und kann nicht geändert werden'
            USING ERRCODE = 'check_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$;
"""

TRIGGERS = {
    "records_akte": "BEFORE UPDATE",
    "records_vorgang": "BEFORE INSERT OR UPDATE",
    "records_dokument": "BEFORE INSERT OR UPDATE OR DELETE",
    "records_version": "BEFORE INSERT OR UPDATE OR DELETE",
}


def install(schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FREIGABE_FUNCTION, params=None)
    schema_editor.execute(FREIGABE_IN_AKTE_FUNCTION, params=None)
    # params=None: the "%" of RAISE are not placeholders.
    schema_editor.execute(ZDA_GUARD, params=None)
    for table, when in TRIGGERS.items():
        schema_editor.execute(f"DROP TRIGGER IF EXISTS zda_guard ON {table}")
        schema_editor.execute(
            f"CREATE TRIGGER zda_guard {when} ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION records_zda_guard()"
        )


def uninstall(schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TRIGGERS:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS zda_guard ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS records_zda_guard()")
    schema_editor.execute("DROP FUNCTION IF EXISTS aktenbund_freigabe_in_akte(bigint)")
    schema_editor.execute("DROP FUNCTION IF EXISTS aktenbund_freigabe(bigint, bigint, boolean)")
