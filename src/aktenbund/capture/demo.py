"""Demo Posteingang: a few arrivals per Kommune in the states a Registratur sees.

Per Kommune: a scanned-in Bauantrag and a Gewerbeanmeldung (born-digital
PDFs, bereit), an e-mail with a PDF attachment (bereit), and a damaged scan
(Fehler, with the pipeline's German reason). The PDFs come from
`records.demo_pdf` (real text, no OCR needed), and each Eintrag is processed
right here, so loading takes seconds and needs no worker. Idempotent: each
item carries `herkunft` "demo:<key>" and is made only once.
"""

from __future__ import annotations

import datetime
from email.message import EmailMessage
from email.utils import format_datetime

from aktenbund.capture.models import Posteingangseintrag, Quelle
from aktenbund.capture.services.posteingang import Eingangsdatei, receive, receive_mail
from aktenbund.capture.services.verarbeitung import verarbeite
from aktenbund.records.demo_pdf import pdf_dokument
from aktenbund.tenancy import demo as tenancy_demo
from aktenbund.tenancy.models import Kommune, Organisationseinheit, Rolle, User
from aktenbund.tenancy.scope import kommune_scope

DATUM = datetime.date(2026, 11, 20)


def _pdf(titel: str, absender: str, *absaetze: str) -> bytes:
    return pdf_dokument([absender, f"Datum: {DATUM:%d.%m.%Y}", titel, *absaetze], titel=titel)


def _mail(kommune: Kommune) -> bytes:
    message = EmailMessage()
    message["From"] = "Jana Schäfer <jana.schaefer@example.org>"
    message["To"] = f"poststelle@{tenancy_demo.slug(kommune.name)}.example.de"
    message["Subject"] = "Widerspruch gegen den Gebührenbescheid Abfall 2026"
    message["Date"] = format_datetime(datetime.datetime(2026, 11, 21, 8, 15, tzinfo=datetime.UTC))
    message["Message-ID"] = f"<demo-widerspruch-{kommune.ags}@example.org>"
    message.set_content(
        "Sehr geehrte Damen und Herren,\n\n"
        "gegen den Gebührenbescheid für die Abfallentsorgung 2026 lege ich Widerspruch ein. "
        "Die Begründung finden Sie im Anhang.\n\nMit freundlichen Grüßen\nJana Schäfer\n"
    )
    message.add_attachment(
        _pdf(
            "Widerspruch Gebührenbescheid Abfall 2026",
            "Jana Schäfer, Lindenweg 3",
            "Der Bescheid setzt vier Personen im Haushalt an; seit März leben dort zwei.",
            "Ich bitte um Neuberechnung und Erstattung des zu viel gezahlten Betrags.",
        ),
        maintype="application",
        subtype="pdf",
        filename="Widerspruch Begründung.pdf",
    )
    return message.as_bytes()


def _eingaenge(kommune: Kommune) -> list[tuple[str, dict]]:
    """(key, receive arguments) of the demo items of one Kommune."""
    ort = kommune.name
    return [
        (
            "bauantrag",
            {
                "quelle": Quelle.SCAN,
                "oe": None,
                "betreff": "Bauantrag Neubau Carport, Am Sportplatz 7",
                "absender": "Familie Krüger",
                "dateien": [
                    Eingangsdatei(
                        "Bauantrag Carport.pdf",
                        _pdf(
                            "Bauantrag: Neubau eines Carports",
                            f"Familie Krüger, Am Sportplatz 7, {ort}",
                            "Wir beantragen die Genehmigung eines offenen Carports "
                            "an der östlichen Grundstücksgrenze.",
                            "Anlagen: Lageplan, Ansichten, Baubeschreibung.",
                        ),
                    )
                ],
            },
        ),
        (
            "gewerbe",
            {
                "quelle": Quelle.UPLOAD,
                "oe": "32.1",
                "betreff": "Gewerbeanmeldung Café am Markt",
                "absender": "Café am Markt GbR",
                "dateien": [
                    Eingangsdatei(
                        "Gewerbeanmeldung Cafe am Markt.pdf",
                        _pdf(
                            "Gewerbeanmeldung",
                            f"Café am Markt GbR, Marktplatz 2, {ort}",
                            "Hiermit melden wir den Betrieb eines Cafés mit Ausschank "
                            "alkoholfreier Getränke zum 1. Dezember 2026 an.",
                        ),
                    )
                ],
            },
        ),
        (
            "scan-defekt",
            {
                "quelle": Quelle.SCAN,
                "oe": None,
                "betreff": "",
                "absender": "",
                # The scanner stopped mid-file: a PDF without body, xref or trailer.
                "dateien": [
                    Eingangsdatei("Scan_0042.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<")
                ],
            },
        ),
    ]


def load() -> None:
    """Create the demo Posteingang of every demo Kommune (what is missing of it)."""
    for name, *_ in tenancy_demo.KOMMUNEN:
        kommune = Kommune.objects.filter(name=name).first()
        if kommune is None:
            continue
        actor = User.objects.filter(username=tenancy_demo.username(name, Rolle.REGISTRATUR)).first()
        with kommune_scope(kommune):
            vorhanden = set(
                Posteingangseintrag.objects.filter(herkunft__startswith="demo:").values_list(
                    "herkunft", flat=True
                )
            )
            oes = {
                oe.kurzzeichen: oe for oe in Organisationseinheit.objects.filter(kommune=kommune)
            }
        neu = []
        for key, args in _eingaenge(kommune):
            if f"demo:{key}" in vorhanden:
                continue
            args = {**args, "oe": oes.get(args["oe"]) if args["oe"] else None}
            neu.append(receive(kommune_id=kommune.pk, actor=actor, herkunft=f"demo:{key}", **args))
        if "demo:mail" not in vorhanden:
            neu.append(
                receive_mail(
                    kommune_id=kommune.pk,
                    oe=None,
                    quelle=Quelle.EMAIL,
                    dateiname="",
                    inhalt=_mail(kommune),
                    mime="message/rfc822",
                    actor=None,
                    herkunft="demo:mail",
                )
            )
        for eintrag in neu:
            # At once (born-digital text, no OCR); a worker later finds nothing left to do.
            verarbeite(kommune.pk, eintrag.pk)
