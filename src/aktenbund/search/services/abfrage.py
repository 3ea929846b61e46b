"""The query language of the search box and its translation for both backends.

Syntax: words (all must occur), "phrases", prefix* and -exclusion (also
-"phrase"). Every word is analysed exactly like indexed text
(`analyse`), so stemming and decompounding agree at both ends.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from aktenbund.errors import ValidationError
from aktenbund.search.analyse import Begriff, analysiere_begriff

MAX_ZEICHEN = 500
MAX_BEGRIFFE = 20

_TEIL = re.compile(r'(-?)"([^"]*)"?|(-?)(\S+)')


@dataclass(frozen=True)
class Abfrage:
    begriffe: tuple[Begriff, ...]

    @property
    def leer(self) -> bool:
        return not self.begriffe

    @property
    def positive(self) -> tuple[Begriff, ...]:
        return tuple(b for b in self.begriffe if not b.ausschliessen)

    def treffer_tokens(self) -> tuple[frozenset[str], tuple[str, ...]]:
        """Whole tokens and prefixes of the positive terms (for highlighting)."""
        ganze: set[str] = set()
        praefixe: list[str] = []
        for begriff in self.positive:
            for alternative in begriff.alternativen:
                if begriff.praefix:
                    ganze.update(alternative[:-1])
                    praefixe.append(alternative[-1])
                else:
                    ganze.update(alternative)
        return frozenset(ganze), tuple(praefixe)


def parse(q: str) -> Abfrage:
    """Parse the text typed into the search box; ValidationError for unusable input."""
    q = (q or "").strip()
    if len(q) > MAX_ZEICHEN:
        raise ValidationError(
            "Die Suchanfrage ist zu lang.", {"q": f"Höchstens {MAX_ZEICHEN} Zeichen."}
        )
    begriffe: list[Begriff] = []
    roh_anzahl = 0
    for match in _TEIL.finditer(q):
        phrase = match.group(2) is not None
        minus = bool(match.group(1) if phrase else match.group(3))
        text = match.group(2) if phrase else match.group(4)
        praefix = not phrase and text.endswith("*")
        text = text.rstrip("*") if praefix else text
        if not text.strip() or text == "-":
            continue
        roh_anzahl += 1
        begriff = analysiere_begriff(text, phrase=phrase, praefix=praefix, ausschliessen=minus)
        if begriff.alternativen and all(begriff.alternativen):
            begriffe.append(begriff)
    if roh_anzahl > MAX_BEGRIFFE:
        raise ValidationError(
            "Die Suchanfrage hat zu viele Begriffe.",
            {"q": f"Höchstens {MAX_BEGRIFFE} Begriffe."},
        )
    if roh_anzahl and not any(not b.ausschliessen for b in begriffe):
        raise ValidationError(
            "Die Suchanfrage enthält keinen verwertbaren Suchbegriff.",
            {
                "q": "Bitte mindestens einen Begriff ohne Minus angeben, der kein Füllwort "
                "(wie „der“, „und“) ist."
            },
        )
    return Abfrage(tuple(begriffe))


# --- SQLite FTS5 -------------------------------------------------------------


def _fts_folge(folge: tuple[str, ...], praefix: bool) -> str:
    return '"' + " ".join(folge) + '"' + ("*" if praefix else "")


def _fts_begriff(begriff: Begriff) -> str:
    teile = [_fts_folge(alt, begriff.praefix) for alt in begriff.alternativen]
    return teile[0] if len(teile) == 1 else "(" + " OR ".join(teile) + ")"


def fts5_match(abfrage: Abfrage, kommune_ids: list[int]) -> str:
    """The MATCH expression: the terms in the text columns, the tenant in `mandant`."""
    positiv = " AND ".join(_fts_begriff(b) for b in abfrage.positive)
    ausdruck = f"({positiv})"
    for begriff in abfrage.begriffe:
        if begriff.ausschliessen:
            ausdruck += f" NOT {_fts_begriff(begriff)}"
    mandanten = " OR ".join(f'"m{k}"' for k in kommune_ids)
    return f"{{kopf text}} : ({ausdruck}) AND mandant : ({mandanten})"


# --- PostgreSQL tsquery ------------------------------------------------------


def _verknuepft(teile: list[str], operator: str) -> str:
    """One operand as it is, several joined by `operator` in parentheses."""
    return teile[0] if len(teile) == 1 else "(" + f" {operator} ".join(teile) + ")"


def _ts_folge(folge: tuple[str, ...], praefix: bool) -> str:
    teile = [f"'{t}'" for t in folge]
    if praefix:
        teile[-1] += ":*"
    return _verknuepft(teile, "<->")


def _ts_begriff(begriff: Begriff) -> str:
    return _verknuepft([_ts_folge(alt, begriff.praefix) for alt in begriff.alternativen], "|")


def tsquery(abfrage: Abfrage) -> str:
    """The tsquery literal (tokens are letters and digits only: no escaping needed)."""
    teile = [_ts_begriff(b) for b in abfrage.positive]
    teile += [f"!{_ts_begriff(b)}" for b in abfrage.begriffe if b.ausschliessen]
    return " & ".join(teile)


def paar_lexem(links: str, rechts: str) -> str:
    """The lexeme PostgreSQL indexes for two adjacent tokens in `paarvektor`
    (`aktenbund_wortpaare`, search migration 0008)."""
    return f"~{links}~{rechts}"


def _woerter_folge(folge: tuple[str, ...], praefix: bool) -> str:
    # A compound is indexed followed by its parts ("haushaltsplan haushalt haus
    # ..."): a part inside a longer token of the same sequence adds nothing
    # to the candidates but a long posting list.
    behalten = dict.fromkeys(t for t in folge if not any(t != u and t in u for u in folge))
    teile = [f"'{t}'" + (":*" if praefix and t == folge[-1] else "") for t in behalten]
    return _verknuepft(teile, "&")


def _paare(begriff: Begriff) -> str:
    alternativen = []
    for paare in begriff.paare:
        teile = [f"'{paar_lexem(a, b)}'" for a, b in paare]
        if begriff.praefix:
            teile[-1] += ":*"  # the last pair ends with the prefix
        alternativen.append(_verknuepft(teile, "&"))
    return _verknuepft(list(dict.fromkeys(alternativen)), "|")


@dataclass(frozen=True)
class Kandidaten:
    """Wider tsqueries that find a query's candidates through the indexes: `paare`
    against `paarvektor`, `woerter` against `suchvektor` (either may be None)."""

    paare: str | None
    woerter: str | None


def kandidaten_tsquery(abfrage: Abfrage) -> Kandidaten | None:
    """The candidates of a query with phrases, found through the RUM indexes.

    A phrase becomes the AND of the token pairs at its word boundaries (see
    `Begriff.paare`; each pair holds both its tokens and has a far shorter
    posting list than its words), OR'ed over its variants; every other term the AND of its tokens
    without the parts of a compound. Exclusions are left out. Every match of
    `tsquery(abfrage)` matches both, so testing `tsquery` on the candidates
    gives the same rows. None when the query has no sequence of more than
    one token.
    """
    if not any(len(alt) > 1 for b in abfrage.positive for alt in b.alternativen):
        return None
    paare, woerter = [], []
    for begriff in abfrage.positive:
        if begriff.paare and all(begriff.paare):
            paare.append(_paare(begriff))
            continue
        alternativen = [_woerter_folge(alt, begriff.praefix) for alt in begriff.alternativen]
        woerter.append(_verknuepft(list(dict.fromkeys(alternativen)), "|"))
    return Kandidaten(" & ".join(paare) or None, " & ".join(woerter) or None)
