"""Import of XGewerbeanzeige messages (an online Gewerbeanzeige arrives this way).

All Sätze of a message are read and checked first, then filed through the
same service as the form; any error leaves nothing stored and is answered
with a 4xx naming the element.
"""

from __future__ import annotations

import uuid as uuidlib

from django.db import transaction
from django.db.models import Q

from aktenbund.errors import ValidationError
from aktenbund.gewerbe.models import Gewerbeanzeige, Gewerbebetrieb, Quelle
from aktenbund.gewerbe.services import xgewerbeanzeige as xga
from aktenbund.gewerbe.services.anzeigen import submit_gewerbeanzeige
from aktenbund.gewerbe.services.rechte import require_erfassen
from aktenbund.tenancy.models import User


def _uuid(value: str):
    try:
        return uuidlib.UUID(value)
    except (ValueError, AttributeError, TypeError):
        return None


def _betrieb_der_meldung(daten, meta, pfad) -> Gewerbebetrieb:
    """GewA 2/3: the register entry, by gewerbebetriebID or else by name and address."""
    betrieb_uuid = _uuid(meta["gewerbebetriebID"])
    if betrieb_uuid:
        betrieb = Gewerbebetrieb.objects.filter(uuid=betrieb_uuid).first()
        if betrieb is not None:
            return betrieb
    name = daten.eingetragener_name or daten.geschaeftsbezeichnung
    kandidaten = Gewerbebetrieb.objects.filter(status=Gewerbebetrieb.Status.AKTIV)
    if name:
        kandidaten = kandidaten.filter(
            Q(aktuelle_anzeige__eingetragener_name__iexact=name)
            | Q(aktuelle_anzeige__geschaeftsbezeichnung__iexact=name)
        )
    else:
        namen = [p.familienname for p in daten.personen if p.familienname]
        kandidaten = kandidaten.filter(aktuelle_anzeige__personen__familienname__in=namen)
    kandidaten = list(
        kandidaten.filter(
            aktuelle_anzeige__betrieb_plz=daten.betrieb_plz,
            aktuelle_anzeige__betrieb_strasse__iexact=daten.betrieb_strasse,
        ).distinct()[:2]
    )
    if len(kandidaten) == 1:
        return kandidaten[0]
    grund = (
        "Kein aktiver Betrieb im Gewerberegister passt (weder gewerbebetriebID noch Name und "
        "Anschrift)."
        if not kandidaten
        else "Mehrere Betriebe passen zu Name und Anschrift; bitte die gewerbebetriebID angeben."
    )
    raise xga.XmlFehler(grund, {f"{pfad}/gewerbebetriebID": grund})


@transaction.atomic
def import_xgewerbeanzeige(
    actor: User, data: bytes, *, duplikat_bestaetigt: bool = False
) -> list[Gewerbeanzeige]:
    """File every Satz of an XGewerbeanzeige message of the actor's Kommune."""
    require_erfassen(actor)
    kommune = actor.kommune
    ergebnis = []
    for daten, meta, pfad in xga.lese_nachricht(data):
        if meta["gemeindeSchluessel"] != kommune.ags:
            text = (
                f"Der Gemeindeschlüssel {meta['gemeindeSchluessel']} gehört nicht zu "
                f"{kommune.name} (AGS {kommune.ags})."
            )
            raise xga.XmlFehler(text, {f"{pfad}/gemeindeSchluessel": text})
        satz_uuid = _uuid(meta["uuid"])
        if satz_uuid and Gewerbeanzeige.objects.filter(uuid=satz_uuid).exists():
            text = f"Der Satz {satz_uuid} wurde schon eingelesen."
            raise xga.XmlFehler(text, {f"{pfad}/uuid": text})
        betrieb_uuid = None
        if daten.anzeigeart == "an":
            betrieb_uuid = _uuid(meta["gewerbebetriebID"])
            if betrieb_uuid and Gewerbebetrieb.objects.filter(uuid=betrieb_uuid).exists():
                betrieb_uuid = None  # the portal's ID is taken here: the register assigns one
        else:
            daten.gewerbebetrieb_id = _betrieb_der_meldung(daten, meta, pfad).pk
        daten.duplikat_bestaetigt = duplikat_bestaetigt
        try:
            anzeige = submit_gewerbeanzeige(
                actor, daten, quelle=Quelle.XML, uuid=satz_uuid, betrieb_uuid=betrieb_uuid
            )
        except ValidationError as exc:
            errors = {xga.element_fuer(feld, pfad): text for feld, text in exc.errors.items()}
            raise xga.XmlFehler(exc.message, errors) from None
        except xga.XmlFehler:
            raise
        ergebnis.append(anzeige)
    return ergebnis
