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
    assert body["datenbank"]["detail"] == ""  # details for the Verbund-Admin only


def test_health_shows_details_to_the_verbund_admin(client, settings, verbund_admin):
    client.force_login(verbund_admin)

    body = client.get("/api/v1/health").json()

    assert body["datenbank"]["detail"] == connection.vendor


def test_health_reports_unusable_file_store_with_503(client, settings, tmp_path, verbund_admin):
    not_a_directory = tmp_path / "blobs-als-datei"
    not_a_directory.write_text("kein Verzeichnis")
    settings.BLOB_ROOT = not_a_directory
    client.force_login(verbund_admin)

    response = client.get("/api/v1/health")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fehler"
    assert body["dateiablage"]["status"] == "fehler"
    assert str(not_a_directory) in body["dateiablage"]["detail"]
    assert body["datenbank"]["status"] == "ok"
