""" "Meinten Sie …?": corrected queries for a search that found nothing.

A typed word that is no word of the user's Kommune (`Suchwort`, the
vocabulary of its indexed Dokumente) is replaced by the most similar words
of that vocabulary: trigram similarity as pg_trgm computes it — on
PostgreSQL by pg_trgm's index (search migration 0011), on SQLite in Python
over the words of the same first letter and about the same length. The
vocabulary holds words of every Akte of the Kommune, vertrauliche too, so a
corrected query is offered only after the search itself, run for this user,
found at least one Dokument the user may open: a suggestion never tells of
an Akte the user may not read, nor of another Kommune's words.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, transaction

from aktenbund.search import analyse, lexikon
from aktenbund.search.services.abfrage import Abfrage, parse
from aktenbund.tenancy.models import User

MAX_VORSCHLAEGE = 3
KANDIDATEN_JE_WORT = 4
MAX_PRUEFUNGEN = 6  # corrected queries searched at most (each is one search)
MIN_AEHNLICHKEIT = 0.35
LAENGE_SPIELRAUM = 2  # candidates differ in length by at most this


@dataclass(frozen=True)
class Vorschlag:
    q: str  # the corrected query, to run as it is
    anzahl: int  # Dokumente it finds for the user (up to the search's cap)
    gesamt_genau: bool


def trigramme(wort: str) -> set[str]:
    """pg_trgm's trigrams of one word: padded with two spaces before, one after."""
    gepolstert = f"  {wort} "
    return {gepolstert[i : i + 3] for i in range(len(gepolstert) - 2)}


def aehnlichkeit(a: str, b: str) -> float:
    """pg_trgm's `similarity`: shared trigrams over all trigrams of both words."""
    ta, tb = trigramme(a), trigramme(b)
    return len(ta & tb) / len(ta | tb) if ta or tb else 0.0


def _bekannt(kommune_id: int, woerter: list[str]) -> set[str]:
    platz = ", ".join(["%s"] * len(woerter))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT wort FROM search_suchwort WHERE kommune_id = %s AND wort IN ({platz})",
            [kommune_id, *woerter],
        )
        return {row[0] for row in cursor.fetchall()}


def aehnliche_woerter(kommune_id: int, wort: str) -> list[str]:
    """The Kommune's words most similar to `wort` (normalised), best first.

    Both backends take the words of the same first letter (a typo rarely
    hits it) and about the same length, with pg_trgm's similarity.
    """
    naehe = [
        wort[0],
        wort[0] + "\U0010ffff",
        len(wort) - LAENGE_SPIELRAUM,
        len(wort) + LAENGE_SPIELRAUM,
    ]
    bereich = "wort >= %s AND wort < %s AND length(wort) BETWEEN %s AND %s"
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT set_config('pg_trgm.similarity_threshold', %s, true)",
                [str(MIN_AEHNLICHKEIT)],
            )
            cursor.execute(
                "SELECT wort FROM search_suchwort WHERE kommune_id = %s AND wort %% %s "
                f"AND {bereich} ORDER BY similarity(wort, %s) DESC, wort LIMIT %s",
                [kommune_id, wort, *naehe, wort, KANDIDATEN_JE_WORT],
            )
            return [row[0] for row in cursor.fetchall()]
        # SQLite has no trigram index: the similarity of each word in Python.
        cursor.execute(
            f"SELECT wort FROM search_suchwort WHERE kommune_id = %s AND {bereich}",
            [kommune_id, *naehe],
        )
        bewertet = [(aehnlichkeit(wort, w), w) for (w,) in cursor.fetchall()]
    bewertet = [(a, w) for a, w in bewertet if a >= MIN_AEHNLICHKEIT]
    bewertet.sort(key=lambda aw: (-aw[0], aw[1]))
    return [w for _, w in bewertet[:KANDIDATEN_JE_WORT]]


def _schreibweise(wort: str, getippt: str) -> str:
    """A vocabulary word (lower case) written as the user wrote the typed word:
    capitalised when it was, or when the lexicon knows it as a noun."""
    return wort.capitalize() if getippt[:1].isupper() or lexikon.ist_nomen(wort) else wort


def vorschlaege_fuer(
    user: User,
    q: str,
    abfrage: Abfrage,
    suche_q: Callable[[str], tuple[int, bool]],
) -> list[Vorschlag]:
    """Corrected versions of `q` that find something for `user`, best first.

    `suche_q(q)` runs the search for the user with a corrected query and
    returns (Dokumente found, count exact). Only single words (no phrase,
    prefix or exclusion) that are no word of the Kommune are corrected.
    """
    if not user.kommune_id:
        return []
    falsch: dict[str, str] = {}  # typed term → its normalised word
    for begriff in abfrage.positive:
        woerter = analyse.WORT.findall(analyse.normalisiere(begriff.roh))
        if begriff.praefix or len(woerter) != 1 or not analyse.SUCHWORT.fullmatch(woerter[0]):
            continue
        falsch[begriff.roh] = woerter[0]
    if falsch:
        bekannt = _bekannt(user.kommune_id, list(falsch.values()))
        falsch = {roh: wort for roh, wort in falsch.items() if wort not in bekannt}
    if not falsch:
        return []
    kandidaten = [
        [(roh, _schreibweise(k, roh)) for k in aehnliche_woerter(user.kommune_id, wort)]
        for roh, wort in falsch.items()
    ]
    vorschlaege: list[Vorschlag] = []
    for ersetzungen in itertools.islice(itertools.product(*kandidaten), MAX_PRUEFUNGEN):
        neu = _ersetze(q, ersetzungen)
        if parse(neu).leer:
            continue
        anzahl, genau = suche_q(neu)
        if anzahl:
            vorschlaege.append(Vorschlag(neu, anzahl, genau))
        if len(vorschlaege) == MAX_VORSCHLAEGE:
            break
    return vorschlaege


def _ersetze(q: str, ersetzungen: tuple[tuple[str, str], ...]) -> str:
    """`q` with each typed term replaced by its correction (whole terms only)."""
    teile = q.split()
    for roh, ersatz in ersetzungen:
        teile = [ersatz if teil == roh else teil for teil in teile]
    return " ".join(teile)
