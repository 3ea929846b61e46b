"""Lists come in pages: `?limit=&offset=` answer {"items": [...], "count": n}."""

from __future__ import annotations

import pytest

from tests.factories import make_oe

LISTS = [
    "/api/v1/kommunen",
    "/api/v1/organisationseinheiten",
    "/api/v1/benutzer",
    "/api/v1/vertretungen",
    "/api/v1/api-tokens",
]


@pytest.mark.parametrize("path", LISTS)
def test_every_list_answers_items_and_count(client, admin_a, clerk_a, path):
    client.force_login(admin_a)

    response = client.get(f"{path}?limit=1&offset=0")

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"items", "count"}
    assert len(body["items"]) <= 1


def test_oe_list_is_paginated(client, admin_a, kommune_a):
    for number in range(5):
        make_oe(admin_a, kommune_a, f"{number}0", f"Amt {number}")
    client.force_login(admin_a)

    first = client.get("/api/v1/organisationseinheiten?limit=2&offset=0").json()
    last = client.get("/api/v1/organisationseinheiten?limit=2&offset=4").json()
    beyond = client.get("/api/v1/organisationseinheiten?limit=2&offset=10").json()

    assert first["count"] == 5
    assert [oe["kurzzeichen"] for oe in first["items"]] == ["00", "10"]
    assert [oe["kurzzeichen"] for oe in last["items"]] == ["40"]
    assert beyond == {"items": [], "count": 5}


def test_bad_limit_gives_422(client, admin_a):
    client.force_login(admin_a)

    response = client.get("/api/v1/organisationseinheiten?limit=-1")

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["limit"]


def test_kommunen_list_is_paginated(client, verbund_admin, kommune_a, kommune_b):
    client.force_login(verbund_admin)

    response = client.get("/api/v1/kommunen?limit=1&offset=1")

    assert response.json() == {
        "items": [
            {
                "id": kommune_b.pk,
                "name": "Sontra",
                "ags": "06636011",
                "einwohner": 7600,
                "ist_stadt": False,
                "aktiv": True,
            }
        ],
        "count": 2,
    }
