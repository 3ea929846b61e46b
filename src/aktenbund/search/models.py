"""Suchindex: one row per Dokument with everything the search reads.

Kept apart from the records tables (as GlitchTip does), so reindexing never
locks an Akte. The row repeats what the filters and facets need (OE,
Aktenplaneinheit, Typ, Datum, Status, vertraulich) and the original text for
snippets. The token index itself lives beside it: on PostgreSQL the column
`suchvektor` (tsvector; one partial RUM index per Kommune that returns the
matches ordered by `reihe`, migration 0006) and `paarvektor` (the pairs of
adjacent tokens, for phrases, with a RUM index of its own, migration 0008),
on SQLite the FTS5 table `search_fts` with rowid = Suchindex.id. Both are
created by migration 0002 for their backend only and written by
`search.services.index`.

Who may read a row is not stored here: the search joins the live rights
(`records.services.lesbare_vorgaenge`), so a Freigabe or an access list
change shows at once without touching the index.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from aktenbund.records.models.akten import _CURRENT, Dokumenttyp
from aktenbund.tenancy.managers import KommuneManager


class Volltextquelle(models.TextChoices):
    KEINE = "", "kein Text"
    PDF = "pdftotext", "Text aus dem PDF"
    TEXT = "text", "Textdatei"
    OCR = "ocr", "Texterkennung"


class Suchindex(models.Model):
    # No single-column indexes where Meta.indexes leads with the column: each
    # index is written with every Dokument filed.
    kommune = models.ForeignKey(
        "tenancy.Kommune", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    dokument = models.OneToOneField(
        "records.Dokument", on_delete=models.CASCADE, related_name="suchindex"
    )
    vorgang = models.ForeignKey(
        "records.Vorgang", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    akte = models.ForeignKey(
        "records.Akte", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    organisationseinheit = models.ForeignKey(
        "tenancy.Organisationseinheit", on_delete=models.PROTECT, related_name="+"
    )
    aktenplaneinheit = models.ForeignKey(
        "records.Aktenplaneinheit", on_delete=models.PROTECT, related_name="+"
    )
    titel = models.CharField(max_length=300)
    betreff = models.CharField(max_length=300, help_text="Betreff des Vorgangs")
    akte_betreff = models.CharField(max_length=300)
    aktenzeichen = models.CharField(max_length=170, help_text="Aktenzeichen des Vorgangs")
    fruehere_aktenzeichen = models.TextField(blank=True)
    absender = models.CharField(max_length=300, blank=True)
    empfaenger = models.CharField(max_length=300, blank=True)
    typ = models.CharField(max_length=20)
    richtung = models.CharField(max_length=10)
    datum = models.DateField()
    status = models.CharField(max_length=10, help_text="offen oder zda (des Vorgangs)")
    vertraulich = models.BooleanField(default=False)
    volltext = models.TextField(blank=True)
    volltext_quelle = models.CharField(
        max_length=10, choices=Volltextquelle.choices, default=Volltextquelle.KEINE, blank=True
    )
    # The Version the text was taken from: a new Version means new text.
    version = models.ForeignKey(
        "records.Version", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    aktualisiert_am = models.DateTimeField(default=timezone.now)
    # PostgreSQL only: the order of the search (Datum, id descending) as one
    # number for the RUM index, set by a trigger (migration 0006).
    reihe = models.BigIntegerField(
        editable=False,
        null=True,
        help_text="PostgreSQL: Datum und id als eine Zahl, Ordnung des RUM-Index",
    )

    objects = KommuneManager()

    # Readable exactly where its Vorgang is (that table's policy decides, as
    # for records_dokument); written by whoever may write the Dokument.
    # The parent checks are functions (records migration 0004).
    rls_using = f"(kommune_id = {_CURRENT} OR aktenbund_sichtbar_vorgang(vorgang_id))"
    rls_write_using = f"(kommune_id = {_CURRENT} OR aktenbund_schreibbar_vorgang(vorgang_id))"

    class Meta:
        verbose_name = "Suchindex-Eintrag"
        verbose_name_plural = "Suchindex"
        indexes = [
            models.Index(fields=["kommune", "-datum", "-id"], name="suchindex_datum"),
            models.Index(fields=["vorgang"], name="suchindex_vorgang"),
            models.Index(fields=["akte"], name="suchindex_akte"),
        ]

    def __str__(self) -> str:
        return f"Suchindex {self.dokument_id}"

    @property
    def typ_label(self) -> str:
        return str(Dokumenttyp(self.typ).label) if self.typ in Dokumenttyp.values else self.typ


class Suchwort(models.Model):
    """A word of a Kommune's indexed Dokumente: the vocabulary that "Meinten Sie …?"
    suggestions are taken from (search.services.vorschlaege).

    Written with every indexed Dokument and never pruned: a suggestion is
    offered only after a search with it found something the user may open,
    so a word of a removed or unreadable Dokument is never shown. On
    PostgreSQL a trigram index (pg_trgm, search migration 0011) finds the
    similar words.
    """

    kommune = models.ForeignKey(
        "tenancy.Kommune", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    wort = models.CharField(max_length=40)

    objects = KommuneManager()

    class Meta:
        verbose_name = "Suchwort"
        verbose_name_plural = "Suchwörter"
        constraints = [
            models.UniqueConstraint(fields=["kommune", "wort"], name="suchwort_je_kommune")
        ]

    def __str__(self) -> str:
        return self.wort
