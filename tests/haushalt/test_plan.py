"""Haushaltspläne and Planansätze: opening, entering, the computed statements, the Entwurf lock."""

from __future__ import annotations

from decimal import Decimal

import pytest

from aktenbund.audit.models import AuditEvent
from aktenbund.errors import Conflict, NotFound, PermissionDenied, ValidationError
from aktenbund.haushalt import services
from aktenbund.haushalt.models import Konto, Planansatz, Status
from aktenbund.tenancy.scope import kommune_scope
from tests.factories import make_user
from tests.haushalt.factories import betraege, make_ansatz, make_plan, refresh

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def plan(frames, kaemmerei_a):
    return make_plan(kaemmerei_a, 2026, hebesatz_grundsteuer_b=450)


def test_kaemmerei_opens_a_plan_once_per_year(plan, kaemmerei_a):
    assert plan.status == Status.ENTWURF and plan.bezeichnung == "Haushaltsplan 2026"
    assert plan.jahre() == [2024, 2025, 2026, 2027, 2028, 2029]
    with pytest.raises(Conflict):
        make_plan(kaemmerei_a, 2026)
    with pytest.raises(Conflict):  # a Doppelhaushalt 2025/2026 would overlap
        make_plan(kaemmerei_a, 2025, doppelhaushalt=True)
    doppel = make_plan(kaemmerei_a, 2027, doppelhaushalt=True)
    assert doppel.bezeichnung == "Haushaltsplan 2027/2028"
    assert services.spalten_titel(doppel)[3] == "Ansatz 2028"


def test_only_the_kaemmerei_opens_plans(frames, clerk_a, verbund_admin):
    with pytest.raises(PermissionDenied):
        make_plan(clerk_a, 2026)
    with pytest.raises(NotFound):
        make_plan(verbund_admin, 2026)


def test_ansaetze_feed_the_statements(plan, kaemmerei_a):
    make_ansatz(kaemmerei_a, plan, "5552", "16.01.01", 900, 950, 1000, 1010, 1020, 1030)
    make_ansatz(kaemmerei_a, plan, "6021", "01.02.01", 400, 420, "450.50", 460, 470, 480)
    make_ansatz(kaemmerei_a, plan, "6611", "12.01.01", 10, 10, 10, 10, 10, 10)
    make_ansatz(kaemmerei_a, plan, "3219", "16.02.01", 0, 0, 20, 20, 20, 20)
    ergebnis = services.statements(plan)
    assert ergebnis.ergebnis["05"] == tuple(D(x) for x in (900, 950, 1000, 1010, 1020, 1030))
    assert ergebnis.ergebnis.wert("19") == D("460.50")
    assert ergebnis.ergebnis.wert("24") == D("539.50")
    assert ergebnis.finanz.wert("19") == D("549.50")  # no Abschreibungen in cash
    assert ergebnis.finanz.wert("34") == D("529.50")
    assert ergebnis.ausgeglichen


def test_unbalanced_plan_is_flagged(plan, kaemmerei_a):
    make_ansatz(kaemmerei_a, plan, "6521", "16.01.01", 0, 0, 1000, 0, 0, 0)
    ergebnis = services.statements(plan)
    assert not ergebnis.ausgeglichen
    assert not ergebnis.ausgleich[0].ergebnis_ausgeglichen
    assert ergebnis.ausgleich[1].ergebnis_ausgeglichen  # 2027: nothing planned, 0 ≥ 0


def test_amounts_accept_german_text_and_refuse_nonsense(plan, kaemmerei_a):
    ansatz = services.create_planansatz(
        kaemmerei_a,
        plan,
        konto="5011",
        produkt="01.02.03",
        betraege={"ansatz": "1.234,56", "planung_1": "1234.5", "planung_2": 7},
    )
    assert (ansatz.ansatz, ansatz.planung_1, ansatz.planung_2) == (D("1234.56"), D("1234.50"), 7)
    with pytest.raises(ValidationError) as info:
        services.update_planansatz(
            kaemmerei_a, ansatz, betraege={"ansatz": "viel", "planung_1": "1,001"}
        )
    assert set(info.value.errors) == {"ansatz", "planung_1"}
    refresh(ansatz)
    assert ansatz.ansatz == D("1234.56")


def test_unknown_konto_and_produkt_are_field_errors(plan, kaemmerei_a, kaemmerei_b):
    own = services.create_produkt(
        kaemmerei_b, produktgruppe="04.01", nummer="04.01.50", bezeichnung="Sontras eigenes"
    )
    with pytest.raises(ValidationError) as info:
        services.create_planansatz(kaemmerei_a, plan, konto="9999", produkt=own.nummer)
    assert set(info.value.errors) == {"konto", "produkt"}


def test_duplicate_ansatz_is_a_conflict(plan, kaemmerei_a):
    make_ansatz(kaemmerei_a, plan, "5011", "01.02.03")
    with pytest.raises(Conflict):
        make_ansatz(kaemmerei_a, plan, "5011", "01.02.03")


def test_changes_are_audited(plan, kaemmerei_a):
    ansatz = make_ansatz(kaemmerei_a, plan, "5011", "01.02.03", 1, 2, 3, 4, 5, 6)
    services.update_planansatz(kaemmerei_a, ansatz, betraege={"ansatz": "30"}, erlaeuterung="Mehr")
    with kommune_scope(kaemmerei_a.kommune):
        event = AuditEvent.objects.filter(action="planansatz.geaendert").get()
    assert event.details["vorher"] == {"ansatz": "3.00", "erlaeuterung": ""}
    assert event.details["nachher"] == {"ansatz": "30.00", "erlaeuterung": "Mehr"}


@pytest.mark.parametrize("status", [s for s in Status.values if s != Status.ENTWURF])
def test_nothing_changes_after_the_entwurf(plan, kaemmerei_a, status):
    ansatz = make_ansatz(kaemmerei_a, plan, "5011", "01.02.03", 1, 2, 3, 4, 5, 6)
    with kommune_scope(kaemmerei_a.kommune):
        type(plan).objects.filter(pk=plan.pk).update(status=status)
    refresh(plan)
    refresh(ansatz)
    for change in (
        lambda: services.update_planansatz(kaemmerei_a, ansatz, betraege={"ansatz": "9"}),
        lambda: services.delete_planansatz(kaemmerei_a, ansatz),
        lambda: make_ansatz(kaemmerei_a, plan, "5021", "01.02.03"),
        lambda: services.update_plan(
            kaemmerei_a,
            plan,
            vorbericht="neu",
            hebesatz_grundsteuer_a=1,
            hebesatz_grundsteuer_b=1,
            hebesatz_gewerbesteuer=1,
            liquiditaetskredite=D(0),
            zahlungsmittelbestand=D(0),
        ),
    ):
        with pytest.raises(Conflict):
            change()
    with kommune_scope(kaemmerei_a.kommune):
        assert Planansatz.objects.get(pk=ansatz.pk).ansatz == D("3.00")


def test_other_kommune_cannot_reach_the_plan(plan, kaemmerei_b):
    with pytest.raises(NotFound):
        services.get_plan(kaemmerei_b, plan.pk)


def test_reader_sees_but_does_not_change(plan, kaemmerei_a, kommune_a):
    leser = make_user(kommune_a, "meinhard.leser", ["sachbearbeitung"])
    ansatz = make_ansatz(kaemmerei_a, plan, "5011", "01.02.03", 1, 2, 3, 4, 5, 6)
    assert services.get_plan(leser, plan.pk) == plan
    with pytest.raises(PermissionDenied):
        services.update_planansatz(leser, ansatz, betraege={"ansatz": "9"})


def test_entwurf_follows_the_kontenrahmen_a_plan_past_it_keeps_its_rows(plan, kaemmerei_a):
    from aktenbund.haushalt.services.plan import freeze_zeilen

    make_ansatz(kaemmerei_a, plan, "5911", "16.01.01", 0, 0, 100, 0, 0, 0)
    with kommune_scope(kaemmerei_a.kommune):
        freeze_zeilen(plan)
        type(plan).objects.filter(pk=plan.pk).update(status=Status.RECHTSKRAEFTIG)
    refresh(plan)
    Konto.objects.filter(nummer="5911").update(ergebnis_zeile="01", finanz_zeile="1")
    ergebnis = services.statements(plan)
    assert ergebnis.ergebnis.wert("09") == D("100") and ergebnis.ergebnis.wert("01") == 0


def test_betraege_helper_has_six_columns():
    assert len(betraege(1, 2, 3, 4, 5, 6)) == 6
