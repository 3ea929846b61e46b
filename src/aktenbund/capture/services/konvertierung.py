"""Turning one arrived file into what the E-Akte keeps: PDF/A, text, preview.

Pure file work, no database: `verarbeite_datei(pfad, dateiname)` returns an
`Ergebnis` or raises `Abgelehnt` with a German reason. The type comes from
the content (records' `check_datei`, which also refuses bombs, encryption,
oversize, polyglot files valid as two types at once and PDFs with active
content): the same rule as for every other way into the E-Akte.

- born-digital PDFs (every page has text) keep their content and text;
  with `AKTENBUND_CAPTURE_PDFA_IMMER` they are also converted to PDF/A-2b;
- scanned PDFs (pages without text) go through OCRmyPDF with Tesseract
  `deu` to PDF/A-2b; pages that already have text are left as they are;
- images (TIFF incl. multi-page, JPEG, PNG, GIF) become a PDF (img2pdf,
  lossless), then OCR to PDF/A-2b;
- e-mails (.eml, .msg), text and office files give their text only.

OCR, PDFium and extract-msg run in child processes with a time and memory
limit (`kindprozess`), so a hostile file that makes Ghostscript, Tesseract or
a parser run away ends in `Abgelehnt`, not in a dead or hanging worker.
Poppler's tools run with timeouts for the same reason. Every temp file lies
in a working folder below the data dir (`arbeitsordner`), which
`capture_poll` cleans after a crash.
"""

from __future__ import annotations

import base64
import logging
import re
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.conf import settings

from aktenbund.arbeitsordner import arbeitsordner, wurzel
from aktenbund.errors import DomainError
from aktenbund.records.services.dateipruefung import BILDER, OFFICE_ZIP, PDF, check_datei

logger = logging.getLogger(__name__)

MAILS = {"message/rfc822"}
OUTLOOK = {"application/vnd.ms-outlook", "application/CDFV2", "application/x-ole-storage"}
# A page with fewer visible characters than this counts as scanned.
MIN_ZEICHEN_PRO_SEITE = 20
VORSCHAU_PIXEL = 300
POPPLER_TIMEOUT = 60
ZU_LANGE = "Die Datei braucht zu lange zum Lesen und wird nicht angenommen."


class Abgelehnt(Exception):
    """The file cannot be taken into the E-Akte; `message` says why, in German."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Ergebnis:
    mime_type: str
    text: str = ""
    pdf: bytes | None = None  # the PDF/A rendition, if one was made
    vorschau: bytes | None = None  # PNG of the first page
    seiten: int | None = None
    ocr: bool = False


def ocr_timeout() -> int:
    return int(getattr(settings, "AKTENBUND_CAPTURE_OCR_TIMEOUT", 600))


def ocr_memory_bytes() -> int:
    return int(getattr(settings, "AKTENBUND_CAPTURE_OCR_MEMORY", 3 * 1024**3))


def lesen_timeout() -> float:
    return float(getattr(settings, "AKTENBUND_CAPTURE_LESEN_TIMEOUT", 60))


def lesen_memory_bytes() -> int:
    return int(getattr(settings, "AKTENBUND_CAPTURE_LESEN_MEMORY", 1024**3))


def inprozess_max_bytes() -> int:
    return int(getattr(settings, "AKTENBUND_CAPTURE_INPROZESS_MAX_BYTES", 8 * 1024 * 1024))


def pdfa_immer() -> bool:
    return bool(getattr(settings, "AKTENBUND_CAPTURE_PDFA_IMMER", False))


# --- checks --------------------------------------------------------------------


def pruefe(pfad: Path, dateiname: str) -> str:
    """Check the file with records' `check_datei` (the one rule of every intake); its MIME type."""
    with pfad.open("rb") as stream:
        return pruefe_offen(stream, dateiname, size=pfad.stat().st_size)


def pruefe_offen(stream: BinaryIO, dateiname: str, *, size: int) -> str:
    """`pruefe` for a file already open (the scan folder reads by descriptor)."""
    try:
        geprueft = check_datei(stream, dateiname, size=size)
    except DomainError as exc:
        raise Abgelehnt(next(iter(exc.errors.values()), exc.message)) from None
    return geprueft.mime_type


# --- tools ---------------------------------------------------------------------


def _run(cmd: list[str], *, timeout: int = POPPLER_TIMEOUT) -> bytes:
    try:
        done = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise Abgelehnt(ZU_LANGE) from None
    if done.returncode != 0:
        raise Abgelehnt("Die PDF-Datei ist beschädigt und kann nicht gelesen werden.")
    return done.stdout


def seitentexte(pdf: Path) -> list[str]:
    """The text of each page (pdftotext, reading order)."""
    out = _run(["pdftotext", "-enc", "UTF-8", "-layout", str(pdf), "-"])
    pages = out.decode("utf-8", "replace").split("\f")
    if pages and not pages[-1].strip():
        pages = pages[:-1]
    return pages


def _text_of_pdf(pdf: Path) -> str:
    return _verbinde(pdf_lesen(pdf, vorschau=False)[0])


def vorschau_of_pdf(pdf: Path) -> bytes | None:
    """A PNG of the first page, at most VORSCHAU_PIXEL wide or high."""
    with arbeitsordner("ab-vorschau") as tmp:
        target = tmp / "seite"
        try:
            _run(
                [
                    "pdftoppm",
                    "-png",
                    "-f",
                    "1",
                    "-l",
                    "1",
                    "-scale-to",
                    str(VORSCHAU_PIXEL),
                    "-singlefile",
                    str(pdf),
                    str(target),
                ]
            )
        except Abgelehnt:
            return None
        png = target.with_suffix(".png")
        return png.read_bytes() if png.exists() else None


def _verbinde(pages: list[str]) -> str:
    return "\n\n".join(page.strip() for page in pages).strip()


def pdf_lesen(
    pdf: Path, *, texte: bool = True, bilder: bool = False, vorschau: bool = True
) -> tuple[list[str], set[int], bytes | None]:
    """(text of each page, numbers of pages showing an image, PNG of page 1).

    PDFs up to `INPROZESS_MAX_BYTES` are read by PDFium in the limited
    "lesen" child, opened once for all three (a few milliseconds instead of
    two poppler processes and a pikepdf open); larger ones by poppler's tools
    in child processes with timeouts, and pikepdf. Without `texte` the texts
    are not read.
    """
    if pdf.stat().st_size <= inprozess_max_bytes():
        return _pdfium_lesen(pdf, texte=texte, bilder=bilder, vorschau=vorschau)
    pages = seitentexte(pdf) if texte or bilder else []
    return (
        pages,
        _seiten_mit_bild(pdf) if bilder else set(),
        vorschau_of_pdf(pdf) if vorschau else None,
    )


def im_kind_lesen(job: dict, *, beschaedigt: str) -> dict:
    """Run a job of `leseprozess` in the limited "lesen" child; its answer.

    Raises `Abgelehnt`: for a parser running past `AKTENBUND_CAPTURE_LESEN_TIMEOUT`
    or past `AKTENBUND_CAPTURE_LESEN_MEMORY`, and with `beschaedigt` for
    anything else that goes wrong.
    """
    from aktenbund.capture.kindprozess import run

    status, antwort = run(
        "lesen", job, frist=lesen_timeout(), memory=lesen_memory_bytes(), root=str(wurzel())
    )
    if status == "ok":
        return antwort
    logger.warning("Reading %s failed (%s): %s", job["aufgabe"], status, antwort)
    if status == "timeout":
        raise Abgelehnt(ZU_LANGE)
    if status == "abbruch" or "MemoryError" in str(antwort):
        raise Abgelehnt(
            "Die Datei braucht zum Lesen zu viel Speicher oder bringt das Leseprogramm zum "
            "Absturz; sie wird nicht angenommen."
        )
    raise Abgelehnt(beschaedigt)


def _pdfium_lesen(
    pfad: Path, *, texte: bool, bilder: bool, vorschau: bool
) -> tuple[list[str], set[int], bytes | None]:
    antwort = im_kind_lesen(
        {
            "aufgabe": "pdf",
            "eingabe": str(pfad),
            "texte": texte,
            "bilder": bilder,
            "vorschau": vorschau,
        },
        beschaedigt="Die PDF-Datei ist beschädigt und kann nicht gelesen werden.",
    )
    png = base64.b64decode(antwort["vorschau"]) if antwort["vorschau"] else None
    return [str(text) for text in antwort["seiten"]], {int(n) for n in antwort["mit_bild"]}, png


def ocr(eingabe: Path, ausgabe: Path, *, modus: str) -> None:
    """OCRmyPDF (Tesseract deu) to PDF/A-2b in a limited child (see `ocrprozess`)."""
    from aktenbund.capture.ocrprozess import run_ocr

    status, detail = run_ocr(
        str(eingabe),
        str(ausgabe),
        modus=modus,
        timeout=ocr_timeout(),
        memory=ocr_memory_bytes(),
        root=str(wurzel()),
    )
    if status == "timeout":
        raise Abgelehnt("Die Texterkennung hat zu lange gedauert; die Datei wird nicht angenommen.")
    if status != "ok" or not ausgabe.exists():
        logger.warning("OCR of %s failed: %s", eingabe.name, detail)
        if "EncryptedPdfError" in detail:
            raise Abgelehnt("Die PDF-Datei ist verschlüsselt; bitte ohne Kennwort einreichen.")
        if "MemoryError" in detail or "DecompressionBomb" in detail:
            raise Abgelehnt("Die Datei ist zu groß für die Texterkennung (Bildbombe?).")
        raise Abgelehnt("Die Datei konnte nicht in PDF/A umgewandelt werden (beschädigt?).")


# --- per type ------------------------------------------------------------------


def _pdf(pfad: Path, tmp: Path) -> Ergebnis:
    pages, mit_bild, vorschau = pdf_lesen(pfad, bilder=True, vorschau=not pdfa_immer())
    # A page needs OCR when it shows an image and (almost) no text: a scan.
    leer = [
        n
        for n, text in enumerate(pages)
        if n in mit_bild and len("".join(text.split())) < MIN_ZEICHEN_PRO_SEITE
    ]
    if not leer:
        text = "\n\n".join(page.strip() for page in pages).strip()
        ergebnis = Ergebnis(mime_type=PDF, text=text, seiten=len(pages), vorschau=vorschau)
        if pdfa_immer():
            ziel = tmp / "pdfa.pdf"
            ocr(pfad, ziel, modus="nur_pdfa")
            ergebnis.pdf = ziel.read_bytes()
            ergebnis.vorschau = pdf_lesen(ziel, texte=False)[2]
        return ergebnis
    ziel = tmp / "ocr.pdf"
    ocr(pfad, ziel, modus="ohne_text" if len(leer) < len(pages) else "alles")
    texte, _, vorschau = pdf_lesen(ziel)
    return Ergebnis(
        mime_type=PDF,
        text=_verbinde(texte),
        pdf=ziel.read_bytes(),
        vorschau=vorschau,
        seiten=len(pages),
        ocr=True,
    )


def _seiten_mit_bild(pfad: Path) -> set[int]:
    import pikepdf

    try:
        with pikepdf.open(pfad) as pdf:
            return {n for n, page in enumerate(pdf.pages) if page.get_images()}
    except Exception:
        raise Abgelehnt("Die PDF-Datei ist beschädigt und kann nicht gelesen werden.") from None


def _bild_als_pdf(pfad: Path, tmp: Path) -> Path:
    import img2pdf
    from PIL import Image, ImageSequence

    ziel = tmp / "bild.pdf"
    try:
        ziel.write_bytes(img2pdf.convert(str(pfad), rotation=img2pdf.Rotation.ifvalid))
        return ziel
    except Exception:
        pass
    # img2pdf refuses some (alpha channel, palette GIF): flatten with Pillow.
    try:
        with Image.open(pfad) as image:
            frames = [frame.convert("RGB") for frame in ImageSequence.Iterator(image)]
            dpi = image.info.get("dpi", (150, 150))
            frames[0].save(
                ziel, "PDF", save_all=True, append_images=frames[1:], resolution=float(dpi[0])
            )
    except Exception:
        raise Abgelehnt("Die Bilddatei ist beschädigt und kann nicht gelesen werden.") from None
    return ziel


def _bild(pfad: Path, mime: str, tmp: Path) -> Ergebnis:
    pdf = _bild_als_pdf(pfad, tmp)
    ziel = tmp / "ocr.pdf"
    ocr(pdf, ziel, modus="alles")
    texte, _, vorschau = pdf_lesen(ziel)
    return Ergebnis(
        mime_type=mime,
        text=_verbinde(texte),
        pdf=ziel.read_bytes(),
        vorschau=vorschau,
        seiten=len(texte),
        ocr=True,
    )


def _decode(data: bytes) -> str:
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _office_text(pfad: Path, mime: str) -> str:
    from lxml import etree

    teile = {
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document": [
            "word/document.xml"
        ],
        "application/vnd.oasis.opendocument.text": ["content.xml"],
        "application/vnd.oasis.opendocument.spreadsheet": ["content.xml"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": [
            "xl/sharedStrings.xml"
        ],
    }.get(mime, [])
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    texte = []
    with zipfile.ZipFile(pfad) as archive:
        for name in teile:
            if name not in archive.namelist():
                continue
            with archive.open(name) as handle:
                data = handle.read(50 * 1024 * 1024)
            try:
                root = etree.fromstring(data, parser)
            except etree.XMLSyntaxError:
                raise Abgelehnt("Die Office-Datei ist beschädigt.") from None
            # Paragraph ends become line breaks; everything else is plain text.
            for element in root.iter():
                tag = element.tag if isinstance(element.tag, str) else ""
                if element.text and tag.rsplit("}", 1)[-1] in ("t", "p", "h", "span", "s"):
                    texte.append(element.text)
                if tag.rsplit("}", 1)[-1] in ("p", "h"):
                    texte.append("\n")
    return re.sub(r"\n{3,}", "\n\n", " ".join(texte).replace(" \n ", "\n")).strip()


def verarbeite_datei(pfad: Path, dateiname: str) -> Ergebnis:
    """Check and process one file; raises `Abgelehnt` with the reason."""
    from aktenbund.capture.services.mail import mail_als_text, parse_mail

    mime = pruefe(pfad, dateiname)
    with arbeitsordner("ab-capture") as tmp:
        if mime == PDF:
            return _pdf(pfad, tmp)
        if mime in BILDER:
            return _bild(pfad, mime, tmp)
        if mime in MAILS or (mime in OUTLOOK and dateiname.lower().endswith(".msg")):
            data = pfad.read_bytes()
            try:
                mail = parse_mail(data, mime)
            except DomainError as exc:  # says why: damaged, too slow or too big to read
                raise Abgelehnt(exc.message) from None
            return Ergebnis(mime_type=mime, text=mail_als_text(mail))
        if mime in OFFICE_ZIP:
            return Ergebnis(mime_type=mime, text=_office_text(pfad, mime))
        if mime.startswith("text/") or mime == "application/xml":
            return Ergebnis(mime_type=mime, text=_decode(pfad.read_bytes()).strip())
        return Ergebnis(mime_type=mime)


def text_of_bytes(data: bytes, mime: str, dateiname: str) -> str:
    """Text of stored content without OCR (for Versionen processed nowhere else)."""
    from aktenbund.capture.services.mail import mail_text

    with arbeitsordner("ab-text") as tmp:
        pfad = tmp / "datei"
        pfad.write_bytes(data)
        try:
            if mime == PDF:
                return _text_of_pdf(pfad)
            if mime in MAILS or mime in OUTLOOK:
                return mail_text(data, mime)
            if mime in OFFICE_ZIP:
                return _office_text(pfad, mime)
            if mime.startswith("text/") or mime == "application/xml":
                return _decode(data).strip()
        except (Abgelehnt, zipfile.BadZipFile, OSError, ValueError):
            return ""
    return ""
