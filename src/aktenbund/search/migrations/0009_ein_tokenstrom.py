"""Every row's tokens again, with the analysis of issue 14.

The index and the query now share one token stream (`analyse.folge`): a
hyphenated word's joined form stands behind the text (after a gap) instead
of before its parts; ae/oe/ue meet ä/ö/ü in prefixes and compounds; verb
stems start compounds ("Pflanz|gebot"). Rows indexed before would miss
phrases and identifiers, so this migration writes the tokens of every row
again from the fields and text the row already holds (no file is read).
It uses the analysis of the code being migrated: after a later change of
the analysis, `reindex_suche` does the same.
"""

from django.db import migrations

STAPEL = 500


def vorwaerts(apps, schema_editor) -> None:
    from aktenbund.search import analyse
    from aktenbund.search.services.index import kopftext, schreibe_tokens

    Suchindex = apps.get_model("search", "Suchindex")
    zeilen = Suchindex._base_manager
    ids = list(zeilen.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), STAPEL):
        schreibe_tokens(
            (e.pk, e.kommune_id, analyse.tokens(kopftext(e)), analyse.tokens(e.volltext))
            for e in zeilen.filter(pk__in=ids[start : start + STAPEL])
        )


class Migration(migrations.Migration):
    dependencies = [("search", "0008_wortpaare")]

    operations = [migrations.RunPython(vorwaerts, migrations.RunPython.noop)]
