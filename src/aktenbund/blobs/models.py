"""The blob row: the database's record that some content is stored."""

from django.db import models
from django.utils import timezone


class Blob(models.Model):
    """Content stored in the blob store under its SHA-256.

    Content only, no metadata, and not tenant-owned: identical bytes uploaded
    in two Kommunen are one Blob, and nothing about a Blob reveals who uploaded
    it. Whatever refers to content (a Version of a Dokument) holds
    `ForeignKey(Blob, on_delete=PROTECT)`. A row exists only once its file is
    durable in the store (see `aktenbund.blobs.services.store_blob`).

    References are made with `blob_verweis()`.
    """

    sha256 = models.CharField("SHA-256", max_length=64, primary_key=True)
    size = models.BigIntegerField("Größe (Bytes)")
    mime_type = models.CharField("MIME-Typ", max_length=100, blank=True)
    created_at = models.DateTimeField("angelegt am", default=timezone.now)

    class Meta:
        verbose_name = "Blob"
        verbose_name_plural = "Blobs"

    def __str__(self) -> str:
        return self.sha256


def blob_verweis(*, null: bool = False) -> models.ForeignKey:
    """A reference to content: PROTECT, no reverse accessor, and no index of its own.

    Index it with a `models.Index` in the referring model's Meta (the sweeper
    looks references up): the key is a varchar, and for an indexed varchar
    Django adds a second, LIKE-only index on PostgreSQL — nobody searches
    hashes by prefix, and every filed Dokument wrote both.
    """
    return models.ForeignKey(
        Blob, on_delete=models.PROTECT, null=null, blank=null, related_name="+", db_index=False
    )
