"""Akten and Vorgänge: create, change, move, close (zdA) and reopen.

Each function is one user action and one transaction. Rights come from
`zugriff`; zdA is checked here (and again by the PostgreSQL triggers): once
a Vorgang or Akte is zdA nothing inside changes until the Amtsleitung
reopens it, with a reason, on the record.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from aktenbund.errors import Conflict, PermissionDenied, ValidationError
from aktenbund.records.models import (
    Akte,
    Aktenplaneinheit,
    Aktenstatus,
    AkteZugriff,
    Recht,
    Vorgang,
)
from aktenbund.records.services.aktenplan import clean_text
from aktenbund.records.services.aktenzeichen import next_aktenzeichen
from aktenbund.records.services.protokoll import protokolliere, touch
from aktenbund.records.services.zugriff import (
    get_akte,
    get_vorgang,
    may_close_zda,
    may_work,
    oe_ids,
    recht_an_akte,
)
from aktenbund.search.services.index import reindex_akte, reindex_vorgang
from aktenbund.tenancy.models import Organisationseinheit, Rolle, User

MAX_BETREFF = 300


def _text(errors: dict, field: str, value: str | None, *, required: bool, limit: int) -> str:
    value = clean_text(value)
    if required and not value:
        errors[field] = "Bitte ausfüllen."
    elif len(value) > limit:
        errors[field] = f"Höchstens {limit} Zeichen."
    return value


def require_offen(obj: Akte | Vorgang) -> None:
    """Refuse any change inside a closed (zdA) Akte or Vorgang."""
    if isinstance(obj, Vorgang) and obj.akte.ist_zda:
        raise Conflict(
            f"Die Akte {obj.akte.aktenzeichen} ist zdA; ihr Inhalt kann nur gelesen werden."
        )
    if obj.ist_zda:
        noun = "Der Vorgang" if isinstance(obj, Vorgang) else "Die Akte"
        raise Conflict(f"{noun} {obj.aktenzeichen} ist zdA und kann nur gelesen werden.")


def _require_bearbeiten(recht: str | None, noun: str) -> None:
    if recht != Recht.BEARBEITEN:
        raise PermissionDenied(f"Sie dürfen {noun} lesen, aber nicht bearbeiten.")


def _require_eigen(actor: User, obj: Akte | Vorgang) -> None:
    """zdA belongs to the owner Kommune: a Freigabe to work on an object is not one to close it."""
    if not may_close_zda(actor, obj):
        noun = "der Vorgang" if isinstance(obj, Vorgang) else "die Akte"
        raise PermissionDenied(f"zdA verfügt nur die Kommune, der {noun} gehört.")


def _check_oe(actor: User, oe: Organisationseinheit | None) -> Organisationseinheit:
    """The federführende OE: of the actor's Kommune; a clerk's own unless Registratur."""
    eigene = oe_ids(actor)
    if oe is None:
        if len(eigene) == 1:
            with scopes_disabled():
                return Organisationseinheit.objects.get(pk=eigene[0])
        raise ValidationError(
            "Bitte die federführende Organisationseinheit wählen.",
            {"federfuehrende_oe": "Bitte eine Organisationseinheit wählen."},
        )
    if oe.kommune_id != actor.kommune_id or not oe.aktiv:
        raise ValidationError(
            "Diese Organisationseinheit gibt es nicht.",
            {"federfuehrende_oe": "Bitte eine aktive Organisationseinheit Ihrer Kommune wählen."},
        )
    if oe.pk not in eigene and not actor.has_rolle(Rolle.REGISTRATUR):
        raise ValidationError(
            "Akten legen Sie für Ihre eigene Organisationseinheit an.",
            {"federfuehrende_oe": "Nur die Registratur legt Akten für andere Einheiten an."},
        )
    return oe


def _check_einheit(actor: User, einheit: Aktenplaneinheit | None) -> Aktenplaneinheit:
    if einheit is None or einheit.kommune_id not in (None, actor.kommune_id):
        raise ValidationError(
            "Diese Aktenplaneinheit gibt es nicht.",
            {"aktenplaneinheit": "Bitte eine Aktenplaneinheit wählen."},
        )
    if not einheit.ist_gueltig():
        raise ValidationError(
            f"Die Aktenplaneinheit {einheit.kennzeichen} ist geschlossen.",
            {"aktenplaneinheit": "Unter geschlossenen Einheiten werden keine Akten angelegt."},
        )
    return einheit


# --- Akte ---------------------------------------------------------------------


@transaction.atomic
def create_akte(
    actor: User,
    *,
    aktenplaneinheit: Aktenplaneinheit | None,
    betreff: str,
    federfuehrende_oe: Organisationseinheit | None = None,
    vertraulich: bool = False,
    beschreibung: str = "",
) -> Akte:
    """A clerk opens an Akte; its Aktenzeichen follows the Kommune's pattern.

    A vertrauliche Akte starts with the creator alone on its access list.
    """
    if not may_work(actor):
        raise PermissionDenied("Sie dürfen keine Akten anlegen.")
    errors: dict[str, str] = {}
    betreff = _text(errors, "betreff", betreff, required=True, limit=MAX_BETREFF)
    beschreibung = _text(errors, "beschreibung", beschreibung, required=False, limit=5000)
    if errors:
        raise ValidationError("Die Akte konnte nicht angelegt werden.", errors)
    einheit = _check_einheit(actor, aktenplaneinheit)
    oe = _check_oe(actor, federfuehrende_oe)
    now = timezone.now()
    akte = Akte.objects.create(
        kommune_id=actor.kommune_id,
        aktenplaneinheit=einheit,
        aktenzeichen=next_aktenzeichen(actor.kommune, einheit, oe),
        betreff=betreff,
        beschreibung=beschreibung,
        federfuehrende_oe=oe,
        vertraulich=bool(vertraulich),
        erstellt_von=actor,
        erstellt_am=now,
        geaendert_am=now,
    )
    if akte.vertraulich:
        AkteZugriff.objects.create(
            kommune_id=akte.kommune_id, akte=akte, user=actor, recht=Recht.BEARBEITEN
        )
    protokolliere(
        "akte.angelegt",
        akte,
        actor,
        {
            "aktenzeichen": akte.aktenzeichen,
            "betreff": betreff,
            "aktenplaneinheit": einheit.kennzeichen,
            "federfuehrende_oe": oe.kurzzeichen,
            "vertraulich": akte.vertraulich,
        },
    )
    return akte


@transaction.atomic
def update_akte(
    actor: User,
    akte: Akte,
    *,
    betreff: str,
    beschreibung: str = "",
    federfuehrende_oe: Organisationseinheit | None = None,
    vertraulich: bool | None = None,
) -> Akte:
    """Change an open Akte's metadata (not its Aktenzeichen or Aktenplaneinheit)."""
    akte = get_akte(actor, akte.pk, bearbeiten=True)
    require_offen(akte)
    errors: dict[str, str] = {}
    betreff = _text(errors, "betreff", betreff, required=True, limit=MAX_BETREFF)
    beschreibung = _text(errors, "beschreibung", beschreibung, required=False, limit=5000)
    if errors:
        raise ValidationError("Die Akte konnte nicht gespeichert werden.", errors)
    changes = {}
    if federfuehrende_oe is not None and federfuehrende_oe.pk != akte.federfuehrende_oe_id:
        if actor.kommune_id != akte.kommune_id:
            raise PermissionDenied("Die federführende Einheit ändert nur die eigene Kommune.")
        if federfuehrende_oe.kommune_id != akte.kommune_id or not federfuehrende_oe.aktiv:
            raise ValidationError(
                "Diese Organisationseinheit gibt es nicht.",
                {"federfuehrende_oe": "Bitte eine aktive Organisationseinheit wählen."},
            )
        changes["federfuehrende_oe"] = [
            akte.federfuehrende_oe.kurzzeichen,
            federfuehrende_oe.kurzzeichen,
        ]
        akte.federfuehrende_oe = federfuehrende_oe
    if vertraulich is not None and bool(vertraulich) != akte.vertraulich:
        if actor.kommune_id != akte.kommune_id:
            raise PermissionDenied("Die Vertraulichkeit ändert nur die eigene Kommune.")
        changes["vertraulich"] = [akte.vertraulich, bool(vertraulich)]
        akte.vertraulich = bool(vertraulich)
        if akte.vertraulich:
            # Whoever marks it vertraulich keeps access to it.
            AkteZugriff.objects.get_or_create(
                kommune_id=akte.kommune_id,
                akte=akte,
                user=actor,
                defaults={"recht": Recht.BEARBEITEN},
            )
    for field, value in (("betreff", betreff), ("beschreibung", beschreibung)):
        if getattr(akte, field) != value:
            changes[field] = [getattr(akte, field), value]
            setattr(akte, field, value)
    if changes:
        akte.geaendert_am = timezone.now()
        akte.save()
        reindex_akte(akte)
        protokolliere("akte.geaendert", akte, actor, {"aenderungen": changes})
    return akte


@transaction.atomic
def set_akte_zugriff(
    actor: User, akte: Akte, eintraege: list[tuple[User, str]]
) -> list[AkteZugriff]:
    """Replace the access list of a vertrauliche Akte (own Kommune only)."""
    if akte.kommune_id != actor.kommune_id:
        raise PermissionDenied("Die Zugriffsliste pflegt die eigene Kommune.")
    _require_bearbeiten(recht_an_akte(actor, akte), "diese Akte")
    require_offen(akte)
    wanted: dict[int, str] = {}
    for user, recht in eintraege:
        if user.kommune_id != akte.kommune_id or not user.is_active:
            raise ValidationError(
                "Diese Person gibt es in Ihrer Kommune nicht.",
                {"user_id": f"Person {user.pk} gehört nicht zu Ihrer Kommune."},
            )
        if recht not in Recht.values:
            raise ValidationError("Unbekanntes Recht.", {"recht": "lesen oder bearbeiten"})
        wanted[user.pk] = recht
    if not any(recht == Recht.BEARBEITEN for recht in wanted.values()):
        raise ValidationError(
            "Mindestens eine Person muss die Akte bearbeiten dürfen.",
            {"eintraege": "Mindestens eine Person mit dem Recht „bearbeiten“ eintragen."},
        )
    vorher = dict(AkteZugriff.objects.filter(akte=akte).values_list("user_id", "recht"))
    AkteZugriff.objects.filter(akte=akte).exclude(user_id__in=wanted).delete()
    for user_id, recht in wanted.items():
        AkteZugriff.objects.update_or_create(
            kommune_id=akte.kommune_id, akte=akte, user_id=user_id, defaults={"recht": recht}
        )
    protokolliere(
        "akte.zugriff_geaendert",
        akte,
        actor,
        {
            "vorher": {str(k): v for k, v in vorher.items()},
            "nachher": {str(k): v for k, v in wanted.items()},
        },
    )
    return list(AkteZugriff.objects.filter(akte=akte).select_related("user"))


def _verfuegung(text: str, field: str = "zda_verfuegung") -> str:
    text = clean_text(text)
    if not text:
        raise ValidationError(
            "Bitte die zdA-Verfügung angeben.", {field: "Bitte den Text der Verfügung angeben."}
        )
    if len(text) > 2000:
        raise ValidationError("Die Verfügung ist zu lang.", {field: "Höchstens 2000 Zeichen."})
    return text


@transaction.atomic
def close_akte_zda(actor: User, akte: Akte, *, verfuegung: str) -> Akte:
    """zdA for the whole Akte: only when every Vorgang in it is zdA."""
    akte = get_akte(actor, akte.pk, bearbeiten=True)
    _require_eigen(actor, akte)
    require_offen(akte)
    verfuegung = _verfuegung(verfuegung)
    with scopes_disabled():
        offen = list(
            Vorgang.objects.filter(akte_id=akte.pk, status=Aktenstatus.OFFEN).values_list(
                "aktenzeichen", flat=True
            )
        )
    if offen:
        raise Conflict(
            "Die Akte hat noch offene Vorgänge: "
            + ", ".join(offen[:5])
            + (" …" if len(offen) > 5 else "")
            + ". Bitte zuerst diese zdA verfügen.",
            {"vorgaenge": "Offene Vorgänge zuerst schließen."},
        )
    akte.status = Aktenstatus.ZDA
    akte.zda_am = timezone.localdate()
    akte.zda_verfuegung = verfuegung
    akte.geaendert_am = timezone.now()
    akte.save()
    protokolliere("akte.zda", akte, actor, {"verfuegung": verfuegung})
    return akte


def _require_amtsleitung(actor: User, obj: Akte | Vorgang) -> None:
    if actor.kommune_id != obj.kommune_id or not actor.has_rolle(Rolle.AMTSLEITUNG):
        raise PermissionDenied("Nur die Amtsleitung öffnet zdA verfügte Akten und Vorgänge wieder.")


@transaction.atomic
def reopen_akte(actor: User, akte: Akte, *, grund: str) -> Akte:
    """The Amtsleitung reopens a zdA Akte, stating why (audited)."""
    akte = get_akte(actor, akte.pk)
    _require_amtsleitung(actor, akte)
    if not akte.ist_zda:
        raise Conflict(f"Die Akte {akte.aktenzeichen} ist nicht zdA.")
    grund = _verfuegung(grund, "grund")
    akte.status = Aktenstatus.OFFEN
    vorher = {
        "zda_am": akte.zda_am.isoformat() if akte.zda_am else None,
        "verfuegung": akte.zda_verfuegung,
    }
    akte.zda_am = None
    akte.zda_verfuegung = ""
    akte.geaendert_am = timezone.now()
    akte.save()
    protokolliere("akte.wiedereroeffnet", akte, actor, {"grund": grund, "vorher": vorher})
    return akte


# --- Vorgang ----------------------------------------------------------------


def _check_bearbeiter(akte: Akte, bearbeiter: User | None) -> None:
    if bearbeiter is not None and (
        bearbeiter.kommune_id != akte.kommune_id or not bearbeiter.is_active
    ):
        raise ValidationError(
            "Diese Person gibt es in der Kommune der Akte nicht.",
            {"bearbeiter": "Bitte eine aktive Person der Kommune wählen."},
        )


def _check_frist(frist: datetime.date | None) -> None:
    if frist is not None and frist.year < 2000:
        raise ValidationError(
            "Die Frist ist nicht plausibel.", {"frist": "Bitte ein Datum ab 2000."}
        )


@transaction.atomic
def create_vorgang(
    actor: User,
    akte: Akte,
    *,
    betreff: str,
    beschreibung: str = "",
    frist: datetime.date | None = None,
    bearbeiter: User | None = None,
) -> Vorgang:
    """A new Vorgang in an open Akte: Aktenzeichen = Akte + "/" + next number.

    The Akte row is locked while the number is taken, so numbers have no gaps
    and no duplicates. Without `bearbeiter` the creator works on it (if they
    belong to the Akte's Kommune).
    """
    akte = get_akte(actor, akte.pk, bearbeiten=True)
    with scopes_disabled():
        akte = Akte.objects.select_for_update().get(pk=akte.pk)
    require_offen(akte)
    errors: dict[str, str] = {}
    betreff = _text(errors, "betreff", betreff, required=True, limit=MAX_BETREFF)
    beschreibung = _text(errors, "beschreibung", beschreibung, required=False, limit=5000)
    if errors:
        raise ValidationError("Der Vorgang konnte nicht angelegt werden.", errors)
    _check_frist(frist)
    if bearbeiter is None and actor.kommune_id == akte.kommune_id:
        bearbeiter = actor
    _check_bearbeiter(akte, bearbeiter)
    akte.letzte_vorgang_nr += 1
    akte.geaendert_am = timezone.now()
    akte.save(update_fields=["letzte_vorgang_nr", "geaendert_am"])
    vorgang = Vorgang.objects.create(
        kommune_id=akte.kommune_id,
        akte=akte,
        laufnr=akte.letzte_vorgang_nr,
        aktenzeichen=f"{akte.aktenzeichen}/{akte.letzte_vorgang_nr}",
        betreff=betreff,
        beschreibung=beschreibung,
        frist=frist,
        bearbeiter=bearbeiter,
        erstellt_von=actor,
        erstellt_am=akte.geaendert_am,
        geaendert_am=akte.geaendert_am,
    )
    protokolliere(
        "vorgang.angelegt",
        vorgang,
        actor,
        {
            "aktenzeichen": vorgang.aktenzeichen,
            "betreff": betreff,
            "akte": akte.pk,
            "vorgang": vorgang.pk,
        },
    )
    return vorgang


_UNSET = object()


@transaction.atomic
def update_vorgang(
    actor: User,
    vorgang: Vorgang,
    *,
    betreff: str,
    beschreibung: str = "",
    frist: datetime.date | None = None,
    bearbeiter: User | object | None = _UNSET,
) -> Vorgang:
    """Change an open Vorgang's Betreff, Beschreibung, Frist or Bearbeitung."""
    vorgang = get_vorgang(actor, vorgang.pk, bearbeiten=True)
    require_offen(vorgang)
    errors: dict[str, str] = {}
    betreff = _text(errors, "betreff", betreff, required=True, limit=MAX_BETREFF)
    beschreibung = _text(errors, "beschreibung", beschreibung, required=False, limit=5000)
    if errors:
        raise ValidationError("Der Vorgang konnte nicht gespeichert werden.", errors)
    _check_frist(frist)
    changes = {}
    for field, value in (("betreff", betreff), ("beschreibung", beschreibung), ("frist", frist)):
        if getattr(vorgang, field) != value:
            changes[field] = [str(getattr(vorgang, field) or ""), str(value or "")]
            setattr(vorgang, field, value)
    if bearbeiter is not _UNSET and getattr(bearbeiter, "pk", None) != vorgang.bearbeiter_id:
        _check_bearbeiter(vorgang.akte, bearbeiter)
        changes["bearbeiter"] = [
            vorgang.bearbeiter.username if vorgang.bearbeiter else "",
            bearbeiter.username if bearbeiter else "",
        ]
        vorgang.bearbeiter = bearbeiter
    if changes:
        vorgang.geaendert_am = timezone.now()
        vorgang.save()
        reindex_vorgang(vorgang)
        protokolliere(
            "vorgang.geaendert", vorgang, actor, {"aenderungen": changes, "vorgang": vorgang.pk}
        )
    return vorgang


@transaction.atomic
def move_vorgang(actor: User, vorgang: Vorgang, ziel: Akte) -> Vorgang:
    """Move an open Vorgang into another open Akte of the same Kommune.

    It gets the next number there; its old Aktenzeichen stays in
    `fruehere_aktenzeichen` and in the history.
    """
    vorgang = get_vorgang(actor, vorgang.pk, bearbeiten=True)
    if vorgang.kommune_id != actor.kommune_id:
        raise PermissionDenied("Vorgänge verschiebt nur die Kommune, der sie gehören.")
    require_offen(vorgang)
    ziel = get_akte(actor, ziel.pk, bearbeiten=True)
    if ziel.kommune_id != vorgang.kommune_id:
        raise ValidationError(
            "Diese Akte gibt es nicht.", {"ziel_akte_id": "Bitte eine Akte Ihrer Kommune wählen."}
        )
    if ziel.pk == vorgang.akte_id:
        raise ValidationError(
            "Der Vorgang liegt schon in dieser Akte.",
            {"ziel_akte_id": "Bitte eine andere Akte wählen."},
        )
    ziel = Akte.objects.select_for_update().get(pk=ziel.pk)
    require_offen(ziel)
    alt = vorgang.aktenzeichen
    now = timezone.now()
    ziel.letzte_vorgang_nr += 1
    ziel.geaendert_am = now
    ziel.save(update_fields=["letzte_vorgang_nr", "geaendert_am"])
    quelle = vorgang.akte
    vorgang.akte = ziel
    vorgang.laufnr = ziel.letzte_vorgang_nr
    vorgang.aktenzeichen = f"{ziel.aktenzeichen}/{ziel.letzte_vorgang_nr}"
    vorgang.fruehere_aktenzeichen = [
        *vorgang.fruehere_aktenzeichen,
        {"aktenzeichen": alt, "bis": now.isoformat()},
    ]
    vorgang.geaendert_am = now
    vorgang.save()
    reindex_vorgang(vorgang)
    touch(quelle)
    protokolliere(
        "vorgang.verschoben",
        vorgang,
        actor,
        {
            "von": alt,
            "nach": vorgang.aktenzeichen,
            "von_akte": quelle.pk,
            "nach_akte": ziel.pk,
            "vorgang": vorgang.pk,
        },
    )
    return vorgang


@transaction.atomic
def close_vorgang_zda(actor: User, vorgang: Vorgang, *, verfuegung: str) -> Vorgang:
    """zdA: the Vorgang and its Dokumente become read-only; the retention clock starts."""
    vorgang = get_vorgang(actor, vorgang.pk, bearbeiten=True)
    _require_eigen(actor, vorgang)
    require_offen(vorgang)
    verfuegung = _verfuegung(verfuegung)
    vorgang.status = Aktenstatus.ZDA
    vorgang.zda_am = timezone.localdate()
    vorgang.zda_verfuegung = verfuegung
    vorgang.geaendert_am = timezone.now()
    vorgang.save()
    reindex_vorgang(vorgang)
    protokolliere("vorgang.zda", vorgang, actor, {"verfuegung": verfuegung, "vorgang": vorgang.pk})
    return vorgang


@transaction.atomic
def reopen_vorgang(actor: User, vorgang: Vorgang, *, grund: str) -> Vorgang:
    """The Amtsleitung reopens a zdA Vorgang (its Akte must be open), with a reason."""
    vorgang = get_vorgang(actor, vorgang.pk)
    _require_amtsleitung(actor, vorgang)
    if not vorgang.ist_zda:
        raise Conflict(f"Der Vorgang {vorgang.aktenzeichen} ist nicht zdA.")
    if vorgang.akte.ist_zda:
        raise Conflict(
            f"Die Akte {vorgang.akte.aktenzeichen} ist zdA; bitte zuerst die Akte wieder öffnen."
        )
    grund = _verfuegung(grund, "grund")
    vorher = {
        "zda_am": vorgang.zda_am.isoformat() if vorgang.zda_am else None,
        "verfuegung": vorgang.zda_verfuegung,
    }
    vorgang.status = Aktenstatus.OFFEN
    vorgang.zda_am = None
    vorgang.zda_verfuegung = ""
    vorgang.geaendert_am = timezone.now()
    vorgang.save()
    reindex_vorgang(vorgang)
    protokolliere(
        "vorgang.wiedereroeffnet",
        vorgang,
        actor,
        {"grund": grund, "vorher": vorher, "vorgang": vorgang.pk},
    )
    return vorgang
