"""Suchwort: each Kommune's vocabulary, for "Meinten Sie …?" suggestions.

On PostgreSQL the extension pg_trgm (part of PostgreSQL's contrib, in
Debian's postgresql-NN package; a trusted extension, so the owner of the
database may create it) and a trigram index on the words find the words
similar to a mistyped one. The vocabulary of the Dokumente already indexed
is taken from their rows (no file is read). SQL frozen here on purpose.
"""

import django.db.models.deletion
from django.db import migrations, models

TRGM_FEHLT = (
    "PostgreSQL lacks the extension 'pg_trgm' that the search's suggestions need. It is "
    "part of PostgreSQL's contrib (Debian: the postgresql-<major> package); install it on "
    "the database server and run migrate again."
)
STAPEL = 500


def woerter_uebernehmen(apps) -> None:
    """The words of every indexed row into its Kommune's vocabulary."""
    from aktenbund.search.services.index import kopftext, merke_suchwoerter

    Suchindex = apps.get_model("search", "Suchindex")
    zeilen = Suchindex._base_manager
    ids = list(zeilen.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), STAPEL):
        merke_suchwoerter(
            (e.kommune_id, kopftext(e), e.volltext)
            for e in zeilen.filter(pk__in=ids[start : start + STAPEL])
        )


def vorwaerts(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
            if cursor.fetchone() is None:
                raise RuntimeError(TRGM_FEHLT)
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            "CREATE INDEX search_suchwort_trgm ON search_suchwort "
            "USING gin (wort public.gin_trgm_ops)"
        )
    woerter_uebernehmen(apps)


def rueckwaerts(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_suchwort_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0010_lexikon_eigennamen_daten"),
        ("tenancy", "0003_supportfreigabe_vertretung_ende"),
    ]

    operations = [
        migrations.CreateModel(
            name="Suchwort",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("wort", models.CharField(max_length=40)),
                (
                    "kommune",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="tenancy.kommune",
                    ),
                ),
            ],
            options={
                "verbose_name": "Suchwort",
                "verbose_name_plural": "Suchwörter",
                "constraints": [
                    models.UniqueConstraint(fields=("kommune", "wort"), name="suchwort_je_kommune")
                ],
            },
        ),
        migrations.RunPython(vorwaerts, rueckwaerts),
    ]
