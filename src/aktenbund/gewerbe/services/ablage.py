"""Filing into the E-Akte: every Anzeige is a Vorgang with its PDFs.

One Akte per Gewerbebetrieb under the Gewerbe node of the Aktenplan; one
Vorgang per Anzeige holding the Anzeige (PDF/A in the layout of the form)
and the Empfangsbescheinigung (§ 15 Abs. 1 GewO, PDF/A). Runs inside the
filing transaction of `submit_gewerbeanzeige`, through `records.services`
only: if anything here fails, no Anzeige is stored.
"""

from __future__ import annotations

from django.utils import timezone
from django_scopes import scopes_disabled

from aktenbund.errors import Conflict, NotFound
from aktenbund.gewerbe import darstellung, katalog
from aktenbund.gewerbe.models import Gewerbeanzeige
from aktenbund.records import services as records
from aktenbund.records.models import Dokumenttyp, Richtung
from aktenbund.tenancy.models import Organisationseinheit, User
from aktenbund.web.pdf import render_pdf

# Where the Akten go: the first of these the Aktenplan has (the Verbund's
# Aktenplan has 121.1 "Gewerbeanmeldungen"; smaller ones only 121).
AKTENPLAN_GEWERBEBETRIEB = ("121.1", "121")
AKTENPLAN_AUSKUNFT = ("122", "121")

DATUM_LABEL = {1: "Beginn der Tätigkeit", 2: "Datum der Änderung", 3: "Datum der Aufgabe"}


def aktenplaneinheit(actor: User, kennzeichen: tuple[str, ...]):
    for k in kennzeichen:
        try:
            return records.get_aktenplaneinheit_by_kennzeichen(actor, k)
        except NotFound:
            continue
    raise Conflict(
        f"Im Aktenplan fehlt die Einheit {' oder '.join(kennzeichen)}; ohne sie kann nichts "
        "abgelegt werden. Bitte die Registratur benachrichtigen."
    )


def federfuehrende_oe(actor: User) -> Organisationseinheit | None:
    """The actor's own OE (the Gewerbeamt's, if they belong to several)."""
    with scopes_disabled():
        eigene = list(
            Organisationseinheit.objects.filter(
                mitgliedschaften__user=actor, kommune_id=actor.kommune_id, aktiv=True
            ).order_by("kurzzeichen")
        )
    if not eigene:
        raise Conflict(
            "Sie gehören keiner Organisationseinheit an; die Akte braucht eine federführende "
            "Einheit. Bitte die Kommune-Administration benachrichtigen."
        )
    return next((oe for oe in eigene if "gewerbe" in oe.name.lower()), eigene[0])


def empfaenger_anschrift(anzeige: Gewerbeanzeige) -> str:
    inhaber = next((p for p in anzeige.personen.all() if not p.ist_betriebsleiter), None)
    zeilen = [anzeige.anzeigename]
    if inhaber and anzeige.eingetragener_name:
        zeilen.append(f"z. Hd. {inhaber.vornamen} {inhaber.familienname}")
    zeilen.append(f"{anzeige.betrieb_strasse} {anzeige.betrieb_hausnummer}".strip())
    zeilen.append(f"{anzeige.betrieb_plz} {anzeige.betrieb_ort}")
    return "\n".join(zeilen)


def anzeige_pdf(anzeige: Gewerbeanzeige) -> bytes:
    return render_pdf(
        "gewerbe/pdf/anzeige.html",
        {
            "anzeige": anzeige,
            "kommune": anzeige.kommune,
            "titel": katalog.ANLAGE_TITEL[anzeige.anlage],
            "abschnitte": darstellung.abschnitte(anzeige),
        },
    )


def empfangsbescheinigung_pdf(anzeige: Gewerbeanzeige, aktenzeichen: str, actor: User) -> bytes:
    return render_pdf(
        "gewerbe/pdf/empfangsbescheinigung.html",
        {
            "anzeige": anzeige,
            "kommune": anzeige.kommune,
            "titel": "Empfangsbescheinigung",
            "empfaenger": empfaenger_anschrift(anzeige),
            "datum": timezone.localdate(),
            "aktenzeichen": aktenzeichen,
            "taetigkeit": darstellung.wert(anzeige, "taetigkeit"),
            "datum_label": DATUM_LABEL[anzeige.anlage],
            "personen": [p for p in anzeige.personen.all() if not p.ist_betriebsleiter],
            "bearbeiter": actor.get_full_name() or actor.username,
        },
    )


def lege_anzeige_ab(actor: User, anzeige: Gewerbeanzeige) -> None:
    """Akte (once per Betrieb), Vorgang, Anzeige-PDF and Empfangsbescheinigung."""
    betrieb = anzeige.gewerbebetrieb
    if betrieb.akte_id is None:
        betrieb.akte = records.create_akte(
            actor,
            aktenplaneinheit=aktenplaneinheit(actor, AKTENPLAN_GEWERBEBETRIEB),
            betreff=f"Gewerbebetrieb Nr. {betrieb.betriebsnummer}: {anzeige.anzeigename}, "
            f"{anzeige.betriebsanschrift}"[:300],
            federfuehrende_oe=federfuehrende_oe(actor),
        )
        betrieb.save(update_fields=["akte"])
    vorgang = records.create_vorgang(
        actor,
        betrieb.akte,
        betreff=f"{anzeige.get_anzeigeart_display()} Nr. {anzeige.meldungsnummer} "
        f"({DATUM_LABEL[anzeige.anlage]} {anzeige.datum:%d.%m.%Y})",
    )
    nummer = anzeige.meldungsnummer.replace(" ", "-")
    records.add_dokument(
        actor,
        vorgang,
        titel=f"{anzeige.get_anzeigeart_display()} {anzeige.meldungsnummer}",
        typ=Dokumenttyp.ANTRAG,
        richtung=Richtung.EINGANG,
        datum=anzeige.eingang_am,
        absender=anzeige.anzeigename[:200],
        dateiname=f"{anzeige.kurzart.replace(' ', '')}_{nummer}.pdf",
        inhalt=anzeige_pdf(anzeige),
    )
    records.add_dokument(
        actor,
        vorgang,
        titel=f"Empfangsbescheinigung {anzeige.meldungsnummer}",
        typ=Dokumenttyp.BESCHEID,
        richtung=Richtung.AUSGANG,
        datum=timezone.localdate(),
        empfaenger=anzeige.anzeigename[:200],
        dateiname=f"Empfangsbescheinigung_{nummer}.pdf",
        inhalt=empfangsbescheinigung_pdf(anzeige, vorgang.aktenzeichen, actor),
    )
    anzeige.vorgang = vorgang
    anzeige.save(update_fields=["vorgang"])


def vorgang_und_dokumente(actor: User, vorgang_id: int | None):
    """(Vorgang, its Dokumente) if the actor may read the Vorgang, else (None, [])."""
    if vorgang_id is None:
        return None, []
    try:
        vorgang = records.get_vorgang(actor, vorgang_id)
    except NotFound:
        return None, []
    return vorgang, records.dokumente_of(vorgang)
