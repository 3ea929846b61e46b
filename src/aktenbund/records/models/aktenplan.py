"""The Aktenplan: the Verbund's shared tree of Aktenplaneinheiten.

An `Aktenplaneinheit` is one node of the Aktenplan tree. The Verbund keeps one
shared Aktenplan (`kommune` NULL); each Kommune may hang local nodes below it
(`kommune` set). Nodes are closed by `gueltig_bis`, never deleted: Akten filed
under them keep their classification. The rules that span rows (who may
edit, Kennzeichen hierarchy, closing a subtree) live in `records.services`.
"""

from __future__ import annotations

import datetime
import re

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django_scopes.manager import DisabledQuerySet
from django_scopes.state import get_scope

from aktenbund.eingaben import ist_ziffernfolge
from aktenbund.tenancy.managers import KommuneManager

# Letters and digits, in groups joined by "." or "-" ("0", "023", "1.3.2", "023-10").
# "/" is kept free: Aktenzeichen use it before the running number of a Vorgang.
KENNZEICHEN_RE = re.compile(r"^[0-9A-Za-z]+(?:[.-][0-9A-Za-z]+)*$")
KENNZEICHEN_MAX_LENGTH = 40
# The longest legal retention period in German municipal practice is the
# Geburtenregister's 110 years (§ 5 PStG); leave room above it.
FRIST_MAX_JAHRE = 150


class Aussonderungsart(models.TextChoices):
    ARCHIVWUERDIG = "A", "archivwürdig"
    BEWERTEN = "B", "bewerten"
    VERNICHTEN = "V", "vernichten"


class AktenplanManager(models.Manager):
    """What the active scope may see: the Verbund's nodes plus its own local ones.

    The KommuneManager (`objects`) filters `kommune = <scope>`, which would hide
    the shared Verbund nodes from every Kommune. Like it, this manager refuses
    to query outside a scope (fence one); on PostgreSQL the row-level policy
    `rls_using` below is the same rule (fence two).
    """

    def get_queryset(self) -> models.QuerySet:
        current = get_scope()
        if not current.get("_enabled", True):
            return super().get_queryset()
        if "kommune" not in current:
            return DisabledQuerySet(self.model, using=self._db, missing_scopes={"kommune"})
        visible = models.Q(kommune__isnull=True)
        if current["kommune"] is not None:
            visible |= models.Q(kommune_id=current["kommune"])
        return super().get_queryset().filter(visible)

    def all(self) -> models.QuerySet:
        queryset = super().all()
        if isinstance(queryset, DisabledQuerySet):
            queryset = queryset.all()
        return queryset


class Aktenplaneinheit(models.Model):
    """One node of the Aktenplan.

    `kommune` NULL: a node of the Verbund's shared Aktenplan, kept by the
    Registratur of the Verbund. Set: a Kommune's local extension, which always
    hangs below another node. `kennzeichen` is the full Kennzeichen
    ("023.10", not "10"); a child's starts with its parent's. Kennzeichen and
    parent never change once the node exists (Aktenzeichen are built from
    them). `aufbewahrungsfrist` NULL means "dauernd" (kept for ever, never
    offered for Aussonderung).
    """

    kommune = models.ForeignKey(
        "tenancy.Kommune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Leer für Einheiten des Verbunds; gesetzt für lokale Einheiten einer Kommune.",
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="übergeordnete Einheit",
    )
    ebene = models.PositiveSmallIntegerField(
        "Ebene", editable=False, help_text="1 für Hauptgruppen, je Stufe eins mehr."
    )
    kennzeichen = models.CharField("Kennzeichen", max_length=KENNZEICHEN_MAX_LENGTH)
    titel = models.CharField("Titel", max_length=200)
    beschreibung = models.TextField("Beschreibung", blank=True)
    aufbewahrungsfrist = models.PositiveSmallIntegerField(
        "Aufbewahrungsfrist (Jahre)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(FRIST_MAX_JAHRE)],
        help_text="Jahre nach zdA; leer bedeutet „dauernd aufbewahren“.",
    )
    aussonderungsart = models.CharField(
        "Aussonderungsart", max_length=1, choices=Aussonderungsart.choices
    )
    gueltig_ab = models.DateField("gültig ab", default=timezone.localdate)
    gueltig_bis = models.DateField("gültig bis", null=True, blank=True)

    # The default manager, so that `parent.children` also follows visibility.
    sichtbar = AktenplanManager()
    objects = KommuneManager()

    # PostgreSQL: every Kommune reads the Verbund's nodes; writing stays with the
    # default policy (the Verbund's scope writes NULL rows, a Kommune its own).
    rls_using = "(kommune_id IS NULL OR kommune_id = aktenbund_current_kommune())"

    class Meta:
        verbose_name = "Aktenplaneinheit"
        verbose_name_plural = "Aktenplaneinheiten"
        default_manager_name = "sichtbar"
        ordering = ["kennzeichen"]
        constraints = [
            models.UniqueConstraint(
                fields=["kennzeichen"],
                condition=models.Q(kommune__isnull=True),
                name="aktenplan_verbund_kennzeichen_unique",
            ),
            models.UniqueConstraint(
                fields=["kommune", "kennzeichen"],
                condition=models.Q(kommune__isnull=False),
                name="aktenplan_lokal_kennzeichen_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(kommune__isnull=True) | models.Q(parent__isnull=False),
                name="aktenplan_lokal_hat_parent",
            ),
            models.CheckConstraint(
                condition=models.Q(gueltig_bis__isnull=True)
                | models.Q(gueltig_bis__gte=models.F("gueltig_ab")),
                name="aktenplan_gueltig_bis_nach_ab",
            ),
            models.CheckConstraint(
                condition=models.Q(aussonderungsart__in=Aussonderungsart.values),
                name="aktenplan_aussonderungsart_abv",
            ),
            models.CheckConstraint(
                condition=models.Q(aufbewahrungsfrist__isnull=True)
                | models.Q(aufbewahrungsfrist__gte=1, aufbewahrungsfrist__lte=FRIST_MAX_JAHRE),
                name="aktenplan_frist_bereich",
            ),
        ]
        # A Verbund node must not share its Kennzeichen with any Kommune's local
        # node. Under row-level security the Verbund cannot see local nodes, so
        # on PostgreSQL an exclusion constraint enforces it (migration 0001).

    def __str__(self) -> str:
        return f"{self.kennzeichen} {self.titel}"

    @property
    def ist_lokal(self) -> bool:
        return self.kommune_id is not None

    @property
    def ist_dauernd(self) -> bool:
        return self.aufbewahrungsfrist is None

    def ist_gueltig(self, day: datetime.date | None = None) -> bool:
        """Whether Akten may be filed under this node on `day` (today by default)."""
        day = day or timezone.localdate()
        return self.gueltig_ab <= day and (self.gueltig_bis is None or day <= self.gueltig_bis)

    @property
    def ist_geschlossen(self) -> bool:
        """Closed: its last valid day has passed. A later gueltig_bis is a planned closing."""
        return self.gueltig_bis is not None and self.gueltig_bis < timezone.localdate()

    @property
    def frist_text(self) -> str:
        if self.aufbewahrungsfrist is None:
            return "dauernd"
        return f"{self.aufbewahrungsfrist} {'Jahr' if self.aufbewahrungsfrist == 1 else 'Jahre'}"


def kennzeichen_sort_key(kennzeichen: str) -> tuple:
    """Natural order: "1.3.2" before "1.3.10"; digit groups compare as numbers, before letters."""
    parts = re.split(r"([0-9]+)", kennzeichen)
    return tuple((0, int(p), p) if ist_ziffernfolge(p) else (1, 0, p) for p in parts if p)
