"""Open redirects: every view that takes `weiter` (or `next`) stays on this site.

Hostile targets — another host, a scheme-relative URL, a backslash that
browsers read as a slash, a `javascript:` URL — fall back to the view's own
page; a local path is followed. A source scan keeps new views from reading
`weiter` past `aktenbund.web.weiterleitung`.
"""

from __future__ import annotations

import pathlib
import re

import pytest

from aktenbund.gewerbe.models import Uebermittlung
from aktenbund.tenancy.scope import kommune_scope
from tests.gewerbe.conftest import gewerbeamt_a, schnelle_pdfs  # noqa: F401
from tests.gewerbe.factories import anmelden, einzel_daten
from tests.records.conftest import akte_a, oe_a, plan, sb_a, verbund_registratur, vorgang_a  # noqa: F401

FREMDE_ZIELE = [
    "https://evil.example/phish",
    "//evil.example/phish",
    "/\\evil.example/phish",
    "\\\\evil.example",
    "http:evil.example",
    "javascript:alert(1)",
    "JavaScript:alert(document.cookie)",
    " https://evil.example/",
    "https://testserver@evil.example/",
]

SRC = pathlib.Path(__file__).resolve().parents[2] / "src" / "aktenbund"


@pytest.fixture
def uebermittlung(gewerbeamt_a, kommune_a):  # noqa: F811
    anmelden(gewerbeamt_a, einzel_daten(kommune_a))
    with kommune_scope(kommune_a):
        return Uebermittlung.objects.first()


def _ist_lokal(response) -> bool:
    ziel = response["Location"]
    return ziel.startswith("/") and not ziel.startswith(("//", "/\\"))


@pytest.mark.parametrize("ziel", FREMDE_ZIELE)
@pytest.mark.parametrize("aktion", ["erneut", "uebermittelt", "fehler"])
def test_uebermittlung_actions_do_not_redirect_off_site(
    client,
    gewerbeamt_a,  # noqa: F811
    uebermittlung,
    aktion,
    ziel,
):
    client.force_login(gewerbeamt_a)

    response = client.post(
        f"/gewerbe/uebermittlungen/{uebermittlung.pk}/{aktion}/",
        {"weiter": ziel, "fehler": "Abgewiesen"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/gewerbe/ausgang/"


def test_uebermittlung_action_follows_a_local_weiter(client, gewerbeamt_a, uebermittlung):  # noqa: F811
    client.force_login(gewerbeamt_a)

    response = client.post(
        f"/gewerbe/uebermittlungen/{uebermittlung.pk}/erneut/",
        {"weiter": f"/gewerbe/anzeigen/?seite=2#u{uebermittlung.pk}"},
    )

    assert response.status_code == 302
    assert response["Location"] == f"/gewerbe/anzeigen/?seite=2#u{uebermittlung.pk}"


@pytest.mark.parametrize("ziel", FREMDE_ZIELE)
def test_mail_drop_zone_does_not_redirect_off_site(client, sb_a, vorgang_a, ziel):  # noqa: F811
    client.force_login(sb_a)

    response = client.post(f"/posteingang/vorgang/{vorgang_a.pk}/mail/", {"weiter": ziel})

    assert response.status_code == 302
    assert response["Location"] == "/posteingang/"


def test_mail_drop_zone_returns_to_the_vorgang(client, sb_a, vorgang_a):  # noqa: F811
    client.force_login(sb_a)
    seite = f"/akten/vorgaenge/{vorgang_a.pk}/"

    response = client.post(f"/posteingang/vorgang/{vorgang_a.pk}/mail/", {"weiter": seite})

    assert response["Location"] == seite


@pytest.mark.parametrize("ziel", FREMDE_ZIELE)
def test_login_does_not_redirect_off_site(client, clerk_a, ziel):
    clerk_a.set_password("ein-langes-passwort-123")
    clerk_a.save()

    response = client.post(
        "/anmelden/?next=" + ziel,
        {"username": clerk_a.username, "password": "ein-langes-passwort-123", "next": ziel},
    )

    assert response.status_code == 302
    assert _ist_lokal(response)
    assert "evil" not in response["Location"]


def test_no_view_reads_weiter_or_next_past_the_helper():
    lesen = re.compile(r"""(GET|POST|data|params)(\.get\(|\[)\s*["'](weiter|next)["']""")
    funde = [
        f"{pfad.relative_to(SRC)}:{nr}"
        for pfad in SRC.rglob("*.py")
        if pfad.name != "weiterleitung.py"
        for nr, zeile in enumerate(pfad.read_text().splitlines(), 1)
        if lesen.search(zeile)
    ]
    assert funde == []
