"""Haushalt: the Hessian Doppik Haushaltsplan of a Kommune.

The Verbund keeps the shared frames: the Produktrahmen (`Produktbereich` →
`Produktgruppe` → `Produkt`) and the Kontenrahmen (`Konto`, each mapped to
its row of the Ergebnishaushalt, § 2 GemHVO, and of the Finanzhaushalt, § 3
GemHVO). Frames are Verbund-wide code lists without a `kommune`; a Kommune
adds its own `Produkt` rows (kommune set) and its `Teilhaushalt`e.

A `Haushaltsplan` belongs to one Kommune and Haushaltsjahr; a
Nachtragshaushalt is a new `Haushaltsplan` with `nachtrag_nr` > 0 that
refers to the plan it amends. Its `Planansatz` rows (Konto × Produkt, six
year columns) are all that is entered; every statement (Gesamt- and
Teilhaushalte, Haushaltssatzung) is computed from them
(`haushalt.services.rechnung`) and never stored.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django_scopes.manager import DisabledQuerySet
from django_scopes.state import get_scope

from aktenbund.tenancy.managers import KommuneManager

ZERO = Decimal("0.00")


def money(verbose_name: str, **kwargs) -> models.DecimalField:
    """Euro to the cent (DESIGN: Decimal, never float)."""
    kwargs.setdefault("default", ZERO)
    return models.DecimalField(verbose_name, max_digits=15, decimal_places=2, **kwargs)


# --- the Verbund's frames ---------------------------------------------------


class Produktbereich(models.Model):
    """One of the 17 Produktbereiche of the Produktrahmen ("01" Innere Verwaltung …)."""

    nummer = models.CharField("Nummer", max_length=2, unique=True)
    bezeichnung = models.CharField("Bezeichnung", max_length=200)

    class Meta:
        verbose_name = "Produktbereich"
        verbose_name_plural = "Produktbereiche"
        ordering = ["nummer"]

    def __str__(self) -> str:
        return f"{self.nummer} {self.bezeichnung}"


class Produktgruppe(models.Model):
    """A Produktgruppe ("01.01") of a Produktbereich."""

    produktbereich = models.ForeignKey(
        Produktbereich, on_delete=models.PROTECT, related_name="produktgruppen"
    )
    nummer = models.CharField("Nummer", max_length=20, unique=True)
    bezeichnung = models.CharField("Bezeichnung", max_length=200)

    class Meta:
        verbose_name = "Produktgruppe"
        verbose_name_plural = "Produktgruppen"
        ordering = ["nummer"]

    def __str__(self) -> str:
        return f"{self.nummer} {self.bezeichnung}"


class ProduktManager(models.Manager):
    """What the active scope may see: the Verbund's Produkte plus its own.

    Like `records.models.AktenplanManager`: refuses to query outside a scope;
    PostgreSQL's policy `Produkt.rls_using` is the same rule.
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


class Produkt(models.Model):
    """A Produkt ("01.01.01"): of the Verbund's Produktrahmen (kommune NULL) or a Kommune's own.

    A Produkt's Nummer starts with its Produktgruppe's; a Kommune's own
    Produkte are seen by that Kommune only.
    """

    kommune = models.ForeignKey(
        "tenancy.Kommune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Leer für Produkte des Produktrahmens; gesetzt für eigene Produkte.",
    )
    produktgruppe = models.ForeignKey(
        Produktgruppe, on_delete=models.PROTECT, related_name="produkte"
    )
    nummer = models.CharField("Nummer", max_length=30)
    bezeichnung = models.CharField("Bezeichnung", max_length=200)

    sichtbar = ProduktManager()
    objects = KommuneManager()

    rls_using = "(kommune_id IS NULL OR kommune_id = aktenbund_current_kommune())"

    class Meta:
        verbose_name = "Produkt"
        verbose_name_plural = "Produkte"
        default_manager_name = "sichtbar"
        ordering = ["nummer"]
        constraints = [
            models.UniqueConstraint(
                fields=["nummer"],
                condition=models.Q(kommune__isnull=True),
                name="produkt_verbund_nummer_unique",
            ),
            models.UniqueConstraint(
                fields=["kommune", "nummer"],
                condition=models.Q(kommune__isnull=False),
                name="produkt_kommune_nummer_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nummer} {self.bezeichnung}"

    @property
    def ist_eigen(self) -> bool:
        return self.kommune_id is not None


class Konto(models.Model):
    """A Konto of the Kontenrahmen, mapped to its statement rows.

    `ergebnis_zeile` is the row of the Ergebnishaushalt ("01" … "26", posting
    rows only), `finanz_zeile` that of the Finanzhaushalt ("1" … "32"). A
    Konto with both is zahlungswirksam: its Ansatz counts in both statements;
    Abschreibungen have no Finanzhaushalt row, investment and credit Konten
    no Ergebnishaushalt row. The mapping is data (see docs/haushalt.md), so
    loading the official KVKR is an import.
    """

    nummer = models.CharField("Konto", max_length=20, unique=True)
    bezeichnung = models.CharField("Bezeichnung", max_length=200)
    ergebnis_zeile = models.CharField("Zeile Ergebnishaushalt", max_length=2, blank=True)
    finanz_zeile = models.CharField("Zeile Finanzhaushalt", max_length=2, blank=True)

    class Meta:
        verbose_name = "Konto"
        verbose_name_plural = "Konten"
        ordering = ["nummer"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(ergebnis_zeile="", finanz_zeile=""),
                name="konto_hat_zeile",
            )
        ]

    def __str__(self) -> str:
        return f"{self.nummer} {self.bezeichnung}"


# --- a Kommune's structure ----------------------------------------------------


class Gliederung(models.TextChoices):
    PRODUKTBEREICH = "produktbereich", "nach Produktbereichen"
    ORGANISATION = "organisation", "nach der örtlichen Organisation"


class Teilhaushalt(models.Model):
    """A Teilhaushalt (§ 4 GemHVO): a budget with a responsibility.

    It covers whole Produktbereiche (`TeilhaushaltProduktbereich`): either
    one Produktbereich each, or, organised locally, several under one
    Organisationseinheit. That mapping is the Übersicht the GemHVO asks for.
    """

    kommune = models.ForeignKey("tenancy.Kommune", on_delete=models.PROTECT, related_name="+")
    nummer = models.CharField("Nummer", max_length=10)
    bezeichnung = models.CharField("Bezeichnung", max_length=200)
    gliederung = models.CharField(
        "Gliederung", max_length=20, choices=Gliederung.choices, default=Gliederung.PRODUKTBEREICH
    )
    organisationseinheit = models.ForeignKey(
        "tenancy.Organisationseinheit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="verantwortliche Organisationseinheit",
    )

    objects = KommuneManager()

    class Meta:
        verbose_name = "Teilhaushalt"
        verbose_name_plural = "Teilhaushalte"
        ordering = ["nummer"]
        constraints = [
            models.UniqueConstraint(fields=["kommune", "nummer"], name="teilhaushalt_nummer_unique")
        ]

    def __str__(self) -> str:
        return f"{self.nummer} {self.bezeichnung}"


class TeilhaushaltProduktbereich(models.Model):
    """A Produktbereich belongs, in one Kommune, to exactly one Teilhaushalt."""

    kommune = models.ForeignKey("tenancy.Kommune", on_delete=models.PROTECT, related_name="+")
    teilhaushalt = models.ForeignKey(
        Teilhaushalt, on_delete=models.CASCADE, related_name="zuordnungen"
    )
    produktbereich = models.ForeignKey(Produktbereich, on_delete=models.PROTECT, related_name="+")

    objects = KommuneManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kommune", "produktbereich"], name="produktbereich_ein_teilhaushalt"
            )
        ]


class Vergleichsteilnahme(models.Model):
    """The Kommune takes part in the Verbund comparison (one row while it does)."""

    kommune = models.OneToOneField("tenancy.Kommune", on_delete=models.PROTECT, related_name="+")
    seit = models.DateTimeField(default=timezone.now)

    objects = KommuneManager()


class Vergleichswert(models.Model):
    """A published figure of an opted-in Kommune for the Verbund comparison.

    Written only while the Kommune takes part (and removed when it leaves);
    every Kommune may read them, so the policy widens reading to all rows.
    """

    kommune = models.ForeignKey("tenancy.Kommune", on_delete=models.PROTECT, related_name="+")
    haushaltsjahr = models.PositiveSmallIntegerField("Haushaltsjahr")
    kennzahl = models.CharField("Kennzahl", max_length=40)
    betrag = money("Betrag")
    einwohner = models.PositiveIntegerField("Einwohner")
    plan_bezeichnung = models.CharField(max_length=100)

    objects = KommuneManager()

    # Rows exist only for Kommunen that opted in: all of them may read them.
    rls_using = "TRUE"

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kommune", "haushaltsjahr", "kennzahl"], name="vergleichswert_unique"
            )
        ]


# --- the plan ------------------------------------------------------------------


class Status(models.TextChoices):
    ENTWURF = "entwurf", "Entwurf"
    EINGEBRACHT = "eingebracht", "eingebracht"
    BESCHLOSSEN = "beschlossen", "beschlossen"
    VORGELEGT = "vorgelegt", "der Aufsichtsbehörde vorgelegt"
    GENEHMIGT = "genehmigt", "genehmigt / ohne Beanstandung"
    BEKANNT_GEMACHT = "bekannt_gemacht", "bekannt gemacht"
    RECHTSKRAEFTIG = "rechtskraeftig", "rechtskräftig"


class Genehmigungsart(models.TextChoices):
    GENEHMIGT = "genehmigt", "genehmigt"
    OHNE_BEANSTANDUNG = "ohne_beanstandung", "ohne Beanstandung"


class Haushaltsplan(models.Model):
    """A Kommune's Haushaltsplan for a Haushaltsjahr (or a Doppelhaushalt), one version.

    `nachtrag_nr` 0 is the plan itself; 1, 2 … are Nachtragshaushalte, each
    referring to the version it amends. Only an Entwurf changes.
    """

    kommune = models.ForeignKey("tenancy.Kommune", on_delete=models.PROTECT, related_name="+")
    haushaltsjahr = models.PositiveSmallIntegerField(
        "Haushaltsjahr", validators=[MinValueValidator(2000)]
    )
    doppelhaushalt = models.BooleanField(
        "Doppelhaushalt", default=False, help_text="Der Plan gilt für zwei Haushaltsjahre."
    )
    nachtrag_nr = models.PositiveSmallIntegerField("Nachtrag", default=0)
    nachtrag_zu = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nachtraege",
        verbose_name="ändert",
    )
    status = models.CharField(
        "Status", max_length=20, choices=Status.choices, default=Status.ENTWURF
    )
    vorbericht = models.TextField("Vorbericht", blank=True)
    hebesatz_grundsteuer_a = models.PositiveIntegerField(
        "Hebesatz Grundsteuer A (v. H.)", default=0
    )
    hebesatz_grundsteuer_b = models.PositiveIntegerField(
        "Hebesatz Grundsteuer B (v. H.)", default=0
    )
    hebesatz_gewerbesteuer = models.PositiveIntegerField(
        "Hebesatz Gewerbesteuer (v. H.)", default=0
    )
    liquiditaetskredite = money("Höchstbetrag der Liquiditätskredite")
    zahlungsmittelbestand = money(
        "Zahlungsmittelbestand zu Beginn des Haushaltsjahres",
        help_text="Für die Entwicklung des Zahlungsmittelbestands.",
    )
    eingebracht_am = models.DateField("eingebracht am", null=True, blank=True)
    beschlossen_am = models.DateField("beschlossen am", null=True, blank=True)
    vorgelegt_am = models.DateField("vorgelegt am", null=True, blank=True)
    genehmigt_am = models.DateField("genehmigt am", null=True, blank=True)
    genehmigungsart = models.CharField(
        "Genehmigung", max_length=20, choices=Genehmigungsart.choices, blank=True
    )
    bekannt_gemacht_am = models.DateField("bekannt gemacht am", null=True, blank=True)
    rechtskraeftig_am = models.DateField("rechtskräftig am", null=True, blank=True)
    erstellt_am = models.DateTimeField(default=timezone.now)

    objects = KommuneManager()

    class Meta:
        verbose_name = "Haushaltsplan"
        verbose_name_plural = "Haushaltspläne"
        ordering = ["-haushaltsjahr", "-nachtrag_nr"]
        constraints = [
            models.UniqueConstraint(
                fields=["kommune", "haushaltsjahr", "nachtrag_nr"], name="haushaltsplan_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(nachtrag_nr=0, nachtrag_zu__isnull=True)
                | models.Q(nachtrag_nr__gt=0, nachtrag_zu__isnull=False),
                name="nachtrag_hat_bezug",
            ),
        ]

    def __str__(self) -> str:
        return self.bezeichnung

    @property
    def bezeichnung(self) -> str:
        jahre = (
            f"{self.haushaltsjahr}/{self.haushaltsjahr + 1}"
            if self.doppelhaushalt
            else str(self.haushaltsjahr)
        )
        if self.nachtrag_nr:
            return f"{self.nachtrag_nr}. Nachtragshaushaltsplan {jahre}"
        return f"Haushaltsplan {jahre}"

    @property
    def ist_entwurf(self) -> bool:
        return self.status == Status.ENTWURF

    def jahre(self) -> list[int]:
        """The years of the six amount columns, oldest first."""
        j = self.haushaltsjahr
        return [j - 2, j - 1, j, j + 1, j + 2, j + 3]


class Massnahme(models.Model):
    """An Investitionsmaßnahme of the Investitionsprogramm.

    Its Ein- and Auszahlungen are the Planansätze that name it (investment
    Konten), so the Investitionsprogramm and the Finanzhaushalt agree by
    construction. Verpflichtungsermächtigungen are entered here, by the year
    in which the payments they allow fall due.
    """

    kommune = models.ForeignKey("tenancy.Kommune", on_delete=models.PROTECT, related_name="+")
    haushaltsplan = models.ForeignKey(
        Haushaltsplan, on_delete=models.CASCADE, related_name="massnahmen"
    )
    nummer = models.CharField("Maßnahmennummer", max_length=20)
    bezeichnung = models.CharField("Bezeichnung", max_length=200)
    produkt = models.ForeignKey(Produkt, on_delete=models.PROTECT, related_name="+")
    ve_planung_1 = money("VE fällig im Jahr HJ+1")
    ve_planung_2 = money("VE fällig im Jahr HJ+2")
    ve_planung_3 = money("VE fällig im Jahr HJ+3")

    objects = KommuneManager()

    class Meta:
        verbose_name = "Maßnahme"
        verbose_name_plural = "Maßnahmen"
        ordering = ["nummer"]
        constraints = [
            models.UniqueConstraint(
                fields=["haushaltsplan", "nummer"], name="massnahme_nummer_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.nummer} {self.bezeichnung}"

    @property
    def verpflichtungsermaechtigung(self) -> Decimal:
        return self.ve_planung_1 + self.ve_planung_2 + self.ve_planung_3


BETRAGSSPALTEN = (
    "ergebnis_vorvorjahr",
    "ansatz_vorjahr",
    "ansatz",
    "planung_1",
    "planung_2",
    "planung_3",
)


class Planansatz(models.Model):
    """The planned amounts of one Konto × Produkt (× Maßnahme) in one Haushaltsplan.

    Amounts are positive; whether they are Erträge or Aufwendungen, Ein- or
    Auszahlungen follows from the Konto's rows.
    """

    kommune = models.ForeignKey("tenancy.Kommune", on_delete=models.PROTECT, related_name="+")
    haushaltsplan = models.ForeignKey(
        Haushaltsplan, on_delete=models.CASCADE, related_name="planansaetze"
    )
    konto = models.ForeignKey(Konto, on_delete=models.PROTECT, related_name="+")
    produkt = models.ForeignKey(Produkt, on_delete=models.PROTECT, related_name="+")
    massnahme = models.ForeignKey(
        Massnahme, on_delete=models.PROTECT, null=True, blank=True, related_name="planansaetze"
    )
    ergebnis_vorvorjahr = money("Ergebnis Vorvorjahr")
    ansatz_vorjahr = money("Ansatz Vorjahr")
    ansatz = money("Ansatz Haushaltsjahr")
    planung_1 = money("Finanzplanung HJ+1")
    planung_2 = money("Finanzplanung HJ+2")
    planung_3 = money("Finanzplanung HJ+3")
    erlaeuterung = models.TextField("Erläuterung", blank=True)
    # The Konto's rows when the plan left the Entwurf: later changes of the
    # Kontenrahmen do not change a plan that the Gremium has before it.
    ergebnis_zeile = models.CharField(max_length=2, blank=True, editable=False)
    finanz_zeile = models.CharField(max_length=2, blank=True, editable=False)

    objects = KommuneManager()

    class Meta:
        verbose_name = "Planansatz"
        verbose_name_plural = "Planansätze"
        constraints = [
            models.UniqueConstraint(
                fields=["haushaltsplan", "konto", "produkt"],
                condition=models.Q(massnahme__isnull=True),
                name="planansatz_unique",
            ),
            models.UniqueConstraint(
                fields=["haushaltsplan", "konto", "produkt", "massnahme"],
                condition=models.Q(massnahme__isnull=False),
                name="planansatz_massnahme_unique",
            ),
        ]

    def betraege(self) -> tuple[Decimal, ...]:
        return tuple(getattr(self, name) for name in BETRAGSSPALTEN)


class Laufbahn(models.TextChoices):
    BEAMTE = "beamte", "Beamtinnen und Beamte"
    BESCHAEFTIGTE = "beschaeftigte", "Beschäftigte"


class Stelle(models.Model):
    """A line of the Stellenplan: Stellen of one Besoldungs- or Entgeltgruppe."""

    kommune = models.ForeignKey("tenancy.Kommune", on_delete=models.PROTECT, related_name="+")
    haushaltsplan = models.ForeignKey(
        Haushaltsplan, on_delete=models.CASCADE, related_name="stellen"
    )
    laufbahn = models.CharField("Art", max_length=20, choices=Laufbahn.choices)
    gruppe = models.CharField("Besoldungs-/Entgeltgruppe", max_length=20)
    bezeichnung = models.CharField("Bezeichnung", max_length=200, blank=True)
    anzahl = models.DecimalField("Stellen Haushaltsjahr", max_digits=7, decimal_places=2)
    anzahl_vorjahr = models.DecimalField("Stellen Vorjahr", max_digits=7, decimal_places=2)

    objects = KommuneManager()

    class Meta:
        verbose_name = "Stelle"
        verbose_name_plural = "Stellen"
        ordering = ["laufbahn", "gruppe"]
        constraints = [
            models.UniqueConstraint(
                fields=["haushaltsplan", "laufbahn", "gruppe"], name="stelle_gruppe_unique"
            )
        ]


class Satzungsparagraph(models.Model):
    """A further local § of the Haushaltssatzung (§ 7 onwards; §§ 1–6 are generated)."""

    kommune = models.ForeignKey("tenancy.Kommune", on_delete=models.PROTECT, related_name="+")
    haushaltsplan = models.ForeignKey(
        Haushaltsplan, on_delete=models.CASCADE, related_name="paragraphen"
    )
    nummer = models.PositiveSmallIntegerField("§", validators=[MinValueValidator(7)])
    ueberschrift = models.CharField("Überschrift", max_length=200)
    text = models.TextField("Text")

    objects = KommuneManager()

    class Meta:
        verbose_name = "Paragraph der Haushaltssatzung"
        verbose_name_plural = "Paragraphen der Haushaltssatzung"
        ordering = ["nummer"]
        constraints = [
            models.UniqueConstraint(
                fields=["haushaltsplan", "nummer"], name="satzungsparagraph_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(nummer__gte=7), name="satzungsparagraph_ab_7"
            ),
        ]
