"""The REST API: one NinjaAPI, each app adds its router under /api/v1/.

Conventions (docs/api.md):
- Authentication: `Authorization: Bearer <token>` or the browser session
  (then with the CSRF token on unsafe methods).
- Errors: `{"detail": "...", "errors": [{"field": "...", "message": "..."}]}`.
- Lists: `?limit=&offset=`, answer `{"items": [...], "count": n}`.
"""

from __future__ import annotations

from typing import Annotated, Any

from django.http import Http404, HttpRequest
from django.middleware.csrf import CsrfViewMiddleware
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import LimitOffsetPagination
from ninja.security import SessionAuth

from aktenbund.errors import DomainError
from aktenbund.web.apidoku import ApiDokumentation

# An object id as the database can hold it: larger numbers are refused with
# 422 before they reach a query (where they would overflow: a 500).
MAX_ID = 2**63 - 1
ObjektId = Annotated[int, Field(ge=1, le=MAX_ID)]


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


api = NinjaAPI(
    title="Aktenbund API",
    version="1",
    description="E-Akte und Fachverfahren des Verbunds. Fehler: {detail, errors[field,message]}.",
    auth=BearerOrSession(),
    urls_namespace="api",
    docs_url="/docs",
    docs=ApiDokumentation(),
    openapi_url="/openapi.json",
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
