"""The store tells the health check whether blobs can be written."""

from __future__ import annotations

import io

from aktenbund.blobs.store import FileSystemBlobStore


def test_writable_store_is_ok_and_shows_free_space(store):
    store.put(io.BytesIO(b"Gewerbeanmeldung"))

    status, detail = store.health()

    assert status == "ok"
    assert detail.endswith(" GB frei")
    assert [p.name for p in store.temp_dir.iterdir()] == []


def test_missing_root_is_an_error(tmp_path):
    store = FileSystemBlobStore(tmp_path / "nicht-da")

    assert store.health() == ("fehler", f"Das Ablageverzeichnis {tmp_path / 'nicht-da'} fehlt.")


def test_unwritable_root_is_an_error(tmp_path):
    # A file where the temp directory belongs makes writing fail, even for root.
    (tmp_path / "tmp").write_bytes(b"")
    store = FileSystemBlobStore(tmp_path)

    status, detail = store.health()

    assert status == "fehler"
    assert detail.startswith(f"Das Ablageverzeichnis {tmp_path} ist nicht beschreibbar:")
