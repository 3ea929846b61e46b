"""Gewerberegister: Gewerbebetriebe, their Gewerbeanzeigen (GewA1/2/3), the
Datenübermittlung outbox and the Gewerberegisterauskünfte.

A `Gewerbeanzeige` is immutable once filed: it keeps every field in the state
it was filed with (the fields of GewAnzV Anlage 1–3, see `katalog.py` for the
numbering). A `Gewerbebetrieb` is the register entry; its current state is
the latest Anzeige (`aktuelle_anzeige`), so registry data is never
overwritten, only superseded by a later Anzeige.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from aktenbund.gewerbe import katalog
from aktenbund.tenancy.managers import KommuneManager


class Anzeigeart(models.TextChoices):
    ANMELDUNG = "an", "Gewerbe-Anmeldung (GewA 1)"
    UMMELDUNG = "um", "Gewerbe-Ummeldung (GewA 2)"
    ABMELDUNG = "ab", "Gewerbe-Abmeldung (GewA 3)"


ANLAGE = {Anzeigeart.ANMELDUNG: 1, Anzeigeart.UMMELDUNG: 2, Anzeigeart.ABMELDUNG: 3}


class Quelle(models.TextChoices):
    FORMULAR = "formular", "Erfassung im Gewerbeamt"
    API = "api", "Schnittstelle (JSON)"
    XML = "xml", "XGewerbeanzeige (Online-Anzeige)"


class Gewerbebetrieb(models.Model):
    """One entry of a Kommune's Gewerberegister."""

    class Status(models.TextChoices):
        AKTIV = "aktiv", "aktiv"
        ABGEMELDET = "abgemeldet", "abgemeldet"

    kommune = models.ForeignKey("tenancy.Kommune", on_delete=models.PROTECT, related_name="+")
    uuid = models.UUIDField("Gewerbebetrieb-ID", default=uuid.uuid4, unique=True, editable=False)
    betriebsnummer = models.PositiveIntegerField("Betriebsnummer")
    status = models.CharField("Status", max_length=12, choices=Status.choices)
    angemeldet_am = models.DateField("Beginn")
    abgemeldet_am = models.DateField("Aufgabe", null=True, blank=True)
    aktuelle_anzeige = models.ForeignKey(
        "Gewerbeanzeige",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name="aktuelle Anzeige",
    )
    erstellt_am = models.DateTimeField(default=timezone.now)
    akte = models.ForeignKey(
        "records.Akte", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = KommuneManager()

    class Meta:
        verbose_name = "Gewerbebetrieb"
        verbose_name_plural = "Gewerbebetriebe"
        ordering = ["-betriebsnummer"]
        constraints = [
            models.UniqueConstraint(
                fields=["kommune", "betriebsnummer"], name="gewerbebetrieb_nummer_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["aktiv", "abgemeldet"]),
                name="gewerbebetrieb_status_gueltig",
            ),
        ]

    def __str__(self) -> str:
        anzeige = self.aktuelle_anzeige
        return f"{self.betriebsnummer} {anzeige.anzeigename if anzeige else ''}".strip()

    @property
    def ist_aktiv(self) -> bool:
        return self.status == self.Status.AKTIV


class Gewerbeanzeige(models.Model):
    """One filed GewA1, GewA2 or GewA3 with every field, never changed afterwards.

    Field numbers per Anlage: `katalog.felder(anlage)`. Persons (fields 4–11,
    14, 30, 31) are `Person` rows, Tätigkeiten (18, weitere) `Taetigkeit` rows.
    """

    kommune = models.ForeignKey("tenancy.Kommune", on_delete=models.PROTECT, related_name="+")
    gewerbebetrieb = models.ForeignKey(
        Gewerbebetrieb, on_delete=models.PROTECT, related_name="anzeigen"
    )
    vorherige = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ersetzt den Stand der Anzeige",
    )
    anzeigeart = models.CharField("Anzeigeart", max_length=2, choices=Anzeigeart.choices)
    meldungsnummer = models.CharField("Meldungsnummer", max_length=12)
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    quelle = models.CharField("Eingang über", max_length=10, choices=Quelle.choices)
    eingang_am = models.DateField("Eingang der Anzeige", default=timezone.localdate)
    erfasst_am = models.DateTimeField("erfasst am", default=timezone.now)
    erfasst_von = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    # Feld 1–3
    eingetragener_name = models.CharField("eingetragener Name", max_length=200, blank=True)
    rechtsform = models.CharField("Rechtsform", max_length=3)
    register_art = models.CharField("Register", max_length=3, blank=True)
    register_nummer = models.CharField("Registernummer", max_length=30, blank=True)
    registergericht = models.CharField("Registergericht", max_length=100, blank=True)
    geschaeftsbezeichnung = models.CharField("Geschäftsbezeichnung", max_length=200, blank=True)
    # Feld 12
    telefon = models.CharField("Telefon", max_length=50, blank=True)
    email = models.EmailField("E-Mail", max_length=200, blank=True)
    website = models.CharField("Website", max_length=200, blank=True)
    # Feld 13
    zahl_vertreter = models.PositiveSmallIntegerField(
        "Zahl der Gesellschafter/gesetzlichen Vertreter", null=True, blank=True
    )
    # Feld 15 (Anlage 3: 16) Betriebsstätte
    betrieb_strasse = models.CharField("Straße", max_length=100)
    betrieb_hausnummer = models.CharField("Hausnummer", max_length=20, blank=True)
    betrieb_plz = models.CharField("PLZ", max_length=5)
    betrieb_ort = models.CharField("Ort", max_length=100)
    betrieb_ags = models.CharField("Gemeindeschlüssel der Betriebsstätte", max_length=8)
    # Feld 16 (Anlage 3: 15) Hauptniederlassung
    hn_strasse = models.CharField("Straße", max_length=100, blank=True)
    hn_hausnummer = models.CharField("Hausnummer", max_length=20, blank=True)
    hn_plz = models.CharField("PLZ", max_length=5, blank=True)
    hn_ort = models.CharField("Ort", max_length=100, blank=True)
    # Feld 17 frühere Betriebsstätte
    fb_strasse = models.CharField("Straße", max_length=100, blank=True)
    fb_hausnummer = models.CharField("Hausnummer", max_length=20, blank=True)
    fb_plz = models.CharField("PLZ", max_length=5, blank=True)
    fb_ort = models.CharField("Ort", max_length=100, blank=True)
    # Anlage 2 Feld 19
    bisherige_taetigkeit = models.TextField("bisher ausgeübte Tätigkeit", blank=True)
    nebenerwerb = models.BooleanField("im Nebenerwerb", default=False)
    # Anlage 1 Feld 20 Beginn, Anlage 2 Feld 21 Änderung, Anlage 3 Feld 20 Aufgabe
    datum = models.DateField("Datum")
    art_industrie = models.BooleanField("Industrie", default=False)
    art_handwerk = models.BooleanField("Handwerk", default=False)
    art_handel = models.BooleanField("Handel", default=False)
    art_sonstiges = models.BooleanField("Sonstiges", default=False)
    vollzeit = models.PositiveIntegerField("Vollzeit", null=True, blank=True)
    teilzeit = models.PositiveIntegerField("Teilzeit", null=True, blank=True)
    niederlassungsart = models.CharField("erstattet für", max_length=1, blank=True)
    reisegewerbe = models.BooleanField("Reisegewerbe", default=False)
    automatenaufstellung = models.BooleanField("Automatenaufstellungsgewerbe", default=False)
    grund_anmeldung = models.CharField("Grund der Anmeldung", max_length=2, blank=True)
    grund_ummeldung = models.CharField("Grund der Ummeldung", max_length=2, blank=True)
    ursache_abmeldung = models.CharField("Ursache der Abmeldung", max_length=2, blank=True)
    grund_abmeldung = models.CharField("Grund der Betriebsaufgabe", max_length=2, blank=True)
    frueherer_gewerbetreibender = models.CharField(
        "früherer Gewerbetreibender", max_length=200, blank=True
    )
    unfallversicherung = models.CharField(
        "bisherige Unfallversicherung", max_length=200, blank=True
    )
    erlaubnis = models.BooleanField("Erlaubnis erforderlich", default=False)
    erlaubnis_behoerde = models.CharField("Erlaubnisbehörde", max_length=200, blank=True)
    erlaubnis_datum = models.DateField("Erlaubnis erteilt am", null=True, blank=True)
    handwerkskarte = models.BooleanField("Handwerkskarte liegt vor", default=False)
    handwerkskarte_kammer = models.CharField("ausgestellt von", max_length=200, blank=True)
    handwerkskarte_datum = models.DateField("ausgestellt am", null=True, blank=True)
    # Anlage 3 Feld 26/27
    kuenftig_strasse = models.CharField("Straße", max_length=100, blank=True)
    kuenftig_hausnummer = models.CharField("Hausnummer", max_length=20, blank=True)
    kuenftig_plz = models.CharField("PLZ", max_length=5, blank=True)
    kuenftig_ort = models.CharField("Ort", max_length=100, blank=True)
    kuenftiger_gewerbetreibender = models.CharField(
        "künftiger Gewerbetreibender", max_length=200, blank=True
    )
    unterschrieben_am = models.DateField("unterschrieben am", null=True, blank=True)
    altershinweis = models.TextField("Vermerk zum Alter", blank=True)
    zoll_hinweis = models.BooleanField(
        "Anhaltspunkte für Verstöße gegen SchwarzArbG oder AÜG", default=False
    )
    # Set in the filing transaction: no Anzeige without its Vorgang.
    vorgang = models.ForeignKey(
        "records.Vorgang", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = KommuneManager()

    class Meta:
        verbose_name = "Gewerbeanzeige"
        verbose_name_plural = "Gewerbeanzeigen"
        ordering = ["-erfasst_am", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kommune", "meldungsnummer"], name="gewerbeanzeige_nummer_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(anzeigeart__in=["an", "um", "ab"]),
                name="gewerbeanzeige_art_gueltig",
            ),
        ]
        indexes = [models.Index(fields=["kommune", "anzeigeart", "datum"])]

    def __str__(self) -> str:
        return f"{self.get_anzeigeart_display()} {self.meldungsnummer} {self.anzeigename}"

    @property
    def anlage(self) -> int:
        return ANLAGE[self.anzeigeart]

    @property
    def kurzart(self) -> str:
        return f"GewA {self.anlage}"

    @property
    def anzeigename(self) -> str:
        """How the register names the Betrieb: registered name, else Geschäftsbezeichnung
        or the Inhaber's name."""
        if self.eingetragener_name:
            return self.eingetragener_name
        if self.geschaeftsbezeichnung:
            return self.geschaeftsbezeichnung
        inhaber = next(iter(self.personen.all()), None) if self.pk else None
        return f"{inhaber.vornamen} {inhaber.familienname}" if inhaber else "(ohne Namen)"

    @property
    def rechtsform_obj(self) -> katalog.Rechtsform | None:
        return katalog.rechtsformen().get(self.rechtsform)

    @property
    def betriebsanschrift(self) -> str:
        strasse = f"{self.betrieb_strasse} {self.betrieb_hausnummer}".strip()
        return f"{strasse}, {self.betrieb_plz} {self.betrieb_ort}"

    @property
    def schwerpunkt(self) -> Taetigkeit | None:
        return next((t for t in self.taetigkeiten.all() if t.schwerpunkt), None)

    @property
    def betriebsarten(self) -> list[str]:
        return [
            label
            for flag, label in (
                (self.art_industrie, "Industrie"),
                (self.art_handwerk, "Handwerk"),
                (self.art_handel, "Handel"),
                (self.art_sonstiges, "Sonstiges"),
            )
            if flag
        ]


class Person(models.Model):
    """A person block of an Anzeige: Inhaber, Gesellschafter, gesetzlicher
    Vertreter (fields 4–11, 30, 31) or Betriebsleiter (field 14)."""

    kommune = models.ForeignKey("tenancy.Kommune", on_delete=models.PROTECT, related_name="+")
    anzeige = models.ForeignKey(Gewerbeanzeige, on_delete=models.PROTECT, related_name="personen")
    position = models.PositiveSmallIntegerField(default=0)
    funktion = models.CharField("Funktion", max_length=1)
    familienname = models.CharField("Name", max_length=100)
    vornamen = models.CharField("Vornamen", max_length=100)
    doktorgrad = models.CharField("Doktorgrad", max_length=20, blank=True)
    geschlecht = models.CharField("Geschlecht", max_length=1, blank=True)
    geburtsname = models.CharField("Geburtsname", max_length=100, blank=True)
    geburtsdatum = models.DateField("Geburtsdatum", null=True, blank=True)
    geburtsort = models.CharField("Geburtsort", max_length=100, blank=True)
    geburtsland = models.CharField("Geburtsland", max_length=100, blank=True)
    staatsangehoerigkeit = models.CharField("Staatsangehörigkeit", max_length=3, blank=True)
    weitere_staatsangehoerigkeit = models.CharField(
        "weitere Staatsangehörigkeit", max_length=3, blank=True
    )
    wohn_strasse = models.CharField("Straße", max_length=100, blank=True)
    wohn_hausnummer = models.CharField("Hausnummer", max_length=20, blank=True)
    wohn_plz = models.CharField("PLZ", max_length=10, blank=True)
    wohn_ort = models.CharField("Ort", max_length=100, blank=True)
    aufenthaltstitel_status = models.CharField("Aufenthaltstitel", max_length=1, blank=True)
    aufenthaltstitel_datum = models.DateField("ausgestellt am", null=True, blank=True)
    aufenthaltstitel_behoerde = models.CharField("ausgestellt von", max_length=200, blank=True)
    auflage = models.TextField("Auflage/Beschränkung", blank=True)

    objects = KommuneManager()

    class Meta:
        verbose_name = "Person"
        verbose_name_plural = "Personen"
        ordering = ["anzeige", "position"]

    def __str__(self) -> str:
        return f"{self.vornamen} {self.familienname}"

    @property
    def funktion_text(self) -> str:
        return katalog.codeliste("person_funktion").get(self.funktion, self.funktion)

    @property
    def ist_betriebsleiter(self) -> bool:
        return self.funktion == "4"


class Taetigkeit(models.Model):
    """An angemeldete Tätigkeit with its WZ 2008 Unterklasse (field 18; weitere: Beiblatt)."""

    kommune = models.ForeignKey("tenancy.Kommune", on_delete=models.PROTECT, related_name="+")
    anzeige = models.ForeignKey(
        Gewerbeanzeige, on_delete=models.PROTECT, related_name="taetigkeiten"
    )
    position = models.PositiveSmallIntegerField(default=0)
    schwerpunkt = models.BooleanField("Schwerpunkt", default=False)
    beschreibung = models.CharField("Tätigkeit", max_length=500)
    wz_code = models.CharField("WZ 2008", max_length=5, blank=True)

    objects = KommuneManager()

    class Meta:
        verbose_name = "Tätigkeit"
        verbose_name_plural = "Tätigkeiten"
        ordering = ["anzeige", "position"]

    def __str__(self) -> str:
        return self.beschreibung

    @property
    def wz(self) -> katalog.WzEintrag | None:
        return katalog.wz(self.wz_code) if self.wz_code else None


class Empfaengereinstellung(models.Model):
    """A Kommune's routing for one receiving body of the region.

    Without a row the body receives what § 3 GewAnzV gives it. `aktiv=False`
    takes it out of this Kommune's routing; `verzicht` records that the body
    declined regular transmission (§ 3 Abs. 1 letzter Satz GewAnzV).
    """

    kommune = models.ForeignKey("tenancy.Kommune", on_delete=models.PROTECT, related_name="+")
    empfaenger = models.CharField("Empfänger", max_length=50)
    aktiv = models.BooleanField("erhält Daten aus dieser Kommune", default=True)
    verzicht = models.BooleanField("hat auf regelmäßige Übermittlung verzichtet", default=False)
    verzicht_seit = models.DateField("Verzicht seit", null=True, blank=True)
    bemerkung = models.CharField("Bemerkung", max_length=300, blank=True)

    objects = KommuneManager()

    class Meta:
        verbose_name = "Empfängereinstellung"
        verbose_name_plural = "Empfängereinstellungen"
        constraints = [
            models.UniqueConstraint(
                fields=["kommune", "empfaenger"], name="empfaengereinstellung_unique"
            )
        ]


class Uebermittlung(models.Model):
    """One XGewerbeanzeige message for one receiving body (the outbox)."""

    class Status(models.TextChoices):
        ERSTELLT = "erstellt", "erstellt"
        UEBERMITTELT = "uebermittelt", "übermittelt"
        FEHLER = "fehler", "Fehler"

    kommune = models.ForeignKey("tenancy.Kommune", on_delete=models.PROTECT, related_name="+")
    anzeige = models.ForeignKey(
        Gewerbeanzeige,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="uebermittlungen",
    )
    empfaenger = models.CharField("Empfänger", max_length=50)
    empfaenger_name = models.CharField("Empfänger", max_length=200)
    nachricht = models.CharField("Nachricht", max_length=50)
    nachricht_uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    xml = models.TextField("XGewerbeanzeige")
    status = models.CharField(
        "Status", max_length=12, choices=Status.choices, default=Status.ERSTELLT
    )
    erstellt_am = models.DateTimeField(default=timezone.now)
    faellig_am = models.DateField("fällig am")
    uebermittelt_am = models.DateTimeField("übermittelt am", null=True, blank=True)
    fehler = models.TextField("Fehler", blank=True)
    ist_sammelnachricht = models.BooleanField("Sammelnachricht", default=False)
    sammelnachricht = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bestandteile",
        verbose_name="gesammelt in",
    )

    objects = KommuneManager()

    class Meta:
        verbose_name = "Übermittlung"
        verbose_name_plural = "Übermittlungen"
        ordering = ["-erstellt_am", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["erstellt", "uebermittelt", "fehler"]),
                name="uebermittlung_status_gueltig",
            )
        ]

    def __str__(self) -> str:
        return f"{self.nachricht} an {self.empfaenger_name}"

    @property
    def dateiname(self) -> str:
        return f"{self.nachricht_uuid}_{self.nachricht}.xml"


class Auskunft(models.Model):
    """A Gewerberegisterauskunft: einfach (§ 14 Abs. 5 GewO) or erweitert
    (berechtigtes Interesse, decided by a second person)."""

    class Art(models.TextChoices):
        EINFACH = "einfach", "einfache Auskunft (§ 14 Abs. 5 GewO)"
        ERWEITERT = "erweitert", "erweiterte Auskunft (berechtigtes Interesse)"

    class Status(models.TextChoices):
        BEANTRAGT = "beantragt", "beantragt"
        ABGELEHNT = "abgelehnt", "abgelehnt"
        ERTEILT = "erteilt", "erteilt"

    kommune = models.ForeignKey("tenancy.Kommune", on_delete=models.PROTECT, related_name="+")
    gewerbebetrieb = models.ForeignKey(
        Gewerbebetrieb, on_delete=models.PROTECT, related_name="auskuenfte"
    )
    art = models.CharField("Art", max_length=10, choices=Art.choices)
    status = models.CharField("Status", max_length=10, choices=Status.choices)
    antragsteller = models.CharField("Antragsteller", max_length=200)
    antragsteller_anschrift = models.TextField("Anschrift des Antragstellers")
    berechtigtes_interesse = models.TextField("berechtigtes Interesse", blank=True)
    beantragt_am = models.DateTimeField(default=timezone.now)
    beantragt_von = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entschieden_von = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    entschieden_am = models.DateTimeField(null=True, blank=True)
    ablehnungsgrund = models.TextField("Ablehnungsgrund", blank=True)
    vorgang = models.ForeignKey(
        "records.Vorgang", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = KommuneManager()

    class Meta:
        verbose_name = "Gewerberegisterauskunft"
        verbose_name_plural = "Gewerberegisterauskünfte"
        ordering = ["-beantragt_am", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(art="einfach") | ~models.Q(berechtigtes_interesse=""),
                name="auskunft_erweitert_braucht_interesse",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_art_display()} für {self.antragsteller}"
