"""Amtshilfe: a Freigabe is the one path across Kommunen, recorded in both chains."""

from __future__ import annotations

import datetime
import io

import pytest
from django.db import connection
from django.utils import timezone
from django_scopes import scopes_disabled

from aktenbund.audit.models import AuditEvent
from aktenbund.errors import NotFound, PermissionDenied, ValidationError
from aktenbund.records import services
from aktenbund.records.models import Dokument, Freigabe, Version, Vorgang
from aktenbund.tenancy.scope import kommune_scope
from tests.factories import make_kommune, make_oe, make_user
from tests.records.factories import make_dokument, pdf_bytes

IN_30_TAGEN = timezone.localdate() + datetime.timedelta(days=30)


@pytest.fixture
def kommune_c(verbund):
    return make_kommune(verbund, "Witzenhausen", "06636017", 14800)


@pytest.fixture
def witz_user(kommune_c, verbund_admin):
    oe = make_oe(verbund_admin, kommune_c, "60", "Bauamt")
    return make_user(kommune_c, "witzenhausen.bau", ["sachbearbeitung"], [oe.pk])


@pytest.fixture
def witz_kollege(kommune_c):
    return make_user(kommune_c, "witzenhausen.anderer", ["sachbearbeitung"])


def grant(actor, vorgang, empfaenger_kommune, **kwargs):
    kwargs.setdefault("gueltig_bis", IN_30_TAGEN)
    with kommune_scope(actor.kommune):
        return services.grant_freigabe(
            actor, vorgang=vorgang, empfaenger_kommune=empfaenger_kommune, **kwargs
        )


def test_named_user_reads_granted_vorgang_and_others_do_not(
    sb_a, vorgang_a, kommune_c, witz_user, witz_kollege, sb_b
):
    dokument = make_dokument(sb_a, vorgang_a)
    grant(sb_a, vorgang_a, kommune_c, empfaenger_user=witz_user)

    with kommune_scope(kommune_c):
        seen = services.get_vorgang(witz_user, vorgang_a.pk)
        assert seen.recht == "lesen"
        assert [e.objekt for e in services.fuer_uns_freigegeben(witz_user)] == [vorgang_a]
        with scopes_disabled():
            version = Version.objects.get(dokument=dokument)
        _version, stream = services.open_version(witz_user, version)
        assert stream.read().startswith(b"%PDF")
        with pytest.raises(NotFound):
            services.get_vorgang(witz_kollege, vorgang_a.pk)
        with pytest.raises(PermissionDenied):
            services.add_dokument(
                witz_user, vorgang_a, titel="x", dateiname="x.pdf", inhalt=pdf_bytes()
            )
    with kommune_scope(sb_b.kommune), pytest.raises(NotFound):
        services.get_vorgang(sb_b, vorgang_a.pk)


def test_bearbeiten_lets_the_other_kommune_file_documents(sb_a, vorgang_a, kommune_c, witz_user):
    grant(sb_a, vorgang_a, kommune_c, recht="bearbeiten")
    with kommune_scope(kommune_c):
        dokument = services.add_dokument(
            witz_user,
            vorgang_a,
            titel="Stellungnahme Witzenhausen",
            dateiname="s.pdf",
            inhalt=pdf_bytes("s"),
        )
    assert dokument.kommune_id == vorgang_a.kommune_id
    with kommune_scope(sb_a.kommune):
        assert Dokument.objects.filter(vorgang=vorgang_a).count() == 1
        owner_events = set(AuditEvent.objects.values_list("action", flat=True))
    with kommune_scope(kommune_c):
        own_events = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"freigabe.erteilt", "dokument.hinzugefuegt"} <= owner_events
    assert {"freigabe.erteilt", "dokument.hinzugefuegt"} <= own_events


def test_bearbeiten_does_not_let_the_other_kommune_close_zda(
    sb_a, akte_a, vorgang_a, kommune_c, witz_user
):
    grant(sb_a, vorgang_a, kommune_c, recht="bearbeiten")
    with kommune_scope(sb_a.kommune):
        services.grant_freigabe(
            sb_a,
            akte=akte_a,
            empfaenger_kommune=kommune_c,
            recht="bearbeiten",
            gueltig_bis=IN_30_TAGEN,
        )

    with kommune_scope(kommune_c):
        assert services.get_vorgang(witz_user, vorgang_a.pk).recht == "bearbeiten"
        with pytest.raises(PermissionDenied):
            services.close_vorgang_zda(witz_user, vorgang_a, verfuegung="zdA")
        with pytest.raises(PermissionDenied):
            services.close_akte_zda(witz_user, akte_a, verfuegung="zdA")
        assert not services.may_close_zda(witz_user, services.get_akte(witz_user, akte_a.pk))
    with kommune_scope(sb_a.kommune):
        vorgang_a.refresh_from_db()
        akte_a.refresh_from_db()
        assert not vorgang_a.ist_zda and not akte_a.ist_zda
        assert not AuditEvent.objects.filter(action__in=["vorgang.zda", "akte.zda"]).exists()
        # The owner still closes it.
        services.close_vorgang_zda(sb_a, vorgang_a, verfuegung="Erledigt.")


def test_receiving_kommune_sees_no_zda_button_and_api_refuses(
    client, sb_a, vorgang_a, kommune_c, witz_user
):
    from tests.api.records_client import Api

    grant(sb_a, vorgang_a, kommune_c, recht="bearbeiten")
    client.force_login(witz_user)

    seite = client.get(f"/akten/vorgaenge/{vorgang_a.pk}/")
    assert seite.status_code == 200
    assert "zdA verfügen" not in seite.content.decode()
    antwort = Api(witz_user).post(f"/vorgaenge/{vorgang_a.pk}/zda", {"verfuegung": "zdA"})
    assert antwort.status_code == 403
    client.force_login(sb_a)
    assert "zdA verfügen" in client.get(f"/akten/vorgaenge/{vorgang_a.pk}/").content.decode()


def test_revocation_and_expiry_end_access(sb_a, vorgang_a, kommune_c, witz_user):
    freigabe = grant(sb_a, vorgang_a, kommune_c)
    with kommune_scope(sb_a.kommune):
        services.revoke_freigabe(sb_a, freigabe)
    with kommune_scope(kommune_c):
        with pytest.raises(NotFound):
            services.get_vorgang(witz_user, vorgang_a.pk)
        assert services.fuer_uns_freigegeben(witz_user) == []
        assert AuditEvent.objects.filter(action="freigabe.widerrufen").exists()

    grant(sb_a, vorgang_a, kommune_c, gueltig_bis=timezone.localdate())
    with kommune_scope(kommune_c):
        assert services.get_vorgang(witz_user, vorgang_a.pk)
    with kommune_scope(sb_a.kommune), scopes_disabled():
        Freigabe.objects.filter(widerrufen_am__isnull=True).update(
            gueltig_bis=timezone.localdate() - datetime.timedelta(days=1)
        )
    with kommune_scope(kommune_c), pytest.raises(NotFound):
        services.get_vorgang(witz_user, vorgang_a.pk)


def test_expiry_is_recorded_once_in_both_chains(sb_a, vorgang_a, kommune_c, witz_user):
    from django.core.management import call_command

    abgelaufen = grant(sb_a, vorgang_a, kommune_c, gueltig_bis=timezone.localdate())
    widerrufen = grant(sb_a, vorgang_a, kommune_c, gueltig_bis=timezone.localdate())
    laeuft = grant(sb_a, vorgang_a, kommune_c)
    with kommune_scope(sb_a.kommune):
        services.revoke_freigabe(sb_a, widerrufen)
    morgen = timezone.localdate() + datetime.timedelta(days=1)
    # Still valid today: nothing to record.
    assert services.protokolliere_abgelaufene() == 0
    assert services.protokolliere_abgelaufene(heute=morgen) == 1
    assert services.protokolliere_abgelaufene(heute=morgen) == 0  # once only
    for kommune in (sb_a.kommune, kommune_c):
        with kommune_scope(kommune):
            events = AuditEvent.objects.filter(action="freigabe.abgelaufen")
            assert [(e.object_id, e.actor_name) for e in events] == [(str(abgelaufen.pk), "System")]
            assert events.get().details["gueltig_bis"] == timezone.localdate().isoformat()
    with kommune_scope(sb_a.kommune), scopes_disabled():
        assert Freigabe.objects.get(pk=abgelaufen.pk).ablauf_protokolliert_am is not None
        assert Freigabe.objects.get(pk=laeuft.pk).ablauf_protokolliert_am is None
    # The daily command runs the same service.
    with kommune_scope(sb_a.kommune), scopes_disabled():
        Freigabe.objects.filter(pk=laeuft.pk).update(
            gueltig_bis=timezone.localdate() - datetime.timedelta(days=1)
        )
    ausgabe = io.StringIO()
    call_command("freigaben_ablauf", stdout=ausgabe)
    assert "1 abgelaufene Freigaben protokolliert" in ausgabe.getvalue()
    with kommune_scope(kommune_c):
        assert AuditEvent.objects.filter(action="freigabe.abgelaufen").count() == 2


def test_akte_grant_opens_its_vorgaenge(sb_a, akte_a, vorgang_a, kommune_c, witz_user):
    with kommune_scope(sb_a.kommune):
        services.grant_freigabe(
            sb_a, akte=akte_a, empfaenger_kommune=kommune_c, gueltig_bis=IN_30_TAGEN
        )
    with kommune_scope(kommune_c):
        assert services.get_vorgang(witz_user, vorgang_a.pk).recht == "lesen"
        assert list(services.vorgaenge_liste(witz_user)) == [vorgang_a]


def test_grant_validation_names_fields(sb_a, vorgang_a, kommune_c, sb_b):
    with kommune_scope(sb_a.kommune):
        with pytest.raises(ValidationError) as err:
            services.grant_freigabe(
                sb_a, vorgang=vorgang_a, empfaenger_kommune=sb_a.kommune, gueltig_bis=IN_30_TAGEN
            )
        assert "empfaenger_kommune" in err.value.errors
        with pytest.raises(ValidationError) as err:
            services.grant_freigabe(
                sb_a,
                vorgang=vorgang_a,
                empfaenger_kommune=kommune_c,
                empfaenger_user=sb_b,
                gueltig_bis=timezone.localdate() - datetime.timedelta(days=1),
            )
        assert {"empfaenger_user", "gueltig_bis"} <= set(err.value.errors)


def test_receiving_kommune_cannot_regrant(sb_a, vorgang_a, kommune_c, witz_user, kommune_b):
    grant(sb_a, vorgang_a, kommune_c, recht="bearbeiten")
    with kommune_scope(kommune_c), pytest.raises(PermissionDenied):
        services.grant_freigabe(
            witz_user, vorgang=vorgang_a, empfaenger_kommune=kommune_b, gueltig_bis=IN_30_TAGEN
        )


@pytest.mark.postgres_only
def test_rls_follows_the_freigabe(sb_a, vorgang_a, kommune_c, witz_user):
    if connection.vendor != "postgresql":
        pytest.skip("row-level security")
    make_dokument(sb_a, vorgang_a)
    with kommune_scope(kommune_c), scopes_disabled():
        assert not Vorgang.objects.filter(pk=vorgang_a.pk).exists()
        assert not Dokument.objects.filter(vorgang_id=vorgang_a.pk).exists()
    freigabe = grant(sb_a, vorgang_a, kommune_c)
    with kommune_scope(kommune_c), scopes_disabled():
        assert Vorgang.objects.filter(pk=vorgang_a.pk).exists()
        assert Dokument.objects.filter(vorgang_id=vorgang_a.pk).count() == 1
        assert Version.objects.filter(dokument__vorgang_id=vorgang_a.pk).count() == 1
        # lesen: the database refuses writes, too.
        assert Vorgang.objects.filter(pk=vorgang_a.pk).update(betreff="fremd") == 0
    with kommune_scope(sb_a.kommune):
        services.revoke_freigabe(sb_a, freigabe)
    with kommune_scope(kommune_c), scopes_disabled():
        assert not Vorgang.objects.filter(pk=vorgang_a.pk).exists()
