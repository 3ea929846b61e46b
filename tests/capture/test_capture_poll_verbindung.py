"""`capture_poll --loop` survives a database connection the server dropped between rounds."""

from __future__ import annotations

import importlib
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from aktenbund.tenancy.db_role import owner_connection

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not settings.IS_POSTGRES, reason="a server that drops a connection"),
]

capture_poll = importlib.import_module("aktenbund.capture.management.commands.capture_poll")


class Genug(Exception):
    """Ends the loop after the second round."""


def test_loop_replaces_a_dropped_connection(kommune_a, monkeypatch):
    monkeypatch.setitem(connection.settings_dict, "CONN_HEALTH_CHECKS", True)
    runden = []

    def schlafen(sekunden):
        runden.append(sekunden)
        if len(runden) > 1:
            raise Genug
        # Between the rounds the server ends the session (restart, failover, idle timeout).
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        with owner_connection(), connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])

    monkeypatch.setattr(capture_poll, "time", SimpleNamespace(sleep=schlafen))
    with pytest.raises(Genug):
        call_command("capture_poll", "--nur", "wiederaufnahme", "--loop", "1")
    assert len(runden) == 2  # the second round read the Kommunen again
