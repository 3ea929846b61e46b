"""Storing content writes the file first, then the Blob row."""

from __future__ import annotations

import hashlib
import io

import pytest

from aktenbund.blobs.models import Blob
from aktenbund.blobs.services import store_blob
from aktenbund.errors import ValidationError
from tests.blobs.conftest import blob_files, temp_files

pytestmark = pytest.mark.django_db

CONTENT = b"%PDF-1.7 Bescheid"


def test_store_blob_writes_file_and_row(store):
    blob = store_blob(io.BytesIO(CONTENT), mime_type="application/pdf")

    assert blob.sha256 == hashlib.sha256(CONTENT).hexdigest()
    stored = Blob.objects.get(pk=blob.sha256)
    assert (stored.size, stored.mime_type) == (len(CONTENT), "application/pdf")
    with store.open(blob.sha256) as content:
        assert content.read() == CONTENT


def test_identical_content_yields_the_existing_row(store):
    first = store_blob(io.BytesIO(CONTENT), mime_type="application/pdf")

    second = store_blob(io.BytesIO(CONTENT), mime_type="application/octet-stream")

    assert second.pk == first.pk
    assert second.mime_type == "application/pdf"
    assert Blob.objects.count() == 1
    assert len(blob_files(store)) == 1


def test_too_large_content_writes_neither_file_nor_row(store):
    with pytest.raises(ValidationError):
        store_blob(io.BytesIO(CONTENT), max_size=len(CONTENT) - 1)

    assert not Blob.objects.exists()
    assert blob_files(store) == set()
    assert temp_files(store) == []


def test_failed_put_writes_no_row(store, monkeypatch):
    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(type(store), "put", disk_full)

    with pytest.raises(OSError):
        store_blob(io.BytesIO(CONTENT))

    assert not Blob.objects.exists()
