"""Amtshilfe: granting an Akte or a Vorgang to another Kommune, and revoking it.

The grant is the only path across Kommunen (services: `zugriff`; PostgreSQL:
the policies call `aktenbund_freigabe`). Grant and revocation are recorded
in the chains of both Kommunen; so is every use (see `protokoll`).
Expiry needs no job to end access: a grant past its `gueltig_bis` no longer
matches. A daily job (`protokolliere_abgelaufene`) records the end in both
chains, so the story of a grant is complete without a revocation.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from aktenbund.audit.services import record
from aktenbund.errors import Conflict, NotFound, PermissionDenied, ValidationError
from aktenbund.records.models import Akte, Freigabe, Recht, Vorgang
from aktenbund.records.services.akten import require_offen
from aktenbund.records.services.zugriff import empfangene_freigaben, get_akte, get_vorgang
from aktenbund.tenancy.models import Kommune, Organisationseinheit, Rolle, User
from aktenbund.tenancy.scope import kommune_scope
from aktenbund.tenancy.services import aktive_kommune_ids

MAX_LAUFZEIT_TAGE = 3 * 366


def _details(freigabe: Freigabe) -> dict:
    objekt = freigabe.objekt
    return {
        "freigabe": freigabe.pk,
        "objekt": objekt._meta.model_name,
        "objekt_id": objekt.pk,
        "aktenzeichen": objekt.aktenzeichen,
        "von_kommune": freigabe.kommune_id,
        "an_kommune": freigabe.empfaenger_kommune_id,
        "an_oe": freigabe.empfaenger_oe_id,
        "an_person": freigabe.empfaenger_user_id,
        "recht": freigabe.recht,
        "gueltig_bis": freigabe.gueltig_bis.isoformat(),
        "vertretung_erlaubt": freigabe.vertretung_erlaubt,
    }


def _record_both(
    action: str, freigabe: Freigabe, actor: User | None, extra: dict | None = None
) -> None:
    details = {**_details(freigabe), **(extra or {})}
    record(action, kommune_id=freigabe.kommune_id, actor=actor, obj=freigabe, details=details)
    with kommune_scope(freigabe.empfaenger_kommune_id):
        record(
            action,
            kommune_id=freigabe.empfaenger_kommune_id,
            actor=actor,
            obj=freigabe,
            details=details,
        )


@transaction.atomic
def grant_freigabe(
    actor: User,
    *,
    akte: Akte | None = None,
    vorgang: Vorgang | None = None,
    empfaenger_kommune: Kommune | None,
    empfaenger_oe: Organisationseinheit | None = None,
    empfaenger_user: User | None = None,
    recht: str = Recht.LESEN,
    gueltig_bis: datetime.date | None,
    grund: str = "",
    vertretung_erlaubt: bool = False,
) -> Freigabe:
    """Grant one own Akte or Vorgang to another Kommune (or an OE or a person there).

    `vertretung_erlaubt`: whether a Vertreter:in of the receiving person (or of
    a member of the receiving OE) may use the grant; without it only the
    addressees themselves can.
    """
    if (akte is None) == (vorgang is None):
        raise ValidationError(
            "Bitte genau eine Akte oder einen Vorgang freigeben.",
            {"objekt": "Akte oder Vorgang angeben."},
        )
    objekt = (
        get_akte(actor, akte.pk, bearbeiten=True)
        if akte
        else get_vorgang(actor, vorgang.pk, bearbeiten=True)
    )
    if objekt.kommune_id != actor.kommune_id:
        raise PermissionDenied("Freigeben kann nur die Kommune, der die Akte gehört.")
    require_offen(objekt)
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if empfaenger_kommune is None or not empfaenger_kommune.aktiv:
        errors["empfaenger_kommune"] = "Bitte eine Kommune des Verbunds wählen."
    elif empfaenger_kommune.pk == actor.kommune_id:
        errors["empfaenger_kommune"] = "Innerhalb der eigenen Kommune braucht es keine Freigabe."
    else:
        if empfaenger_oe is not None and empfaenger_oe.kommune_id != empfaenger_kommune.pk:
            errors["empfaenger_oe"] = (
                "Diese Organisationseinheit gehört nicht zur gewählten Kommune."
            )
        if empfaenger_user is not None and (
            empfaenger_user.kommune_id != empfaenger_kommune.pk or not empfaenger_user.is_active
        ):
            errors["empfaenger_user"] = "Diese Person gehört nicht zur gewählten Kommune."
    if recht not in Recht.values:
        errors["recht"] = "Bitte „lesen“ oder „bearbeiten“ wählen."
    if gueltig_bis is None:
        errors["gueltig_bis"] = "Bitte ein Enddatum angeben."
    elif gueltig_bis < today:
        errors["gueltig_bis"] = "Das Enddatum liegt in der Vergangenheit."
    elif gueltig_bis > today + datetime.timedelta(days=MAX_LAUFZEIT_TAGE):
        errors["gueltig_bis"] = "Freigaben gelten höchstens drei Jahre."
    grund = (grund or "").strip()
    if len(grund) > 300:
        errors["grund"] = "Höchstens 300 Zeichen."
    if errors:
        raise ValidationError("Die Freigabe konnte nicht erteilt werden.", errors)
    freigabe = Freigabe.objects.create(
        kommune_id=actor.kommune_id,
        akte=objekt if isinstance(objekt, Akte) else None,
        vorgang=objekt if isinstance(objekt, Vorgang) else None,
        empfaenger_kommune=empfaenger_kommune,
        empfaenger_oe=empfaenger_oe,
        empfaenger_user=empfaenger_user,
        recht=recht,
        gueltig_bis=gueltig_bis,
        grund=grund,
        vertretung_erlaubt=bool(vertretung_erlaubt),
        erteilt_von=actor,
    )
    _record_both("freigabe.erteilt", freigabe, actor, {"grund": grund})
    return freigabe


def get_freigabe(actor: User, freigabe_id: int) -> Freigabe:
    """A grant the actor's Kommune made (404 otherwise)."""
    freigabe = (
        Freigabe.objects.select_related("akte", "vorgang", "empfaenger_kommune")
        .filter(pk=freigabe_id)
        .first()
        if actor.kommune_id
        else None
    )
    if freigabe is None:
        raise NotFound("Diese Freigabe gibt es nicht.")
    return freigabe


@transaction.atomic
def revoke_freigabe(actor: User, freigabe: Freigabe) -> Freigabe:
    """The granting Kommune ends a grant at once."""
    freigabe = Freigabe.objects.select_for_update().filter(pk=freigabe.pk).first()
    if freigabe is None or freigabe.kommune_id != actor.kommune_id:
        raise NotFound("Diese Freigabe gibt es nicht.")
    objekt = freigabe.objekt
    darf = freigabe.erteilt_von_id == actor.pk or actor.has_rolle(Rolle.AMTSLEITUNG)
    if not darf:
        try:
            (get_akte if isinstance(objekt, Akte) else get_vorgang)(
                actor, objekt.pk, bearbeiten=True
            )
        except (PermissionDenied, NotFound):
            raise PermissionDenied(
                "Widerrufen können die erteilende Person, die Amtsleitung und wer die Akte "
                "bearbeitet."
            ) from None
    if freigabe.widerrufen_am is not None:
        raise Conflict("Diese Freigabe ist schon widerrufen.")
    freigabe.widerrufen_am = timezone.now()
    freigabe.widerrufen_von = actor
    freigabe.save(update_fields=["widerrufen_am", "widerrufen_von"])
    _record_both("freigabe.widerrufen", freigabe, actor)
    return freigabe


def protokolliere_abgelaufene(heute: datetime.date | None = None) -> int:
    """Write the end of every Freigabe that ran out unrevoked into both audit chains.

    Access ends by itself with `gueltig_bis` (the rights read it live); this
    records that moment, once per Freigabe, as "freigabe.abgelaufen" by
    "System". Run daily (`manage.py freigaben_ablauf`); returns how many
    were recorded.
    """
    heute = heute or timezone.localdate()
    anzahl = 0
    for kommune_id in aktive_kommune_ids():
        with kommune_scope(kommune_id):
            faellig = Freigabe.objects.filter(
                kommune_id=kommune_id,
                widerrufen_am__isnull=True,
                gueltig_bis__lt=heute,
                ablauf_protokolliert_am__isnull=True,
            ).values_list("pk", flat=True)
            for freigabe_id in list(faellig):
                with transaction.atomic():
                    # Locked and asked again: two runs at once record it once.
                    freigabe = (
                        Freigabe.objects.select_for_update()
                        .filter(pk=freigabe_id, ablauf_protokolliert_am__isnull=True)
                        .first()
                    )
                    if freigabe is None:
                        continue
                    freigabe.ablauf_protokolliert_am = timezone.now()
                    freigabe.save(update_fields=["ablauf_protokolliert_am"])
                    _record_both("freigabe.abgelaufen", freigabe, None)
                anzahl += 1
    return anzahl


def freigaben_of(actor: User, objekt: Akte | Vorgang) -> list[Freigabe]:
    """The grants made for one own object (active and past), newest first."""
    if objekt.kommune_id != actor.kommune_id:
        return []
    field = "akte" if isinstance(objekt, Akte) else "vorgang"
    freigaben = list(
        Freigabe.objects.filter(**{field: objekt}).select_related(
            "empfaenger_kommune", "empfaenger_user", "erteilt_von"
        )
    )
    # The receiving OE belongs to the other Kommune (fenced by row-level
    # security): read its name inside that Kommune's scope.
    oe_ids_by_kommune: dict[int, set[int]] = {}
    for freigabe in freigaben:
        if freigabe.empfaenger_oe_id:
            oe_ids_by_kommune.setdefault(freigabe.empfaenger_kommune_id, set()).add(
                freigabe.empfaenger_oe_id
            )
    oes: dict[int, Organisationseinheit] = {}
    for kommune_id, ids in oe_ids_by_kommune.items():
        with kommune_scope(kommune_id):
            oes.update((oe.pk, oe) for oe in Organisationseinheit.objects.filter(pk__in=ids))
    for freigabe in freigaben:
        if freigabe.empfaenger_oe_id:
            freigabe.empfaenger_oe = oes.get(freigabe.empfaenger_oe_id)
    return freigaben


@dataclass(frozen=True)
class Empfangen:
    """One object granted to the user's Kommune, as the start page lists it."""

    freigabe: Freigabe
    objekt: Akte | Vorgang
    art: str  # "Akte" or "Vorgang"


def fuer_uns_freigegeben(user: User) -> list[Empfangen]:
    """What other Kommunen granted to the user (directly, their OE or their Kommune)."""
    with scopes_disabled():
        freigaben = list(
            empfangene_freigaben(user)
            .select_related("akte", "vorgang", "kommune", "erteilt_von")
            .order_by("gueltig_bis")
        )
    return [
        Empfangen(f, f.akte if f.akte_id else f.vorgang, "Akte" if f.akte_id else "Vorgang")
        for f in freigaben
    ]


def kommunen_fuer_freigabe(actor: User) -> list[Kommune]:
    """The other Kommunen of the Verbund a grant can go to."""
    return list(Kommune.objects.filter(aktiv=True).exclude(pk=actor.kommune_id).order_by("name"))
