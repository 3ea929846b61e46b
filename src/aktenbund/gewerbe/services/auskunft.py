"""Gewerberegisterauskunft (§ 14 Abs. 5 GewO), filed as a Vorgang with its letter.

Einfache Auskunft: to anyone, only Name, betriebliche Anschrift and
angezeigte Tätigkeit. Erweiterte Auskunft: further data (persons, dates)
only with a recorded berechtigtes Interesse and the approval of a second
person (Gewerbeamt or Amtsleitung, not the one who recorded the request).
Each Auskunft is a Vorgang in the Kommune's Akte "Gewerberegisterauskünfte
<Jahr>" (Aktenplan 122); the letter is filed as PDF/A.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from aktenbund.audit.services import record
from aktenbund.errors import Conflict, NotFound, PermissionDenied, ValidationError
from aktenbund.gewerbe import darstellung
from aktenbund.gewerbe.models import Auskunft, Gewerbebetrieb
from aktenbund.gewerbe.services import ablage
from aktenbund.gewerbe.services.rechte import (
    darf_auskunft_entscheiden,
    require_erfassen,
    require_lesen,
)
from aktenbund.records import services as records
from aktenbund.records.models import Dokumenttyp, Richtung
from aktenbund.tenancy.models import User


def auskuenfte(actor: User):
    require_lesen(actor)
    return Auskunft.objects.select_related("gewerbebetrieb", "gewerbebetrieb__aktuelle_anzeige")


def get_auskunft(actor: User, auskunft_id: int) -> Auskunft:
    a = auskuenfte(actor).filter(pk=auskunft_id).first()
    if a is None:
        raise NotFound("Diese Auskunft gibt es nicht.")
    return a


def _akte_des_jahres(actor: User):
    """The Kommune's Akte "Gewerberegisterauskünfte <Jahr>", opened on first use."""
    jahr = timezone.localdate().year
    betreff = f"Gewerberegisterauskünfte {jahr}"
    vorhanden = (
        Auskunft.objects.filter(vorgang__isnull=False, beantragt_am__year=jahr)
        .values_list("vorgang_id", flat=True)
        .first()
    )
    if vorhanden:
        with scopes_disabled():
            from aktenbund.records.models import Vorgang

            akte_id = Vorgang.objects.filter(pk=vorhanden).values_list("akte_id", flat=True).first()
        return records.get_akte(actor, akte_id)
    return records.create_akte(
        actor,
        aktenplaneinheit=ablage.aktenplaneinheit(actor, ablage.AKTENPLAN_AUSKUNFT),
        betreff=betreff,
        federfuehrende_oe=ablage.federfuehrende_oe(actor),
    )


def _brief(actor: User, auskunft: Auskunft, vorgang) -> None:
    anzeige = auskunft.gewerbebetrieb.aktuelle_anzeige
    erweitert = (
        auskunft.art == Auskunft.Art.ERWEITERT and auskunft.status == Auskunft.Status.ERTEILT
    )
    if auskunft.status == Auskunft.Status.ABGELEHNT:
        titel = "Ablehnung der erweiterten Gewerberegisterauskunft"
    else:
        titel = "Gewerberegisterauskunft" + (" (erweitert)" if erweitert else "")
    pdf = ablage.render_pdf(
        "gewerbe/pdf/auskunft.html",
        {
            "auskunft": auskunft,
            "anzeige": anzeige,
            "betrieb": auskunft.gewerbebetrieb,
            "kommune": anzeige.kommune,
            "titel": titel,
            "datum": timezone.localdate(),
            "aktenzeichen": vorgang.aktenzeichen,
            "taetigkeit": darstellung.wert(anzeige, "taetigkeit"),
            "abschnitte": darstellung.abschnitte(anzeige) if erweitert else [],
            "bearbeiter": actor.get_full_name() or actor.username,
        },
    )
    records.add_dokument(
        actor,
        vorgang,
        titel=titel,
        typ=Dokumenttyp.SCHREIBEN,
        richtung=Richtung.AUSGANG,
        datum=timezone.localdate(),
        empfaenger=auskunft.antragsteller[:200],
        dateiname=f"Gewerberegisterauskunft_{auskunft.pk}.pdf",
        inhalt=pdf,
    )


@transaction.atomic
def beantrage_auskunft(
    actor: User,
    betrieb: Gewerbebetrieb,
    *,
    art: str,
    antragsteller: str,
    antragsteller_anschrift: str,
    berechtigtes_interesse: str = "",
) -> Auskunft:
    """Record a request; an einfache Auskunft is given (and filed) at once."""
    require_erfassen(actor)
    antragsteller = (antragsteller or "").strip()
    anschrift = (antragsteller_anschrift or "").strip()
    interesse = (berechtigtes_interesse or "").strip()
    fehler = {}
    if art not in Auskunft.Art.values:
        fehler["art"] = "einfach oder erweitert."
    if not antragsteller:
        fehler["antragsteller"] = "Bitte den Antragsteller angeben."
    if not anschrift:
        fehler["antragsteller_anschrift"] = "Bitte die Anschrift angeben (für das Schreiben)."
    if art == Auskunft.Art.ERWEITERT and len(interesse) < 20:
        fehler["berechtigtes_interesse"] = (
            "Für die erweiterte Auskunft ist das berechtigte Interesse darzulegen "
            "(§ 14 Abs. 5 Satz 2 GewO), mindestens ein Satz."
        )
    if len(antragsteller) > 200 or len(anschrift) > 1000 or len(interesse) > 5000:
        fehler["antragsteller"] = "Die Angaben sind zu lang."
    if fehler:
        raise ValidationError("Die Auskunft kann so nicht beantragt werden.", fehler)
    einfach = art == Auskunft.Art.EINFACH
    auskunft = Auskunft.objects.create(
        kommune_id=actor.kommune_id,
        gewerbebetrieb=betrieb,
        art=art,
        status=Auskunft.Status.ERTEILT if einfach else Auskunft.Status.BEANTRAGT,
        antragsteller=antragsteller,
        antragsteller_anschrift=anschrift,
        berechtigtes_interesse=interesse,
        beantragt_von=actor,
        entschieden_von=actor if einfach else None,
        entschieden_am=timezone.now() if einfach else None,
    )
    vorgang = records.create_vorgang(
        actor,
        _akte_des_jahres(actor),
        betreff=f"{auskunft.get_art_display()}: Betrieb Nr. {betrieb.betriebsnummer}, "
        f"Antrag von {antragsteller}"[:300],
    )
    auskunft.vorgang = vorgang
    auskunft.save(update_fields=["vorgang"])
    if einfach:
        _brief(actor, auskunft, vorgang)
    record(
        "gewerbe.auskunft_beantragt",
        kommune_id=actor.kommune_id,
        actor=actor,
        obj=auskunft,
        details={"art": art, "gewerbebetrieb": betrieb.pk, "status": auskunft.status},
    )
    return auskunft


@transaction.atomic
def entscheide_auskunft(
    actor: User, auskunft: Auskunft, *, genehmigt: bool, ablehnungsgrund: str = ""
) -> Auskunft:
    """A second person approves or refuses an erweiterte Auskunft; the letter is filed."""
    if not darf_auskunft_entscheiden(actor):
        raise NotFound("Nicht gefunden.")
    auskunft = Auskunft.objects.select_for_update().get(pk=auskunft.pk)
    if auskunft.status != Auskunft.Status.BEANTRAGT:
        raise Conflict("Über diese Auskunft ist schon entschieden.")
    if auskunft.beantragt_von_id == actor.pk:
        raise PermissionDenied(
            "Die erweiterte Auskunft genehmigt eine zweite Person, nicht wer den Antrag aufnahm."
        )
    vorgang = records.get_vorgang(actor, auskunft.vorgang_id)
    if vorgang.recht != "bearbeiten":
        raise PermissionDenied(
            f"Sie dürfen den Vorgang {vorgang.aktenzeichen} nicht bearbeiten; entscheiden kann "
            "eine zweite Person des Gewerbeamts."
        )
    ablehnungsgrund = (ablehnungsgrund or "").strip()
    if not genehmigt and not ablehnungsgrund:
        raise ValidationError(
            "Bitte die Ablehnung begründen.", {"ablehnungsgrund": "Pflichtangabe."}
        )
    auskunft.status = Auskunft.Status.ERTEILT if genehmigt else Auskunft.Status.ABGELEHNT
    auskunft.entschieden_von = actor
    auskunft.entschieden_am = timezone.now()
    auskunft.ablehnungsgrund = ablehnungsgrund[:5000]
    auskunft.save(update_fields=["status", "entschieden_von", "entschieden_am", "ablehnungsgrund"])
    _brief(actor, auskunft, vorgang)
    record(
        "gewerbe.auskunft_entschieden",
        kommune_id=actor.kommune_id,
        actor=actor,
        obj=auskunft,
        details={"status": auskunft.status},
    )
    return auskunft
