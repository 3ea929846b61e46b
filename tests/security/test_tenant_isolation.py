"""Every route answers 404 to a user of Kommune A who asks for Kommune B's objects.

The probe (tests/security/probe.py) finds the routes itself, through the URL
resolver and the OpenAPI schema; the meta-tests below show that it notices a
route that forgets its scope, on the page side and on the API side, and a
route it cannot fill.
"""

from __future__ import annotations

import pytest
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import path
from ninja import NinjaAPI, Schema

from aktenbund.api import BearerOrSession
from aktenbund.tenancy.models import User
from aktenbund.urls import urlpatterns as aktenbund_urlpatterns
from tests.factories import make_oe
from tests.security.probe import format_leaks, probe
from tests.security.probe_objects import MARKER, World

PROBE_USERS = ["alle_rollen", "sachbearbeitung"]


def _probe_as(client, world: World, who: str, log: list[str] | None = None):
    client.force_login(world.probe_users[who])
    return probe(client, world, log=log)


# --- the probe over the real routes --------------------------------------------


@pytest.mark.parametrize("who", PROBE_USERS)
def test_kommune_a_gets_404_for_every_object_of_kommune_b(client, world, who):
    leaks = _probe_as(client, world, who)
    assert not leaks, f"{len(leaks)} route(s) leak across Kommunen:\n{format_leaks(leaks)}"


def test_probe_reaches_pages_and_api_operations(client, world):
    """Not vacuous: the probe builds the expected requests, and they answer 404."""
    log: list[str] = []
    _probe_as(client, world, "alle_rollen", log)
    kommune, oe, user = (
        world.kommune_b.pk,
        world.obj("organisationseinheit").pk,
        world.obj("user").pk,
    )
    vertretung, token = world.obj("vertretung").pk, world.obj("apitoken").pk
    expected = [
        f"GET /verwaltung/kommunen/{kommune}/ -> 404",
        f"POST /verwaltung/organisationseinheiten/{oe}/ -> 404",
        f"POST /verwaltung/benutzer/{user}/passwort/ -> 404",
        f"POST /verwaltung/vertretungen/{vertretung}/beenden/ -> 404",
        f"POST /konto/tokens/{token}/widerrufen/ -> 404",
        "GET /verwaltung/benutzer/ -> 200",
        "GET /api/openapi.json -> 200",
        f"PUT /api/v1/kommunen/{kommune} -> 404",
        f"GET /api/v1/organisationseinheiten/{oe} -> 404",
        f"GET /api/v1/benutzer?kommune_id={kommune} -> 404",
        f"POST /api/v1/benutzer/{user}/deaktivieren -> 404",
        f"POST /api/v1/vertretungen/{vertretung}/beenden -> 404",
        f"DELETE /api/v1/api-tokens/{token} -> 404",
        "GET /api/v1/benutzer -> 200",
        # kommune_id in the body is for the Verbund; another Kommune's is unknown.
        "POST /api/v1/benutzer {kommune_id: B's} -> 404",
        "POST /api/v1/benutzer {kommune_id: no} -> 404",
        "GET /api/v1/vertretungen -> 200",
    ]
    missing = [line for line in expected if line not in log]
    assert not missing, (
        "not probed as expected:\n" + "\n".join(missing) + "\n\nlog:\n" + "\n".join(log)
    )


def test_the_same_routes_show_kommune_a_its_own_objects(client, world):
    """The 404s come from the Kommune fence, not from routes that answer 404 anyway."""
    oe = make_oe(world.admin_a, world.kommune_a, "10", "Hauptamt")
    own = world.probe_users["sachbearbeitung"]
    client.force_login(world.probe_users["alle_rollen"])
    for url in (
        f"/verwaltung/organisationseinheiten/{oe.pk}/",
        f"/verwaltung/benutzer/{own.pk}/",
        f"/api/v1/organisationseinheiten/{oe.pk}",
        f"/api/v1/benutzer/{own.pk}",
        f"/api/v1/kommunen/{world.kommune_a.pk}",
    ):
        assert client.get(url).status_code == 200, url


# --- meta-tests: the probe notices a route that forgets its scope -----------------


def leaky_person(request: HttpRequest, user_id: int) -> HttpResponse:
    """Forgets the scope: users are the identity layer, neither scoped nor fenced."""
    person = User.objects.get(pk=user_id)
    return JsonResponse({"username": person.username})


# This module is the URLconf of the first meta-test (pytest.mark.urls).
urlpatterns = [
    path("leck/benutzer/<int:user_id>/", leaky_person),
    *aktenbund_urlpatterns,
]


@pytest.mark.urls(__name__)
def test_probe_reports_a_page_that_forgets_its_scope(client, world):
    leaks = _probe_as(client, world, "sachbearbeitung")
    assert {(leak.route, leak.method, leak.status) for leak in leaks} == {
        ("/leck/benutzer/<int:user_id>/", "GET", 200),
        ("/leck/benutzer/<int:user_id>/", "POST", 200),
    }, format_leaks(leaks)
    assert MARKER.lower() in leaks[0].reason.lower()  # it did see B's user


leck_api = NinjaAPI(title="Leck", urls_namespace="leck-api", auth=BearerOrSession())


@leck_api.get("/benutzer/{user_id}")
def leaky_person_api(request: HttpRequest, user_id: int):
    person = User.objects.get(pk=user_id)
    return {"username": person.username}


@leck_api.get("/benutzer")
def leaky_person_list_api(request: HttpRequest):
    return {"usernames": list(User.objects.values_list("username", flat=True))}


class NotizIn(Schema):
    text: str
    user_id: int | None = None


@leck_api.post("/notizen")
def leaky_reference_api(request: HttpRequest, payload: NotizIn):
    """Accepts a reference to anyone's user: B's user is found, a made-up id is not."""
    if payload.user_id is not None and not User.objects.filter(pk=payload.user_id).exists():
        raise Http404
    return {"text": payload.text}


class LeakyApiUrls:
    """A URLconf with a second NinjaAPI whose operations forget their scope."""

    urlpatterns = [path("leck-api/", leck_api.urls), *aktenbund_urlpatterns]


def test_probe_reports_api_operations_that_forget_their_scope(client, world, settings):
    settings.ROOT_URLCONF = LeakyApiUrls
    leaks = _probe_as(client, world, "sachbearbeitung")
    assert {(leak.route, leak.method, leak.status) for leak in leaks} == {
        ("/leck-api/benutzer/{user_id}", "GET", 200),
        ("/leck-api/benutzer", "GET", 200),  # the list shows B's marked user
        ("/leck-api/notizen", "POST", 200),  # 200 for B's user, 404 for none
    }, format_leaks(leaks)


def leaky_list(request: HttpRequest) -> HttpResponse:
    return HttpResponse(", ".join(str(u) for u in User.objects.all()))


def unfillable(request: HttpRequest, **kwargs) -> HttpResponse:
    return HttpResponse("nichts")


class UnprobedUrls:
    """A list page that shows every Kommune's users, and routes the probe cannot fill."""

    urlpatterns = [
        path("leck/liste/", leaky_list),
        path("gespenst/<int:gespenst_id>/", unfillable),
        path("seite/<slug:kennung>/", unfillable),
        *aktenbund_urlpatterns,
    ]


def test_probe_reports_marked_lists_and_parameters_it_cannot_fill(client, world, settings):
    settings.ROOT_URLCONF = UnprobedUrls
    leaks = _probe_as(client, world, "alle_rollen")
    by_route = {leak.route: leak for leak in leaks}
    assert set(by_route) == {
        "/leck/liste/",
        "/gespenst/<int:gespenst_id>/",
        "/seite/<slug:kennung>/",
    }
    assert MARKER in by_route["/leck/liste/"].reason
    assert "'gespenst_id'" in by_route["/gespenst/<int:gespenst_id>/"].reason
    assert "MAKERS['gespenst']" in by_route["/gespenst/<int:gespenst_id>/"].reason
    assert "'kennung'" in by_route["/seite/<slug:kennung>/"].reason
