"""Who may read and who may work on an Akte, a Vorgang and what is inside.

Inside the own Kommune:
- an Akte that is not vertraulich: everyone of the Kommune reads; members of
  the federführende OE and the Registratur work on it;
- a vertrauliche Akte: only the persons on its access list (`AkteZugriff`),
  each with lesen or bearbeiten.
A Vertreter:in acts with the rights of the person they deputise for while
the Vertretung is in force (`Vertretung.objects.aktiv()`: within its dates,
not ended, both persons active) — in the own Kommune. A Freigabe of another
Kommune addressed to that person (or to an OE only they belong to) reaches
the Vertreter:in only when the granting Kommune allowed it
(`Freigabe.vertretung_erlaubt`).

Across Kommunen only a Freigabe opens anything (see `freigaben`).

Two forms of the same rules: `recht_an_akte` / `recht_an_vorgang` decide for
one object; `lesbare_akten` / `lesbare_vorgaenge` are querysets for lists
and search, so that a list never shows what its rows' pages would refuse.
Lookups by id (`get_akte` …) answer 404 for anything the user may not read:
existence is not revealed.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django_scopes import scopes_disabled

from aktenbund.errors import NotFound, PermissionDenied
from aktenbund.records.models import (
    Akte,
    AkteZugriff,
    Dokument,
    Freigabe,
    Recht,
    Version,
    Vorgang,
)
from aktenbund.tenancy.models import Mitgliedschaft, Rolle, User, Vertretung

ARBEITS_ROLLEN = (
    Rolle.SACHBEARBEITUNG,
    Rolle.REGISTRATUR,
    Rolle.AMTSLEITUNG,
    Rolle.KAEMMEREI,
    Rolle.GEWERBEAMT,
    Rolle.KOMMUNE_ADMIN,
)


def personen(user: User) -> list[int]:
    """The user and everyone they deputise for today."""
    if not user.kommune_id:
        return [user.pk]
    if not hasattr(user, "_personen_cache"):
        with scopes_disabled():
            vertretene = Vertretung.objects.filter(
                kommune_id=user.kommune_id, vertreter=user
            ).aktiv()
            user._personen_cache = [
                user.pk,
                *vertretene.values_list("vertretene_person_id", flat=True),
            ]
    return user._personen_cache


def oe_ids(user: User) -> list[int]:
    """The OEs of the user and of everyone they deputise for."""
    if not user.kommune_id:
        return []
    if not hasattr(user, "_oe_cache"):
        with scopes_disabled():
            user._oe_cache = list(
                Mitgliedschaft.objects.filter(
                    kommune_id=user.kommune_id, user_id__in=personen(user)
                ).values_list("organisationseinheit_id", flat=True)
            )
    return user._oe_cache


def eigene_oe_ids(user: User) -> list[int]:
    """The OEs of the user alone (without those of the persons deputised for)."""
    if not user.kommune_id:
        return []
    if not hasattr(user, "_eigene_oe_cache"):
        with scopes_disabled():
            user._eigene_oe_cache = list(
                Mitgliedschaft.objects.filter(
                    kommune_id=user.kommune_id, user_id=user.pk
                ).values_list("organisationseinheit_id", flat=True)
            )
    return user._eigene_oe_cache


def may_work(user: User) -> bool:
    """Holds a role that files (Archiv alone only reads what it is given)."""
    return bool(user.is_authenticated and user.kommune_id and user.has_rolle(*ARBEITS_ROLLEN))


# --- Freigaben received ------------------------------------------------------


def empfangene_freigaben(user: User) -> QuerySet[Freigabe]:
    """Active grants that reach `user`: to their Kommune, their OE or them — and,
    where the granting Kommune allowed deputies, to a person they deputise for
    or to that person's OE."""
    if not user.kommune_id:
        with scopes_disabled():
            return Freigabe.objects.none()
    vertretene = personen(user)[1:]
    eigene_oes = eigene_oe_ids(user)
    vertretene_oes = [oe for oe in oe_ids(user) if oe not in eigene_oes]
    an_oe = Q(empfaenger_oe__isnull=True) | Q(empfaenger_oe_id__in=eigene_oes)
    an_person = Q(empfaenger_user__isnull=True) | Q(empfaenger_user_id=user.pk)
    if vertretene:
        an_oe |= Q(empfaenger_oe_id__in=vertretene_oes, vertretung_erlaubt=True)
        an_person |= Q(empfaenger_user_id__in=vertretene, vertretung_erlaubt=True)
    with scopes_disabled():
        return (
            Freigabe.objects.aktiv()
            .filter(empfaenger_kommune_id=user.kommune_id)
            .filter(an_oe)
            .filter(an_person)
        )


def _stronger(a: str | None, b: str | None) -> str | None:
    if Recht.BEARBEITEN in (a, b):
        return Recht.BEARBEITEN
    return a or b


def _freigabe_recht(user: User, *, akte_id: int, vorgang_id: int | None = None) -> str | None:
    grants = empfangene_freigaben(user).filter(
        Q(akte_id=akte_id) | (Q(vorgang_id=vorgang_id) if vorgang_id else Q(pk__in=[]))
    )
    recht = None
    for value in grants.values_list("recht", flat=True):
        recht = _stronger(recht, value)
    return recht


# --- one object --------------------------------------------------------------


def _eigenes_recht_an_akte(user: User, akte: Akte) -> str | None:
    if akte.vertraulich:
        with scopes_disabled():
            rechte = AkteZugriff.objects.filter(
                akte_id=akte.pk, user_id__in=personen(user)
            ).values_list("recht", flat=True)
            recht = None
            for value in rechte:
                recht = _stronger(recht, value)
            return recht
    if user.has_rolle(Rolle.REGISTRATUR) or akte.federfuehrende_oe_id in oe_ids(user):
        return Recht.BEARBEITEN
    return Recht.LESEN


def recht_an_akte(user: User, akte: Akte) -> str | None:
    """ "bearbeiten", "lesen" or None (the Akte does not exist for the user)."""
    if not user.is_authenticated or not user.kommune_id:
        return None
    if akte.kommune_id == user.kommune_id:
        return _eigenes_recht_an_akte(user, akte)
    return _freigabe_recht(user, akte_id=akte.pk)


def recht_an_vorgang(user: User, vorgang: Vorgang) -> str | None:
    """The right on a Vorgang: that of its Akte, or a Freigabe of the Vorgang itself."""
    if not user.is_authenticated or not user.kommune_id:
        return None
    if vorgang.kommune_id == user.kommune_id:
        return _eigenes_recht_an_akte(user, vorgang.akte)
    return _freigabe_recht(user, akte_id=vorgang.akte_id, vorgang_id=vorgang.pk)


def may_close_zda(user: User, obj: Akte | Vorgang) -> bool:
    """zdA (and with it the retention clock) belongs to the owner Kommune.

    A Freigabe with bearbeiten lets another Kommune file into the object,
    not close it; reopening is the owner's Amtsleitung's (see `akten`).
    """
    recht = getattr(obj, "recht", None)
    if recht is None:
        recht = (
            recht_an_vorgang(user, obj) if isinstance(obj, Vorgang) else recht_an_akte(user, obj)
        )
    return recht == Recht.BEARBEITEN and obj.kommune_id == user.kommune_id


# --- querysets for lists and search ------------------------------------------


def lesbare_akten(user: User) -> QuerySet[Akte]:
    """Every Akte `user` may open: own Kommune by the rules above, plus Freigaben.

    Built as one query (subqueries, no id lists), usable inside other queries,
    e.g. `Dokument.objects.filter(vorgang__akte__in=lesbare_akten(user))`.
    """
    with scopes_disabled():
        if not user.is_authenticated or not user.kommune_id:
            return Akte.objects.none()
        auf_liste = AkteZugriff.objects.filter(akte=OuterRef("pk"), user_id__in=personen(user))
        eigene = Q(kommune_id=user.kommune_id) & (Q(vertraulich=False) | Q(Exists(auf_liste)))
        freigegeben = Q(
            pk__in=empfangene_freigaben(user).filter(akte__isnull=False).values("akte_id")
        )
        return Akte.objects.filter(eigene | freigegeben)


def gesperrte_akten(user: User) -> QuerySet[Akte]:
    """The own Kommune's vertrauliche Akten whose access list lacks `user` (and
    everyone they deputise for): inside the own Kommune exactly the Akten
    `recht_an_akte` refuses, as a short query of pks.

    For rows that point at an Akte or Vorgang of the user's own Kommune
    (`.exclude(vorgang__akte__in=gesperrte_akten(user))`): far cheaper than
    membership in `lesbare_vorgaenge`, which walks every readable Vorgang.
    Read live, so a changed flag or access list counts at once.
    """
    with scopes_disabled():
        if not user.is_authenticated or not user.kommune_id:
            return Akte.objects.none().values("pk")
        auf_liste = AkteZugriff.objects.filter(akte=OuterRef("pk"), user_id__in=personen(user))
        return (
            Akte.objects.filter(kommune_id=user.kommune_id, vertraulich=True)
            .exclude(Exists(auf_liste))
            .order_by()
            .values("pk")
        )


def lesbare_vorgaenge(user: User) -> QuerySet[Vorgang]:
    """Every Vorgang `user` may open (its Akte is readable, or it was granted itself)."""
    with scopes_disabled():
        if not user.is_authenticated or not user.kommune_id:
            return Vorgang.objects.none()
        einzeln = empfangene_freigaben(user).filter(vorgang__isnull=False).values("vorgang_id")
        return Vorgang.objects.filter(
            Q(akte__in=lesbare_akten(user).values("pk")) | Q(pk__in=einzeln)
        )


def lesbare_dokumente(user: User) -> QuerySet[Dokument]:
    with scopes_disabled():
        return Dokument.objects.filter(vorgang__in=lesbare_vorgaenge(user).values("pk"))


# --- lookups by id (404 for what the user may not read) ---------------------


def _not_found(noun: str) -> NotFound:
    return NotFound(f"{noun} gibt es nicht oder Sie dürfen sie nicht sehen.")


def get_akte(user: User, akte_id: int, *, bearbeiten: bool = False) -> Akte:
    with scopes_disabled():
        akte = (
            # Only relations every reader may see: under row-level security an
            # inner join to another Kommune's OE or local node would drop the row.
            Akte.objects.select_related("kommune").filter(pk=akte_id).first()
        )
    recht = recht_an_akte(user, akte) if akte else None
    if recht is None:
        raise _not_found("Diese Akte")
    if bearbeiten and recht != Recht.BEARBEITEN:
        raise PermissionDenied("Sie dürfen diese Akte lesen, aber nicht bearbeiten.")
    akte.recht = recht
    return akte


def get_vorgang(user: User, vorgang_id: int, *, bearbeiten: bool = False) -> Vorgang:
    with scopes_disabled():
        vorgang = (
            Vorgang.objects.select_related("akte", "kommune", "bearbeiter")
            .filter(pk=vorgang_id)
            .first()
        )
    recht = recht_an_vorgang(user, vorgang) if vorgang else None
    if recht is None:
        raise _not_found("Diesen Vorgang")
    if bearbeiten and recht != Recht.BEARBEITEN:
        raise PermissionDenied("Sie dürfen diesen Vorgang lesen, aber nicht bearbeiten.")
    vorgang.recht = recht
    return vorgang


def get_dokument(user: User, dokument_id: int, *, bearbeiten: bool = False) -> Dokument:
    with scopes_disabled():
        dokument = Dokument.objects.filter(pk=dokument_id).only("pk", "vorgang_id").first()
    if dokument is None:
        raise _not_found("Dieses Dokument")
    try:
        vorgang = get_vorgang(user, dokument.vorgang_id, bearbeiten=bearbeiten)
    except NotFound:
        raise _not_found("Dieses Dokument") from None
    with scopes_disabled():
        dokument = Dokument.objects.select_related("erstellt_von").get(pk=dokument_id)
    dokument.vorgang = vorgang
    return dokument


def get_version(user: User, version_id: int) -> Version:
    with scopes_disabled():
        version = Version.objects.filter(pk=version_id).only("pk", "dokument_id").first()
    if version is None:
        raise _not_found("Diese Version")
    try:
        dokument = get_dokument(user, version.dokument_id)
    except NotFound:
        raise _not_found("Diese Version") from None
    with scopes_disabled():
        version = Version.objects.select_related("blob", "erstellt_von").get(pk=version_id)
    version.dokument = dokument
    return version
