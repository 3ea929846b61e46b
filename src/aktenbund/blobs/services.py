"""Storing content, and keeping the blob store and the Blob rows in step.

The order of writes is the invariant: content first (durable in the store),
then the row. A crash in between leaves an orphan file, never a row without
its file; `sweep_orphans` removes what nothing refers to once a grace period
has passed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import islice
from typing import BinaryIO

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import ForeignObjectRel, ProtectedError
from django.utils import timezone

from aktenbund.blobs.models import Blob
from aktenbund.blobs.store import BlobNotFound, BlobStore, Mismatch, get_store
from aktenbund.tenancy.models import Kommune
from aktenbund.tenancy.scope import kommune_scope

BATCH_SIZE = 500


@dataclass
class SweepReport:
    """What `sweep_orphans` removed (or, with `dry_run`, would remove)."""

    dry_run: bool
    temp_files: list[str] = field(default_factory=list)
    orphan_rows: list[str] = field(default_factory=list)
    orphan_files: list[str] = field(default_factory=list)


def store_blob(
    stream: BinaryIO | Iterable[bytes], *, max_size: int | None = None, mime_type: str = ""
) -> Blob:
    """Store the content of `stream` and return its Blob row.

    The content is durable in the store before the row is written, so a row
    never refers to a missing file. Identical content yields the existing row
    (its `mime_type` is kept). Call it inside the transaction that writes the
    referring row (e.g. the Version): the Blob row stays locked until then, so
    a concurrent sweep cannot remove it in between. More than `max_size`
    bytes raise `ValidationError`.
    """
    sha256, size = get_store().put(stream, max_size=max_size)
    return blob_row(sha256, size, mime_type)


def blob_row(sha256: str, size: int, mime_type: str = "") -> Blob:
    """The Blob row of content already durable in the store, made if missing and locked.

    One INSERT that skips an existing row and one locking read: no savepoint,
    so filing many small files does not pay for get_or_create's.
    """
    return blob_rows([(sha256, size, mime_type)])[sha256]


def blob_rows(inhalte: list[tuple[str, int, str]]) -> dict[str, Blob]:
    """`blob_row` for many (sha256, size, mime_type) at once: two statements in all."""
    if not inhalte:
        return {}
    # Inserted and locked in one order: two transactions storing the same new
    # content cannot deadlock.
    eindeutig = {sha256: (size, mime) for sha256, size, mime in inhalte}
    with transaction.atomic(savepoint=False):
        Blob.objects.bulk_create(
            [
                Blob(sha256=sha256, size=size, mime_type=mime)
                for sha256, (size, mime) in sorted(eindeutig.items())
            ],
            ignore_conflicts=True,
        )
        zeilen = Blob.objects.select_for_update().filter(sha256__in=list(eindeutig))
        return {blob.sha256: blob for blob in zeilen.order_by("sha256")}


def store_blobs(
    inhalte: list[tuple[BinaryIO | Iterable[bytes], str]], *, max_size: int | None = None
) -> list[Blob]:
    """`store_blob` for many (stream, mime_type) at once: the files first, then their
    rows in two statements; each Blob in the order given."""
    gespeichert = [(*get_store().put(stream, max_size=max_size), mime) for stream, mime in inhalte]
    zeilen = blob_rows(gespeichert)
    return [zeilen[sha256] for sha256, _, _ in gespeichert]


def sweep_orphans(grace_seconds: int | None = None, dry_run: bool = False) -> SweepReport:
    """Remove what nothing refers to and that is older than the grace period.

    In this order:
    (a) temp files in the store (crashed or abandoned uploads),
    (b) Blob rows that no row of any model refers to, row first, then
    (c) blob files without a Blob row, which includes the files of (b).
    The grace period (default `settings.BLOB_ORPHAN_GRACE_SECONDS`) protects
    uploads in progress and content between `put` and its row: it must be
    longer than any upload takes. With `dry_run`, nothing is removed and the
    report names what would be.
    """
    if grace_seconds is None:
        grace_seconds = settings.BLOB_ORPHAN_GRACE_SECONDS
    cutoff = timezone.now() - timedelta(seconds=grace_seconds)
    store = get_store()
    report = SweepReport(dry_run=dry_run)
    report.temp_files = store.remove_stale_temp_files(cutoff, dry_run=dry_run)
    report.orphan_rows = _remove_unreferenced_rows(cutoff, dry_run=dry_run)
    report.orphan_files = _remove_files_without_row(
        store, cutoff, dry_run=dry_run, rows_gone=set(report.orphan_rows) if dry_run else set()
    )
    return report


def verify_blobs() -> Iterator[Mismatch]:
    """Every integrity problem of the store and of the Blob rows, one Mismatch each.

    Rehashes every stored file (see `BlobStore.verify`), then checks that each
    Blob row's file exists and has the row's size.
    """
    store = get_store()
    yield from store.verify()
    for blob in Blob.objects.order_by("sha256").iterator():
        try:
            size = store.size(blob.sha256)
        except BlobNotFound:
            yield Mismatch(blob.sha256, "Datei fehlt, obwohl ein Eintrag auf sie verweist")
            continue
        if size != blob.size:
            yield Mismatch(
                blob.sha256, f"Größe weicht ab: Datei {size} Bytes, Eintrag {blob.size} Bytes"
            )


def _batched(items: Iterable[str], size: int) -> Iterator[list[str]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _referencing_relations() -> list[ForeignObjectRel]:
    # `Blob._meta.related_objects` skips relations declared with
    # related_name="+", which would let the sweep remove referenced rows.
    return [
        relation
        for relation in Blob._meta.get_fields(include_hidden=True)
        if isinstance(relation, ForeignObjectRel)
    ]


def _referenced(sha256s: list[str]) -> set[str]:
    """Those of `sha256s` that some row of some model refers to, in any Kommune."""
    relations = _referencing_relations()
    if not relations:
        return set()
    found: set[str] = set()
    # Referring rows belong to Kommunen; on PostgreSQL row-level security shows
    # each Kommune's rows only inside its scope, so ask every scope in turn.
    for kommune_id in [None, *Kommune.objects.values_list("pk", flat=True)]:
        with kommune_scope(kommune_id):
            for relation in relations:
                name = relation.field.name
                # The base manager, not the default one: a default manager may
                # hide rows (scoped, archived) that still refer to the blob.
                referring = relation.field.model._base_manager.filter(**{f"{name}__in": sha256s})
                found.update(referring.values_list(name, flat=True))
    return found


def _remove_unreferenced_rows(cutoff: datetime, *, dry_run: bool) -> list[str]:
    removed = []
    last = ""
    while True:
        batch = list(
            Blob.objects.filter(created_at__lt=cutoff, sha256__gt=last)
            .order_by("sha256")
            .values_list("sha256", flat=True)[:BATCH_SIZE]
        )
        if not batch:
            return removed
        last = batch[-1]
        referenced = _referenced(batch)
        for sha256 in batch:
            if sha256 in referenced:
                continue
            if dry_run or _delete_row_if_unreferenced(sha256, cutoff):
                removed.append(sha256)


def _delete_row_if_unreferenced(sha256: str, cutoff: datetime) -> bool:
    # Lock the row and ask again: a referring row may have been written since
    # the batch was checked, and `store_blob` holds this lock until its
    # caller's referring row is written.
    try:
        with transaction.atomic():
            blob = Blob.objects.select_for_update().filter(pk=sha256, created_at__lt=cutoff).first()
            if blob is None or _referenced([sha256]):
                return False
            blob.delete()
    except (ProtectedError, IntegrityError):
        # The database has the last word on references we could not see.
        return False
    return True


def _remove_files_without_row(
    store: BlobStore, cutoff: datetime, *, dry_run: bool, rows_gone: set[str]
) -> list[str]:
    removed = []
    old_files = (blob.sha256 for blob in store.iter_blobs() if blob.modified_at < cutoff)
    for batch in _batched(old_files, BATCH_SIZE):
        with_row = set(Blob.objects.filter(pk__in=batch).values_list("sha256", flat=True))
        with_row -= rows_gone
        for sha256 in batch:
            if sha256 in with_row:
                continue
            # `delete` checks the age again under the store's lock: a `put` of
            # the same content since the listing keeps the file for its row.
            if dry_run or store.delete(sha256, older_than=cutoff):
                removed.append(sha256)
    return removed
