"""IMAP polling against a real Dovecot on loopback (Debian package dovecot-imapd)."""

from __future__ import annotations

import pytest

from aktenbund.capture.models import Mailkonto, Posteingangseintrag, Quelle, Status
from aktenbund.capture.services.mail import poll_mailkonto
from aktenbund.capture.services.mailkonten import create_mailkonto
from aktenbund.errors import ValidationError
from aktenbund.tenancy.scope import kommune_scope
from tests.capture import dateien as d
from tests.capture import imapserver
from tests.capture.helpers import dateien_of

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not imapserver.available(),
        reason="Dovecot is not installed (Debian package dovecot-imapd, see TEST_DEBS)",
    ),
]


def _konto(admin, server, oe=None) -> Mailkonto:
    with kommune_scope(admin.kommune_id):
        return create_mailkonto(
            admin,
            bezeichnung="Poststelle",
            host=server.host,
            port=server.port,
            verschluesselung="keine",
            benutzer=server.user,
            passwort=server.password,
            oe_id=oe.pk if oe else None,
        )


def _eintraege(kommune_id):
    with kommune_scope(kommune_id):
        return list(Posteingangseintrag.objects.order_by("pk"))


def test_new_mails_become_eintraege_once(admin_a, oe_a, imap):
    konto = _konto(admin_a, imap, oe_a)
    imapserver.deliver(
        imap,
        d.eml(anhaenge=[("Plan.pdf", d.text_pdf("Lageplan"), "application/pdf")]),
        d.eml(betreff="Widerspruch Gebührenbescheid", absender="max@example.org"),
    )
    assert poll_mailkonto(konto.pk, admin_a.kommune_id) == 2
    eins, zwei = _eintraege(admin_a.kommune_id)
    assert eins.quelle == Quelle.EMAIL and eins.oe_id == oe_a.pk
    assert eins.status == Status.BEREIT, eins.fehlergrund
    assert eins.betreff == "Bauantrag Müller"
    assert [(f.rolle, f.dateiname) for f in dateien_of(eins)] == [
        ("mail", "Bauantrag Müller.eml"),
        ("anhang", "Plan.pdf"),
    ]
    assert zwei.absender == "max@example.org"
    # Polling again takes nothing twice; a new mail is taken.
    assert poll_mailkonto(konto.pk, admin_a.kommune_id) == 0
    imapserver.deliver(imap, d.eml(betreff="Dritte"))
    assert poll_mailkonto(konto.pk, admin_a.kommune_id) == 1
    assert [e.betreff for e in _eintraege(admin_a.kommune_id)][-1] == "Dritte"


def test_wrong_password_is_recorded_not_raised(admin_a, imap):
    konto = _konto(admin_a, imap)
    with kommune_scope(admin_a.kommune_id):
        konto.set_passwort("falsch")
        konto.save(update_fields=["passwort_verschluesselt"])
    assert poll_mailkonto(konto.pk, admin_a.kommune_id) == 0
    with kommune_scope(admin_a.kommune_id):
        assert "fehlgeschlagen" in Mailkonto.objects.get(pk=konto.pk).letzter_fehler


def test_unencrypted_remote_mailbox_is_refused(admin_a):
    with kommune_scope(admin_a.kommune_id), pytest.raises(ValidationError) as exc:
        create_mailkonto(
            admin_a,
            bezeichnung="x",
            host="mail.example.org",
            port=143,
            verschluesselung="keine",
            benutzer="u",
            passwort="p",
        )
    assert "verschluesselung" in exc.value.errors
