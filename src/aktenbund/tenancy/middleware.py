"""Request middleware: API tokens, forced password change, the Kommune scope."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from aktenbund.tenancy.scope import kommune_scope
from aktenbund.tenancy.services import authenticate_token


class ApiTokenMiddleware:
    """`Authorization: Bearer <token>` signs the request in as the token's user.

    Such requests carry no cookies, so CSRF protection does not apply to them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        header = request.headers.get("Authorization", "")
        if header.lower().startswith("bearer "):
            user = authenticate_token(header[7:].strip())
            if user is None:
                return JsonResponse(
                    {
                        "detail": "Ungültiges oder widerrufenes API-Token.",
                        "errors": [{"field": "Authorization", "message": "Token ungültig."}],
                    },
                    status=401,
                )
            request.user = user
            request.auth_via_token = True
            request._dont_enforce_csrf_checks = True
        return self.get_response(request)


class PasswordChangeRequiredMiddleware:
    """After a reset by the administration, the user must first choose a password."""

    ALLOWED = ("web:passwort_aendern", "web:logout")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and user.must_change_password
            and not getattr(request, "auth_via_token", False)
            and not request.path.startswith(("/static/", "/api/"))
            and request.path not in {reverse(name) for name in self.ALLOWED}
        ):
            return redirect("web:passwort_aendern")
        return self.get_response(request)


class KommuneScopeMiddleware:
    """Open the signed-in user's Kommune scope (the Verbund's for Verbund staff).

    The scope is a transaction (see kommune_scope); a 5xx response rolls it
    back so that a crashed request leaves nothing half-written.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            return self.get_response(request)
        with kommune_scope(user.kommune_id):
            response = self.get_response(request)
            if response.status_code >= 500:
                transaction.set_rollback(True)
        return response
