"""System operations of the API: health and the signed-in user."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest
from ninja import Router, Schema

from aktenbund.web.health import task_queue_health

router = Router(tags=["System"])


class CheckOut(Schema):
    status: str
    detail: str = ""


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
    checks = {"datenbank": _database(), "dateiablage": _blobs(), "aufgaben": _tasks()}
    ok = all(check.status == "ok" for check in checks.values())
    return (200 if ok else 503), HealthOut(status="ok" if ok else "fehler", **checks)
