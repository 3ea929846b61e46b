"""Migration capture 0002: plain-text Mailkonto passwords become encrypted ones (and back)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection

from aktenbund.capture.models import Mailkonto
from aktenbund.tenancy.scope import kommune_scope

pytestmark = pytest.mark.django_db(transaction=True)


def _spalten() -> set[str]:
    with connection.cursor() as cursor:
        return {
            c.name
            for c in connection.introspection.get_table_description(cursor, "capture_mailkonto")
        }


def test_existing_passwords_are_encrypted_by_the_migration(kommune_a, kommune_b):
    call_command("migrate", "capture", "0001", verbosity=0)
    try:
        assert "passwort" in _spalten() and "passwort_verschluesselt" not in _spalten()
        for kommune, passwort in ((kommune_a, "alt-a"), (kommune_b, "alt-b")):
            with kommune_scope(kommune.pk), connection.cursor() as cursor:
                cursor.execute(
                    "INSERT INTO capture_mailkonto (kommune_id, bezeichnung, host, port, "
                    "verschluesselung, benutzer, passwort, ordner, aktiv, letzte_uid, "
                    "letzter_fehler) VALUES (%s, 'Alt', 'imap.example.org', 993, 'ssl', "
                    "'u', %s, 'INBOX', %s, 0, '')",
                    [kommune.pk, passwort, True],
                )
    finally:
        call_command("migrate", "capture", verbosity=0)
    assert "passwort" not in _spalten()
    for kommune, passwort in ((kommune_a, "alt-a"), (kommune_b, "alt-b")):
        with kommune_scope(kommune.pk):
            konto = Mailkonto.objects.get()
            assert konto.passwort_verschluesselt.startswith("gAAAA")
            assert passwort not in konto.passwort_verschluesselt
            assert konto.passwort() == passwort
