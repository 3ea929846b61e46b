"""German text analysis: the one token stream both database backends index.

Every word goes through the same steps, at index time and at query time:

1. Unicode NFKC, casefold (ß → ss), diacritics other than umlauts removed;
2. German stop words (PostgreSQL's/Snowball's list, shipped in data/) dropped;
3. decompounding (`zerlege`): a compound is split into known words by the
   frequency method of Koehn & Knight (2003) over wordfreq's German word
   list, with the usual Fugenelemente (-s-, -es-, -n-, -en-, -e-, -er-,
   -ens-) on the modifiers;
4. the Snowball German stemmer (PyStemmer, the same algorithm as
   PostgreSQL's `german` dictionary), then umlauts folded (ä → a …), so that
   "Anträge" and "Antrag" share the stem "antrag".

A compound is indexed as itself followed by every contiguous run of its
parts, longest first ("Hundesteuerbescheid" → hundesteuerbescheid,
hundesteu, hund, steuerbescheid, steu, bescheid): "Hundesteuer",
"Bescheid" and "Steuerbescheid" all find it, and phrases over the word
still line up because the query is expanded the same way.

Both backends receive the finished tokens (SQLite FTS5 as space-separated
text, PostgreSQL as a tsvector built with explicit positions), so neither
database's own parser or stemmer can make them disagree.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import Stemmer

WORT = re.compile(r"[^\W_]+")
MAX_WORTLAENGE = 100  # longer "words" (hashes, garbage) are not indexed

# Decompounding limits: parts of at least 3 letters, words of at least 7,
# at most 4 parts; a modifier or head rarer than MIN_FREQ (wordfreq units,
# about Zipf 3) is no evidence.
MIN_TEIL = 3
MIN_WORT = 7
MAX_TEILE = 4
MIN_FREQ = 5e-7
FUGEN = ("s", "es", "n", "en", "e", "er", "ens")
# Derivational suffixes are no parts of their own ("Satz|ung").
KEINE_TEILE = frozenset(
    [
        "ung",
        "heit",
        "keit",
        "schaft",
        "ling",
        "nis",
        "tum",
        "ion",
        "lich",
        "isch",
        "bar",
        "sam",
        "haft",
        "los",
        "chen",
        "lein",
        "ei",
    ]
)
# After these endings the linking -s- is the rule ("Ordnung-s-amt"); after
# others a trailing s more likely starts the head ("Hunde|steuer", not "Hundes|teuer").
S_FUGE_NACH = ("ung", "heit", "keit", "schaft", "ion", "tät", "ling", "tum", "at", "ts")

_UMLAUTE = str.maketrans({"ä": "a", "ö": "o", "ü": "u"})
_stemmer = Stemmer.Stemmer("german")


@cache
def stopwoerter() -> frozenset[str]:
    path = Path(__file__).with_name("data") / "german_stop.txt"
    return frozenset(normalisiere(w) for w in path.read_text("utf-8").split())


@cache
def _frequenzen() -> dict[str, float]:
    from wordfreq import get_frequency_dict

    return get_frequency_dict("de", wordlist="large")


def normalisiere(text: str) -> str:
    """Casefolded text without diacritics except the German umlauts."""
    text = unicodedata.normalize("NFKC", text).casefold()
    if text.isascii():
        return text
    zerlegt = unicodedata.normalize("NFD", text)
    ohne = "".join(
        c
        for i, c in enumerate(zerlegt)
        if not unicodedata.combining(c)
        or (c == "\u0308" and i and zerlegt[i - 1] in "aou")  # keep ä ö ü
    )
    return unicodedata.normalize("NFC", ohne)


def stamm(wort: str) -> str:
    """Snowball German stem of one normalised word, umlauts folded."""
    return _stemmer.stemWord(wort).translate(_UMLAUTE)


def falte(wort: str) -> str:
    """A normalised word with umlauts folded (for prefixes, which are not stemmed)."""
    return wort.translate(_UMLAUTE)


def _teil_frequenz(teil: str, kopf: bool) -> float:
    if teil in stopwoerter() or teil in KEINE_TEILE:
        return 0.0  # "des", "der", "bei" are not parts of compounds
    freq = _frequenzen()
    best = freq.get(teil, 0.0)
    if not kopf:
        for fuge in FUGEN:
            if teil.endswith(fuge) and len(teil) - len(fuge) >= MIN_TEIL:
                best = max(best, freq.get(teil[: -len(fuge)], 0.0))
    return best if best >= MIN_FREQ else 0.0


@lru_cache(maxsize=200_000)
def _zerlegungen(rest: str, tiefe: int) -> tuple[tuple[tuple[str, ...], float], ...]:
    """All splits of `rest` into known parts: (parts, sum of log frequencies)."""
    found: list[tuple[tuple[str, ...], float]] = []
    kopf = _teil_frequenz(rest, kopf=True)
    if kopf:
        found.append(((rest,), math.log(kopf)))
    if tiefe < MAX_TEILE:
        for i in range(MIN_TEIL, len(rest) - MIN_TEIL + 1):
            links = _teil_frequenz(rest[:i], kopf=False)
            if not links:
                continue
            for teile, log_summe in _zerlegungen(rest[i:], tiefe + 1):
                found.append(((rest[:i], *teile), math.log(links) + log_summe))
    return tuple(found)


@lru_cache(maxsize=200_000)
def zerlege(wort: str) -> tuple[str, ...]:
    """The parts of a normalised compound, or (wort,) when it is none.

    Among the splits into known parts, the one with the fewest parts wins,
    then the highest geometric mean of the parts' corpus frequencies (Koehn &
    Knight); it must beat the whole word's own frequency, so "Bescheid" stays
    whole and "Gewerbeanmeldung" splits. Each part is split again by the
    same rule ("Grundsteuer|bescheid" → grund, steuer, bescheid).
    """
    if len(wort) < MIN_WORT or not wort.isalpha():
        return (wort,)
    ganz = _frequenzen().get(wort, 0.0)
    best: tuple[str, ...] = (wort,)
    best_key: tuple[int, int, float] = (0, 0, -math.inf)
    for teile, log_summe in _zerlegungen(wort, 1):
        if len(teile) < 2:
            continue
        mittel = log_summe / len(teile)
        if ganz and mittel <= math.log(ganz):
            continue
        zweifel = sum(1 for t in teile[:-1] if t.endswith("s") and not t[:-1].endswith(S_FUGE_NACH))
        key = (-len(teile), -zweifel, mittel)
        if len(best) == 1 or key > best_key:
            best, best_key = teile, key
    if len(best) == 1:
        return best
    return tuple(t for teil in best for t in zerlege(teil))


@lru_cache(maxsize=200_000)
def expandiere(wort: str) -> tuple[str, ...]:
    """The index tokens of one normalised word: the whole stem, then its part runs.

    Runs are ordered by start, longest first, so the sequence starts with the
    whole word and ends with the head; phrases across the word still match.
    """
    if wort in stopwoerter():
        return ()
    teile = zerlege(wort)
    if len(teile) == 1:
        return (stamm(wort),)
    tokens = [stamm(wort)]
    for start in range(len(teile)):
        for ende in range(len(teile), start, -1):
            if start == 0 and ende == len(teile):
                continue
            tokens.append(stamm("".join(teile[start:ende])))
    return tuple(dict.fromkeys(tokens))


def woerter(text: str) -> Iterator[re.Match[str]]:
    """The words of a (raw) text with their offsets."""
    return WORT.finditer(text)


# Words joined by hyphens ("Bau-Antrag", "Hunde-Steuer-Bescheid").
BINDESTRICH_WORT = re.compile(r"[^\W_]+(?:-[^\W_]+)+")


def tokens(text: str) -> list[str]:
    """The index token stream of a text.

    A hyphenated compound is indexed as the joined word first (with its
    parts), then its words as written ("Bau-Antrag" → bauantrag, bau, antrag,
    bau, antrag), so a query for the
    compound needs only its own token (see `analysiere_wort`) and a phrase
    over the words still lines up.
    """
    normal = normalisiere(text)
    verbunden = {m.start(): m.group() for m in BINDESTRICH_WORT.finditer(normal)}
    result: list[str] = []
    for match in WORT.finditer(normal):
        if match.start() in verbunden:
            ganz = verbunden[match.start()].replace("-", "")
            if len(ganz) <= MAX_WORTLAENGE:
                result.extend(expandiere(ganz))
        if len(match.group()) <= MAX_WORTLAENGE:
            result.extend(expandiere(match.group()))
    return result


# --- query terms ------------------------------------------------------------


@dataclass(frozen=True)
class Begriff:
    """One analysed query term.

    `alternativen`: token sequences, any of which matches (a sequence of more
    than one token is a phrase). A compound "Hundesteuer" gives
    [("hundesteu",), ("hund", "steu")]: the word itself, or its parts side by
    side. `praefix` marks the last token as a prefix.

    `paare`: for a phrase (or a prefix after words), the two tokens that meet
    at each boundary between its words: the last token of one word and the
    first of the next. PostgreSQL indexes every pair of adjacent tokens as a
    lexeme of its own (search migration 0008), so a phrase finds its
    candidates as exactly as a rare word.
    """

    alternativen: tuple[tuple[str, ...], ...]
    praefix: bool = False
    ausschliessen: bool = False
    roh: str = ""
    paare: tuple[tuple[str, str], ...] = ()

    @property
    def treffer_tokens(self) -> frozenset[str]:
        return frozenset(t for alt in self.alternativen for t in alt)


def analysiere_wort(wort: str) -> tuple[tuple[str, ...], ...]:
    """Alternatives for a single normalised word typed in a query: its whole stem.

    The whole stem is indexed for the word itself, for every longer compound
    containing it and for its hyphenated spelling (`tokens`). Its parts as a
    phrase ("bau antrag") would find only two separate words in addition, and
    that alternative made the query test every document holding both parts
    (the parts of a compound are common words: 400 000 of 1 000 000 documents).
    """
    expansion = expandiere(wort)
    if not expansion:
        return ()
    return ((expansion[0],),)


def _folge(woerter_: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """The token sequence of words in a row, and the token pairs at their boundaries."""
    folge: list[str] = []
    paare: list[tuple[str, str]] = []
    for wort in woerter_:
        tokens = expandiere(wort)
        if tokens and folge:
            paare.append((folge[-1], tokens[0]))
        folge.extend(tokens)
    return folge, paare


def analysiere_begriff(roh: str, *, phrase: bool, praefix: bool, ausschliessen: bool) -> Begriff:
    """Turn one typed term (a word, a "phrase", a prefix*) into its token alternatives."""
    woerter_ = [w for w in WORT.findall(normalisiere(roh)) if len(w) <= MAX_WORTLAENGE]
    if praefix and woerter_:
        # The prefix itself is not stemmed (a cut word has no ending), only folded.
        *vorne, letztes = woerter_
        folge, paare = _folge(vorne)
        praefix_token = falte(letztes)
        kurz = stamm(letztes)
        if praefix_token.startswith(kurz):
            praefix_token = kurz
        if folge:
            paare.append((folge[-1], praefix_token))
        return Begriff(((*folge, praefix_token),), True, ausschliessen, roh, tuple(paare))
    if not phrase and len(woerter_) == 1:
        return Begriff(analysiere_wort(woerter_[0]), False, ausschliessen, roh)
    folge, paare = _folge(woerter_)
    return Begriff((tuple(folge),) if folge else (), False, ausschliessen, roh, tuple(paare))
