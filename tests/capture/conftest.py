"""Fixtures of the Posteingang: the records fixtures plus a Registratur with an OE."""

from __future__ import annotations

import pytest

from tests.capture import imapserver
from tests.factories import make_user
from tests.records.conftest import (  # noqa: F401 (fixtures)
    akte_a,
    oe_a,
    oe_a_bau,
    oe_b,
    plan,
    registratur_a,
    sb_a,
    sb_a_bau,
    sb_b,
    verbund_registratur,
    vorgang_a,
)


@pytest.fixture
def poststelle_a(kommune_a, oe_a):  # noqa: F811
    """The Registratur of Meinhard (sees the whole Posteingang)."""
    return make_user(kommune_a, "meinhard.poststelle", ["registratur"], [oe_a.pk])


@pytest.fixture
def imap(settings):
    """A real Dovecot on loopback, and the test configuration that opens it to Mailkonten.

    By default Mailkonten reach neither loopback nor other ports than 143 and
    993 (docs/capture.md); a Verbund running its IMAP server on this machine
    opens it the same way.
    """
    server = imapserver.start()
    settings.AKTENBUND_IMAP_NETZE = ["127.0.0.0/8"]
    settings.AKTENBUND_IMAP_PORTS = [143, 993, server.port]
    yield server
    imapserver.stop(server)
