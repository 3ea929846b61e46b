"""Search benchmark: a synthetic German municipal corpus, 200 mixed queries, p50/p95/p99.

    python bench/search.py [--dokumente 100000] [--queries 200] [--neu] [--http]

Runs against the database of the environment (SQLite in AKTENBUND_DATA_DIR,
or PostgreSQL via DATABASE_URL and DATABASE_OWNER_URL — use a database of
its own; the owner loads the corpus, which needs a superuser: triggers are
off while loading). The demo Verbund
(eleven Kommunen, their OEs and users, the Verbund Aktenplan) is created
through the services; Akten, Vorgänge, Dokumente and the index rows are
bulk-loaded straight into the tables (COPY on PostgreSQL), with the index
tokens made by the same analysis (`search.analyse`) the services use. The
corpus is kept between runs of the same size (`--neu` reloads it).

Queries run through `search.services.suche` as Sachbearbeitung users of
different Kommunen, i.e. with the rights subquery, facets and snippets:
single terms (frequent, medium, rare; one that occurs in ~85 % of all
documents), two terms, phrases, prefixes, and terms with filters.

`--http` times the same queries end to end instead: `GET /api/v1/suche`
through gunicorn (the project's WSGI application, one worker process with
one thread, on loopback) from one keep-alive client, with a personal API
token of a Sachbearbeitung user of the largest Kommune (~30 % of the
Dokumente), 25 hits per page, relevance order — so the figures include
authentication, the database connection, serialisation and snippets. The
server gets the environment of this process (CONN_MAX_AGE=0 gives the old
connection per request). `--profil DATEI` runs the server under py-spy
(which must be on PATH) and writes its samples there (raw, collapsed stacks).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import http.client
import json
import multiprocessing
import operator
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aktenbund.settings")
os.environ.setdefault("SECRET_KEY", "bench-only")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, connections, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402

from aktenbund.errors import ValidationError  # noqa: E402
from aktenbund.records import demo as records_demo  # noqa: E402
from aktenbund.records.models import (  # noqa: E402
    Akte,
    Aktenplaneinheit,
    Dokument,
    Dokumenttyp,
    Vorgang,
)
from aktenbund.search import analyse  # noqa: E402
from aktenbund.search.models import Suchindex  # noqa: E402
from aktenbund.search.services import Suchanfrage, suche  # noqa: E402
from aktenbund.search.services.abfrage import parse  # noqa: E402
from aktenbund.search.services.index import (  # noqa: E402
    TEXT_ABSTAND,
    kopftext,
    tsvector_literal,
)
from aktenbund.tenancy import demo as tenancy_demo  # noqa: E402
from aktenbund.tenancy.db_role import owner_connection  # noqa: E402
from aktenbund.tenancy.models import Kommune, Organisationseinheit, Rolle, User  # noqa: E402
from aktenbund.tenancy.scope import kommune_scope  # noqa: E402
from aktenbund.tenancy.services import create_api_token, revoke_api_token  # noqa: E402

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
    """Deterministic synthetic text: Zipf over the vocabulary.

    The vocabulary is small, so every distinct word is analysed once
    (`wort_tokens`, memoised): stemming and decompounding cost nothing per
    Dokument. `kopf_tokens` rebuilds exactly `analyse.tokens(kopftext)` from
    the memoised words (the loader checks a sample against the real analysis).
    """

    def __init__(self, seed: int = 7):
        self.rnd = random.Random(seed)
        self.woerter = FACHWOERTER + ALLTAG + NACHNAMEN + STRASSEN
        self.rnd.shuffle(self.woerter)  # mix everyday and domain words over the ranks
        self.cum = list(_kumuliert(zipf_gewichte(len(self.woerter))))
        self._tokens: dict[str, tuple[str, str]] = {}
        self._strom: dict[str, str] = {}  # the vocabulary's words have no joined forms
        self._name: dict[str, str] = {}  # the same word as a name: never split
        self._normal: dict[str, str] = {}
        for wort in self.woerter:
            strom, verbunden = self.wort_tokens(wort)
            assert not verbunden, wort
            self._strom[wort] = strom
            self._normal[wort] = analyse.normalisiere(wort)
            self._name[wort] = " ".join(analyse.expandiere(self._normal[wort], True))
        self.typ_namen = [t for t, _ in TYPEN]
        self.typ_cum = list(_kumuliert([w for _, w in TYPEN]))

    def wort_tokens(self, wort: str) -> tuple[str, str]:
        """The stream and joined-form tokens of one raw word, space-separated (memoised)."""
        tokens = self._tokens.get(wort)
        if tokens is None:
            stream, verbunden = analyse.zerteile(wort)
            tokens = self._tokens[wort] = (" ".join(stream), " ".join(verbunden))
        return tokens

    def token_text(self, text: str) -> tuple[str, str]:
        """`analyse.zerteile(text)` joined (once per Vorgang: the names after
        "Herr" or "Frau" depend on the words before)."""
        stream, verbunden = analyse.zerteile(text)
        return " ".join(stream), " ".join(verbunden)

    def strom(self, worte: list[str]) -> str:
        """`analyse.folge` of vocabulary words written in a row, from the memoised
        words: a word after "Herr" or "Frau" is a name (`analyse.namen`)."""
        namen = analyse.namen([self._normal[w] for w in worte])
        tokens = ((self._name if i in namen else self._strom)[w] for i, w in enumerate(worte))
        return " ".join(filter(None, tokens))

    def worte(self, n: int) -> list[str]:
        return self.rnd.choices(self.woerter, cum_weights=self.cum, k=n)

    def text(self, n: int) -> list[str]:
        worte = self.worte(n)
        if self.rnd.random() < 0.85:
            worte.insert(self.rnd.randrange(len(worte) + 1), HAEUFIG)
        return worte

    def typ(self) -> str:
        return self.rnd.choices(self.typ_namen, cum_weights=self.typ_cum, k=1)[0]


def _kumuliert(gewichte):
    summe = 0.0
    for g in gewichte:
        summe += g
        yield summe


# --- loading ------------------------------------------------------------------

CHUNK = 20_000  # Dokumente generated and written at a time
TYP_LABEL = {k: str(v) for k, v in Dokumenttyp.choices}
# PostgreSQL builds the tsvector from our finished tokens with the `simple`
# configuration (no stemming, no stop words: it only splits at the spaces and
# numbers positions), so the server does the per-token work of
# `index.tsvector_literal`: head tokens weight A at 1…k, text tokens from
# k + TEXT_ABSTAND (`||` shifts its right operand behind the left one's last
# position; the placeholder lexeme makes the gap, stands for every
# `analyse.LUECKE` of the head and is deleted again), and
# the pairs of adjacent tokens from it as `schreibe_tokens` does. The loader
# verifies a sample against tsvector_literal.
LUECKE = "benchluecke"
PG_VEKTOR = (
    "ts_delete(setweight(to_tsvector('simple', kopf_tokens), 'A') "
    f"|| '{LUECKE}:{TEXT_ABSTAND - 1}'::tsvector || to_tsvector('simple', text_tokens), "
    f"'{LUECKE}')"
)


def demo_verbund() -> None:
    tenancy_demo.load()
    records_demo.load(akten=False)


def vorhanden() -> int:
    with owner_connection(), scopes_disabled():
        return Suchindex.objects.count()


def loesche_korpus() -> None:
    with owner_connection(), connection.cursor() as cursor:
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
    with owner_connection(), scopes_disabled():
        kommunen = list(Kommune.objects.order_by("pk"))
    gesamt = sum(k.einwohner for k in kommunen)
    return [(k, k.einwohner / gesamt) for k in kommunen]


def dokumente_je_kommune(anzahl: int) -> list[tuple[Kommune, int]]:
    """The corpus's Dokumente per Kommune, by population (rounded: the sum may
    differ from `anzahl` by a few)."""
    return [(k, max(1, round(anzahl * anteil))) for k, anteil in kommunen_mit_anteil()]


def _spalten(model) -> list[str]:
    return [f.column for f in model._meta.concrete_fields]


def _zeile(model, werte: dict) -> tuple:
    return tuple(werte.get(f.attname) for f in model._meta.concrete_fields)


class Korpus:
    """Akten and Vorgänge (kept in memory), then Dokumente streamed in chunks."""

    def __init__(self, anzahl: int, gen: Generator):
        self.anzahl = anzahl
        self.gen = gen
        self.jetzt = timezone.now()
        self.heute = datetime.date(2026, 11, 25)
        with owner_connection(), scopes_disabled():
            self.einheiten = list(
                Aktenplaneinheit.objects.filter(kommune__isnull=True).values_list("pk", flat=True)
            )
            self.oes: dict[int, list[int]] = {}
            for oe in Organisationseinheit.objects.order_by("pk"):
                self.oes.setdefault(oe.kommune_id, []).append(oe.pk)
            self.ersteller: dict[int, int] = {}
            for user in User.objects.filter(kommune__isnull=False, is_active=True).order_by("pk"):
                self.ersteller.setdefault(user.kommune_id, user.pk)
        self.akten: list[dict] = []
        self.vorgaenge: list[dict] = []
        self.plan: list[tuple[int, int, list[dict]]] = []  # (kommune, n_dok, Vorgänge)
        self._akten_und_vorgaenge()

    def _akten_und_vorgaenge(self) -> None:
        gen, jetzt = self.gen, self.jetzt
        for kommune, n_dok in dokumente_je_kommune(self.anzahl):
            n_vorgang = max(1, n_dok // DOKUMENTE_JE_VORGANG)
            n_akte = max(1, n_vorgang // VORGAENGE_JE_AKTE)
            akten = []
            for i in range(n_akte):
                akte = {
                    "id": len(self.akten) + 1,
                    "kommune_id": kommune.pk,
                    "aktenplaneinheit_id": gen.rnd.choice(self.einheiten),
                    "aktenzeichen": f"B-{i + 1}/2026",
                    "betreff": " ".join(gen.worte(3)),
                    "beschreibung": "",
                    "federfuehrende_oe_id": gen.rnd.choice(self.oes[kommune.pk]),
                    "vertraulich": gen.rnd.random() < 0.03,
                    "status": "offen",
                    "zda_am": None,
                    "zda_verfuegung": "",
                    "letzte_vorgang_nr": 0,
                    "erstellt_von_id": self.ersteller[kommune.pk],
                    "erstellt_am": jetzt,
                    "geaendert_am": jetzt,
                }
                akten.append(akte)
                self.akten.append(akte)
            vorgaenge = []
            for _ in range(n_vorgang):
                akte = gen.rnd.choice(akten)
                akte["letzte_vorgang_nr"] += 1
                vorgang = {
                    "id": len(self.vorgaenge) + 1,
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
                    "erstellt_von_id": self.ersteller[kommune.pk],
                    "erstellt_am": jetzt,
                    "geaendert_am": jetzt,
                    "_akte": akte,
                }
                vorgaenge.append(vorgang)
                self.vorgaenge.append(vorgang)
            self.plan.append((kommune.pk, n_dok, vorgaenge))

    @property
    def chunks(self) -> int:
        return -(-sum(n for _, n, _ in self.plan) // CHUNK)

    def chunk(self, nummer: int) -> list[tuple[tuple, tuple, str, str]]:
        """(Dokument row, Suchindex row, head tokens, text tokens) of one chunk.

        Each chunk draws from its own seeded generator, so the corpus is the
        same however many workers build it and in whatever order.
        """
        gen, jetzt = self.gen, self.jetzt
        gen.rnd = random.Random(1_000_003 * (nummer + 1))
        erster = nummer * CHUNK + 1
        letzter = erster + CHUNK - 1
        dok_zeile = operator.itemgetter(*(f.attname for f in Dokument._meta.concrete_fields))
        index_zeile = operator.itemgetter(*(f.attname for f in Suchindex._meta.concrete_fields))
        tok = gen.wort_tokens  # memoised per distinct word, name or date
        chunk: list[tuple[tuple, tuple, str, str]] = []
        dok_id = 0
        for kommune_id, n_dok, vorgaenge in self.plan:
            if dok_id + n_dok < erster or dok_id >= letzter:
                dok_id += n_dok
                continue
            for _ in range(n_dok):
                dok_id += 1
                if not erster <= dok_id <= letzter:
                    continue
                vorgang = gen.rnd.choice(vorgaenge)
                akte = vorgang["_akte"]
                titel_worte = gen.worte(4)
                titel = " ".join(titel_worte)
                text_worte = gen.text(gen.rnd.randint(40, 160))
                datum = self.heute - datetime.timedelta(days=gen.rnd.randint(0, 3650))
                typ = gen.typ()
                absender = f"{gen.rnd.choice(NACHNAMEN)} GmbH"
                werte = {
                    "id": dok_id,
                    "kommune_id": kommune_id,
                    "dokument_id": dok_id,
                    "vorgang_id": vorgang["id"],
                    "akte_id": akte["id"],
                    "organisationseinheit_id": akte["federfuehrende_oe_id"],
                    "aktenplaneinheit_id": akte["aktenplaneinheit_id"],
                    "titel": titel,
                    "betreff": vorgang["betreff"],
                    "akte_betreff": akte["betreff"],
                    "aktenzeichen": vorgang["aktenzeichen"],
                    "fruehere_aktenzeichen": "",
                    "absender": absender,
                    "empfaenger": "",
                    "typ": typ,
                    "richtung": "eingang",
                    "datum": datum,
                    "status": vorgang["status"],
                    "vertraulich": akte["vertraulich"],
                    "reihe": None,  # PostgreSQL: computed by the INSERT (triggers are off)
                    "volltext": " ".join(text_worte),
                    "volltext_quelle": "text",
                    "version_id": None,
                    "aktualisiert_am": jetzt,
                    "erstellt_von_id": self.ersteller[kommune_id],
                    "erstellt_am": jetzt,
                    "geaendert_am": jetzt,
                }
                # The fields of index.kopftext, in its order.
                vorgang_tokens = vorgang.get("_tokens")
                if vorgang_tokens is None:
                    vorgang_tokens = vorgang["_tokens"] = (
                        gen.token_text(vorgang["betreff"]),
                        gen.token_text(akte["betreff"]),
                        gen.token_text(vorgang["aktenzeichen"]),
                    )
                felder = (
                    *vorgang_tokens,
                    tok(absender),
                    tok(TYP_LABEL[typ]),
                    tok(datum.strftime("%d.%m.%Y")),
                )
                # analyse.tokens: the words of every field, then the joined forms.
                kopf = " ".join(
                    filter(
                        None,
                        (
                            gen.strom(titel_worte),
                            *(strom for strom, _ in felder),
                            *(verbunden for _, verbunden in felder),
                        ),
                    )
                )
                text = gen.strom(text_worte)
                chunk.append((dok_zeile(werte), index_zeile(werte), kopf, text))
        return chunk


def lade(anzahl: int, gen: Generator, jobs: int) -> None:
    """Bulk-load Akten, Vorgänge, Dokumente and the index for `anzahl` Dokumente."""
    uhr = Uhr()
    korpus = Korpus(anzahl, gen)
    uhr("Akten/Vorgänge")
    with owner_connection():
        if connection.vendor == "postgresql":
            _lade_postgresql(korpus, uhr, jobs)
        else:
            _lade_sqlite(korpus, uhr, jobs)
    _pruefe_stichprobe(gen)
    uhr("check")
    print(f"  load phases: {uhr}")


class Uhr:
    """Seconds per loading phase (printed at the end)."""

    def __init__(self):
        self.phasen: dict[str, float] = {}
        self._start = time.perf_counter()

    def __call__(self, phase: str) -> None:
        jetzt = time.perf_counter()
        self.phasen[phase] = self.phasen.get(phase, 0.0) + jetzt - self._start
        self._start = jetzt

    def __str__(self) -> str:
        return ", ".join(f"{k} {v:.1f} s" for k, v in self.phasen.items())


def _copy(cursor, table: str, spalten: list[str], zeilen) -> None:
    with cursor.cursor.copy(f"COPY {table} ({', '.join(spalten)}) FROM STDIN") as copy:
        for zeile in zeilen:
            copy.write_row(zeile)


_KORPUS: Korpus | None = None  # inherited by the forked workers


def _pool(jobs: int, korpus: Korpus):
    """Worker processes (fork) that share the Akten/Vorgänge already built."""
    global _KORPUS
    _KORPUS = korpus
    connections.close_all()  # every worker opens its own connection
    return multiprocessing.get_context("fork").Pool(jobs)


def _pg_sitzung(cursor) -> None:
    # A benchmark database: no triggers or FK checks while loading.
    cursor.execute("SET session_replication_role = replica")
    cursor.execute("SET temp_buffers = '256MB'")
    cursor.execute("SET synchronous_commit = off")


def _pg_chunk(nummer: int) -> tuple[float, float]:
    """Worker: generate one chunk and write it (COPY, tsvector in the server)."""
    start = time.perf_counter()
    chunk = _KORPUS.chunk(nummer)
    erzeugt = time.perf_counter()
    index_spalten = _spalten(Suchindex)
    spalten = ", ".join(index_spalten)
    with owner_connection(), connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('pg_temp.bench_index')")
        if cursor.fetchone()[0] is None:
            _pg_sitzung(cursor)
            cursor.execute(
                "CREATE TEMP TABLE bench_index AS SELECT * FROM search_suchindex WITH NO DATA"
            )
            cursor.execute("ALTER TABLE bench_index ADD kopf_tokens text, ADD text_tokens text")
        _copy(cursor, "records_dokument", _spalten(Dokument), (c[0] for c in chunk))
        _copy(
            cursor,
            "bench_index",
            [*index_spalten, "kopf_tokens", "text_tokens"],
            # analyse.LUECKE (a gap) is no word for to_tsvector: the placeholder
            # lexeme, deleted again, takes its position.
            ((*c[1], c[2].replace(analyse.LUECKE, LUECKE), c[3]) for c in chunk),
        )
        # Triggers are off while loading: `reihe` as the trigger would set it.
        werte = ", ".join(
            "aktenbund_suchreihe(datum, id)" if s == "reihe" else s for s in index_spalten
        )
        cursor.execute(
            f"INSERT INTO search_suchindex ({spalten}, suchvektor, paarvektor) "
            f"SELECT {werte}, v, aktenbund_wortpaare(v) "
            f"FROM (SELECT *, {PG_VEKTOR} AS v FROM bench_index) b"
        )
        cursor.execute("TRUNCATE bench_index")
    return erzeugt - start, time.perf_counter() - erzeugt


def _lade_postgresql(korpus: Korpus, uhr: Uhr, jobs: int) -> None:
    with connection.cursor() as cursor:
        indexe = _pg_vorbereiten(cursor, korpus)
    uhr("COPY Akten/Vorgänge")
    try:
        with _pool(jobs, korpus) as pool:
            zeiten = pool.map(_pg_chunk, range(korpus.chunks), chunksize=1)
    except BaseException:
        # A failed load must not leave the database without its indexes: the
        # next run would find none to drop and none to build again.
        with connection.cursor() as cursor:
            for _, definition in indexe:
                cursor.execute(definition)
        raise
    uhr(f"Dokumente ({jobs} workers)")
    with connection.cursor() as cursor:
        _pg_abschluss(cursor, indexe, uhr)
    print(
        f"  worker seconds: generate {sum(z[0] for z in zeiten):.1f} s, "
        f"COPY + tsvector + INSERT {sum(z[1] for z in zeiten):.1f} s"
    )


def _pg_vorbereiten(cursor, korpus: Korpus) -> list[tuple[str, str]]:
    _pg_sitzung(cursor)
    # Secondary indexes (not those of primary keys and unique constraints)
    # are dropped and built once at the end: much faster than row by row.
    cursor.execute(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "WHERE i.indrelid IN ('records_dokument'::regclass, 'search_suchindex'::regclass) "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)"
    )
    indexe = cursor.fetchall()
    for name, _ in indexe:
        cursor.execute(f"DROP INDEX {name}")
    for model, zeilen in ((Akte, korpus.akten), (Vorgang, korpus.vorgaenge)):
        _copy(cursor, model._meta.db_table, _spalten(model), (_zeile(model, z) for z in zeilen))
    return indexe


def _pg_abschluss(cursor, indexe: list[tuple[str, str]], uhr: Uhr) -> None:
    _pg_sitzung(cursor)
    cursor.execute("SET maintenance_work_mem = '512MB'")
    for _, definition in indexe:
        cursor.execute(definition)
    uhr("indexes")
    for model in (Akte, Vorgang, Dokument, Suchindex):
        table = model._meta.db_table
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
        )
    cursor.execute("SET session_replication_role = DEFAULT")
    for model in (Akte, Vorgang, Dokument, Suchindex):
        cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")
    uhr("VACUUM ANALYZE")


def _sqlite_chunk(nummer: int) -> list[tuple[tuple, tuple, str, str]]:
    return _KORPUS.chunk(nummer)


def _lade_sqlite(korpus: Korpus, uhr: Uhr, jobs: int) -> None:
    def insert(table: str, spalten: list[str], zeilen) -> None:
        platz = ", ".join(["%s"] * len(spalten))
        cursor.executemany(f"INSERT INTO {table} ({', '.join(spalten)}) VALUES ({platz})", zeilen)

    with connection.cursor() as cursor, transaction.atomic():
        for model, zeilen in ((Akte, korpus.akten), (Vorgang, korpus.vorgaenge)):
            insert(model._meta.db_table, _spalten(model), [_zeile(model, z) for z in zeilen])
    uhr("INSERT")
    mandant_spalte = [f.attname for f in Suchindex._meta.concrete_fields].index("kommune_id")
    # SQLite has one writer: workers generate, this process writes.
    with _pool(jobs, korpus) as pool, connection.cursor() as cursor:
        cursor.execute("PRAGMA foreign_keys = OFF")
        cursor.execute("PRAGMA synchronous = OFF")
        for chunk in pool.imap(_sqlite_chunk, range(korpus.chunks)):
            uhr("generate (waiting for workers)")
            with transaction.atomic():
                insert("records_dokument", _spalten(Dokument), [c[0] for c in chunk])
                insert("search_suchindex", _spalten(Suchindex), [c[1] for c in chunk])
                uhr("INSERT")
                insert(
                    "search_fts",
                    ["rowid", "kopf", "text", "mandant"],
                    [(c[1][0], c[2], c[3], f"m{c[1][mandant_spalte]}") for c in chunk],
                )
            uhr("FTS5")
        cursor.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")
        uhr("FTS5 optimize")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("ANALYZE")
        uhr("ANALYZE")


def _pruefe_stichprobe(gen: Generator, n: int = 200) -> None:
    """The loaded tokens equal what `search.services.index` writes, for a sample."""
    with owner_connection(), scopes_disabled(), connection.cursor() as cursor:
        hoechste = Suchindex.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        stichprobe = random.Random(3).sample(range(1, hoechste + 1), min(n, hoechste))
        eintraege = list(Suchindex.objects.filter(pk__in=stichprobe))
        for e in eintraege:
            kopf, text = analyse.tokens(kopftext(e)), analyse.tokens(e.volltext)
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT suchvektor = x.v AND paarvektor = aktenbund_wortpaare(x.v) "
                    "FROM search_suchindex, (SELECT %s::tsvector AS v) x WHERE id = %s",
                    [tsvector_literal(kopf, text), e.pk],
                )
            else:
                cursor.execute(
                    "SELECT kopf = %s AND text = %s FROM search_fts WHERE rowid = %s",
                    [" ".join(kopf), " ".join(text), e.pk],
                )
            if not cursor.fetchone()[0]:
                raise SystemExit(f"bench loader: tokens of Suchindex {e.pk} differ from index.py")


# --- queries --------------------------------------------------------------------


def anfragen(gen: Generator, anzahl: int) -> list[tuple[str, Suchanfrage]]:
    rnd = random.Random(11)
    gen.rnd = random.Random(13)  # the same queries whether or not the corpus was just loaded
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
            while True:  # two words side by side, not both stop words
                q = '"{} {}"'.format(*gen.worte(2))
                try:
                    parse(q)
                    break
                except ValidationError:
                    continue
            gemischt.append(("Phrase", Suchanfrage(q=q)))
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


# --- end to end: the API through gunicorn ---------------------------------------

SRC = Path(__file__).resolve().parent.parent / "src"
HTTP_PRO_SEITE = 25
HTTP_AUFWAERMEN = 5  # requests not counted: the worker's first ones load Django's lazy parts


def _freier_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _starte_server(port: int, profil: str | None) -> subprocess.Popen:
    """gunicorn with one worker and one thread (gthread: keeps the client's connection)."""
    server = [
        sys.executable,
        "-m",
        "gunicorn",
        "aktenbund.wsgi:application",
        "--workers=1",
        "--worker-class=gthread",
        "--threads=1",
        f"--bind=127.0.0.1:{port}",
        "--keep-alive=60",
        "--log-level=warning",
    ]
    befehl = server
    if profil:
        spy = shutil.which("py-spy")
        if spy is None:
            raise SystemExit("--profil needs py-spy on PATH (pip install py-spy)")
        # --idle: waits on the database count too (the client waits for them as well).
        befehl = [spy, "record", "--subprocesses", "--idle", "-f", "raw", "-r", "250"]
        befehl += ["-o", profil, "--", *server]
    umgebung = {**os.environ, "PYTHONPATH": str(SRC)}
    prozess = subprocess.Popen(befehl, env=umgebung, cwd=SRC.parent)
    ende = time.monotonic() + 60
    while time.monotonic() < ende:
        if prozess.poll() is not None:
            raise SystemExit(f"gunicorn ended with {prozess.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return prozess
        except OSError:
            time.sleep(0.2)
    prozess.terminate()
    raise SystemExit("gunicorn did not start within 60 s")


def _stoppe_server(prozess: subprocess.Popen) -> None:
    """SIGINT: gunicorn shuts down, and py-spy (when profiling) writes its samples."""
    prozess.send_signal(signal.SIGINT)
    try:
        prozess.wait(timeout=60)
    except subprocess.TimeoutExpired:
        prozess.kill()
        prozess.wait()


def http_anfrage(anfrage: Suchanfrage) -> Suchanfrage:
    """The query as the HTTP mode asks it: 25 hits per page, relevance order."""
    return dataclasses.replace(anfrage, pro_seite=HTTP_PRO_SEITE, sortierung="relevanz")


def _http_parameter(anfrage: Suchanfrage) -> str:
    werte = {"q": anfrage.q, "pro_seite": anfrage.pro_seite, "sortierung": anfrage.sortierung}
    if anfrage.typ:
        werte["typ"] = anfrage.typ
    if anfrage.datum_von:
        werte["datum_von"] = anfrage.datum_von.isoformat()
    return urlencode(werte)


def sachbearbeitung_der_groessten_kommune() -> User:
    """A Sachbearbeitung user of the Kommune with the most Dokumente (~30 %)."""
    kommune, _ = max(kommunen_mit_anteil(), key=operator.itemgetter(1))
    with owner_connection(), scopes_disabled():
        kandidaten = User.objects.filter(kommune=kommune, is_active=True).order_by("pk")
        return next(u for u in kandidaten if u.has_rolle(Rolle.SACHBEARBEITUNG))


def miss_http(
    gemischt: list[tuple[str, Suchanfrage]], profil: str | None
) -> tuple[dict[str, list[float]], int, User]:
    """Time every query as `GET /api/v1/suche` through gunicorn (milliseconds per kind)."""
    user = sachbearbeitung_der_groessten_kommune()
    token, klartext = create_api_token(user, "bench/search.py --http")
    port = _freier_port()
    server = _starte_server(port, profil)
    kopf = {"Authorization": f"Bearer {klartext}", "Accept": "application/json"}
    zeiten: dict[str, list[float]] = {}
    treffer_summe = 0
    try:
        client = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        aufwaermen = [("", Suchanfrage(q="Antrag"))] * HTTP_AUFWAERMEN
        for i, (art, anfrage) in enumerate([*aufwaermen, *gemischt]):
            start = time.perf_counter()
            client.request("GET", f"/api/v1/suche?{_http_parameter(anfrage)}", headers=kopf)
            antwort = client.getresponse()
            inhalt = antwort.read()
            dauer = (time.perf_counter() - start) * 1000
            if antwort.status != 200:
                raise SystemExit(f"{anfrage.q!r}: HTTP {antwort.status} {inhalt[:300]!r}")
            if antwort.will_close:
                raise SystemExit("the server closed the connection: no keep-alive")
            if i == 0:
                print(f"  first request (waits for the worker to start): {dauer:.0f} ms")
            if i >= HTTP_AUFWAERMEN:
                treffer_summe += json.loads(inhalt)["gesamt"]
                zeiten.setdefault(art, []).append(dauer)
        client.close()
    finally:
        _stoppe_server(server)
        revoke_api_token(user, token)
    return zeiten, treffer_summe, user


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--dokumente", type=int, default=int(os.environ.get("BENCH_DOKUMENTE", 100_000))
    )
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--neu", action="store_true", help="reload the corpus")
    parser.add_argument(
        "--http", action="store_true", help="end to end: GET /api/v1/suche through gunicorn"
    )
    parser.add_argument(
        "--profil", metavar="DATEI", help="with --http: py-spy samples of the server into DATEI"
    )
    parser.add_argument(
        "--jobs", type=int, default=os.cpu_count() or 1, help="worker processes for loading"
    )
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    demo_verbund()
    gen = Generator()
    if args.neu or vorhanden() != sum(n for _, n in dokumente_je_kommune(args.dokumente)):
        loesche_korpus()
        start = time.perf_counter()
        lade(args.dokumente, gen, max(1, args.jobs))
        print(f"loaded {args.dokumente} Dokumente in {time.perf_counter() - start:.1f} s")
    gemischt = anfragen(gen, args.queries)
    if args.http:
        gemischt = [(art, http_anfrage(anfrage)) for art, anfrage in gemischt]
        zeiten, treffer_summe, user = miss_http(gemischt, args.profil)
        wer = f"user={user.username} (Kommune {user.kommune_id}) pro_seite={HTTP_PRO_SEITE}"
    else:
        zeiten, treffer_summe, anzahl = miss_service(gemischt)
        wer = f"users={anzahl}"
    modus = "http" if args.http else "service"
    alle = [dauer for werte in zeiten.values() for dauer in werte]
    print(
        f"search bench ({modus}): backend={connection.vendor} dokumente={args.dokumente} "
        f"queries={len(alle)} kommunen=11 {wer} mean hits={treffer_summe / len(alle):.0f}"
    )
    drucke(zeiten)
    if args.http:
        # The same requests through the service alone, in this process: what
        # lies between the service and the wire is the difference.
        service, _, _ = miss_service(gemischt, [user])
        print("  the same through search.services.suche alone (same user, no HTTP):")
        drucke(service)
    print(
        json.dumps(
            {
                "backend": connection.vendor,
                "modus": modus,
                "dokumente": args.dokumente,
                "p50": round(perzentil(alle, 50), 1),
                "p95": round(perzentil(alle, 95), 1),
                "p99": round(perzentil(alle, 99), 1),
            }
        )
    )


def drucke(zeiten: dict[str, list[float]]) -> None:
    alle = [dauer for werte in zeiten.values() for dauer in werte]
    print(
        f"  all: p50={perzentil(alle, 50):.1f} ms  p95={perzentil(alle, 95):.1f} ms  "
        f"p99={perzentil(alle, 99):.1f} ms  max={max(alle):.1f} ms"
    )
    for art, werte in zeiten.items():
        print(
            f"  {art:28} n={len(werte):3}  p50={statistics.median(werte):7.1f} ms  "
            f"p95={perzentil(werte, 95):7.1f} ms  p99={perzentil(werte, 99):7.1f} ms"
        )


def miss_service(
    gemischt: list[tuple[str, Suchanfrage]], nutzer: list[User] | None = None
) -> tuple[dict[str, list[float]], int, int]:
    """Time every query through `search.services.suche`; by default as the
    Sachbearbeitung users of all Kommunen in turn. Given `nutzer`, each search
    gets the user freshly read, as a request does (nothing it remembered of
    the last search)."""
    frisch = nutzer is not None
    if nutzer is None:
        with owner_connection(), scopes_disabled():
            nutzer = [
                u
                for u in User.objects.filter(kommune__isnull=False, is_active=True).order_by("pk")
                if u.has_rolle(Rolle.SACHBEARBEITUNG)
            ]
    zeiten: dict[str, list[float]] = {}
    treffer_summe = 0
    for i, (art, anfrage) in enumerate(gemischt):
        user = nutzer[i % len(nutzer)]
        if frisch:
            user = User.objects.get(pk=user.pk)
        start = time.perf_counter()
        with kommune_scope(user.kommune_id):
            ergebnis = suche(user, anfrage)
        zeiten.setdefault(art, []).append((time.perf_counter() - start) * 1000)
        treffer_summe += ergebnis.gesamt
    return zeiten, treffer_summe, len(nutzer)


if __name__ == "__main__":
    main()
