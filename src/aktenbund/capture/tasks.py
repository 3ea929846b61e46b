"""Background work of the Posteingang (django-tasks; a DB worker runs it).

The Eintrag tasks claim their Eintraege with the task's own id as lease
token, so `capture_poll` can tell a task row whose worker is gone (see
`services.verarbeitung.fail_verwaiste_tasks`).
"""

from __future__ import annotations

from django_tasks import task


def _token(context) -> str:
    return str(context.task_result.id)


@task(takes_context=True)
def verarbeite_eintrag(context, kommune_id: int, eintrag_id: int) -> str:
    """Process one Posteingangseintrag (see services.verarbeitung)."""
    from aktenbund.capture.services.verarbeitung import verarbeite_stapel

    return verarbeite_stapel(kommune_id, [eintrag_id], token=_token(context))[eintrag_id]


@task(takes_context=True)
def verarbeite_eintraege(context, kommune_id: int, eintrag_ids: list[int]) -> dict[str, str]:
    """Process the Posteingangseintraege of one arrival (see services.verarbeitung)."""
    from aktenbund.capture.services.verarbeitung import verarbeite_stapel

    zustand = verarbeite_stapel(kommune_id, eintrag_ids, token=_token(context))
    return {str(k): v for k, v in zustand.items()}


@task()
def erzeuge_rendition(kommune_id: int, version_id: int) -> bool:
    """PDF/A, text and preview for a Version filed elsewhere (see services.volltext)."""
    from aktenbund.capture.services.volltext import ensure_rendition

    return ensure_rendition(kommune_id, version_id)
