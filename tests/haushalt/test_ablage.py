"""Filing into the E-Akte: each workflow step files its Dokumente, in the step's transaction."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from aktenbund.errors import Conflict, ValidationError
from aktenbund.haushalt import services
from aktenbund.haushalt.models import Ablage, Haushaltsplan, Planansatz, Status
from aktenbund.haushalt.services import ablage
from aktenbund.records import services as records
from aktenbund.records.models import Akte, Dokument, Vorgang
from aktenbund.tenancy.scope import kommune_scope
from tests.haushalt.factories import make_ansatz, make_plan, refresh

pytestmark = pytest.mark.django_db

SCHRITTE = [
    ("einbringen", datetime.date(2025, 11, 1)),
    ("beschliessen", datetime.date(2025, 12, 10)),
    ("vorlegen", datetime.date(2025, 12, 15)),
    ("genehmigen", datetime.date(2026, 1, 20)),
    ("bekanntmachen", datetime.date(2026, 1, 25)),
    ("rechtskraeftig", datetime.date(2026, 1, 26)),
]

# step → (node, titles of the Dokumente it files) without the whole-plan PDF.
ERWARTET = {
    "einbringen": ("900.1", ["Entwurf der Haushaltssatzung zum Haushaltsplan 2026"]),
    "beschliessen": (
        "900.2",
        [
            "Haushaltssatzung zum Haushaltsplan 2026 (beschlossen am 10.12.2025)",
            "Beschluss der Gemeindevertretung vom 10.12.2025",
        ],
    ),
    "vorlegen": (
        "900.3",
        ["Vorlage der Haushaltssatzung zum Haushaltsplan 2026 an die Aufsichtsbehörde"],
    ),
    "genehmigen": (
        "900.3",
        ["Vermerk: Haushaltssatzung zum Haushaltsplan 2026 ohne Beanstandung (20.01.2026)"],
    ),
    "bekanntmachen": (
        "900.2",
        ["Öffentliche Bekanntmachung der Haushaltssatzung zum Haushaltsplan 2026 (25.01.2026)"],
    ),
    "rechtskraeftig": ("900.2", ["Vermerk: Haushaltsplan 2026 rechtskräftig seit 26.01.2026"]),
}


@pytest.fixture
def plan(frames, kaemmerei_a):
    plan = make_plan(kaemmerei_a, 2026, hebesatz_grundsteuer_b=450)
    make_ansatz(kaemmerei_a, plan, "5552", "16.01.01", 0, 0, 1000, 1000, 1000, 1000)
    make_ansatz(kaemmerei_a, plan, "6021", "01.02.01", 0, 0, 400, 400, 400, 400)
    return plan


def advance(actor, plan, schritt, datum):
    return services.advance_plan(
        actor, plan, schritt, datum=datum, genehmigungsart="ohne_beanstandung"
    )


def dokumente(actor, plan) -> dict[str, list[str]]:
    """Kennzeichen → titles of the Dokumente in the plan's Vorgang there, oldest first."""
    with kommune_scope(plan.kommune_id):
        ablagen = list(Ablage.objects.filter(haushaltsplan=plan))
        return {
            a.kennzeichen: [
                d.titel
                for d in sorted(
                    records.dokumente_of(records.get_vorgang(actor, a.vorgang_id)),
                    key=lambda d: d.pk,
                )
            ]
            for a in ablagen
        }


def test_each_step_files_exactly_its_dokumente(plan, kaemmerei_a):
    erwartet: dict[str, list[str]] = {}
    for schritt, datum in SCHRITTE:
        advance(kaemmerei_a, plan, schritt, datum)
        kennzeichen, titel = ERWARTET[schritt]
        erwartet.setdefault(kennzeichen, []).extend(titel)
        assert dokumente(kaemmerei_a, plan) == erwartet, schritt
    with kommune_scope(plan.kommune_id):
        ablagen = {a.kennzeichen: a for a in Ablage.objects.filter(haushaltsplan=plan)}
        for kennzeichen, a in ablagen.items():
            vorgang = records.get_vorgang(kaemmerei_a, a.vorgang_id)
            assert vorgang.betreff == "Haushaltsplan 2026"
            assert vorgang.akte.aktenplaneinheit.kennzeichen == kennzeichen
        # The Satzung is filed as a PDF of type Beschluss.
        satzung = next(
            d
            for d in records.dokumente_of(
                records.get_vorgang(kaemmerei_a, ablagen["900.2"].vorgang_id)
            )
            if d.titel.startswith("Haushaltssatzung")
        )
        version = satzung.versionen.first()
        assert version.mime_type == "application/pdf" and satzung.typ == "beschluss"


def test_whole_plan_pdf_is_filed_once_per_step(plan, kaemmerei_a, ganzer_plan, monkeypatch):
    gerendert = []
    original = ablage.plan_pdf
    monkeypatch.setattr(ablage, "plan_pdf", lambda p: gerendert.append(p.pk) or original(p))
    advance(kaemmerei_a, plan, "einbringen", datetime.date(2025, 11, 1))
    advance(kaemmerei_a, plan, "beschliessen", datetime.date(2025, 12, 10))
    assert gerendert == [plan.pk, plan.pk]
    abgelegt = dokumente(kaemmerei_a, plan)
    assert abgelegt["900.1"] == [
        "Entwurf Haushaltsplan 2026 (eingebracht am 01.11.2025)",
        "Entwurf der Haushaltssatzung zum Haushaltsplan 2026",
    ]
    assert "Haushaltsplan 2026, beschlossene Fassung" in abgelegt["900.2"]


def test_one_akte_per_node_and_kommune_one_vorgang_per_plan(plan, kaemmerei_a):
    advance(kaemmerei_a, plan, "einbringen", datetime.date(2025, 11, 1))
    zweiter = make_plan(kaemmerei_a, 2027)
    advance(kaemmerei_a, zweiter, "einbringen", datetime.date(2026, 11, 1))
    with kommune_scope(plan.kommune_id):
        a1 = Ablage.objects.get(haushaltsplan=plan)
        a2 = Ablage.objects.get(haushaltsplan=zweiter)
        assert a1.vorgang_id != a2.vorgang_id
        assert a1.vorgang.akte_id == a2.vorgang.akte_id
        assert a2.vorgang.betreff == "Haushaltsplan 2027"
    # Back to the Entwurf and in again: the same Vorgang gets the new Entwurf.
    services.back_to_entwurf(kaemmerei_a, plan)
    advance(kaemmerei_a, plan, "einbringen", datetime.date(2025, 11, 5))
    assert len(dokumente(kaemmerei_a, plan)["900.1"]) == 2


def test_a_failing_filing_rolls_the_step_back(plan, kaemmerei_a, monkeypatch):
    def refuse(*args, **kwargs):
        raise ValidationError("Die Datei wurde abgelehnt.", {"datei": "kaputt"})

    monkeypatch.setattr(records, "add_dokument", refuse)
    with kommune_scope(plan.kommune_id), scopes_disabled():
        vorher = (Akte.objects.count(), Vorgang.objects.count(), Dokument.objects.count())
    with pytest.raises(Conflict) as info:
        advance(kaemmerei_a, plan, "einbringen", datetime.date(2025, 11, 1))
    assert "Ablage in die E-Akte (900.1)" in info.value.message
    refresh(plan)
    assert plan.status == Status.ENTWURF and plan.eingebracht_am is None
    with kommune_scope(plan.kommune_id), scopes_disabled():
        assert not Ablage.objects.exists()
        assert (Akte.objects.count(), Vorgang.objects.count(), Dokument.objects.count()) == vorher
        # Planansätze keep following the Kontenrahmen (the freeze was rolled back too).
        assert set(Planansatz.objects.values_list("ergebnis_zeile", flat=True)) == {""}


def test_missing_aktenplan_node_is_a_clear_conflict(frames, kaemmerei_a, verbund):
    plan = make_plan(kaemmerei_a, 2026)
    from aktenbund.records.models import Aktenplaneinheit

    with scopes_disabled():
        Aktenplaneinheit.objects.filter(kennzeichen="900.1").update(kennzeichen="900.9")
    with pytest.raises(Conflict) as info:
        advance(kaemmerei_a, plan, "einbringen", datetime.date(2025, 11, 1))
    assert "900.1" in info.value.message
    refresh(plan)
    assert plan.status == Status.ENTWURF


def test_failing_filing_through_api_and_ui(client, plan, kaemmerei_a, monkeypatch):
    def refuse(*args, **kwargs):
        raise ValidationError("Die Datei wurde abgelehnt.")

    monkeypatch.setattr(records, "add_dokument", refuse)
    client.force_login(kaemmerei_a)
    response = client.post(
        f"/api/v1/haushalt/plaene/{plan.pk}/schritte",
        {"schritt": "einbringen", "datum": "2025-11-01"},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert "E-Akte" in response.json()["detail"]
    response = client.post(
        reverse("haushalt:schritt", args=[plan.pk]),
        {"schritt": "einbringen", "datum": "2025-11-01"},
        follow=True,
    )
    assert "Ablage in die E-Akte" in response.content.decode()
    refresh(plan)
    assert plan.status == Status.ENTWURF


def test_nachtrag_files_under_900_4(plan, kaemmerei_a):
    for schritt, datum in SCHRITTE:
        plan = advance(kaemmerei_a, plan, schritt, datum)
    nachtrag = services.create_nachtrag(kaemmerei_a, plan)
    advance(kaemmerei_a, nachtrag, "einbringen", datetime.date(2026, 5, 1))
    advance(kaemmerei_a, nachtrag, "beschliessen", datetime.date(2026, 6, 1))
    abgelegt = dokumente(kaemmerei_a, nachtrag)
    assert list(abgelegt) == ["900.4"]
    assert abgelegt["900.4"] == [
        "Entwurf der Haushaltssatzung zum 1. Nachtragshaushaltsplan 2026",
        "Haushaltssatzung zum 1. Nachtragshaushaltsplan 2026 (beschlossen am 01.06.2026)",
        "Beschluss der Gemeindevertretung vom 01.06.2026",
    ]
    with kommune_scope(plan.kommune_id):
        vorgang = Ablage.objects.get(haushaltsplan=nachtrag).vorgang
        assert vorgang.betreff == "1. Nachtragshaushaltsplan 2026"


def test_rechtskraeftig_stays_read_only_and_files_nothing_more(client, plan, kaemmerei_a):
    for schritt, datum in SCHRITTE:
        advance(kaemmerei_a, plan, schritt, datum)
    vorher = dokumente(kaemmerei_a, plan)
    with pytest.raises(Conflict):
        advance(kaemmerei_a, plan, "rechtskraeftig", datetime.date(2026, 2, 1))
    with pytest.raises(Conflict):
        services.back_to_entwurf(kaemmerei_a, plan)
    with kommune_scope(plan.kommune_id):
        ansatz = Planansatz.objects.filter(haushaltsplan=plan).first()
    with pytest.raises(Conflict):
        services.update_planansatz(kaemmerei_a, ansatz, betraege={"ansatz": "1"})
    client.force_login(kaemmerei_a)
    response = client.put(
        f"/api/v1/haushalt/ansaetze/{ansatz.pk}", {"ansatz": "1"}, content_type="application/json"
    )
    assert response.status_code == 409
    assert dokumente(kaemmerei_a, plan) == vorher
    with kommune_scope(plan.kommune_id):
        assert Haushaltsplan.objects.get(pk=plan.pk).status == Status.RECHTSKRAEFTIG


def test_plan_page_links_to_its_vorgaenge(client, plan, kaemmerei_a, clerk_a):
    advance(kaemmerei_a, plan, "einbringen", datetime.date(2025, 11, 1))
    with kommune_scope(plan.kommune_id):
        vorgang_id = Ablage.objects.get(haushaltsplan=plan).vorgang_id
    for user in (kaemmerei_a, clerk_a):  # the Akte is not vertraulich: the Kommune reads it
        client.force_login(user)
        page = client.get(reverse("haushalt:plan", args=[plan.pk])).content.decode()
        assert reverse("akten:vorgang", args=[vorgang_id]) in page
        assert "900.1" in page
    response = client.get(f"/api/v1/haushalt/plaene/{plan.pk}/ablagen")
    assert response.status_code == 200
    assert response.json() == [
        {
            "kennzeichen": "900.1",
            "vorgang_id": vorgang_id,
            "aktenzeichen": response.json()[0]["aktenzeichen"],
            "betreff": "Haushaltsplan 2026",
        }
    ]
