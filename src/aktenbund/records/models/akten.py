"""Akte, Vorgang, Dokument, Version: what a Kommune files under its Aktenplan.

Every row carries its Kommune (the owner), also when another Kommune works
on it through a Freigabe. The owner's row-level policy is widened for
granted objects (`rls_using` / `rls_write_using`, PostgreSQL only; the SQL
function `aktenbund_freigabe` is created in migration 0002). zdA is guarded
by `records.services` and, on PostgreSQL, by triggers (migration 0002).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from aktenbund.blobs.models import blob_verweis
from aktenbund.tenancy.managers import KommuneManager

# Placeholders an Aktenzeichen pattern may use (see Aktenzeichenregel).
AKTENZEICHEN_PLATZHALTER = ("kennzeichen", "laufnr", "jahr", "oe", "ags")
STANDARD_MUSTER = "{kennzeichen}-{laufnr}/{jahr}"


class Aktenstatus(models.TextChoices):
    OFFEN = "offen", "offen"
    ZDA = "zda", "zdA"


class Richtung(models.TextChoices):
    EINGANG = "eingang", "Eingang"
    AUSGANG = "ausgang", "Ausgang"
    INTERN = "intern", "intern"


class Dokumenttyp(models.TextChoices):
    ANTRAG = "antrag", "Antrag"
    BESCHEID = "bescheid", "Bescheid"
    SCHREIBEN = "schreiben", "Schreiben"
    EMAIL = "email", "E-Mail"
    VERMERK = "vermerk", "Vermerk"
    STELLUNGNAHME = "stellungnahme", "Stellungnahme"
    VERTRAG = "vertrag", "Vertrag"
    RECHNUNG = "rechnung", "Rechnung"
    PROTOKOLL = "protokoll", "Protokoll"
    BESCHLUSS = "beschluss", "Beschluss"
    PLAN = "plan", "Plan / Zeichnung"
    SONSTIGES = "sonstiges", "Sonstiges"


class Recht(models.TextChoices):
    LESEN = "lesen", "lesen"
    BEARBEITEN = "bearbeiten", "bearbeiten"


class Aktenzeichenregel(models.Model):
    """How a Kommune builds the Aktenzeichen of its Akten.

    `muster` uses the placeholders {kennzeichen} (of the Aktenplaneinheit),
    {laufnr} (running number, required), {jahr} (year of creation), {oe}
    (Kurzzeichen of the federführende OE) and {ags}. The running number counts
    per everything else the pattern contains: with {jahr} it restarts every
    year, without it runs on. A Kommune without a rule uses STANDARD_MUSTER.
    """

    kommune = models.OneToOneField("tenancy.Kommune", on_delete=models.PROTECT, related_name="+")
    muster = models.CharField("Muster", max_length=100, default=STANDARD_MUSTER)
    laufnr_stellen = models.PositiveSmallIntegerField(
        "Stellen der laufenden Nummer", default=1, help_text="Mit Nullen aufgefüllt, z. B. 3 → 007."
    )
    geaendert_am = models.DateTimeField(default=timezone.now)

    objects = KommuneManager()

    class Meta:
        verbose_name = "Aktenzeichenregel"
        verbose_name_plural = "Aktenzeichenregeln"

    def __str__(self) -> str:
        return self.muster


class Aktenzeichenzaehler(models.Model):
    """The last running number handed out for one pattern prefix.

    `schluessel` is the Aktenzeichen with the running number left out, e.g.
    "121.1-#/2026". The row is locked while an Akte is created, and the
    number is taken in the same transaction: a rolled-back creation gives its
    number back, so numbers have no gaps.
    """

    kommune = models.ForeignKey("tenancy.Kommune", on_delete=models.PROTECT, related_name="+")
    schluessel = models.CharField(max_length=150)
    letzte_nummer = models.PositiveIntegerField(default=0)

    objects = KommuneManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kommune", "schluessel"], name="aktenzeichenzaehler_unique"
            )
        ]


# PostgreSQL policies for objects other Kommunen may reach by Freigabe. The
# function reads only records_freigabe, whose own policy shows a Kommune the
# grants it received: no recursion between the policies.
_CURRENT = "nullif(current_setting('aktenbund.kommune', true), '')::bigint"


class Akte(models.Model):
    """All Vorgänge on one matter, under one Aktenplaneinheit."""

    kommune = models.ForeignKey("tenancy.Kommune", on_delete=models.PROTECT, related_name="+")
    aktenplaneinheit = models.ForeignKey(
        "records.Aktenplaneinheit",
        on_delete=models.PROTECT,
        related_name="akten",
        verbose_name="Aktenplaneinheit",
    )
    aktenzeichen = models.CharField("Aktenzeichen", max_length=160)
    betreff = models.CharField("Betreff", max_length=300)
    beschreibung = models.TextField("Beschreibung", blank=True)
    federfuehrende_oe = models.ForeignKey(
        "tenancy.Organisationseinheit",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="federführende Organisationseinheit",
    )
    vertraulich = models.BooleanField(
        "vertraulich",
        default=False,
        help_text="Nur die Personen der Zugriffsliste sehen eine vertrauliche Akte.",
    )
    status = models.CharField(
        "Status", max_length=10, choices=Aktenstatus.choices, default=Aktenstatus.OFFEN
    )
    zda_am = models.DateField("zdA am", null=True, blank=True)
    zda_verfuegung = models.TextField("zdA-Verfügung", blank=True)
    letzte_vorgang_nr = models.PositiveIntegerField(default=0, editable=False)
    erstellt_von = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    erstellt_am = models.DateTimeField("angelegt am", default=timezone.now)
    geaendert_am = models.DateTimeField("geändert am", default=timezone.now)

    objects = KommuneManager()

    rls_using = (
        f"(kommune_id = {_CURRENT} OR aktenbund_freigabe(id, NULL, false)"
        " OR aktenbund_freigabe_in_akte(id))"
    )
    rls_write_using = f"(kommune_id = {_CURRENT} OR aktenbund_freigabe(id, NULL, true))"

    class Meta:
        verbose_name = "Akte"
        verbose_name_plural = "Akten"
        ordering = ["-geaendert_am"]
        constraints = [
            models.UniqueConstraint(
                fields=["kommune", "aktenzeichen"], name="akte_aktenzeichen_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=Aktenstatus.values), name="akte_status_gueltig"
            ),
        ]
        indexes = [
            models.Index(fields=["kommune", "-geaendert_am"]),
            # Every search reads the Kommune's vertrauliche Akten (a few per cent).
            models.Index(
                fields=["kommune"], condition=models.Q(vertraulich=True), name="akte_vertraulich"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.aktenzeichen} {self.betreff}"

    @property
    def ist_zda(self) -> bool:
        return self.status == Aktenstatus.ZDA


class Vorgang(models.Model):
    """One case inside an Akte; its Aktenzeichen is the Akte's plus "/<laufnr>"."""

    kommune = models.ForeignKey("tenancy.Kommune", on_delete=models.PROTECT, related_name="+")
    akte = models.ForeignKey(Akte, on_delete=models.PROTECT, related_name="vorgaenge")
    laufnr = models.PositiveIntegerField("laufende Nummer")
    aktenzeichen = models.CharField("Aktenzeichen", max_length=170)
    betreff = models.CharField("Betreff", max_length=300)
    beschreibung = models.TextField("Beschreibung", blank=True)
    bearbeiter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Bearbeitung",
    )
    frist = models.DateField("Frist", null=True, blank=True)
    status = models.CharField(
        "Status", max_length=10, choices=Aktenstatus.choices, default=Aktenstatus.OFFEN
    )
    zda_am = models.DateField("zdA am", null=True, blank=True)
    zda_verfuegung = models.TextField("zdA-Verfügung", blank=True)
    # [{"aktenzeichen": "...", "bis": "2026-11-25T..."}], oldest first: moving
    # a Vorgang gives it a new Aktenzeichen; the old ones stay findable.
    fruehere_aktenzeichen = models.JSONField(default=list, blank=True, editable=False)
    erstellt_von = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    erstellt_am = models.DateTimeField("angelegt am", default=timezone.now)
    geaendert_am = models.DateTimeField("geändert am", default=timezone.now)

    objects = KommuneManager()

    rls_using = f"(kommune_id = {_CURRENT} OR aktenbund_freigabe(akte_id, id, false))"
    rls_write_using = f"(kommune_id = {_CURRENT} OR aktenbund_freigabe(akte_id, id, true))"

    class Meta:
        verbose_name = "Vorgang"
        verbose_name_plural = "Vorgänge"
        ordering = ["-geaendert_am"]
        constraints = [
            models.UniqueConstraint(
                fields=["kommune", "aktenzeichen"], name="vorgang_aktenzeichen_unique"
            ),
            models.UniqueConstraint(fields=["akte", "laufnr"], name="vorgang_laufnr_unique"),
            models.CheckConstraint(
                condition=models.Q(status__in=Aktenstatus.values), name="vorgang_status_gueltig"
            ),
        ]
        indexes = [
            models.Index(fields=["kommune", "-geaendert_am"]),
            models.Index(fields=["kommune", "bearbeiter", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.aktenzeichen} {self.betreff}"

    @property
    def ist_zda(self) -> bool:
        return self.status == Aktenstatus.ZDA


class Dokument(models.Model):
    """One document of a Vorgang; its content lives in immutable Versionen."""

    kommune = models.ForeignKey("tenancy.Kommune", on_delete=models.PROTECT, related_name="+")
    vorgang = models.ForeignKey(Vorgang, on_delete=models.PROTECT, related_name="dokumente")
    titel = models.CharField("Titel", max_length=300)
    typ = models.CharField(
        "Typ", max_length=20, choices=Dokumenttyp.choices, default=Dokumenttyp.SONSTIGES
    )
    richtung = models.CharField(
        "Richtung", max_length=10, choices=Richtung.choices, default=Richtung.INTERN
    )
    absender = models.CharField("Absender", max_length=300, blank=True)
    empfaenger = models.CharField("Empfänger", max_length=300, blank=True)
    datum = models.DateField("Datum", default=timezone.localdate)
    erstellt_von = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    erstellt_am = models.DateTimeField("angelegt am", default=timezone.now)
    geaendert_am = models.DateTimeField("geändert am", default=timezone.now)

    objects = KommuneManager()

    # Visible and writable exactly when its Vorgang is (that table's policy
    # decides); writing across Kommunen needs a Freigabe with "bearbeiten".
    # The parent checks are functions (records migration 0004): inline
    # subqueries made PostgreSQL plan the parents' policies at every statement.
    rls_using = f"(kommune_id = {_CURRENT} OR aktenbund_sichtbar_vorgang(vorgang_id))"
    rls_write_using = f"(kommune_id = {_CURRENT} OR aktenbund_schreibbar_vorgang(vorgang_id))"

    class Meta:
        verbose_name = "Dokument"
        verbose_name_plural = "Dokumente"
        ordering = ["-datum", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(richtung__in=Richtung.values), name="dokument_richtung_gueltig"
            ),
        ]

    def __str__(self) -> str:
        return self.titel


class Version(models.Model):
    """One immutable state of a Dokument's content (the file as uploaded)."""

    kommune = models.ForeignKey("tenancy.Kommune", on_delete=models.PROTECT, related_name="+")
    # Indexed by version_nummer_unique, which leads with it.
    dokument = models.ForeignKey(
        Dokument, on_delete=models.PROTECT, related_name="versionen", db_index=False
    )
    nummer = models.PositiveIntegerField("Version")
    blob = blob_verweis()
    dateiname = models.CharField("Dateiname", max_length=255)
    mime_type = models.CharField("Dateityp", max_length=100)
    groesse = models.PositiveBigIntegerField("Größe (Bytes)")
    kommentar = models.CharField("Kommentar", max_length=300, blank=True)
    erstellt_von = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    erstellt_am = models.DateTimeField("angelegt am", default=timezone.now)

    objects = KommuneManager()

    rls_using = f"(kommune_id = {_CURRENT} OR aktenbund_sichtbar_dokument(dokument_id))"
    rls_write_using = f"(kommune_id = {_CURRENT} OR aktenbund_schreibbar_dokument(dokument_id))"

    class Meta:
        verbose_name = "Version"
        verbose_name_plural = "Versionen"
        ordering = ["dokument", "-nummer"]
        constraints = [
            models.UniqueConstraint(fields=["dokument", "nummer"], name="version_nummer_unique"),
        ]
        indexes = [models.Index(fields=["blob"], name="version_blob")]

    def __str__(self) -> str:
        return f"{self.dateiname} (Version {self.nummer})"


class AkteZugriff(models.Model):
    """One person on the access list of a vertrauliche Akte."""

    kommune = models.ForeignKey("tenancy.Kommune", on_delete=models.PROTECT, related_name="+")
    akte = models.ForeignKey(Akte, on_delete=models.PROTECT, related_name="zugriffe")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recht = models.CharField("Recht", max_length=10, choices=Recht.choices, default=Recht.LESEN)

    objects = KommuneManager()

    class Meta:
        verbose_name = "Zugriff"
        verbose_name_plural = "Zugriffsliste"
        constraints = [
            models.UniqueConstraint(fields=["akte", "user"], name="aktezugriff_unique"),
        ]
