"""Import and export of the Aktenplan: round trips, updates, errors per row, all or nothing."""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest

from aktenbund.audit.models import AuditEvent
from aktenbund.errors import PermissionDenied
from aktenbund.records import services
from aktenbund.records.aktenplan_io import SPALTEN, AktenplanImportFehler
from aktenbund.records.models import Aktenplaneinheit
from aktenbund.tenancy.scope import kommune_scope
from tests.records.factories import alle_einheiten, make_einheit

pytestmark = pytest.mark.django_db

HEADER = ";".join(SPALTEN)


def csv_bytes(*rows: str, header: str = HEADER, bom: bool = True) -> bytes:
    text = "\r\n".join([header, *rows]) + "\r\n"
    return ("\ufeff" if bom else "").encode() + text.encode("utf-8")


def xlsx_bytes(rows: list[list]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(SPALTEN)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def nodes(kommune_id=None) -> dict[str, Aktenplaneinheit]:
    with kommune_scope(kommune_id):
        return {n.kennzeichen: n for n in services.aktenplan_for(kommune_id)}


def snapshot(kommune_id=None) -> dict:
    return {
        kz: (
            n.parent_id,
            n.titel,
            n.beschreibung,
            n.aufbewahrungsfrist,
            n.aussonderungsart,
            n.gueltig_ab,
            n.gueltig_bis,
            n.kommune_id,
        )
        for kz, n in nodes(kommune_id).items()
    }


def audit_count(kommune_id=None) -> int:
    with kommune_scope(kommune_id):
        return AuditEvent.objects.filter(kommune_id=kommune_id).count()


GEWERBE = [
    "1;;Sicherheit und Ordnung;;10;B;01.01.2024;",
    "12;1;Gewerbe;Gewerberecht;10;B;01.01.2024;",
    "121;12;Gewerbeanzeigen;„§ 14 GewO“, äöüß €;5;b;2024-01-01;",
    '121.1;121;Gewerbeanmeldungen (GewA 1);"Zeile eins\nZeile zwei";5;B;;',
    "900;9;Haushaltssatzung und Haushaltsplan;;dauernd;A;01.01.2024;",
    "9;;Finanzen;;10;archivwürdig;01.01.2024;",
]


def test_csv_import_creates_the_tree_in_the_verbund_chain(verbund_registratur):
    ergebnis = services.import_aktenplan(verbund_registratur, csv_bytes(*GEWERBE), "csv")
    assert (ergebnis.angelegt, ergebnis.geaendert, ergebnis.unveraendert) == (6, 0, 0)
    plan = nodes()
    assert plan["121"].parent == plan["12"] and plan["121.1"].parent == plan["121"]
    assert plan["121.1"].ebene == 4 and plan["9"].ebene == 1
    assert plan["900"].aufbewahrungsfrist is None and plan["9"].aussonderungsart == "A"
    assert plan["121"].aussonderungsart == "B" and plan["121"].gueltig_ab == datetime.date(
        2024, 1, 1
    )
    assert plan["121.1"].beschreibung == "Zeile eins\nZeile zwei"
    with kommune_scope(None):
        actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert actions.count("aktenplaneinheit.angelegt") == 6
    assert actions[-1] == "aktenplan.importiert"


@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_export_then_import_changes_nothing(verbund_registratur, format):
    services.import_aktenplan(verbund_registratur, csv_bytes(*GEWERBE), "csv")
    services.close_aktenplaneinheit(verbund_registratur, nodes()["121.1"])
    before, events = snapshot(), audit_count()
    datei = services.export_aktenplan(verbund_registratur, format)
    assert datei.dateiname.endswith(f".{format}")
    ergebnis = services.import_aktenplan(verbund_registratur, datei.inhalt, format)
    assert (ergebnis.angelegt, ergebnis.geaendert, ergebnis.geschlossen) == (0, 0, 0)
    assert ergebnis.unveraendert == 6
    assert snapshot() == before and audit_count() == events


@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_export_of_one_installation_imports_into_another(verbund_registratur, format):
    services.import_aktenplan(verbund_registratur, csv_bytes(*GEWERBE), "csv")
    datei = services.export_aktenplan(verbund_registratur, format)
    before = {kz: v[1:] for kz, v in snapshot().items()}
    # An empty Aktenplan, as in a new installation (services never delete).
    with kommune_scope(None):
        for ebene in (4, 3, 2, 1):
            alle_einheiten().filter(ebene=ebene).delete()
    services.import_aktenplan(verbund_registratur, datei.inhalt, format)
    assert {kz: v[1:] for kz, v in snapshot().items()} == before


def test_csv_export_is_excel_friendly(verbund_registratur):
    services.import_aktenplan(verbund_registratur, csv_bytes(*GEWERBE), "csv")
    inhalt = services.export_aktenplan(verbund_registratur, "csv").inhalt
    assert inhalt.startswith(b"\xef\xbb\xbf" + HEADER.encode())
    text = inhalt.decode("utf-8-sig")
    assert "\r\n900;9;Haushaltssatzung und Haushaltsplan;;dauernd;A;01.01.2024;\r\n" in text
    # Parents come before their children.
    assert text.index("\r\n12;1;") < text.index("\r\n121;12;") < text.index("\r\n121.1;121;")


def test_xlsx_export_has_text_kennzeichen_and_real_dates(verbund_registratur):
    services.import_aktenplan(verbund_registratur, csv_bytes(*GEWERBE), "csv")
    inhalt = services.export_aktenplan(verbund_registratur, "xlsx").inhalt
    sheet = openpyxl.load_workbook(io.BytesIO(inhalt))["Aktenplan"]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == SPALTEN
    assert rows[1][0] == "1" and isinstance(rows[1][6], datetime.datetime)


def test_import_updates_existing_nodes_and_never_deletes(verbund_registratur):
    services.import_aktenplan(verbund_registratur, csv_bytes(*GEWERBE), "csv")
    ergebnis = services.import_aktenplan(
        verbund_registratur,
        csv_bytes(
            "12;1;Gewerbewesen;Gewerberecht;10;B;01.01.2024;",
            "122;12;Gewerberegister;;10;B;01.01.2024;",
        ),
        "csv",
    )
    assert (ergebnis.angelegt, ergebnis.geaendert, ergebnis.unveraendert) == (1, 1, 0)
    plan = nodes()
    assert plan["12"].titel == "Gewerbewesen" and plan["122"].parent == plan["12"]
    assert len(plan) == 7  # nothing that was missing from the file was removed
    with kommune_scope(None):
        event = AuditEvent.objects.filter(action="aktenplaneinheit.geaendert").get()
    assert event.details["vorher"] == {"titel": "Gewerbe"} and event.details["quelle"] == "import"


def test_import_closes_with_gueltig_bis_and_cascades(verbund_registratur, registratur_a, kommune_a):
    services.import_aktenplan(verbund_registratur, csv_bytes(*GEWERBE), "csv")
    lokal = make_einheit(registratur_a, "121.50", "Meinhard", parent=nodes()["121"])
    ergebnis = services.import_aktenplan(
        verbund_registratur,
        csv_bytes("121;12;Gewerbeanzeigen;„§ 14 GewO“, äöüß €;5;B;01.01.2024;31.12.2030"),
        "csv",
    )
    assert ergebnis.geschlossen == 3  # 121, 121.1 and Meinhard's 121.50
    assert nodes()["121.1"].gueltig_bis == datetime.date(2030, 12, 31)
    with kommune_scope(kommune_a):
        lokal.refresh_from_db()
    assert lokal.gueltig_bis == datetime.date(2030, 12, 31)


def test_every_bad_row_is_reported_and_nothing_is_imported(verbund_registratur):
    services.import_aktenplan(verbund_registratur, csv_bytes(*GEWERBE), "csv")
    before, events = snapshot(), audit_count()
    rows = [
        "13;1;Standesamt;;30;A;01.01.2024;",  # good
        "14;1;;;10;B;01.01.2024;",  # Titel missing
        "15;1;Brandschutz;;zehn;B;01.01.2024;",  # Frist not a number
        "16;1;Ordnungswidrigkeiten;;5;X;31.02.2024;",  # Art and date wrong
        "17;8;Tierhaltung;;5;V;01.01.2024;",  # unknown parent
        "13;1;Doppelt;;5;V;01.01.2024;",  # duplicate Kennzeichen
        "12;;Gewerbe;Gewerberecht;10;B;01.01.2024;",  # moves a node
        "18/1;1;Schrägstrich;;5;V;01.01.2024;",  # Kennzeichen pattern
        "29;1;Falscher Präfix;;5;V;01.01.2024;",  # does not extend parent
        "19;1;=SUMME(A1:A2);;5;V;01.01.2024;",  # formula-like text
        "19.1;19;Frist zu lang;;151;V;01.01.2024;",
        "1x;1;Gültigkeit;;5;V;01.01.2024;31.12.2023",  # ends before it starts
    ]
    with pytest.raises(AktenplanImportFehler) as exc:
        services.import_aktenplan(verbund_registratur, csv_bytes(*rows), "csv")
    fehler = {(f.zeile, f.spalte) for f in exc.value.zeilenfehler}
    assert fehler >= {
        (3, "Titel"),
        (4, "Aufbewahrungsfrist"),
        (5, "Aussonderungsart"),
        (5, "gültig ab"),
        (6, "Übergeordnet"),
        (7, "Kennzeichen"),
        (8, "Übergeordnet"),
        (9, "Kennzeichen"),
        (10, "Kennzeichen"),
        (11, "Titel"),
        (12, "Aufbewahrungsfrist"),
        (13, "gültig bis"),
    }
    assert not any(f.zeile == 2 for f in exc.value.zeilenfehler)
    assert exc.value.status == 422
    assert "Zeile 3, Titel" in exc.value.errors
    assert "11 Zeilen" in exc.value.message
    assert snapshot() == before and audit_count() == events


def test_a_row_may_not_outlive_its_parent(verbund_registratur):
    with pytest.raises(AktenplanImportFehler) as exc:
        services.import_aktenplan(
            verbund_registratur,
            csv_bytes(
                "5;;Gesundheit;;10;B;01.01.2024;31.12.2025",
                "50;5;Gesundheitswesen;;10;B;01.01.2024;",
            ),
            "csv",
        )
    [fehler] = exc.value.zeilenfehler
    assert (fehler.zeile, fehler.spalte) == (3, "gültig bis")


def test_closed_nodes_stay_closed(verbund_registratur):
    services.import_aktenplan(verbund_registratur, csv_bytes(*GEWERBE), "csv")
    services.close_aktenplaneinheit(
        verbund_registratur, nodes()["9"], gueltig_bis=datetime.date(2030, 1, 1)
    )
    with pytest.raises(AktenplanImportFehler) as exc:
        services.import_aktenplan(
            verbund_registratur, csv_bytes("9;;Finanzen;;10;A;01.01.2024;"), "csv"
        )
    assert exc.value.zeilenfehler[0].spalte == "gültig bis"


def test_kommune_imports_local_nodes_and_may_keep_verbund_rows_unchanged(
    verbund_registratur, registratur_a, kommune_a
):
    services.import_aktenplan(verbund_registratur, csv_bytes(*GEWERBE), "csv")
    ergebnis = services.import_aktenplan(
        registratur_a,
        csv_bytes(
            "12;1;Gewerbe;Gewerberecht;10;B;01.01.2024;",
            "121.50;121;Gewerbeanzeigen Ortsteil Schwebda;;5;B;01.01.2025;",
            "121.50.1;121.50;Sammelakte;;5;V;01.01.2025;",
        ),
        "csv",
    )
    assert (ergebnis.angelegt, ergebnis.unveraendert) == (2, 1)
    lokal = nodes(kommune_a.pk)
    assert (
        lokal["121.50"].kommune_id == kommune_a.pk
        and lokal["121.50.1"].parent_id == lokal["121.50"].pk
    )
    with kommune_scope(kommune_a):
        assert AuditEvent.objects.filter(action="aktenplan.importiert").count() == 1
    # The Kommune's export (Verbund + local nodes) imports again without change.
    datei = services.export_aktenplan(registratur_a, "csv")
    assert "121.50;121;" in datei.inhalt.decode("utf-8-sig")
    again = services.import_aktenplan(registratur_a, datei.inhalt, "csv")
    assert (again.angelegt, again.geaendert, again.unveraendert) == (0, 0, 8)


def test_kommune_cannot_change_verbund_nodes_by_import(verbund_registratur, registratur_a):
    services.import_aktenplan(verbund_registratur, csv_bytes(*GEWERBE), "csv")
    with pytest.raises(AktenplanImportFehler) as exc:
        services.import_aktenplan(
            registratur_a,
            csv_bytes("12;1;Gewerbe in Meinhard;Gewerberecht;10;B;01.01.2024;", "7;;Eigene;;5;V;;"),
            "csv",
        )
    assert {(f.zeile, f.spalte) for f in exc.value.zeilenfehler} == {
        (2, "Titel"),
        (3, "Übergeordnet"),
    }
    assert nodes()["12"].titel == "Gewerbe"


def test_local_rows_of_other_kommunen_do_not_leak_into_an_import(
    verbund_registratur, registratur_a, registratur_b, kommune_b
):
    services.import_aktenplan(verbund_registratur, csv_bytes(*GEWERBE), "csv")
    make_einheit(registratur_a, "121.50", "Nur Meinhard", parent=nodes()["121"])
    # Sontra may use the same local Kennzeichen; Meinhard's node stays Meinhard's.
    services.import_aktenplan(
        registratur_b, csv_bytes("121.50;121;Sontras eigene Einheit;;5;B;;"), "csv"
    )
    assert nodes(kommune_b.pk)["121.50"].titel == "Sontras eigene Einheit"


def test_verbund_import_refuses_a_kennzeichen_used_locally(verbund_registratur, registratur_a):
    services.import_aktenplan(verbund_registratur, csv_bytes(*GEWERBE), "csv")
    make_einheit(registratur_a, "121.50", "Meinhard", parent=nodes()["121"])
    with pytest.raises(AktenplanImportFehler) as exc:
        services.import_aktenplan(
            verbund_registratur, csv_bytes("121.50;121;Verbund;;5;B;01.01.2024;"), "csv"
        )
    assert exc.value.zeilenfehler[0].spalte == "Kennzeichen"
    assert "lokale Einheit" in exc.value.zeilenfehler[0].meldung


def test_xlsx_import_reads_numbers_dates_and_labels(verbund_registratur):
    ergebnis = services.import_aktenplan(
        verbund_registratur,
        xlsx_bytes(
            [
                [1, None, "Sicherheit und Ordnung", None, 10, "B", datetime.date(2024, 1, 1), None],
                ["12", 1, "Gewerbe", "", 10.0, "bewerten", datetime.datetime(2024, 1, 1), None],
                ["900", None, "Haushalt", None, "Dauernd", "A", "01.01.2024", None],
            ]
        ),
        "xlsx",
    )
    assert ergebnis.angelegt == 3
    plan = nodes()
    assert plan["12"].parent == plan["1"] and plan["900"].aufbewahrungsfrist is None


def test_xlsx_formulas_are_refused(verbund_registratur):
    with pytest.raises(AktenplanImportFehler) as exc:
        services.import_aktenplan(
            verbund_registratur,
            xlsx_bytes([["1", None, '=CONCAT("Sicher","heit")', None, "=5*2", "B", None, None]]),
            "xlsx",
        )
    assert {(f.zeile, f.spalte) for f in exc.value.zeilenfehler} == {
        (2, "Titel"),
        (2, "Aufbewahrungsfrist"),
    }
    assert "Formeln" in exc.value.zeilenfehler[0].meldung
    assert nodes() == {}


def test_xlsx_kennzeichen_typed_as_decimal_number_is_refused(verbund_registratur):
    with pytest.raises(AktenplanImportFehler) as exc:
        services.import_aktenplan(
            verbund_registratur,
            xlsx_bytes([[1.3, None, "Eins drei", None, 5, "B", None, None]]),
            "xlsx",
        )
    assert exc.value.zeilenfehler[0].spalte == "Kennzeichen"


def test_columns_may_come_in_any_order_and_spelling(verbund_registratur):
    header = (
        "titel;Kennzeichen;gueltig_ab;Gültig bis;"
        "Aussonderungsart;Aufbewahrungsfrist;Beschreibung;Übergeordnet"
    )
    services.import_aktenplan(
        verbund_registratur,
        csv_bytes("Finanzen;9;01.01.2024;;A;10;;", header=header, bom=False),
        "csv",
    )
    assert nodes()["9"].titel == "Finanzen"


def test_sachbearbeitung_may_not_import(plan, clerk_a):
    with pytest.raises(PermissionDenied):
        services.import_aktenplan(clerk_a, csv_bytes(*GEWERBE), "csv")
