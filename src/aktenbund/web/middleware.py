"""Input rules for the pages: what a view reads from the request is text without controls.

The API applies the same rule in its parser (`aktenbund.api.Eingabeparser`),
after authentication; here every page's GET and POST keys and values are
checked before the view runs, whether it reads them through a form or
directly (filters, `weiter`, htmx parameters). See `aktenbund.eingaben`.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from aktenbund.eingaben import STEUERZEICHEN_RE, hat_steuerzeichen


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
