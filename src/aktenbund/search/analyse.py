"""German text analysis: the one token stream both database backends index.

Every word goes through the same steps, at index time and at query time:

1. Unicode NFKC, casefold (ß → ss), diacritics other than umlauts removed;
2. German stop words (PostgreSQL's/Snowball's list, shipped in data/) dropped;
3. decompounding (`search.zerlegung`): a compound is split into words of
   the Hunspell lexicon (`search.lexikon`) by the frequency method of Koehn
   & Knight (2003) over wordfreq's German word list, with the usual
   Fugenelemente on the modifiers and verb stems as modifiers
   ("Pflanz|gebot"); the Verbund's names (Ortsteile, Straßen) and a family
   name after "Herr"/"Frau" (`namen`) are never split;
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
occurs. The joined form of a hyphenated word ("Bau-Antrag" → bauantrag)
and the one-token form of a date ("1.3.2026", "2026-03-01" → d20260301) are
indexed after the stream, each behind a gap (`LUECKE`), so they find the
word or date as a single term but never stand between two words of a phrase.

Both backends receive the finished tokens (SQLite FTS5 as space-separated
text, PostgreSQL as a tsvector built with explicit positions), so neither
database's own parser or stemmer can make them disagree.
"""

from __future__ import annotations

import datetime
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import Stemmer

from aktenbund.search import lexikon
from aktenbund.search.lexikon import normalisiere, stopwoerter
from aktenbund.search.zerlegung import zerlege

__all__ = ["normalisiere", "stopwoerter", "zerlege"]

WORT = re.compile(r"[^\W_]+")
MAX_WORTLAENGE = 100  # longer "words" (hashes, garbage) are not indexed

_UMLAUTE = str.maketrans({"ä": "a", "ö": "o", "ü": "u"})
# Marks a gap in a token stream: no phrase matches across it (PostgreSQL:
# a skipped position; SQLite: a token no query can contain, as the analysis
# keeps letters and digits only and U+E000 is neither).
LUECKE = "\ue000"
_stemmer = Stemmer.Stemmer("german")


def stamm(wort: str) -> str:
    """Snowball German stem of one normalised word, umlauts folded."""
    return _stemmer.stemWord(wort).translate(_UMLAUTE)


def falte(wort: str) -> str:
    """A normalised word read as the stemmer reads it (ae/oe/ue as umlauts, see
    `lexikon.umlaute`), umlauts folded: for prefixes, which are not stemmed."""
    return lexikon.umlaute(wort).translate(_UMLAUTE)


@lru_cache(maxsize=200_000)
def expandiere(wort: str, name: bool = False) -> tuple[str, ...]:
    """The index tokens of one normalised word: the whole stem, then its part runs.

    Runs are ordered by start, longest first, so the sequence starts with the
    whole word and ends with the head; phrases across the word still match.
    A name of the Verbund (`lexikon.eigennamen`), or a word the text marks
    as a name (`name`: it follows "Herr", "Frau" …, see `folge`), is not split.
    """
    if wort in stopwoerter():
        return ()
    teile = (wort,) if name or wort in lexikon.eigennamen() else zerlege(wort)
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


def folge(
    woerter_: Iterable[str], ganz: frozenset[int] = frozenset()
) -> tuple[list[str], list[tuple[str, str]]]:
    """The token stream of normalised words in a row, and the token pairs at
    their boundaries (the last token of one word, the first of the next).

    Each word is expanded on its own, so a run of words gives the same
    tokens wherever it stands: indexed text and a typed phrase line up. The
    words at the positions in `ganz` stay whole: names (`namen`), and a
    phrase's variants (`phrasen_varianten`).
    """
    result: list[str] = []
    paare: list[tuple[str, str]] = []
    for nummer, wort in enumerate(woerter_):
        if len(wort) > MAX_WORTLAENGE:
            continue
        tokens_ = expandiere(wort, True) if ganz and nummer in ganz else expandiere(wort)
        if tokens_ and result:
            paare.append((result[-1], tokens_[0]))
        result.extend(tokens_)
    return result, paare


# Between a marker, titles and the name: spaces, a title's period, no line break.
_NAMENSLUECKE = re.compile(r"\.?[^\S\n]+")


def namen(woerter_: list[str], luecken: list[str] | None = None) -> frozenset[int]:
    """The positions of the family names among normalised words: the word after
    a `lexikon.NAMENSMARKER` ("Frau Rehbein"), also after titles ("Herrn Dr.
    Lindemann"), on the same line (`luecken[i]`: the text before word i;
    None: words written in a row, as in a typed phrase)."""
    result: set[int] = set()
    name = False
    for nummer, wort in enumerate(woerter_):
        if nummer and luecken is not None and not _NAMENSLUECKE.fullmatch(luecken[nummer]):
            name = False
        if name:
            result.add(nummer)
        name = wort in lexikon.NAMENSMARKER or (name and wort in lexikon.TITEL)
    return frozenset(result)


def _woerter_mit_namen(normal: str) -> tuple[list[str], frozenset[int]]:
    woerter_ = WORT.findall(normal)
    if lexikon.NAMENSMARKER.isdisjoint(woerter_):
        return woerter_, frozenset()  # most texts: no offsets needed
    treffer = list(WORT.finditer(normal))
    luecken = [normal[a.end() : b.start()] for a, b in itertools.pairwise(treffer)]
    woerter_ = [m.group() for m in treffer]
    return woerter_, namen(woerter_, ["", *luecken])


# A phrase typed without its marker ("Rehbein beantragt") may stand in a text
# after one ("Frau Rehbein beantragt"), where the name is not split: the
# phrase is also tried with its split words whole, for the first few of them.
MAX_NAMENSVARIANTEN = 2


def phrasen_varianten(
    woerter_: list[str], namen_: frozenset[int] = frozenset()
) -> tuple[tuple[tuple[str, ...], ...], tuple[tuple[tuple[str, str], ...], ...]]:
    """The token sequences a typed phrase may stand as in indexed text, and
    the boundary pairs of each (see `Begriff.paare`)."""
    teilbar = [
        i
        for i, wort in enumerate(woerter_)
        if i not in namen_ and len(wort) <= MAX_WORTLAENGE and len(expandiere(wort)) > 1
    ][:MAX_NAMENSVARIANTEN]
    varianten: dict[tuple[str, ...], list[tuple[str, str]]] = {}
    for maske in range(2 ** len(teilbar)):
        ganz = namen_ | {i for bit, i in enumerate(teilbar) if maske >> bit & 1}
        reihe, paare = folge(woerter_, ganz)
        if reihe:
            varianten.setdefault(tuple(reihe), paare)
    return tuple(varianten), tuple(tuple(paare) for paare in varianten.values())


# Dates as written in German ("1.3.2026", "01.03.2026") and as ISO 8601
# ("2026-03-01"): each is indexed also as one token of its own, behind a gap,
# so a date typed in either form finds both.
DATUM = re.compile(  # (?=\d) first: the scan skips to digits (3× faster)
    r"(?=\d)(?<![\d.])(?P<t>\d{1,2})\.(?P<m>\d{1,2})\.(?P<j>\d{4})(?!\d)"
    r"|(?=\d)(?<![\d-])(?P<j2>\d{4})-(?P<m2>\d{2})-(?P<t2>\d{2})(?!\d)"
)


def datum_token(match: re.Match[str]) -> str | None:
    """The token of a written date ("d20260301"), None for no valid date."""
    j, m, t = (
        (match["j"], match["m"], match["t"])
        if match["j"]
        else (match["j2"], match["m2"], match["t2"])
    )
    try:
        datum = datetime.date(int(j), int(m), int(t))
    except ValueError:
        return None
    return f"d{datum:%Y%m%d}"


def zerteile(text: str) -> tuple[list[str], list[str]]:
    """The token stream of a text and the tokens of its hyphenated words joined.

    The stream is `folge` of the text's words ("Bau-Antrag" → bau, antrag);
    the second list has, for each hyphenated word, the joined word with its
    parts (bauantrag, bau, antrag), and for each date its `datum_token`,
    each preceded by `LUECKE`, so a typed compound finds the hyphenated
    spelling, and a date either way of writing it, without a phrase ever
    running into them.
    """
    normal = normalisiere(text)
    stream, _ = folge(*_woerter_mit_namen(normal))
    verbunden: list[str] = []
    for match in BINDESTRICH_WORT.finditer(normal):
        ganz = match.group().replace("-", "")
        if len(ganz) <= MAX_WORTLAENGE:
            verbunden.append(LUECKE)
            verbunden.extend(expandiere(ganz))
    for match in DATUM.finditer(normal):
        if token := datum_token(match):
            verbunden += [LUECKE, token]
    return stream, verbunden


def tokens(text: str) -> list[str]:
    """The index token stream of a text: its words, then their joined hyphenated
    forms behind gaps (`zerteile`)."""
    stream, verbunden = zerteile(text)
    return stream + verbunden


# Words kept for "Meinten Sie …?" (`search.models.Suchwort`): letters only,
# long enough to be mistyped, short enough to be a word.
SUCHWORT = re.compile(r"[^\W\d_]{4,40}")


def suchwoerter(text: str) -> set[str]:
    """The distinct normalised words of a text that suggestions may offer."""
    return {
        wort
        for wort in SUCHWORT.findall(normalisiere(text))
        if wort not in stopwoerter() and WORT.fullmatch(wort)
    }


# --- query terms ------------------------------------------------------------


@dataclass(frozen=True)
class Begriff:
    """One analysed query term.

    `alternativen`: token sequences, any of which matches (a sequence of more
    than one token is a phrase). A compound "Hundesteuer" gives
    [("hundesteu",), ("hund", "steu")]: the word itself, or its parts side by
    side. `praefix` marks the last token as a prefix.

    `paare`: for a phrase (or a prefix after words), for each alternative,
    the two tokens that meet at each boundary between its words: the last
    token of one word and the first of the next. PostgreSQL indexes every
    pair of adjacent tokens as a lexeme of its own (search migration 0008),
    so a phrase finds its candidates as exactly as a rare word.
    """

    alternativen: tuple[tuple[str, ...], ...]
    praefix: bool = False
    ausschliessen: bool = False
    roh: str = ""
    paare: tuple[tuple[tuple[str, str], ...], ...] = ()

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
        vorn, paare = folge(vorne, namen(vorne))
        praefix_token = falte(letztes)
        kurz = stamm(letztes)
        if praefix_token.startswith(kurz):
            praefix_token = kurz
        if vorn:
            paare.append((vorn[-1], praefix_token))
        return Begriff(((*vorn, praefix_token),), True, ausschliessen, roh, (tuple(paare),))
    if not phrase and len(woerter_) == 1:
        return Begriff(analysiere_wort(woerter_[0]), False, ausschliessen, roh)
    datum = None if phrase else DATUM.fullmatch(normalisiere(roh).strip())
    if datum and (token := datum_token(datum)):
        return Begriff(((token,),), False, ausschliessen, roh)
    # A phrase (or a word written with hyphens or slashes, "12-34/2026-0001")
    # is the same token stream the index holds for these words (`folge`).
    varianten, paare = phrasen_varianten(woerter_, namen(woerter_))
    return Begriff(varianten, False, ausschliessen, roh, paare)
