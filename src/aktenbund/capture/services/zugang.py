"""Who sees which Posteingang, and into which a user may put something.

The Kommune's own Posteingang (oe NULL) belongs to the Registratur; an OE's
Posteingang to the OE's members (and their Vertretungen) and the
Registratur. Everyone also sees what they captured themselves. Another
Kommune's Eintrag does not exist for a user (404).

An Eintrag addressed to a Vorgang (`ziel_vorgang`: chosen to be filed there,
or filed) is governed by that Vorgang's rights as well: in a vertrauliche
Akte only the persons on its access list see it — in lists, by id, its
files, PDF/A and preview — whoever captured it and whichever Posteingang
it lies in.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django_scopes import scopes_disabled

from aktenbund.capture.models import Posteingangsdatei, Posteingangseintrag
from aktenbund.errors import NotFound, PermissionDenied
from aktenbund.records.services.zugriff import gesperrte_akten, may_work, oe_ids
from aktenbund.tenancy.models import Organisationseinheit, Rolle, User


def ist_registratur(user: User) -> bool:
    return bool(user.kommune_id) and user.has_rolle(Rolle.REGISTRATUR)


def sichtbare_eintraege(user: User) -> QuerySet[Posteingangseintrag]:
    """Every Eintrag `user` may see, as one query (for lists, lookups and the API)."""
    with scopes_disabled():
        if not user.is_authenticated or not user.kommune_id:
            return Posteingangseintrag.objects.none()
        eigene = Posteingangseintrag.objects.filter(kommune_id=user.kommune_id)
        if not ist_registratur(user):
            eigene = eigene.filter(Q(oe_id__in=oe_ids(user)) | Q(erstellt_von=user))
        # The target Vorgang is always one of the Eintrag's own Kommune
        # (posteingang._zielvorgang), where only the access lists of
        # vertrauliche Akten refuse a reader.
        return eigene.exclude(ziel_vorgang__akte__in=gesperrte_akten(user))


def get_eintrag(user: User, eintrag_id: int, *, bearbeiten: bool = False) -> Posteingangseintrag:
    """The Eintrag, or 404 when `user` may not see it."""
    eintrag = (
        sichtbare_eintraege(user).select_related("oe", "ziel_vorgang").filter(pk=eintrag_id).first()
    )
    if eintrag is None:
        raise NotFound("Diesen Posteingang gibt es nicht oder Sie dürfen ihn nicht sehen.")
    if bearbeiten and not may_work(user):
        raise PermissionDenied("Sie dürfen den Posteingang nur lesen.")
    return eintrag


def get_datei(user: User, eintrag_id: int, datei_id: int) -> Posteingangsdatei:
    eintrag = get_eintrag(user, eintrag_id)
    with scopes_disabled():
        datei = Posteingangsdatei.objects.filter(pk=datei_id, eintrag_id=eintrag.pk).first()
    if datei is None:
        raise NotFound("Diese Datei gibt es nicht oder Sie dürfen sie nicht sehen.")
    datei.eintrag = eintrag
    return datei


def postfaecher(user: User) -> list[Organisationseinheit | None]:
    """Where `user` may put arrivals: their OEs; the Registratur also the Kommune's own
    Posteingang (None) and every OE."""
    if not may_work(user):
        return []
    with scopes_disabled():
        oes = Organisationseinheit.objects.filter(kommune_id=user.kommune_id, aktiv=True)
        if ist_registratur(user):
            return [None, *oes.order_by("kurzzeichen")]
        return list(oes.filter(pk__in=oe_ids(user)).order_by("kurzzeichen"))


def get_oe(user: User, oe_id: int | None) -> Organisationseinheit | None:
    """An OE of the user's Kommune (404 for any other), or None."""
    if oe_id is None:
        return None
    with scopes_disabled():
        oe = Organisationseinheit.objects.filter(pk=oe_id, kommune_id=user.kommune_id).first()
    if oe is None:
        raise NotFound("Diese Organisationseinheit gibt es nicht.")
    return oe
