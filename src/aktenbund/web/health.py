"""Health of the background task queue (django-tasks database backend)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

# Ready tasks older than this mean no worker is taking them.
STALE_AFTER = timedelta(minutes=10)


def task_queue_health() -> tuple[str, str]:
    backend = settings.TASKS["default"]["BACKEND"]
    if not backend.startswith("django_tasks_db"):
        return "ok", backend.rsplit(".", 1)[-1]
    from django_tasks_db.models import DBTaskResult

    try:
        waiting = DBTaskResult.objects.ready()
        count = waiting.count()
        oldest = waiting.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    except Exception as exc:
        return "fehler", str(exc)[:200]
    if oldest is not None and timezone.now() - oldest > STALE_AFTER:
        return (
            "fehler",
            f"{count} wartend, älteste seit {oldest:%d.%m.%Y %H:%M} – läuft der Worker?",
        )
    return "ok", f"{count} wartend"
