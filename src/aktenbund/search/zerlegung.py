"""Decompounding: a German compound split into the words it is made of.

Koehn & Knight's (2003) frequency method over wordfreq's German word list,
with the usual Fugenelemente (-s-, -es-, -n-, -en-, -e-, -er-, -ens-) on the
modifiers and verb stems as modifiers ("Pflanz|gebot": "pflanzen" is a
word). Every part must also be a word of the Hunspell lexicon
(`lexikon.ist_wort`), so corpus fragments are no parts ("Zus|tel|lung"); a
short part in the middle must be a common word, and the head of a split
is a noun where one is possible ("Wohnung|steuer", not "Wohnungs|teuer").
The word list knows every umlaut word also written with ae/oe/ue
("Muell|abfuhr" splits like "Müll|abfuhr").
"""

from __future__ import annotations

import math
from functools import cache, lru_cache

from aktenbund.search import lexikon
from aktenbund.search.lexikon import stopwoerter

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
# A part shorter than KURZER_TEIL between two others must be a common word
# (about Zipf 4: "Bahn|hof|straße", "Frisch|wasser|maß|stab").
KURZER_TEIL = 5
MIN_FREQ_KURZE_MITTE = 1e-5
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
# Endings of a present participle, which are words too ("Ende"): after a
# modifier the lexicon knows only as a stem they are no head ("leucht|enden").
PARTIZIP_ENDUNGEN = frozenset(["ende", "enden", "endes", "ender", "endem"])
# After these endings the linking -s- is the rule ("Ordnung-s-amt"); after
# others a trailing s more likely starts the head ("Hunde|steuer", not "Hundes|teuer").
S_FUGE_NACH = ("ung", "heit", "keit", "schaft", "ion", "tät", "ling", "tum", "at", "ts")


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


def _modifikator_basen(teil: str) -> list[str]:
    """The words a modifier may stand for: itself and itself without its Fuge ("Amt|s")."""
    basen = [teil, *(teil[: -len(f)] for f in FUGEN if teil.endswith(f))]
    return [b for b in basen if len(b) >= MIN_TEIL]


def _stamm_frequenz(teil: str) -> float:
    """A compound stem's frequency, or that of its noun ("Schul|buch": Schule)."""
    freq = _frequenzen()
    nomen = freq.get(teil + "e", 0.0) if lexikon.ist_nomen(teil + "e") else 0.0
    return max(freq.get(teil, 0.0), nomen)


def _nur_stamm(teil: str) -> bool:
    """A modifier the lexicon knows only as a compound's first part ("leucht")."""
    return not any(_ist_wort(basis) for basis in _modifikator_basen(teil))


@lru_cache(maxsize=200_000)
def _ist_wort(teil: str) -> bool:
    """A word of the lexicon, or a common compound of two of its words or of
    a particle and a word: Hunspell lists few compounds ("Feuerwehr",
    "Bahnhof", "Vorbereitung" are made by its rules, so they are not entries)."""
    if lexikon.ist_wort(teil):
        return True
    freq = _frequenzen()
    if len(teil) < MIN_WORT or freq.get(teil, 0.0) < MIN_FREQ:
        return False
    for i in range(MIN_TEIL, len(teil) - MIN_TEIL + 1):
        links, rechts = teil[:i], teil[i:]
        if (
            lexikon.ist_wort(rechts)
            and freq.get(rechts, 0.0) >= MIN_FREQ
            and rechts not in KEINE_TEILE
            and (
                links in stopwoerter()  # a particle: "vor|bereitung", "mit|sprache"
                or any(
                    (lexikon.ist_wort(basis) and freq.get(basis, 0.0) >= MIN_FREQ)
                    or (lexikon.ist_stamm(basis) and _stamm_frequenz(basis) >= MIN_FREQ)
                    for basis in _modifikator_basen(links)
                )
            )
        ):
            return True
    return False


def _teil_frequenz(teil: str, kopf: bool, mitte: bool = False) -> float:
    """The corpus frequency of a part, 0 when it is no part.

    A part is a word of the lexicon (`lexikon.ist_wort`); a modifier may be
    one with its Fuge or a form the lexicon marks as a compound's start
    ("Spül", "Ordnungs"). Its frequency must reach MIN_FREQ, and a short
    part in the middle of a compound MIN_FREQ_KURZE_MITTE: a rare short
    word between two others is more often a fragment ("Hund|els|hausen",
    "Frank|ers|hausen") than a part.
    """
    if teil in stopwoerter() or teil in KEINE_TEILE:
        return 0.0  # "des", "der", "bei" are not parts of compounds
    freq = _frequenzen()
    grenze = MIN_FREQ_KURZE_MITTE if mitte and len(teil) < KURZER_TEIL else MIN_FREQ
    # The frequency first (a dict lookup): most substrings fail it, and the
    # lexicon is asked only about those that pass.
    best = freq.get(teil, 0.0)
    if best < grenze or not _ist_wort(teil):
        best = 0.0
    if not kopf:
        for basis in _modifikator_basen(teil):
            f = max(freq.get(basis, 0.0), freq.get(basis + "e", 0.0))
            if f < max(grenze, best):
                continue
            if lexikon.ist_stamm(basis):
                best = max(best, _stamm_frequenz(basis))
            elif basis != teil and _ist_wort(basis):
                best = max(best, freq.get(basis, 0.0))
    return best if best >= grenze else 0.0


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
    if len(teil) >= LANG_TEIL and freq.get(teil, 0.0) >= MIN_FREQ_LANG and lexikon.ist_anfang(teil):
        links = freq[teil]
    elif (
        (len(teil) > MIN_VERBSTAMM or teil.endswith("h"))
        and not teil.endswith(("i", "geb", "geh"))
        and (teil + "t" in freq or teil + "et" in freq)
    ):
        infinitiv = freq.get(teil + "en", 0.0)
        if teil.endswith(("el", "er")):  # "wechseln", "stolpern"
            infinitiv = max(infinitiv, freq.get(teil + "n", 0.0))
        if not (lexikon.ist_wort(teil + "en") or lexikon.ist_wort(teil + "n")):
            infinitiv = 0.0
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
            links = _teil_frequenz(rest[:i], kopf=False, mitte=tiefe > 1)
            if links and rest[i:] in PARTIZIP_ENDUNGEN and _nur_stamm(rest[:i]):
                links = 0.0  # a verb's stem before its ending: "leucht|ende"
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
    best_key: tuple[int, int, bool, float] = (0, 0, False, -math.inf)
    for teile, log_summe in _zerlegungen(wort, 1, schwach):
        if len(teile) < 2:
            continue
        mittel = log_summe / len(teile)
        if ganz and mittel <= math.log(ganz):
            continue
        zweifel = sum(1 for t in teile[:-1] if t.endswith("s") and not t[:-1].endswith(S_FUGE_NACH))
        # The head of a compound noun is a noun: "Wohnung|steuer", not "Wohnungs|teuer".
        kopf_nomen = lexikon.ist_nomen(teile[-1]) or not lexikon.ist_wort(teile[-1])
        key = (-len(teile), -zweifel, kopf_nomen, mittel)
        if len(best) == 1 or key > best_key:
            best, best_key = teile, key
    if len(best) == 1:
        return best
    # The parts are split again, as parts: a verb stem only starts a word
    # ("Weihnachts|markt" is no "Weih|nachts|markt").
    return tuple(t for teil in best for t in _zerlege(teil, schwach=False))
