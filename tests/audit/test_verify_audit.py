"""`manage.py verify_audit` finds a tampered chain and names its first broken link."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from aktenbund.audit.models import AuditEvent
from aktenbund.tenancy.db_role import owner_connection
from aktenbund.tenancy.scope import kommune_scope
from tests.factories import make_oe


@pytest.fixture
def chains(admin_a, admin_b, kommune_a, kommune_b):
    """Meinhard's chain has four events (Kommune, admin, two OEs); Sontra's two."""
    make_oe(admin_a, kommune_a, "10", "Hauptamt")
    make_oe(admin_a, kommune_a, "32", "Ordnungsamt")
    with kommune_scope(kommune_a):
        assert AuditEvent.objects.count() == 4
    return kommune_a, kommune_b


def _verify(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("verify_audit", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _verify_fails(*args: str) -> tuple[str, str, str]:
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("verify_audit", *args, stdout=out, stderr=err)
    return str(failure.value), out.getvalue(), err.getvalue()


def _tamper(kommune, sql: str, params: list) -> None:
    """Change the audit table behind the application's back, as an intruder would.

    On PostgreSQL only the owner can, on a connection of its own (so the test
    commits its events: `tampering`), and only with the append-only trigger
    switched off (inside the owner's transaction, so it is back afterwards).
    """
    if connection.vendor != "postgresql":
        with kommune_scope(kommune), connection.cursor() as cursor:
            cursor.execute(sql, params)
        return
    with owner_connection(), kommune_scope(kommune), connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_append_only")
        cursor.execute(sql, params)
        cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_append_only")


# For tests that tamper: their events are committed, so the owner sees them.
tampering = pytest.mark.django_db(transaction=True)


def _alter_details(kommune, seq: int) -> None:
    value = "CAST(%s AS jsonb)" if connection.vendor == "postgresql" else "%s"
    _tamper(
        kommune,
        f"UPDATE audit_auditevent SET details = {value} WHERE kommune_id = %s AND seq = %s",
        ['{"name": "Gefälscht"}', kommune.pk, seq],
    )


def _delete(kommune, seq: int) -> None:
    _tamper(
        kommune,
        "DELETE FROM audit_auditevent WHERE kommune_id = %s AND seq = %s",
        [kommune.pk, seq],
    )


def test_intact_chains_pass(chains):
    out, err = _verify()

    assert "Verbund: Kette intakt" in out
    assert "Meinhard (06636007): Kette intakt" in out
    assert "Sontra (06636011): Kette intakt" in out
    assert err == ""


def test_one_intact_kommune_passes(chains):
    out, _ = _verify("--kommune", "06636007")

    assert out.strip() == "Meinhard (06636007): Kette intakt"


@tampering
def test_altered_details_are_found(chains):
    kommune_a, _ = chains
    _alter_details(kommune_a, 3)

    message, out, err = _verify_fails()

    assert "Meinhard (06636007)" in message
    assert "Meinhard (06636007): Kette gebrochen bei Glied 3" in err
    assert "Hash" in err
    assert "Sontra (06636011): Kette intakt" in out
    assert "Sontra" not in message


@tampering
def test_altered_details_are_found_for_one_kommune(chains):
    kommune_a, _ = chains
    _alter_details(kommune_a, 2)

    message, _, err = _verify_fails("--kommune", "06636007")

    assert "Meinhard (06636007)" in message
    assert "Glied 2" in err
    _verify("--kommune", "06636011")


@tampering
def test_deleted_middle_event_is_found(chains):
    kommune_a, _ = chains
    _delete(kommune_a, 2)

    message, _, err = _verify_fails("--kommune", "06636007")

    assert "Meinhard (06636007)" in message
    assert "Meinhard (06636007): Kette gebrochen bei Glied 2" in err
    assert "fehlt" in err


@tampering
def test_deleted_last_event_is_found_by_the_head(chains):
    kommune_a, _ = chains
    _delete(kommune_a, 4)

    message, _, err = _verify_fails()

    assert "Meinhard (06636007)" in message
    assert "Meinhard (06636007): Kette gebrochen bei Glied 4" in err
    assert "Kopf" in err


def test_unknown_ags_is_an_error(chains):
    with pytest.raises(CommandError, match="99999999"):
        call_command("verify_audit", "--kommune", "99999999", stdout=StringIO())
