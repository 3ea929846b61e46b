"""Input validation: what a client sends is refused with 422 naming the field, never a 500.

The class found by the black-box attack: NUL bytes (PostgreSQL cannot store
them: `DataError`, HTTP 500) and other control characters in any text;
dates the date arithmetic overflows on (`9999-12-31`) or numbers read as
dates (`0`); Unicode digits read as ASCII ones (a full-width AGS is a second
Kommune); negative Planansätze; bodies that are not JSON objects.

The API tests are generated from the OpenAPI document: every string query
parameter, every string body field and every JSON body of every operation,
so that a new operation is covered without a new test.
"""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.conf import settings as django_settings
from django_scopes import scopes_disabled

from aktenbund.capture.services.mail import parse_mail
from aktenbund.errors import ValidationError
from aktenbund.haushalt import services as haushalt
from aktenbund.haushalt.models import Planansatz
from aktenbund.haushalt.services.plan_io import SPALTEN
from aktenbund.haushalt.tabelle import ImportFehler, parse_betrag
from aktenbund.records.models import Akte
from aktenbund.tenancy import services as tenancy
from aktenbund.tenancy.models import ApiToken, Kommune
from aktenbund.tenancy.scope import kommune_scope
from tests.api.records_client import Api, fields_of, multipart
from tests.haushalt.conftest import frames, kaemmerei_a  # noqa: F401
from tests.haushalt.factories import make_ansatz, make_plan
from tests.records.conftest import akte_a, oe_a, plan, sb_a, verbund_registratur, vorgang_a  # noqa: F401
from tests.records.factories import pdf_bytes

NUL = "a\x00b"
METHODS = ("get", "post", "put", "patch", "delete")


# --- the OpenAPI document, walked ----------------------------------------------


def _schema(client) -> dict:
    return client.get("/api/openapi.json").json()


def _resolve(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def _is_string(schema: dict, node: dict) -> bool:
    node = _resolve(schema, node)
    if node.get("type") == "string":
        return True
    return any(_is_string(schema, n) for n in node.get("anyOf", []) + node.get("allOf", []))


def _path(path: str, operation: dict) -> str:
    for parameter in operation.get("parameters", []):
        if parameter["in"] == "path":
            wert = "1" if parameter["schema"].get("type") == "integer" else "x"
            path = path.replace("{" + parameter["name"] + "}", wert)
    return path


def _operations(schema: dict):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield method, path, operation


def _body_schema(schema: dict, operation: dict, content_type: str) -> dict | None:
    content = operation.get("requestBody", {}).get("content", {})
    if content_type not in content:
        return None
    return _resolve(schema, content[content_type]["schema"])


def _string_fields(schema: dict, body: dict) -> list[str]:
    return [name for name, node in body.get("properties", {}).items() if _is_string(schema, node)]


def _fields(response) -> list[str]:
    return [e["field"] for e in response.json()["errors"]]


def test_every_string_query_parameter_refuses_control_characters(client, sb_a):  # noqa: F811
    schema = _schema(client)
    api = Api(sb_a)
    geprueft, fehler = 0, []
    for method, path, operation in _operations(schema):
        url = _path(path, operation)
        for parameter in operation.get("parameters", []):
            if parameter["in"] != "query" or not _is_string(schema, parameter["schema"]):
                continue
            for wert in (NUL, "x\x1b[31m", "\x7f"):
                response = api.client.generic(
                    method.upper(), url + "?" + parameter["name"] + "=" + _quote(wert)
                )
                geprueft += 1
                if response.status_code != 422 or parameter["name"] not in _fields(response):
                    fehler.append(
                        f"{method.upper()} {path} ?{parameter['name']}: {response.status_code}"
                    )
    assert geprueft > 40
    assert fehler == []


def _quote(wert: str) -> str:
    from urllib.parse import quote

    return quote(wert, safe="")


def test_every_json_body_refuses_control_characters_in_its_strings(client, sb_a):  # noqa: F811
    schema = _schema(client)
    api = Api(sb_a)
    geprueft, fehler = 0, []
    for method, path, operation in _operations(schema):
        body = _body_schema(schema, operation, "application/json")
        if body is None:
            continue
        felder = _string_fields(schema, body) or ["feld"]
        for feld in felder:
            response = api.client.generic(
                method.upper(),
                _path(path, operation),
                '{"' + feld + '": "a\\u0000b\\u0007"}',
                content_type="application/json",
            )
            geprueft += 1
            if response.status_code != 422 or feld not in _fields(response):
                fehler.append(f"{method.upper()} {path} {feld}: {response.status_code}")
    assert geprueft > 40
    assert fehler == []


def test_every_json_body_must_be_an_object(client, sb_a):  # noqa: F811
    schema = _schema(client)
    api = Api(sb_a)
    geprueft, fehler = 0, []
    for method, path, operation in _operations(schema):
        if _body_schema(schema, operation, "application/json") is None:
            continue
        for body in ("[null, null]", "[]", '"text"', "42", "true"):
            response = api.client.generic(
                method.upper(), _path(path, operation), body, content_type="application/json"
            )
            geprueft += 1
            if response.status_code != 422 or _fields(response) != ["body"]:
                fehler.append(f"{method.upper()} {path} {body}: {response.status_code}")
    assert geprueft > 40
    assert fehler == []


def test_every_multipart_text_field_refuses_control_characters(client, sb_a):  # noqa: F811
    schema = _schema(client)
    api = Api(sb_a)
    geprueft = 0
    for method, path, operation in _operations(schema):
        body = _body_schema(schema, operation, "multipart/form-data")
        if body is None:
            continue
        for feld in _string_fields(schema, body):
            inhalt, content_type = multipart({"titel": "Antrag", feld: NUL}, "a.pdf", pdf_bytes())
            response = api.client.generic(
                method.upper(), _path(path, operation), inhalt, content_type=content_type
            )
            geprueft += 1
            assert response.status_code == 422, (path, feld, response.content[:300])
            assert feld in _fields(response)
    assert geprueft >= 3


# --- the reported cases, end to end ------------------------------------------------


def test_nul_in_akten_filter_and_betreff_is_refused_and_nothing_stored(sb_a, plan):  # noqa: F811
    api = Api(sb_a)

    liste = api.get("/akten", q=NUL)
    assert liste.status_code == 422
    assert list(fields_of(liste)) == ["q"]
    response = api.post(
        "/akten", {"aktenplaneinheit_id": plan["121"].pk, "betreff": "Gewerbe\x00Müller"}
    )

    assert response.status_code == 422
    assert "betreff" in fields_of(response)
    with kommune_scope(sb_a.kommune):
        assert not Akte.objects.filter(betreff__startswith="Gewerbe").exists()


def test_nul_in_upload_titel_is_refused(sb_a, vorgang_a):  # noqa: F811
    response = Api(sb_a).upload(f"/vorgaenge/{vorgang_a.pk}/dokumente", pdf_bytes(), titel=NUL)

    assert response.status_code == 422
    assert "titel" in fields_of(response)


def test_multi_line_text_keeps_tab_and_line_breaks(sb_a, akte_a):  # noqa: F811
    response = Api(sb_a).patch(
        f"/akten/{akte_a.pk}", {"beschreibung": "Erste Zeile\r\nzweite\tZeile"}
    )

    assert response.status_code == 200
    assert response.json()["beschreibung"] == "Erste Zeile\nzweite\tZeile"


def test_page_filter_with_control_characters_gets_a_german_422(client, sb_a):  # noqa: F811
    client.force_login(sb_a)

    response = client.get("/akten/", {"q": NUL})

    assert response.status_code == 422
    text = response.content.decode()
    assert "„q“" in text and "Steuerzeichen" in text


def test_page_form_with_control_characters_stores_nothing(client, sb_a, plan):  # noqa: F811
    client.force_login(sb_a)

    response = client.post(
        "/akten/neu/",
        {"aktenplaneinheit": plan["121"].pk, "betreff": "Gewerbe\x0bMüller", "beschreibung": ""},
    )

    assert response.status_code == 422
    assert "„betreff“" in response.content.decode()
    with kommune_scope(sb_a.kommune):
        assert not Akte.objects.exists()


def test_page_input_rule_sits_after_the_csrf_check():
    middleware = django_settings.MIDDLEWARE
    assert middleware.index("aktenbund.web.middleware.EingabeMiddleware") > middleware.index(
        "django.middleware.csrf.CsrfViewMiddleware"
    )


# --- dates -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "feld"),
    [
        ({"datum_bis": "9999-12-31"}, "datum_bis"),
        ({"datum_von": "0001-01-01"}, "datum_von"),
        ({"datum_von": "0"}, "datum_von"),
        ({"datum_bis": "1700000000"}, "datum_bis"),
    ],
)
def test_search_refuses_dates_out_of_range(sb_a, params, feld):  # noqa: F811
    response = Api(sb_a).get("/suche", q="x", **params)

    assert response.status_code == 422
    assert feld in fields_of(response)


def test_search_page_shows_a_german_message_for_a_date_out_of_range(client, sb_a):  # noqa: F811
    client.force_login(sb_a)

    response = client.get("/suche/", {"q": "x", "datum_bis": "9999-12-31"})

    assert response.status_code < 500
    assert (
        "Bitte ein Datum zwischen 01.01.1900 und 31.12.2100 angeben." in response.content.decode()
    )


def test_api_dates_everywhere_are_iso_and_bounded(sb_a, akte_a):  # noqa: F811
    api = Api(sb_a)

    for frist in ("9999-12-31", 0, "0"):
        response = api.post(f"/akten/{akte_a.pk}/vorgaenge", {"betreff": "B", "frist": frist})
        assert response.status_code == 422, frist
        assert "frist" in fields_of(response)
    ok = api.post(f"/akten/{akte_a.pk}/vorgaenge", {"betreff": "B", "frist": "2030-01-31"})
    assert ok.status_code == 201


# --- ASCII digits ------------------------------------------------------------------


def test_full_width_ags_is_no_second_kommune(verbund_admin, kommune_a):
    breit = kommune_a.ags.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    arabisch = kommune_a.ags.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))

    for ags in (breit, arabisch):
        with pytest.raises(ValidationError) as err:
            tenancy.create_kommune(verbund_admin, name="Kopie", ags=ags, einwohner=1)
        assert "ags" in err.value.errors
    response = Api(verbund_admin).post("/kommunen", {"name": "Kopie", "ags": breit, "einwohner": 1})
    assert response.status_code == 422
    assert "ags" in fields_of(response)
    with scopes_disabled():
        assert Kommune.objects.count() == 1


@pytest.mark.parametrize("wert", ["١٢٣", "１２３,４５", "1.２34", "٣"])
def test_amounts_are_ascii_digits(wert):
    with pytest.raises(ValueError):
        parse_betrag(wert)


@pytest.fixture
def haushaltsplan(frames, kaemmerei_a):  # noqa: F811
    return make_plan(kaemmerei_a, 2026)


def _xlsx(rows: list[list]) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(SPALTEN)
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _zeile(konto: str, *betraege) -> list:
    return [konto, "", "01.02.03", "", "", *betraege, ""]


def test_planansatz_import_refuses_arabic_indic_digits(kaemmerei_a, haushaltsplan):  # noqa: F811
    datei = _xlsx([_zeile("6111", "٣٠٠", 0, 0, 0, 0, 0)])

    with kommune_scope(kaemmerei_a.kommune), pytest.raises(ImportFehler) as err:
        haushalt.import_planansaetze(kaemmerei_a, haushaltsplan, datei, "xlsx")

    assert any("Ergebnis Vorvorjahr" in key for key in err.value.errors)
    with kommune_scope(kaemmerei_a.kommune):
        assert not Planansatz.objects.exists()


def test_planansatz_api_refuses_unicode_digits(kaemmerei_a, haushaltsplan):  # noqa: F811
    response = Api(kaemmerei_a).post(
        f"/haushalt/plaene/{haushaltsplan.pk}/ansaetze",
        {"konto": "6111", "produkt": "01.02.03", "ansatz": "١٢٣"},
    )

    assert response.status_code == 422
    assert "ansatz" in fields_of(response)


# --- negative Planansätze -------------------------------------------------------------


def test_negative_planansatz_is_refused_by_api_grid_and_import(kaemmerei_a, haushaltsplan):  # noqa: F811
    api = Api(kaemmerei_a)

    response = api.post(
        f"/haushalt/plaene/{haushaltsplan.pk}/ansaetze",
        {"konto": "6111", "produkt": "01.02.03", "ansatz": "-5.00"},
    )
    assert response.status_code == 422
    assert "ansatz" in fields_of(response)

    with kommune_scope(kaemmerei_a.kommune):
        ansatz = make_ansatz(kaemmerei_a, haushaltsplan, "6111", "01.02.03", 1, 2, 3, 4, 5, 6)
        with pytest.raises(ValidationError) as err:
            haushalt.update_planansatz(kaemmerei_a, ansatz, betraege={"planung_2": "-0,01"})
        assert set(err.value.errors) == {"planung_2"}
        ansatz.refresh_from_db()
        assert ansatz.planung_2 == Decimal("5.00")

        with pytest.raises(ImportFehler):
            haushalt.import_planansaetze(
                kaemmerei_a,
                haushaltsplan,
                _xlsx([_zeile("6111", 0, 0, "-1.234,56", 0, 0, 0)]),
                "xlsx",
            )
        assert Planansatz.objects.count() == 1


def test_bestandsveraenderungen_may_be_negative(kaemmerei_a, haushaltsplan):  # noqa: F811
    with kommune_scope(kaemmerei_a.kommune):
        ansatz = make_ansatz(
            kaemmerei_a, haushaltsplan, "5041", "01.02.03", 0, 0, "-1200.00", 0, 0, 0
        )
    assert ansatz.ansatz == Decimal("-1200.00")


# --- malformed bodies, the reported cases ----------------------------------------------


def test_list_body_changes_no_akte_and_creates_no_token(sb_a, akte_a):  # noqa: F811
    api = Api(sb_a)
    with kommune_scope(sb_a.kommune), scopes_disabled():
        tokens = ApiToken.objects.count()
    assert tokens == 1

    patch = api.client.patch(
        f"/api/v1/akten/{akte_a.pk}", "[null, null]", content_type="application/json"
    )
    token = api.client.post("/api/v1/api-tokens", "[null, null]", content_type="application/json")

    assert patch.status_code == 422 and fields_of(patch) == {
        "body": "Bitte ein JSON-Objekt senden."
    }
    assert token.status_code == 422
    with kommune_scope(sb_a.kommune):
        assert ApiToken.objects.count() == tokens
        assert Akte.objects.get(pk=akte_a.pk).geaendert_am == akte_a.geaendert_am


def test_unparseable_json_stays_a_400(sb_a, akte_a):  # noqa: F811
    response = Api(sb_a).client.patch(
        f"/api/v1/akten/{akte_a.pk}", "{kein json", content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["detail"]


def test_today_is_within_the_date_range():
    from aktenbund.eingaben import DATUM_MAX, DATUM_MIN

    assert DATUM_MIN < datetime.date.today() < DATUM_MAX


def test_mail_with_control_characters_in_its_headers_and_body_is_read_cleaned():
    """Nobody here typed a mail's text (IMAP, .msg, a drop): its controls are dropped
    when it is read, so none reaches a row (a NUL is a DataError, HTTP 500, on PostgreSQL)."""
    mail = parse_mail(
        b"From: Erika M\x1b\xc3\xbcller <erika@example.org>\r\n"
        b"Subject: Bauantrag\x7f Gartenhaus\x07\r\n"
        b"To: poststelle@meinhard.example.org\r\n"
        b"Message-ID: <esc\x1b@example.org>\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\n"
        b"\r\nAnbei\x00 der Antrag.\r\n",
        "message/rfc822",
    )

    assert mail.betreff == "Bauantrag Gartenhaus"
    assert mail.absender == "Erika Müller <erika@example.org>"
    assert mail.message_id == "<esc@example.org>"
    assert mail.text.strip() == "Anbei der Antrag."
