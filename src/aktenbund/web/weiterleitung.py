"""Where a page sends the user next: the one place that reads `weiter`.

Forms that are shown on several pages (the mail drop zone, the actions on an
Übermittlung) send the page to return to as `weiter`. It comes from the
client, so it is an open redirect unless checked: only URLs on this site (by
Django's `url_has_allowed_host_and_scheme`, the check its own login view
applies to `next`) are followed; anything else (`https://evil.example/`,
`//evil.example/`, `/\\evil.example`, `javascript:…`) falls back to a fixed
page of the view. Django's `LoginView` keeps checking `next` itself.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme

FELD = "weiter"


def weiter_url(request: HttpRequest, default: str, *args, **kwargs) -> str:
    """The `weiter` the request carries if it stays on this site, else `default`.

    `default` is a URL or a URL pattern name (with `args`/`kwargs`), as for
    Django's `redirect`.
    """
    ziel = request.POST.get(FELD) or request.GET.get(FELD) or ""
    if ziel and url_has_allowed_host_and_scheme(
        ziel, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ziel
    return resolve_url(default, *args, **kwargs)


def redirect_weiter(request: HttpRequest, default: str, *args, **kwargs) -> HttpResponseRedirect:
    """Redirect to `weiter_url(request, default, …)`."""
    return HttpResponseRedirect(weiter_url(request, default, *args, **kwargs))
