"""The Verbund, its Kommunen, their Organisationseinheiten, users and roles.

`Kommune` is the tenant. Every tenant-owned model carries
`kommune = ForeignKey(Kommune, PROTECT)` and a `KommuneManager` (tenancy.managers), and is fenced
on PostgreSQL by row-level security (see `aktenbund.tenancy.rls`).
Users and API tokens are the identity layer: they are looked up before any
scope exists (sign-in), so they carry their Kommune but are not scoped.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone

from aktenbund.tenancy.managers import KommuneManager

# ASCII digits only (`\d` takes full-width digits: a second Kommune for one AGS).
AGS_VALIDATOR = RegexValidator(
    r"^[0-9]{8}\Z", "Der Amtliche Gemeindeschlüssel (AGS) besteht aus genau 8 Ziffern."
)


class Verbund(models.Model):
    """The cooperation of Kommunen that runs this installation (one row)."""

    name = models.CharField("Name", max_length=200)
    kurzname = models.CharField("Kurzname", max_length=50, blank=True)

    class Meta:
        verbose_name = "Verbund"
        verbose_name_plural = "Verbünde"

    def __str__(self) -> str:
        return self.name


class Kommune(models.Model):
    """One municipality: the tenant."""

    verbund = models.ForeignKey(Verbund, on_delete=models.PROTECT, related_name="kommunen")
    name = models.CharField("Name", max_length=200)
    ags = models.CharField(
        "Amtlicher Gemeindeschlüssel", max_length=8, unique=True, validators=[AGS_VALIDATOR]
    )
    einwohner = models.PositiveIntegerField("Einwohner", validators=[MinValueValidator(0)])
    ist_stadt = models.BooleanField("Stadt", default=False)
    aktiv = models.BooleanField("aktiv", default=True)
    erstellt_am = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "Kommune"
        verbose_name_plural = "Kommunen"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Rolle(models.TextChoices):
    SACHBEARBEITUNG = "sachbearbeitung", "Sachbearbeitung"
    REGISTRATUR = "registratur", "Registratur"
    AMTSLEITUNG = "amtsleitung", "Amtsleitung"
    KAEMMEREI = "kaemmerei", "Kämmerei"
    GEWERBEAMT = "gewerbeamt", "Gewerbeamt"
    KOMMUNE_ADMIN = "kommune_admin", "Kommune-Admin"
    ARCHIV = "archiv", "Archiv"


class User(AbstractUser):
    """A person signing in. Belongs to one Kommune, or to the Verbund's staff.

    Users are never deleted: deactivation (`is_active=False`) keeps everything
    they wrote attributable.
    """

    kommune = models.ForeignKey(
        Kommune,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="benutzer",
        help_text="Leer für Mitarbeitende des Verbunds.",
    )
    is_verbund_admin = models.BooleanField("Verbund-Administration", default=False)
    # Keeps the Verbund's shared Aktenplan (records.services); Verbund staff only.
    is_verbund_registratur = models.BooleanField("Registratur des Verbunds", default=False)
    must_change_password = models.BooleanField(default=False)
    organisationseinheiten = models.ManyToManyField(
        "Organisationseinheit",
        through="Mitgliedschaft",
        related_name="mitglieder",
        blank=True,
    )

    objects = UserManager()

    class Meta:
        verbose_name = "Benutzer:in"
        verbose_name_plural = "Benutzer:innen"
        ordering = ["last_name", "first_name", "username"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_verbund_admin=False) | models.Q(kommune__isnull=True),
                name="verbund_admin_has_no_kommune",
            ),
            models.CheckConstraint(
                condition=models.Q(is_verbund_registratur=False) | models.Q(kommune__isnull=True),
                name="verbund_registratur_has_no_kommune",
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def rollen(self) -> set[str]:
        """The user's role codes in their Kommune (cached per instance)."""
        if not hasattr(self, "_rollen_cache"):
            if self.kommune_id is None:
                self._rollen_cache = set()
            else:
                # Roles are read in the user's own Kommune, whatever scope is open.
                from aktenbund.tenancy.scope import kommune_scope

                with kommune_scope(self.kommune_id):
                    self._rollen_cache = set(
                        Rollenzuweisung.objects.filter(user=self).values_list("rolle", flat=True)
                    )
        return self._rollen_cache

    def has_rolle(self, *rollen: str) -> bool:
        return bool(self.rollen() & set(rollen))

    @property
    def is_kommune_admin(self) -> bool:
        return self.has_rolle(Rolle.KOMMUNE_ADMIN)


class Organisationseinheit(models.Model):
    """An office of a Kommune (Hauptamt, Ordnungsamt …), arranged as a tree."""

    kommune = models.ForeignKey(Kommune, on_delete=models.PROTECT, related_name="+")
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="übergeordnete Einheit",
    )
    name = models.CharField("Bezeichnung", max_length=200)
    kurzzeichen = models.CharField("Kurzzeichen", max_length=20)
    aktiv = models.BooleanField("aktiv", default=True)

    objects = KommuneManager()

    class Meta:
        verbose_name = "Organisationseinheit"
        verbose_name_plural = "Organisationseinheiten"
        ordering = ["kurzzeichen", "name"]
        constraints = [
            models.UniqueConstraint(fields=["kommune", "kurzzeichen"], name="oe_kurzzeichen_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kurzzeichen} {self.name}"


class Mitgliedschaft(models.Model):
    """A user belongs to an Organisationseinheit of their Kommune."""

    kommune = models.ForeignKey(Kommune, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="mitgliedschaften")
    organisationseinheit = models.ForeignKey(
        Organisationseinheit, on_delete=models.PROTECT, related_name="mitgliedschaften"
    )

    objects = KommuneManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisationseinheit"], name="mitgliedschaft_unique"
            )
        ]


class Rollenzuweisung(models.Model):
    """A user holds a role in their Kommune."""

    kommune = models.ForeignKey(Kommune, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="rollenzuweisungen")
    rolle = models.CharField("Rolle", max_length=30, choices=Rolle.choices)

    objects = KommuneManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "rolle"], name="rollenzuweisung_unique")
        ]


class VertretungQuerySet(models.QuerySet):
    def aktiv(self, day: datetime.date | None = None) -> VertretungQuerySet:
        """The Vertretungen in force on `day` (today by default).

        In force means: `von` ≤ day ≤ `bis`, not ended early, and both persons
        still active. A deactivation ends them at once (see
        `services.set_user_active`); checking the persons here as well keeps
        rights right even for rows written before that rule.
        """
        day = day or timezone.localdate()
        return self.filter(
            von__lte=day,
            bis__gte=day,
            beendet_am__isnull=True,
            vertreter__is_active=True,
            vertretene_person__is_active=True,
        )


class Vertretung(models.Model):
    """`vertreter` deputises for `vertretene_person` from `von` until `bis` (both counted)."""

    kommune = models.ForeignKey(Kommune, on_delete=models.PROTECT, related_name="+")
    vertretene_person = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="vertreten_durch", verbose_name="Vertretene"
    )
    vertreter = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="vertritt", verbose_name="Vertretung durch"
    )
    von = models.DateField("von")
    bis = models.DateField("bis")
    grund = models.CharField("Grund", max_length=200, blank=True)
    erstellt_von = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    erstellt_am = models.DateTimeField(default=timezone.now)
    # Set when a deactivation of either person ended the Vertretung before `bis`.
    beendet_am = models.DateTimeField("beendet am", null=True, blank=True)

    objects = KommuneManager.from_queryset(VertretungQuerySet)()

    class Meta:
        verbose_name = "Vertretung"
        verbose_name_plural = "Vertretungen"
        ordering = ["-von"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(bis__gte=models.F("von")),
                name="vertretung_bis_after_von",
            ),
            models.CheckConstraint(
                condition=~models.Q(vertreter=models.F("vertretene_person")),
                name="vertretung_not_self",
            ),
        ]

    def is_active_on(self, day: datetime.date) -> bool:
        return self.beendet_am is None and self.von <= day <= self.bis


class SupportfreigabeQuerySet(models.QuerySet):
    def aktiv(self, day: datetime.date | None = None) -> SupportfreigabeQuerySet:
        day = day or timezone.localdate()
        return self.filter(widerrufen_am__isnull=True, gueltig_bis__gte=day)


class Supportfreigabe(models.Model):
    """A Kommune lets the Verbund administration act inside it, from now until `gueltig_bis`.

    Without one, the Verbund administration only creates the Kommune and its
    first Kommune-Admin (`services.require_administer`). Given and revoked by
    the Kommune-Admin; never deleted.
    """

    kommune = models.ForeignKey(Kommune, on_delete=models.PROTECT, related_name="+")
    gueltig_bis = models.DateField("gültig bis")
    grund = models.CharField("Anlass", max_length=300, blank=True)
    erteilt_von = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    erteilt_am = models.DateTimeField("erteilt am", default=timezone.now)
    widerrufen_am = models.DateTimeField("widerrufen am", null=True, blank=True)
    widerrufen_von = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = KommuneManager.from_queryset(SupportfreigabeQuerySet)()

    class Meta:
        verbose_name = "Supportfreigabe"
        verbose_name_plural = "Supportfreigaben"
        ordering = ["-erteilt_am"]

    def ist_aktiv(self, day: datetime.date | None = None) -> bool:
        day = day or timezone.localdate()
        return self.widerrufen_am is None and self.gueltig_bis >= day


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 is stored; the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="api_tokens")
    name = models.CharField("Bezeichnung", max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    erstellt_am = models.DateTimeField(default=timezone.now)
    zuletzt_benutzt = models.DateTimeField(null=True, blank=True)
    widerrufen_am = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "API-Token"
        verbose_name_plural = "API-Tokens"
        ordering = ["-erstellt_am"]

    @property
    def aktiv(self) -> bool:
        return self.widerrufen_am is None
