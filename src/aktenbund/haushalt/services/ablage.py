"""Filing the plan's documents into the E-Akte, inside each workflow step's transaction.

Each step files what it produces into the Vorgang "Haushaltsplan <Jahr>" (a
Nachtrag: "1. Nachtragshaushaltsplan <Jahr>") of the Kommune's Akte under
the Aktenplan node for that stage:

| step           | node  | Dokumente                                                      |
|----------------|-------|----------------------------------------------------------------|
| einbringen     | 900.1 | Entwurf des Haushaltsplans (ganzer Plan), Entwurf der Satzung   |
| beschliessen   | 900.2 | Haushaltssatzung, Haushaltsplan (ganzer Plan), Beschluss        |
| vorlegen       | 900.3 | Vorlage an die Aufsichtsbehörde                                 |
| genehmigen     | 900.3 | Vermerk über Genehmigung / Nichtbeanstandung                    |
| bekanntmachen  | 900.2 | Öffentliche Bekanntmachung der Haushaltssatzung                 |
| rechtskraeftig | 900.2 | Vermerk über die Rechtskraft                                    |

A Nachtragshaushalt files every step under 900.4. The Akte of a node is
opened once per Kommune (found again through the Kommune's earlier
`Ablage` rows) and the Vorgang once per plan and node. Everything goes
through `aktenbund.records.services` as the acting Kämmerei user; if filing
fails, the step fails with it (one transaction) and says why.

The whole plan as PDF (WeasyPrint, ~20 s for a demo plan) is rendered at
most once per step; `ohne_ganzen_plan()` leaves it out (the tests use it),
`nur_satzung()` files nothing but the beschlossene Haushaltssatzung (the demo
uses it, so loading eleven Kommunen stays fast).
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from aktenbund.errors import Conflict, DomainError
from aktenbund.haushalt.models import Ablage, Haushaltsplan
from aktenbund.haushalt.services.druck import plan_pdf
from aktenbund.haushalt.services.plan import statements
from aktenbund.haushalt.services.satzung import gremium_of, haushaltssatzung
from aktenbund.records import services as records
from aktenbund.tenancy.models import User
from aktenbund.web.pdf import render_pdf

AUFSTELLUNG, BESCHLUSS, GENEHMIGUNG, NACHTRAG = "900.1", "900.2", "900.3", "900.4"
AKTEN_BETREFF = {
    AUFSTELLUNG: "Aufstellung der Haushaltspläne",
    BESCHLUSS: "Haushaltssatzungen und Haushaltspläne: Beschluss und Bekanntmachung",
    GENEHMIGUNG: "Haushaltssatzungen: Genehmigung und Anzeige bei der Aufsichtsbehörde",
    NACHTRAG: "Nachtragshaushaltssatzungen",
}
AUFSICHTSBEHOERDE = "Landrat als Behörde der Kommunalaufsicht"

ALLES, OHNE_PLAN, NUR_SATZUNG = "alles", "ohne_plan", "nur_satzung"
_modus: contextvars.ContextVar[str] = contextvars.ContextVar("haushalt_ablage", default=ALLES)


@contextlib.contextmanager
def _mit_modus(modus: str) -> Iterator[None]:
    token = _modus.set(modus)
    try:
        yield
    finally:
        _modus.reset(token)


def ohne_ganzen_plan():
    """Inside: steps file their documents but not the (slow) whole plan PDF."""
    return _mit_modus(OHNE_PLAN)


def nur_satzung():
    """Inside: only the Beschluss files, and only the Haushaltssatzung (the demo)."""
    return _mit_modus(NUR_SATZUNG)


def mit_ganzem_plan():
    """Inside: everything is filed, the whole plan PDF too (the default)."""
    return _mit_modus(ALLES)


@dataclass(frozen=True)
class Datei:
    """One document a step files."""

    titel: str
    typ: str
    richtung: str
    dateiname: str
    inhalt: bytes
    absender: str = ""
    empfaenger: str = ""


def _slug(text: str) -> str:
    erlaubt = "abcdefghijklmnopqrstuvwxyz0123456789-"
    text = (
        text.lower()
        .replace("ä", "ae")
        .replace("ö", "oe")
        .replace("ü", "ue")
        .replace("ß", "ss")
        .replace(" ", "-")
        .replace("/", "-")
    )
    return "".join(c for c in text if c in erlaubt).strip("-")


def _kommune_text(plan: Haushaltsplan) -> str:
    return f"{'Stadt' if plan.kommune.ist_stadt else 'Gemeinde'} {plan.kommune.name}"


def _schreiben(plan: Haushaltsplan, titel: str, absaetze: list[str], **extra) -> bytes:
    return render_pdf(
        "web/pdf/schreiben.html",
        {
            "kommune": plan.kommune,
            "titel": titel,
            "absaetze": absaetze,
            "absender": f"{_kommune_text(plan)} · Der Gemeindevorstand · Kämmerei",
            "ort": plan.kommune.name,
            "datum": datetime.date.today(),
            **extra,
        },
    )


def _satzung_pdf(plan: Haushaltsplan, titel: str, berechnet, vorspann: list[str] = ()) -> bytes:
    return render_pdf(
        "haushalt/pdf/satzung.html",
        {
            "plan": plan,
            "kommune": plan.kommune,
            "titel": titel,
            "satzung": haushaltssatzung(plan, berechnet),
            "vorspann": list(vorspann),
        },
    )


def _ganzer_plan_datei(plan: Haushaltsplan, titel: str, zusatz: str) -> Datei | None:
    if _modus.get() != ALLES:
        return None
    pdf = plan_pdf(plan)
    return Datei(
        titel, "sonstiges", "intern", f"{_slug(plan.bezeichnung)}-{zusatz}.pdf", pdf.inhalt
    )


def _d(datum: datetime.date) -> str:
    return f"{datum:%d.%m.%Y}"


# --- the documents of each step -------------------------------------------------------


def _einbringen(plan: Haushaltsplan) -> list[Datei]:
    berechnet = statements(plan)
    name = plan.bezeichnung
    return [
        d
        for d in (
            _ganzer_plan_datei(
                plan, f"Entwurf {name} (eingebracht am {_d(plan.eingebracht_am)})", "entwurf"
            ),
            Datei(
                f"Entwurf der Haushaltssatzung zum {name}",
                "sonstiges",
                "intern",
                f"{_slug(name)}-satzung-entwurf.pdf",
                _satzung_pdf(plan, "Entwurf der Haushaltssatzung", berechnet),
            ),
        )
        if d
    ]


def _beschliessen(plan: Haushaltsplan) -> list[Datei]:
    berechnet = statements(plan)
    name, gremium, datum = plan.bezeichnung, gremium_of(plan), _d(plan.beschlossen_am)
    satzung = haushaltssatzung(plan, berechnet)
    p1 = satzung.paragraph_1[0]
    return [
        d
        for d in (
            Datei(
                f"Haushaltssatzung zum {name} (beschlossen am {datum})",
                "beschluss",
                "intern",
                f"{_slug(name)}-satzung.pdf",
                _satzung_pdf(plan, "Haushaltssatzung", berechnet),
            ),
            _ganzer_plan_datei(plan, f"{name}, beschlossene Fassung", "beschlossen"),
            _modus.get() != NUR_SATZUNG
            and Datei(
                f"Beschluss der {gremium} vom {datum}",
                "beschluss",
                "intern",
                f"{_slug(name)}-beschluss.pdf",
                _schreiben(
                    plan,
                    f"Beschluss der {gremium} vom {datum}",
                    [
                        f"Die {gremium} der {_kommune_text(plan)} hat in ihrer Sitzung am {datum} "
                        f"die Haushaltssatzung mit dem {name} beschlossen.",
                        "Ordentliches Ergebnis des Haushaltsjahres: "
                        f"{_euro(p1.ordentliches_ergebnis)} €; Jahresergebnis: "
                        f"{_euro(p1.jahresergebnis)} €; Zahlungsmittelfluss: "
                        f"{_euro(p1.zahlungsmittelfluss)} €.",
                        "Der Haushalt ist "
                        + ("ausgeglichen." if berechnet.ausgeglichen else "nicht ausgeglichen.")
                        + " Die Satzung wird der Aufsichtsbehörde vorgelegt (§ 97 Abs. 4 HGO).",
                    ],
                ),
            ),
        )
        if d
    ]


def _vorlegen(plan: Haushaltsplan) -> list[Datei]:
    name, datum = plan.bezeichnung, _d(plan.vorgelegt_am)
    titel = f"Vorlage der Haushaltssatzung zum {name} an die Aufsichtsbehörde"
    return (
        [
            Datei(
                titel,
                "schreiben",
                "ausgang",
                f"{_slug(name)}-vorlage-aufsicht.pdf",
                _schreiben(
                    plan,
                    titel,
                    [
                        "Sehr geehrte Damen und Herren,",
                        f"anbei legen wir die am {_d(plan.beschlossen_am)} beschlossene "
                        f"Haushaltssatzung mit dem {name} und seinen Anlagen vor "
                        "(§ 97 Abs. 4 HGO).",
                        "Mit freundlichen Grüßen",
                    ],
                    empfaenger=AUFSICHTSBEHOERDE,
                    datum=plan.vorgelegt_am,
                ),
                empfaenger=AUFSICHTSBEHOERDE,
            )
        ]
        if datum
        else []
    )


def _genehmigen(plan: Haushaltsplan) -> list[Datei]:
    name, datum = plan.bezeichnung, _d(plan.genehmigt_am)
    art = plan.get_genehmigungsart_display()
    titel = f"Vermerk: Haushaltssatzung zum {name} {art} ({datum})"
    return [
        Datei(
            titel,
            "vermerk",
            "intern",
            f"{_slug(name)}-vermerk-aufsicht.pdf",
            _schreiben(
                plan,
                titel,
                [
                    f"Die Aufsichtsbehörde hat die Haushaltssatzung zum {name} am {datum} "
                    + (
                        "genehmigt."
                        if plan.genehmigungsart == "genehmigt"
                        else "nicht beanstandet."
                    ),
                    "Das Schreiben der Aufsichtsbehörde wird in diesem Vorgang abgelegt.",
                ],
            ),
        )
    ]


def _bekanntmachen(plan: Haushaltsplan) -> list[Datei]:
    name, datum = plan.bezeichnung, _d(plan.bekannt_gemacht_am)
    berechnet = statements(plan)
    return [
        Datei(
            f"Öffentliche Bekanntmachung der Haushaltssatzung zum {name} ({datum})",
            "sonstiges",
            "ausgang",
            f"{_slug(name)}-bekanntmachung.pdf",
            _satzung_pdf(
                plan,
                "Öffentliche Bekanntmachung der Haushaltssatzung",
                berechnet,
                vorspann=[f"Bekannt gemacht am {datum}."],
            ),
        )
    ]


def _rechtskraeftig(plan: Haushaltsplan) -> list[Datei]:
    name, datum = plan.bezeichnung, _d(plan.rechtskraeftig_am)
    titel = f"Vermerk: {name} rechtskräftig seit {datum}"
    return [
        Datei(
            titel,
            "vermerk",
            "intern",
            f"{_slug(name)}-rechtskraft.pdf",
            _schreiben(
                plan,
                titel,
                [
                    f"Die Haushaltssatzung zum {name} ist seit {datum} rechtskräftig. "
                    "Der Plan ist abgeschlossen; Änderungen nur durch eine "
                    "Nachtragshaushaltssatzung."
                ],
            ),
        )
    ]


def _euro(wert) -> str:
    from aktenbund.haushalt.templatetags.haushalt import euro

    return euro(wert)


# step → (Aktenplan node, documents)
SCHRITT_ABLAGE: dict[str, tuple[str, Callable[[Haushaltsplan], list[Datei]]]] = {
    "einbringen": (AUFSTELLUNG, _einbringen),
    "beschliessen": (BESCHLUSS, _beschliessen),
    "vorlegen": (GENEHMIGUNG, _vorlegen),
    "genehmigen": (GENEHMIGUNG, _genehmigen),
    "bekanntmachen": (BESCHLUSS, _bekanntmachen),
    "rechtskraeftig": (BESCHLUSS, _rechtskraeftig),
}


def kennzeichen_for(plan: Haushaltsplan, schritt: str) -> str:
    return NACHTRAG if plan.nachtrag_nr else SCHRITT_ABLAGE[schritt][0]


# --- Akte and Vorgang ----------------------------------------------------------------------


def _vorgang_for(actor: User, plan: Haushaltsplan, kennzeichen: str):
    """The plan's Vorgang under `kennzeichen`: found, or opened (with its Akte if need be)."""
    ablage = Ablage.objects.filter(haushaltsplan=plan, kennzeichen=kennzeichen).first()
    if ablage is not None:
        return records.get_vorgang(actor, ablage.vorgang_id, bearbeiten=True)
    frueher = (
        Ablage.objects.filter(kommune_id=plan.kommune_id, kennzeichen=kennzeichen)
        .order_by("-angelegt_am", "-pk")
        .first()
    )
    akte = None
    if frueher is not None:
        akte = records.get_vorgang(actor, frueher.vorgang_id).akte
        akte = records.get_akte(actor, akte.pk, bearbeiten=True)
        if akte.status != "offen":
            akte = None  # closed zdA: a new Akte for the node
    if akte is None:
        einheit = records.get_aktenplaneinheit_by_kennzeichen(actor, kennzeichen)
        akte = records.create_akte(
            actor, aktenplaneinheit=einheit, betreff=AKTEN_BETREFF[kennzeichen]
        )
    vorgang = records.create_vorgang(actor, akte, betreff=plan.bezeichnung)
    Ablage.objects.create(
        kommune_id=plan.kommune_id, haushaltsplan=plan, kennzeichen=kennzeichen, vorgang=vorgang
    )
    return vorgang


def file_step(plan: Haushaltsplan, schritt: str, actor: User) -> list:
    """File the documents of `schritt` (just taken); returns the Dokumente.

    Runs inside the step's transaction and the Kommune's scope. Any refusal
    of the E-Akte becomes a Conflict that names the cause; the step is then
    not taken.
    """
    kennzeichen = kennzeichen_for(plan, schritt)
    if _modus.get() == NUR_SATZUNG and schritt != "beschliessen":
        return []
    try:
        dateien = SCHRITT_ABLAGE[schritt][1](plan)
        if _modus.get() == NUR_SATZUNG:
            dateien = [d for d in dateien if d.titel.startswith("Haushaltssatzung")]
        vorgang = _vorgang_for(actor, plan, kennzeichen)
        datum = _schritt_datum(plan, schritt)
        return [
            records.add_dokument(
                actor,
                vorgang,
                titel=d.titel,
                typ=d.typ,
                richtung=d.richtung,
                datum=datum,
                absender=d.absender,
                empfaenger=d.empfaenger,
                dateiname=d.dateiname,
                inhalt=d.inhalt,
            )
            for d in dateien
        ]
    except DomainError as exc:
        details = "; ".join(exc.errors.values()) if exc.errors else ""
        raise Conflict(
            f"Der Schritt wurde nicht eingetragen: die Ablage in die E-Akte ({kennzeichen}) "
            f"ging nicht. {exc.message}" + (f" ({details})" if details else ""),
        ) from exc


def _schritt_datum(plan: Haushaltsplan, schritt: str) -> datetime.date | None:
    from aktenbund.haushalt.services.workflow import SCHRITTE

    return getattr(plan, SCHRITTE[schritt].datumsfeld)


def ablagen_of(actor: User, plan: Haushaltsplan) -> list[tuple[Ablage, object]]:
    """The plan's Vorgänge the actor may read, with their node (for the plan page)."""
    ergebnis = []
    for ablage in Ablage.objects.filter(haushaltsplan=plan).order_by("kennzeichen"):
        try:
            ergebnis.append((ablage, records.get_vorgang(actor, ablage.vorgang_id)))
        except DomainError:
            continue
    return ergebnis
