"""A clerk's day: Akte, Vorgang, Dokumente, Versionen, moving, zdA and reopening."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from aktenbund.audit.models import AuditEvent
from aktenbund.blobs.store import get_store
from aktenbund.errors import Conflict, NotFound, PermissionDenied, ValidationError
from aktenbund.records import services
from aktenbund.records.models import Akte, Aktenplaneinheit, Dokument, Version, Vorgang
from aktenbund.tenancy.scope import kommune_scope
from tests.records.factories import make_akte, make_dokument, make_vorgang, pdf_bytes

YEAR = timezone.localdate().year


def test_akte_gets_aktenzeichen_from_standard_pattern(sb_a, plan):
    first = make_akte(sb_a, plan["121"], "Gewerbe A")
    second = make_akte(sb_a, plan["121"], "Gewerbe B")
    other_node = make_akte(sb_a, plan["021"], "Registratur")

    assert first.aktenzeichen == f"121-1/{YEAR}"
    assert second.aktenzeichen == f"121-2/{YEAR}"
    assert other_node.aktenzeichen == f"021-1/{YEAR}"


def test_kommune_configures_its_own_pattern(sb_a, admin_a, plan, oe_a):
    with kommune_scope(admin_a.kommune):
        services.set_aktenzeichenregel(
            admin_a, muster="{oe}.{kennzeichen}.{laufnr}", laufnr_stellen=3
        )

    akte = make_akte(sb_a, plan["121"])

    assert akte.aktenzeichen == "32.121.001"


@pytest.mark.parametrize(
    "muster",
    [
        "{kennzeichen}-{jahr}",
        "{kennzeichen}-{laufnr}-{laufnr}",
        "{wer}-{laufnr}",
        "{laufnr",
        "a b {laufnr}",
    ],
)
def test_invalid_pattern_is_refused_with_field(admin_a, muster):
    with kommune_scope(admin_a.kommune), pytest.raises(ValidationError) as err:
        services.set_aktenzeichenregel(admin_a, muster=muster, laufnr_stellen=1)
    assert "muster" in err.value.errors


def test_clerk_may_not_set_the_pattern(sb_a):
    with kommune_scope(sb_a.kommune), pytest.raises(PermissionDenied):
        services.set_aktenzeichenregel(sb_a, muster="{laufnr}", laufnr_stellen=1)


def test_failed_creation_gives_its_number_back(sb_a, plan):
    make_akte(sb_a, plan["121"], "eins")
    with pytest.raises(ValidationError):
        make_akte(sb_a, plan["121"], "")
    nxt = make_akte(sb_a, plan["121"], "zwei")
    assert nxt.aktenzeichen == f"121-2/{YEAR}"


def test_akte_needs_a_valid_open_einheit(sb_a, plan):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    with kommune_scope(None):
        # A node that closed yesterday (set directly: closing through the
        # service cannot lie in the past).
        Aktenplaneinheit.objects.filter(pk=plan["021"].pk).update(
            gueltig_ab=yesterday - datetime.timedelta(days=30), gueltig_bis=yesterday
        )
        plan["021"].refresh_from_db()
    with kommune_scope(sb_a.kommune), pytest.raises(ValidationError) as err:
        services.create_akte(sb_a, aktenplaneinheit=plan["021"], betreff="x")
    assert "aktenplaneinheit" in err.value.errors


def test_vorgaenge_number_within_their_akte(sb_a, akte_a):
    first = make_vorgang(sb_a, akte_a, "eins")
    second = make_vorgang(sb_a, akte_a, "zwei")
    assert first.aktenzeichen == f"{akte_a.aktenzeichen}/1"
    assert second.aktenzeichen == f"{akte_a.aktenzeichen}/2"
    assert first.bearbeiter == sb_a


def test_dokument_with_first_version_and_new_version(sb_a, vorgang_a):
    dokument = make_dokument(
        sb_a, vorgang_a, "Antrag", typ="antrag", richtung="eingang", absender="Müller GmbH"
    )
    with kommune_scope(sb_a.kommune):
        v2 = services.add_version(
            sb_a, dokument, dateiname="antrag-korrigiert.pdf", inhalt=pdf_bytes("v2")
        )
        versionen = list(Version.objects.filter(dokument=dokument).order_by("nummer"))
    assert [v.nummer for v in versionen] == [1, 2]
    assert v2.mime_type == "application/pdf"
    assert versionen[0].blob_id != versionen[1].blob_id
    with get_store().open(versionen[0].blob_id) as stream:
        assert stream.read().startswith(b"%PDF")


def test_version_type_comes_from_content_not_name(sb_a, vorgang_a):
    dokument = make_dokument(
        sb_a,
        vorgang_a,
        "Foto",
        dateiname="foto.pdf",
        inhalt=bytes.fromhex(
            "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
            "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
        ),
    )
    with kommune_scope(sb_a.kommune):
        assert Version.objects.get(dokument=dokument).mime_type == "image/png"


def test_move_vorgang_keeps_old_aktenzeichen(sb_a, akte_a, vorgang_a, plan):
    ziel = make_akte(sb_a, plan["121"], "Gewerbe Ziel")
    alt = vorgang_a.aktenzeichen
    with kommune_scope(sb_a.kommune):
        moved = services.move_vorgang(sb_a, vorgang_a, ziel)
    assert moved.aktenzeichen == f"{ziel.aktenzeichen}/1"
    assert moved.fruehere_aktenzeichen[0]["aktenzeichen"] == alt
    with kommune_scope(sb_a.kommune):
        found = services.vorgaenge_liste(sb_a, q=alt)
        assert list(found) == [moved]
        event = AuditEvent.objects.filter(action="vorgang.verschoben").get()
    assert event.details["von"] == alt and event.details["nach"] == moved.aktenzeichen


def test_zda_vorgang_refuses_every_change(sb_a, vorgang_a):
    dokument = make_dokument(sb_a, vorgang_a)
    with kommune_scope(sb_a.kommune):
        services.close_vorgang_zda(sb_a, vorgang_a, verfuegung="Erledigt. zdA.")
        for attempt in (
            lambda: services.add_dokument(
                sb_a, vorgang_a, titel="x", dateiname="x.pdf", inhalt=pdf_bytes()
            ),
            lambda: services.add_version(sb_a, dokument, dateiname="y.pdf", inhalt=pdf_bytes("y")),
            lambda: services.update_vorgang(sb_a, vorgang_a, betreff="neu"),
            lambda: services.update_dokument(
                sb_a, dokument, titel="neu", typ="antrag", richtung="intern", datum=None
            ),
            lambda: services.close_vorgang_zda(sb_a, vorgang_a, verfuegung="nochmal"),
        ):
            with pytest.raises(Conflict):
                attempt()
        assert Version.objects.filter(dokument=dokument).count() == 1


def test_zda_needs_a_verfuegung(sb_a, vorgang_a):
    with kommune_scope(sb_a.kommune), pytest.raises(ValidationError) as err:
        services.close_vorgang_zda(sb_a, vorgang_a, verfuegung="  ")
    assert "zda_verfuegung" in err.value.errors


def test_akte_cannot_close_while_a_vorgang_is_open(sb_a, akte_a, vorgang_a):
    with kommune_scope(sb_a.kommune):
        with pytest.raises(Conflict) as err:
            services.close_akte_zda(sb_a, akte_a, verfuegung="zdA")
        assert vorgang_a.aktenzeichen in err.value.message
        services.close_vorgang_zda(sb_a, vorgang_a, verfuegung="zdA")
        akte = services.close_akte_zda(sb_a, akte_a, verfuegung="Akte zdA")
        assert akte.ist_zda and akte.zda_am == timezone.localdate()
        with pytest.raises(Conflict):
            services.create_vorgang(sb_a, akte_a, betreff="neu")


def test_only_amtsleitung_reopens_with_reason(sb_a, amtsleitung_a, vorgang_a):
    with kommune_scope(sb_a.kommune):
        services.close_vorgang_zda(sb_a, vorgang_a, verfuegung="zdA")
        with pytest.raises(PermissionDenied):
            services.reopen_vorgang(sb_a, vorgang_a, grund="Nachtrag")
        with pytest.raises(ValidationError):
            services.reopen_vorgang(amtsleitung_a, vorgang_a, grund="")
        reopened = services.reopen_vorgang(
            amtsleitung_a, vorgang_a, grund="Widerspruch eingegangen"
        )
        assert not reopened.ist_zda
        event = AuditEvent.objects.filter(action="vorgang.wiedereroeffnet").get()
    assert event.details["grund"] == "Widerspruch eingegangen"
    assert event.actor == amtsleitung_a


def test_history_timeline_lists_events_of_vorgang_and_dokumente(sb_a, vorgang_a):
    dokument = make_dokument(sb_a, vorgang_a)
    with kommune_scope(sb_a.kommune):
        services.update_vorgang(sb_a, vorgang_a, betreff="Anmeldung Müller GmbH")
        events = list(
            services.protokoll.timeline(vorgang_id=vorgang_a.pk, dokument_ids=[dokument.pk])
        )
    assert [e.action for e in events] == [
        "vorgang.geaendert",
        "dokument.hinzugefuegt",
        "vorgang.angelegt",
    ]


@pytest.mark.postgres_only
def test_trigger_refuses_changes_inside_zda_vorgang(sb_a, vorgang_a):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL trigger")
    dokument = make_dokument(sb_a, vorgang_a)
    with kommune_scope(sb_a.kommune):
        services.close_vorgang_zda(sb_a, vorgang_a, verfuegung="zdA")
        with pytest.raises(IntegrityError), transaction.atomic():
            Dokument.objects.filter(pk=dokument.pk).update(titel="heimlich")
        with pytest.raises(IntegrityError), transaction.atomic():
            Vorgang.objects.filter(pk=vorgang_a.pk).update(betreff="heimlich")
        with pytest.raises(IntegrityError), transaction.atomic():
            Version.objects.filter(dokument=dokument).delete()
        assert Dokument.objects.get(pk=dokument.pk).titel == "Antrag"


# --- access inside the Kommune ---------------------------------------------------


def test_other_oe_reads_but_cannot_work(sb_a_bau, akte_a, vorgang_a):
    with kommune_scope(sb_a_bau.kommune):
        assert services.get_vorgang(sb_a_bau, vorgang_a.pk).recht == "lesen"
        with pytest.raises(PermissionDenied):
            services.create_vorgang(sb_a_bau, akte_a, betreff="fremd")
        with pytest.raises(PermissionDenied):
            services.add_dokument(
                sb_a_bau, vorgang_a, titel="x", dateiname="x.pdf", inhalt=pdf_bytes()
            )


def test_registratur_works_on_every_open_akte(registratur_a, vorgang_a):
    with kommune_scope(registratur_a.kommune):
        assert services.get_vorgang(registratur_a, vorgang_a.pk).recht == "bearbeiten"


def test_vertrauliche_akte_only_for_access_list(sb_a, sb_a_bau, registratur_a, plan, oe_a):
    akte = make_akte(sb_a, plan["121"], "Personalsache", vertraulich=True)
    vorgang = make_vorgang(sb_a, akte)
    with kommune_scope(sb_a.kommune):
        for outsider in (sb_a_bau, registratur_a):
            with pytest.raises(NotFound):
                services.get_vorgang(outsider, vorgang.pk)
            assert akte not in services.akten_liste(outsider)
        services.set_akte_zugriff(sb_a, akte, [(sb_a, "bearbeiten"), (sb_a_bau, "lesen")])
        assert services.get_vorgang(sb_a_bau, vorgang.pk).recht == "lesen"
        assert akte in services.akten_liste(sb_a_bau)
        with pytest.raises(NotFound):
            services.get_akte(registratur_a, akte.pk)


def test_other_kommune_gets_404(sb_b, vorgang_a, akte_a):
    with kommune_scope(sb_b.kommune):
        with pytest.raises(NotFound):
            services.get_vorgang(sb_b, vorgang_a.pk)
        with pytest.raises(NotFound):
            services.get_akte(sb_b, akte_a.pk)
        assert list(services.vorgaenge_liste(sb_b)) == []


def test_start_page_lists(sb_a, vorgang_a):
    make_dokument(sb_a, vorgang_a)
    with kommune_scope(sb_a.kommune):
        assert list(services.meine_vorgaenge(sb_a)) == [vorgang_a]
        assert services.zuletzt_bearbeitet(sb_a) == [vorgang_a]


def test_akte_has_unique_aktenzeichen_per_kommune(sb_a, akte_a):
    with (
        kommune_scope(sb_a.kommune),
        pytest.raises(IntegrityError),
        transaction.atomic(),
        scopes_disabled(),
    ):
        Akte.objects.create(
            kommune=akte_a.kommune,
            aktenplaneinheit=akte_a.aktenplaneinheit,
            aktenzeichen=akte_a.aktenzeichen,
            betreff="Doppel",
            federfuehrende_oe=akte_a.federfuehrende_oe,
            erstellt_von=sb_a,
        )
