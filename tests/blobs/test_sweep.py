"""The orphan sweep removes what nothing refers to, once the grace period is over."""

from __future__ import annotations

import io

import pytest
from django.apps import apps
from django.db import connection, models

from aktenbund.blobs import services
from aktenbund.blobs.models import Blob
from aktenbund.blobs.services import store_blob, sweep_orphans
from aktenbund.tenancy.db_role import owner_connection
from aktenbund.tenancy.managers import KommuneManager
from aktenbund.tenancy.models import Kommune
from aktenbund.tenancy.rls import apply_row_level_security
from aktenbund.tenancy.scope import kommune_scope
from tests.blobs.conftest import DAY, age_blob, age_file, blob_files, temp_files

pytestmark = pytest.mark.django_db


@pytest.fixture
def anhang_model(transactional_db):
    """A tenant model that refers to Blob, as Version will: scoped, fenced, related_name="+".

    Built for the test and removed afterwards, so the sweep's discovery of
    referring models is tested without a records app.
    """
    meta = type("Meta", (), {"app_label": "blobs", "db_table": "test_blobs_anhang"})
    anhang = type(
        "Anhang",
        (models.Model,),
        {
            "__module__": __name__,
            "kommune": models.ForeignKey(Kommune, on_delete=models.PROTECT, related_name="+"),
            "blob": models.ForeignKey(Blob, on_delete=models.PROTECT, related_name="+"),
            "objects": KommuneManager(),
            "Meta": meta,
        },
    )
    try:
        with owner_connection():
            with connection.schema_editor() as editor:
                editor.create_model(anhang)
            apply_row_level_security()
        yield anhang
    finally:
        with owner_connection(), connection.schema_editor() as editor:
            editor.delete_model(anhang)
        del apps.all_models["blobs"]["anhang"]
        apps.clear_cache()


def test_sweep_keeps_everything_within_the_grace_period(store):
    blob = store_blob(io.BytesIO(b"unreferenced, but new"))
    orphan, _ = store.put(io.BytesIO(b"file without row, but new"))
    (store.temp_dir / "upload-running").write_bytes(b"half")

    report = sweep_orphans()

    assert (report.temp_files, report.orphan_rows, report.orphan_files) == ([], [], [])
    assert Blob.objects.filter(pk=blob.pk).exists()
    assert store.exists(blob.sha256)
    assert store.exists(orphan)
    assert [p.name for p in temp_files(store)] == ["upload-running"]


def test_sweep_removes_stale_temp_files(store):
    stale = store.temp_dir / "upload-crashed"
    store.temp_dir.mkdir(parents=True)
    stale.write_bytes(b"half")
    age_file(stale, DAY + 60)

    report = sweep_orphans()

    assert report.temp_files == ["upload-crashed"]
    assert temp_files(store) == []


def test_sweep_removes_old_file_without_row(store):
    orphan, _ = store.put(io.BytesIO(b"put, then the process died before the row"))
    age_file(store.path(orphan), DAY + 60)

    report = sweep_orphans()

    assert report.orphan_files == [orphan]
    assert not store.exists(orphan)


def test_sweep_removes_old_unreferenced_row_and_then_its_file(store):
    blob = store_blob(io.BytesIO(b"Version was deleted long ago"))
    age_blob(store, blob, DAY + 60)

    report = sweep_orphans()

    assert report.orphan_rows == [blob.sha256]
    assert report.orphan_files == [blob.sha256]
    assert not Blob.objects.filter(pk=blob.pk).exists()
    assert blob_files(store) == set()


def test_sweep_keeps_file_of_old_row_put_again_recently(store):
    blob = store_blob(io.BytesIO(b"uploaded again"))
    age_blob(store, blob, DAY + 60)
    store.put(io.BytesIO(b"uploaded again"))  # row not written yet

    report = sweep_orphans()

    assert report.orphan_rows == [blob.sha256]
    assert report.orphan_files == []
    assert store.exists(blob.sha256)


def test_grace_can_be_given_explicitly(store):
    blob = store_blob(io.BytesIO(b"an hour old"))
    age_blob(store, blob, 3600)

    assert sweep_orphans().orphan_rows == []
    assert sweep_orphans(grace_seconds=1800).orphan_rows == [blob.sha256]


def test_dry_run_reports_but_removes_nothing(store):
    blob = store_blob(io.BytesIO(b"unreferenced and old"))
    age_blob(store, blob, DAY + 60)
    stale = store.temp_dir / "upload-crashed"
    stale.write_bytes(b"half")
    age_file(stale, DAY + 60)

    report = sweep_orphans(dry_run=True)

    assert report.dry_run
    assert report.temp_files == ["upload-crashed"]
    assert report.orphan_rows == [blob.sha256]
    assert report.orphan_files == [blob.sha256]
    assert Blob.objects.filter(pk=blob.pk).exists()
    assert store.exists(blob.sha256)
    assert stale.exists()


def test_sweep_keeps_blobs_referred_to_from_any_kommune(store, anhang_model, kommune_a, kommune_b):
    kept = store_blob(io.BytesIO(b"Anlage eines Bescheids in Sontra"))
    dropped = store_blob(io.BytesIO(b"Anlage, die niemand mehr braucht"))
    with kommune_scope(kommune_b):
        anhang_model.objects.create(kommune=kommune_b, blob=kept)
    age_blob(store, kept, DAY + 60)
    age_blob(store, dropped, DAY + 60)

    # The dry run shows what the discovery finds, before the database's own
    # foreign key check could step in.
    assert sweep_orphans(dry_run=True).orphan_rows == [dropped.sha256]
    report = sweep_orphans()

    assert report.orphan_rows == [dropped.sha256]
    assert set(Blob.objects.values_list("sha256", flat=True)) == {kept.sha256}
    assert store.exists(kept.sha256)
    assert not store.exists(dropped.sha256)


def test_database_keeps_a_referenced_row_that_discovery_missed(
    store, anhang_model, kommune_b, monkeypatch
):
    blob = store_blob(io.BytesIO(b"Anlage eines Bescheids in Sontra"))
    with kommune_scope(kommune_b):
        anhang_model.objects.create(kommune=kommune_b, blob=blob)
    age_blob(store, blob, DAY + 60)
    monkeypatch.setattr(services, "_referenced", lambda sha256s: set())

    report = sweep_orphans()

    assert (report.orphan_rows, report.orphan_files) == ([], [])
    assert Blob.objects.filter(pk=blob.pk).exists()
    assert store.exists(blob.sha256)


@pytest.mark.postgres_only
def test_references_are_invisible_outside_their_kommunes_scope(anhang_model, store, kommune_b):
    # Why the sweep asks every Kommune: row-level security hides the reference
    # from any other scope, even from the unscoped base manager.
    if connection.vendor != "postgresql":
        pytest.skip("row-level security exists on PostgreSQL only")
    blob = store_blob(io.BytesIO(b"Anlage eines Bescheids in Sontra"))
    with kommune_scope(kommune_b):
        anhang_model.objects.create(kommune=kommune_b, blob=blob)

    with kommune_scope(None):
        assert not anhang_model._base_manager.filter(blob=blob).exists()
    with kommune_scope(kommune_b):
        assert anhang_model._base_manager.filter(blob=blob).exists()
