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


def _ts_folge(folge: tuple[str, ...], praefix: bool) -> str:
    teile = [f"'{t}'" for t in folge]
    if praefix:
        teile[-1] += ":*"
    return teile[0] if len(teile) == 1 else "(" + " <-> ".join(teile) + ")"


def _ts_begriff(begriff: Begriff) -> str:
    teile = [_ts_folge(alt, begriff.praefix) for alt in begriff.alternativen]
    return teile[0] if len(teile) == 1 else "(" + " | ".join(teile) + ")"


def tsquery(abfrage: Abfrage) -> str:
    """The tsquery literal (tokens are letters and digits only: no escaping needed)."""
    teile = [_ts_begriff(b) for b in abfrage.positive]
    teile += [f"!{_ts_begriff(b)}" for b in abfrage.begriffe if b.ausschliessen]
    return " & ".join(teile)


def paar_lexem(links: str, rechts: str) -> str:
    """The lexeme PostgreSQL indexes for two adjacent tokens (`aktenbund_wortpaare`,
    search migration 0008). Tokens are letters and digits: "~" cannot occur in
    them, and no prefix typed into the search box matches a pair."""
    return f"~{links}~{rechts}"


def _kandidaten_folge(begriff: Begriff, folge: tuple[str, ...]) -> str:
    if begriff.paare:
        # Each pair holds both its tokens; a phrase's boundary pairs say more than
        # its words and have far shorter posting lists.
        teile = [f"'{paar_lexem(a, b)}'" for a, b in begriff.paare]
        if begriff.praefix:
            teile[-1] += ":*"  # the last pair ends with the prefix
    else:
        # A compound is indexed followed by its parts ("haushaltsplan haushalt haus
        # ..."): a part inside a longer token of the same sequence adds nothing
        # to the candidates but a long posting list.
        behalten = dict.fromkeys(t for t in folge if not any(t != u and t in u for u in folge))
        teile = [f"'{t}'" + (":*" if begriff.praefix and t == folge[-1] else "") for t in behalten]
    return teile[0] if len(teile) == 1 else "(" + " & ".join(teile) + ")"


def kandidaten_tsquery(abfrage: Abfrage) -> str | None:
    """A wider tsquery that finds the candidates of the phrases through an index.

    A phrase becomes the AND of the token pairs at its word boundaries (see
    `Begriff.paare`), a sequence without such a boundary (one compound in
    quotes) the AND of its tokens without the compound's parts; exclusions are
    left out. Every match of `tsquery(abfrage)` matches it, so testing
    `tsquery` on its candidates gives the same rows.
    None when the query has no sequence of more than one token.
    """
    if not any(len(alt) > 1 for b in abfrage.positive for alt in b.alternativen):
        return None
    teile = []
    for begriff in abfrage.positive:
        alternativen = [_kandidaten_folge(begriff, alt) for alt in begriff.alternativen]
        teile.append(
            alternativen[0] if len(alternativen) == 1 else "(" + " | ".join(alternativen) + ")"
        )
    return " & ".join(teile)
