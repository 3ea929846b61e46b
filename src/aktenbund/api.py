"""The REST API: one NinjaAPI, each app adds its router under /api/v1/.

Conventions (docs/api.md):
- Authentication: `Authorization: Bearer <token>` or the browser session
  (then with the CSRF token on unsafe methods).
- Errors: `{"detail": "...", "errors": [{"field": "...", "message": "..."}]}`,
  documented on every operation (`AktenbundAPI`).
- Input: every query parameter, form field and JSON body passes
  `Eingabeparser` (the rules of `aktenbund.eingaben`); dates are `Datum`,
  decimals `Dezimal`.
- Lists: `?limit=&offset=`, answer `{"items": [...], "count": n}`.
"""

from __future__ import annotations

import datetime
import decimal
import re
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.datastructures import MultiValueDict
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.pagination import LimitOffsetPagination
from ninja.parser import Parser
from ninja.security import SessionAuth
from pydantic import AfterValidator, BeforeValidator
from pydantic_core import PydanticCustomError

from aktenbund.eingaben import (
    MELDUNG_DATUM,
    MELDUNG_ZIFFERN,
    check_steuerzeichen,
    datum_im_rahmen,
    hat_fremde_ziffern,
)
from aktenbund.errors import DomainError, ValidationError
from aktenbund.web.apidoku import ApiDokumentation

# An object id as the database can hold it: larger numbers are refused with
# 422 before they reach a query (where they would overflow: a 500).
MAX_ID = 2**63 - 1
ObjektId = Annotated[int, Field(ge=1, le=MAX_ID)]

_ISO_DATUM_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


def _iso_datum(value: Any) -> Any:
    # pydantic alone would read a number as a Unix time (`datum_von=0` is 1970).
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    if isinstance(value, str) and _ISO_DATUM_RE.match(value):
        return value
    raise PydanticCustomError("datum", "Bitte ein Datum als JJJJ-MM-TT angeben.")


def _datum_im_rahmen(value: datetime.date | None) -> datetime.date | None:
    if not datum_im_rahmen(value):
        raise PydanticCustomError("datum", MELDUNG_DATUM)
    return value


# A date as every API input takes it: ISO (JJJJ-MM-TT), within the range of
# `aktenbund.eingaben` (so that no date arithmetic overflows).
Datum = Annotated[datetime.date, BeforeValidator(_iso_datum), AfterValidator(_datum_im_rahmen)]


def _ascii_ziffern(value: Any) -> Any:
    # pydantic reads a Decimal with Python's Decimal(), which takes any Unicode digit.
    if isinstance(value, str) and hat_fremde_ziffern(value):
        raise PydanticCustomError("ziffern", MELDUNG_ZIFFERN)
    return value


# A decimal number (amounts, counts) written with the ASCII digits 0–9.
Dezimal = Annotated[decimal.Decimal, BeforeValidator(_ascii_ziffern)]


class FehlerFeld(Schema):
    field: str
    message: str


class Fehler(Schema):
    """The body of every error answer."""

    detail: str
    errors: list[FehlerFeld]


class Eingabeparser(Parser):
    """Every value the API reads passes here: query, form fields and JSON bodies.

    It runs after authentication (so an upload is not parsed for strangers)
    and applies the input rules of `aktenbund.eingaben`: no control
    characters in any key or string (422 naming the field), and a JSON body is
    an object — every body of this API is one (or, where it is optional,
    `null`), and ninja's schemas would read `[null, null]` as an object with
    every field missing.
    """

    def parse_body(self, request: HttpRequest) -> dict[str, Any] | None:
        daten = super().parse_body(request)
        if daten is not None and not isinstance(daten, dict):
            raise ValidationError(
                "Die Eingabe ist ungültig.", {"body": "Bitte ein JSON-Objekt senden."}
            )
        check_steuerzeichen(daten)
        return daten

    def parse_querydict(
        self, data: MultiValueDict, list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        werte = super().parse_querydict(data, list_fields, request)
        # Files (request.FILES) are not text; their names have their own rule.
        check_steuerzeichen({k: v for k, v in werte.items() if isinstance(v, str | list)})
        return werte


class Seiten(LimitOffsetPagination):
    """`?limit=&offset=` with bounds the database can take (ninja's offset has none)."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=1000)
        offset: int = Field(0, ge=0, le=2**31 - 1)


class BearerOrSession(SessionAuth):
    """Accept the user the token middleware or the session signed in.

    The OpenAPI document shows the bearer scheme; session requests must pass
    the CSRF check on unsafe methods.
    """

    openapi_type = "http"
    openapi_scheme = "bearer"

    def __call__(self, request: HttpRequest) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_active:
            return None
        via_token = getattr(request, "auth_via_token", False)
        if not via_token and user.must_change_password:
            # A one-time password opens only the password form, not the API.
            raise HttpError(403, "Bitte zuerst ein eigenes Passwort wählen.")
        if not via_token and request.method not in (
            "GET",
            "HEAD",
            "OPTIONS",
        ):
            reason = CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {})
            if reason is not None:
                raise HttpError(403, "CSRF-Prüfung fehlgeschlagen.")
        return user

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return self(request)


# Error answers every operation may give, by what the operation has:
# authentication (and with it objects to look up: an id in the path, the
# body or the query may name one the caller may not see, 404), a change that
# may collide with the current state, input to check, a body to parse.
_FEHLER_REF = {"$ref": "#/components/schemas/Fehler"}
_FEHLER_TEXT = {
    400: "Die Anfrage ist nicht lesbar (z. B. kein JSON).",
    401: "Anmeldung erforderlich.",
    403: "Angemeldet, aber nicht berechtigt.",
    404: "Unbekanntes Objekt oder eines einer anderen Kommune.",
    409: "Widerspricht dem aktuellen Stand.",
    422: "Die Eingabe verletzt eine Regel; `errors` nennt die Felder.",
}


class AktenbundAPI(NinjaAPI):
    """The NinjaAPI with the error answers documented on every operation."""

    def get_openapi_schema(self, **kwargs: Any) -> OpenAPISchema:
        schema = super().get_openapi_schema(**kwargs)
        fehler = Fehler.model_json_schema(ref_template="#/components/schemas/{model}")
        komponenten = schema.setdefault("components", {}).setdefault("schemas", {})
        komponenten.update(fehler.pop("$defs"))
        komponenten["Fehler"] = fehler
        for item in schema["paths"].values():
            for method, operation in item.items():
                _fehler_dokumentieren(method, operation)
        return schema


def _fehler_dokumentieren(method: str, operation: dict) -> None:
    statuses = {422} if operation.get("parameters") or "requestBody" in operation else set()
    if operation.get("security"):
        statuses |= {401, 403, 404}
        if method in ("post", "put", "patch", "delete"):
            statuses.add(409)
    if "requestBody" in operation:
        statuses.add(400)
    # ninja keys the answers an operation declares by int; JSON keys are
    # strings, so one status under both would be a duplicate key in the
    # document (Swagger UI refuses it).
    antworten = {str(status): antwort for status, antwort in operation.get("responses", {}).items()}
    operation["responses"] = antworten
    for status in sorted(statuses):
        antworten.setdefault(
            str(status),
            {
                "description": _FEHLER_TEXT[status],
                "content": {"application/json": {"schema": _FEHLER_REF}},
            },
        )


api = AktenbundAPI(
    title="Aktenbund API",
    version="1",
    description="E-Akte und Fachverfahren des Verbunds. Fehler: {detail, errors[field,message]}.",
    auth=BearerOrSession(),
    urls_namespace="api",
    docs_url="/docs",
    docs=ApiDokumentation(),
    openapi_url="/openapi.json",
    parser=Eingabeparser(),
)


def error_body(detail: str, errors: dict[str, str] | list[dict[str, str]] | None = None) -> dict:
    if isinstance(errors, dict):
        errors = [{"field": field, "message": message} for field, message in errors.items()]
    return {"detail": detail, "errors": errors or []}


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError):
    return api.create_response(request, error_body(exc.message, exc.errors), status=exc.status)


def _field_of(loc: list | tuple) -> str:
    # Ninja reports locations like ("body", "payload", "ags"); the client knows only "ags".
    parts = [str(p) for p in loc if p not in ("body", "payload", "query", "path", "form", "file")]
    return ".".join(parts) or "body"


@api.exception_handler(NinjaValidationError)
def validation_error(request: HttpRequest, exc: NinjaValidationError):
    errors = [
        {"field": _field_of(e.get("loc", ())), "message": e.get("msg", "")} for e in exc.errors
    ]
    return api.create_response(request, error_body("Die Eingabe ist ungültig.", errors), status=422)


@api.exception_handler(AuthenticationError)
def authentication_error(request: HttpRequest, exc: AuthenticationError):
    return api.create_response(
        request, error_body("Anmeldung erforderlich (Bearer-Token oder Sitzung)."), status=401
    )


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404):
    return api.create_response(request, error_body("Nicht gefunden."), status=404)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError):
    if isinstance(exc.__cause__, DomainError):
        # ninja turns any exception of the parser into "400 Cannot parse
        # request body"; an input rule of `Eingabeparser` keeps its own answer.
        return domain_error(request, exc.__cause__)
    return api.create_response(request, error_body(str(exc)), status=exc.status_code)


def _register_routers() -> None:
    from aktenbund.capture.api import router as capture_router
    from aktenbund.gewerbe.api import router as gewerbe_router
    from aktenbund.haushalt.api import router as haushalt_router
    from aktenbund.records.api import router as records_router
    from aktenbund.records.api_akten import router as akten_router
    from aktenbund.search.api import router as search_router
    from aktenbund.tenancy.api import router as tenancy_router
    from aktenbund.web.api import router as system_router

    api.add_router("/v1/", system_router)
    api.add_router("/v1/", tenancy_router)
    api.add_router("/v1/", records_router)
    api.add_router("/v1/", akten_router)
    api.add_router("/v1/", haushalt_router)
    api.add_router("/v1/", search_router)
    api.add_router("/v1/", capture_router)
    api.add_router("/v1/", gewerbe_router)


_register_routers()
