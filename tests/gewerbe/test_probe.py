"""The tenant probe reaches every Gewerbe route with Kommune B's objects and gets 404."""

from __future__ import annotations

import pytest

from tests.security.probe import format_leaks, probe
from tests.security.probe_objects import build_world


@pytest.fixture
def world(settings, kommune_a, kommune_b, admin_a, admin_b):
    settings.BLOB_ROOT.mkdir(parents=True, exist_ok=True)
    return build_world(kommune_a, kommune_b, admin_a, admin_b)


def test_gewerbe_routes_answer_404_for_the_other_kommune(client, world):
    client.force_login(world.probe_users["alle_rollen"])
    log: list[str] = []
    leaks = probe(client, world, log=log)
    assert not leaks, format_leaks(leaks)
    betrieb = world.obj("gewerbebetrieb").pk
    anzeige = world.obj("gewerbeanzeige").pk
    u = world.obj("uebermittlung").pk
    erwartet = [
        f"GET /gewerbe/betriebe/{betrieb}/ -> 404",
        f"POST /gewerbe/betriebe/{betrieb}/ummeldung/ -> 404",
        f"GET /gewerbe/betriebe/{betrieb}/abmeldung/ -> 404",
        f"GET /gewerbe/anzeigen/{anzeige}/ -> 404",
        f"GET /gewerbe/uebermittlungen/{u}/xml/ -> 404",
        f"POST /gewerbe/uebermittlungen/{u}/uebermittelt/ -> 404",
        f"GET /api/v1/gewerbe/betriebe/{betrieb} -> 404",
        f"GET /api/v1/gewerbe/anzeigen/{anzeige} -> 404",
        f"GET /api/v1/gewerbe/anzeigen?gewerbebetrieb_id={betrieb} -> 404",
        f"POST /api/v1/gewerbe/uebermittlungen/{u}/uebermittelt -> 404",
        f"GET /api/v1/gewerbe/uebermittlungen/{u}/xml -> 404",
        "GET /gewerbe/ -> 200",
        "GET /api/v1/gewerbe/betriebe -> 200",
    ]
    fehlt = [zeile for zeile in erwartet if zeile not in log]
    assert not fehlt, "\n".join(fehlt) + "\n\n" + "\n".join(z for z in log if "gewerbe" in z)
