"""Security headers every response gets (besides Django's SecurityMiddleware).

- `Content-Security-Policy` (`CONTENT_SECURITY_POLICY`): scripts, styles,
  images and connections from this origin only, no inline script or style,
  no plugins, no framing by other sites. A view that sets its own policy
  keeps it (inline previews send `sandbox`).
- `Cache-Control: private, no-store` on everything a signed-in user gets and
  on every API answer: Akten content must not stay in shared or browser
  caches after signing out. Static files (served by the proxy) stay cacheable.

HSTS, `Referrer-Policy`, `X-Content-Type-Options` come from SecurityMiddleware,
`X-Frame-Options` from XFrameOptionsMiddleware (settings.py).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control


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
