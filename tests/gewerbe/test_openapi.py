"""The Gewerbe API's schema components do not clash with other apps' (same names)."""

from __future__ import annotations

from aktenbund.api import api
from aktenbund.gewerbe import api as gewerbe_api


def test_gewerbe_schemas_keep_their_own_names():
    schemas = api.get_openapi_schema()["components"]["schemas"]
    ausgang = schemas["UebermittlungOut"]["properties"]["status"]
    assert set(ausgang.get("enum", [])) == {"erstellt", "uebermittelt", "fehler"}
    assert schemas["StatistikZeileOut"]["properties"].keys() >= {"merkmal", "an", "um", "ab"}
    assert gewerbe_api.AnzeigeOut.model_fields["quelle"].annotation == gewerbe_api.AnzeigeQuelle
