"""The Verbund comparison: opted-in Kommunen see selected figures per Einwohner side by side.

A Kommune takes part while it has a `Vergleichsteilnahme` (the Kämmerei or
the Kommune-Admin switches it, audited). Only then are its figures
published as `Vergleichswert` rows: on opting in (for every Haushaltsjahr
with a beschlossenen plan) and whenever a plan of it is beschlossen or becomes
rechtskräftig. Leaving deletes its rows. Only Kommunen that take part see
the comparison (reciprocity), and they see only each other: the service
filters by the participants, and on PostgreSQL the row-level policy of
`Vergleichswert` says the same (a row is readable by its own Kommune, or by
a participant when its Kommune participates).

The figures are the Haushaltsjahr's Ansatz of statement rows (Doppelhaushalt:
both years), divided by the Einwohner at publication, to the cent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from aktenbund.audit.services import record
from aktenbund.errors import NotFound, PermissionDenied
from aktenbund.haushalt.models import (
    Haushaltsplan,
    Status,
    Vergleichsteilnahme,
    Vergleichswert,
)
from aktenbund.haushalt.services import rechnung
from aktenbund.haushalt.services.plan import statements
from aktenbund.tenancy.models import Kommune, Rolle, User
from aktenbund.tenancy.scope import kommune_scope

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Kennzahl:
    name: str
    bezeichnung: str
    rechnung: str  # "ergebnis" or "finanz"
    zeile: str

    def wert(self, berechnet, spalte: int) -> Decimal:
        return getattr(berechnet, self.rechnung).wert(self.zeile, spalte)


KENNZAHLEN: tuple[Kennzahl, ...] = (
    Kennzahl("steuerertraege", "Steuererträge je Einwohner", "ergebnis", "05"),
    Kennzahl("personalaufwendungen", "Personalaufwendungen je Einwohner", "ergebnis", "11"),
    Kennzahl("ordentliche_ertraege", "Ordentliche Erträge je Einwohner", "ergebnis", "10"),
    Kennzahl("ordentliche_aufwendungen", "Ordentliche Aufwendungen je Einwohner", "ergebnis", "19"),
    Kennzahl("jahresergebnis", "Jahresergebnis je Einwohner", "ergebnis", "28"),
    Kennzahl("investitionen", "Auszahlungen für Investitionen je Einwohner", "finanz", "28"),
)
KENNZAHL = {k.name: k for k in KENNZAHLEN}
VEROEFFENTLICHT = (
    Status.BESCHLOSSEN,
    Status.VORGELEGT,
    Status.GENEHMIGT,
    Status.BEKANNT_GEMACHT,
    Status.RECHTSKRAEFTIG,
)


def je_einwohner(betrag: Decimal, einwohner: int) -> Decimal:
    if not einwohner:
        return Decimal("0.00")
    return (betrag / Decimal(einwohner)).quantize(CENT, rounding=ROUND_HALF_UP)


# --- taking part ----------------------------------------------------------------------


def may_switch(actor: User) -> bool:
    """The Kämmerei and the Kommune-Admin decide whether the Kommune takes part."""
    return bool(
        actor.is_authenticated
        and actor.is_active
        and actor.kommune_id
        and actor.has_rolle(Rolle.KAEMMEREI, Rolle.KOMMUNE_ADMIN)
    )


def teilnahme_of(kommune_id: int) -> Vergleichsteilnahme | None:
    with kommune_scope(kommune_id):
        return Vergleichsteilnahme.objects.filter(kommune_id=kommune_id).first()


def nimmt_teil(kommune_id: int | None) -> bool:
    return bool(kommune_id) and teilnahme_of(kommune_id) is not None


@transaction.atomic
def set_teilnahme(actor: User, teilnehmen: bool) -> Vergleichsteilnahme | None:
    """Opt the actor's Kommune in (publishing its figures) or out (deleting them)."""
    if not actor.kommune_id:
        raise NotFound("Am Vergleich nehmen nur Kommunen teil.")
    if not may_switch(actor):
        raise PermissionDenied(
            "Die Teilnahme am Vergleich schalten die Kämmerei und die Kommune-Admins."
        )
    kommune_id = actor.kommune_id
    with kommune_scope(kommune_id):
        vorhanden = (
            Vergleichsteilnahme.objects.select_for_update().filter(kommune_id=kommune_id).first()
        )
        if teilnehmen and vorhanden is None:
            teilnahme = Vergleichsteilnahme.objects.create(
                kommune_id=kommune_id, seit=timezone.now()
            )
            jahre = veroeffentliche_alle(kommune_id)
            record(
                "vergleich.teilnahme_an",
                kommune_id=kommune_id,
                actor=actor,
                obj=teilnahme,
                details={"haushaltsjahre": jahre},
            )
            return teilnahme
        if not teilnehmen and vorhanden is not None:
            geloescht, _ = Vergleichswert.objects.filter(kommune_id=kommune_id).delete()
            pk = vorhanden.pk
            vorhanden.delete()
            record(
                "vergleich.teilnahme_aus",
                kommune_id=kommune_id,
                actor=actor,
                object_type="vergleichsteilnahme",
                object_id=pk,
                details={"geloeschte_werte": geloescht},
            )
            return None
        return vorhanden


# --- publishing ---------------------------------------------------------------------------


def massgeblicher_plan(kommune_id: int, haushaltsjahr: int) -> Haushaltsplan | None:
    """The newest beschlossene version (a beschlossener Nachtrag replaces the plan)."""
    with kommune_scope(kommune_id):
        return (
            Haushaltsplan.objects.filter(
                kommune_id=kommune_id, haushaltsjahr=haushaltsjahr, status__in=VEROEFFENTLICHT
            )
            .select_related("kommune")
            .order_by("-nachtrag_nr")
            .first()
        )


def werte_of(plan: Haushaltsplan, berechnet=None) -> dict[int, dict[str, Decimal]]:
    """Year → Kennzahl → the plan's amount (not yet per Einwohner)."""
    berechnet = berechnet or statements(plan)
    spalten = [rechnung.HJ, rechnung.HJ + 1] if plan.doppelhaushalt else [rechnung.HJ]
    jahre = plan.jahre()
    return {jahre[s]: {k.name: k.wert(berechnet, s) for k in KENNZAHLEN} for s in spalten}


def veroeffentliche(plan: Haushaltsplan) -> list[int]:
    """Write the plan's figures for its year(s); returns the years."""
    kommune = plan.kommune
    jahre = []
    with kommune_scope(plan.kommune_id):
        for jahr, werte in werte_of(plan).items():
            for name, betrag in werte.items():
                Vergleichswert.objects.update_or_create(
                    kommune_id=plan.kommune_id,
                    haushaltsjahr=jahr,
                    kennzahl=name,
                    defaults={
                        "betrag": betrag,
                        "einwohner": kommune.einwohner,
                        "plan_bezeichnung": plan.bezeichnung,
                    },
                )
            jahre.append(jahr)
    return jahre


def veroeffentliche_alle(kommune_id: int) -> list[int]:
    with kommune_scope(kommune_id):
        jahre = sorted(
            set(
                Haushaltsplan.objects.filter(
                    kommune_id=kommune_id, status__in=VEROEFFENTLICHT
                ).values_list("haushaltsjahr", flat=True)
            )
        )
    veroeffentlicht: list[int] = []
    for jahr in jahre:
        if jahr in veroeffentlicht:  # the second year of a Doppelhaushalt
            continue
        plan = massgeblicher_plan(kommune_id, jahr)
        veroeffentlicht += veroeffentliche(plan)
    return sorted(set(veroeffentlicht))


def nach_schritt(plan: Haushaltsplan) -> None:
    """After a workflow step: publish when the plan is now beschlossen or rechtskräftig
    (the steps between change no figure) and the Kommune takes part. Runs in the
    step's transaction."""
    if plan.status not in (Status.BESCHLOSSEN, Status.RECHTSKRAEFTIG) or not nimmt_teil(
        plan.kommune_id
    ):
        return
    massgeblich = massgeblicher_plan(plan.kommune_id, plan.haushaltsjahr)
    if massgeblich is not None:
        veroeffentliche(massgeblich)


# --- reading --------------------------------------------------------------------------------


@dataclass
class VergleichsKommune:
    kommune_id: int
    name: str
    einwohner: int
    plan_bezeichnung: str
    eigene: bool
    werte: dict[str, Decimal] = field(default_factory=dict)  # Kennzahl → je Einwohner


@dataclass
class Vergleich:
    haushaltsjahr: int | None
    jahre: list[int]
    kennzahlen: tuple[Kennzahl, ...]
    kommunen: list[VergleichsKommune]

    def reihe(self, kennzahl: str) -> list[tuple[str, Decimal]]:
        return [(k.name, k.werte[kennzahl]) for k in self.kommunen if kennzahl in k.werte]


def _sichtbare_werte(actor: User):
    """The published figures of participants, read as the actor's Kommune."""
    with scopes_disabled():
        teilnehmer = Vergleichsteilnahme.objects.values("kommune_id")
        return Vergleichswert.objects.filter(kommune_id__in=teilnehmer)


def require_teilnahme(actor: User) -> None:
    if not actor.kommune_id:
        raise NotFound("Den Vergleich gibt es nur für Kommunen.")
    if not nimmt_teil(actor.kommune_id):
        raise PermissionDenied(
            "Ihre Kommune nimmt am Vergleich nicht teil. Den Vergleich sehen nur teilnehmende "
            "Kommunen; die Kämmerei oder die Kommune-Admins können die Teilnahme einschalten."
        )


def vergleich_fuer(actor: User, haushaltsjahr: int | None = None) -> Vergleich:
    """The comparison of one year (default: the newest with figures of the own Kommune)."""
    require_teilnahme(actor)
    with kommune_scope(actor.kommune_id):
        werte = _sichtbare_werte(actor)
        jahre = sorted(set(werte.values_list("haushaltsjahr", flat=True)), reverse=True)
        if haushaltsjahr is None:
            eigene = sorted(
                set(
                    werte.filter(kommune_id=actor.kommune_id).values_list(
                        "haushaltsjahr", flat=True
                    )
                ),
                reverse=True,
            )
            haushaltsjahr = eigene[0] if eigene else (jahre[0] if jahre else None)
        zeilen = list(werte.filter(haushaltsjahr=haushaltsjahr).order_by("kommune_id", "kennzahl"))
        namen = dict(
            Kommune.objects.filter(pk__in={z.kommune_id for z in zeilen}).values_list("pk", "name")
        )
    kommunen: dict[int, VergleichsKommune] = {}
    for z in zeilen:
        if z.kennzahl not in KENNZAHL:
            continue
        k = kommunen.setdefault(
            z.kommune_id,
            VergleichsKommune(
                z.kommune_id,
                namen.get(z.kommune_id, ""),
                z.einwohner,
                z.plan_bezeichnung,
                z.kommune_id == actor.kommune_id,
            ),
        )
        k.werte[z.kennzahl] = je_einwohner(z.betrag, z.einwohner)
    return Vergleich(
        haushaltsjahr=haushaltsjahr,
        jahre=jahre,
        kennzahlen=KENNZAHLEN,
        kommunen=sorted(kommunen.values(), key=lambda k: k.name),
    )
