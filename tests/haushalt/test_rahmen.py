"""The frames: Produkt- and Kontenrahmen from CSV/xlsx, per-row errors, all or nothing."""

from __future__ import annotations

import io

import openpyxl
import pytest

from aktenbund.audit.models import AuditEvent
from aktenbund.errors import PermissionDenied
from aktenbund.haushalt import services
from aktenbund.haushalt.models import Konto, Produkt, Produktbereich, Produktgruppe
from aktenbund.haushalt.tabelle import ImportFehler
from aktenbund.tenancy.scope import kommune_scope

pytestmark = pytest.mark.django_db


def csv_bytes(header: str, *rows: str) -> bytes:
    return ("\ufeff" + "\r\n".join([header, *rows]) + "\r\n").encode()


def xlsx_bytes(header: list, rows: list[list]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_example_frames_load_17_produktbereiche_and_a_mapped_kontenrahmen(frames):
    assert Produktbereich.objects.count() == 17
    assert Produktbereich.objects.get(nummer="16").bezeichnung == "Allgemeine Finanzwirtschaft"
    assert Produktgruppe.objects.filter(produktbereich__nummer="12").count() == 2
    with kommune_scope(None):
        assert Produkt.objects.filter(nummer="12.01.01").exists()
    grundsteuer_b = Konto.objects.get(nummer="5552")
    assert (grundsteuer_b.ergebnis_zeile, grundsteuer_b.finanz_zeile) == ("05", "4")
    assert Konto.objects.get(nummer="6611").finanz_zeile == ""  # Abschreibungen: not paid
    assert Konto.objects.get(nummer="0961").ergebnis_zeile == ""  # Baumaßnahmen: investment


def test_loading_again_changes_nothing(frames, verbund_admin):
    for export, load in (
        (services.export_produktrahmen, services.import_produktrahmen),
        (services.export_kontenrahmen, services.import_kontenrahmen),
    ):
        for format in ("csv", "xlsx"):
            datei = export(verbund_admin, format)
            ergebnis = load(verbund_admin, datei.inhalt, format)
            assert (ergebnis.angelegt, ergebnis.geaendert) == (0, 0)
            assert ergebnis.unveraendert > 0


def test_kontenrahmen_update_changes_bezeichnung_and_rows(frames, verbund_admin):
    data = csv_bytes(
        "Konto;Bezeichnung;Ergebnishaushalt;Finanzhaushalt",
        "5552;Grundsteuer B (Grundstücke);5;04",
        "5999;Neue Erträge;9;8",
    )
    ergebnis = services.import_kontenrahmen(verbund_admin, data, "csv")
    assert (ergebnis.angelegt, ergebnis.geaendert) == (1, 1)
    konto = Konto.objects.get(nummer="5552")
    assert (konto.bezeichnung, konto.ergebnis_zeile, konto.finanz_zeile) == (
        "Grundsteuer B (Grundstücke)",
        "05",
        "4",
    )
    with kommune_scope(None):
        assert AuditEvent.objects.filter(action="kontenrahmen.importiert").count() == 2


@pytest.mark.parametrize(
    ("row", "spalte", "text"),
    [
        ("7000;Summe;10;", "Ergebnishaushalt", "keine Buchungszeile"),
        ("7000;Summe;;9", "Finanzhaushalt", "keine Buchungszeile"),
        ("7000;Ohne Zeile;;", "Ergebnishaushalt", "braucht eine Zeile"),
        ("7000;Falschrum;05;10", "Finanzhaushalt", "Ertragskonto"),
        ("7000;Falschrum;11;1", "Finanzhaushalt", "Aufwandskonto"),
        ("7000;;05;4", "Bezeichnung", "Bezeichnung"),
        ("70 00;Leer;05;4", "Konto", "Kontonummer"),
        ("7000;=SUMME(A1);05;4", "Bezeichnung", "Formel"),
    ],
)
def test_kontenrahmen_row_errors_import_nothing(verbund, verbund_admin, row, spalte, text):
    data = csv_bytes("Konto;Bezeichnung;Ergebnishaushalt;Finanzhaushalt", "5000;Gut;01;1", row)
    with pytest.raises(ImportFehler) as info:
        services.import_kontenrahmen(verbund_admin, data, "csv")
    fehler = info.value.zeilenfehler
    assert [(f.zeile, f.spalte) for f in fehler] == [(3, spalte)]
    assert text in fehler[0].meldung
    assert "nicht importiert" in info.value.message
    assert not Konto.objects.exists()


def test_kontenrahmen_wrong_columns(verbund, verbund_admin):
    data = csv_bytes("Konto;Name;Ergebnishaushalt", "5000;Gut;01")
    with pytest.raises(Exception) as info:
        services.import_kontenrahmen(verbund_admin, data, "csv")
    assert "Spalten" in info.value.message
    assert "„Bezeichnung“" in info.value.errors["spalten"]


def test_produktrahmen_row_errors_list_every_bad_row(verbund, verbund_admin):
    data = xlsx_bytes(
        ["Nummer", "Bezeichnung"],
        [
            ["01", "Innere Verwaltung"],
            ["01.01", "Verwaltungsführung"],
            ["02.01", "Ohne Bereich"],
            ["01.09.01", "Ohne Gruppe"],
            ["1.1", "Kaputt"],
            ["01.01", "Doppelt"],
            ["01.01.01", ""],
        ],
    )
    with pytest.raises(ImportFehler) as info:
        services.import_produktrahmen(verbund_admin, data, "xlsx")
    assert [f.zeile for f in info.value.zeilenfehler] == [4, 5, 6, 7, 8]
    assert "Produktbereich „02“" in info.value.zeilenfehler[0].meldung
    assert not Produktbereich.objects.exists()


def test_only_the_verbund_maintains_frames(frames, kommune_a):
    from tests.factories import make_user

    admin = make_user(kommune_a, "meinhard.admin2", ["kommune_admin", "kaemmerei"])
    with pytest.raises(PermissionDenied):
        services.import_kontenrahmen(
            admin, csv_bytes("Konto;Bezeichnung;Ergebnishaushalt;Finanzhaushalt"), "csv"
        )


def test_kommune_adds_own_produkt_seen_only_by_itself(frames, kaemmerei_a, kaemmerei_b):
    produkt = services.create_produkt(
        kaemmerei_a, produktgruppe="04.01", nummer="04.01.50", bezeichnung="Werratalsee-Museum"
    )
    assert produkt.kommune_id == kaemmerei_a.kommune_id
    with kommune_scope(kaemmerei_a.kommune):
        assert services.produkte_for(kaemmerei_a.kommune_id).filter(nummer="04.01.50").exists()
    with kommune_scope(kaemmerei_b.kommune):
        assert not services.produkte_for(kaemmerei_b.kommune_id).filter(nummer="04.01.50").exists()
    # The same number in another Kommune is that Kommune's own business.
    services.create_produkt(
        kaemmerei_b, produktgruppe="04.01", nummer="04.01.50", bezeichnung="Heimatstube"
    )


@pytest.mark.parametrize(
    ("gruppe", "nummer", "feld"),
    [
        ("99.99", "99.99.50", "produktgruppe"),
        ("04.01", "05.01.50", "nummer"),
        ("04.01", "x", "nummer"),
    ],
)
def test_own_produkt_rules(frames, kaemmerei_a, gruppe, nummer, feld):
    from aktenbund.errors import ValidationError

    with pytest.raises(ValidationError) as info:
        services.create_produkt(kaemmerei_a, produktgruppe=gruppe, nummer=nummer, bezeichnung="X")
    assert feld in info.value.errors


def test_own_produkt_cannot_take_a_verbund_number(frames, kaemmerei_a):
    from aktenbund.errors import Conflict

    with pytest.raises(Conflict):
        services.create_produkt(
            kaemmerei_a, produktgruppe="12.01", nummer="12.01.01", bezeichnung="Straßen"
        )


def test_teilhaushalte_map_each_produktbereich_once(frames, kaemmerei_a, kommune_a, admin_a):
    from aktenbund.errors import ValidationError
    from tests.factories import make_oe

    oe = make_oe(admin_a, kommune_a, "20", "Kämmerei")
    teil = services.save_teilhaushalt(
        kaemmerei_a,
        nummer="1",
        bezeichnung="Zentrale Verwaltung und Finanzen",
        gliederung="organisation",
        produktbereiche=["01", "16"],
        organisationseinheit_id=oe.pk,
    )
    with kommune_scope(kommune_a):
        assert sorted(z.produktbereich.nummer for z in teil.zuordnungen.all()) == ["01", "16"]
    with pytest.raises(ValidationError) as info:
        services.save_teilhaushalt(
            kaemmerei_a, nummer="2", bezeichnung="Finanzen", produktbereiche=["16"]
        )
    assert "anderen Teilhaushalt" in info.value.errors["produktbereiche"]
    with pytest.raises(ValidationError) as info:
        services.save_teilhaushalt(
            kaemmerei_a, nummer="3", bezeichnung="Zwei", produktbereiche=["02", "03"]
        )
    assert "genau einen" in info.value.errors["produktbereiche"]
    # Changing the Teilhaushalt frees a Produktbereich for another.
    services.save_teilhaushalt(
        kaemmerei_a,
        teil,
        nummer="1",
        bezeichnung="Zentrale Verwaltung",
        gliederung="organisation",
        produktbereiche=["01"],
        organisationseinheit_id=oe.pk,
    )
    services.save_teilhaushalt(
        kaemmerei_a, nummer="16", bezeichnung="Finanzen", produktbereiche=["16"]
    )


def test_teilhaushalt_refuses_another_kommunes_oe(frames, kaemmerei_a, admin_b, kommune_b):
    from aktenbund.errors import ValidationError
    from tests.factories import make_oe

    fremd = make_oe(admin_b, kommune_b, "20", "Kämmerei Sontra")
    with pytest.raises(ValidationError) as info:
        services.save_teilhaushalt(
            kaemmerei_a,
            nummer="1",
            bezeichnung="X",
            gliederung="organisation",
            produktbereiche=["01"],
            organisationseinheit_id=fremd.pk,
        )
    assert (
        info.value.errors["organisationseinheit_id"] == "Diese Organisationseinheit gibt es nicht."
    )
