"""German text analysis: the one token stream both database backends index.

Every word goes through the same steps, at index time and at query time:

1. Unicode NFKC, casefold (ß → ss), diacritics other than umlauts removed;
2. German stop words (PostgreSQL's/Snowball's list, shipped in data/) dropped;
3. decompounding (`zerlege`): a compound is split into known words by the
   frequency method of Koehn & Knight (2003) over wordfreq's German word
   list, with the usual Fugenelemente (-s-, -es-, -n-, -en-, -e-, -er-,
   -ens-) on the modifiers, and verb stems as modifiers ("Pflanz|gebot":
   "pflanzen" is a word); the word list knows every umlaut word also
   written with ae/oe/ue ("Muell|abfuhr" splits like "Müll|abfuhr");
4. the Snowball German stemmer (PyStemmer, the same algorithm as
   PostgreSQL's `german` dictionary), then umlauts folded (ä → a …), so that
   "Anträge" and "Antrag" share the stem "antrag". The stemmer reads ae,
   oe, ue as ä, ö, ü (not after q, nor a u between vowels: "Quelle",
   "Feuer", "neue" keep theirs), and `falte` applies the same rule to what
   is not stemmed (prefixes), so "Muell", "Muell*" and "Müll" all meet.

A compound is indexed as itself followed by every contiguous run of its
parts, longest first ("Hundesteuerbescheid" → hundesteuerbescheid,
hundesteu, hund, steuerbescheid, steu, bescheid): "Hundesteuer",
"Bescheid" and "Steuerbescheid" all find it, and phrases over the word
still line up because the query is expanded the same way.

The token stream of a text is the words' tokens in a row, each word
expanded on its own (`folge`), so any run of words yields the same tokens
wherever it stands: a quoted phrase or an Aktenzeichen typed in the search
box is analysed by the same function and lines up with every place it
occurs. The joined form of a hyphenated word ("Bau-Antrag" → bauantrag) is
indexed after the stream, each behind a gap (`LUECKE`), so it finds the
word as a single term but never stands between two words of a phrase.

Both backends receive the finished tokens (SQLite FTS5 as space-separated
text, PostgreSQL as a tsvector built with explicit positions), so neither
database's own parser or stemmer can make them disagree.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Iterator
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
# A verb stem is a modifier when stem + "en" (or + "n" after -el/-er) is a
# word ("Pflanz|gebot", "Mäh|fahrzeug", "Spül|maschine"); stems shorter than
# MIN_VERBSTAMM are too often the start of a word of their own.
MIN_VERBSTAMM = 3
MIN_KOPF = 5  # letters of the head after a verb stem or long rare modifier
# A long modifier is evidence at a lower frequency ("Ausschank|genehmigung"):
# a rare long word is a word, a rare short one is often a fragment.
LANG_TEIL = 8
MIN_FREQ_LANG = 2e-7
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
# Heads a verb stem or long rare modifier cannot have: endings ("abweich|ende",
# "güt|igen", "bulgari|sche"), suffixes ("wirk|samen").
KOPF_NICHT_NACH_STAMM = ("e", "t", "i", "ch", "sche", *sorted(KEINE_TEILE))
# After these endings the linking -s- is the rule ("Ordnung-s-amt"); after
# others a trailing s more likely starts the head ("Hunde|steuer", not "Hundes|teuer").
S_FUGE_NACH = ("ung", "heit", "keit", "schaft", "ion", "tät", "ling", "tum", "at", "ts")

_UMLAUTE = str.maketrans({"ä": "a", "ö": "o", "ü": "u"})
# Snowball German's prelude: ae, oe, ue are ä, ö, ü, except a u after q or
# between vowels ("Quelle", "Feuer", "Bauer", "neue").
_UMSCHRIFT = re.compile(r"ae|oe|(?<![aeiouyäöüq])ue")
_UMSCHRIFT_ZU = {"ae": "ä", "oe": "ö", "ue": "ü"}
# Marks a gap in a token stream: no phrase matches across it (PostgreSQL:
# a skipped position; SQLite: a token no query can contain, as the analysis
# keeps letters and digits only and U+E000 is neither).
LUECKE = "\ue000"
_stemmer = Stemmer.Stemmer("german")


@cache
def stopwoerter() -> frozenset[str]:
    """The stop words, also as written with ae/oe/ue ("für", "fuer")."""
    path = Path(__file__).with_name("data") / "german_stop.txt"
    woerter_ = {normalisiere(w) for w in path.read_text("utf-8").split()}
    umschrift = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})
    return frozenset(woerter_ | {w.translate(umschrift) for w in woerter_})


@cache
def _frequenzen() -> dict[str, float]:
    """wordfreq's German word list, keyed by normalised spelling ("aktuell" → "aktüll")."""
    from wordfreq import get_frequency_dict

    frequenzen = get_frequency_dict("de", wordlist="large")
    # Its words carry their umlauts; a compound typed with ae/oe/ue must split
    # the same way ("muell|abfuhr"), so each gets its transliteration too
    # (not the shortest: "hä" as "hae" would make "Mic|hae|lis").
    umschrift = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})
    transliteriert: dict[str, float] = {}
    for wort, freq in frequenzen.items():
        if len(wort) >= 4 and not wort.isascii():
            anders = wort.translate(umschrift)
            if anders != wort:
                transliteriert[anders] = max(freq, transliteriert.get(anders, 0.0))
    for wort, freq in transliteriert.items():
        frequenzen[wort] = max(freq, frequenzen.get(wort, 0.0))
    return frequenzen


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
    """A normalised word read as the stemmer reads it (ae/oe/ue as umlauts, see
    `_UMSCHRIFT`), umlauts folded: for prefixes, which are not stemmed."""
    return _UMSCHRIFT.sub(lambda m: _UMSCHRIFT_ZU[m.group()], wort).translate(_UMLAUTE)


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


def _schwach_zerlegt(teil: str, kopf: str) -> list[tuple[tuple[str, ...], float]]:
    """The split `teil` + `kopf` when `teil` is a verb stem or a long rare word.

    Such a modifier is weaker evidence than a word of its own, so it is taken
    only at the start of a word and before one known head of at least
    MIN_KOPF letters that cannot be an ending: not starting with e or t (the
    verb's own endings, "abweich|ende", "ablehn|ten"), with a derivational
    suffix ("wirk|samen", "güt|igen") or as -isch ("bulgari|scher"). A verb
    stem has at least four letters or ends in h ("Mäh|fahrzeug"), its verb
    has a form with -t or -et besides the one with -en ("pflanzt": "Konten"
    and "Lampen" are no verbs), it ends neither in i ("Spanien") nor in
    -geb/-geh (participles: "aus|ge|halten" is no "ausgeh|alten").
    """
    if (
        len(kopf) < MIN_KOPF
        or kopf.startswith(KOPF_NICHT_NACH_STAMM)
        or teil in stopwoerter()
        or teil in KEINE_TEILE
    ):
        return []
    kopf_freq = _teil_frequenz(kopf, kopf=True)
    if not kopf_freq:
        return []
    freq = _frequenzen()
    links = 0.0
    if len(teil) >= LANG_TEIL and freq.get(teil, 0.0) >= MIN_FREQ_LANG:
        links = freq[teil]
    elif (
        (len(teil) > MIN_VERBSTAMM or teil.endswith("h"))
        and not teil.endswith(("i", "geb", "geh"))
        and (teil + "t" in freq or teil + "et" in freq)
    ):
        infinitiv = freq.get(teil + "en", 0.0)
        if teil.endswith(("el", "er")):  # "wechseln", "stolpern"
            infinitiv = max(infinitiv, freq.get(teil + "n", 0.0))
        links = infinitiv if infinitiv >= MIN_FREQ else 0.0
    if not links:
        return []
    return [((teil, kopf), math.log(links) + math.log(kopf_freq))]


@lru_cache(maxsize=200_000)
def _zerlegungen(
    rest: str, tiefe: int, schwach: bool = False
) -> tuple[tuple[tuple[str, ...], float], ...]:
    """All splits of `rest` into known parts: (parts, sum of log frequencies).

    `schwach`: `rest` is a whole word, so it may start with a verb stem or a
    long rare word (`_schwach_zerlegt`).
    """
    found: list[tuple[tuple[str, ...], float]] = []
    kopf = _teil_frequenz(rest, kopf=True)
    if kopf:
        found.append(((rest,), math.log(kopf)))
    if tiefe < MAX_TEILE:
        for i in range(MIN_TEIL, len(rest) - MIN_TEIL + 1):
            links = _teil_frequenz(rest[:i], kopf=False)
            if not links:
                if schwach:
                    found.extend(_schwach_zerlegt(rest[:i], rest[i:]))
                continue
            for teile, log_summe in _zerlegungen(rest[i:], tiefe + 1):
                found.append(((rest[:i], *teile), math.log(links) + log_summe))
    return tuple(found)


def zerlege(wort: str) -> tuple[str, ...]:
    """The parts of a normalised compound, or (wort,) when it is none.

    Among the splits into known parts, the one with the fewest parts wins,
    then the highest geometric mean of the parts' corpus frequencies (Koehn &
    Knight); it must beat the whole word's own frequency, so "Bescheid" stays
    whole and "Gewerbeanmeldung" splits. Each part is split again by the
    same rule ("Grundsteuer|bescheid" → grund, steuer, bescheid).
    """
    return _zerlege(wort, schwach=True)


@lru_cache(maxsize=200_000)
def _zerlege(wort: str, schwach: bool) -> tuple[str, ...]:
    if len(wort) < MIN_WORT or not wort.isalpha():
        return (wort,)
    ganz = _frequenzen().get(wort, 0.0)
    best: tuple[str, ...] = (wort,)
    best_key: tuple[int, int, float] = (0, 0, -math.inf)
    for teile, log_summe in _zerlegungen(wort, 1, schwach):
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
    # The parts are split again, as parts: a verb stem only starts a word
    # ("Weihnachts|markt" is no "Weih|nachts|markt").
    return tuple(t for teil in best for t in _zerlege(teil, schwach=False))


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


def folge(woerter_: Iterable[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """The token stream of normalised words in a row, and the token pairs at
    their boundaries (the last token of one word, the first of the next).

    Each word is expanded on its own, so a run of words gives the same
    tokens wherever it stands: indexed text and a typed phrase line up.
    """
    result: list[str] = []
    paare: list[tuple[str, str]] = []
    for wort in woerter_:
        if len(wort) > MAX_WORTLAENGE:
            continue
        tokens_ = expandiere(wort)
        if tokens_ and result:
            paare.append((result[-1], tokens_[0]))
        result.extend(tokens_)
    return result, paare


def zerteile(text: str) -> tuple[list[str], list[str]]:
    """The token stream of a text and the tokens of its hyphenated words joined.

    The stream is `folge` of the text's words ("Bau-Antrag" → bau, antrag);
    the second list has, for each hyphenated word, the joined word with its
    parts (bauantrag, bau, antrag), each word's tokens preceded by `LUECKE`,
    so a typed compound finds the hyphenated spelling without a phrase ever
    running into them.
    """
    normal = normalisiere(text)
    stream, _ = folge(WORT.findall(normal))
    verbunden: list[str] = []
    for match in BINDESTRICH_WORT.finditer(normal):
        ganz = match.group().replace("-", "")
        if len(ganz) <= MAX_WORTLAENGE:
            verbunden.append(LUECKE)
            verbunden.extend(expandiere(ganz))
    return stream, verbunden


def tokens(text: str) -> list[str]:
    """The index token stream of a text: its words, then their joined hyphenated
    forms behind gaps (`zerteile`)."""
    stream, verbunden = zerteile(text)
    return stream + verbunden


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


def analysiere_begriff(roh: str, *, phrase: bool, praefix: bool, ausschliessen: bool) -> Begriff:
    """Turn one typed term (a word, a "phrase", a prefix*) into its token alternatives."""
    woerter_ = [w for w in WORT.findall(normalisiere(roh)) if len(w) <= MAX_WORTLAENGE]
    if praefix and woerter_:
        # The prefix itself is not stemmed (a cut word has no ending), only folded.
        *vorne, letztes = woerter_
        vorn, paare = folge(vorne)
        praefix_token = falte(letztes)
        kurz = stamm(letztes)
        if praefix_token.startswith(kurz):
            praefix_token = kurz
        if vorn:
            paare.append((vorn[-1], praefix_token))
        return Begriff(((*vorn, praefix_token),), True, ausschliessen, roh, tuple(paare))
    if not phrase and len(woerter_) == 1:
        return Begriff(analysiere_wort(woerter_[0]), False, ausschliessen, roh)
    # A phrase (or a word written with hyphens or slashes, "12-34/2026-0001")
    # is the same token stream the index holds for these words (`folge`).
    reihe, paare = folge(woerter_)
    return Begriff((tuple(reihe),) if reihe else (), False, ausschliessen, roh, tuple(paare))
