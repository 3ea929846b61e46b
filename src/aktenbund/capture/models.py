"""Posteingang: what arrives (upload, scan, e-mail, API) before it is filed.

A Posteingangseintrag is one arrival (a letter with its pages, an e-mail with
its attachments, one uploaded file). Its Posteingangsdateien are the files,
each processed in the background (type, PDF/A, text, preview). Filing turns
every file into a Dokument of a Vorgang; the original is the Dokument's first
Version and the processed PDF/A is kept beside it as a `Rendition`.

States of an Eintrag (`Status`): wartet (queued) → in Verarbeitung (a worker
holds the lease) → bereit (may be filed) or Fehler (with a German reason);
zugeordnet once filed. The lease (`verarbeitung_bis`) lets a restarted
worker take over an Eintrag whose worker died (see services.verarbeitung).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from aktenbund.blobs.models import blob_verweis
from aktenbund.records.models.akten import _CURRENT
from aktenbund.tenancy.managers import KommuneManager


class Quelle(models.TextChoices):
    UPLOAD = "upload", "Hochgeladen"
    SCAN = "scan", "Scan"
    EMAIL = "email", "E-Mail"
    API = "api", "Schnittstelle"


class Status(models.TextChoices):
    WARTET = "wartet", "wartet"
    IN_VERARBEITUNG = "in_verarbeitung", "in Verarbeitung"
    BEREIT = "bereit", "bereit"
    FEHLER = "fehler", "Fehler"
    ZUGEORDNET = "zugeordnet", "zugeordnet"


OFFENE_STATUS = (Status.WARTET, Status.IN_VERARBEITUNG, Status.BEREIT, Status.FEHLER)


class Rolle(models.TextChoices):
    """What a file is within its Eintrag."""

    DATEI = "datei", "Datei"
    MAIL = "mail", "E-Mail"
    ANHANG = "anhang", "Anhang"


class Posteingangseintrag(models.Model):
    """One arrival in the Posteingang of a Kommune (oe NULL) or of one OE."""

    kommune = models.ForeignKey("tenancy.Kommune", on_delete=models.PROTECT, related_name="+")
    oe = models.ForeignKey(
        "tenancy.Organisationseinheit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Organisationseinheit",
    )
    quelle = models.CharField("Quelle", max_length=10, choices=Quelle.choices)
    status = models.CharField(
        "Status", max_length=20, choices=Status.choices, default=Status.WARTET
    )
    fehlergrund = models.TextField("Grund des Fehlers", blank=True)
    betreff = models.CharField("Betreff", max_length=300, blank=True)
    absender = models.CharField("Absender", max_length=300, blank=True)
    empfaenger = models.CharField("Empfänger", max_length=300, blank=True)
    datum = models.DateField("Datum", null=True, blank=True)
    # E-Mail Message-ID or the scan file's name: what the sender called it.
    herkunft = models.CharField("Herkunft", max_length=500, blank=True)
    eingegangen_am = models.DateTimeField("eingegangen am", default=timezone.now)
    erstellt_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="erfasst von",
    )
    # Filing: chosen (possibly while still processing), then done exactly once.
    ziel_vorgang = models.ForeignKey(
        "records.Vorgang",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Vorgang",
    )
    zugeordnet_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    zugeordnet_am = models.DateTimeField(null=True, blank=True)
    # Processing lease: a worker owns the Eintrag until `verarbeitung_bis`.
    verarbeitung_token = models.CharField(max_length=40, blank=True, editable=False)
    verarbeitung_bis = models.DateTimeField(null=True, blank=True, editable=False)
    versuche = models.PositiveIntegerField(default=0, editable=False)
    geaendert_am = models.DateTimeField(default=timezone.now)

    objects = KommuneManager()

    class Meta:
        verbose_name = "Posteingangseintrag"
        verbose_name_plural = "Posteingang"
        ordering = ["-eingegangen_am", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=Status.values), name="posteingang_status_gueltig"
            ),
            models.CheckConstraint(
                condition=models.Q(quelle__in=Quelle.values), name="posteingang_quelle_gueltig"
            ),
        ]
        indexes = [
            models.Index(fields=["kommune", "status", "-eingegangen_am"]),
            models.Index(fields=["kommune", "oe", "status"]),
        ]

    def __str__(self) -> str:
        return self.betreff or f"Posteingang {self.pk}"

    @property
    def ist_offen(self) -> bool:
        return self.status in OFFENE_STATUS


class Posteingangsdatei(models.Model):
    """One file of an Eintrag: the original and, once processed, what was made of it."""

    kommune = models.ForeignKey("tenancy.Kommune", on_delete=models.PROTECT, related_name="+")
    # Indexed by posteingangsdatei_nr, which leads with it.
    eintrag = models.ForeignKey(
        Posteingangseintrag, on_delete=models.PROTECT, related_name="dateien", db_index=False
    )
    nummer = models.PositiveIntegerField("Nr.")
    rolle = models.CharField("Art", max_length=10, choices=Rolle.choices, default=Rolle.DATEI)
    dateiname = models.CharField("Dateiname", max_length=255)
    original = blob_verweis()
    groesse = models.PositiveBigIntegerField("Größe (Bytes)")
    mime_type = models.CharField("Dateityp", max_length=100, blank=True)
    # Results of processing (empty until `verarbeitet`).
    verarbeitet = models.BooleanField(default=False)
    pdf = blob_verweis(null=True)
    vorschau = blob_verweis(null=True)
    text = models.TextField(blank=True)
    seiten = models.PositiveIntegerField(null=True, blank=True)
    ocr = models.BooleanField("OCR", default=False)
    # The Dokument this file became (set in the filing transaction).
    dokument = models.ForeignKey(
        "records.Dokument", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = KommuneManager()

    class Meta:
        verbose_name = "Posteingangsdatei"
        verbose_name_plural = "Posteingangsdateien"
        ordering = ["eintrag", "nummer"]
        constraints = [
            models.UniqueConstraint(fields=["eintrag", "nummer"], name="posteingangsdatei_nr"),
        ]
        indexes = [
            models.Index(fields=["original"], name="posteingangsdatei_original"),
            models.Index(fields=["pdf"], name="posteingangsdatei_pdf"),
            models.Index(fields=["vorschau"], name="posteingangsdatei_vorschau"),
        ]

    def __str__(self) -> str:
        return self.dateiname


class Rendition(models.Model):
    """What processing made of a Version: PDF/A beside the original, text, preview.

    One per Version (the original stays the Version's own content). `pdf`
    is empty when the original already is the PDF to show (born-digital PDF)
    or no PDF can be made (office files, mails: text only).
    """

    kommune = models.ForeignKey("tenancy.Kommune", on_delete=models.PROTECT, related_name="+")
    version = models.OneToOneField(
        "records.Version", on_delete=models.PROTECT, related_name="rendition"
    )
    pdf = blob_verweis(null=True)
    vorschau = blob_verweis(null=True)
    text = models.TextField(blank=True)
    seiten = models.PositiveIntegerField(null=True, blank=True)
    ocr = models.BooleanField(default=False)
    erstellt_am = models.DateTimeField(default=timezone.now)

    objects = KommuneManager()

    # Readable wherever its Version is (Freigaben included).
    # The parent check is a function (records migration 0004).
    rls_using = f"(kommune_id = {_CURRENT} OR aktenbund_sichtbar_version(version_id))"
    rls_write_using = f"(kommune_id = {_CURRENT})"

    class Meta:
        verbose_name = "Rendition"
        verbose_name_plural = "Renditionen"
        indexes = [
            models.Index(fields=["pdf"], name="rendition_pdf"),
            models.Index(fields=["vorschau"], name="rendition_vorschau"),
        ]

    def __str__(self) -> str:
        return f"Rendition von Version {self.version_id}"


class Mailkonto(models.Model):
    """An IMAP mailbox whose new mails go into a Posteingang (Kommune or OE)."""

    kommune = models.ForeignKey("tenancy.Kommune", on_delete=models.PROTECT, related_name="+")
    oe = models.ForeignKey(
        "tenancy.Organisationseinheit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Organisationseinheit",
    )
    bezeichnung = models.CharField("Bezeichnung", max_length=100)
    host = models.CharField("IMAP-Server", max_length=200)
    port = models.PositiveIntegerField("Port", default=993)
    verschluesselung = models.CharField(
        "Verschlüsselung",
        max_length=10,
        choices=[("ssl", "SSL/TLS"), ("starttls", "STARTTLS"), ("keine", "keine (nur lokal)")],
        default="ssl",
    )
    benutzer = models.CharField("Benutzername", max_length=200)
    # The IMAP password, Fernet-encrypted (services.geheimnis); never shown back.
    passwort_verschluesselt = models.TextField(editable=False, blank=True)
    ordner = models.CharField("Ordner", max_length=200, default="INBOX")
    aktiv = models.BooleanField("aktiv", default=True)
    # IMAP UIDs already taken in, valid while the folder's UIDVALIDITY holds.
    uidvalidity = models.BigIntegerField(null=True, blank=True, editable=False)
    letzte_uid = models.BigIntegerField(default=0, editable=False)
    letzter_abruf = models.DateTimeField(null=True, blank=True, editable=False)
    letzter_fehler = models.TextField(blank=True, editable=False)

    objects = KommuneManager()

    class Meta:
        verbose_name = "Mailkonto"
        verbose_name_plural = "Mailkonten"
        ordering = ["bezeichnung"]

    def __str__(self) -> str:
        return self.bezeichnung

    def set_passwort(self, klartext: str) -> None:
        from aktenbund.capture.services.geheimnis import verschluesseln

        self.passwort_verschluesselt = verschluesseln(klartext)

    def passwort(self) -> str:
        """The plain password (for logging in); GeheimnisUnlesbar if no key fits."""
        from aktenbund.capture.services.geheimnis import entschluesseln

        return entschluesseln(self.passwort_verschluesselt)

    @property
    def passwort_gesetzt(self) -> bool:
        return bool(self.passwort_verschluesselt)
