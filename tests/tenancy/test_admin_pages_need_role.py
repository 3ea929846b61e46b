"""Administration pages exist only for those who administer: others get 404."""

from __future__ import annotations

import pytest

from tests.factories import make_oe

KOMMUNE_ADMIN_PAGES = [
    "/verwaltung/organisationseinheiten/",
    "/verwaltung/organisationseinheiten/{oe}/",
    "/verwaltung/benutzer/",
    "/verwaltung/benutzer/{admin}/",
    "/verwaltung/protokoll/",
]
VERBUND_PAGES = ["/verwaltung/kommunen/", "/verwaltung/kommunen/{kommune}/"]


def _urls(paths, admin_a, kommune_a):
    oe = make_oe(admin_a, kommune_a, "10", "Hauptamt")
    return [p.format(oe=oe.pk, admin=admin_a.pk, kommune=kommune_a.pk) for p in paths]


@pytest.mark.parametrize("method", ["get", "post"])
def test_clerk_gets_404_on_admin_pages(client, admin_a, clerk_a, kommune_a, method):
    urls = _urls(KOMMUNE_ADMIN_PAGES + VERBUND_PAGES, admin_a, kommune_a)
    client.force_login(clerk_a)

    for url in urls:
        assert getattr(client, method)(url).status_code == 404, url
    assert (
        client.post(f"/verwaltung/benutzer/{admin_a.pk}/aktiv/", {"aktiv": "0"}).status_code == 404
    )
    assert client.post(f"/verwaltung/benutzer/{admin_a.pk}/passwort/").status_code == 404


def test_kommune_admin_gets_404_on_verbund_pages(client, admin_a, kommune_a):
    urls = _urls(VERBUND_PAGES, admin_a, kommune_a)
    client.force_login(admin_a)

    for url in urls:
        assert client.get(url).status_code == 404, url


def test_admin_pages_open_for_kommune_admin(client, admin_a, kommune_a):
    urls = _urls(KOMMUNE_ADMIN_PAGES, admin_a, kommune_a)
    client.force_login(admin_a)

    for url in urls:
        assert client.get(url).status_code == 200, url


def test_anonymous_visitor_is_sent_to_sign_in(client, admin_a, kommune_a):
    urls = _urls(KOMMUNE_ADMIN_PAGES + VERBUND_PAGES, admin_a, kommune_a)

    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/anmelden/?next=")


def test_clerk_cannot_create_oe_through_api(client, clerk_a):
    client.force_login(clerk_a)

    response = client.post(
        "/api/v1/organisationseinheiten",
        {"name": "Schattenamt", "kurzzeichen": "99"},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert response.json()["detail"]
