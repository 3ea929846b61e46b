"""System operations of the API: health and the signed-in user."""

from __future__ import annotations

import logging

from django.db import connection
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from aktenbund.web.health import task_queue_health

logger = logging.getLogger(__name__)

router = Router(tags=["System"])


class CheckOut(Schema):
    status: str
    detail: str = Field("", description="nur für die Verbund-Administration, sonst leer")


class HealthOut(Schema):
    status: str
    datenbank: CheckOut
    dateiablage: CheckOut
    aufgaben: CheckOut


def _database() -> CheckOut:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return CheckOut(status="fehler", detail=str(exc)[:200])
    return CheckOut(status="ok", detail=connection.vendor)


def _blobs() -> CheckOut:
    from aktenbund.blobs.store import get_store

    status, detail = get_store().health()
    return CheckOut(status=status, detail=detail)


def _tasks() -> CheckOut:
    status, detail = task_queue_health()
    return CheckOut(status=status, detail=detail)


@router.get(
    "/health",
    response={200: HealthOut, 503: HealthOut},
    auth=None,
    summary="Zustand von Datenbank, Dateiablage und Aufgabenwarteschlange",
)
def health(request: HttpRequest):
    """Für jeden: ok/fehler je Teil. Die Einzelheiten (Pfade, Fehlertexte) sieht nur die
    Verbund-Administration; ein Fehler steht mit ihnen im Log des Servers."""
    checks = {"datenbank": _database(), "dateiablage": _blobs(), "aufgaben": _tasks()}
    for name, check in checks.items():
        if check.status != "ok":
            logger.warning("Health check %s failed: %s", name, check.detail)
    if not getattr(request.user, "is_verbund_admin", False):
        checks = {name: CheckOut(status=check.status) for name, check in checks.items()}
    ok = all(check.status == "ok" for check in checks.values())
    return Status(200 if ok else 503, HealthOut(status="ok" if ok else "fehler", **checks))
