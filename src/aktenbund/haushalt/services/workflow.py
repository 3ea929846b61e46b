"""The plan's way from Entwurf to rechtskräftig, and Nachtragshaushalte.

Entwurf (the Kämmerei edits) → eingebracht → beschlossen (by the
Gemeindevertretung / Stadtverordnetenversammlung) → der Aufsichtsbehörde
vorgelegt → genehmigt / ohne Beanstandung → bekannt gemacht →
rechtskräftig. Only the Entwurf changes; an eingebrachter plan may go back
to the Entwurf (Änderungsliste before the Beschluss). A rechtskräftiger plan
is amended by a Nachtragshaushalt: a new version, referring to it, that
starts as a copy.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from aktenbund.audit.services import record
from aktenbund.errors import Conflict, ValidationError
from aktenbund.haushalt.models import (
    Genehmigungsart,
    Haushaltsplan,
    Planansatz,
    Satzungsparagraph,
    Status,
    Stelle,
)
from aktenbund.haushalt.services import rechnung
from aktenbund.haushalt.services.plan import freeze_zeilen, statements
from aktenbund.haushalt.services.rechte import require_kaemmerei
from aktenbund.tenancy.models import User
from aktenbund.tenancy.scope import kommune_scope


@dataclass(frozen=True)
class Schritt:
    name: str  # as in the URL / API
    von: str
    nach: str
    datumsfeld: str
    label: str  # the button
    ereignis: str  # what the history says


SCHRITTE: dict[str, Schritt] = {
    s.name: s
    for s in (
        Schritt(
            "einbringen",
            Status.ENTWURF,
            Status.EINGEBRACHT,
            "eingebracht_am",
            "In die Vertretung einbringen",
            "eingebracht",
        ),
        Schritt(
            "beschliessen",
            Status.EINGEBRACHT,
            Status.BESCHLOSSEN,
            "beschlossen_am",
            "Beschluss eintragen",
            "beschlossen",
        ),
        Schritt(
            "vorlegen",
            Status.BESCHLOSSEN,
            Status.VORGELEGT,
            "vorgelegt_am",
            "Der Aufsichtsbehörde vorlegen",
            "der Aufsichtsbehörde vorgelegt",
        ),
        Schritt(
            "genehmigen",
            Status.VORGELEGT,
            Status.GENEHMIGT,
            "genehmigt_am",
            "Genehmigung eintragen",
            "genehmigt",
        ),
        Schritt(
            "bekanntmachen",
            Status.GENEHMIGT,
            Status.BEKANNT_GEMACHT,
            "bekannt_gemacht_am",
            "Bekanntmachung eintragen",
            "bekannt gemacht",
        ),
        Schritt(
            "rechtskraeftig",
            Status.BEKANNT_GEMACHT,
            Status.RECHTSKRAEFTIG,
            "rechtskraeftig_am",
            "Rechtskraft eintragen",
            "rechtskräftig",
        ),
    )
}
DATUMSFELDER = [s.datumsfeld for s in SCHRITTE.values()]

# Called after each step inside its transaction (plan, step, actor): filing into
# the E-Akte and publishing comparison figures hook in here (see haushalt.apps).
NACH_SCHRITT: list[Callable[[Haushaltsplan, Schritt, User], None]] = []


def naechster_schritt(plan: Haushaltsplan) -> Schritt | None:
    return next((s for s in SCHRITTE.values() if s.von == plan.status), None)


@transaction.atomic
def advance_plan(
    actor: User,
    plan: Haushaltsplan,
    schritt: str,
    *,
    datum: datetime.date,
    genehmigungsart: str = "",
) -> Haushaltsplan:
    """Take the plan one step further; `datum` is the day of that step (not before the last)."""
    require_kaemmerei(actor)
    step = SCHRITTE.get(schritt)
    if step is None:
        raise ValidationError("Unbekannter Schritt.", {"schritt": f"„{schritt}“ gibt es nicht."})
    with kommune_scope(actor.kommune_id):
        plan = Haushaltsplan.objects.select_for_update().get(pk=plan.pk)
        if plan.status != step.von:
            raise Conflict(
                f"Der {plan.bezeichnung} ist {plan.get_status_display()}; "
                f"„{step.label}“ geht erst nach dem Status „{Status(step.von).label}“.",
                {"schritt": "Passt nicht zum Status."},
            )
        errors: dict[str, str] = {}
        if datum is None:
            errors["datum"] = "Bitte das Datum angeben."
        else:
            frueher = [getattr(plan, f) for f in DATUMSFELDER if getattr(plan, f)]
            if frueher and datum < max(frueher):
                errors["datum"] = f"Liegt vor dem letzten Schritt ({max(frueher):%d.%m.%Y})."
        if step.name == "genehmigen" and genehmigungsart not in Genehmigungsart.values:
            errors["genehmigungsart"] = "Bitte „genehmigt“ oder „ohne Beanstandung“."
        if errors:
            raise ValidationError(f"„{step.label}“ ging nicht.", errors)
        if step.name == "einbringen":
            freeze_zeilen(plan)
        plan.status = step.nach
        setattr(plan, step.datumsfeld, datum)
        felder = ["status", step.datumsfeld]
        if step.name == "genehmigen":
            plan.genehmigungsart = genehmigungsart
            felder.append("genehmigungsart")
        plan.save(update_fields=felder)
        record(
            f"haushaltsplan.{step.name}",
            kommune_id=plan.kommune_id,
            actor=actor,
            obj=plan,
            details={"datum": datum, "status": plan.status, "genehmigungsart": genehmigungsart},
        )
        for hook in NACH_SCHRITT:
            hook(plan, step, actor)
    return plan


@transaction.atomic
def back_to_entwurf(actor: User, plan: Haushaltsplan) -> Haushaltsplan:
    """An eingebrachter plan goes back to the Kämmerei (before the Beschluss)."""
    require_kaemmerei(actor)
    with kommune_scope(actor.kommune_id):
        plan = Haushaltsplan.objects.select_for_update().get(pk=plan.pk)
        if plan.status != Status.EINGEBRACHT:
            raise Conflict("Nur ein eingebrachter, noch nicht beschlossener Plan geht zurück.")
        plan.status, plan.eingebracht_am = Status.ENTWURF, None
        plan.save(update_fields=["status", "eingebracht_am"])
        record(
            "haushaltsplan.zurueck_in_entwurf",
            kommune_id=plan.kommune_id,
            actor=actor,
            obj=plan,
        )
    return plan


@transaction.atomic
def create_nachtrag(actor: User, plan: Haushaltsplan) -> Haushaltsplan:
    """Open a Nachtragshaushalt of a rechtskräftiger plan: a copy as a new Entwurf.

    It refers to the version it amends; its Nummer is one more than the
    highest of that Haushaltsjahr. Only the newest version gets a Nachtrag.
    """
    require_kaemmerei(actor)
    with kommune_scope(actor.kommune_id):
        if plan.status != Status.RECHTSKRAEFTIG:
            raise Conflict("Einen Nachtrag gibt es erst zu einem rechtskräftigen Plan.")
        neuester = (
            Haushaltsplan.objects.filter(
                kommune_id=plan.kommune_id, haushaltsjahr=plan.haushaltsjahr
            )
            .order_by("-nachtrag_nr")
            .first()
        )
        if neuester.pk != plan.pk:
            raise Conflict(
                f"Es gibt schon den {neuester.bezeichnung}; ein weiterer Nachtrag geht von ihm aus."
            )
        nachtrag = Haushaltsplan.objects.create(
            kommune_id=plan.kommune_id,
            haushaltsjahr=plan.haushaltsjahr,
            doppelhaushalt=plan.doppelhaushalt,
            nachtrag_nr=plan.nachtrag_nr + 1,
            nachtrag_zu=plan,
            vorbericht=plan.vorbericht,
            hebesatz_grundsteuer_a=plan.hebesatz_grundsteuer_a,
            hebesatz_grundsteuer_b=plan.hebesatz_grundsteuer_b,
            hebesatz_gewerbesteuer=plan.hebesatz_gewerbesteuer,
            liquiditaetskredite=plan.liquiditaetskredite,
            zahlungsmittelbestand=plan.zahlungsmittelbestand,
        )
        massnahmen = {}
        for m in plan.massnahmen.all():
            alt = m.pk
            m.pk, m.haushaltsplan = None, nachtrag
            m.save(force_insert=True)
            massnahmen[alt] = m
        kopien = []
        for a in plan.planansaetze.all():
            a.pk, a.haushaltsplan = None, nachtrag
            a.massnahme = massnahmen.get(a.massnahme_id)
            kopien.append(a)
        Planansatz.objects.bulk_create(kopien, batch_size=500)
        for model in (Stelle, Satzungsparagraph):
            kopien = []
            for obj in model.objects.filter(haushaltsplan=plan):
                obj.pk, obj.haushaltsplan = None, nachtrag
                kopien.append(obj)
            model.objects.bulk_create(kopien)
        record(
            "haushaltsplan.nachtrag_angelegt",
            kommune_id=plan.kommune_id,
            actor=actor,
            obj=nachtrag,
            details={"aendert": plan.pk, "nachtrag_nr": nachtrag.nachtrag_nr},
        )
    return nachtrag


# --- the changes a Nachtrag makes -------------------------------------------------


@dataclass
class Aenderung:
    konto: str
    konto_bezeichnung: str
    produkt: str
    massnahme: str
    vorher: Decimal
    nachher: Decimal

    @property
    def differenz(self) -> Decimal:
        return self.nachher - self.vorher


@dataclass
class Zeilenaenderung:
    nr: str
    bezeichnung: str
    vorher: Decimal
    nachher: Decimal

    @property
    def differenz(self) -> Decimal:
        return self.nachher - self.vorher


@dataclass
class Aenderungen:
    ansaetze: list[Aenderung]
    ergebnis: list[Zeilenaenderung]
    finanz: list[Zeilenaenderung]


def _ansaetze(plan: Haushaltsplan) -> dict[tuple[str, str, str], tuple[str, Decimal]]:
    return {
        (a.konto.nummer, a.produkt.nummer, a.massnahme.nummer if a.massnahme else ""): (
            a.konto.bezeichnung,
            a.ansatz,
        )
        for a in Planansatz.objects.filter(haushaltsplan=plan).select_related(
            "konto", "produkt", "massnahme"
        )
    }


def aenderungen(nachtrag: Haushaltsplan) -> Aenderungen:
    """What the Nachtrag changes against the version it amends (Haushaltsjahr column)."""
    original = nachtrag.nachtrag_zu
    if original is None:
        raise ValidationError("Das ist kein Nachtragshaushalt.")
    with kommune_scope(nachtrag.kommune_id):
        alt, neu = _ansaetze(original), _ansaetze(nachtrag)
    zero = Decimal("0.00")
    ansaetze = [
        Aenderung(
            key[0],
            (neu.get(key) or alt.get(key))[0],
            key[1],
            key[2],
            alt.get(key, ("", zero))[1],
            neu.get(key, ("", zero))[1],
        )
        for key in sorted(set(alt) | set(neu))
        if alt.get(key, ("", zero))[1] != neu.get(key, ("", zero))[1]
    ]
    vorher, nachher = statements(original), statements(nachtrag)

    def zeilen(a: rechnung.Rechnung, b: rechnung.Rechnung) -> list[Zeilenaenderung]:
        return [
            Zeilenaenderung(z.nr, z.zeile.bezeichnung, a.wert(z.nr), b.wert(z.nr))
            for z in b.zeilen
            if a.wert(z.nr) != b.wert(z.nr)
        ]

    return Aenderungen(
        ansaetze,
        zeilen(vorher.ergebnis, nachher.ergebnis),
        zeilen(vorher.finanz, nachher.finanz),
    )
