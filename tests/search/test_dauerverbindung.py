"""A persistent PostgreSQL connection carries nothing from one request into the next.

The app servers keep their connection between requests (CONN_MAX_AGE). The
requests below go through Django's WSGI handler as under gunicorn, so the
request_started/request_finished signals decide whether the connection is
kept, exactly as in production; the tests show that it is kept (the same
server process answers) and that the next request finds neither the
Kommune of the previous one nor the planner settings of its search.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode
from wsgiref.util import setup_testing_defaults

import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection, transaction

from aktenbund.tenancy.scope import kommune_scope
from aktenbund.tenancy.services import create_api_token

# Each request commits or rolls back its own transaction, as in production.
pytestmark = pytest.mark.django_db(transaction=True)
nur_postgresql = pytest.mark.skipif(
    not settings.IS_POSTGRES, reason="PostgreSQL's per-connection state"
)

# What a search sets for its statements (search.services.suche).
PLANERWERTE = (
    "jit",
    "work_mem",
    "enable_bitmapscan",
    "enable_indexscan",
    "enable_sort",
)


def _werte() -> dict[str, str]:
    """The planner settings as the connection has them outside any transaction."""
    assert not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT " + ", ".join(["current_setting(%s)"] * len(PLANERWERTE)), PLANERWERTE
        )
        return dict(zip(PLANERWERTE, cursor.fetchone(), strict=True))


def _kommune() -> str:
    """The Kommune row-level security sees outside any transaction ('' or NULL: none)."""
    assert not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(current_setting('aktenbund.kommune', true), '')")
        return cursor.fetchone()[0]


def _server_prozess() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _lesbare_dokumente() -> int:
    """Index rows row-level security lets this connection read without a scope."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM search_suchindex")
        return cursor.fetchone()[0]


def _suche(token: str, q: str) -> tuple[int, dict]:
    """GET /api/v1/suche through the WSGI handler, as gunicorn calls it."""
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/api/v1/suche",
        "QUERY_STRING": urlencode({"q": q, "pro_seite": 25}),
        "HTTP_AUTHORIZATION": f"Bearer {token}",
    }
    setup_testing_defaults(environ)
    status: list[str] = []
    response = WSGIHandler()(environ, lambda s, headers, exc_info=None: status.append(s))
    try:
        body = b"".join(response)
    finally:
        response.close()  # sends request_finished, which closes an unusable or old connection
    return int(status[0].split()[0]), json.loads(body)


@pytest.fixture
def dauerhaft(monkeypatch):
    """Connections kept as configured by default (CONN_MAX_AGE 600, health checks on)."""
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 600)
    monkeypatch.setitem(connection.settings_dict, "CONN_HEALTH_CHECKS", True)
    connection.close()  # the next connection is opened with these


def test_persistent_connections_are_the_default():
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] > 0
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


@nur_postgresql
def test_reused_connection_carries_no_kommune_into_the_next_request(korpus, sb_a, sb_b, dauerhaft):
    _, token_a = create_api_token(sb_a)
    _, token_b = create_api_token(sb_b)
    vorher = _werte()
    prozess = _server_prozess()
    with kommune_scope(sb_a.kommune_id):
        assert _lesbare_dokumente() > 0  # the check below would be empty anyhow otherwise

    status, antwort = _suche(token_a, "Gewerbeanmeldung")
    assert status == 200
    assert {t["kommune_id"] for t in antwort["treffer"]} == {sb_a.kommune_id}

    assert _server_prozess() == prozess  # the same connection, kept
    assert _werte() == vorher
    assert _kommune() == ""
    assert _lesbare_dokumente() == 0

    # The next request on this connection, by a clerk of the other Kommune.
    status, antwort = _suche(token_b, "Gewerbeanmeldung")
    assert status == 200
    titel = {t["titel"] for t in antwort["treffer"]}
    assert titel == {"Gewerbeanmeldung Schlosserei Sontra"}
    assert _server_prozess() == prozess
    assert _werte() == vorher
    assert _kommune() == ""


@nur_postgresql
def test_a_request_rolled_back_leaves_no_kommune_on_the_connection(korpus, sb_a, dauerhaft):
    prozess = _server_prozess()
    # As KommuneScopeMiddleware does for a 5xx response: the scope's transaction
    # is rolled back, and the scope cannot set anything back on the way out.
    with kommune_scope(sb_a.kommune_id):
        assert _lesbare_dokumente() > 0
        transaction.set_rollback(True)
    assert _server_prozess() == prozess
    assert _kommune() == ""
    assert _lesbare_dokumente() == 0
