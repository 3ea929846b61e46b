"""The Haushalt pages: every page renders, the grid saves cells, a locked plan shows no inputs."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from aktenbund.haushalt import services
from aktenbund.haushalt.models import Planansatz
from aktenbund.tenancy.scope import kommune_scope
from tests.haushalt.factories import make_ansatz, make_plan, refresh

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(frames, kaemmerei_a):
    plan = make_plan(kaemmerei_a, 2026)
    make_ansatz(kaemmerei_a, plan, "5552", "16.01.01", 1, 2, 1000, 4, 5, 6)
    make_ansatz(kaemmerei_a, plan, "6021", "01.02.01", 1, 2, 400, 4, 5, 6)
    services.save_massnahme(
        kaemmerei_a, plan, nummer="I-1", bezeichnung="Feuerwehrhaus", produkt="02.03.01",
        ve_planung_1="5000",
    )  # fmt: skip
    services.save_stelle(
        kaemmerei_a, plan, laufbahn="beamte", gruppe="A 13", anzahl=Decimal(1),
        anzahl_vorjahr=Decimal(1),
    )  # fmt: skip
    return plan


PAGES = [
    "plan",
    "ansaetze",
    "ergebnishaushalt",
    "finanzhaushalt",
    "teilhaushalte_plan",
    "satzung",
    "investitionen",
    "stellenplan",
]


def test_every_plan_page_renders(client, plan, kaemmerei_a):
    client.force_login(kaemmerei_a)
    for name in PAGES:
        response = client.get(reverse(f"haushalt:{name}", args=[plan.pk]))
        assert response.status_code == 200, name
    for name in ("index", "rahmen", "teilhaushalte"):
        assert client.get(reverse(f"haushalt:{name}")).status_code == 200, name


def test_grid_cell_saves_and_answers_with_new_totals(client, plan, kaemmerei_a):
    client.force_login(kaemmerei_a)
    with kommune_scope(plan.kommune_id):
        ansatz = Planansatz.objects.get(konto__nummer="5552")
    response = client.post(
        reverse("haushalt:ansatz_zelle", args=[ansatz.pk]),
        {"ansatz": "1.500,25"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Gespeichert: Ansatz 2026, Konto 5552" in text
    assert 'aria-label="Ansatz 2026, Konto 5552 Grundsteuer B, Produkt 16.01.01"' in text
    assert "1.100,25" in text  # ordentliches Ergebnis 1500.25 - 400
    refresh(ansatz)
    assert ansatz.ansatz == Decimal("1500.25")


def test_grid_cell_error_is_shown_and_nothing_saved(client, plan, kaemmerei_a):
    client.force_login(kaemmerei_a)
    with kommune_scope(plan.kommune_id):
        ansatz = Planansatz.objects.get(konto__nummer="5552")
    response = client.post(reverse("haushalt:ansatz_zelle", args=[ansatz.pk]), {"ansatz": "viel"})
    text = response.content.decode()
    assert "Nicht gespeichert" in text and 'aria-invalid="true"' in text
    refresh(ansatz)
    assert ansatz.ansatz == Decimal("1000.00")


def test_reader_gets_no_inputs_and_cannot_post(client, plan, clerk_a):
    client.force_login(clerk_a)
    response = client.get(reverse("haushalt:ansaetze", args=[plan.pk]))
    assert response.status_code == 200 and "hx-post" not in response.content.decode()
    with kommune_scope(plan.kommune_id):
        ansatz = Planansatz.objects.first()
    assert (
        client.post(reverse("haushalt:ansatz_zelle", args=[ansatz.pk]), {"ansatz": "1"}).status_code
        == 403
    )


def test_workflow_through_the_ui_locks_the_grid(client, plan, kaemmerei_a):
    client.force_login(kaemmerei_a)
    url = reverse("haushalt:schritt", args=[plan.pk])
    for schritt, datum in [
        ("einbringen", "2025-11-01"),
        ("beschliessen", "2025-12-10"),
        ("vorlegen", "2025-12-15"),
        ("genehmigen", "2026-01-20"),
        ("bekanntmachen", "2026-01-25"),
        ("rechtskraeftig", "2026-01-26"),
    ]:
        response = client.post(
            url, {"schritt": schritt, "datum": datum, "genehmigungsart": "genehmigt"}
        )
        assert response.status_code == 302
    refresh(plan)
    assert plan.status == "rechtskraeftig"
    page = client.get(reverse("haushalt:ansaetze", args=[plan.pk])).content.decode()
    assert "hx-post" not in page and "readonly" in page
    with kommune_scope(plan.kommune_id):
        ansatz = Planansatz.objects.filter(haushaltsplan=plan).first()
    response = client.post(reverse("haushalt:ansatz_zelle", args=[ansatz.pk]), {"ansatz": "1"})
    assert "Nicht gespeichert" in response.content.decode()
    refresh(ansatz)
    assert ansatz.ansatz != Decimal("1")
    # A Nachtrag is a new Entwurf referring to it, with a change view.
    response = client.post(reverse("haushalt:nachtrag", args=[plan.pk]))
    assert response.status_code == 302
    with kommune_scope(plan.kommune_id):
        nachtrag = services.plaene_for(kaemmerei_a).get(nachtrag_nr=1)
    assert client.get(reverse("haushalt:aenderungen", args=[nachtrag.pk])).status_code == 200


def test_plan_import_page_shows_row_errors(client, plan, kaemmerei_a):
    client.force_login(kaemmerei_a)
    data = (
        "Konto;Produkt;Ergebnis Vorvorjahr;Ansatz Vorjahr;Ansatz Haushaltsjahr;"
        "Finanzplanung HJ+1;Finanzplanung HJ+2;Finanzplanung HJ+3\r\n"
        "9999;16.01.01;0;0;x;0;0;0\r\n"
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("haushalt:plan_import", args=[plan.pk]),
        {"datei": SimpleUploadedFile("a.csv", data.encode()), "format": "csv"},
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "nicht importiert" in text and "gibt es im Kontenrahmen nicht" in text


def test_whole_plan_pdf_has_every_part_and_page_numbers(client, plan, kaemmerei_a):
    import shutil
    import subprocess

    client.force_login(kaemmerei_a)
    response = client.get(reverse("haushalt:plan_pdf", args=[plan.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(response.content)) as pdf:
        assert pdf.open_metadata().pdfa_status == "2B"
        assert len(pdf.pages) >= 8
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True
        ).stdout.decode()
        for teil in (
            "Haushaltsplan 2026",
            "Inhalt",
            "Vorbericht",
            "Haushaltssatzung der Gemeinde Meinhard",
            "Gesamtergebnishaushalt",
            "Gesamtfinanzhaushalt",
            "Investitionsprogramm",
            "Stellenplan",
            "Seite 2 von",
        ):
            assert teil in text, teil
