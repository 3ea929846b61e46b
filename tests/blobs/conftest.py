"""Fixtures for the blob store: a store in the test's own directory, and ways to age things."""

from __future__ import annotations

import os
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from aktenbund.blobs.models import Blob
from aktenbund.blobs.store import FileSystemBlobStore, get_store

DAY = 24 * 3600


@pytest.fixture
def store(settings, tmp_path) -> FileSystemBlobStore:
    settings.BLOB_ROOT = tmp_path / "blobs"
    settings.BLOB_ORPHAN_GRACE_SECONDS = DAY
    return get_store()


def age_file(path: Path, seconds: int) -> None:
    """Pretend `path` was last written `seconds` ago."""
    then = time.time() - seconds
    os.utime(path, (then, then))


def age_blob(store: FileSystemBlobStore, blob: Blob, seconds: int) -> None:
    """Pretend the row and the file of `blob` were written `seconds` ago."""
    Blob.objects.filter(pk=blob.pk).update(created_at=timezone.now() - timedelta(seconds=seconds))
    age_file(store.path(blob.sha256), seconds)


def blob_files(store: FileSystemBlobStore) -> set[str]:
    """Paths (relative to the root) of every file outside the temp directory and the lock."""
    return {
        path.relative_to(store.root).as_posix()
        for path in store.root.rglob("*")
        if path.is_file() and path.parent != store.temp_dir and path.name != ".lock"
    }


def temp_files(store: FileSystemBlobStore) -> list[Path]:
    return sorted(store.temp_dir.iterdir()) if store.temp_dir.exists() else []
