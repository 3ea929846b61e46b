"""The Verbund administration registers a Kommune, in the UI and through the API."""

from __future__ import annotations

import pytest

from aktenbund.audit.models import AuditEvent
from aktenbund.tenancy.models import Kommune
from aktenbund.tenancy.scope import kommune_scope

BAD_AGS = [
    pytest.param("0663601", "8 Ziffern", id="seven-digits"),
    pytest.param("0663601A", "8 Ziffern", id="letters"),
    pytest.param("06636007", "gibt es bereits", id="duplicate"),
]


def test_verbund_admin_creates_kommune_in_ui(client, verbund_admin):
    client.force_login(verbund_admin)

    response = client.post(
        "/verwaltung/kommunen/", {"name": "Wehretal", "ags": "06636012", "einwohner": "5100"}
    )

    kommune = Kommune.objects.get(ags="06636012")
    assert response.status_code == 302
    assert response["Location"] == f"/verwaltung/kommunen/{kommune.pk}/"
    assert (kommune.name, kommune.einwohner) == ("Wehretal", 5100)
    page = client.get(response["Location"])
    assert "Die Kommune Wehretal wurde angelegt." in page.content.decode()


def test_verbund_admin_creates_kommune_through_api(client, verbund_admin):
    client.force_login(verbund_admin)

    response = client.post(
        "/api/v1/kommunen",
        {"name": "Wehretal", "ags": "06636012", "einwohner": 5100, "ist_stadt": False},
        content_type="application/json",
    )

    assert response.status_code == 201
    body = response.json()
    assert body["ags"] == "06636012"
    assert body["name"] == "Wehretal"
    kommune = Kommune.objects.get(pk=body["id"])
    with kommune_scope(kommune):
        assert AuditEvent.objects.get(seq=1).action == "kommune.angelegt"


@pytest.mark.parametrize(("ags", "message"), BAD_AGS)
def test_bad_ags_is_refused_by_api_and_nothing_is_created(
    client, verbund_admin, kommune_a, ags, message
):
    client.force_login(verbund_admin)
    before = Kommune.objects.count()

    response = client.post(
        "/api/v1/kommunen",
        {"name": "Irgendwo", "ags": ags, "einwohner": 100},
        content_type="application/json",
    )

    assert response.status_code == 422
    body = response.json()
    assert isinstance(body["detail"], str)
    ags_errors = [e for e in body["errors"] if e["field"] == "ags"]
    assert len(ags_errors) == 1
    assert message in ags_errors[0]["message"]
    assert Kommune.objects.count() == before
    assert not Kommune.objects.filter(name="Irgendwo").exists()


@pytest.mark.parametrize(("ags", "message"), BAD_AGS)
def test_bad_ags_shows_german_field_error_in_ui_and_nothing_is_created(
    client, verbund_admin, kommune_a, ags, message
):
    client.force_login(verbund_admin)
    before = Kommune.objects.count()

    response = client.post(
        "/verwaltung/kommunen/", {"name": "Irgendwo", "ags": ags, "einwohner": "100"}
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors["ags"])
    html = response.content.decode()
    assert 'id="id_ags_error"' in html
    assert Kommune.objects.count() == before


def test_negative_einwohner_is_refused_with_field_name(client, verbund_admin):
    client.force_login(verbund_admin)

    response = client.post(
        "/api/v1/kommunen",
        {"name": "Irgendwo", "ags": "06636099", "einwohner": -1},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["einwohner"]
    assert not Kommune.objects.filter(ags="06636099").exists()


def test_kommune_admin_cannot_create_kommune(client, admin_a):
    client.force_login(admin_a)

    response = client.post(
        "/api/v1/kommunen",
        {"name": "Irgendwo", "ags": "06636099", "einwohner": 1},
        content_type="application/json",
    )

    assert response.status_code == 404
    assert client.get("/verwaltung/kommunen/").status_code == 404
    assert not Kommune.objects.filter(ags="06636099").exists()
