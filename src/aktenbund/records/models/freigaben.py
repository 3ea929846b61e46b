"""Freigabe: Amtshilfe, the one path by which a row crosses Kommunen.

A Kommune (the owner, `kommune`) grants one Akte or one Vorgang to another
Kommune — to all of it, to one OE there or to one person there — with the
right to read or to work on it, until an end date. Revoking sets
`widerrufen_am`; nothing is deleted, both audit chains keep the story.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from aktenbund.records.models.akten import _CURRENT, Akte, Recht, Vorgang
from aktenbund.tenancy.managers import KommuneManager


class FreigabeQuerySet(models.QuerySet):
    def aktiv(self, day=None) -> FreigabeQuerySet:
        day = day or timezone.localdate()
        return self.filter(widerrufen_am__isnull=True, gueltig_bis__gte=day)


class Freigabe(models.Model):
    kommune = models.ForeignKey("tenancy.Kommune", on_delete=models.PROTECT, related_name="+")
    akte = models.ForeignKey(
        Akte, on_delete=models.PROTECT, null=True, blank=True, related_name="freigaben"
    )
    vorgang = models.ForeignKey(
        Vorgang, on_delete=models.PROTECT, null=True, blank=True, related_name="freigaben"
    )
    empfaenger_kommune = models.ForeignKey(
        "tenancy.Kommune",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="empfangende Kommune",
    )
    empfaenger_oe = models.ForeignKey(
        "tenancy.Organisationseinheit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Organisationseinheit dort",
    )
    empfaenger_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Person dort",
    )
    recht = models.CharField("Recht", max_length=10, choices=Recht.choices, default=Recht.LESEN)
    gueltig_bis = models.DateField("gültig bis")
    grund = models.CharField("Anlass", max_length=300, blank=True)
    # May a Vertreter:in of the receiving person (or OE member) use the grant?
    # Off by default: the granting Kommune decides who reads its records.
    vertretung_erlaubt = models.BooleanField("auch für Vertretungen", default=False)
    erteilt_von = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    erteilt_am = models.DateTimeField("erteilt am", default=timezone.now)
    widerrufen_am = models.DateTimeField("widerrufen am", null=True, blank=True)
    widerrufen_von = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # When the end of an unrevoked Freigabe was written to both audit chains
    # (`records.services.freigaben.protokolliere_abgelaufene`).
    ablauf_protokolliert_am = models.DateTimeField("Ablauf protokolliert am", null=True, blank=True)

    objects = KommuneManager.from_queryset(FreigabeQuerySet)()

    # The receiving Kommune reads the grants made to it; only the owner writes.
    rls_using = f"(kommune_id = {_CURRENT} OR empfaenger_kommune_id = {_CURRENT})"

    class Meta:
        verbose_name = "Freigabe"
        verbose_name_plural = "Freigaben"
        ordering = ["-erteilt_am"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(akte__isnull=False, vorgang__isnull=True)
                    | models.Q(akte__isnull=True, vorgang__isnull=False)
                ),
                name="freigabe_genau_ein_objekt",
            ),
            models.CheckConstraint(
                condition=~models.Q(empfaenger_kommune=models.F("kommune")),
                name="freigabe_an_andere_kommune",
            ),
            models.CheckConstraint(
                condition=models.Q(recht__in=Recht.values), name="freigabe_recht_gueltig"
            ),
        ]
        indexes = [models.Index(fields=["empfaenger_kommune", "gueltig_bis"])]

    def __str__(self) -> str:
        return f"Freigabe von {self.objekt} an {self.empfaenger_kommune}"

    @property
    def objekt(self) -> Akte | Vorgang:
        return self.akte if self.akte_id else self.vorgang

    def ist_aktiv(self, day=None) -> bool:
        day = day or timezone.localdate()
        return self.widerrufen_am is None and self.gueltig_bis >= day
