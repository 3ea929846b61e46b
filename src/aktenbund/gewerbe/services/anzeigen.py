"""Filing Gewerbeanzeigen and reading the Gewerberegister."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from aktenbund.audit.services import record
from aktenbund.eingaben import ist_ziffernfolge
from aktenbund.errors import Conflict, NotFound, ValidationError
from aktenbund.gewerbe import katalog
from aktenbund.gewerbe.daten import ANZEIGE_SPALTEN, AnzeigeDaten
from aktenbund.gewerbe.models import (
    ANLAGE,
    Gewerbeanzeige,
    Gewerbebetrieb,
    Person,
    Quelle,
    Taetigkeit,
)
from aktenbund.gewerbe.services import ablage, uebermittlung
from aktenbund.gewerbe.services.rechte import require_erfassen, require_lesen
from aktenbund.gewerbe.services.validierung import pruefe_anzeige
from aktenbund.tenancy.models import Kommune, User

AKTIONEN = {
    "an": "gewerbeanzeige.anmeldung",
    "um": "gewerbeanzeige.ummeldung",
    "ab": "gewerbeanzeige.abmeldung",
}


class DuplikatWarnung(Conflict):
    """Similar active entries exist; `betriebe` lists them. Confirm to file anyway."""

    def __init__(self, message: str, errors: dict[str, str], betriebe: list[Gewerbebetrieb]):
        super().__init__(message, errors)
        self.betriebe = betriebe


# --- the register -----------------------------------------------------------------


def register(actor: User) -> QuerySet[Gewerbebetrieb]:
    """The actor's Kommune's Gewerberegister."""
    require_lesen(actor)
    return Gewerbebetrieb.objects.select_related("aktuelle_anzeige")


def suche(
    actor: User,
    *,
    q: str = "",
    status: str = "",
    wz: str = "",
    rechtsform: str = "",
    plz: str = "",
) -> QuerySet[Gewerbebetrieb]:
    """Search by name, Geschäftsbezeichnung, person, address or Tätigkeit, and filter."""
    qs = register(actor)
    for wort in q.split():
        qs = qs.filter(
            Q(aktuelle_anzeige__eingetragener_name__icontains=wort)
            | Q(aktuelle_anzeige__geschaeftsbezeichnung__icontains=wort)
            | Q(aktuelle_anzeige__betrieb_strasse__icontains=wort)
            | Q(aktuelle_anzeige__betrieb_ort__icontains=wort)
            | Q(aktuelle_anzeige__personen__familienname__icontains=wort)
            | Q(aktuelle_anzeige__taetigkeiten__beschreibung__icontains=wort)
            | Q(betriebsnummer=int(wort) if ist_ziffernfolge(wort) and len(wort) < 10 else -1)
        )
    if status:
        qs = qs.filter(status=status)
    if wz:
        qs = qs.filter(aktuelle_anzeige__taetigkeiten__wz_code__startswith=wz.replace(".", ""))
    if rechtsform:
        qs = qs.filter(aktuelle_anzeige__rechtsform=rechtsform)
    if plz:
        qs = qs.filter(aktuelle_anzeige__betrieb_plz=plz)
    return qs.distinct().order_by("-betriebsnummer")


def get_gewerbebetrieb(actor: User, gewerbebetrieb_id: int) -> Gewerbebetrieb:
    require_lesen(actor)
    betrieb = (
        Gewerbebetrieb.objects.select_related("aktuelle_anzeige")
        .filter(pk=gewerbebetrieb_id)
        .first()
    )
    if betrieb is None:
        raise NotFound("Diesen Gewerbebetrieb gibt es nicht.")
    return betrieb


def get_gewerbeanzeige(actor: User, gewerbeanzeige_id: int) -> Gewerbeanzeige:
    require_lesen(actor)
    anzeige = (
        Gewerbeanzeige.objects.select_related("gewerbebetrieb", "erfasst_von", "kommune")
        .filter(pk=gewerbeanzeige_id)
        .first()
    )
    if anzeige is None:
        raise NotFound("Diese Gewerbeanzeige gibt es nicht.")
    return anzeige


def aehnliche_betriebe(daten: AnzeigeDaten) -> list[Gewerbebetrieb]:
    """Active entries that look like the Betrieb of a new Anmeldung."""
    kriterien = Q()
    for name in filter(None, (daten.eingetragener_name, daten.geschaeftsbezeichnung)):
        kriterien |= Q(aktuelle_anzeige__eingetragener_name__iexact=name) | Q(
            aktuelle_anzeige__geschaeftsbezeichnung__iexact=name
        )
    if daten.betrieb_strasse and daten.betrieb_plz:
        kriterien |= Q(
            aktuelle_anzeige__betrieb_strasse__iexact=daten.betrieb_strasse,
            aktuelle_anzeige__betrieb_hausnummer__iexact=daten.betrieb_hausnummer,
            aktuelle_anzeige__betrieb_plz=daten.betrieb_plz,
            aktuelle_anzeige__personen__familienname__in=[
                p.familienname for p in daten.personen if p.familienname
            ],
        )
    for p in daten.personen:
        if p.familienname and p.vornamen and p.geburtsdatum:
            kriterien |= Q(
                aktuelle_anzeige__personen__familienname__iexact=p.familienname,
                aktuelle_anzeige__personen__vornamen__iexact=p.vornamen,
                aktuelle_anzeige__personen__geburtsdatum=p.geburtsdatum,
                aktuelle_anzeige__taetigkeiten__wz_code__in=[
                    t.wz_code for t in daten.taetigkeiten if t.wz_code
                ],
            )
    if not kriterien:
        return []
    return list(
        Gewerbebetrieb.objects.filter(kriterien, status=Gewerbebetrieb.Status.AKTIV)
        .select_related("aktuelle_anzeige")
        .distinct()[:10]
    )


# --- filing -------------------------------------------------------------------------------


def _naechste_nummern(kommune: Kommune, jahr: int) -> tuple[int, str]:
    """(next Betriebsnummer, next Meldungsnummer 'JJJJ NNNN'), under a lock on the Kommune."""
    Kommune.objects.select_for_update().filter(pk=kommune.pk).first()
    betriebsnummer = (Gewerbebetrieb.objects.aggregate(m=Max("betriebsnummer"))["m"] or 0) + 1
    letzte = (
        Gewerbeanzeige.objects.filter(meldungsnummer__startswith=f"{jahr} ")
        .order_by("-meldungsnummer")
        .values_list("meldungsnummer", flat=True)
        .first()
    )
    laufend = int(letzte.split()[1]) + 1 if letzte else 1
    return betriebsnummer, f"{jahr} {laufend:04d}"


def _betrieb_fuer(actor: User, daten: AnzeigeDaten) -> Gewerbebetrieb | None:
    if daten.anzeigeart == "an":
        return None
    feld = "Gewerbebetrieb"
    if daten.gewerbebetrieb_id is None:
        raise ValidationError(
            "Bitte den Gewerbebetrieb aus dem Register wählen.",
            {
                "gewerbebetrieb_id": f"{feld}: Eine Um- oder Abmeldung gehört zu einem "
                "Betrieb im Gewerberegister."
            },
        )
    betrieb = Gewerbebetrieb.objects.select_for_update().filter(pk=daten.gewerbebetrieb_id).first()
    if betrieb is None:
        raise NotFound("Diesen Gewerbebetrieb gibt es nicht.")
    if not betrieb.ist_aktiv:
        raise Conflict(
            f"Der Betrieb {betrieb} ist seit {betrieb.abgemeldet_am:%d.%m.%Y} abgemeldet.",
            {"gewerbebetrieb_id": "Um- und Abmeldungen nur für aktive Betriebe."},
        )
    return betrieb


@transaction.atomic
def submit_gewerbeanzeige(
    actor: User,
    daten: AnzeigeDaten,
    *,
    quelle: str = Quelle.FORMULAR,
    uuid=None,
    betrieb_uuid=None,
) -> Gewerbeanzeige:
    """File a GewA 1, 2 or 3: check it, register it, queue its messages, file it.

    One transaction: the Anzeige, its register entry, the outbox messages and
    its Vorgang in the E-Akte exist together or not at all.
    """
    require_erfassen(actor)
    kommune = actor.kommune
    heute = timezone.localdate()
    betrieb = _betrieb_fuer(actor, daten)
    fehler = pruefe_anzeige(daten, kommune=kommune, betrieb=betrieb, heute=heute)
    if fehler:
        anzahl = len(fehler)
        raise ValidationError(
            f"Die Anzeige ist unvollständig oder fehlerhaft ({anzahl} "
            f"{'Angabe' if anzahl == 1 else 'Angaben'}).",
            fehler,
        )
    if daten.anzeigeart == "an" and not daten.duplikat_bestaetigt:
        aehnliche = aehnliche_betriebe(daten)
        if aehnliche:
            liste = "; ".join(
                f"Nr. {b.betriebsnummer} {b.aktuelle_anzeige.anzeigename} "
                f"({b.aktuelle_anzeige.betriebsanschrift})"
                for b in aehnliche
            )
            raise DuplikatWarnung(
                f"Möglicherweise schon im Gewerberegister: {liste}. Bitte prüfen und bestätigen.",
                {"duplikat_bestaetigt": "Bitte bestätigen, dass es ein anderer Betrieb ist."},
                aehnliche,
            )

    betriebsnummer, meldungsnummer = _naechste_nummern(kommune, heute.year)
    if betrieb is None:
        betrieb = Gewerbebetrieb.objects.create(
            kommune=kommune,
            betriebsnummer=betriebsnummer,
            status=Gewerbebetrieb.Status.AKTIV,
            angemeldet_am=daten.datum,
            **({"uuid": betrieb_uuid} if betrieb_uuid else {}),
        )
    werte = {name: getattr(daten, name) for name in ANZEIGE_SPALTEN}
    werte["eingang_am"] = daten.eingang_am or heute
    werte["betrieb_ags"] = daten.betrieb_ags or kommune.ags
    extra = {"uuid": uuid} if uuid else {}
    anzeige = Gewerbeanzeige.objects.create(
        kommune=kommune,
        gewerbebetrieb=betrieb,
        vorherige=betrieb.aktuelle_anzeige,
        anzeigeart=daten.anzeigeart,
        meldungsnummer=meldungsnummer,
        quelle=quelle,
        erfasst_von=actor,
        **extra,
        **werte,
    )
    Person.objects.bulk_create(
        Person(kommune=kommune, anzeige=anzeige, position=i, **p.model_dump())
        for i, p in enumerate(daten.personen)
    )
    Taetigkeit.objects.bulk_create(
        Taetigkeit(
            kommune=kommune,
            anzeige=anzeige,
            position=i,
            beschreibung=t.beschreibung,
            wz_code=t.wz_code.replace(".", ""),
            schwerpunkt=t.schwerpunkt,
        )
        for i, t in enumerate(daten.taetigkeiten)
    )
    betrieb.aktuelle_anzeige = anzeige
    if daten.anzeigeart == "ab":
        betrieb.status = Gewerbebetrieb.Status.ABGEMELDET
        betrieb.abgemeldet_am = daten.datum
    betrieb.save(update_fields=["aktuelle_anzeige", "status", "abgemeldet_am"])
    record(
        AKTIONEN[daten.anzeigeart],
        kommune_id=kommune.pk,
        actor=actor,
        obj=anzeige,
        details={
            "meldungsnummer": meldungsnummer,
            "gewerbebetrieb": betrieb.pk,
            "betriebsnummer": betrieb.betriebsnummer,
            "quelle": quelle,
        },
    )
    uebermittlung.erzeuge_uebermittlungen(anzeige)
    ablage.lege_anzeige_ab(actor, anzeige)
    return anzeige


def anzeigen_im_zeitraum(von: datetime.date, bis: datetime.date) -> QuerySet[Gewerbeanzeige]:
    """Anzeigen by their Datum (Beginn/Änderung/Aufgabe) in the current scope."""
    return Gewerbeanzeige.objects.filter(datum__gte=von, datum__lte=bis)


def anlage_von(anzeigeart: str) -> int:
    return ANLAGE[anzeigeart]


def feldtitel(anzeigeart: str, schluessel: str) -> str:
    feld = katalog.feld(ANLAGE[anzeigeart], schluessel)
    return feld.titel if feld else schluessel
