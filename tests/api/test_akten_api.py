"""Akten in the REST API: list with filters and pages, create, change, zdA, access list."""

from __future__ import annotations

import pytest

from aktenbund.tenancy.scope import kommune_scope
from tests.api.records_client import Api, fields_of, ok
from tests.records.factories import make_akte

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_a(sb_a):
    return Api(sb_a)


@pytest.fixture
def api_b(sb_b):
    return Api(sb_b)


def _aktenzeichen(body) -> list[str]:
    return [item["aktenzeichen"] for item in body["items"]]


def test_create_akte_generates_aktenzeichen(api_a, plan, oe_a, sb_a):
    body = ok(
        api_a.post("/akten", {"aktenplaneinheit_id": plan["121"].pk, "betreff": "Gewerbe Kaya"}),
        201,
    )
    year = body["erstellt_am"][:4]
    assert body["aktenzeichen"] == f"121-1/{year}"
    assert body["betreff"] == "Gewerbe Kaya"
    assert body["federfuehrende_oe_id"] == oe_a.pk
    assert body["status"] == "offen" and body["recht"] == "bearbeiten"
    assert body["erstellt_von_id"] == sb_a.pk
    assert ok(api_a.get(f"/akten/{body['id']}")) == body


def test_create_akte_names_the_wrong_fields(api_a, plan, oe_a_bau):
    response = api_a.post("/akten", {"aktenplaneinheit_id": plan["121"].pk, "betreff": "  "})
    assert response.status_code == 422
    assert set(fields_of(response)) == {"betreff"}

    response = api_a.post(
        "/akten",
        {
            "aktenplaneinheit_id": plan["121"].pk,
            "betreff": "x",
            "federfuehrende_oe_id": oe_a_bau.pk,
        },
    )
    assert response.status_code == 422
    assert set(fields_of(response)) == {"federfuehrende_oe_id"}

    response = api_a.post("/akten", {"aktenplaneinheit_id": 987654, "betreff": "x"})
    assert response.status_code == 404

    response = api_a.post("/akten", {"betreff": "x"})
    assert response.status_code == 422
    assert set(fields_of(response)) == {"aktenplaneinheit_id"}


def test_list_filters_and_pages(api_a, sb_a, registratur_a, plan, oe_a, oe_a_bau):
    gewerbe = make_akte(sb_a, plan["121"], "Gewerbe Müller")
    geheim = make_akte(sb_a, plan["121"], "Personalsache", vertraulich=True)
    haushalt = make_akte(registratur_a, plan["900"], "Haushalt 2026", federfuehrende_oe=oe_a_bau)
    zu = make_akte(sb_a, plan["121"], "Alte Sache")
    with kommune_scope(sb_a.kommune_id):
        from aktenbund.records import services

        services.close_akte_zda(sb_a, zu, verfuegung="erledigt")

    alle = ok(api_a.get("/akten"))
    assert alle["count"] == 4
    # newest change first
    assert alle["items"][0]["id"] == zu.pk

    assert _aktenzeichen(ok(api_a.get("/akten", q="müller"))) == [gewerbe.aktenzeichen]
    assert _aktenzeichen(ok(api_a.get("/akten", q=haushalt.aktenzeichen))) == [
        haushalt.aktenzeichen
    ]
    assert {
        i["id"] for i in ok(api_a.get("/akten", aktenplaneinheit_id=plan["900"].pk))["items"]
    } == {haushalt.pk}
    assert [i["id"] for i in ok(api_a.get("/akten", status="zda"))["items"]] == [zu.pk]
    assert ok(api_a.get("/akten", status="offen"))["count"] == 3
    assert [
        i["id"] for i in ok(api_a.get("/akten", federfuehrende_oe_id=oe_a_bau.pk))["items"]
    ] == [haushalt.pk]
    assert [i["id"] for i in ok(api_a.get("/akten", vertraulich="true"))["items"]] == [geheim.pk]

    erste = ok(api_a.get("/akten", limit=2, offset=0))
    rest = ok(api_a.get("/akten", limit=2, offset=2))
    assert erste["count"] == rest["count"] == 4
    assert len(erste["items"]) == len(rest["items"]) == 2
    assert {i["id"] for i in erste["items"] + rest["items"]} == {
        gewerbe.pk,
        geheim.pk,
        haushalt.pk,
        zu.pk,
    }

    response = api_a.get("/akten", status="offenbar")
    assert response.status_code == 422 and "status" in fields_of(response)


def test_vertrauliche_akte_is_hidden_from_others_of_the_kommune(sb_a, sb_a_bau, plan):
    geheim = make_akte(sb_a, plan["121"], "Personalsache", vertraulich=True)
    bau = Api(sb_a_bau)
    assert ok(bau.get("/akten"))["count"] == 0
    assert bau.get(f"/akten/{geheim.pk}").status_code == 404


def test_filters_by_another_kommunes_objects_are_404(api_b, oe_a, plan, registratur_a):
    from tests.records.factories import make_einheit

    lokal = make_einheit(registratur_a, "121.50", "Meinhard lokal", parent=plan["121"])
    assert api_b.get("/akten", federfuehrende_oe_id=oe_a.pk).status_code == 404
    assert api_b.get("/akten", aktenplaneinheit_id=lokal.pk).status_code == 404


def test_put_and_patch_akte(api_a, akte_a, oe_a):
    body = ok(api_a.patch(f"/akten/{akte_a.pk}", {"beschreibung": "Neu"}))
    assert body["beschreibung"] == "Neu" and body["betreff"] == akte_a.betreff

    body = ok(api_a.put(f"/akten/{akte_a.pk}", {"betreff": "Gewerbe Müller GmbH"}))
    assert body["betreff"] == "Gewerbe Müller GmbH"
    assert body["beschreibung"] == ""  # PUT replaces
    assert body["aktenzeichen"] == akte_a.aktenzeichen

    response = api_a.patch(f"/akten/{akte_a.pk}", {"betreff": ""})
    assert response.status_code == 422 and set(fields_of(response)) == {"betreff"}


def test_other_oe_reads_but_may_not_change(sb_a_bau, akte_a):
    bau = Api(sb_a_bau)
    assert ok(bau.get(f"/akten/{akte_a.pk}"))["recht"] == "lesen"
    assert bau.patch(f"/akten/{akte_a.pk}", {"betreff": "x"}).status_code == 403


def test_zda_refusals_and_reopening(api_a, sb_a, amtsleitung_a, akte_a, vorgang_a):
    # An Akte with an open Vorgang cannot be closed.
    response = api_a.post(f"/akten/{akte_a.pk}/zda", {"verfuegung": "zdA"})
    assert response.status_code == 409
    assert "offene Vorgänge" in response.json()["detail"]

    response = api_a.post(f"/vorgaenge/{vorgang_a.pk}/zda", {"verfuegung": " "})
    assert response.status_code == 422 and set(fields_of(response)) == {"verfuegung"}

    ok(api_a.post(f"/vorgaenge/{vorgang_a.pk}/zda", {"verfuegung": "Erledigt, zdA"}))
    body = ok(api_a.post(f"/akten/{akte_a.pk}/zda", {"verfuegung": "zdA"}))
    assert body["status"] == "zda" and body["zda_verfuegung"] == "zdA"

    # Nothing inside changes any more.
    assert api_a.patch(f"/akten/{akte_a.pk}", {"betreff": "x"}).status_code == 409
    assert api_a.post(f"/akten/{akte_a.pk}/vorgaenge", {"betreff": "neu"}).status_code == 409
    assert api_a.patch(f"/vorgaenge/{vorgang_a.pk}", {"betreff": "x"}).status_code == 409
    assert api_a.post(f"/akten/{akte_a.pk}/zda", {"verfuegung": "x"}).status_code == 409

    # Only the Amtsleitung reopens, with a reason.
    assert api_a.post(f"/akten/{akte_a.pk}/wiedereroeffnen", {"grund": "x"}).status_code == 403
    leitung = Api(amtsleitung_a)
    response = leitung.post(f"/akten/{akte_a.pk}/wiedereroeffnen", {"grund": ""})
    assert response.status_code == 422 and set(fields_of(response)) == {"grund"}
    assert (
        ok(leitung.post(f"/akten/{akte_a.pk}/wiedereroeffnen", {"grund": "Nachtrag"}))["status"]
        == "offen"
    )
    assert (
        ok(leitung.post(f"/vorgaenge/{vorgang_a.pk}/wiedereroeffnen", {"grund": "Nachtrag"}))[
            "status"
        ]
        == "offen"
    )
    assert leitung.post(f"/akten/{akte_a.pk}/wiedereroeffnen", {"grund": "x"}).status_code == 409


def test_access_list(api_a, sb_a, sb_a_bau, plan, sb_b):
    geheim = make_akte(sb_a, plan["121"], "Personalsache", vertraulich=True)
    path = f"/akten/{geheim.pk}/zugriff"
    assert ok(api_a.get(path)) == [
        {"user_id": sb_a.pk, "username": sb_a.username, "name": str(sb_a), "recht": "bearbeiten"}
    ]
    bau = Api(sb_a_bau)
    assert bau.get(f"/akten/{geheim.pk}").status_code == 404

    eintraege = [
        {"user_id": sb_a.pk, "recht": "bearbeiten"},
        {"user_id": sb_a_bau.pk, "recht": "lesen"},
    ]
    body = ok(api_a.put(path, {"eintraege": eintraege}))
    assert {(e["user_id"], e["recht"]) for e in body} == {
        (sb_a.pk, "bearbeiten"),
        (sb_a_bau.pk, "lesen"),
    }
    assert ok(bau.get(f"/akten/{geheim.pk}"))["recht"] == "lesen"
    assert bau.put(path, {"eintraege": eintraege}).status_code == 403

    response = api_a.put(path, {"eintraege": [{"user_id": sb_a_bau.pk, "recht": "lesen"}]})
    assert response.status_code == 422 and "eintraege" in fields_of(response)

    response = api_a.put(path, {"eintraege": [*eintraege, {"user_id": sb_b.pk, "recht": "lesen"}]})
    assert response.status_code == 404
    assert set(fields_of(response)) == {"eintraege.2.user_id"}


def test_history_of_an_akte(api_a, sb_a, akte_a):
    ok(api_a.patch(f"/akten/{akte_a.pk}", {"betreff": "Neu"}))
    body = ok(api_a.get(f"/akten/{akte_a.pk}/historie"))
    assert [e["action"] for e in body["items"]] == ["akte.geaendert", "akte.angelegt"]
    assert body["items"][0]["actor_id"] == sb_a.pk
    assert body["items"][0]["details"]["aenderungen"]["betreff"][1] == "Neu"


def test_another_kommunes_akte_is_404_everywhere(api_b, akte_a, vorgang_a):
    for path in (
        f"/akten/{akte_a.pk}",
        f"/akten/{akte_a.pk}/historie",
        f"/akten/{akte_a.pk}/zugriff",
        f"/akten/{akte_a.pk}/freigaben",
    ):
        response = api_b.get(path)
        assert response.status_code == 404, path
        assert response.json()["detail"]
    assert api_b.patch(f"/akten/{akte_a.pk}", {"betreff": "x"}).status_code == 404
    assert api_b.post(f"/akten/{akte_a.pk}/zda", {"verfuegung": "x"}).status_code == 404
    assert api_b.post(f"/akten/{akte_a.pk}/vorgaenge", {"betreff": "x"}).status_code == 404
    assert ok(api_b.get("/akten"))["count"] == 0
    assert api_b.get("/vorgaenge", akte_id=akte_a.pk).status_code == 404


def test_aktenzeichenregel(sb_a, admin_a, plan, oe_a):
    admin = Api(admin_a)
    body = ok(admin.get("/aktenzeichenregel"))
    assert body["muster"] == "{kennzeichen}-{laufnr}/{jahr}" and body["geaendert_am"] is None
    assert "laufnr" in body["platzhalter"]

    body = ok(
        admin.put(
            "/aktenzeichenregel", {"muster": "{oe}.{kennzeichen}-{laufnr}", "laufnr_stellen": 3}
        )
    )
    assert body["muster"] == "{oe}.{kennzeichen}-{laufnr}" and body["beispiel"] == "32.121.1-007"
    assert body["geaendert_am"] is not None

    akte = ok(
        Api(sb_a).post("/akten", {"aktenplaneinheit_id": plan["121"].pk, "betreff": "x"}), 201
    )
    assert akte["aktenzeichen"] == "32.121-001"

    response = admin.put("/aktenzeichenregel", {"muster": "{kennzeichen}", "laufnr_stellen": 1})
    assert response.status_code == 422 and set(fields_of(response)) == {"muster"}
    response = Api(sb_a).put("/aktenzeichenregel", {"muster": "{laufnr}", "laufnr_stellen": 1})
    assert response.status_code == 403


def test_vorgaenge_of_an_akte_are_created_in_it(api_a, akte_a, sb_a, sb_a_bau):
    body = ok(
        api_a.post(
            f"/akten/{akte_a.pk}/vorgaenge",
            {"betreff": "Anmeldung", "frist": "2030-01-31"},
        ),
        201,
    )
    assert body["aktenzeichen"] == f"{akte_a.aktenzeichen}/1"
    assert body["bearbeiter_id"] == sb_a.pk and body["frist"] == "2030-01-31"
    body = ok(
        api_a.post(
            f"/akten/{akte_a.pk}/vorgaenge", {"betreff": "Zweiter", "bearbeiter_id": sb_a_bau.pk}
        ),
        201,
    )
    assert body["laufnr"] == 2 and body["bearbeiter_id"] == sb_a_bau.pk
    response = api_a.post(f"/akten/{akte_a.pk}/vorgaenge", {"betreff": "x", "bearbeiter_id": 98765})
    assert response.status_code == 404 and set(fields_of(response)) == {"bearbeiter_id"}


@pytest.mark.parametrize(
    "path",
    [
        "/akten?offset=45650092657426079744",
        "/vertretungen?offset=99999999999999999999",
        f"/akten/{2**64}",
        f"/vorgaenge?akte_id={2**70}",
        "/aktenplan?ebene=100000000000000000000",
    ],
)
def test_numbers_beyond_the_database_are_422_not_500(api_a, path):
    """Found by schemathesis: such numbers used to overflow in the query."""
    response = api_a.get(path)
    assert response.status_code == 422
    assert response.json()["errors"]
