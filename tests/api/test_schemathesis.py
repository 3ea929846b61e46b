"""schemathesis against the OpenAPI document: no 5xx, no answer that contradicts the schema.

The schema is loaded from the app itself (in-process WSGI, no network). A
demo-like Kommune is set up — Aktenplan, OE, a clerk with an Akte, a Vorgang
and a Dokument, a colleague, a Vertretung — and every operation is called as
that clerk with an API token, with generated valid and invalid input. Half
of the generated object ids are replaced by ids that exist, so operations get
past the lookup and into the services.

Bounded: a few examples per operation, no shrinking, no example database,
so the whole run stays well under a minute.
"""

from __future__ import annotations

import datetime

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from aktenbund.records import services as records
from aktenbund.tenancy import services as tenancy
from aktenbund.tenancy.scope import kommune_scope
from tests.records.factories import make_akte, make_dokument, make_vorgang

pytestmark = pytest.mark.django_db(transaction=False)

EXAMPLES_PER_OPERATION = 6
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance]


@pytest.fixture
def wsgi_app(settings):
    """Django's WSGI app, sharing the test's connection and transaction.

    Like Django's test client, requests must not close the connection (which
    would end the test's transaction); so the handlers that do so are
    disconnected meanwhile.
    """
    settings.ALLOWED_HOSTS = ["*"]
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def demo(kommune_a, admin_a, plan, sb_a, sb_a_bau, oe_a, amtsleitung_a):
    """A Kommune with filed work; the ids the generated calls may hit."""
    akte = make_akte(sb_a, plan["121"], "Gewerbe Müller")
    vorgang = make_vorgang(sb_a, akte, "Anmeldung Müller")
    dokument = make_dokument(sb_a, vorgang, "Antrag")
    with kommune_scope(kommune_a):
        version = records.add_version(
            sb_a, dokument, dateiname="antrag-2.pdf", inhalt=dokument_inhalt()
        )
        vertretung = tenancy.create_vertretung(
            admin_a,
            vertretene_person=sb_a_bau,
            vertreter=sb_a,
            von=datetime.date.today(),
            bis=datetime.date.today() + datetime.timedelta(days=7),
            grund="Urlaub",
        )
    # The token the run signs in with, and a second one the run may revoke.
    _, token = tenancy.create_api_token(sb_a, "schemathesis")
    spare, _ = tenancy.create_api_token(sb_a, "zum Widerrufen")
    ids = {
        "akte_id": akte.pk,
        "ziel_akte_id": make_akte(sb_a, plan["121"], "Zielakte").pk,
        "vorgang_id": vorgang.pk,
        "dokument_id": dokument.pk,
        "version_id": version.pk,
        "aktenplaneinheit_id": plan["121"].pk,
        "kommune_id": kommune_a.pk,
        "organisationseinheit_id": oe_a.pk,
        "federfuehrende_oe_id": oe_a.pk,
        "user_id": sb_a_bau.pk,
        "bearbeiter_id": sb_a.pk,
        "vertretung_id": vertretung.pk,
        "apitoken_id": spare.pk,
    }
    return token, ids


def dokument_inhalt() -> bytes:
    from tests.records.factories import pdf_bytes

    return pdf_bytes("Version 2")


def _with_real_ids(case, use_real: bool, ids: dict[str, int]):
    if use_real:
        for container in (case.path_parameters, case.query):
            if container:
                for name in list(container):
                    if name in ids:
                        container[name] = ids[name]
        if isinstance(case.body, dict):
            for name in list(case.body):
                if name in ids:
                    case.body[name] = ids[name]
    return case


def test_api_conforms_to_its_schema(wsgi_app, demo):
    token, ids = demo
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", wsgi_app)
    headers = {"Authorization": f"Bearer {token}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 50
    failures: list[str] = []

    for operation in operations:
        strategies = [
            operation.as_strategy(generation_mode=mode)
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
        ]
        cases = st.builds(
            lambda case, use_real: _with_real_ids(case, use_real, ids),
            st.one_of(strategies),
            st.booleans(),
        )

        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=cases)
        def run(case):
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            run()
        except (Exception, BaseExceptionGroup) as exc:  # collect all failures, then report
            failures.append(f"{operation.method.upper()} {operation.path}: {exc}")

    assert not failures, "\n\n".join(failures)
