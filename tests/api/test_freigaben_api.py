"""Freigaben (Amtshilfe) in the REST API: grant, use, list, revoke, "Für uns freigegeben"."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from aktenbund.audit.models import AuditEvent
from aktenbund.tenancy.scope import kommune_scope
from tests.api.records_client import Api, fields_of, ok
from tests.factories import make_kommune, make_oe, make_user
from tests.records.factories import make_dokument, pdf_bytes

pytestmark = pytest.mark.django_db

IN_30_TAGEN = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()


@pytest.fixture
def kommune_c(verbund):
    return make_kommune(verbund, "Witzenhausen", "06636017", 14800)


@pytest.fixture
def oe_c(kommune_c, verbund_admin):
    return make_oe(verbund_admin, kommune_c, "60", "Bauamt")


@pytest.fixture
def witz_user(kommune_c, oe_c):
    return make_user(kommune_c, "witzenhausen.bau", ["sachbearbeitung"], [oe_c.pk])


@pytest.fixture
def witz_kollege(kommune_c):
    return make_user(kommune_c, "witzenhausen.anderer", ["sachbearbeitung"])


@pytest.fixture
def api_a(sb_a):
    return Api(sb_a)


def _grant(api, **data):
    data.setdefault("gueltig_bis", IN_30_TAGEN)
    return api.post("/freigaben", data)


def test_named_user_reads_granted_vorgang_others_do_not(
    api_a, sb_a, vorgang_a, kommune_c, witz_user, witz_kollege
):
    dokument = make_dokument(sb_a, vorgang_a, "Antrag")
    witz, kollege = Api(witz_user), Api(witz_kollege)
    assert witz.get(f"/vorgaenge/{vorgang_a.pk}").status_code == 404

    freigabe = ok(
        _grant(
            api_a,
            vorgang_id=vorgang_a.pk,
            empfaenger_kommune_id=kommune_c.pk,
            empfaenger_user_id=witz_user.pk,
            grund="Amtshilfe Baurecht",
        ),
        201,
    )
    assert freigabe["aktenzeichen"] == vorgang_a.aktenzeichen and freigabe["aktiv"] is True
    assert (freigabe["recht"], freigabe["vorgang_id"], freigabe["akte_id"]) == (
        "lesen",
        vorgang_a.pk,
        None,
    )

    empfangen = ok(witz.get("/freigaben/empfangen"))
    assert empfangen["count"] == 1
    item = empfangen["items"][0]
    assert (item["art"], item["vorgang_id"], item["aktenzeichen"]) == (
        "Vorgang",
        vorgang_a.pk,
        vorgang_a.aktenzeichen,
    )
    assert item["von_kommune"] == "Meinhard" and item["recht"] == "lesen"

    assert ok(witz.get(f"/vorgaenge/{vorgang_a.pk}"))["recht"] == "lesen"
    assert ok(witz.get("/vorgaenge"))["count"] == 1
    dokumente = ok(witz.get(f"/vorgaenge/{vorgang_a.pk}/dokumente"))
    assert [d["id"] for d in dokumente["items"]] == [dokument.pk]
    version_id = dokumente["items"][0]["aktuelle_version"]["id"]
    response = witz.get(f"/versionen/{version_id}/inhalt")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    # Reading only: no changes.
    assert witz.patch(f"/vorgaenge/{vorgang_a.pk}", {"betreff": "x"}).status_code == 403
    response = witz.upload(f"/vorgaenge/{vorgang_a.pk}/dokumente", pdf_bytes(), "x.pdf", titel="x")
    assert response.status_code == 403
    # The Akte itself was not granted, nor anything to the colleague.
    assert witz.get(f"/akten/{vorgang_a.akte_id}").status_code == 404
    assert kollege.get(f"/vorgaenge/{vorgang_a.pk}").status_code == 404
    assert ok(kollege.get("/freigaben/empfangen"))["count"] == 0

    # Both chains recorded the grant and the download.
    with kommune_scope(kommune_c), scopes_disabled():
        actions = set(AuditEvent.objects.filter(kommune=kommune_c).values_list("action", flat=True))
    assert {"freigabe.erteilt", "version.gelesen"} <= actions


def test_bearbeiten_lets_the_receiver_work_until_revoked(
    api_a, sb_a, vorgang_a, kommune_c, oe_c, witz_user
):
    freigabe = ok(
        _grant(
            api_a,
            akte_id=vorgang_a.akte_id,
            empfaenger_kommune_id=kommune_c.pk,
            empfaenger_oe_id=oe_c.pk,
            recht="bearbeiten",
        ),
        201,
    )
    witz = Api(witz_user)
    assert ok(witz.get(f"/akten/{vorgang_a.akte_id}"))["recht"] == "bearbeiten"
    assert ok(witz.patch(f"/vorgaenge/{vorgang_a.pk}", {"beschreibung": "Stellungnahme folgt"}))
    ok(
        witz.upload(
            f"/vorgaenge/{vorgang_a.pk}/dokumente", pdf_bytes(), "stellungnahme.pdf", titel="S"
        ),
        201,
    )
    # The access list and moving stay with the owning Kommune.
    assert witz.get(f"/akten/{vorgang_a.akte_id}/zugriff").status_code == 403

    listed = ok(api_a.get(f"/akten/{vorgang_a.akte_id}/freigaben"))
    assert [f["id"] for f in listed["items"]] == [freigabe["id"]]
    assert ok(api_a.get(f"/freigaben/{freigabe['id']}"))["empfaenger_oe_id"] == oe_c.pk

    widerrufen = ok(api_a.post(f"/freigaben/{freigabe['id']}/widerrufen"))
    assert widerrufen["aktiv"] is False and widerrufen["widerrufen_am"]
    assert api_a.post(f"/freigaben/{freigabe['id']}/widerrufen").status_code == 409
    assert witz.get(f"/akten/{vorgang_a.akte_id}").status_code == 404
    assert witz.get(f"/vorgaenge/{vorgang_a.pk}").status_code == 404
    assert ok(witz.get("/freigaben/empfangen"))["count"] == 0
    # The receiver cannot see or revoke the grant itself.
    assert witz.get(f"/freigaben/{freigabe['id']}").status_code == 404


def test_grant_input_errors_name_the_field(api_a, vorgang_a, kommune_a, kommune_c, sb_b):
    response = _grant(api_a, empfaenger_kommune_id=kommune_c.pk)
    assert response.status_code == 422 and set(fields_of(response)) == {"akte_id"}
    response = _grant(
        api_a,
        akte_id=vorgang_a.akte_id,
        vorgang_id=vorgang_a.pk,
        empfaenger_kommune_id=kommune_c.pk,
    )
    assert response.status_code == 422 and set(fields_of(response)) == {"akte_id"}
    response = _grant(api_a, vorgang_id=vorgang_a.pk, empfaenger_kommune_id=kommune_a.pk)
    assert response.status_code == 422
    assert set(fields_of(response)) == {"empfaenger_kommune_id"}
    response = _grant(
        api_a, vorgang_id=vorgang_a.pk, empfaenger_kommune_id=kommune_c.pk, gueltig_bis="2001-01-01"
    )
    assert response.status_code == 422 and set(fields_of(response)) == {"gueltig_bis"}
    response = _grant(api_a, vorgang_id=vorgang_a.pk, empfaenger_kommune_id=987654)
    assert response.status_code == 404
    assert set(fields_of(response)) == {"empfaenger_kommune_id"}
    # A person of a different Kommune than the receiving one.
    response = _grant(
        api_a,
        vorgang_id=vorgang_a.pk,
        empfaenger_kommune_id=kommune_c.pk,
        empfaenger_user_id=sb_b.pk,
    )
    assert response.status_code == 404 and set(fields_of(response)) == {"empfaenger_user_id"}


def test_nobody_grants_another_kommunes_objects(sb_b, vorgang_a, kommune_c):
    api_b = Api(sb_b)
    response = _grant(api_b, vorgang_id=vorgang_a.pk, empfaenger_kommune_id=kommune_c.pk)
    assert response.status_code == 404
    response = _grant(api_b, akte_id=vorgang_a.akte_id, empfaenger_kommune_id=kommune_c.pk)
    assert response.status_code == 404


def test_grant_of_a_closed_vorgang_is_409(api_a, vorgang_a, kommune_c):
    ok(api_a.post(f"/vorgaenge/{vorgang_a.pk}/zda", {"verfuegung": "zdA"}))
    response = _grant(api_a, vorgang_id=vorgang_a.pk, empfaenger_kommune_id=kommune_c.pk)
    assert response.status_code == 409


def test_other_kommunes_grant_is_404(api_a, sb_b, plan, kommune_c):
    from tests.records.factories import make_akte, make_vorgang

    akte_b = make_akte(sb_b, plan["121"], "Sontra")
    vorgang_b = make_vorgang(sb_b, akte_b, "Sontra")
    freigabe = ok(
        _grant(Api(sb_b), vorgang_id=vorgang_b.pk, empfaenger_kommune_id=kommune_c.pk), 201
    )
    assert api_a.get(f"/freigaben/{freigabe['id']}").status_code == 404
    assert api_a.post(f"/freigaben/{freigabe['id']}/widerrufen").status_code == 404
