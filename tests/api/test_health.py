"""`/api/v1/health` tells operations whether database, file store and task queue work."""

from __future__ import annotations

from pathlib import Path

from django.db import connection


def test_health_needs_no_sign_in_and_reports_ok(client, db, settings):
    # A fresh installation: the file store's directory does not exist yet.
    assert not Path(settings.BLOB_ROOT).exists()

    response = client.get("/api/v1/health")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    for check in ("datenbank", "dateiablage", "aufgaben"):
        assert body[check]["status"] == "ok", (check, body[check])
    assert body["datenbank"]["detail"] == connection.vendor


def test_health_reports_unusable_file_store_with_503(client, db, settings, tmp_path):
    not_a_directory = tmp_path / "blobs-als-datei"
    not_a_directory.write_text("kein Verzeichnis")
    settings.BLOB_ROOT = not_a_directory

    response = client.get("/api/v1/health")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fehler"
    assert body["dateiablage"]["status"] == "fehler"
    assert str(not_a_directory) in body["dateiablage"]["detail"]
    assert body["datenbank"]["status"] == "ok"
