"""Search benchmark: a synthetic German municipal corpus, 200 mixed queries, p50/p95/p99.

    python bench/search.py [--dokumente 100000] [--queries 200] [--neu]

Runs against the database of the environment (SQLite in AKTENBUND_DATA_DIR,
or PostgreSQL via DATABASE_URL — use a database of its own). The demo Verbund
(eleven Kommunen, their OEs and users, the Verbund Aktenplan) is created
through the services; Akten, Vorgänge, Dokumente and the index rows are
bulk-loaded straight into the tables (COPY on PostgreSQL), with the index
tokens made by the same analysis (`search.analyse`) the services use. The
corpus is kept between runs of the same size (`--neu` reloads it).

Queries run through `search.services.suche` as Sachbearbeitung users of
different Kommunen, i.e. with the rights subquery, facets and snippets:
single terms (frequent, medium, rare; one that occurs in ~85 % of all
documents), two terms, phrases, prefixes, and terms with filters.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aktenbund.settings")
os.environ.setdefault("SECRET_KEY", "bench-only")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402

from aktenbund.records import demo as records_demo  # noqa: E402
from aktenbund.records.models import Akte, Aktenplaneinheit, Dokument, Vorgang  # noqa: E402
from aktenbund.search import analyse  # noqa: E402
from aktenbund.search.models import Suchindex  # noqa: E402
from aktenbund.search.services import Suchanfrage, suche  # noqa: E402
from aktenbund.search.services.index import tsvector_literal  # noqa: E402
from aktenbund.tenancy import demo as tenancy_demo  # noqa: E402
from aktenbund.tenancy.db_role import owner_role  # noqa: E402
from aktenbund.tenancy.models import Kommune, Organisationseinheit, Rolle, User  # noqa: E402
from aktenbund.tenancy.scope import kommune_scope  # noqa: E402

# --- vocabulary (most frequent first: Zipf over this order) ------------------

FACHWOERTER = [
    "Antrag",
    "Bescheid",
    "Gemeinde",
    "Verwaltung",
    "Schreiben",
    "Stellungnahme",
    "Frist",
    "Genehmigung",
    "Widerspruch",
    "Bauantrag",
    "Gewerbeanmeldung",
    "Hundesteuer",
    "Grundsteuer",
    "Baugenehmigung",
    "Anhörung",
    "Zahlung",
    "Gebühren",
    "Bebauungsplan",
    "Sitzung",
    "Beschluss",
    "Gemeindevertretung",
    "Haushalt",
    "Haushaltssatzung",
    "Rechnung",
    "Mahnung",
    "Vertrag",
    "Angebot",
    "Auftrag",
    "Vergabe",
    "Ausschreibung",
    "Straße",
    "Kanal",
    "Abwasser",
    "Wasserversorgung",
    "Friedhof",
    "Kindergarten",
    "Kindertagesstätte",
    "Schule",
    "Feuerwehr",
    "Bauhof",
    "Spielplatz",
    "Sportplatz",
    "Dorfgemeinschaftshaus",
    "Ordnungsamt",
    "Bauamt",
    "Hauptamt",
    "Kämmerei",
    "Bürgerbüro",
    "Einwohnermeldeamt",
    "Standesamt",
    "Meldebescheinigung",
    "Personalausweis",
    "Reisepass",
    "Führungszeugnis",
    "Gewerbeabmeldung",
    "Gewerbeummeldung",
    "Gaststättenerlaubnis",
    "Sondernutzungserlaubnis",
    "Veranstaltung",
    "Genehmigungsbescheid",
    "Widerspruchsbescheid",
    "Kostenbescheid",
    "Gebührenbescheid",
    "Abgabenbescheid",
    "Grundsteuerbescheid",
    "Hundesteuerbescheid",
    "Steuerbescheid",
    "Stundung",
    "Ratenzahlung",
    "Vollstreckung",
    "Säumniszuschlag",
    "Erstattung",
    "Förderung",
    "Zuschuss",
    "Zuwendung",
    "Verwendungsnachweis",
    "Förderantrag",
    "Bauvoranfrage",
    "Nutzungsänderung",
    "Abbruch",
    "Baulast",
    "Grundstück",
    "Flurstück",
    "Gemarkung",
    "Vermessung",
    "Eigentümer",
    "Erbbaurecht",
    "Pachtvertrag",
    "Mietvertrag",
    "Kaufvertrag",
    "Straßenreinigung",
    "Winterdienst",
    "Müllabfuhr",
    "Abfallgebühren",
    "Straßenbeleuchtung",
    "Verkehrszeichen",
    "Parkausweis",
    "Anwohnerparken",
    "Ordnungswidrigkeit",
    "Bußgeld",
    "Verwarnung",
    "Anzeige",
    "Beschwerde",
    "Petition",
    "Bürgerversammlung",
    "Ortsbeirat",
    "Bürgermeister",
    "Magistrat",
    "Ausschuss",
    "Niederschrift",
    "Tagesordnung",
    "Einladung",
    "Haushaltsplan",
    "Jahresabschluss",
    "Prüfbericht",
    "Kassenprüfung",
    "Investition",
    "Kredit",
    "Rücklage",
    "Umlage",
    "Kreisumlage",
    "Schlüsselzuweisung",
    "Personal",
    "Stellenausschreibung",
    "Bewerbung",
    "Arbeitsvertrag",
    "Fortbildung",
    "Dienstreise",
    "Urlaubsantrag",
    "Krankmeldung",
    "Datenschutz",
    "Auskunft",
    "Akteneinsicht",
    "Informationsfreiheit",
    "Denkmalschutz",
    "Naturschutz",
    "Baumfällung",
    "Ausgleichsfläche",
    "Lärmschutz",
    "Immissionsschutz",
    "Altlasten",
    "Hochwasser",
    "Starkregen",
    "Brandschutz",
    "Rettungsweg",
    "Gefahrenabwehr",
    "Katastrophenschutz",
    "Impfung",
    "Hygiene",
    "Wohngeld",
    "Sozialhilfe",
    "Unterkunft",
    "Obdach",
    "Asyl",
    "Integration",
    "Jugendhilfe",
    "Seniorenarbeit",
    "Vereinsförderung",
    "Breitband",
    "Glasfaser",
    "Mobilfunk",
    "Photovoltaik",
    "Windkraft",
    "Wärmeplanung",
    "Klimaschutz",
    "Radweg",
    "Bushaltestelle",
]

ALLTAG = [
    "und",
    "mit",
    "für",
    "den",
    "die",
    "der",
    "das",
    "von",
    "zum",
    "zur",
    "ist",
    "wird",
    "wurde",
    "werden",
    "sind",
    "hat",
    "haben",
    "nach",
    "auf",
    "bei",
    "über",
    "unter",
    "wegen",
    "gemäß",
    "vom",
    "bis",
    "Herr",
    "Frau",
    "Sehr",
    "geehrte",
    "Damen",
    "Herren",
    "freundlichen",
    "Grüßen",
    "Bitte",
    "Unterlagen",
    "beigefügt",
    "vollständig",
    "prüfen",
    "Eingang",
    "bestätigen",
    "Termin",
    "vereinbaren",
    "Jahr",
    "Monat",
    "Woche",
    "heute",
    "morgen",
    "Betrag",
    "Euro",
    "Höhe",
    "Anlage",
    "Kopie",
    "Original",
    "Nachweis",
    "Bestätigung",
]

NACHNAMEN = tenancy_demo.NACHNAMEN
STRASSEN = [
    "Hauptstraße",
    "Lindenweg",
    "Bahnhofstraße",
    "Kirchgasse",
    "Schulstraße",
    "Am",
    "Markt",
    "Gartenweg",
]
TYPEN = [
    ("schreiben", 30),
    ("antrag", 20),
    ("bescheid", 15),
    ("vermerk", 10),
    ("email", 10),
    ("rechnung", 5),
    ("stellungnahme", 4),
    ("protokoll", 3),
    ("vertrag", 2),
    ("beschluss", 1),
]
HAEUFIG = "Gemeinde"  # put into ~85 % of the documents
DOKUMENTE_JE_VORGANG = 5
VORGAENGE_JE_AKTE = 4


def zipf_gewichte(n: int, s: float = 1.05) -> list[float]:
    return [1 / (r**s) for r in range(1, n + 1)]


class Generator:
    """Deterministic synthetic text: Zipf over the vocabulary, analysed once per word."""

    def __init__(self, seed: int = 7):
        self.rnd = random.Random(seed)
        self.woerter = FACHWOERTER + ALLTAG + NACHNAMEN + STRASSEN
        self.rnd.shuffle(self.woerter)  # mix everyday and domain words over the ranks
        self.cum = list(_kumuliert(zipf_gewichte(len(self.woerter))))
        self.tokens = {w: " ".join(analyse.tokens(w)) for w in self.woerter}
        self.typ_namen = [t for t, _ in TYPEN]
        self.typ_cum = list(_kumuliert([w for _, w in TYPEN]))

    def worte(self, n: int) -> list[str]:
        return self.rnd.choices(self.woerter, cum_weights=self.cum, k=n)

    def text(self, n: int) -> list[str]:
        worte = self.worte(n)
        if self.rnd.random() < 0.85:
            worte.insert(self.rnd.randrange(len(worte) + 1), HAEUFIG)
        return worte

    def typ(self) -> str:
        return self.rnd.choices(self.typ_namen, cum_weights=self.typ_cum, k=1)[0]

    def token_text(self, worte: list[str]) -> str:
        return " ".join(
            t for t in (self.tokens.get(w) or " ".join(analyse.tokens(w)) for w in worte) if t
        )


def _kumuliert(gewichte):
    summe = 0.0
    for g in gewichte:
        summe += g
        yield summe


# --- loading ------------------------------------------------------------------


def demo_verbund() -> None:
    tenancy_demo.load()
    records_demo.load()


def vorhanden() -> int:
    with owner_role(), scopes_disabled():
        return Suchindex.objects.count()


def loesche_korpus() -> None:
    with owner_role(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "TRUNCATE search_suchindex, records_version, records_dokument, "
                "records_freigabe, records_aktezugriff, records_vorgang, records_akte, "
                "records_aktenzeichenzaehler CASCADE"
            )
        else:
            for table in (
                "search_fts",
                "search_suchindex",
                "records_version",
                "records_dokument",
                "records_freigabe",
                "records_aktezugriff",
                "records_vorgang",
                "records_akte",
            ):
                cursor.execute(f"DELETE FROM {table}")


def kommunen_mit_anteil() -> list[tuple[Kommune, float]]:
    with owner_role(), scopes_disabled():
        kommunen = list(Kommune.objects.order_by("pk"))
    gesamt = sum(k.einwohner for k in kommunen)
    return [(k, k.einwohner / gesamt) for k in kommunen]


def _spalten(model) -> list[str]:
    return [f.column for f in model._meta.concrete_fields]


def _zeile(model, werte: dict) -> list:
    return [werte.get(f.attname) for f in model._meta.concrete_fields]


def lade(anzahl: int, gen: Generator) -> None:
    """Bulk-load Akten, Vorgänge, Dokumente and the index for `anzahl` Dokumente."""
    jetzt = timezone.now()
    # As the owner: on PostgreSQL the app role would see no Kommune's rows here.
    with owner_role(), scopes_disabled():
        einheiten = list(
            Aktenplaneinheit.objects.filter(kommune__isnull=True).values_list("pk", flat=True)
        )
        oes = {}
        for oe in Organisationseinheit.objects.all():
            oes.setdefault(oe.kommune_id, []).append(oe.pk)
        ersteller = {}
        for user in User.objects.filter(kommune__isnull=False, is_active=True):
            ersteller.setdefault(user.kommune_id, user.pk)
    tabellen: dict[type, list[list]] = {Akte: [], Vorgang: [], Dokument: [], Suchindex: []}
    fts: list[tuple[int, str, str, str]] = []
    tsv: list[str] = []
    akte_id = vorgang_id = dok_id = 0
    heute = datetime.date(2026, 11, 25)
    for kommune, anteil in kommunen_mit_anteil():
        n_dok = max(1, round(anzahl * anteil))
        n_vorgang = max(1, n_dok // DOKUMENTE_JE_VORGANG)
        n_akte = max(1, n_vorgang // VORGAENGE_JE_AKTE)
        akten = []
        for i in range(n_akte):
            akte_id += 1
            betreff = " ".join(gen.worte(3))
            akte = {
                "id": akte_id,
                "kommune_id": kommune.pk,
                "aktenplaneinheit_id": gen.rnd.choice(einheiten),
                "aktenzeichen": f"B-{i + 1}/2026",
                "betreff": betreff,
                "beschreibung": "",
                "federfuehrende_oe_id": gen.rnd.choice(oes[kommune.pk]),
                "vertraulich": gen.rnd.random() < 0.03,
                "status": "offen",
                "zda_am": None,
                "zda_verfuegung": "",
                "letzte_vorgang_nr": 0,
                "erstellt_von_id": ersteller[kommune.pk],
                "erstellt_am": jetzt,
                "geaendert_am": jetzt,
            }
            akten.append(akte)
            tabellen[Akte].append(akte)
        for _ in range(n_vorgang):
            akte = gen.rnd.choice(akten)
            akte["letzte_vorgang_nr"] += 1
            vorgang_id += 1
            tabellen[Vorgang].append(
                {
                    "id": vorgang_id,
                    "kommune_id": kommune.pk,
                    "akte_id": akte["id"],
                    "laufnr": akte["letzte_vorgang_nr"],
                    "aktenzeichen": f"{akte['aktenzeichen']}/{akte['letzte_vorgang_nr']}",
                    "betreff": " ".join(gen.worte(3)),
                    "beschreibung": "",
                    "bearbeiter_id": None,
                    "frist": None,
                    "status": "zda" if gen.rnd.random() < 0.2 else "offen",
                    "zda_am": None,
                    "zda_verfuegung": "",
                    "fruehere_aktenzeichen": "[]",
                    "erstellt_von_id": ersteller[kommune.pk],
                    "erstellt_am": jetzt,
                    "geaendert_am": jetzt,
                    "_akte": akte,
                }
            )
        vorgaenge = tabellen[Vorgang][-n_vorgang:]
        for _ in range(n_dok):
            vorgang = gen.rnd.choice(vorgaenge)
            akte = vorgang["_akte"]
            dok_id += 1
            titel_worte = gen.worte(4)
            text_worte = gen.text(gen.rnd.randint(40, 160))
            datum = heute - datetime.timedelta(days=gen.rnd.randint(0, 3650))
            typ = gen.typ()
            name = gen.rnd.choice(NACHNAMEN)
            dokument = {
                "id": dok_id,
                "kommune_id": kommune.pk,
                "vorgang_id": vorgang["id"],
                "titel": " ".join(titel_worte),
                "typ": typ,
                "richtung": "eingang",
                "absender": f"{name} GmbH",
                "empfaenger": "",
                "datum": datum,
                "erstellt_von_id": ersteller[kommune.pk],
                "erstellt_am": jetzt,
                "geaendert_am": jetzt,
            }
            tabellen[Dokument].append(dokument)
            volltext = " ".join(text_worte)
            eintrag = {
                "id": dok_id,
                "kommune_id": kommune.pk,
                "dokument_id": dok_id,
                "vorgang_id": vorgang["id"],
                "akte_id": akte["id"],
                "organisationseinheit_id": akte["federfuehrende_oe_id"],
                "aktenplaneinheit_id": akte["aktenplaneinheit_id"],
                "titel": dokument["titel"],
                "betreff": vorgang["betreff"],
                "akte_betreff": akte["betreff"],
                "aktenzeichen": vorgang["aktenzeichen"],
                "fruehere_aktenzeichen": "",
                "absender": dokument["absender"],
                "empfaenger": "",
                "typ": typ,
                "richtung": "eingang",
                "datum": datum,
                "status": vorgang["status"],
                "vertraulich": akte["vertraulich"],
                "volltext": volltext,
                "volltext_quelle": "text",
                "version_id": None,
                "aktualisiert_am": jetzt,
            }
            tabellen[Suchindex].append(eintrag)
            kopf_text = " ".join(
                [
                    dokument["titel"],
                    vorgang["betreff"],
                    akte["betreff"],
                    vorgang["aktenzeichen"],
                    dokument["absender"],
                ]
            )
            kopf = analyse.tokens(kopf_text)
            text = gen.token_text(text_worte).split()
            if connection.vendor == "postgresql":
                tsv.append(tsvector_literal(kopf, text))
            else:
                fts.append((dok_id, " ".join(kopf), " ".join(text), f"m{kommune.pk}"))
    _schreibe(tabellen, fts, tsv)


def _schreibe(tabellen, fts, tsv) -> None:
    with owner_role(), transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A benchmark database: no triggers or FK checks while loading.
            cursor.execute("SET LOCAL session_replication_role = replica")
            for model, zeilen in tabellen.items():
                spalten = _spalten(model)
                if model is Suchindex:
                    spalten = [*spalten, "suchvektor"]
                sql = f"COPY {model._meta.db_table} ({', '.join(spalten)}) FROM STDIN"
                with cursor.cursor.copy(sql) as copy:
                    for i, werte in enumerate(zeilen):
                        zeile = _zeile(model, werte)
                        if model is Suchindex:
                            zeile.append(tsv[i])
                        copy.write_row(zeile)
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{model._meta.db_table}', 'id'), "
                    f"(SELECT max(id) FROM {model._meta.db_table}))"
                )
            cursor.execute("ANALYZE")
            return
        cursor.execute("PRAGMA foreign_keys = OFF")
        for model, zeilen in tabellen.items():
            spalten = _spalten(model)
            platz = ", ".join(["%s"] * len(spalten))
            cursor.executemany(
                f"INSERT INTO {model._meta.db_table} ({', '.join(spalten)}) VALUES ({platz})",
                [_zeile(model, w) for w in zeilen],
            )
        cursor.executemany(
            "INSERT INTO search_fts (rowid, kopf, text, mandant) VALUES (%s, %s, %s, %s)", fts
        )
        cursor.execute("ANALYZE")


# --- queries --------------------------------------------------------------------


def anfragen(gen: Generator, anzahl: int) -> list[tuple[str, Suchanfrage]]:
    rnd = random.Random(11)
    fach = FACHWOERTER
    haeufig, mittel, selten = fach[:15], fach[15:80], fach[80:]
    gemischt = []
    for i in range(anzahl):
        art = i % 8
        if art == 0:
            gemischt.append(("ein Begriff, häufig", Suchanfrage(q=rnd.choice(haeufig))))
        elif art == 1:
            gemischt.append(("ein Begriff, selten", Suchanfrage(q=rnd.choice(selten))))
        elif art == 2:
            q = f"{rnd.choice(mittel)} {rnd.choice(mittel)}"
            gemischt.append(("zwei Begriffe", Suchanfrage(q=q)))
        elif art == 3:
            worte = gen.worte(2)
            gemischt.append(("Phrase", Suchanfrage(q=f'"{worte[0]} {worte[1]}"')))
        elif art == 4:
            wort = rnd.choice(fach)
            gemischt.append(("Präfix", Suchanfrage(q=wort[: rnd.randint(4, 6)] + "*")))
        elif art == 5:
            gemischt.append(
                (
                    "Teilwort (Kompositum)",
                    Suchanfrage(
                        q=rnd.choice(
                            [
                                "Anmeldung",
                                "Steuer",
                                "Bescheid",
                                "Genehmigung",
                                "Erlaubnis",
                                "Gebühren",
                            ]
                        )
                    ),
                )
            )
        elif art == 6:
            von = datetime.date(2026, 11, 25) - datetime.timedelta(days=rnd.randint(30, 900))
            gemischt.append(
                (
                    "mit Filtern",
                    Suchanfrage(
                        q=rnd.choice(mittel),
                        typ=rnd.choice(["antrag", "bescheid", "schreiben"]),
                        datum_von=von,
                        sortierung="datum",
                    ),
                )
            )
        else:
            gemischt.append((f"in ~85 % ({HAEUFIG})", Suchanfrage(q=HAEUFIG)))
    return gemischt


def perzentil(werte: list[float], p: float) -> float:
    werte = sorted(werte)
    k = max(0, min(len(werte) - 1, round(p / 100 * len(werte) + 0.5) - 1))
    return werte[k]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--dokumente", type=int, default=int(os.environ.get("BENCH_DOKUMENTE", 100_000))
    )
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--neu", action="store_true", help="reload the corpus")
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    demo_verbund()
    gen = Generator()
    if args.neu or vorhanden() != args.dokumente:
        loesche_korpus()
        start = time.perf_counter()
        lade(args.dokumente, gen)
        print(f"loaded {args.dokumente} Dokumente in {time.perf_counter() - start:.1f} s")
    with owner_role(), scopes_disabled():
        nutzer = [
            u
            for u in User.objects.filter(kommune__isnull=False, is_active=True).order_by("pk")
            if u.has_rolle(Rolle.SACHBEARBEITUNG)
        ]
    zeiten: dict[str, list[float]] = {}
    alle: list[float] = []
    treffer_summe = 0
    for i, (art, anfrage) in enumerate(anfragen(gen, args.queries)):
        user = nutzer[i % len(nutzer)]
        start = time.perf_counter()
        with kommune_scope(user.kommune_id):
            ergebnis = suche(user, anfrage)
        dauer = (time.perf_counter() - start) * 1000
        treffer_summe += ergebnis.gesamt
        zeiten.setdefault(art, []).append(dauer)
        alle.append(dauer)
    backend = connection.vendor
    print(
        f"search bench: backend={backend} dokumente={args.dokumente} queries={len(alle)} "
        f"kommunen=11 users={len(nutzer)} mean hits={treffer_summe / len(alle):.0f}"
    )
    print(
        f"  all: p50={perzentil(alle, 50):.1f} ms  p95={perzentil(alle, 95):.1f} ms  "
        f"p99={perzentil(alle, 99):.1f} ms  max={max(alle):.1f} ms"
    )
    for art, werte in zeiten.items():
        print(
            f"  {art:28} n={len(werte):3}  p50={statistics.median(werte):7.1f} ms  "
            f"p95={perzentil(werte, 95):7.1f} ms"
        )
    print(
        json.dumps(
            {
                "backend": backend,
                "dokumente": args.dokumente,
                "p50": round(perzentil(alle, 50), 1),
                "p95": round(perzentil(alle, 95), 1),
                "p99": round(perzentil(alle, 99), 1),
            }
        )
    )


if __name__ == "__main__":
    main()
