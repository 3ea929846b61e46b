"""Server-side SVG bar charts: no JavaScript, accessible, printable.

`balken(daten, id)` draws horizontal bars (one row per category, one bar per
series, negative values to the left of the zero line). The SVG has
role="img" and is named by its <title> and <desc>; the page puts the same
figures in a data table next to it (`haushalt/_diagramm.html`), which is
also what a screen reader reads.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from aktenbund.haushalt.services.diagramme import Diagrammdaten
from aktenbund.haushalt.templatetags.haushalt import euro

BREITE = 760
LABEL = 250  # width of the category labels
RAND = 16
BALKEN = 14
ABSTAND = 10
OBEN = 34  # legend
UNTEN = 26  # axis labels
# Colours with ≥ 3:1 contrast to white (WCAG 1.4.11) and to each other in grey.
FARBEN = ("#1d4f91", "#b3541e", "#2e7d32", "#6a1b9a")
MAX_LABEL = 36


def _kurz(text: str) -> str:
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"


def _zahl(wert: float) -> str:
    return f"{wert:.1f}"


def balken(daten: Diagrammdaten, diagramm_id: str) -> SafeString:
    werte = [w for r in daten.reihen for w in r.werte]
    hoch = max([Decimal(0), *werte])
    tief = min([Decimal(0), *werte])
    spanne = (hoch - tief) or Decimal(1)
    x0, x1 = LABEL + RAND, BREITE - RAND
    breite = x1 - x0

    def x(wert: Decimal) -> float:
        return x0 + float((wert - tief) / spanne) * breite

    zeile = BALKEN * len(daten.reihen) + ABSTAND
    hoehe = OBEN + zeile * max(len(daten.kategorien), 1) + UNTEN
    teile = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="diagramm" '
        f'viewBox="0 0 {BREITE} {hoehe}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'aria-labelledby="{diagramm_id}-titel {diagramm_id}-beschreibung" id="{diagramm_id}">',
        f'<title id="{diagramm_id}-titel">{escape(daten.titel)}</title>',
        f'<desc id="{diagramm_id}-beschreibung">{escape(daten.beschreibung)} '
        "Die Werte stehen in der Tabelle zum Diagramm.</desc>",
        '<rect x="0" y="0" width="100%" height="100%" fill="#ffffff"/>',
    ]
    # Legend.
    lx = x0
    for i, reihe in enumerate(daten.reihen):
        farbe = FARBEN[i % len(FARBEN)]
        teile.append(f'<rect x="{lx}" y="10" width="14" height="14" fill="{farbe}"/>')
        teile.append(
            f'<text x="{lx + 20}" y="22" font-size="13" fill="#1a1a1a">{escape(reihe.name)}</text>'
        )
        lx += 40 + 8 * len(reihe.name)
    # Bars.
    null = x(Decimal(0))
    for k, kategorie in enumerate(daten.kategorien):
        y = OBEN + k * zeile
        teile.append(
            f'<text x="{LABEL}" y="{y + zeile / 2 + 2:.1f}" font-size="12" text-anchor="end" '
            f'fill="#1a1a1a">{escape(_kurz(kategorie))}</text>'
        )
        for i, reihe in enumerate(daten.reihen):
            wert = reihe.werte[k]
            links, rechts = sorted((null, x(wert)))
            lang = _zahl(max(rechts - links, 0.5))
            teile.append(
                f'<rect x="{_zahl(links)}" y="{y + i * BALKEN}" width="{lang}" '
                f'height="{BALKEN - 2}" fill="{FARBEN[i % len(FARBEN)]}" '
                f'data-kategorie="{escape(kategorie)}" data-reihe="{escape(reihe.name)}" '
                f'data-wert="{wert}"/>'
            )
    # Zero line and axis labels.
    unten = OBEN + zeile * len(daten.kategorien)
    teile.append(
        f'<line x1="{_zahl(null)}" y1="{OBEN - 4}" x2="{_zahl(null)}" y2="{unten}" '
        'stroke="#1a1a1a" stroke-width="1"/>'
    )
    for wert, anker in ((tief, "start"), (Decimal(0), "middle"), (hoch, "end")):
        if wert == 0 and anker != "middle":
            continue
        teile.append(
            f'<text x="{_zahl(x(wert))}" y="{unten + 18}" font-size="12" text-anchor="{anker}" '
            f'fill="#1a1a1a">{euro(wert)} €</text>'
        )
    teile.append("</svg>")
    return mark_safe("".join(teile))  # every text above is escaped
