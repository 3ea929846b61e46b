"""The pages' own middleware: security headers and input rules.

`SecurityHeadersMiddleware` gives every response (besides Django's
SecurityMiddleware):
- `Content-Security-Policy` (`CONTENT_SECURITY_POLICY`): scripts, styles,
  images and connections from this origin only, no inline script or style,
  no plugins, no framing by other sites. A view that sets its own policy
  keeps it (inline previews send `sandbox`).
- `Cache-Control: private, no-store` on everything a signed-in user gets and
  on every API answer: Akten content must not stay in shared or browser
  caches after signing out. Static files (served by the proxy) stay cacheable.
HSTS, `Referrer-Policy`, `X-Content-Type-Options` come from SecurityMiddleware,
`X-Frame-Options` from XFrameOptionsMiddleware (settings.py).

`EingabeMiddleware`: what a view reads from the request is text without
controls. The API applies the same rule in its parser
(`aktenbund.api.Eingabeparser`), after authentication; here every page's GET
and POST keys and values are checked before the view runs, whether it reads
them through a form or directly (filters, `weiter`, htmx parameters). See
`aktenbund.eingaben`.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control

from aktenbund.eingaben import STEUERZEICHEN_RE, hat_steuerzeichen


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = settings.CONTENT_SECURITY_POLICY
        if request.path.startswith("/api/") or _signed_in(request):
            patch_cache_control(response, private=True, no_store=True)
        return response


def _signed_in(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def felder_mit_steuerzeichen(request: HttpRequest) -> list[str]:
    """The names of the GET and POST fields whose name or value holds control characters."""
    quellen = [request.GET]
    if request.method == "POST":
        quellen.append(request.POST)
    felder = {
        # A name with controls is shown with them replaced, never echoed raw.
        STEUERZEICHEN_RE.sub("?", key)
        for quelle in quellen
        for key, werte in quelle.lists()
        if hat_steuerzeichen(key) or any(hat_steuerzeichen(w) for w in werte)
    }
    return sorted(felder)


class EingabeMiddleware:
    """Refuses a page request with control characters: 422 and a German page naming the fields.

    Placed after `CsrfViewMiddleware`, so a forged request is refused first;
    API requests are left to the API's parser, which runs after
    authentication (reading an upload here would parse it for strangers).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is not None and "api" in match.namespaces:
            return None
        felder = felder_mit_steuerzeichen(request)
        if not felder:
            return None
        return render(request, "web/eingabe_fehler.html", {"felder": felder}, status=422)
