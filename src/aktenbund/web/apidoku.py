"""The interactive API documentation at /api/docs: Swagger UI from the vendored copy.

django-ninja's own page loads Swagger UI from a CDN unless `ninja` is an
installed app; this one serves the files vendored from the npm package
`swagger-ui-dist` (scripts/vendor.sh) and starts them from a static script,
so the page works offline and under the Content-Security-Policy. "Try it
out" with the browser session sends the CSRF token the page carries.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import Swagger


class ApiDokumentation(Swagger):
    def render_page(self, request: HttpRequest, api, **kwargs: Any) -> HttpResponse:
        einstellungen = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        return render(
            request,
            "web/api_docs.html",
            {"api": api, "swagger_settings": einstellungen},
        )
