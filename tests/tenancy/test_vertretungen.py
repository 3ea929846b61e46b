"""Vertretungen: who deputises for whom, from when until when."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from aktenbund.errors import NotFound
from aktenbund.tenancy.models import Vertretung
from aktenbund.tenancy.scope import kommune_scope
from aktenbund.tenancy.services import create_vertretung, end_vertretung
from tests.factories import make_user


def _vertretungen(kommune) -> list[Vertretung]:
    with kommune_scope(kommune):
        return list(Vertretung.objects.all())


def test_kommune_admin_records_vertretung_in_ui(client, admin_a, clerk_a, kommune_a):
    kollegin = make_user(kommune_a, "meinhard.kollegin")
    client.force_login(admin_a)

    response = client.post(
        "/verwaltung/vertretungen/",
        {
            "vertretene_person": clerk_a.pk,
            "vertreter": kollegin.pk,
            "von": "2025-07-01",
            "bis": "2025-07-21",
            "grund": "Urlaub",
        },
    )

    assert response.status_code == 302
    [vertretung] = _vertretungen(kommune_a)
    assert vertretung.vertretene_person_id == clerk_a.pk
    assert vertretung.vertreter_id == kollegin.pk
    assert (vertretung.von, vertretung.bis) == (
        datetime.date(2025, 7, 1),
        datetime.date(2025, 7, 21),
    )
    assert vertretung.erstellt_von_id == admin_a.pk


def test_clerk_records_own_vertretung_through_api(client, clerk_a, admin_a):
    client.force_login(clerk_a)

    response = client.post(
        "/api/v1/vertretungen",
        {"vertretene_person_id": clerk_a.pk, "vertreter_id": admin_a.pk, "von": "2025-07-01"},
        content_type="application/json",
    )

    assert response.status_code == 201
    assert response.json()["bis"] is None


def test_bis_before_von_is_rejected(client, admin_a, clerk_a, kommune_a):
    client.force_login(admin_a)

    ui = client.post(
        "/verwaltung/vertretungen/",
        {
            "vertretene_person": clerk_a.pk,
            "vertreter": admin_a.pk,
            "von": "2025-07-10",
            "bis": "2025-07-01",
        },
    )
    api = client.post(
        "/api/v1/vertretungen",
        {
            "vertretene_person_id": clerk_a.pk,
            "vertreter_id": admin_a.pk,
            "von": "2025-07-10",
            "bis": "2025-07-01",
        },
        content_type="application/json",
    )

    assert ui.status_code == 200
    assert "vor dem Anfangsdatum" in " ".join(ui.context["form"].errors["bis"])
    assert api.status_code == 422
    assert [e["field"] for e in api.json()["errors"]] == ["bis"]
    assert _vertretungen(kommune_a) == []


def test_nobody_deputises_for_themselves(client, admin_a, clerk_a, kommune_a):
    client.force_login(admin_a)

    ui = client.post(
        "/verwaltung/vertretungen/",
        {"vertretene_person": clerk_a.pk, "vertreter": clerk_a.pk, "von": "2025-07-01"},
    )
    api = client.post(
        "/api/v1/vertretungen",
        {"vertretene_person_id": clerk_a.pk, "vertreter_id": clerk_a.pk, "von": "2025-07-01"},
        content_type="application/json",
    )

    assert ui.status_code == 200
    assert "nicht selbst vertreten" in " ".join(ui.context["form"].errors["vertreter"])
    assert api.status_code == 422
    assert [e["field"] for e in api.json()["errors"]] == ["vertreter"]
    assert _vertretungen(kommune_a) == []


def test_vertretung_ends_today_and_is_kept(client, admin_a, clerk_a, kommune_a):
    vertretung = create_vertretung(
        admin_a,
        vertretene_person=clerk_a,
        vertreter=admin_a,
        von=timezone.localdate() - datetime.timedelta(days=3),
    )
    client.force_login(clerk_a)

    response = client.post(f"/verwaltung/vertretungen/{vertretung.pk}/beenden/")

    assert response.status_code == 302
    [kept] = _vertretungen(kommune_a)
    assert kept.pk == vertretung.pk
    assert kept.bis == timezone.localdate()


def test_deputy_from_other_kommune_is_unknown(client, admin_a, clerk_a, clerk_b):
    client.force_login(admin_a)

    response = client.post(
        "/api/v1/vertretungen",
        {"vertretene_person_id": clerk_a.pk, "vertreter_id": clerk_b.pk, "von": "2025-07-01"},
        content_type="application/json",
    )

    assert response.status_code == 404


def test_admin_of_other_kommune_cannot_end_vertretung(admin_a, clerk_a, admin_b, kommune_a):
    vertretung = create_vertretung(
        admin_a, vertretene_person=clerk_a, vertreter=admin_a, von=datetime.date(2025, 7, 1)
    )

    # The service itself guards the Kommune, not only the lookup in front of it.
    with pytest.raises(NotFound):
        end_vertretung(admin_b, vertretung, bis=datetime.date(2025, 7, 2))

    [kept] = _vertretungen(kommune_a)
    assert kept.bis is None
