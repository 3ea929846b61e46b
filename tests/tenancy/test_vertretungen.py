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


def _tag(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def test_kommune_admin_records_vertretung_in_ui(client, admin_a, clerk_a, kommune_a):
    kollegin = make_user(kommune_a, "meinhard.kollegin")
    client.force_login(admin_a)

    response = client.post(
        "/verwaltung/vertretungen/",
        {
            "vertretene_person": clerk_a.pk,
            "vertreter": kollegin.pk,
            "von": _tag(1).isoformat(),
            "bis": _tag(21).isoformat(),
            "grund": "Urlaub",
        },
    )

    assert response.status_code == 302
    [vertretung] = _vertretungen(kommune_a)
    assert vertretung.vertretene_person_id == clerk_a.pk
    assert vertretung.vertreter_id == kollegin.pk
    assert (vertretung.von, vertretung.bis) == (_tag(1), _tag(21))
    assert vertretung.erstellt_von_id == admin_a.pk


def test_clerk_records_own_vertretung_through_api(client, clerk_a, admin_a):
    client.force_login(clerk_a)

    response = client.post(
        "/api/v1/vertretungen",
        {
            "vertretene_person_id": clerk_a.pk,
            "vertreter_id": admin_a.pk,
            "von": _tag(0).isoformat(),
            "bis": _tag(6).isoformat(),
        },
        content_type="application/json",
    )

    assert response.status_code == 201
    assert response.json()["bis"] == _tag(6).isoformat()


def test_bis_before_von_is_rejected(client, admin_a, clerk_a, kommune_a):
    client.force_login(admin_a)

    ui = client.post(
        "/verwaltung/vertretungen/",
        {
            "vertretene_person": clerk_a.pk,
            "vertreter": admin_a.pk,
            "von": _tag(10).isoformat(),
            "bis": _tag(1).isoformat(),
        },
    )
    api = client.post(
        "/api/v1/vertretungen",
        {
            "vertretene_person_id": clerk_a.pk,
            "vertreter_id": admin_a.pk,
            "von": _tag(10).isoformat(),
            "bis": _tag(1).isoformat(),
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
    dates = {"von": _tag(1).isoformat(), "bis": _tag(5).isoformat()}

    ui = client.post(
        "/verwaltung/vertretungen/",
        {"vertretene_person": clerk_a.pk, "vertreter": clerk_a.pk, **dates},
    )
    api = client.post(
        "/api/v1/vertretungen",
        {"vertretene_person_id": clerk_a.pk, "vertreter_id": clerk_a.pk, **dates},
        content_type="application/json",
    )

    assert ui.status_code == 200
    assert "nicht selbst vertreten" in " ".join(ui.context["form"].errors["vertreter"])
    assert api.status_code == 422
    assert [e["field"] for e in api.json()["errors"]] == ["vertreter"]
    assert _vertretungen(kommune_a) == []


def test_vertretung_ends_today_and_is_kept(client, admin_a, clerk_a, kommune_a):
    vertretung = create_vertretung(
        admin_a, vertretene_person=clerk_a, vertreter=admin_a, von=_tag(0), bis=_tag(20)
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
        {
            "vertretene_person_id": clerk_a.pk,
            "vertreter_id": clerk_b.pk,
            "von": _tag(1).isoformat(),
            "bis": _tag(5).isoformat(),
        },
        content_type="application/json",
    )

    assert response.status_code == 404


def test_admin_of_other_kommune_cannot_end_vertretung(admin_a, clerk_a, admin_b, kommune_a):
    vertretung = create_vertretung(
        admin_a, vertretene_person=clerk_a, vertreter=admin_a, von=_tag(0), bis=_tag(9)
    )

    # The service itself guards the Kommune, not only the lookup in front of it.
    with pytest.raises(NotFound):
        end_vertretung(admin_b, vertretung, bis=_tag(1))

    [kept] = _vertretungen(kommune_a)
    assert kept.bis == _tag(9)
