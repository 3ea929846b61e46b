"""A Vertretung hands on rights for a bounded time, and no further than allowed.

It starts today or later, always ends, lasts at most
AKTENBUND_VERTRETUNG_MAX_TAGE days, ends with either person's deactivation,
and passes on a Freigabe of another Kommune only where that Kommune allowed
deputies (`Freigabe.vertretung_erlaubt`).
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from aktenbund.errors import NotFound, ValidationError
from aktenbund.records import services as records
from aktenbund.tenancy.models import User, Vertretung
from aktenbund.tenancy.scope import kommune_scope
from aktenbund.tenancy.services import create_vertretung, set_user_active
from tests.factories import make_oe, make_user
from tests.records.factories import (
    make_akte,
    make_kleiner_aktenplan,
    make_verbund_registratur,
    make_vorgang,
)


def _tag(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def plan(verbund):
    return make_kleiner_aktenplan(make_verbund_registratur())


@pytest.fixture
def kollegin_a(kommune_a):
    return make_user(kommune_a, "meinhard.kollegin")


@pytest.fixture
def sb_a(kommune_a, admin_a):
    oe = make_oe(admin_a, kommune_a, "32", "Ordnungsamt")
    return make_user(kommune_a, "meinhard.ordnung", ["sachbearbeitung"], [oe.pk])


@pytest.fixture
def vertrauliche_akte(sb_a, plan):
    """A vertrauliche Akte with only `sb_a` on its access list."""
    return make_akte(sb_a, plan["121"], "Personalsache Becker", vertraulich=True)


def _vertretung(actor, vertretene, vertreter, von=0, bis=13) -> Vertretung:
    return create_vertretung(
        actor, vertretene_person=vertretene, vertreter=vertreter, von=_tag(von), bis=_tag(bis)
    )


def _reads(user, akte) -> bool:
    fresh = User.objects.get(pk=user.pk)  # no cached rights
    with kommune_scope(fresh.kommune_id):
        try:
            records.get_akte(fresh, akte.pk)
        except NotFound:
            return False
    return True


# --- dates ------------------------------------------------------------------------


def test_vertretung_needs_an_end(client, clerk_a, kollegin_a):
    client.force_login(clerk_a)

    api = client.post(
        "/api/v1/vertretungen",
        {
            "vertretene_person_id": clerk_a.pk,
            "vertreter_id": kollegin_a.pk,
            "von": _tag(0).isoformat(),
        },
        content_type="application/json",
    )
    ui = client.post(
        "/verwaltung/vertretungen/",
        {"vertretene_person": clerk_a.pk, "vertreter": kollegin_a.pk, "von": _tag(0)},
    )

    assert api.status_code == 422
    assert [e["field"] for e in api.json()["errors"]] == ["bis"]
    assert ui.status_code == 200
    assert ui.context["form"].errors["bis"]
    with pytest.raises(ValidationError) as refused:
        create_vertretung(
            clerk_a, vertretene_person=clerk_a, vertreter=kollegin_a, von=_tag(0), bis=None
        )
    assert set(refused.value.errors) == {"bis"}


def test_vertretung_is_bounded_in_length(client, settings, clerk_a, kollegin_a):
    settings.AKTENBUND_VERTRETUNG_MAX_TAGE = 10
    client.force_login(clerk_a)

    def post(von: int, bis: int):
        return client.post(
            "/api/v1/vertretungen",
            {
                "vertretene_person_id": clerk_a.pk,
                "vertreter_id": kollegin_a.pk,
                "von": _tag(von).isoformat(),
                "bis": _tag(bis).isoformat(),
            },
            content_type="application/json",
        )

    too_long = post(0, 10)
    longest = post(0, 9)

    assert too_long.status_code == 422
    assert [e["field"] for e in too_long.json()["errors"]] == ["bis"]
    assert "höchstens 10 Tage" in too_long.json()["errors"][0]["message"]
    assert longest.status_code == 201


@pytest.mark.parametrize(("von", "grund"), [(-1, "frühestens heute"), (400, "ein Jahr")])
def test_vertretung_starts_today_or_within_a_year(clerk_a, kollegin_a, von, grund):
    with pytest.raises(ValidationError) as refused:
        _vertretung(clerk_a, clerk_a, kollegin_a, von=von, bis=von + 3)

    assert grund in refused.value.errors["von"]


def test_deactivated_person_is_neither_deputised_nor_deputy(admin_a, clerk_a, kollegin_a):
    set_user_active(admin_a, kollegin_a, active=False)

    with pytest.raises(ValidationError) as refused:
        _vertretung(clerk_a, clerk_a, kollegin_a)

    assert "vertreter" in refused.value.errors


# --- deactivation ends it ---------------------------------------------------------


@pytest.mark.parametrize("who", ["vertretene", "vertreter"])
def test_deactivation_ends_the_vertretung(admin_a, clerk_a, kollegin_a, kommune_a, who):
    vertretung = _vertretung(clerk_a, clerk_a, kollegin_a)
    geplant = _vertretung(clerk_a, clerk_a, kollegin_a, von=20, bis=25)

    set_user_active(admin_a, clerk_a if who == "vertretene" else kollegin_a, active=False)

    with kommune_scope(kommune_a):
        assert not Vertretung.objects.aktiv().exists()
        for row in Vertretung.objects.filter(pk__in=[vertretung.pk, geplant.pk]):
            assert row.beendet_am is not None
    # Reactivating the person does not bring the Vertretung back.
    set_user_active(admin_a, clerk_a if who == "vertretene" else kollegin_a, active=True)
    with kommune_scope(kommune_a):
        assert not Vertretung.objects.aktiv(_tag(22)).exists()


def test_start_page_no_longer_names_a_deputy_whose_vertretung_a_deactivation_ended(
    client, admin_a, clerk_a, kollegin_a
):
    _vertretung(clerk_a, clerk_a, kollegin_a)
    client.force_login(clerk_a)
    assert "Ihre Vertretung:" in client.get("/").content.decode()

    set_user_active(admin_a, kollegin_a, active=False)

    assert "Ihre Vertretung:" not in client.get("/").content.decode()


def test_deputy_loses_access_when_the_person_is_deactivated(
    admin_a, sb_a, kollegin_a, vertrauliche_akte
):
    _vertretung(sb_a, sb_a, kollegin_a)
    assert _reads(kollegin_a, vertrauliche_akte)

    set_user_active(admin_a, sb_a, active=False)

    assert not _reads(kollegin_a, vertrauliche_akte)


def test_rights_check_ignores_vertretung_of_a_deactivated_person(
    sb_a, kollegin_a, vertrauliche_akte
):
    """Even a row that was never ended (written before the rule) hands on nothing."""
    _vertretung(sb_a, sb_a, kollegin_a)
    User.objects.filter(pk=sb_a.pk).update(is_active=False)

    assert not _reads(kollegin_a, vertrauliche_akte)


# --- Freigaben of other Kommunen -------------------------------------------------


@pytest.fixture
def sb_b(kommune_b, admin_b):
    oe = make_oe(admin_b, kommune_b, "32", "Ordnungsamt")
    return make_user(kommune_b, "sontra.ordnung", ["sachbearbeitung"], [oe.pk])


@pytest.fixture
def akte_b(sb_b, plan):
    return make_akte(sb_b, plan["121"], "Reisegewerbe Schausteller")


def _grant(sb_b, akte_b, kommune_a, **empfaenger):
    with kommune_scope(sb_b.kommune_id):
        return records.grant_freigabe(
            sb_b,
            akte=akte_b,
            empfaenger_kommune=kommune_a,
            gueltig_bis=_tag(30),
            **empfaenger,
        )


def test_freigabe_to_a_person_does_not_pass_to_the_deputy(
    sb_b, akte_b, kommune_a, clerk_a, kollegin_a
):
    _grant(sb_b, akte_b, kommune_a, empfaenger_user=clerk_a)
    _vertretung(clerk_a, clerk_a, kollegin_a)

    assert _reads(clerk_a, akte_b)
    assert not _reads(kollegin_a, akte_b)


def test_freigabe_to_an_oe_does_not_pass_to_a_deputy_outside_it(
    sb_b, akte_b, kommune_a, admin_a, kollegin_a
):
    hauptamt = make_oe(admin_a, kommune_a, "10", "Hauptamt")
    mitglied = make_user(kommune_a, "meinhard.hauptamt", ["sachbearbeitung"], [hauptamt.pk])
    _grant(sb_b, akte_b, kommune_a, empfaenger_oe=hauptamt)
    _vertretung(mitglied, mitglied, kollegin_a)

    assert _reads(mitglied, akte_b)
    assert not _reads(kollegin_a, akte_b)


def test_freigabe_passes_to_the_deputy_when_the_granting_kommune_allows_it(
    client, sb_b, akte_b, kommune_a, clerk_a, kollegin_a
):
    client.force_login(sb_b)
    response = client.post(
        "/api/v1/freigaben",
        {
            "akte_id": akte_b.pk,
            "empfaenger_kommune_id": kommune_a.pk,
            "empfaenger_user_id": clerk_a.pk,
            "gueltig_bis": _tag(30).isoformat(),
            "vertretung_erlaubt": True,
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["vertretung_erlaubt"] is True
    _vertretung(clerk_a, clerk_a, kollegin_a)

    assert _reads(kollegin_a, akte_b)


def test_freigabe_flag_is_set_in_the_ui(client, sb_b, akte_b, kommune_a, clerk_a):
    client.force_login(sb_b)

    response = client.post(
        f"/akten/{akte_b.pk}/freigaben/",
        {
            "freigabe-empfaenger_kommune": kommune_a.pk,
            "freigabe-empfaenger_user": clerk_a.pk,
            "freigabe-recht": "lesen",
            "freigabe-gueltig_bis": _tag(10).isoformat(),
            "freigabe-vertretung_erlaubt": "on",
        },
    )

    assert response.status_code == 302
    with kommune_scope(sb_b.kommune_id):
        [freigabe] = records.freigaben_of(sb_b, akte_b)
    assert freigabe.vertretung_erlaubt


def test_own_kommune_vorgang_rights_pass_while_the_vertretung_runs(
    sb_a, kollegin_a, vertrauliche_akte
):
    make_vorgang(sb_a, vertrauliche_akte)
    _vertretung(sb_a, sb_a, kollegin_a, von=1, bis=5)
    assert not _reads(kollegin_a, vertrauliche_akte)  # not yet begun

    with kommune_scope(sb_a.kommune_id):
        Vertretung.objects.update(von=_tag(0))

    assert _reads(kollegin_a, vertrauliche_akte)
