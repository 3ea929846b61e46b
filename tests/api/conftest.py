"""Fixtures of the records tests (a small Aktenplan, OEs, clerks, an Akte …) for API tests."""

from tests.records.conftest import (  # noqa: F401
    akte_a,
    amtsleitung_a,
    oe_a,
    oe_a_bau,
    oe_b,
    plan,
    registratur_a,
    registratur_b,
    sb_a,
    sb_a_bau,
    sb_b,
    verbund_registratur,
    vorgang_a,
)
