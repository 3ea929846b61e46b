"""Protection of the sign-in against guessing (django-axes, configured in settings).

Two limits count failed sign-ins within the cool-off time (15 minutes):
- per user name and client address: `AXES_FAILURE_LIMIT` (5), against
  guessing one account's password;
- per client address across all user names: `AKTENBUND_LOGIN_IP_LIMIT` (30),
  against trying one password on many accounts (password spraying). A
  successful sign-in resets only its own user name's count, so a sprayer
  cannot reset the address's count with an account of their own.

The client address is REMOTE_ADDR unless the request comes from a trusted
reverse proxy (`AKTENBUND_TRUSTED_PROXIES`): only then does X-Forwarded-For
count, read from the right, the first address that is no trusted proxy
itself. Anyone else can write that header, so from them it is ignored.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Sum
from django.http import HttpRequest


@lru_cache(maxsize=8)
def _netze(eintraege: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    try:
        return tuple(ipaddress.ip_network(e, strict=False) for e in eintraege)
    except ValueError as exc:
        raise ImproperlyConfigured(f"AKTENBUND_TRUSTED_PROXIES: {exc}") from exc


def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _vertrauenswuerdig(ip) -> bool:
    netze = _netze(tuple(settings.AKTENBUND_TRUSTED_PROXIES))
    return any(ip.version == netz.version and ip in netz for netz in netze)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or what a trusted proxy says in X-Forwarded-For."""
    remote = request.META.get("REMOTE_ADDR") or None
    peer = _ip(remote or "")
    if peer is None or not _vertrauenswuerdig(peer):
        return remote
    kette = [e for e in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if e.strip()]
    for eintrag in reversed(kette):
        ip = _ip(eintrag)
        if ip is None:
            break  # not written by our proxy: stop before trusting anything further left
        if not _vertrauenswuerdig(ip):
            return str(ip)
    return remote


class AnmeldeschutzHandler(AxesDatabaseHandler):
    """axes' database handler with a second limit per client address across user names."""

    def is_locked(self, request, credentials: dict | None = None) -> bool:
        return super().is_locked(request, credentials) or self._adresse_gesperrt(request)

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        # axes locks out on the failure that reaches its limit; the same for this one.
        if (
            request is not None
            and not getattr(request, "axes_locked_out", False)
            and self._adresse_gesperrt(request)
        ):
            request.axes_locked_out = True
            request.axes_credentials = credentials
            user_locked_out.send(
                "axes",
                request=request,
                username=get_client_username(request, credentials),
                ip_address=request.axes_ip_address,
            )

    def _adresse_gesperrt(self, request) -> bool:
        return self.fehlversuche_der_adresse(request) >= settings.AKTENBUND_LOGIN_IP_LIMIT

    def fehlversuche_der_adresse(self, request) -> int:
        """Failed sign-ins from the request's client address within the cool-off time."""
        ip = getattr(request, "axes_ip_address", None)
        if not ip:
            return 0
        versuche = AccessAttempt.objects.filter(
            ip_address=ip, attempt_time__gte=get_cool_off_threshold(request)
        )
        return versuche.aggregate(n=Sum("failures_since_start"))["n"] or 0
