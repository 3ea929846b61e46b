"""Small helpers for Posteingang tests (each opens the Kommune's scope: RLS on PostgreSQL)."""

from __future__ import annotations

from aktenbund.capture import services
from aktenbund.capture.models import Posteingangseintrag
from aktenbund.records.models import Dokument
from aktenbund.tenancy.scope import kommune_scope


def hochladen(actor, *dateien: tuple[str, bytes], **kwargs) -> list[Posteingangseintrag]:
    """Upload as `actor` (processing runs at once: ImmediateBackend); fresh rows back."""
    with kommune_scope(actor.kommune_id):
        eintraege = services.upload(
            actor, [services.Eingangsdatei(name, data) for name, data in dateien], **kwargs
        )
    return [frisch(e) for e in eintraege]


def frisch(eintrag: Posteingangseintrag) -> Posteingangseintrag:
    with kommune_scope(eintrag.kommune_id):
        return Posteingangseintrag.objects.get(pk=eintrag.pk)


def dateien_of(eintrag: Posteingangseintrag) -> list:
    with kommune_scope(eintrag.kommune_id):
        return list(eintrag.dateien.order_by("nummer"))


def dokumente_in(vorgang) -> list[Dokument]:
    with kommune_scope(vorgang.kommune_id):
        return list(Dokument.objects.filter(vorgang_id=vorgang.pk).order_by("pk"))
