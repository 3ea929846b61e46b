"""Services the record pages added: batch upload, Freigabe recipients, choices, timeline."""

from __future__ import annotations

import datetime

import pytest
from django_scopes import scopes_disabled

from aktenbund.errors import NotFound, PermissionDenied, ValidationError
from aktenbund.records import services
from aktenbund.records.models import Dokument
from aktenbund.records.services import auswahl
from aktenbund.records.services.protokoll import timeline
from aktenbund.tenancy.scope import kommune_scope
from tests.factories import make_user
from tests.records.factories import make_akte, pdf_bytes

pytestmark = pytest.mark.django_db


def test_add_dokumente_all_or_nothing(sb_a, vorgang_a):
    with kommune_scope(sb_a.kommune):
        with pytest.raises(ValidationError) as exc:
            services.add_dokumente(
                sb_a,
                vorgang_a,
                [
                    services.NeueDatei(dateiname="a.pdf", inhalt=pdf_bytes()),
                    services.NeueDatei(dateiname="b.exe", inhalt=b"MZ" + b"\0" * 100),
                    services.NeueDatei(dateiname="c.pdf", inhalt=pdf_bytes(), typ="quatsch"),
                ],
            )
        assert set(exc.value.errors) == {"datei_1", "datei_2"}
        assert "2 von 3 Dateien wurden nicht angenommen" in exc.value.message
        assert "Bitte einen Dokumenttyp wählen." in exc.value.errors["datei_2"]
        with scopes_disabled():
            assert not Dokument.objects.filter(vorgang_id=vorgang_a.pk).exists()
        neu = services.add_dokumente(
            sb_a,
            vorgang_a,
            [
                services.NeueDatei(dateiname="a.pdf", inhalt=pdf_bytes("a"), titel="Antrag"),
                services.NeueDatei(dateiname="b.pdf", inhalt=pdf_bytes("b")),
            ],
        )
    assert [d.titel for d in neu] == ["Antrag", "b.pdf"]


def test_add_dokumente_needs_a_file(sb_a, vorgang_a):
    with kommune_scope(sb_a.kommune), pytest.raises(ValidationError):
        services.add_dokumente(sb_a, vorgang_a, [])


def test_freigabe_empfaenger_opens_the_other_kommune(sb_a, sb_b, oe_b, kommune_a):
    archiv = make_user(kommune_a, "meinhard.archiv", ["archiv"])
    with kommune_scope(sb_a.kommune):
        kommune, oes, personen = auswahl.freigabe_empfaenger(sb_a, sb_b.kommune_id)
        assert kommune.name == "Sontra"
        assert [o.kurzzeichen for o in oes] == ["32"]
        assert sb_b in personen and sb_a not in personen
        with pytest.raises(NotFound):
            auswahl.freigabe_empfaenger(sb_a, sb_a.kommune_id)
        with pytest.raises(NotFound):
            auswahl.freigabe_empfaenger(sb_a, 987654)
    with kommune_scope(kommune_a), pytest.raises(PermissionDenied):
        auswahl.freigabe_empfaenger(archiv, sb_b.kommune_id)


def test_choices_offer_only_own_and_valid(sb_a, sb_b, plan, akte_a, vorgang_a, oe_b):
    services_ziel = make_akte(sb_a, plan["021"], "Ziel")
    with kommune_scope(sb_a.kommune):
        einheiten = auswahl.aktenplaneinheiten_zur_auswahl(sb_a)
        assert [e.kennzeichen for e in einheiten][:3] == ["0", "02", "021"]
        assert oe_b not in auswahl.oes_zur_auswahl(sb_a)
        assert sb_b not in auswahl.personen_zur_auswahl(sb_a)
        assert auswahl.zielakten_zur_auswahl(sb_a, vorgang_a) == [services_ziel]


def test_granted_akte_is_listed_with_its_kommune(sb_a, sb_b, akte_a):
    with kommune_scope(sb_a.kommune):
        services.grant_freigabe(
            sb_a,
            akte=akte_a,
            empfaenger_kommune=sb_b.kommune,
            gueltig_bis=datetime.date.today() + datetime.timedelta(days=5),
        )
    with kommune_scope(sb_b.kommune):
        [akte] = list(services.akten_liste(sb_b))
        assert akte.pk == akte_a.pk and akte.kommune.name == "Meinhard"
        assert auswahl.federfuehrende_oe_der_akte(sb_b, akte) is None


def test_timeline_includes_freigaben(sb_a, sb_b, akte_a):
    with kommune_scope(sb_a.kommune):
        freigabe = services.grant_freigabe(
            sb_a,
            akte=akte_a,
            empfaenger_kommune=sb_b.kommune,
            gueltig_bis=datetime.date.today() + datetime.timedelta(days=5),
        )
        actions = list(
            timeline(akte_id=akte_a.pk, freigabe_ids=[freigabe.pk]).values_list("action", flat=True)
        )
    assert actions[0] == "freigabe.erteilt" and "akte.angelegt" in actions
