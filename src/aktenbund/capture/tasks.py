"""Background work of the Posteingang (django-tasks; a DB worker runs it)."""

from __future__ import annotations

from django_tasks import task


@task()
def verarbeite_eintrag(kommune_id: int, eintrag_id: int) -> str:
    """Process one Posteingangseintrag (see services.verarbeitung)."""
    from aktenbund.capture.services.verarbeitung import verarbeite

    return verarbeite(kommune_id, eintrag_id)


@task()
def verarbeite_eintraege(kommune_id: int, eintrag_ids: list[int]) -> dict[str, str]:
    """Process the Posteingangseintraege of one arrival (see services.verarbeitung)."""
    from aktenbund.capture.services.verarbeitung import verarbeite_stapel

    return {str(k): v for k, v in verarbeite_stapel(kommune_id, eintrag_ids).items()}


@task()
def erzeuge_rendition(kommune_id: int, version_id: int) -> bool:
    """PDF/A, text and preview for a Version filed elsewhere (see services.volltext)."""
    from aktenbund.capture.services.volltext import ensure_rendition

    return ensure_rendition(kommune_id, version_id)
