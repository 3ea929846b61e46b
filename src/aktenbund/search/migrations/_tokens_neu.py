"""Writing every Suchindex row's tokens again, for migrations that change the analysis."""

STAPEL = 500


def schreibe_alle_tokens(apps, schema_editor) -> None:
    """The tokens of every row from the fields and text it holds, with the
    analysis of the code being migrated (no file is read)."""
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
