"""`manage.py verify_blobs` and `manage.py sweep_blobs`, as an operator runs them."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from aktenbund.blobs.models import Blob
from aktenbund.blobs.services import store_blob
from tests.blobs.conftest import DAY, age_blob

pytestmark = pytest.mark.django_db

MISSING = "a" * 64


def run(command: str, *args: str) -> tuple[str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command(command, *args, stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


def test_verify_blobs_passes_an_intact_store(store):
    store_blob(io.BytesIO(b"Bescheid"))
    store.put(io.BytesIO(b"noch ohne Eintrag"))

    stdout, stderr = run("verify_blobs")

    assert stdout == "Dateiablage intakt.\n"
    assert stderr == ""


def test_verify_blobs_names_every_problem_and_fails(store):
    corrupted = store_blob(io.BytesIO(b"Bescheid"))
    path = store.path(corrupted.sha256)
    path.chmod(0o640)
    path.write_bytes(b"Beschied")
    Blob.objects.create(sha256=MISSING, size=3)
    resized = store_blob(io.BytesIO(b"Haushaltsplan"))
    Blob.objects.filter(pk=resized.pk).update(size=999)
    stderr = io.StringIO()

    with pytest.raises(CommandError, match=r"^3 Problem\(e\) in der Dateiablage gefunden\.$"):
        call_command("verify_blobs", stdout=io.StringIO(), stderr=stderr)

    lines = stderr.getvalue().splitlines()
    assert f"{corrupted.sha256}: Inhalt passt nicht zur Prüfsumme" in lines[0]
    assert f"{MISSING}: Datei fehlt, obwohl ein Eintrag auf sie verweist" in lines
    assert f"{resized.sha256}: Größe weicht ab: Datei 13 Bytes, Eintrag 999 Bytes" in lines


def test_sweep_blobs_dry_run_lists_without_removing(store):
    blob = store_blob(io.BytesIO(b"unreferenced and old"))
    age_blob(store, blob, DAY + 60)

    stdout, _ = run("sweep_blobs", "--dry-run")

    assert stdout.splitlines() == [
        "Abgebrochene Uploads würden entfernt: 0",
        "Einträge ohne Verweis würden entfernt: 1",
        f"  {blob.sha256}",
        "Dateien ohne Eintrag würden entfernt: 1",
        f"  {blob.sha256}",
    ]
    assert Blob.objects.filter(pk=blob.pk).exists()


def test_sweep_blobs_with_grace_removes_what_is_older(store):
    blob = store_blob(io.BytesIO(b"an hour old"))
    age_blob(store, blob, 3600)

    stdout, _ = run("sweep_blobs", "--grace", "1800")

    assert "Einträge ohne Verweis entfernt: 1" in stdout
    assert not Blob.objects.filter(pk=blob.pk).exists()
    assert not store.exists(blob.sha256)


def test_sweep_blobs_refuses_negative_grace(store):
    with pytest.raises(CommandError, match="nicht negativ"):
        run("sweep_blobs", "--grace", "-1")
