"""Fast PDFs with real text for the demo data, written with pydyf.

WeasyPrint (`aktenbund.web.pdf`) lays out HTML and takes about 0.2 s a file;
the demo files a few thousand Dokumente, so this module writes them directly:
A4 pages, text in the standard Type1 fonts Helvetica and Helvetica-Bold with
WinAnsiEncoding (umlauts, ß, „ “, – and € work; every PDF reader has these
fonts, nothing is embedded), wrapped by the fonts' real glyph widths. The
text is real text: pdftotext, and the search index, extract it.

Not PDF/A and not meant for output to citizens; that stays with
`aktenbund.web.pdf.render_pdf`.
"""

from __future__ import annotations

import datetime
import io
import unicodedata
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

import pydyf

SEITE_BREITE, SEITE_HOEHE = 595.28, 841.89  # A4 in points
RAND_LINKS, RAND_RECHTS, RAND_OBEN, RAND_UNTEN = 70.0, 60.0, 62.0, 70.0
ZEILENBREITE = SEITE_BREITE - RAND_LINKS - RAND_RECHTS

# Advance widths (1/1000 em) of WinAnsiEncoding bytes 32..255: Helvetica's
# metrics (taken from the metric-compatible Liberation Sans). 0: unused byte.
_BREITEN_TEXT = (
    "278,278,355,556,556,889,667,191,333,333,389,584,278,333,278,278,556,556,556,556,556,556,"
    "556,556,556,556,278,278,584,584,584,556,1015,667,667,722,722,667,611,778,722,278,500,667,"
    "556,833,722,778,667,778,722,667,611,722,667,944,667,667,611,278,278,278,469,556,333,556,"
    "556,500,556,556,278,556,556,222,222,500,222,833,556,556,556,556,333,500,278,556,500,722,"
    "500,500,500,334,260,334,584,0,556,0,222,556,333,1000,556,556,333,1000,667,333,1000,0,611,"
    "0,0,222,222,333,333,350,556,1000,333,1000,500,333,944,0,500,667,278,333,556,556,556,556,"
    "260,556,333,737,370,556,584,333,737,552,400,549,333,333,333,576,537,278,333,333,365,556,"
    "834,834,834,611,667,667,667,667,667,667,1000,722,667,667,667,667,278,278,278,278,722,722,"
    "778,778,778,778,778,584,778,722,722,722,722,667,667,611,556,556,556,556,556,556,889,500,"
    "556,556,556,556,278,278,278,278,556,556,556,556,556,556,556,549,611,556,556,556,556,500,"
    "556,500"
)
_BREITEN_FETT = (
    "278,333,474,556,556,889,722,238,333,333,389,584,278,333,278,278,556,556,556,556,556,556,"
    "556,556,556,556,333,333,584,584,584,611,975,722,722,722,722,667,611,778,722,278,556,722,"
    "611,833,722,778,667,778,722,667,611,722,667,944,667,667,611,333,278,333,584,556,333,556,"
    "611,556,611,556,333,611,611,278,278,556,278,889,611,611,611,611,389,556,333,611,556,778,"
    "556,556,500,389,280,389,584,0,556,0,278,556,500,1000,556,556,333,1000,667,333,1000,0,611,"
    "0,0,278,278,500,500,350,556,1000,333,1000,556,333,944,0,500,667,278,333,556,556,556,556,"
    "280,556,333,737,370,556,584,333,737,552,400,549,333,333,333,576,556,278,333,333,365,556,"
    "834,834,834,611,722,722,722,722,722,722,1000,722,667,667,667,667,278,278,278,278,722,722,"
    "778,778,778,778,778,584,778,722,722,722,722,667,667,611,556,556,556,556,556,556,889,556,"
    "556,556,556,556,278,278,278,278,611,611,611,611,611,611,611,549,611,611,611,611,611,556,"
    "611,556"
)
# Indexed by byte value (0..255), so a width is one lookup.
BREITEN = {
    "F1": (0,) * 32 + tuple(int(w) for w in _BREITEN_TEXT.split(",")),
    "F2": (0,) * 32 + tuple(int(w) for w in _BREITEN_FETT.split(",")),
}

# Style → (font resource, size in pt, leading in pt).
STILE = {
    "titel": ("F2", 14.0, 18.0),
    "fett": ("F2", 10.5, 14.0),
    "text": ("F1", 10.5, 14.0),
    "klein": ("F1", 8.5, 11.0),
}


@dataclass(frozen=True)
class Absatz:
    """One paragraph: wrapped to the line width; `\\n` forces a line break."""

    text: str
    stil: str = "text"
    abstand: float = 7.0  # space after the paragraph, in points
    einzug: float = 0.0  # left indent, in points


def winansi(text: str) -> bytes:
    """`text` in WinAnsiEncoding (cp1252); what it cannot hold becomes "?"."""
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ").replace("\u2011", "-")
    return text.encode("cp1252", errors="replace")


def breite(text: bytes, font: str, groesse: float) -> float:
    """Width of encoded text in points."""
    return sum(map(BREITEN[font].__getitem__, text)) * groesse / 1000


def umbrechen(text: str, font: str, groesse: float, max_breite: float) -> list[bytes]:
    """Greedy word wrap by glyph widths; over-long words are cut."""
    grenze = max_breite * 1000 / groesse  # in 1/1000 em, like the width table
    widths = BREITEN[font]
    leer = widths[32]
    zeilen: list[bytes] = []
    for roh in text.split("\n"):
        zeile: list[bytes] = []
        laenge = 0
        for wort in winansi(roh).split(b" "):
            w = sum(map(widths.__getitem__, wort))
            if zeile and laenge + leer + w <= grenze:
                zeile.append(wort)
                laenge += leer + w
                continue
            if zeile:
                zeilen.append(b" ".join(zeile))
            while w > grenze:
                n, teil = 0, 0
                while n < len(wort) and teil + widths[wort[n]] <= grenze:
                    teil += widths[wort[n]]
                    n += 1
                n = max(n, 1)
                zeilen.append(wort[:n])
                wort = wort[n:]
                w = sum(map(widths.__getitem__, wort))
            zeile, laenge = [wort], w
        zeilen.append(b" ".join(zeile))
    return zeilen


def _literal(text: bytes) -> bytes:
    return b"(" + text.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _pdf_datum(datum: datetime.date) -> str:
    return f"D:{datum:%Y%m%d}090000+01'00'"


def pdf_dokument(
    absaetze: Iterable[Absatz | str],
    *,
    titel: str,
    autor: str = "",
    datum: datetime.date | None = None,
    fusszeile: str = "",
) -> bytes:
    """A PDF of the paragraphs on as many A4 pages as they need.

    Deterministic: the same arguments give the same bytes (the creation date is
    `datum`, not the clock), so identical files share one blob.
    """
    seiten: list[list[tuple[str, float, float, float, bytes]]] = [[]]
    y = SEITE_HOEHE - RAND_OBEN
    for absatz in absaetze:
        if isinstance(absatz, str):
            absatz = Absatz(absatz)
        font, groesse, zeilenabstand = STILE[absatz.stil]
        for zeile in umbrechen(absatz.text, font, groesse, ZEILENBREITE - absatz.einzug):
            if y - zeilenabstand < RAND_UNTEN:
                seiten.append([])
                y = SEITE_HOEHE - RAND_OBEN
            y -= zeilenabstand
            seiten[-1].append((font, groesse, RAND_LINKS + absatz.einzug, y, zeile))
        y -= absatz.abstand

    document = pydyf.PDF()
    fonts = {}
    for resource, base in (("F1", "Helvetica"), ("F2", "Helvetica-Bold")):
        font = pydyf.Dictionary(
            {
                "Type": "/Font",
                "Subtype": "/Type1",
                "BaseFont": f"/{base}",
                "Encoding": "/WinAnsiEncoding",
            }
        )
        document.add_object(font)
        fonts[resource] = font.reference
    resources = pydyf.Dictionary({"Font": pydyf.Dictionary(fonts)})
    for nummer, zeilen in enumerate(seiten, start=1):
        inhalt = [b"BT"]
        for font, groesse, x, y, text in zeilen:
            inhalt.append(f"/{font} {groesse:g} Tf 1 0 0 1 {x:.2f} {y:.2f} Tm".encode())
            inhalt.append(_literal(text) + b" Tj")
        unten = f"{fusszeile}  ·  Seite {nummer} von {len(seiten)}".strip(" ·")
        inhalt.append(f"/F1 8 Tf 1 0 0 1 {RAND_LINKS:.2f} {RAND_UNTEN - 30:.2f} Tm".encode())
        inhalt.append(_literal(winansi(unten)) + b" Tj")
        inhalt.append(b"ET")
        daten = zlib.compress(b"\n".join(inhalt), 6)
        stream = pydyf.Stream([daten], extra={"Filter": "/FlateDecode"})
        document.add_object(stream)
        page = pydyf.Dictionary(
            {
                "Type": "/Page",
                "Parent": document.pages.reference,
                "MediaBox": pydyf.Array([0, 0, SEITE_BREITE, SEITE_HOEHE]),
                "Contents": stream.reference,
                "Resources": resources,
            }
        )
        document.add_page(page)
    document.info["Title"] = pydyf.String(titel)
    if autor:
        document.info["Author"] = pydyf.String(autor)
    document.info["Producer"] = pydyf.String("Aktenbund Demo")
    if datum:
        document.info["CreationDate"] = pydyf.String(_pdf_datum(datum))
    output = io.BytesIO()
    document.write(output, version=b"1.7", identifier=True)
    return output.getvalue()
