"""The word lists the decompounder checks parts against.

- **Lexicon**: the German Hunspell dictionary (igerman98, Debian's
  `hunspell-de-de`, /usr/share/hunspell/de_DE.dic and .aff). A part of a
  compound must be a word of it: a form of one of its entries (the entry
  with one of its suffix rules applied: "Anmeldungen" from "Anmeldung/P"),
  or, as a modifier, an entry the dictionary marks as a compound's first
  part ("Spül", "Hunde", "Ordnungs"). Corpus frequency alone let fragments
  through ("Zus|tel|lung", "Klär|sch|lamm", "Scheu|nen|brand"): wordfreq
  counts whatever strings occur in subtitles and the web, the dictionary
  lists words. Suffix rules are applied backwards, only to the candidates
  the decompounder asks about, so loading reads two files and expands
  nothing.
- **Eigennamen**: names of the Verbund (Kommunen, Ortsteile, Straßen,
  family names of the demo data) in `data/eigennamen.txt`, never split:
  "Weißenbach" must not be found by "Bach".
- **Namensmarker**: the words after which the text names a person ("Herr",
  "Frau", "Familie" …): the next word (after titles such as "Dr.") is a
  family name and is not split either ("Frau Rehbein" is no "Bein").
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

HUNSPELL_DE = Path(os.environ.get("AKTENBUND_HUNSPELL_DE", "/usr/share/hunspell/de_DE"))
# igerman98's flags: NEEDAFFIX (a stem that is no word on its own, "Spül"),
# and the affixes that allow an entry at a compound's start or middle.
NUR_MIT_AFFIX = "h"
ANFANG = frozenset("ijk")

NAMENSMARKER = frozenset(
    ["herr", "herrn", "frau", "familie", "fam", "eheleute", "eheleuten", "geschwister"]
)
TITEL = frozenset(["dr", "prof", "med", "dipl", "ing", "von", "van", "der", "de"])

# Snowball German's prelude: ae, oe, ue are ä, ö, ü, except a u after q or
# between vowels ("Quelle", "Feuer", "Bauer", "neue").
_UMSCHRIFT = re.compile(r"ae|oe|(?<![aeiouyäöüq])ue")
_UMSCHRIFT_ZU = {"ae": "ä", "oe": "ö", "ue": "ü"}


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


@cache
def stopwoerter() -> frozenset[str]:
    """The stop words, also as written with ae/oe/ue ("für", "fuer")."""
    path = Path(__file__).with_name("data") / "german_stop.txt"
    woerter_ = {normalisiere(w) for w in path.read_text("utf-8").split()}
    umschrift = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})
    return frozenset(woerter_ | {w.translate(umschrift) for w in woerter_})


@dataclass(frozen=True)
class _Regel:
    flag: str
    abziehen: str
    bedingung: re.Pattern[str] | None


@dataclass(frozen=True)
class _Lexikon:
    # normalised entry → (flags, written with a capital: a noun or name) of each entry
    eintraege: dict[str, tuple[tuple[str, bool], ...]]
    regeln: dict[str, list[_Regel]]  # added ending → the suffix rules adding it
    laengste_endung: int


class LexikonFehlt(RuntimeError):
    """The Hunspell dictionary is not installed (Debian: hunspell-de-de)."""


@cache
def _lexikon() -> _Lexikon:
    dic, aff = HUNSPELL_DE.with_suffix(".dic"), HUNSPELL_DE.with_suffix(".aff")
    if not dic.is_file() or not aff.is_file():
        # The analysis must never run without it: index and query would
        # silently split differently from the rows already indexed.
        raise LexikonFehlt(
            f"Das Hunspell-Wörterbuch {dic} fehlt (Debian-Paket hunspell-de-de; "
            "make system-deps installiert es)."
        )
    regeln: dict[str, list[_Regel]] = defaultdict(list)
    for zeile in aff.read_text("utf-8").splitlines():
        teile = zeile.split()
        if len(teile) < 5 or teile[0] != "SFX":
            continue
        flag, abziehen, dazu, bedingung = teile[1], teile[2], teile[3].split("/")[0], teile[4]
        abziehen = "" if abziehen == "0" else normalisiere(abziehen)
        dazu = "" if dazu == "0" else normalisiere(dazu)
        muster = None if bedingung == "." else re.compile(f"(?:{normalisiere(bedingung)})$")
        regeln[dazu].append(_Regel(flag, abziehen, muster))
    eintraege: dict[str, tuple[tuple[str, bool], ...]] = {}
    for zeile in dic.read_text("utf-8").splitlines()[1:]:
        if not zeile or zeile[0] in "\t#":
            continue
        roh, _, flags = zeile.partition("/")
        wort = normalisiere(roh.strip())
        flags = flags.split()[0] if flags.strip() else ""
        eintraege[wort] = (*eintraege.get(wort, ()), (flags, roh[:1].isupper()))
    return _Lexikon(eintraege, dict(regeln), max(map(len, regeln)))


def _ist_form(wort: str, nur_nomen: bool = False) -> bool:
    lexikon = _lexikon()
    for flags, gross in lexikon.eintraege.get(wort, ()):
        if NUR_MIT_AFFIX not in flags and (gross or not nur_nomen):
            return True
    for n in range(1, min(lexikon.laengste_endung, len(wort) - 1) + 1):
        for regel in lexikon.regeln.get(wort[-n:], ()):
            stamm = wort[:-n] + regel.abziehen
            if any(
                regel.flag in flags and (gross or not nur_nomen)
                for flags, gross in lexikon.eintraege.get(stamm, ())
            ) and (regel.bedingung is None or regel.bedingung.search(stamm)):
                return True
    return False


def umlaute(wort: str) -> str:
    """A normalised word with ae/oe/ue read as ä/ö/ü, as the stemmer reads it."""
    return _UMSCHRIFT.sub(lambda m: _UMSCHRIFT_ZU[m.group()], wort)


@lru_cache(maxsize=200_000)
def ist_wort(wort: str) -> bool:
    """Whether a normalised word is a form of a word of the lexicon
    (also when written with ae/oe/ue for ä/ö/ü)."""
    return _ist_form(wort) or (umlaute(wort) != wort and _ist_form(umlaute(wort)))


@lru_cache(maxsize=200_000)
def ist_nomen(wort: str) -> bool:
    """Whether a normalised word is a form of a noun (or name) of the lexicon."""
    return _ist_form(wort, True) or (umlaute(wort) != wort and _ist_form(umlaute(wort), True))


@lru_cache(maxsize=200_000)
def ist_stamm(wort: str) -> bool:
    """Whether a normalised word is an entry the lexicon marks as the first
    part of compounds, often no word of its own ("spül", "schul", "hunde")."""
    eintraege = _lexikon().eintraege
    return any(
        not ANFANG.isdisjoint(flags)
        for form in {wort, umlaute(wort)}
        for flags, _ in eintraege.get(form, ())
    )


def ist_anfang(wort: str) -> bool:
    """Whether a normalised word may start a compound: a word or a `ist_stamm`."""
    return ist_wort(wort) or ist_stamm(wort)


@cache
def eigennamen() -> frozenset[str]:
    """The Verbund's names that are never split, normalised (one word each)."""
    path = Path(__file__).with_name("data") / "eigennamen.txt"
    namen: set[str] = set()
    for zeile in path.read_text("utf-8").splitlines():
        zeile = zeile.split("#", 1)[0]
        namen.update(re.findall(r"[^\W_]+", normalisiere(zeile)))
    return frozenset(namen)
