"""The search: one service, two database plans, rights inside the query.

`suche(user, anfrage)` runs one SQL statement that
1. finds the matching index rows — on SQLite FTS-first: the FTS5 MATCH
   (tenant included as a token of the `mandant` column) is a MATERIALIZED
   CTE joined with CROSS JOIN, so SQLite's planner cannot start from the
   tenant filter (measured 10–10 000× slower); on PostgreSQL through the
   Kommune's RUM index, newest first, or along the date index (see below);
2. keeps only rows the user may open — the rules of
   `records.services.zugriff` (own Kommune: not vertraulich or on the access
   list; active Freigaben of an Akte or a Vorgang) as subqueries on the live
   records tables inside the same statement, so no page is ever filtered
   afterwards and a Freigabe or access change counts at once;
3. applies the filters, keeps the newest ZAEHL_CAP + 1 rows (`basis`), and
   from them returns the facet counts and one page, ranked by relevance
   (only the newest RANG_CAP candidates are ranked when there are more:
   ranking a term found in most of a Kommune's documents would otherwise
   cost a second) or by date.
"""

from __future__ import annotations

import bisect
import datetime
import html
import itertools
import math
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import NamedTuple

from django.db import connection, transaction
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django_scopes import scopes_disabled

from aktenbund.eingaben import check_daten
from aktenbund.errors import NotFound, ValidationError
from aktenbund.records.models import Aktenplaneinheit, Aktenstatus, Dokumenttyp
from aktenbund.records.services.aktenplan_tree import aktenplan_for, descendants
from aktenbund.records.services.zugriff import (
    empfangene_freigaben,
    gesperrte_akten,
    oe_ids,
    personen,
)
from aktenbund.search import analyse
from aktenbund.search.models import Suchindex
from aktenbund.search.services.abfrage import (
    Abfrage,
    fts5_match,
    kandidaten_tsquery,
    parse,
    tsquery,
)
from aktenbund.search.services.vorschlaege import Vorschlag, vorschlaege_fuer
from aktenbund.tenancy.models import Organisationseinheit, User

ZAEHL_CAP = 1_000
RANG_CAP = 1_000
MAX_PRO_SEITE = 100
FACETTE_MAX = 15  # values shown per facet
SORTIERUNGEN = ("relevanz", "datum")
SNIPPET_WOERTER = 30
SNIPPET_MAX_WOERTER = 5_000  # words of a text scanned for the snippet


@dataclass(frozen=True)
class Suchanfrage:
    q: str = ""
    organisationseinheit_id: int | None = None
    aktenplaneinheit_id: int | None = None
    typ: str = ""
    datum_von: datetime.date | None = None
    datum_bis: datetime.date | None = None
    status: str = ""
    vertraulich: bool | None = None
    sortierung: str = "relevanz"
    seite: int = 1
    pro_seite: int = 20


@dataclass
class Treffer:
    eintrag: Suchindex
    titel_html: SafeString
    snippet_html: SafeString

    @property
    def dokument_id(self) -> int:
        return self.eintrag.dokument_id


@dataclass
class Facettenwert:
    wert: str
    label: str
    anzahl: int


@dataclass
class Suchergebnis:
    anfrage: Suchanfrage
    treffer: list[Treffer]
    gesamt: int
    gesamt_genau: bool
    facetten: dict[str, list[Facettenwert]] = field(default_factory=dict)
    # "Meinten Sie …?" when nothing was found (`vorschlaege.vorschlaege_fuer`)
    vorschlaege: list[Vorschlag] = field(default_factory=list)

    @property
    def seiten(self) -> int:
        return max(1, -(-self.gesamt // self.anfrage.pro_seite))


# --- validation ----------------------------------------------------------------


def pruefe(anfrage: Suchanfrage) -> None:
    errors: dict[str, str] = {}
    if anfrage.typ and anfrage.typ not in Dokumenttyp.values:
        errors["typ"] = "Unbekannter Dokumenttyp."
    if anfrage.status and anfrage.status not in Aktenstatus.values:
        errors["status"] = "Bitte „offen“ oder „zda“ wählen."
    if anfrage.sortierung not in SORTIERUNGEN:
        errors["sortierung"] = "Bitte nach Relevanz oder Datum sortieren."
    if anfrage.datum_von and anfrage.datum_bis and anfrage.datum_von > anfrage.datum_bis:
        errors["datum_bis"] = "Das Ende liegt vor dem Anfang."
    # Far-out dates are typing errors, and `datum_bis + 1 day` overflows at 9999-12-31.
    errors.update(check_daten(datum_von=anfrage.datum_von, datum_bis=anfrage.datum_bis))
    if not 1 <= anfrage.pro_seite <= MAX_PRO_SEITE:
        errors["pro_seite"] = f"Zwischen 1 und {MAX_PRO_SEITE}."
    if anfrage.seite < 1 or anfrage.seite * anfrage.pro_seite > ZAEHL_CAP + anfrage.pro_seite:
        errors["seite"] = "Diese Seite gibt es nicht; bitte die Suche eingrenzen."
    if errors:
        raise ValidationError("Die Suche ist so nicht möglich.", errors)


# --- SQL --------------------------------------------------------------------------


def _kommunen(user: User) -> list[int]:
    """The user's Kommune and every Kommune that granted the user something."""
    with scopes_disabled():
        fremde = set(empfangene_freigaben(user).values_list("kommune_id", flat=True))
    return [user.kommune_id, *sorted(fremde - {user.kommune_id})]


def _sql(query) -> tuple[str, list]:
    sql, params = query.get_compiler(connection=connection).as_sql()
    return sql, list(params)


# Building and compiling the three querysets costs ~5 ms a search on a slow
# machine; their SQL depends only on the key below, so it is made once per key.
_rechte_sql_cache: dict[tuple, list[tuple[str, list]]] = {}
RECHTE_SQL_CACHE_MAX = 1_000


def _rechte_sql(user: User) -> list[tuple[str, list]]:
    """SQL and parameters of three id lists: the gesperrte Akten (own Kommune),
    the Akten and the Vorgänge granted by an active Freigabe (a Freigabe
    names exactly one of them). Only the SQL is remembered; the lists are
    read live by every search."""
    key = (
        connection.vendor,
        user.kommune_id,
        tuple(personen(user)),
        tuple(oe_ids(user)),
        timezone.localdate(),
    )
    teile = _rechte_sql_cache.get(key)
    if teile is None:
        with scopes_disabled():
            freigaben = empfangene_freigaben(user).order_by()
            teile = [
                _sql(gesperrte_akten(user).query),
                _sql(freigaben.filter(akte__isnull=False).values("akte_id").query),
                _sql(freigaben.filter(vorgang__isnull=False).values("vorgang_id").query),
            ]
        if len(_rechte_sql_cache) >= RECHTE_SQL_CACHE_MAX:
            _rechte_sql_cache.clear()
        _rechte_sql_cache[key] = teile
    return teile


def _rechte_teile(user: User) -> list[tuple[str, list]]:
    """The rights of `records.services.zugriff` as alternative conditions on index rows `s`.

    The same rules as `lesbare_vorgaenge`, written set-based with the tenant
    first so that each alternative is one cheap plan on its own:
    1. own Kommune, except the vertrauliche Akten whose access list lacks the
       user (a short list: the Kommune's vertrauliche Akten, read live from
       records_akte, so a changed flag or access list counts at once);
    2. Akten granted by an active Freigabe; 3. Vorgänge granted by one.
    The generic `lesbare_vorgaenge` queryset scans every Kommune's Vorgänge
    through their row-level policies (0.7 s at 100 000 Dokumente);
    tests/search proves both give the same Dokumente.
    """
    (
        (gesperrt_sql, gesperrt_params),
        (akten_sql, akten_params),
        (vorgaenge_sql, vorgaenge_params),
    ) = _rechte_sql(user)
    return [
        (
            f"s.kommune_id = %s AND s.akte_id NOT IN ({gesperrt_sql})",
            [user.kommune_id, *gesperrt_params],
        ),
        (f"s.akte_id IN ({akten_sql})", akten_params),
        (f"s.vorgang_id IN ({vorgaenge_sql})", vorgaenge_params),
    ]


def _aktenplan_ids(user: User, einheit_id: int) -> list[int]:
    with scopes_disabled():
        sichtbar = aktenplan_for(user.kommune_id)
        if not sichtbar.filter(pk=einheit_id).exists():
            raise NotFound("Diese Aktenplaneinheit gibt es nicht.")
        return [einheit_id, *(e.pk for e in descendants({einheit_id}, sichtbar))]


# The filters as SQL conditions on `s` and their parameters.
Filter = tuple[list[str], list]


def _filter_sql(user: User, anfrage: Suchanfrage) -> Filter:
    where: list[str] = []
    params: list = []
    if anfrage.organisationseinheit_id:
        with scopes_disabled():
            eigene = Organisationseinheit.objects.filter(
                pk=anfrage.organisationseinheit_id, kommune_id=user.kommune_id
            ).exists()
        if not eigene:
            raise NotFound("Diese Organisationseinheit gibt es nicht.")
        where.append("s.kommune_id = %s AND s.organisationseinheit_id = %s")
        params += [user.kommune_id, anfrage.organisationseinheit_id]
    if anfrage.aktenplaneinheit_id:
        ids = _aktenplan_ids(user, anfrage.aktenplaneinheit_id)
        where.append(f"s.aktenplaneinheit_id IN ({', '.join(['%s'] * len(ids))})")
        params += ids
    if anfrage.typ:
        where.append("s.typ = %s")
        params.append(anfrage.typ)
    if anfrage.status:
        where.append("s.status = %s")
        params.append(anfrage.status)
    if anfrage.vertraulich is not None:
        where.append("s.vertraulich = %s")
        params.append(anfrage.vertraulich)
    if anfrage.datum_von:
        where.append("s.datum >= %s")
        params.append(anfrage.datum_von)
    if anfrage.datum_bis:
        where.append("s.datum <= %s")
        params.append(anfrage.datum_bis)
    return where, params


BASIS_SPALTEN = (
    "s.id, s.datum, s.kommune_id, s.typ, s.status, s.vertraulich, "
    "s.organisationseinheit_id, s.aktenplaneinheit_id"
)
NEUESTE = "ORDER BY s.datum DESC, s.id DESC"


class _Zeile(NamedTuple):
    """One match of `basis`: what the facets and the page need (a plain tuple:
    a search turns up to 1 001 rows into these)."""

    id: int
    datum: datetime.date
    kommune_id: int
    typ: str
    status: str
    vertraulich: bool
    organisationseinheit_id: int
    aktenplaneinheit_id: int
    score: float  # smaller is better (PostgreSQL: -ts_rank, SQLite: bm25)


def _basis(
    user: User, anfrage: Suchanfrage, abfrage: Abfrage, filter_sql: Filter, cursor
) -> list[_Zeile]:
    """The newest ZAEHL_CAP + 1 matches the user may open, newest first."""
    if connection.vendor == "postgresql":
        return _basis_pg(user, anfrage, abfrage, filter_sql, cursor)
    return _basis_sqlite(user, abfrage, filter_sql, cursor)


def _basis_sqlite(user: User, abfrage: Abfrage, filter_sql: Filter, cursor) -> list[_Zeile]:
    """FTS-first, forced by MATERIALIZED and CROSS JOIN (SQLite's own order was
    10–10 000× slower); the rights as one condition of alternatives."""
    kommunen = _kommunen(user)
    filter_where, filter_params = filter_sql
    teile = _rechte_teile(user)
    rechte = " OR ".join(f"({teil})" for teil, _ in teile)
    where = [f"({rechte})", *filter_where]
    params = [p for _, teil_params in teile for p in teil_params] + filter_params
    grenze = f"{NEUESTE} LIMIT {ZAEHL_CAP + 1}"
    if abfrage.leer:
        k_platz = ", ".join(["%s"] * len(kommunen))
        sql = (
            f"SELECT {BASIS_SPALTEN}, 0 FROM search_suchindex s "
            f"WHERE s.kommune_id IN ({k_platz}) AND {' AND '.join(where)} {grenze}"
        )
        cursor.execute(sql, [*kommunen, *params])
    else:
        sql = (
            "WITH fts AS MATERIALIZED (SELECT rowid AS id, bm25(search_fts, 4.0, 1.0, 0.0) "
            "AS score FROM search_fts WHERE search_fts MATCH %s) "
            f"SELECT {BASIS_SPALTEN}, fts.score FROM fts CROSS JOIN search_suchindex s "
            f"ON s.id = fts.id WHERE {' AND '.join(where)} {grenze}"
        )
        cursor.execute(sql, [fts5_match(abfrage, kommunen), *params])
    # SQLite gives the Datum as text where it cannot tell the column's type.
    return [
        _Zeile(i, datetime.date.fromisoformat(d) if isinstance(d, str) else d, *rest)
        for i, d, *rest in cursor.fetchall()
    ]


# PostgreSQL: the Kommune's own matches, newest first. A term's matches come
# ordered by Datum out of the Kommune's RUM index (search migration 0006):
# `reihe <=| bound` reads them newest first, below `bound`, and stops after
# the thousandth. For a term in most documents that index first collects and
# sorts every match (270 000 for "Gemeinde": 300 ms); walking the date index
# and testing each row finds its thousand newest after ~1 200 rows. So the
# search measures instead of guessing: it walks the newest ERSTE_SCHEIBE rows
# of the Kommune (a few milliseconds), which finds every match of a common
# term and tells the share of matches. A common term (WANDERN_AB) goes on
# walking; any other continues through the RUM index below the slice. Without
# a search term (filters only) the rest is read in date slices sized by the
# share found, through whatever index the filters offer. Slices cover the
# date axis without gap or overlap (the first has no upper, the last no lower
# bound), so the result is exactly that of one statement.
ERSTE_SCHEIBE = 1_200
WANDERN_AB = 0.2  # share of matches above which walking the date index is cheaper (measured)
# The RUM order starts below this bound when the slice has no upper one; far
# enough ahead for any Datum, near enough that `reihe` distances stay exact
# in the float8 that RUM's distance operator returns.
REIHE_HORIZONT = datetime.date(2200, 1, 1)
TAGE_GUELTIG_SEKUNDEN = 600
# For the search's transaction: JIT compiling these statements costs seconds
# and saves nothing; a bitmap of a common term (100 000 rows) must stay exact,
# or every row of its pages is tested again (the default 4 MB made it lossy).
SUCHE_EINSTELLUNGEN = {"jit": "off", "work_mem": "32MB"}


@dataclass(frozen=True)
class _Tage:
    """A Kommune's index rows per Datum, newest first: dates and running totals."""

    daten: list[datetime.date]
    summen: list[int]  # rows dated on or after daten[i]


_tage_cache: dict[tuple[str, int], tuple[float, _Tage]] = {}

# The planner's statistics of the index table (ANALYZE keeps them current):
# share of each Kommune, and the Datum distribution (most common dates and an
# equal-height histogram of the rest). Through a function: `pg_stats` hides a
# table under row-level security from the app role (search migration 0004).
STATISTIK_SQL = "SELECT * FROM aktenbund_suchindex_statistik()"


def _liste(text: str | None) -> list[str]:
    return text.strip("{}").split(",") if text else []


def _tage(cursor, kommune_id: int) -> _Tage:
    """About how many of the Kommune's rows lie on or after each date, newest first.

    Estimated from PostgreSQL's statistics (no scan; cached for a few
    minutes), assuming the Kommunen share one Datum distribution. Only the
    slice sizes depend on it: a wrong estimate costs time, never a result.
    Without statistics (a new table) the search takes one unbounded slice.
    """
    key = (str(connection.settings_dict.get("NAME")), kommune_id)
    jetzt = time.monotonic()
    gemerkt = _tage_cache.get(key)
    if gemerkt and jetzt - gemerkt[0] < TAGE_GUELTIG_SEKUNDEN:
        return gemerkt[1]
    cursor.execute(STATISTIK_SQL)
    zeile = cursor.fetchone()
    tage = _Tage([], [])
    if zeile and zeile[0] and zeile[0] > 0 and zeile[5]:
        gesamt, k_werte, k_anteile, d_werte, d_anteile, grenzen = zeile
        anteil_kommune = dict(zip(_liste(k_werte), k_anteile or [], strict=False)).get(
            str(kommune_id), 0.0
        )
        zeilen = gesamt * anteil_kommune
        haeufig = {
            datetime.date.fromisoformat(d): a
            for d, a in zip(_liste(d_werte), d_anteile or [], strict=False)
        }
        bounds = [datetime.date.fromisoformat(g) for g in _liste(grenzen)]
        rest = max(0.0, 1.0 - sum(haeufig.values()))
        je_eimer = rest / max(1, len(bounds) - 1)
        # P(datum >= bound) at every histogram bound, newest first.
        anteile_ab: list[tuple[datetime.date, float]] = []
        for i in range(len(bounds) - 1, -1, -1):
            eimer = je_eimer * (len(bounds) - 1 - i)
            mcv = sum(a for d, a in haeufig.items() if d >= bounds[i])
            anteile_ab.append((bounds[i], eimer + mcv))
        tage = _Tage([d for d, _ in anteile_ab], [max(1, round(a * zeilen)) for _, a in anteile_ab])
    _tage_cache[key] = (jetzt, tage)
    return tage


class _Scheiben:
    """Date slices over a Kommune's rows within the Datum filters, newest first."""

    def __init__(self, tage: _Tage, anfrage: Suchanfrage):
        self.tage = tage
        ordnung = [-d.toordinal() for d in tage.daten]  # ascending for bisect
        self.anfang = (
            bisect.bisect_left(ordnung, -anfrage.datum_bis.toordinal()) if anfrage.datum_bis else 0
        )
        self.ende = (
            bisect.bisect_right(ordnung, -anfrage.datum_von.toordinal())
            if anfrage.datum_von
            else len(ordnung)
        )
        self.sockel = tage.summen[self.anfang - 1] if self.anfang else 0
        self.naechster = self.anfang  # index of the newest date not yet covered

    def weiter(self, zeilen: float) -> tuple[datetime.date | None, datetime.date | None, int]:
        """The next slice holding about `zeilen` rows counted from the first:
        (lower bound incl. or None, upper bound excl. or None, rows covered)."""
        oben = self.tage.daten[self.naechster - 1] if self.naechster > self.anfang else None
        if math.isinf(zeilen):
            i = self.ende
        else:
            i = bisect.bisect_left(self.tage.summen, self.sockel + zeilen, lo=self.naechster)
        if i >= self.ende - 1:
            self.naechster = self.ende
            gesamt = self.tage.summen[self.ende - 1] if self.ende > 0 else 0
            return None, oben, gesamt - self.sockel
        self.naechster = i + 1
        return self.tage.daten[i], oben, self.tage.summen[i] - self.sockel


def _basis_pg(
    user: User, anfrage: Suchanfrage, abfrage: Abfrage, filter_sql: Filter, cursor
) -> list[_Zeile]:
    filter_where, filter_params = filter_sql
    treffer_where: list[str] = [*filter_where]
    treffer_params: list = [*filter_params]
    score, score_params = "0", []
    if not abfrage.leer:
        treffer_where.insert(0, "s.suchvektor @@ %s::tsquery")
        treffer_params.insert(0, tsquery(abfrage))
        if anfrage.sortierung == "relevanz":
            score, score_params = "-ts_rank(s.suchvektor, %s::tsquery)", [tsquery(abfrage)]
    # Phrases: the pairs' RUM index finds the candidates by the token pairs at
    # the phrase's word boundaries (the indexes keep no positions), the exact
    # query is tested on each one read. The function form keeps the exact
    # test out of the index; walking the date index, it also keeps the
    # planner from reading the RUM index unordered by all the phrase's words.
    kandidaten = None if abfrage.leer else kandidaten_tsquery(abfrage)
    wander_treffer_where = rum_treffer_where = treffer_where
    rum_treffer_params = treffer_params
    if kandidaten is not None:
        exakt = "ts_match_vq(s.suchvektor, %s::tsquery)"
        wander_treffer_where = [exakt, *treffer_where[1:]]
        bedingungen, rum_treffer_params = [], []
        if kandidaten.paare is not None:
            # The pairs' index is partial on this condition (search migration 0008).
            bedingungen.append("s.paarvektor IS NOT NULL AND s.paarvektor @@ %s::tsquery")
            rum_treffer_params.append(kandidaten.paare)
        if kandidaten.woerter is not None:
            bedingungen.append("s.suchvektor @@ %s::tsquery")
            rum_treffer_params.append(kandidaten.woerter)
        rum_treffer_where = [" AND ".join([*bedingungen, exakt]), *treffer_where[1:]]
        rum_treffer_params += treffer_params
    elif any(begriff.praefix for begriff in abfrage.positive):
        # The planner cannot estimate a prefix's matches (beyond the most
        # common lexemes of its statistics it guesses a handful), so for the
        # first slice it read the RUM index unordered: every match of the
        # prefix, then the date filter (`Mam*` at 1 M: 10 622 rows read,
        # 10 513 discarded, 24 ms). In the function form the walk stays on the
        # date index, bounded by the slice there (~1 200 rows, a few ms).
        wander_treffer_where = ["ts_match_vq(s.suchvektor, %s::tsquery)", *treffer_where[1:]]
    spalten = f"{BASIS_SPALTEN}, {score}"
    rechte = _rechte_listen(user, cursor, SUCHE_EINSTELLUNGEN)
    bedarf = ZAEHL_CAP + 1

    def lies(
        where: list[str],
        params: list,
        limit: int,
        plan: str,
        oben: datetime.date | None = None,
    ) -> list[_Zeile]:
        # The plan is ours to choose (see above): the planner's estimates for
        # a date range walked or read through an index were often off by
        # 3-10x either way. `plan` is "wandern" (date index, row by row),
        # "rum" (the Kommune's RUM index in Datum order, below `oben`) or
        # "bitmap" (any index the filters offer, then a sort).
        schalter = {
            "wandern": ["enable_bitmapscan"],
            "rum": ["enable_bitmapscan", "enable_sort"],
            "bitmap": ["enable_indexscan"],
        }[plan]
        ordnung, ordnung_params = NEUESTE, []
        if plan == "rum":
            # The bounds as conditions of the index, too: it then collects and
            # orders only the matches within them.
            if oben is None and anfrage.datum_bis:
                oben = anfrage.datum_bis + datetime.timedelta(days=1)
            ordnung = "ORDER BY s.reihe <=| (aktenbund_suchreihe(%s::date, 0) - 1)"
            ordnung_params = [oben or REIHE_HORIZONT]
            where = [*where, "s.reihe < aktenbund_suchreihe(%s::date, 0)"]
            params = [*params, oben or REIHE_HORIZONT]
            if anfrage.datum_von:
                where.append("s.reihe >= aktenbund_suchreihe(%s::date, 0)")
                params.append(anfrage.datum_von)
        # Switches off, the statement, switches on: one round trip (three
        # statements in one string; Django's psycopg binds parameters on the
        # client, so the server gets them as one simple query).
        aus_sql, aus_params = _einstellungen_sql(dict.fromkeys(schalter, "off"))
        ein_sql, ein_params = _einstellungen_sql(dict.fromkeys(schalter, "on"))
        cursor.execute(
            f"{aus_sql}; SELECT {spalten} FROM search_suchindex s "
            f"WHERE {' AND '.join(where)} {ordnung} LIMIT {limit}; {ein_sql}",
            [*aus_params, *score_params, *params, *ordnung_params, *ein_params],
        )
        cursor.nextset()
        return list(map(_Zeile._make, cursor.fetchall()))

    eigene_where = [
        "s.kommune_id = %s",
        "NOT (s.akte_id = ANY(%s::bigint[]))",
        *wander_treffer_where,
    ]
    eigene_params = [user.kommune_id, rechte.gesperrte_akten, *treffer_params]
    rum_where = [*eigene_where[:2], *rum_treffer_where]
    rum_params = [*eigene_params[:2], *rum_treffer_params]
    basis: list[_Zeile] = []
    scheiben = _Scheiben(_tage(cursor, user.kommune_id), anfrage)
    ziel: float = ERSTE_SCHEIBE
    # Without statistics (a new table) the first slice would be all rows.
    plan = "rum" if not scheiben.tage.daten and not abfrage.leer else "wandern"
    if plan == "rum":
        ziel = math.inf
    while True:
        unten, oben, abgedeckt = scheiben.weiter(ziel)
        if plan == "rum":
            where, params = list(rum_where), list(rum_params)
        else:
            where, params = list(eigene_where), list(eigene_params)
        if unten is not None:
            where.append("s.datum >= %s")
            params.append(unten)
        if oben is not None:
            where.append("s.datum < %s")
            params.append(oben)
        # Each slice reads its own snapshot: a row whose Datum was just edited
        # into an earlier slice must not count twice.
        gesehen = {z.id for z in basis}
        neu = lies(where, params, bedarf - len(basis), plan, oben)
        basis += [z for z in neu if z.id not in gesehen]
        if unten is None or len(basis) >= bedarf:
            break
        anteil = len(basis) / max(abgedeckt, 1)
        if anteil >= WANDERN_AB:
            ziel = math.inf  # walk on to the end: about (bedarf - found) / anteil rows
        elif not abfrage.leer:
            ziel, plan = math.inf, "rum"
        elif anteil == 0:
            ziel, plan = math.inf, "bitmap"  # a rare filter: all its rows at once
        else:
            ziel = abgedeckt + max(abgedeckt, 1.25 * (bedarf - len(basis)) / anteil)
            plan = "bitmap"
    fremde: dict[int, _Zeile] = {}
    for spalte, ids in (("akte_id", rechte.akten), ("vorgang_id", rechte.vorgaenge)):
        if ids:
            where = [f"s.{spalte} = ANY(%s::bigint[])", *treffer_where]
            for zeile in lies(where, [ids, *treffer_params], bedarf, "bitmap"):
                fremde[zeile.id] = zeile
    if fremde:
        basis = sorted([*basis, *fremde.values()], key=_neueste_zuerst)[:bedarf]
    return basis


def _einstellungen_sql(werte: dict[str, str]) -> tuple[str, list]:
    """SET LOCAL of several settings as one SELECT (SQL and parameters)."""
    return (
        "SELECT " + ", ".join(["set_config(%s, %s, true)"] * len(werte)),
        [p for name, wert in werte.items() for p in (name, wert)],
    )


def _neueste_zuerst(zeile: _Zeile) -> tuple[int, int]:
    return (-zeile.datum.toordinal(), -zeile.id)


@dataclass(frozen=True)
class _RechteListen:
    gesperrte_akten: list[int]  # own vertrauliche Akten whose access list lacks the user
    akten: list[int]  # Akten of other Kommunen granted by an active Freigabe
    vorgaenge: list[int]  # Vorgänge granted by one


def _rechte_listen(user: User, cursor, einstellungen: dict[str, str]) -> _RechteListen:
    """The rights of `records.services.zugriff` as three short id lists (PostgreSQL plan).

    Read once per search in one round trip, so each slice tests a constant
    list instead of running the subqueries again; the same round trip sets
    `einstellungen` for the rest of the transaction.
    """
    teile = _rechte_sql(user)
    setzen, setzen_params = _einstellungen_sql(einstellungen)
    cursor.execute(
        setzen + "".join(f", ARRAY({sql})" for sql, _ in teile),
        [*setzen_params, *(p for _, params in teile for p in params)],
    )
    gesperrt, akten, vorgaenge = cursor.fetchone()[-3:]
    return _RechteListen(gesperrt, sorted(set(akten)), sorted(set(vorgaenge)))


def _seite(anfrage: Suchanfrage, abfrage: Abfrage, basis: list[_Zeile]) -> list[int]:
    offset = (anfrage.seite - 1) * anfrage.pro_seite
    if anfrage.sortierung == "relevanz" and not abfrage.leer:
        # Only the newest RANG_CAP candidates are ranked: ranking a term found in
        # most of a Kommune's documents would otherwise cost a second.
        kandidaten = sorted(basis[:RANG_CAP], key=lambda z: (z.score, -z.datum.toordinal(), -z.id))
    else:
        kandidaten = basis
    return [z.id for z in kandidaten[offset : offset + anfrage.pro_seite]]


def _facetten(user: User, basis: list[_Zeile]) -> dict[str, dict[str, int]]:
    zaehler: dict[str, Counter] = {
        "typ": Counter(z.typ for z in basis),
        "status": Counter(z.status for z in basis),
        "vertraulich": Counter("1" if z.vertraulich else "0" for z in basis),
        "organisationseinheit": Counter(
            str(z.organisationseinheit_id) for z in basis if z.kommune_id == user.kommune_id
        ),
        "aktenplaneinheit": Counter(str(z.aktenplaneinheit_id) for z in basis),
    }
    # The largest values only: a list of 300 Aktenplaneinheiten helps nobody
    # narrow a search, and each shown value needs its label read.
    return {art: dict(werte.most_common(FACETTE_MAX)) for art, werte in zaehler.items() if werte}


# --- results ------------------------------------------------------------------------


@lru_cache(maxsize=100_000)
def _wort_tokens(wort: str) -> tuple[tuple[str, ...], str]:
    normal = analyse.normalisiere(wort)
    return analyse.expandiere(normal), analyse.falte(normal)


def _wort_trifft(wort: str, ganze: frozenset[str], praefixe: tuple[str, ...]) -> bool:
    tokens, gefaltet = _wort_tokens(wort)
    if not ganze.isdisjoint(tokens):
        return True
    return any(t.startswith(p) for p in praefixe for t in (*tokens, gefaltet))


def hervorheben(
    text: str, abfrage: Abfrage, *, ausschnitt: bool, gemerkt: dict[str, bool] | None = None
) -> SafeString:
    """HTML-escaped text with the hits in <mark>; a window around the best hits if asked.

    `gemerkt`: word → hit, shared by the calls for one result page.
    """
    ganze, praefixe = abfrage.treffer_tokens()
    gemerkt = {} if gemerkt is None else gemerkt
    # The words as strings first (in C), no further than the last one scanned
    # (a text may hold 2 000 000 characters); offsets only for the words shown.
    letztes_gelesen = next(
        itertools.islice(analyse.woerter(text), SNIPPET_MAX_WOERTER - 1, None), None
    )
    worte = analyse.WORT.findall(text, 0, letztes_gelesen.end() if letztes_gelesen else len(text))
    treffer = []
    for i, wort in enumerate(worte):
        trifft = gemerkt.get(wort)
        if trifft is None:
            trifft = gemerkt[wort] = _wort_trifft(wort, ganze, praefixe)
        if trifft:
            treffer.append(i)
    erstes, letztes = 0, len(worte) - 1
    if ausschnitt:
        if not worte:
            return mark_safe("")
        if treffer:
            # The hit that starts the window with the most hits (treffer is sorted).
            best = max(
                enumerate(treffer),
                key=lambda k_i: (
                    bisect.bisect_left(treffer, k_i[1] + SNIPPET_WOERTER) - k_i[0],
                    -k_i[0],
                ),
            )[1]
            erstes = max(0, best - 5)
        letztes = min(len(worte), erstes + SNIPPET_WOERTER) - 1
    spannen = [m.span() for m in itertools.islice(analyse.woerter(text), erstes, letztes + 1)]
    start_char = spannen[0][0] if ausschnitt else 0
    end_char = spannen[-1][1] if ausschnitt else len(text)
    # Escaped in runs between the hits: escaping is per character, so this
    # equals escaping word by word, at a fraction of the calls.
    teile = ["… " if ausschnitt and start_char > 0 else ""]
    pos = start_char
    for nummer in treffer:
        if nummer < erstes:
            continue
        if nummer > letztes:
            break
        anfang, ende = spannen[nummer - erstes]
        teile.append(html.escape(text[pos:anfang]))
        teile.append(f"<mark>{html.escape(text[anfang:ende])}</mark>")
        pos = ende
    teile.append(html.escape(text[pos:end_char]))
    if ausschnitt and end_char < len(text):
        teile.append(" …")
    return mark_safe(" ".join("".join(teile).split()))  # every part escaped above


def _namen(user: User, oe_ids: list[int], ape_ids: list[int]) -> dict[str, dict[str, str]]:
    """Labels of the shown OEs (own Kommune) and Aktenplaneinheiten, in one round trip
    (at most FACETTE_MAX ids each; two ORM queries cost ~4 ms a search)."""
    teile: list[str] = []
    params: list = []
    if oe_ids:
        platz = ", ".join(["%s"] * len(oe_ids))
        teile.append(
            "SELECT 'organisationseinheit', id, kurzzeichen, name "
            f"FROM {Organisationseinheit._meta.db_table} "
            f"WHERE kommune_id = %s AND id IN ({platz})"
        )
        params += [user.kommune_id, *oe_ids]
    if ape_ids:
        platz = ", ".join(["%s"] * len(ape_ids))
        teile.append(
            "SELECT 'aktenplaneinheit', id, kennzeichen, titel "
            f"FROM {Aktenplaneinheit._meta.db_table} WHERE id IN ({platz})"
        )
        params += ape_ids
    namen: dict[str, dict[str, str]] = {"organisationseinheit": {}, "aktenplaneinheit": {}}
    if teile:
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(teile), params)
            for art, pk, kurz, name in cursor.fetchall():
                namen[art][str(pk)] = f"{kurz} {name}"
    return namen


def _labels(user: User, facetten: dict[str, dict[str, int]]) -> dict[str, list[Facettenwert]]:
    labels: dict[str, dict[str, str]] = {
        "typ": {k: str(v) for k, v in Dokumenttyp.choices},
        "status": {k: str(v) for k, v in Aktenstatus.choices},
        "vertraulich": {"1": "vertraulich", "0": "nicht vertraulich"},
    }
    labels.update(
        _namen(
            user,
            [int(k) for k in facetten.get("organisationseinheit", {})],
            [int(k) for k in facetten.get("aktenplaneinheit", {})],
        )
    )
    result: dict[str, list[Facettenwert]] = {}
    for art, werte in facetten.items():
        eintraege = [
            Facettenwert(wert, labels.get(art, {}).get(wert, "andere Kommune"), n)
            for wert, n in werte.items()
        ]
        result[art] = sorted(eintraege, key=lambda f: (-f.anzahl, f.label))
    return result


def suche(user: User, anfrage: Suchanfrage, *, vorschlagen: bool = True) -> Suchergebnis:
    """Search what `user` may open; ValidationError (field errors) for bad input.

    Runs inside the user's Kommune scope (request middleware, or
    `kommune_scope`): on PostgreSQL the row-level policies then fence the
    same rows a second time. When nothing is found, `vorschlaege` holds
    corrected queries that find something for the user ("Meinten Sie …?").
    """
    pruefe(anfrage)
    abfrage = parse(anfrage.q)
    if not user.is_authenticated or not user.kommune_id:
        return Suchergebnis(anfrage, [], 0, True, {})
    # Before the transaction: a filter naming an unknown OE or Aktenplaneinheit
    # is NotFound, which the page shows as a form error and goes on querying.
    filter_sql = _filter_sql(user, anfrage)
    # No savepoint of its own inside the request's transaction (two round
    # trips): from here on only the database can fail, and then the request does.
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        basis = _basis(user, anfrage, abfrage, filter_sql, cursor)
    facetten = _facetten(user, basis)
    gesamt = len(basis)
    seite_ids = _seite(anfrage, abfrage, basis)
    with scopes_disabled():
        eintraege = {e.pk: e for e in Suchindex.objects.filter(pk__in=seite_ids)}
    treffer = []
    gemerkt: dict[str, bool] = {}
    for pk in seite_ids:
        eintrag = eintraege.get(pk)
        if eintrag is None:
            continue
        snippet_quelle = eintrag.volltext or f"{eintrag.betreff} · {eintrag.akte_betreff}"
        treffer.append(
            Treffer(
                eintrag,
                hervorheben(eintrag.titel, abfrage, ausschnitt=False, gemerkt=gemerkt),
                hervorheben(snippet_quelle, abfrage, ausschnitt=True, gemerkt=gemerkt),
            )
        )
    vorschlaege: list[Vorschlag] = []
    if vorschlagen and not gesamt and abfrage.positive and anfrage.seite == 1:

        def suche_q(q: str) -> tuple[int, bool]:
            probe = suche(user, replace(anfrage, q=q, pro_seite=1), vorschlagen=False)
            return probe.gesamt, probe.gesamt_genau

        vorschlaege = vorschlaege_fuer(user, anfrage.q, abfrage, suche_q)
    return Suchergebnis(
        anfrage,
        treffer,
        min(gesamt, ZAEHL_CAP),
        gesamt <= ZAEHL_CAP,
        _labels(user, facetten),
        vorschlaege,
    )
