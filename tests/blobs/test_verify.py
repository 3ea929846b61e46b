"""Rehashing the store finds content that no longer matches its name."""

from __future__ import annotations

import io

from aktenbund.blobs.store import Mismatch


def test_intact_store_reports_nothing(store):
    store.put(io.BytesIO(b"Haushaltssatzung 2025"))
    store.put(io.BytesIO(b"Gewerbeanmeldung"))

    assert list(store.verify()) == []


def test_empty_or_missing_store_reports_nothing(store):
    assert list(store.verify()) == []


def test_corrupted_blob_is_reported(store):
    intact, _ = store.put(io.BytesIO(b"Haushaltssatzung 2025"))
    corrupted, _ = store.put(io.BytesIO(b"Gewerbeanmeldung"))
    path = store.path(corrupted)
    path.chmod(0o640)
    path.write_bytes(b"Gewerbeabmeldung")

    mismatches = list(store.verify())

    assert [m.sha256 for m in mismatches] == [corrupted]
    assert mismatches[0].problem.startswith("Inhalt passt nicht zur Prüfsumme")
    assert intact not in mismatches[0].problem


def test_files_that_are_not_blobs_are_reported(store):
    sha256, _ = store.put(io.BytesIO(b"Gewerbeanmeldung"))
    shard = store.path(sha256).parent
    (shard / "notiz.txt").write_bytes(b"?")
    misplaced = store.root / "00" / "00" / sha256
    misplaced.parent.mkdir(parents=True)
    misplaced.write_bytes(b"Gewerbeanmeldung")

    mismatches = list(store.verify())

    problem = "Datei ohne gültigen Blob-Namen oder am falschen Ort"
    assert sorted(mismatches, key=lambda m: m.sha256) == [
        Mismatch(f"00/00/{sha256}", problem),
        Mismatch(f"{sha256[:2]}/{sha256[2:4]}/notiz.txt", problem),
    ]


def test_uploads_in_progress_are_not_reported(store):
    store.put(io.BytesIO(b"Gewerbeanmeldung"))
    (store.temp_dir / "upload-abc").write_bytes(b"halbe Datei")

    assert list(store.verify()) == []
