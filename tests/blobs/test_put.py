"""Putting content into the store and reading it back."""

from __future__ import annotations

import hashlib
import io
from datetime import UTC, datetime, timedelta

import pytest

from aktenbund.blobs.store import BlobNotFound, get_store
from aktenbund.errors import ValidationError
from tests.blobs.conftest import DAY, age_file, blob_files, temp_files

CONTENT = b"Bescheid ueber die Gewerbeanmeldung\n" * 1000
SHA256 = hashlib.sha256(CONTENT).hexdigest()


def test_put_stores_content_under_its_sha256(store):
    sha256, size = store.put(io.BytesIO(CONTENT))

    assert (sha256, size) == (SHA256, len(CONTENT))
    assert store.path(sha256) == store.root / SHA256[:2] / SHA256[2:4] / SHA256
    assert blob_files(store) == {f"{SHA256[:2]}/{SHA256[2:4]}/{SHA256}"}
    assert store.exists(sha256)
    assert store.size(sha256) == len(CONTENT)
    with store.open(sha256) as blob:
        assert blob.read() == CONTENT


def test_put_accepts_an_iterable_of_chunks(store):
    chunks = [CONTENT[:10], CONTENT[10:5000], CONTENT[5000:]]

    assert store.put(iter(chunks)) == (SHA256, len(CONTENT))


def test_put_of_empty_content_stores_an_empty_blob(store):
    sha256, size = store.put(io.BytesIO(b""))

    assert (sha256, size) == (hashlib.sha256(b"").hexdigest(), 0)
    assert store.exists(sha256)


def test_identical_content_is_stored_once_and_not_written_again(store):
    store.put(io.BytesIO(CONTENT))
    inode = store.path(SHA256).stat().st_ino

    assert store.put(io.BytesIO(CONTENT)) == (SHA256, len(CONTENT))

    assert store.path(SHA256).stat().st_ino == inode
    assert len(blob_files(store)) == 1
    assert temp_files(store) == []


def test_put_of_existing_content_restarts_its_grace_period(store):
    store.put(io.BytesIO(CONTENT))
    age_file(store.path(SHA256), 2 * DAY)

    store.put(io.BytesIO(CONTENT))

    # The sweep's delete refuses a blob touched since its cutoff.
    assert not store.delete(SHA256, older_than=datetime.now(UTC) - timedelta(seconds=DAY))
    assert store.exists(SHA256)


def test_content_over_max_size_is_refused_and_leaves_nothing(store):
    with pytest.raises(ValidationError) as refused:
        store.put(io.BytesIO(CONTENT), max_size=1024)

    assert refused.value.message == "Die Datei ist zu groß (höchstens 1 KB)."
    assert "datei" in refused.value.errors
    assert blob_files(store) == set()
    assert temp_files(store) == []


def test_content_of_exactly_max_size_is_stored(store):
    assert store.put(io.BytesIO(CONTENT), max_size=len(CONTENT)) == (SHA256, len(CONTENT))


def test_size_limit_is_shown_in_megabytes(store):
    with pytest.raises(ValidationError, match=r"höchstens 20 MB\)"):
        store.put(iter([b"x" * (20 * 1024 * 1024 + 1)]), max_size=20 * 1024 * 1024)


def test_failing_stream_leaves_no_temp_file(store):
    def broken_upload():
        yield CONTENT
        raise ConnectionResetError("client went away")

    with pytest.raises(ConnectionResetError):
        store.put(broken_upload())

    assert temp_files(store) == []
    assert blob_files(store) == set()


@pytest.mark.parametrize(
    "name",
    [
        "../../../etc/passwd",
        f"{SHA256[:62]}/.",
        f"../{SHA256[3:]}",
        SHA256.upper(),
        SHA256[:63],
        SHA256 + "0",
        f"{SHA256}\n",
        "",
    ],
)
def test_names_that_are_not_a_sha256_are_refused(store, name):
    for operation in (store.path, store.open, store.exists, store.size, store.delete):
        with pytest.raises(ValidationError) as refused:
            operation(name)
        assert refused.value.errors == {
            "sha256": "Eine SHA-256-Prüfsumme besteht aus 64 Zeichen 0–9 und a–f."
        }


def test_missing_blob_raises_blob_not_found(store):
    with pytest.raises(BlobNotFound):
        store.open(SHA256)
    with pytest.raises(BlobNotFound):
        store.size(SHA256)
    assert not store.exists(SHA256)
    assert not store.delete(SHA256)


def test_store_follows_the_blob_root_setting(store, settings, tmp_path):
    assert get_store() is store

    settings.BLOB_ROOT = tmp_path / "andere"

    assert get_store().root == tmp_path / "andere"
    assert get_store() is not store
