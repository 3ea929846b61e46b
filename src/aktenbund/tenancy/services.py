"""What the Verbund admin and the Kommune-Admins do: Kommunen, OEs, users, roles,
Vertretungen, API tokens. One function per action, each one transaction with
its audit event.

Inside a Kommune the Verbund administration only appoints the first
Kommune-Admin; everything else needs the Kommune's Supportfreigabe
(`aktenbund.tenancy.supportfreigaben`).
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from aktenbund.audit.services import ensure_chain, record
from aktenbund.errors import Conflict, NotFound, PermissionDenied, ValidationError
from aktenbund.tenancy.models import (
    AGS_VALIDATOR,
    ApiToken,
    Kommune,
    Mitgliedschaft,
    Organisationseinheit,
    Rolle,
    Rollenzuweisung,
    User,
    Verbund,
    Vertretung,
)
from aktenbund.tenancy.scope import kommune_scope
from aktenbund.tenancy.supportfreigaben import (
    SUPPORT_NOETIG,
    aktive_supportfreigabe,
    record_verwaltung,
)

TOKEN_PREFIX = "abt_"


# --- permission helpers ---------------------------------------------------


def require_verbund_admin(actor: User) -> None:
    if not (actor.is_authenticated and actor.is_verbund_admin and actor.is_active):
        # Existence of Verbund administration is not revealed to others.
        raise NotFound("Nicht gefunden.")


def can_administer(actor: User, kommune_id: int) -> bool:
    """Kommune-Admins administer their own Kommune; the Verbund administration
    only while the Kommune's Supportfreigabe is in force."""
    if not actor.is_authenticated or not actor.is_active:
        return False
    if actor.is_verbund_admin:
        return aktive_supportfreigabe(kommune_id) is not None
    return actor.kommune_id == kommune_id and actor.is_kommune_admin


def require_administer(actor: User, kommune_id: int) -> None:
    """404 for another Kommune's administration, 403 without the right (for the
    Verbund administration: without a Supportfreigabe)."""
    if actor.kommune_id is not None and actor.kommune_id != kommune_id:
        raise NotFound("Nicht gefunden.")
    if can_administer(actor, kommune_id):
        return
    if actor.is_verbund_admin:
        raise PermissionDenied(SUPPORT_NOETIG)
    raise PermissionDenied("Nur die Administration der Kommune darf das.")


def has_kommune_admin(kommune_id: int) -> bool:
    """Whether the Kommune has an active Kommune-Admin."""
    with kommune_scope(kommune_id):
        return Rollenzuweisung.objects.filter(
            rolle=Rolle.KOMMUNE_ADMIN, user__is_active=True
        ).exists()


def _appoints_first_admin(
    actor: User, kommune: Kommune, rollen: list[str], oe_ids: list[int]
) -> bool:
    """The Verbund administration appoints a Kommune-Admin where there is none.

    Only the role Kommune-Admin and no OE (an OE would open the OE's Akten);
    that person then administers the Kommune. Also the way back in when a
    Kommune's last Kommune-Admin left.
    """
    return (
        actor.is_authenticated
        and actor.is_active
        and actor.is_verbund_admin
        and rollen == [Rolle.KOMMUNE_ADMIN]
        and not oe_ids
        and not has_kommune_admin(kommune.pk)
    )


def _audit_chain_of(user: User) -> int | None:
    return user.kommune_id


# --- Verbund and Kommunen -------------------------------------------------


def get_verbund() -> Verbund:
    verbund = Verbund.objects.order_by("pk").first()
    if verbund is None:
        raise NotFound("Es ist noch kein Verbund eingerichtet.")
    return verbund


def aktive_kommune_ids() -> list[int]:
    """Every active Kommune's id: the periodic jobs work through them one scope at a time."""
    return list(Kommune.objects.filter(aktiv=True).order_by("pk").values_list("pk", flat=True))


def _validate_kommune_fields(name: str, ags: str, einwohner: int | None) -> dict[str, str]:
    errors = {}
    if not name.strip():
        errors["name"] = "Bitte einen Namen angeben."
    try:
        AGS_VALIDATOR(ags)
    except DjangoValidationError as exc:
        errors["ags"] = exc.messages[0]
    if einwohner is None or einwohner < 0:
        errors["einwohner"] = "Bitte eine Einwohnerzahl ab 0 angeben."
    return errors


@transaction.atomic
def create_kommune(
    actor: User, *, name: str, ags: str, einwohner: int, ist_stadt: bool = False
) -> Kommune:
    """Register a new Kommune in the Verbund and start its audit chain."""
    require_verbund_admin(actor)
    ags = (ags or "").strip()
    errors = _validate_kommune_fields(name, ags, einwohner)
    if not errors and Kommune.objects.filter(ags=ags).exists():
        errors["ags"] = f"Eine Kommune mit dem AGS {ags} gibt es bereits."
    if errors:
        raise ValidationError("Die Kommune konnte nicht angelegt werden.", errors)
    kommune = Kommune.objects.create(
        verbund=get_verbund(), name=name.strip(), ags=ags, einwohner=einwohner, ist_stadt=ist_stadt
    )
    details = {"name": kommune.name, "ags": ags, "einwohner": einwohner}
    with kommune_scope(None):
        record("kommune.angelegt", kommune_id=None, actor=actor, obj=kommune, details=details)
    with kommune_scope(kommune):
        ensure_chain(kommune.pk)
        record("kommune.angelegt", kommune_id=kommune.pk, actor=actor, obj=kommune, details=details)
    return kommune


@transaction.atomic
def update_kommune(
    actor: User, kommune: Kommune, *, name: str, einwohner: int, ist_stadt: bool
) -> Kommune:
    """Change a Kommune's name, Einwohner or Stadt flag (the AGS never changes)."""
    require_verbund_admin(actor)
    errors = _validate_kommune_fields(name, kommune.ags, einwohner)
    if errors:
        raise ValidationError("Die Kommune konnte nicht geändert werden.", errors)
    before = {"name": kommune.name, "einwohner": kommune.einwohner, "ist_stadt": kommune.ist_stadt}
    kommune.name, kommune.einwohner, kommune.ist_stadt = name.strip(), einwohner, ist_stadt
    kommune.save(update_fields=["name", "einwohner", "ist_stadt"])
    after = {"name": kommune.name, "einwohner": kommune.einwohner, "ist_stadt": kommune.ist_stadt}
    with kommune_scope(kommune):
        record(
            "kommune.geaendert",
            kommune_id=kommune.pk,
            actor=actor,
            obj=kommune,
            details={"vorher": before, "nachher": after},
        )
    return kommune


# --- Organisationseinheiten -----------------------------------------------


def _check_parent(kommune_id: int, parent: Organisationseinheit | None, oe=None) -> None:
    if parent is None:
        return
    if parent.kommune_id != kommune_id:
        raise ValidationError(
            "Ungültige übergeordnete Einheit.", {"parent": "Einheit gehört nicht zur Kommune."}
        )
    node = parent
    while node is not None:
        if oe is not None and node.pk == oe.pk:
            raise ValidationError(
                "Ungültige übergeordnete Einheit.",
                {"parent": "Eine Einheit kann nicht unter sich selbst stehen."},
            )
        node = node.parent


@transaction.atomic
def create_organisationseinheit(
    actor: User,
    kommune: Kommune,
    *,
    name: str,
    kurzzeichen: str,
    parent: Organisationseinheit | None = None,
) -> Organisationseinheit:
    """Add an office to the Kommune's OE tree."""
    require_administer(actor, kommune.pk)
    errors = {}
    if not name.strip():
        errors["name"] = "Bitte eine Bezeichnung angeben."
    if not kurzzeichen.strip():
        errors["kurzzeichen"] = "Bitte ein Kurzzeichen angeben."
    if errors:
        raise ValidationError("Die Organisationseinheit konnte nicht angelegt werden.", errors)
    with kommune_scope(kommune):
        _check_parent(kommune.pk, parent)
        if Organisationseinheit.objects.filter(kurzzeichen=kurzzeichen.strip()).exists():
            raise Conflict(
                "Das Kurzzeichen ist schon vergeben.",
                {"kurzzeichen": f"„{kurzzeichen}“ ist schon vergeben."},
            )
        oe = Organisationseinheit.objects.create(
            kommune=kommune, name=name.strip(), kurzzeichen=kurzzeichen.strip(), parent=parent
        )
        record_verwaltung(
            "oe.angelegt",
            kommune_id=kommune.pk,
            actor=actor,
            obj=oe,
            details={
                "name": oe.name,
                "kurzzeichen": oe.kurzzeichen,
                "parent": parent and parent.pk,
            },
        )
    return oe


@transaction.atomic
def update_organisationseinheit(
    actor: User,
    oe: Organisationseinheit,
    *,
    name: str,
    kurzzeichen: str,
    parent: Organisationseinheit | None,
    aktiv: bool = True,
) -> Organisationseinheit:
    """Rename, move in the tree or (de)activate an OE. OEs are never deleted."""
    require_administer(actor, oe.kommune_id)
    errors = {}
    if not name.strip():
        errors["name"] = "Bitte eine Bezeichnung angeben."
    if not kurzzeichen.strip():
        errors["kurzzeichen"] = "Bitte ein Kurzzeichen angeben."
    if errors:
        raise ValidationError("Die Organisationseinheit konnte nicht geändert werden.", errors)
    with kommune_scope(oe.kommune_id):
        _check_parent(oe.kommune_id, parent, oe)
        taken = Organisationseinheit.objects.filter(kurzzeichen=kurzzeichen.strip())
        if taken.exclude(pk=oe.pk).exists():
            raise Conflict(
                "Das Kurzzeichen ist schon vergeben.",
                {"kurzzeichen": f"„{kurzzeichen}“ ist schon vergeben."},
            )
        before = {"name": oe.name, "kurzzeichen": oe.kurzzeichen, "parent": oe.parent_id}
        before["aktiv"] = oe.aktiv
        oe.name, oe.kurzzeichen, oe.parent, oe.aktiv = (
            name.strip(),
            kurzzeichen.strip(),
            parent,
            aktiv,
        )
        oe.save()
        after = {"name": oe.name, "kurzzeichen": oe.kurzzeichen, "parent": oe.parent_id}
        after["aktiv"] = oe.aktiv
        record_verwaltung(
            "oe.geaendert",
            kommune_id=oe.kommune_id,
            actor=actor,
            obj=oe,
            details={"vorher": before, "nachher": after},
        )
    return oe


def oe_tree(kommune_id: int) -> list[tuple[Organisationseinheit, int]]:
    """The Kommune's OEs in tree order with their depth (call inside its scope)."""
    nodes = list(Organisationseinheit.objects.filter(kommune_id=kommune_id))
    children: dict[int | None, list[Organisationseinheit]] = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)
    ordered: list[tuple[Organisationseinheit, int]] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for node in sorted(children.get(parent_id, []), key=lambda n: (n.kurzzeichen, n.name)):
            ordered.append((node, depth))
            walk(node.pk, depth + 1)

    walk(None, 0)
    return ordered


# --- users and roles ------------------------------------------------------


def _validate_rollen(rollen: Iterable[str]) -> list[str]:
    valid = set(Rolle.values)
    rollen = sorted(set(rollen))
    unknown = [r for r in rollen if r not in valid]
    if unknown:
        raise ValidationError(
            "Unbekannte Rolle.", {"rollen": f"Unbekannte Rolle(n): {', '.join(unknown)}"}
        )
    return rollen


def _oes_of(kommune_id: int, oe_ids: Iterable[int]) -> list[Organisationseinheit]:
    oe_ids = set(oe_ids)
    oes = list(Organisationseinheit.objects.filter(pk__in=oe_ids))
    if len(oes) != len(oe_ids):
        raise ValidationError(
            "Unbekannte Organisationseinheit.",
            {"organisationseinheiten": "Mindestens eine Einheit gibt es in dieser Kommune nicht."},
        )
    return oes


def _set_rollen_and_oes(user: User, rollen: list[str], oes: list[Organisationseinheit]) -> None:
    Rollenzuweisung.objects.filter(user=user).exclude(rolle__in=rollen).delete()
    have = set(Rollenzuweisung.objects.filter(user=user).values_list("rolle", flat=True))
    Rollenzuweisung.objects.bulk_create(
        Rollenzuweisung(kommune_id=user.kommune_id, user=user, rolle=r)
        for r in rollen
        if r not in have
    )
    oe_ids = [oe.pk for oe in oes]
    Mitgliedschaft.objects.filter(user=user).exclude(organisationseinheit_id__in=oe_ids).delete()
    have_oes = set(
        Mitgliedschaft.objects.filter(user=user).values_list("organisationseinheit_id", flat=True)
    )
    Mitgliedschaft.objects.bulk_create(
        Mitgliedschaft(kommune_id=user.kommune_id, user=user, organisationseinheit=oe)
        for oe in oes
        if oe.pk not in have_oes
    )
    if hasattr(user, "_rollen_cache"):
        del user._rollen_cache


def generate_password() -> str:
    """A one-time password the user must change at first sign-in."""
    return "-".join(secrets.token_urlsafe(6) for _ in range(3))


def _validate_user_fields(username: str, email: str) -> dict[str, str]:
    errors = {}
    if not username or not username.strip():
        errors["username"] = "Bitte einen Benutzernamen angeben."
    elif len(username) > 150 or not all(c.isalnum() or c in "._-@" for c in username):
        errors["username"] = "Nur Buchstaben, Ziffern und . _ - @ sind erlaubt (höchstens 150)."
    if email and "@" not in email:
        errors["email"] = "Bitte eine gültige E-Mail-Adresse angeben."
    return errors


@transaction.atomic
def create_user(
    actor: User,
    kommune: Kommune,
    *,
    username: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    rollen: Iterable[str] = (),
    organisationseinheit_ids: Iterable[int] = (),
    password: str | None = None,
) -> tuple[User, str]:
    """Create a user of `kommune` with roles and OE memberships.

    Returns the user and the initial password, which must be changed at the
    first sign-in unless it was given explicitly (demo data).
    """
    rollen = _validate_rollen(rollen)
    organisationseinheit_ids = list(organisationseinheit_ids)
    if not _appoints_first_admin(actor, kommune, rollen, organisationseinheit_ids):
        require_administer(actor, kommune.pk)
    errors = _validate_user_fields(username, email)
    if errors:
        raise ValidationError("Die Person konnte nicht angelegt werden.", errors)
    if User.objects.filter(username__iexact=username.strip()).exists():
        raise Conflict(
            "Der Benutzername ist schon vergeben.",
            {"username": f"„{username}“ ist schon vergeben."},
        )
    initial = password or generate_password()
    with kommune_scope(kommune):
        oes = _oes_of(kommune.pk, organisationseinheit_ids)
        try:
            user = User.objects.create_user(
                username=username.strip(),
                password=initial,
                first_name=first_name.strip(),
                last_name=last_name.strip(),
                email=email.strip(),
                kommune=kommune,
                must_change_password=password is None,
            )
        except IntegrityError as exc:
            raise Conflict("Der Benutzername ist schon vergeben.", {"username": username}) from exc
        _set_rollen_and_oes(user, rollen, oes)
        record_verwaltung(
            "benutzer.angelegt",
            kommune_id=kommune.pk,
            actor=actor,
            obj=user,
            details={
                "username": user.username,
                "rollen": rollen,
                "organisationseinheiten": [oe.pk for oe in oes],
            },
        )
    return user, initial


@transaction.atomic
def update_user(
    actor: User,
    user: User,
    *,
    first_name: str,
    last_name: str,
    email: str,
    rollen: Iterable[str],
    organisationseinheit_ids: Iterable[int],
) -> User:
    """Change a user's name, e-mail, roles and OE memberships."""
    if user.kommune_id is None:
        raise NotFound("Nicht gefunden.")
    require_administer(actor, user.kommune_id)
    errors = _validate_user_fields(user.username, email)
    if errors:
        raise ValidationError("Die Person konnte nicht geändert werden.", errors)
    rollen = _validate_rollen(rollen)
    if user.pk == actor.pk and Rolle.KOMMUNE_ADMIN not in rollen and not actor.is_verbund_admin:
        raise Conflict(
            "Sie können sich die Administration nicht selbst entziehen.",
            {"rollen": "Die Rolle Kommune-Admin kann nicht selbst entfernt werden."},
        )
    with kommune_scope(user.kommune_id):
        oes = _oes_of(user.kommune_id, organisationseinheit_ids)
        before = {"rollen": sorted(user.rollen()), "email": user.email}
        user.first_name, user.last_name, user.email = (
            first_name.strip(),
            last_name.strip(),
            email.strip(),
        )
        user.save(update_fields=["first_name", "last_name", "email"])
        _set_rollen_and_oes(user, rollen, oes)
        record_verwaltung(
            "benutzer.geaendert",
            kommune_id=user.kommune_id,
            actor=actor,
            obj=user,
            details={
                "vorher": before,
                "nachher": {"rollen": rollen, "email": user.email},
                "organisationseinheiten": [oe.pk for oe in oes],
            },
        )
    return user


@transaction.atomic
def set_user_active(actor: User, user: User, *, active: bool) -> User:
    """Deactivate (or reactivate) a user. Nothing they wrote is removed."""
    if user.kommune_id is None:
        raise NotFound("Nicht gefunden.")
    require_administer(actor, user.kommune_id)
    if user.pk == actor.pk and not active:
        raise Conflict("Sie können sich nicht selbst deaktivieren.")
    user.is_active = active
    user.save(update_fields=["is_active"])
    if not active:
        _revoke_api_tokens(user)
        _end_vertretungen_of(actor, user)
    record_verwaltung(
        "benutzer.aktiviert" if active else "benutzer.deaktiviert",
        kommune_id=user.kommune_id,
        actor=actor,
        obj=user,
    )
    return user


def _revoke_api_tokens(user: User) -> int:
    return ApiToken.objects.filter(user=user, widerrufen_am__isnull=True).update(
        widerrufen_am=timezone.now()
    )


def _end_vertretungen_of(actor: User, user: User) -> None:
    """A deactivated person neither deputises nor hands on rights: their running and
    planned Vertretungen (either side) end now."""
    today = timezone.localdate()
    with kommune_scope(user.kommune_id):
        offen = Vertretung.objects.filter(
            Q(vertreter=user) | Q(vertretene_person=user), bis__gte=today, beendet_am__isnull=True
        ).select_for_update()
        for vertretung in offen:
            vertretung.beendet_am = timezone.now()
            vertretung.save(update_fields=["beendet_am"])
            record(
                "vertretung.beendet",
                kommune_id=user.kommune_id,
                actor=actor,
                obj=vertretung,
                details={"grund": "deaktiviert", "person": user.username},
            )


@transaction.atomic
def reset_password(actor: User, user: User) -> str:
    """Give the user a one-time password; they must choose a new one at sign-in.

    Whoever held the account before is locked out: the user's API tokens are
    revoked, and their sessions end because a session carries a hash of the
    password (Django checks it on every request).
    """
    if user.kommune_id is None:
        require_verbund_admin(actor)
    else:
        require_administer(actor, user.kommune_id)
    password = generate_password()
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    details = {"api_tokens_widerrufen": _revoke_api_tokens(user)}
    if user.kommune_id is None:
        with kommune_scope(None):
            record(
                "benutzer.passwort_zurueckgesetzt",
                kommune_id=None,
                actor=actor,
                obj=user,
                details=details,
            )
    else:
        record_verwaltung(
            "benutzer.passwort_zurueckgesetzt",
            kommune_id=user.kommune_id,
            actor=actor,
            obj=user,
            details=details,
        )
    return password


@transaction.atomic
def change_own_password(user: User, *, old_password: str, new_password: str) -> None:
    """The signed-in user replaces their password."""
    if not user.check_password(old_password):
        raise ValidationError(
            "Das bisherige Passwort stimmt nicht.", {"old_password": "Passwort stimmt nicht."}
        )
    try:
        password_validation.validate_password(new_password, user)
    except DjangoValidationError as exc:
        raise ValidationError(
            "Das neue Passwort ist zu schwach.", {"new_password": " ".join(exc.messages)}
        ) from exc
    user.set_password(new_password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    with kommune_scope(user.kommune_id):
        record("benutzer.passwort_geaendert", kommune_id=user.kommune_id, actor=user, obj=user)


@contextmanager
def verbund_access(actor: User, kommune: Kommune) -> Iterator[None]:
    """Open a Kommune's scope for the Verbund administration, audited in its chain.

    The Verbund administration operates Kommunen (users, roles) but reads no
    records; every switch into a Kommune is recorded there.
    """
    require_verbund_admin(actor)
    with kommune_scope(kommune):
        record("verbund_admin.zugriff", kommune_id=kommune.pk, actor=actor, obj=kommune)
        yield


def users_of(actor: User, kommune_id: int) -> QuerySet[User]:
    """The users of one Kommune, for its administration."""
    require_administer(actor, kommune_id)
    return User.objects.filter(kommune_id=kommune_id)


def get_user(actor: User, user_id: int) -> User:
    """A user the actor may administer; 404 for anyone else's."""
    user = User.objects.filter(pk=user_id, kommune__isnull=False).first()
    if user is None or (actor.kommune_id is not None and user.kommune_id != actor.kommune_id):
        raise NotFound("Diese Person gibt es nicht.")
    require_administer(actor, user.kommune_id)
    return user


@transaction.atomic
def create_verbund_admin(username: str, password: str, *, first_name="", last_name="") -> User:
    """Create a Verbund administrator (used by setup and demo data)."""
    user = User.objects.create_user(
        username=username,
        password=password,
        first_name=first_name,
        last_name=last_name,
        is_verbund_admin=True,
    )
    with kommune_scope(None):
        record("verbund_admin.angelegt", kommune_id=None, obj=user, details={"username": username})
    return user


# --- Vertretungen ---------------------------------------------------------


@transaction.atomic
def create_vertretung(
    actor: User,
    *,
    vertretene_person: User,
    vertreter: User,
    von: datetime.date | None,
    bis: datetime.date | None,
    grund: str = "",
) -> Vertretung:
    """Record that `vertreter` deputises for `vertretene_person` from `von` until `bis`.

    The Kommune-Admin records anyone's; every user may record their own. A
    Vertretung starts today or later (at most a year ahead), always ends, and
    lasts at most `AKTENBUND_VERTRETUNG_MAX_TAGE` days; both persons must be
    active. It hands on the person's rights in the own Kommune, but Freigaben
    of other Kommunen only where they allow it (`records.services.zugriff`).
    """
    kommune_id = vertretene_person.kommune_id
    if kommune_id is None or actor.kommune_id != kommune_id:
        raise NotFound("Diese Person gibt es nicht.")
    if vertreter.kommune_id != kommune_id:
        raise ValidationError(
            "Die Vertretung muss zur selben Kommune gehören.",
            {"vertreter": "Diese Person gibt es in Ihrer Kommune nicht."},
        )
    if actor.pk != vertretene_person.pk and not actor.is_kommune_admin:
        raise PermissionDenied("Nur die eigene Vertretung oder die Administration darf das.")
    errors = _check_vertretung(vertretene_person, vertreter, von, bis)
    if errors:
        raise ValidationError("Die Vertretung konnte nicht angelegt werden.", errors)
    with kommune_scope(kommune_id):
        vertretung = Vertretung.objects.create(
            kommune_id=kommune_id,
            vertretene_person=vertretene_person,
            vertreter=vertreter,
            von=von,
            bis=bis,
            grund=grund.strip(),
            erstellt_von=actor,
        )
        record(
            "vertretung.angelegt",
            kommune_id=kommune_id,
            actor=actor,
            obj=vertretung,
            details={
                "vertretene_person": vertretene_person.username,
                "vertreter": vertreter.username,
                "von": von,
                "bis": bis,
                "grund": vertretung.grund,
            },
        )
    return vertretung


def vertretung_max_tage() -> int:
    """The longest Vertretung in days (`von` and `bis` both count)."""
    return settings.AKTENBUND_VERTRETUNG_MAX_TAGE


def _check_vertretung(
    vertretene_person: User,
    vertreter: User,
    von: datetime.date | None,
    bis: datetime.date | None,
) -> dict[str, str]:
    errors = {}
    today = timezone.localdate()
    if vertreter.pk == vertretene_person.pk:
        errors["vertreter"] = "Eine Person kann sich nicht selbst vertreten."
    elif not vertreter.is_active:
        errors["vertreter"] = "Diese Person ist deaktiviert."
    if not vertretene_person.is_active:
        errors["vertretene_person"] = "Diese Person ist deaktiviert."
    if von is None:
        errors["von"] = "Bitte ein Anfangsdatum angeben."
    elif von < today:
        errors["von"] = "Eine Vertretung beginnt frühestens heute."
    elif von > today + datetime.timedelta(days=366):
        errors["von"] = "Eine Vertretung beginnt höchstens ein Jahr im Voraus."
    if bis is None:
        errors["bis"] = "Bitte ein Enddatum angeben."
    elif von is not None and bis < von:
        errors["bis"] = "Das Enddatum liegt vor dem Anfangsdatum."
    elif von is not None and (bis - von).days + 1 > vertretung_max_tage():
        errors["bis"] = f"Eine Vertretung dauert höchstens {vertretung_max_tage()} Tage."
    return errors


@transaction.atomic
def end_vertretung(actor: User, vertretung: Vertretung, *, bis: datetime.date) -> Vertretung:
    """End a Vertretung early, after the day `bis` (kept for the record, not deleted).

    Ending it before its start ends it at once; an end is never moved later.
    """
    if actor.kommune_id != vertretung.kommune_id:
        raise NotFound("Diese Vertretung gibt es nicht.")
    if actor.pk not in (vertretung.vertretene_person_id,) and not actor.is_kommune_admin:
        raise PermissionDenied("Nur die eigene Vertretung oder die Administration darf das.")
    details: dict = {"bis": min(bis, vertretung.bis)}
    with kommune_scope(vertretung.kommune_id):
        if bis < vertretung.von:
            vertretung.beendet_am = timezone.now()
            details = {"bis": vertretung.bis, "vor_beginn": True}
        else:
            vertretung.bis = details["bis"]
        vertretung.save(update_fields=["bis", "beendet_am"])
        record(
            "vertretung.beendet",
            kommune_id=vertretung.kommune_id,
            actor=actor,
            obj=vertretung,
            details=details,
        )
    return vertretung


def vertretungen_fuer(user: User, day: datetime.date | None = None) -> QuerySet[Vertretung]:
    """Whom `user` deputises for on `day` (today by default)."""
    return Vertretung.objects.filter(vertreter=user).aktiv(day)


def vertretungen_von(user: User) -> QuerySet[Vertretung]:
    """Who deputises for `user` now or later: running and planned Vertretungen,
    without those that ran out or were ended early (e.g. by a deactivation)."""
    return Vertretung.objects.filter(
        vertretene_person=user, beendet_am__isnull=True, bis__gte=timezone.localdate()
    )


# --- API tokens -----------------------------------------------------------


def _hash_token(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode()).hexdigest()


@transaction.atomic
def create_api_token(user: User, name: str = "API-Token") -> tuple[ApiToken, str]:
    """A new personal token; the plaintext is returned once and stored only hashed."""
    if not user.is_active:
        raise Conflict("Für deaktivierte Personen gibt es keine Tokens.")
    plaintext = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=(name or "API-Token").strip()[:100],
        prefix=plaintext[: len(TOKEN_PREFIX) + 6],
        token_hash=_hash_token(plaintext),
    )
    with kommune_scope(user.kommune_id):
        record(
            "api_token.erstellt",
            kommune_id=user.kommune_id,
            actor=user,
            obj=token,
            details={"name": token.name, "prefix": token.prefix},
        )
    return token, plaintext


@transaction.atomic
def revoke_api_token(actor: User, token: ApiToken) -> ApiToken:
    """Revoke a token at once; requests with it get 401 from then on."""
    owner = token.user
    if actor.pk != owner.pk:
        if owner.kommune_id is None:
            raise NotFound("Dieses Token gibt es nicht.")
        require_administer(actor, owner.kommune_id)
    if token.widerrufen_am is None:
        token.widerrufen_am = timezone.now()
        token.save(update_fields=["widerrufen_am"])
        with kommune_scope(owner.kommune_id):
            record(
                "api_token.widerrufen",
                kommune_id=owner.kommune_id,
                actor=actor,
                obj=token,
                details={"prefix": token.prefix},
            )
    return token


def authenticate_token(plaintext: str) -> User | None:
    """The active user a valid, unrevoked token belongs to, else None."""
    if not plaintext.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=_hash_token(plaintext), widerrufen_am__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.zuletzt_benutzt is None or (now - token.zuletzt_benutzt).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(zuletzt_benutzt=now)
    return token.user
