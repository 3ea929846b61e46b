"""The probe reaches the records API: Akten, Vorgänge, Dokumente, Versionen, Freigaben."""

from __future__ import annotations

from tests.security.probe import format_leaks, probe


def test_probe_asks_the_records_api_for_kommune_b_objects(client, world):
    log: list[str] = []
    client.force_login(world.probe_users["sachbearbeitung"])
    leaks = probe(client, world, log=log)
    assert not leaks, format_leaks(leaks)
    akte, vorgang = world.obj("akte").pk, world.obj("vorgang").pk
    dokument, version = world.obj("dokument").pk, world.obj("version").pk
    freigabe, oe = world.obj("freigabe").pk, world.obj("organisationseinheit").pk
    einheit = world.obj("aktenplaneinheit").pk
    expected = [
        f"GET /api/v1/akten/{akte} -> 404",
        f"PATCH /api/v1/akten/{akte} -> 404",
        f"POST /api/v1/akten/{akte}/zda -> 404",
        f"PUT /api/v1/akten/{akte}/zugriff -> 404",
        f"POST /api/v1/akten/{akte}/vorgaenge -> 404",
        f"GET /api/v1/akten?aktenplaneinheit_id={einheit}&federfuehrende_oe_id={oe} -> 404",
        f"POST /api/v1/vorgaenge/{vorgang}/verschieben -> 404",
        f"GET /api/v1/vorgaenge/{vorgang}/historie -> 404",
        f"POST /api/v1/vorgaenge/{vorgang}/dokumente -> 404",
        f"PUT /api/v1/dokumente/{dokument} -> 404",
        f"POST /api/v1/dokumente/{dokument}/versionen -> 404",
        f"GET /api/v1/versionen/{version}/inhalt -> 404",
        f"POST /api/v1/freigaben/{freigabe}/widerrufen -> 404",
        "GET /api/v1/freigaben/empfangen -> 200",
        "GET /api/v1/vorgaenge/meine -> 200",
    ]
    missing = [line for line in expected if line not in log]
    assert not missing, (
        "\n".join(missing)
        + "\n--- log ---\n"
        + "\n".join(line for line in log if "/api/v1/" in line)
    )
