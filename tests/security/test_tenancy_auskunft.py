"""What the administration's lists tell whom: colleagues and the Protokoll.

- `GET /api/v1/benutzer`: the administration gets e-mail, roles and OEs;
  everyone else only the names of the active colleagues (to choose a person).
- The Protokoll shows every event, but the details of an event about a
  vertrauliche Akte (Betreff, Titel, file names) only to those who may read it.
"""

from __future__ import annotations

import pytest

from aktenbund.records.services import set_akte_zugriff
from aktenbund.tenancy.scope import kommune_scope
from aktenbund.tenancy.services import set_user_active
from tests.factories import make_oe, make_user
from tests.records.factories import (
    make_akte,
    make_dokument,
    make_kleiner_aktenplan,
    make_verbund_registratur,
    make_vorgang,
)

NUR_ADMINISTRATION = {"email", "rollen", "organisationseinheiten", "is_active", "kommune_id"}


@pytest.fixture
def ordnungsamt(admin_a, kommune_a):
    return make_oe(admin_a, kommune_a, "32", "Ordnungsamt")


@pytest.fixture
def sb_a(kommune_a, ordnungsamt):
    return make_user(kommune_a, "meinhard.ordnung", ["sachbearbeitung"], [ordnungsamt.pk])


# --- 7: the list of colleagues ------------------------------------------------------


def test_clerk_gets_names_only(client, admin_a, clerk_a, sb_a, kommune_a):
    ehemalig = make_user(kommune_a, "meinhard.ehemalig")
    set_user_active(admin_a, ehemalig, active=False)
    client.force_login(clerk_a)

    response = client.get("/api/v1/benutzer")

    assert response.status_code == 200
    items = response.json()["items"]
    assert {u["username"] for u in items} >= {"meinhard.admin", "meinhard.sb", "meinhard.ordnung"}
    assert "meinhard.ehemalig" not in {u["username"] for u in items}
    for person in items:
        assert set(person) == {"id", "username", "first_name", "last_name"}
    assert "@" not in response.content.decode()
    # One person in full is for the administration only.
    assert client.get(f"/api/v1/benutzer/{sb_a.pk}").status_code in (403, 404)


def test_kommune_admin_gets_the_full_list(client, admin_a, sb_a, ordnungsamt):
    client.force_login(admin_a)

    response = client.get("/api/v1/benutzer")

    assert response.status_code == 200
    [person] = [u for u in response.json()["items"] if u["username"] == "meinhard.ordnung"]
    assert set(person) >= NUR_ADMINISTRATION
    assert person["rollen"] == ["sachbearbeitung"]
    assert person["organisationseinheiten"] == [ordnungsamt.pk]


def test_clerk_cannot_ask_for_another_kommunes_colleagues(client, clerk_a, kommune_b, clerk_b):
    client.force_login(clerk_a)

    assert client.get(f"/api/v1/benutzer?kommune_id={kommune_b.pk}").status_code == 404


# --- 8: the Protokoll ----------------------------------------------------------------


@pytest.fixture
def plan(verbund):
    return make_kleiner_aktenplan(make_verbund_registratur())


def test_protokoll_withholds_details_of_vertrauliche_akten(client, admin_a, sb_a, plan):
    geheim = make_akte(sb_a, plan["121"], "Disziplinarsache Quelle-Geheim", vertraulich=True)
    vorgang = make_vorgang(sb_a, geheim, "Anhörung Quelle-Geheim")
    make_dokument(sb_a, vorgang, titel="Vermerk Quelle-Geheim")
    make_akte(sb_a, plan["121"], "Gewerbe Offen-Betreff")
    client.force_login(admin_a)

    page = client.get("/verwaltung/protokoll/")

    text = page.content.decode()
    assert page.status_code == 200
    assert "Quelle-Geheim" not in text
    assert "Offen-Betreff" in text
    # The events are listed all the same, only without their details.
    assert "akte.angelegt" in text and "nur für Berechtigte des Objekts" in text


def test_protokoll_shows_details_to_those_on_the_access_list(
    client, admin_a, sb_a, plan, kommune_a
):
    geheim = make_akte(sb_a, plan["121"], "Disziplinarsache Quelle-Geheim", vertraulich=True)
    with kommune_scope(kommune_a):
        set_akte_zugriff(sb_a, geheim, [(sb_a, "bearbeiten"), (admin_a, "lesen")])
    client.force_login(admin_a)

    text = client.get("/verwaltung/protokoll/").content.decode()

    assert "Quelle-Geheim" in text
