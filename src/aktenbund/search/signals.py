"""A new Kommune gets its own RUM index of the search table (PostgreSQL).

A signal, not a call in `tenancy.services.create_kommune`: tenancy is the
base every app builds on and knows nothing of search. Runs in the creating
transaction; the index is empty and made in milliseconds.
"""

from __future__ import annotations

from django.db import connection
from django.db.models.signals import post_save
from django.dispatch import receiver

from aktenbund.tenancy.models import Kommune


def suchindex_anlegen(kommune_id: int) -> None:
    """The Kommune's RUM index of the search table, unless it has one (PostgreSQL)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT aktenbund_suchindex_anlegen(%s)", [kommune_id])


@receiver(post_save, sender=Kommune, dispatch_uid="search_index_je_kommune")
def suchindex_fuer_neue_kommune(sender, instance: Kommune, created: bool, **kwargs) -> None:
    if created and not kwargs.get("raw"):
        suchindex_anlegen(instance.pk)
