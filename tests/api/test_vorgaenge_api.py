"""Vorgänge in the REST API: lists with filters, start-page lists, change, move, history."""

from __future__ import annotations

import datetime

import pytest

from tests.api.records_client import Api, fields_of, ok
from tests.records.factories import make_akte, make_dokument, make_vorgang

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_a(sb_a):
    return Api(sb_a)


def _ids(body) -> list[int]:
    return [item["id"] for item in body["items"]]


def test_list_filters_and_pages(api_a, sb_a, sb_a_bau, registratur_a, akte_a, plan):
    andere = make_akte(sb_a, plan["121"], "Andere Akte")
    v1 = make_vorgang(sb_a, akte_a, "Anmeldung Müller")
    v2 = make_vorgang(sb_a, akte_a, "Ummeldung", bearbeiter=sb_a_bau)
    v3 = make_vorgang(sb_a, andere, "Abmeldung")
    ok(api_a.post(f"/vorgaenge/{v3.pk}/zda", {"verfuegung": "erledigt"}))

    assert ok(api_a.get("/vorgaenge"))["count"] == 3
    assert _ids(ok(api_a.get("/vorgaenge", q="müller"))) == [v1.pk]
    assert _ids(ok(api_a.get("/vorgaenge", q=v2.aktenzeichen))) == [v2.pk]
    assert set(_ids(ok(api_a.get("/vorgaenge", akte_id=akte_a.pk)))) == {v1.pk, v2.pk}
    assert _ids(ok(api_a.get("/vorgaenge", status="zda"))) == [v3.pk]
    assert _ids(ok(api_a.get("/vorgaenge", bearbeiter_id=sb_a_bau.pk))) == [v2.pk]
    page = ok(api_a.get("/vorgaenge", limit=1, offset=1))
    assert page["count"] == 3 and len(page["items"]) == 1
    assert api_a.get("/vorgaenge", bearbeiter_id=987654).status_code == 404


def test_start_page_lists(api_a, sb_a, sb_a_bau, akte_a):
    spaet = make_vorgang(sb_a, akte_a, "Später", frist=datetime.date(2031, 1, 1))
    frueh = make_vorgang(sb_a, akte_a, "Früher", frist=datetime.date(2030, 1, 1))
    fremd = make_vorgang(sb_a, akte_a, "Für Bau", bearbeiter=sb_a_bau)
    assert _ids(ok(api_a.get("/vorgaenge/meine"))) == [frueh.pk, spaet.pk]
    assert fremd.pk in _ids(ok(Api(sb_a_bau).get("/vorgaenge/meine")))

    ok(api_a.patch(f"/vorgaenge/{spaet.pk}", {"beschreibung": "zuletzt angefasst"}))
    zuletzt = _ids(ok(api_a.get("/vorgaenge/zuletzt")))
    assert zuletzt[0] == spaet.pk
    assert set(zuletzt) == {spaet.pk, frueh.pk, fremd.pk}
    assert ok(Api(sb_a_bau).get("/vorgaenge/zuletzt"))["count"] == 0


def test_get_put_patch(api_a, vorgang_a, sb_a, sb_a_bau):
    body = ok(api_a.get(f"/vorgaenge/{vorgang_a.pk}"))
    assert body["recht"] == "bearbeiten" and body["akte_id"] == vorgang_a.akte_id

    body = ok(api_a.patch(f"/vorgaenge/{vorgang_a.pk}", {"frist": "2030-05-01"}))
    assert body["frist"] == "2030-05-01" and body["betreff"] == vorgang_a.betreff
    body = ok(api_a.patch(f"/vorgaenge/{vorgang_a.pk}", {"bearbeiter_id": sb_a_bau.pk}))
    assert body["bearbeiter_id"] == sb_a_bau.pk and body["frist"] == "2030-05-01"
    body = ok(api_a.patch(f"/vorgaenge/{vorgang_a.pk}", {"frist": None, "bearbeiter_id": None}))
    assert body["frist"] is None and body["bearbeiter_id"] is None

    body = ok(api_a.put(f"/vorgaenge/{vorgang_a.pk}", {"betreff": "Neu", "bearbeiter_id": sb_a.pk}))
    assert body["betreff"] == "Neu" and body["bearbeiter_id"] == sb_a.pk

    response = api_a.patch(f"/vorgaenge/{vorgang_a.pk}", {"frist": "1999-01-01"})
    assert response.status_code == 422 and set(fields_of(response)) == {"frist"}
    response = api_a.patch(f"/vorgaenge/{vorgang_a.pk}", {"frist": "kein Datum"})
    assert response.status_code == 422 and set(fields_of(response)) == {"frist"}


def test_move_keeps_old_aktenzeichen(api_a, sb_a, vorgang_a, plan, sb_b):
    ziel = make_akte(sb_a, plan["121"], "Zielakte")
    alt = vorgang_a.aktenzeichen
    body = ok(api_a.post(f"/vorgaenge/{vorgang_a.pk}/verschieben", {"ziel_akte_id": ziel.pk}))
    assert body["akte_id"] == ziel.pk
    assert body["aktenzeichen"] == f"{ziel.aktenzeichen}/1"
    assert [f["aktenzeichen"] for f in body["fruehere_aktenzeichen"]] == [alt]
    assert _ids(ok(api_a.get("/vorgaenge", q=alt))) == [vorgang_a.pk]

    response = api_a.post(f"/vorgaenge/{vorgang_a.pk}/verschieben", {"ziel_akte_id": ziel.pk})
    assert response.status_code == 422 and set(fields_of(response)) == {"ziel_akte_id"}
    response = api_a.post(f"/vorgaenge/{vorgang_a.pk}/verschieben", {"ziel_akte_id": 987654})
    assert response.status_code == 404 and set(fields_of(response)) == {"ziel_akte_id"}

    events = ok(api_a.get(f"/vorgaenge/{vorgang_a.pk}/historie"))["items"]
    assert events[0]["action"] == "vorgang.verschoben"
    assert events[0]["details"]["von"] == alt


def test_move_into_another_kommunes_akte_is_404(api_a, vorgang_a, sb_b, plan):
    fremd = make_akte(sb_b, plan["121"], "Sontra")
    response = api_a.post(f"/vorgaenge/{vorgang_a.pk}/verschieben", {"ziel_akte_id": fremd.pk})
    assert response.status_code == 404


def test_history_includes_dokumente_and_versionen(api_a, sb_a, vorgang_a):
    dokument = make_dokument(sb_a, vorgang_a, "Antrag")
    ok(api_a.patch(f"/dokumente/{dokument.pk}", {"titel": "Antrag (neu)"}))
    actions = [e["action"] for e in ok(api_a.get(f"/vorgaenge/{vorgang_a.pk}/historie"))["items"]]
    assert actions == ["dokument.geaendert", "dokument.hinzugefuegt", "vorgang.angelegt"]
    dok_actions = [
        e["action"] for e in ok(api_a.get(f"/dokumente/{dokument.pk}/historie"))["items"]
    ]
    assert dok_actions == ["dokument.geaendert", "dokument.hinzugefuegt"]


def test_another_kommunes_vorgang_is_404(sb_b, vorgang_a, akte_a):
    api_b = Api(sb_b)
    for path in (
        f"/vorgaenge/{vorgang_a.pk}",
        f"/vorgaenge/{vorgang_a.pk}/historie",
        f"/vorgaenge/{vorgang_a.pk}/dokumente",
        f"/vorgaenge/{vorgang_a.pk}/freigaben",
    ):
        assert api_b.get(path).status_code == 404, path
    assert api_b.patch(f"/vorgaenge/{vorgang_a.pk}", {"betreff": "x"}).status_code == 404
    assert api_b.post(f"/vorgaenge/{vorgang_a.pk}/zda", {"verfuegung": "x"}).status_code == 404
    assert (
        api_b.post(
            f"/vorgaenge/{vorgang_a.pk}/verschieben", {"ziel_akte_id": akte_a.pk}
        ).status_code
        == 404
    )
    assert ok(api_b.get("/vorgaenge"))["count"] == 0
