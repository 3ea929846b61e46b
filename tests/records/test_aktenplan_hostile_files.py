"""Hostile or broken Aktenplan files get a clear error and change nothing."""

from __future__ import annotations

import io
import zipfile

import pytest

from aktenbund.errors import ValidationError
from aktenbund.records import aktenplan_io, services
from aktenbund.records.aktenplan_io import SPALTEN, DateitypFalsch, DateiZuGross
from tests.records.factories import alle_einheiten
from tests.records.test_aktenplan_import import HEADER, csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _nothing_imported(verbund_registratur):
    yield
    assert not alle_einheiten().exists()


def _import(actor, data, format="csv"):
    return services.import_aktenplan(actor, data, format)


def test_too_large_file_is_refused_with_413(verbund_registratur):
    data = csv_bytes(*["1;;" + "x" * 190 + ";;10;B;;"] * 30_000)
    assert len(data) > aktenplan_io.MAX_BYTES
    with pytest.raises(DateiZuGross) as exc:
        _import(verbund_registratur, io.BytesIO(data))
    assert exc.value.status == 413 and "5 MB" in exc.value.message


def test_more_than_20000_rows_are_refused(verbund_registratur):
    data = csv_bytes(*[f"{n};;T;;1;V;;" for n in range(20_001)])
    assert len(data) < aktenplan_io.MAX_BYTES
    with pytest.raises(DateiZuGross) as exc:
        _import(verbund_registratur, data)
    assert "20.000 Zeilen" in exc.value.message


def test_non_utf8_csv_is_refused(verbund_registratur):
    data = (HEADER + "\r\n1;;Öffentliche Ordnung;;10;B;;\r\n").encode("cp1252")
    with pytest.raises(ValidationError) as exc:
        _import(verbund_registratur, data)
    assert "UTF-8" in exc.value.message and "datei" in exc.value.errors


def test_wrong_columns_are_named(verbund_registratur):
    with pytest.raises(ValidationError) as exc:
        _import(verbund_registratur, csv_bytes("1;T", header="Kennzeichen;Titel;Farbe"))
    message = exc.value.errors["spalten"]
    assert "„Übergeordnet“" in message and "„Farbe“" in message


def test_comma_separated_csv_gets_a_hint(verbund_registratur):
    with pytest.raises(ValidationError) as exc:
        _import(verbund_registratur, csv_bytes(header=",".join(SPALTEN)))
    assert "Semikolon" in exc.value.message


def test_empty_file_is_refused(verbund_registratur):
    with pytest.raises(ValidationError):
        _import(verbund_registratur, b"")
    with pytest.raises(ValidationError):
        _import(verbund_registratur, b"\xef\xbb\xbf\r\n;;;\r\n")


def test_broken_quotes_are_reported_with_the_line(verbund_registratur):
    with pytest.raises(ValidationError) as exc:
        _import(verbund_registratur, csv_bytes('1;;"Offen;;10;B;;', "2;;Zu;;10;B;;"))
    assert "Zeile" in exc.value.message


def test_binary_junk_as_csv_is_refused(verbund_registratur):
    with pytest.raises(DateitypFalsch):
        _import(verbund_registratur, HEADER.encode() + b"\r\n\x00\x01\x02")


def test_xlsx_declared_as_csv_and_csv_declared_as_xlsx(verbund_registratur):
    with pytest.raises(DateitypFalsch) as exc:
        _import(verbund_registratur, xlsx_bytes([]), "csv")
    assert "xlsx" in exc.value.message
    with pytest.raises(DateitypFalsch) as exc:
        _import(verbund_registratur, csv_bytes(), "xlsx")
    assert exc.value.status == 415


def test_old_xls_or_encrypted_xlsx_is_explained(verbund_registratur):
    with pytest.raises(DateitypFalsch) as exc:
        _import(verbund_registratur, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "xlsx")
    assert ".xls" in exc.value.message


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_zip_that_is_not_a_workbook_is_refused(verbund_registratur):
    with pytest.raises(DateitypFalsch):
        _import(verbund_registratur, _zip({"hallo.txt": b"hallo"}), "xlsx")


def test_xlsx_zip_bomb_is_refused_before_unpacking(verbund_registratur):
    bomb = _zip(
        {"xl/workbook.xml": b"<x/>", "xl/worksheets/sheet1.xml": b"\x00" * (60 * 1024 * 1024)}
    )
    assert len(bomb) < 1024 * 1024
    with pytest.raises(DateiZuGross) as exc:
        _import(verbund_registratur, bomb, "xlsx")
    assert "entpackt" in exc.value.message


def test_corrupt_xlsx_is_refused(verbund_registratur):
    data = xlsx_bytes([["1", None, "T", None, 1, "V", None, None]])
    broken = data[: len(data) // 2]
    with pytest.raises(DateitypFalsch):
        _import(verbund_registratur, broken, "xlsx")


def test_xlsx_with_entity_expansion_is_refused(verbund_registratur):
    data = xlsx_bytes([["1", None, "T", None, 1, "V", None, None]])
    source = zipfile.ZipFile(io.BytesIO(data))
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row>'
        b"</sheetData></worksheet>"
    )
    entries = {
        name: (laughs if name == "xl/worksheets/sheet1.xml" else source.read(name))
        for name in source.namelist()
    }
    with pytest.raises(DateitypFalsch) as exc:
        _import(verbund_registratur, _zip(entries), "xlsx")
    # Refused by defusedxml, through which openpyxl parses: entities are never expanded.
    causes, error = [], exc.value
    while error is not None:
        causes.append(type(error).__name__)
        error = error.__cause__ or error.__context__
    assert "EntitiesForbidden" in causes


def test_unknown_format_is_refused(verbund_registratur):
    with pytest.raises(ValidationError) as exc:
        _import(verbund_registratur, csv_bytes(), "ods")
    assert "format" in exc.value.errors
