"""Datenübermittlung (§ 14 Abs. 8 GewO, § 3 GewAnzV): routing, outbox, Statistik.

For each filed Anzeige, every receiving body of the region whose condition
holds, that this Kommune routes to and that has not waived regular
transmission, gets one XGewerbeanzeige message with exactly its fields. The
messages wait in the outbox (status erstellt) until they are exported and
marked übermittelt (or Fehler). Statistik messages fall due on the first
working day of the following month (§ 3 Abs. 5 GewAnzV) and are collected
into one message per month and body.
"""

from __future__ import annotations

import datetime
import io
import uuid
import zipfile
from dataclasses import dataclass

import holidays
from django.db import transaction
from django.utils import timezone

from aktenbund.audit.services import record
from aktenbund.errors import Conflict, NotFound, ValidationError
from aktenbund.gewerbe import katalog
from aktenbund.gewerbe.models import Empfaengereinstellung, Gewerbeanzeige, Uebermittlung
from aktenbund.gewerbe.services import xgewerbeanzeige as xga
from aktenbund.gewerbe.services.rechte import require_erfassen, require_lesen
from aktenbund.tenancy.models import User

BUNDESLAND = "HE"


def erster_werktag_des_folgemonats(tag: datetime.date) -> datetime.date:
    """The first day of the next month that is neither weekend nor a Hessian holiday."""
    kandidat = (tag.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    feiertage = holidays.Germany(subdiv=BUNDESLAND, years=[kandidat.year])
    while kandidat.weekday() >= 5 or kandidat in feiertage:
        kandidat += datetime.timedelta(days=1)
    return kandidat


# --- routing --------------------------------------------------------------------


def _drittstaat(anzeige: Gewerbeanzeige) -> bool:
    return any(
        p.staatsangehoerigkeit and not katalog.staatsangehoerigkeit_frei(p.staatsangehoerigkeit)
        for p in anzeige.personen.all()
        if not p.ist_betriebsleiter
    )


def bedingung_erfuellt(bedingung: str, anzeige: Gewerbeanzeige) -> bool:
    """Whether a body with this condition (empfaenger.csv) concerns the Anzeige."""
    a = anzeige
    if bedingung == "immer":
        return True
    if bedingung == "handwerk":
        return a.art_handwerk or a.handwerkskarte
    if bedingung == "nicht_nur_handwerk":
        return not (a.art_handwerk and not (a.art_industrie or a.art_handel or a.art_sonstiges))
    if bedingung == "zoll_hinweis":
        return a.zoll_hinweis
    if bedingung == "registerabmeldung":
        return a.anzeigeart == "ab" and bool(a.register_nummer)
    if bedingung == "drittstaat":
        return _drittstaat(a)
    raise LookupError(f"empfaenger.csv: unbekannte Bedingung {bedingung!r}")


@dataclass
class Route:
    empfaenger: katalog.Empfaenger
    aktiv: bool
    verzicht: bool
    verzicht_seit: datetime.date | None
    bemerkung: str

    @property
    def empfaengt(self) -> bool:
        return self.aktiv and not self.verzicht


def routen(kommune_id: int) -> list[Route]:
    """Every body of the region with this Kommune's setting (call inside its scope)."""
    einstellungen = {
        e.empfaenger: e for e in Empfaengereinstellung.objects.filter(kommune_id=kommune_id)
    }
    result = []
    for empfaenger in katalog.empfaenger_liste():
        e = einstellungen.get(empfaenger.schluessel)
        result.append(
            Route(
                empfaenger,
                aktiv=e.aktiv if e else True,
                verzicht=e.verzicht if e else False,
                verzicht_seit=e.verzicht_seit if e else None,
                bemerkung=e.bemerkung if e else "",
            )
        )
    return result


@transaction.atomic
def set_empfaengereinstellung(
    actor: User,
    empfaenger: str,
    *,
    aktiv: bool,
    verzicht: bool,
    verzicht_seit: datetime.date | None = None,
    bemerkung: str = "",
) -> Empfaengereinstellung:
    """The Gewerbeamt sets whether a body receives data from its Kommune."""
    require_erfassen(actor)
    if katalog.empfaenger(empfaenger) is None:
        raise NotFound("Diesen Empfänger gibt es nicht.")
    if verzicht and verzicht_seit is None:
        verzicht_seit = timezone.localdate()
    einstellung, _ = Empfaengereinstellung.objects.update_or_create(
        kommune_id=actor.kommune_id,
        empfaenger=empfaenger,
        defaults={
            "aktiv": aktiv,
            "verzicht": verzicht,
            "verzicht_seit": verzicht_seit if verzicht else None,
            "bemerkung": bemerkung.strip(),
        },
    )
    record(
        "gewerbe.empfaenger_eingestellt",
        kommune_id=actor.kommune_id,
        actor=actor,
        obj=einstellung,
        details={"empfaenger": empfaenger, "aktiv": aktiv, "verzicht": verzicht},
    )
    return einstellung


# --- creating the messages ------------------------------------------------------------


def _neue_nachricht(
    anzeige_liste: list[Gewerbeanzeige], empfaenger: katalog.Empfaenger, kommune
) -> tuple[uuid.UUID, str, str]:
    nachricht_uuid = uuid.uuid4()
    saetze = [(a, katalog.erlaubte_schluessel(empfaenger.typ, a.anlage)) for a in anzeige_liste]
    xml = xga.build_nachricht(
        empfaenger, kommune, saetze, nachricht_uuid=nachricht_uuid, jetzt=timezone.now()
    )
    fehler = xga.validiere_gegen_xsd(xml)
    return nachricht_uuid, xml.decode("utf-8"), "\n".join(fehler)


def erzeuge_uebermittlungen(anzeige: Gewerbeanzeige) -> list[Uebermittlung]:
    """The outbox entries of a newly filed Anzeige (inside its transaction)."""
    ergebnis = []
    heute = timezone.localdate()
    for route in routen(anzeige.kommune_id):
        e = route.empfaenger
        if not route.empfaengt or not bedingung_erfuellt(e.bedingung, anzeige):
            continue
        if not katalog.erlaubte_schluessel(e.typ, anzeige.anlage):
            continue
        nachricht_uuid, xml, fehler = _neue_nachricht([anzeige], e, anzeige.kommune)
        faellig = erster_werktag_des_folgemonats(heute) if e.typ == "statistik" else heute
        ergebnis.append(
            Uebermittlung.objects.create(
                kommune_id=anzeige.kommune_id,
                anzeige=anzeige,
                empfaenger=e.schluessel,
                empfaenger_name=e.name,
                nachricht=e.nachricht,
                nachricht_uuid=nachricht_uuid,
                xml=xml,
                status=Uebermittlung.Status.FEHLER if fehler else Uebermittlung.Status.ERSTELLT,
                fehler=f"Nachricht entspricht nicht dem XSD:\n{fehler}" if fehler else "",
                faellig_am=faellig,
            )
        )
    return ergebnis


@transaction.atomic
def statistik_sammeln(actor: User, stichtag: datetime.date | None = None) -> list[Uebermittlung]:
    """Collect the due Statistik messages into one message per body.

    Each Anzeige's own Statistik entry stays as the record of what was sent and
    points to the collected message; only the collected one is exported.
    """
    require_erfassen(actor)
    stichtag = stichtag or timezone.localdate()
    statistik = {e.schluessel for e in katalog.empfaenger_liste() if e.typ == "statistik"}
    offen = (
        Uebermittlung.objects.filter(
            empfaenger__in=statistik,
            ist_sammelnachricht=False,
            sammelnachricht__isnull=True,
            status=Uebermittlung.Status.ERSTELLT,
            faellig_am__lte=stichtag,
        )
        .select_related("anzeige", "anzeige__kommune", "anzeige__gewerbebetrieb")
        .order_by("anzeige__erfasst_am", "pk")
    )
    gruppen: dict[str, list[Uebermittlung]] = {}
    for u in offen:
        gruppen.setdefault(u.empfaenger, []).append(u)
    gesammelt = []
    for schluessel, eintraege in gruppen.items():
        empfaenger = katalog.empfaenger(schluessel)
        kommune = eintraege[0].anzeige.kommune
        nachricht_uuid, xml, fehler = _neue_nachricht(
            [u.anzeige for u in eintraege], empfaenger, kommune
        )
        sammel = Uebermittlung.objects.create(
            kommune_id=actor.kommune_id,
            empfaenger=schluessel,
            empfaenger_name=empfaenger.name,
            nachricht=empfaenger.nachricht,
            nachricht_uuid=nachricht_uuid,
            xml=xml,
            status=Uebermittlung.Status.FEHLER if fehler else Uebermittlung.Status.ERSTELLT,
            fehler=f"Nachricht entspricht nicht dem XSD:\n{fehler}" if fehler else "",
            faellig_am=stichtag,
            ist_sammelnachricht=True,
        )
        Uebermittlung.objects.filter(pk__in=[u.pk for u in eintraege]).update(
            sammelnachricht=sammel
        )
        record(
            "gewerbe.statistik_gesammelt",
            kommune_id=actor.kommune_id,
            actor=actor,
            obj=sammel,
            details={"empfaenger": schluessel, "saetze": len(eintraege)},
        )
        gesammelt.append(sammel)
    return gesammelt


# --- the outbox ---------------------------------------------------------------------


def ausgang(actor: User):
    """The outbox of the actor's Kommune, newest first."""
    require_lesen(actor)
    return Uebermittlung.objects.select_related("anzeige", "anzeige__gewerbebetrieb")


def get_uebermittlung(actor: User, uebermittlung_id: int) -> Uebermittlung:
    require_lesen(actor)
    u = Uebermittlung.objects.filter(pk=uebermittlung_id).first()
    if u is None:
        raise NotFound("Diese Übermittlung gibt es nicht.")
    return u


def exportierbar(u: Uebermittlung, heute: datetime.date) -> bool:
    """Due, not yet sent, and not a single Statistik Satz (those go collected)."""
    return (
        u.status == Uebermittlung.Status.ERSTELLT
        and u.faellig_am <= heute
        and u.sammelnachricht_id is None
        and not (katalog.empfaenger(u.empfaenger).typ == "statistik" and not u.ist_sammelnachricht)
    )


def export_ausgang(actor: User, empfaenger: str) -> tuple[str, bytes, int]:
    """A zip of every due message to one body: (file name, content, count)."""
    require_erfassen(actor)
    e = katalog.empfaenger(empfaenger)
    if e is None:
        raise NotFound("Diesen Empfänger gibt es nicht.")
    heute = timezone.localdate()
    if e.typ == "statistik":
        statistik_sammeln(actor, heute)
    nachrichten = [
        u for u in Uebermittlung.objects.filter(empfaenger=empfaenger) if exportierbar(u, heute)
    ]
    puffer = io.BytesIO()
    with zipfile.ZipFile(puffer, "w", zipfile.ZIP_DEFLATED) as archiv:
        for u in nachrichten:
            archiv.writestr(u.dateiname, u.xml)
    record(
        "gewerbe.ausgang_exportiert",
        kommune_id=actor.kommune_id,
        actor=actor,
        object_type="uebermittlung",
        object_id=empfaenger,
        details={"empfaenger": empfaenger, "nachrichten": len(nachrichten)},
    )
    return f"ausgang_{empfaenger}_{heute:%Y%m%d}.zip", puffer.getvalue(), len(nachrichten)


@transaction.atomic
def markiere_uebermittelt(actor: User, uebermittlung: Uebermittlung) -> Uebermittlung:
    """The message reached its body (export handed over, receipt seen)."""
    require_erfassen(actor)
    if uebermittlung.status == Uebermittlung.Status.UEBERMITTELT:
        raise Conflict("Diese Nachricht ist schon als übermittelt vermerkt.")
    if uebermittlung.sammelnachricht_id is not None or (
        katalog.empfaenger(uebermittlung.empfaenger).typ == "statistik"
        and not uebermittlung.ist_sammelnachricht
    ):
        raise Conflict(
            "Statistikmeldungen werden gesammelt übermittelt; bitte die Sammelnachricht vermerken."
        )
    jetzt = timezone.now()
    uebermittlung.status = Uebermittlung.Status.UEBERMITTELT
    uebermittlung.uebermittelt_am = jetzt
    uebermittlung.fehler = ""
    uebermittlung.save(update_fields=["status", "uebermittelt_am", "fehler"])
    if uebermittlung.ist_sammelnachricht:
        uebermittlung.bestandteile.update(
            status=Uebermittlung.Status.UEBERMITTELT, uebermittelt_am=jetzt
        )
    record(
        "gewerbe.uebermittelt",
        kommune_id=actor.kommune_id,
        actor=actor,
        obj=uebermittlung,
        details={"empfaenger": uebermittlung.empfaenger},
    )
    return uebermittlung


@transaction.atomic
def markiere_fehler(actor: User, uebermittlung: Uebermittlung, fehler: str) -> Uebermittlung:
    """The transport failed; the message stays in the outbox with the reason."""
    require_erfassen(actor)
    fehler = (fehler or "").strip()
    if not fehler:
        raise ValidationError("Bitte den Fehler beschreiben.", {"fehler": "Pflichtangabe."})
    if uebermittlung.status == Uebermittlung.Status.UEBERMITTELT:
        raise Conflict("Diese Nachricht ist schon übermittelt.")
    uebermittlung.status = Uebermittlung.Status.FEHLER
    uebermittlung.fehler = fehler[:2000]
    uebermittlung.save(update_fields=["status", "fehler"])
    record(
        "gewerbe.uebermittlung_fehler",
        kommune_id=actor.kommune_id,
        actor=actor,
        obj=uebermittlung,
        details={"empfaenger": uebermittlung.empfaenger, "fehler": fehler[:200]},
    )
    return uebermittlung


@transaction.atomic
def erneut_bereitstellen(actor: User, uebermittlung: Uebermittlung) -> Uebermittlung:
    """After a Fehler: back into the outbox for the next export."""
    require_erfassen(actor)
    if uebermittlung.status != Uebermittlung.Status.FEHLER:
        raise Conflict("Nur fehlgeschlagene Nachrichten werden erneut bereitgestellt.")
    uebermittlung.status = Uebermittlung.Status.ERSTELLT
    uebermittlung.save(update_fields=["status"])
    record(
        "gewerbe.uebermittlung_erneut",
        kommune_id=actor.kommune_id,
        actor=actor,
        obj=uebermittlung,
        details={"empfaenger": uebermittlung.empfaenger},
    )
    return uebermittlung
