"""Demo Akten: each Kommune's planned Akten, filed through the records services.

Every Akte is filed as a clerk would file it: inside the Kommune's
`kommune_scope`, by that Kommune's demo user of the matching role
(Gewerbeamt, Kämmerei, Hauptamt, or the Registratur for the Bauamt and the
Ordnungsamt, which have no clerk of their own in the demo), with real PDF
Dokumente (`demo_pdf`), second Versionen, zdA-Verfügungen, vertrauliche
Akten with access lists, and a few Freigaben between Kommunen.

What is filed comes from `demo_szenarien`, seeded per Kommune, so every run
plans the same Akten (dates are relative to today). Running `load()` again
files only what is missing: an Akte counts as there when the Kommune has an
Akte with the same Aktenplaneinheit and Betreff. One transaction per
Kommune, so a Kommune is filed completely or not at all.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from aktenbund.records import services
from aktenbund.records.demo_pdf import Absatz, pdf_dokument
from aktenbund.records.demo_szenarien import (
    ORTE,
    RECHTSBEHELF,
    AktePlan,
    DokumentPlan,
    Ort,
    anzahl_akten,
    datum_kurz,
    datum_lang,
    plane_akten,
    wochentag,
)
from aktenbund.records.models import Akte, Dokumenttyp, Freigabe, Recht, Richtung, Vorgang
from aktenbund.tenancy import demo as tenancy_demo
from aktenbund.tenancy.models import Kommune, Organisationseinheit, Rolle, User
from aktenbund.tenancy.scope import kommune_scope


@dataclass(frozen=True)
class FreigabePlan:
    von: str  # Kommune
    schluessel: str  # AktePlan.schluessel
    vorgang: int | None  # laufende Nummer of a Vorgang to grant instead of the Akte
    an: str  # Kommune
    an_rolle: str | None  # the demo user there (by role), or None
    an_oe: str | None  # an OE there (Kurzzeichen), or None: the whole Kommune
    recht: str
    tage: int
    grund: str


FREIGABEN = [
    FreigabePlan(
        "Meinhard",
        "reisegewerbe",
        None,
        "Witzenhausen",
        Rolle.GEWERBEAMT,
        None,
        Recht.LESEN,
        120,
        "Amtshilfe: Zulassung zum Witzenhäuser Kirschenmarkt, Prüfung der Reisegewerbekarte",
    ),
    FreigabePlan(
        "Sontra",
        "bauhof",
        1,
        "Herleshausen",
        None,
        None,
        Recht.BEARBEITEN,
        180,
        "Gemeinsame Ausarbeitung der Vereinbarung über den Bauhof",
    ),
    FreigabePlan(
        "Bad Sooden-Allendorf",
        "kassenpruefung",
        None,
        "Berkatal",
        None,
        "20",
        Recht.LESEN,
        365,
        "Gegenseitige Kassenprüfung nach § 131 HGO",
    ),
    FreigabePlan(
        "Witzenhausen",
        "breitband",
        None,
        "Neu-Eichenberg",
        None,
        None,
        Recht.LESEN,
        240,
        "Gemeinsames Markterkundungsverfahren Breitband",
    ),
]

# Witzenhausen shows a configured Aktenzeichen pattern; the others keep the default.
AKTENZEICHENREGELN = {"Witzenhausen": ("{oe}-{kennzeichen}-{laufnr}/{jahr}", 3)}

ROLLEN = (
    Rolle.SACHBEARBEITUNG,
    Rolle.REGISTRATUR,
    Rolle.AMTSLEITUNG,
    Rolle.KAEMMEREI,
    Rolle.GEWERBEAMT,
    Rolle.KOMMUNE_ADMIN,
)


@dataclass
class Ergebnis:
    """What one `load()` filed (zero everywhere on a second run)."""

    akten: int = 0
    vorgaenge: int = 0
    dokumente: int = 0
    versionen: int = 0
    freigaben: int = 0
    vorhanden: int = 0  # planned Akten that were already there


def load(
    *,
    kommunen: Iterable[str] | None = None,
    akten_je_kommune: int | None = None,
    heute: datetime.date | None = None,
) -> Ergebnis:
    """File the demo Akten of the given Kommunen (default: all eleven).

    `akten_je_kommune` overrides the size (25 to 50 Akten, by Einwohner);
    a smaller number files a prefix of the full plan. Needs the demo Verbund
    and the demo Aktenplan (`records.demo.load()` calls this last).
    """
    heute = heute or timezone.localdate()
    namen = list(kommunen) if kommunen is not None else [k[0] for k in tenancy_demo.KOMMUNEN]
    ergebnis = Ergebnis()
    akten: dict[tuple[str, str], Akte] = {}
    for name in namen:
        kommune = Kommune.objects.get(name=name)
        with transaction.atomic(), kommune_scope(kommune):
            akten.update(_load_kommune(kommune, heute, akten_je_kommune, ergebnis))
    for plan in FREIGABEN:
        akte = akten.get((plan.von, plan.schluessel))
        if akte is not None and plan.an in namen:
            _grant(plan, akte, heute, ergebnis)
    return ergebnis


def _users(kommune: Kommune) -> dict[str, User]:
    names = {tenancy_demo.username(kommune.name, rolle): rolle for rolle in ROLLEN}
    users = {names[u.username]: u for u in User.objects.filter(username__in=names)}
    missing = set(ROLLEN) - set(users)
    if missing:
        raise LookupError(
            f"Demo users of {kommune.name} are missing ({', '.join(sorted(missing))}); "
            "load the demo Verbund first."
        )
    return users


def _load_kommune(
    kommune: Kommune, heute: datetime.date, anzahl: int | None, ergebnis: Ergebnis
) -> dict[tuple[str, str], Akte]:
    users = _users(kommune)
    plz, ortsteile = ORTE.get(kommune.name, ("00000", ()))
    ort = Ort(
        name=kommune.name,
        ist_stadt=kommune.ist_stadt,
        plz=plz,
        ortsteile=ortsteile,
        heute=heute,
        personen={rolle: user.get_full_name() or user.username for rolle, user in users.items()},
    )
    plaene = plane_akten(
        ort, f"aktenbund-demo-{kommune.ags}", anzahl or anzahl_akten(kommune.einwohner)
    )
    if kommune.name in AKTENZEICHENREGELN and services.regel_of(kommune.pk).pk is None:
        muster, stellen = AKTENZEICHENREGELN[kommune.name]
        services.set_aktenzeichenregel(
            users[Rolle.REGISTRATUR], muster=muster, laufnr_stellen=stellen
        )
    vorhanden = {
        (kennzeichen, betreff): pk
        for kennzeichen, betreff, pk in Akte.objects.filter(kommune=kommune).values_list(
            "aktenplaneinheit__kennzeichen", "betreff", "pk"
        )
    }
    einheiten = {e.kennzeichen: e for e in services.aktenplan_for(kommune.pk)}
    oes = {oe.kurzzeichen: oe for oe in Organisationseinheit.objects.all()}
    akten: dict[tuple[str, str], Akte] = {}
    for plan in plaene:
        pk = vorhanden.get((plan.kennzeichen, plan.betreff))
        if pk is not None:
            ergebnis.vorhanden += 1
            akte = Akte.objects.get(pk=pk)
        else:
            akte = _file(plan, ort, users, einheiten, oes, ergebnis)
        if plan.schluessel:
            akten[(kommune.name, plan.schluessel)] = akte
    return akten


def _file(
    plan: AktePlan,
    ort: Ort,
    users: dict[str, User],
    einheiten: dict,
    oes: dict[str, Organisationseinheit],
    ergebnis: Ergebnis,
) -> Akte:
    actor = users[plan.rolle]
    oe = oes[plan.oe]
    akte = services.create_akte(
        actor,
        aktenplaneinheit=einheiten[plan.kennzeichen],
        betreff=plan.betreff,
        beschreibung=plan.beschreibung,
        federfuehrende_oe=oe,
        vertraulich=plan.vertraulich,
    )
    ergebnis.akten += 1
    if plan.vertraulich and plan.zugriff:
        services.set_akte_zugriff(
            actor,
            akte,
            [(actor, Recht.BEARBEITEN), *((users[rolle], recht) for rolle, recht in plan.zugriff)],
        )
    alle_zda = True
    for vplan in plan.vorgaenge:
        vorgang = services.create_vorgang(
            actor,
            akte,
            betreff=vplan.betreff,
            frist=vplan.frist,
            bearbeiter=users[vplan.bearbeitung] if vplan.bearbeitung else actor,
        )
        ergebnis.vorgaenge += 1
        for dplan in vplan.dokumente:
            dokument = services.add_dokument(
                actor,
                vorgang,
                titel=dplan.titel,
                typ=dplan.typ,
                richtung=dplan.richtung,
                datum=dplan.datum,
                absender=dplan.absender,
                empfaenger=dplan.empfaenger,
                dateiname=dateiname(dplan),
                inhalt=render(dplan, ort, vorgang, oe.name),
            )
            ergebnis.dokumente += 1
            ergebnis.versionen += 1
            if dplan.version2:
                kommentar, absaetze = dplan.version2
                neu = dataclasses.replace(dplan, absaetze=absaetze)
                services.add_version(
                    actor,
                    dokument,
                    dateiname=dateiname(dplan, "berichtigt"),
                    inhalt=render(neu, ort, vorgang, oe.name, fassung=kommentar),
                    kommentar=kommentar,
                )
                ergebnis.versionen += 1
        if vplan.zda_verfuegung:
            services.close_vorgang_zda(actor, vorgang, verfuegung=vplan.zda_verfuegung)
        else:
            alle_zda = False
    if plan.zda_verfuegung and alle_zda:
        services.close_akte_zda(actor, akte, verfuegung=plan.zda_verfuegung)
    return akte


def _grant(plan: FreigabePlan, akte: Akte, heute: datetime.date, ergebnis: Ergebnis) -> None:
    owner = Kommune.objects.get(name=plan.von)
    an = Kommune.objects.get(name=plan.an)
    with transaction.atomic(), kommune_scope(owner):
        objekt: Akte | Vorgang = akte
        if plan.vorgang is not None:
            objekt = Vorgang.objects.get(akte=akte, laufnr=plan.vorgang)
        feld = "vorgang" if isinstance(objekt, Vorgang) else "akte"
        if Freigabe.objects.filter(**{feld: objekt}, empfaenger_kommune=an).exists():
            return
        actor = akte.erstellt_von
        empfaenger_user = (
            User.objects.get(username=tenancy_demo.username(an.name, plan.an_rolle))
            if plan.an_rolle
            else None
        )
        with kommune_scope(an):
            empfaenger_oe = (
                Organisationseinheit.objects.get(kurzzeichen=plan.an_oe) if plan.an_oe else None
            )
        services.grant_freigabe(
            actor,
            akte=objekt if feld == "akte" else None,
            vorgang=objekt if feld == "vorgang" else None,
            empfaenger_kommune=an,
            empfaenger_oe=empfaenger_oe,
            empfaenger_user=empfaenger_user,
            recht=plan.recht,
            gueltig_bis=heute + datetime.timedelta(days=plan.tage),
            grund=plan.grund,
        )
        ergebnis.freigaben += 1


# --- the PDF of one Dokument -------------------------------------------------------------


def dateiname(dplan: DokumentPlan, zusatz: str = "") -> str:
    """`2026-03-02_Hundesteuerbescheid-2026-Hund-Bello.pdf`: date, title, ASCII only."""
    text = dplan.titel.translate(str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}))
    text = text.translate(str.maketrans({"Ä": "Ae", "Ö": "Oe", "Ü": "Ue"}))
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")[:80].rstrip("-")
    if zusatz:
        text = f"{text}_{zusatz}"
    return f"{dplan.datum:%Y-%m-%d}_{text}.pdf"


def _ortsname(anschrift: str, sonst: str) -> str:
    """The place of an address ("37269 Eschwege" → "Eschwege")."""
    zeilen = anschrift.splitlines()
    treffer = re.fullmatch(r"\d{5} (.+)", zeilen[-1]) if zeilen else None
    return treffer.group(1) if treffer else sonst


def render(
    dplan: DokumentPlan, ort: Ort, vorgang: Vorgang, oe_name: str, *, fassung: str = ""
) -> bytes:
    """The Dokument as the letter, Vermerk or e-mail it is, as a PDF."""
    az = vorgang.aktenzeichen
    absaetze: list[Absatz] = []
    if dplan.typ == Dokumenttyp.EMAIL:
        absaetze += [
            Absatz(dplan.titel, "titel"),
            Absatz(
                f"Von: {dplan.absender}\nAn: {dplan.empfaenger}\n"
                f"Gesendet: {wochentag(dplan.datum)}, {datum_lang(dplan.datum)}, "
                f"{8 + dplan.datum.day % 9}:{dplan.datum.month * 4 + 3:02d} Uhr\n"
                f"Betreff: {dplan.titel}",
                "klein",
                abstand=14,
            ),
        ]
        fusszeile = f"E-Mail, abgelegt zu {az}"
    elif dplan.richtung == Richtung.AUSGANG:
        absaetze += [
            Absatz(ort.briefkopf, "titel", abstand=2),
            Absatz(f"{ort.organ} · {oe_name} · Rathaus · {ort.plz} {ort.name}", "klein", 16),
            Absatz(dplan.empfaenger_anschrift or dplan.empfaenger, abstand=16),
            Absatz(
                f"Aktenzeichen: {az}\nDatum: {datum_lang(dplan.datum)}\n"
                f"Bearbeitung: {dplan.unterzeichnet}",
                "klein",
                abstand=14,
            ),
            Absatz(dplan.titel, "fett", abstand=10),
        ]
        fusszeile = f"{ort.briefkopf} · {az}"
    elif dplan.richtung == Richtung.EINGANG:
        absaetze += [
            Absatz(dplan.absender_anschrift or dplan.absender, "fett", abstand=16),
            Absatz(dplan.empfaenger_anschrift or dplan.empfaenger, abstand=10),
            Absatz(
                f"{_ortsname(dplan.absender_anschrift, ort.name)}, {datum_lang(dplan.datum)}",
                abstand=14,
            ),
            Absatz(f"Betreff: {dplan.titel}", "fett", abstand=10),
        ]
        fusszeile = (
            f"Eingegangen bei der {ort.briefkopf} am {datum_kurz(dplan.datum)} · abgelegt zu {az}"
        )
    else:
        art = Dokumenttyp(dplan.typ).label
        absaetze += [
            Absatz(f"{ort.briefkopf} · {oe_name}", "klein", abstand=6),
            Absatz(dplan.titel, "titel", abstand=6),
            Absatz(
                f"{art} · Aktenzeichen: {az} · {datum_lang(dplan.datum)}",
                "klein",
                abstand=14,
            ),
        ]
        fusszeile = f"{ort.briefkopf} · {art} · {az}"
    if fassung:
        absaetze.append(Absatz(f"Berichtigte Fassung: {fassung}", "fett"))
    if dplan.anrede:
        absaetze.append(Absatz(dplan.anrede))
    absaetze += [Absatz(text) for text in dplan.absaetze]
    if dplan.typ == Dokumenttyp.BESCHEID and dplan.richtung == Richtung.AUSGANG:
        absaetze.append(
            Absatz(
                RECHTSBEHELF.format(
                    briefkopf=ort.briefkopf, organ=ort.organ, plz=ort.plz, name=ort.name
                ),
                "klein",
            )
        )
    if dplan.richtung == Richtung.AUSGANG and dplan.typ != Dokumenttyp.EMAIL:
        absaetze.append(Absatz(f"Mit freundlichen Grüßen\nIm Auftrag\n\n{dplan.unterzeichnet}"))
    elif dplan.typ == Dokumenttyp.EMAIL:
        if dplan.unterzeichnet:
            absaetze.append(Absatz(f"Viele Grüße\n{dplan.unterzeichnet}"))
    elif dplan.richtung == Richtung.EINGANG:
        absaetze.append(Absatz(f"Mit freundlichen Grüßen\n\n{dplan.unterzeichnet}"))
    else:
        absaetze.append(Absatz(f"gez. {dplan.unterzeichnet}", abstand=4))
    return pdf_dokument(
        absaetze,
        titel=dplan.titel,
        autor=dplan.unterzeichnet or dplan.absender,
        datum=dplan.datum,
        fusszeile=fusszeile,
    )
