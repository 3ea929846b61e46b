"""Checking a file before anything of it is stored: the one rule for every intake.

Every path a file takes into the E-Akte or the Posteingang (upload into a
Vorgang, new Version, Posteingang upload, mail drop, scan folder, mail
attachments, processing before filing) calls `check_datei` or, for the
name alone, `check_dateiname`; nothing else decides what is accepted.

The type comes from the content (libmagic via python-magic), never from the
name. Only types a municipal file holds are accepted; containers are opened
far enough to refuse bombs: images by pixel count, PDFs by page count and
encryption, ZIP-based office files by entry count, total and ratio of
uncompressed size. PDFs and images must be that and nothing else: a file
that is at the same time a ZIP, HTML/script or (for images) a PDF is a
polyglot and refused, and so is a PDF with active content (JavaScript or
Launch actions, which PDF/A forbids). Names must be plain file names: a name
with a path, a control character or no name at all is refused, not silently
cut (someone is probing). Only where a third party chose the name (an
attachment of a received mail) is it made safe with `sicherer_dateiname`
and the original recorded by the caller.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import BinaryIO

import magic
from django.conf import settings

from aktenbund.errors import DateitypFalsch, DateiZuGross, ValidationError

MAX_DATEINAME = 200
MAX_PIXELS = 100_000_000  # 100 megapixels: an A0 scan at 300 dpi is ~ 140 MP; A3 at 600 dpi ~ 70 MP
MAX_PDF_SEITEN = 5_000
MAX_ZIP_EINTRAEGE = 5_000
MAX_ZIP_ENTPACKT = 500 * 1024 * 1024
MAX_ZIP_VERHAELTNIS = 200

PDF = "application/pdf"
BILDER = {"image/png", "image/jpeg", "image/tiff", "image/gif"}
OFFICE_ZIP = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
}
OLE = {
    "application/msword",
    "application/vnd.ms-excel",
    "application/vnd.ms-outlook",
    "application/x-ole-storage",
    "application/CDFV2",
}
TEXT = {"text/plain", "text/csv", "text/xml", "application/xml", "message/rfc822"}
ERLAUBT = {PDF, *BILDER, *OFFICE_ZIP, *OLE, *TEXT}
# Shown inline in the browser (preview); everything else is downloaded.
VORSCHAU = {PDF, "image/png", "image/jpeg", "image/gif"}


@dataclass(frozen=True)
class GepruefteDatei:
    dateiname: str
    mime_type: str
    groesse: int


def max_upload_bytes() -> int:
    """The largest single file taken in (`AKTENBUND_MAX_UPLOAD_BYTES`, 100 MiB)."""
    return int(getattr(settings, "AKTENBUND_MAX_UPLOAD_BYTES", 100 * 1024 * 1024))


def max_request_bytes() -> int:
    """The largest request body (`AKTENBUND_MAX_REQUEST_BYTES`): by default room for
    ten files of the largest size plus the form fields; refused by its
    `Content-Length` before it is read (`records.uploads.UploadGroesseMiddleware`)."""
    default = 10 * max_upload_bytes() + 1024 * 1024
    return int(getattr(settings, "AKTENBUND_MAX_REQUEST_BYTES", None) or default)


def check_dateiname(name: str, field: str = "datei") -> str:
    """The name rule of every intake: a plain file name, normalised to NFC.

    Refused (422 naming `field`): no name, more than `MAX_DATEINAME`
    characters, a path (`/`, `\\`, `.`, `..` or a leading `..`), control or
    format characters (NUL, bidi overrides …), a colon (drive letters, NTFS
    streams).
    """
    name = unicodedata.normalize("NFC", (name or "").strip())
    problem = None
    if not name:
        problem = "Die Datei hat keinen Namen."
    elif len(name) > MAX_DATEINAME:
        problem = f"Der Dateiname ist länger als {MAX_DATEINAME} Zeichen."
    elif "/" in name or "\\" in name or name in (".", "..") or name.startswith(".."):
        problem = "Der Dateiname darf keinen Pfad enthalten."
    elif any(unicodedata.category(c).startswith("C") for c in name):
        problem = "Der Dateiname enthält Steuerzeichen."
    elif ":" in name:
        problem = "Der Dateiname darf keinen Doppelpunkt enthalten."
    if problem:
        raise ValidationError(f"„{sichtbarer_dateiname(name[:80])}“: {problem}", {field: problem})
    return name


def sichtbarer_dateiname(name: str) -> str:
    """`name` as sent, with control characters written as `\\uXXXX`: for messages
    and the audit trail (PostgreSQL cannot store NUL in text)."""
    return "".join(
        f"\\u{ord(c):04x}" if unicodedata.category(c).startswith("C") else c for c in name
    )


def sicherer_dateiname(name: str, ersatz: str) -> str:
    """A name that passes `check_dateiname`, made from one a third party chose.

    For names nobody here can correct (an attachment of a received mail): the
    path, control characters and colons are dropped and an overlong name is
    shortened, keeping its extension; `ersatz` if nothing is left. Names a
    user sends are never made safe: `check_dateiname` refuses them.
    """
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(c for c in name if not unicodedata.category(c).startswith("C"))
    name = name.replace(":", "_").strip().lstrip(".").strip()
    if len(name) > 150:
        stem, dot, ext = name.rpartition(".")
        name = (stem[:140] + dot + ext[:9]) if dot else name[:150]
    try:
        return check_dateiname(name)
    except ValidationError:
        return ersatz


def _detect(head: bytes) -> str:
    mime = magic.from_buffer(head, mime=True) or "application/octet-stream"
    if mime == "text/plain" and head.lstrip().startswith(b"<?xml"):
        return "application/xml"
    return mime


def _check_bild(stream: BinaryIO, name: str, field: str) -> None:
    from PIL import Image

    stream.seek(0)
    try:
        with Image.open(stream) as image:
            pixels = image.width * image.height
            frames = getattr(image, "n_frames", 1)
    except Image.DecompressionBombError:
        pixels, frames = MAX_PIXELS + 1, 1
    except Exception:
        raise ValidationError(
            f"„{name}“ ist keine lesbare Bilddatei.", {field: "Die Bilddatei ist beschädigt."}
        ) from None
    if pixels * frames > MAX_PIXELS:
        message = f"Das Bild ist zu groß (mehr als {MAX_PIXELS // 1_000_000} Megapixel)."
        raise ValidationError(f"„{name}“: {message}", {field: message})


def _check_pdf(stream: BinaryIO, name: str, field: str) -> None:
    import pikepdf

    stream.seek(0)
    try:
        with pikepdf.open(stream) as pdf:
            seiten = len(pdf.pages)
            aktiv = _hat_aktive_inhalte(pdf)
    except pikepdf.PasswordError:
        message = "Die PDF-Datei ist verschlüsselt; bitte ohne Kennwort hochladen."
        raise ValidationError(f"„{name}“: {message}", {field: message}) from None
    except Exception:
        message = "Die PDF-Datei ist beschädigt."
        raise ValidationError(f"„{name}“: {message}", {field: message}) from None
    if seiten > MAX_PDF_SEITEN:
        message = f"Die PDF-Datei hat mehr als {MAX_PDF_SEITEN} Seiten."
        raise ValidationError(f"„{name}“: {message}", {field: message})
    if aktiv:
        message = (
            "Die PDF-Datei enthält aktive Inhalte (JavaScript oder Programmstart) und wird nicht "
            "angenommen. Bitte als PDF/A speichern oder neu als PDF drucken."
        )
        raise ValidationError(f"„{name}“: {message}", {field: message})


def _hat_aktive_inhalte(pdf) -> bool:
    """Whether any object of the PDF holds JavaScript or a Launch action.

    Walks every object (also those packed in object streams, with names
    already decoded by qpdf, so `/J#53` is `/JS`) and the direct objects
    inside it; indirect references are visited as objects of their own.
    """
    import pikepdf

    aktionen = (pikepdf.Name.JavaScript, pikepdf.Name.Launch)
    names = pdf.Root.get("/Names")
    if isinstance(names, pikepdf.Dictionary) and "/JavaScript" in names:
        return True
    for obj in pdf.objects:
        offen = [obj]
        while offen:
            current = offen.pop()
            if isinstance(current, pikepdf.Stream):
                current = current.stream_dict
            if isinstance(current, pikepdf.Dictionary):
                if "/JS" in current or current.get("/S") in aktionen:
                    return True
                kinder = current.values()
            elif isinstance(current, pikepdf.Array):
                kinder = current
            else:
                continue
            offen.extend(
                kind
                for kind in kinder
                if isinstance(kind, (pikepdf.Dictionary, pikepdf.Array)) and not kind.is_indirect
            )
    return False


# Markup a browser would run if it ever took the file for HTML.
_MARKUP = re.compile(rb"<\s{0,16}(script|html|svg|iframe)[\s>]", re.IGNORECASE)
_MARKUP_UEBERLAPPUNG = 64


def _check_polyglott(stream: BinaryIO, mime: str, name: str, field: str) -> None:
    """A PDF or image must be nothing else: not also a ZIP, HTML/script or (image) a PDF."""
    stream.seek(0)
    head = stream.read(1024)
    message = None
    if mime == PDF and not head.startswith(b"%PDF-"):
        message = (
            "Die Datei beginnt nicht mit dem PDF-Kopf; vor dem PDF steht eine andere Datei "
            "(Polyglott-Datei)."
        )
    elif mime in BILDER and b"%PDF-" in head:
        message = "Die Bilddatei enthält zugleich ein PDF (Polyglott-Datei)."
    else:
        stream.seek(0)
        if zipfile.is_zipfile(stream):
            message = "Die Datei ist zugleich ein ZIP-Archiv (Polyglott-Datei)."
        elif _enthaelt_markup(stream):
            message = "Die Datei enthält zugleich HTML oder Skript (Polyglott-Datei)."
    if message:
        raise ValidationError(f"„{name}“: {message}", {field: message})


def _enthaelt_markup(stream: BinaryIO) -> bool:
    """Search in chunks (files may be large), overlapping so no tag is cut in two."""
    stream.seek(0)
    rest = b""
    while chunk := stream.read(1024 * 1024):
        daten = rest + chunk
        if _MARKUP.search(daten):
            return True
        rest = daten[-_MARKUP_UEBERLAPPUNG:]
    return False


def _check_zip(stream: BinaryIO, name: str, field: str) -> None:
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        message = "Die Datei ist beschädigt."
        raise ValidationError(f"„{name}“: {message}", {field: message}) from None
    entpackt = sum(info.file_size for info in infos)
    gepackt = sum(info.compress_size for info in infos) or 1
    if (
        len(infos) > MAX_ZIP_EINTRAEGE
        or entpackt > MAX_ZIP_ENTPACKT
        or entpackt / gepackt > MAX_ZIP_VERHAELTNIS
    ):
        message = "Die Datei entpackt sich auf ein Vielfaches ihrer Größe (ZIP-Bombe)."
        raise ValidationError(f"„{name}“: {message}", {field: message})


def check_datei(stream: BinaryIO, name: str, *, size: int, field: str = "datei") -> GepruefteDatei:
    """Check name, size, real type, bombs, polyglots and active PDF content.

    The one content check of every intake path; returns what was found.

    Raises `ValidationError` (422), `DateiZuGross` (413) or
    `DateitypFalsch` (415), each naming the file, before anything is stored.
    """
    name = check_dateiname(name, field)
    limit = max_upload_bytes()
    if size > limit:
        message = f"Die Datei ist größer als {limit // (1024 * 1024)} MB."
        raise DateiZuGross(f"„{name}“: {message}", {field: message})
    if size == 0:
        raise ValidationError(f"„{name}“ ist leer.", {field: "Die Datei ist leer."})
    stream.seek(0)
    mime = _detect(stream.read(64 * 1024))
    if mime not in ERLAUBT:
        message = (
            f"Dateien dieser Art ({mime}) werden nicht angenommen. Erlaubt sind PDF, Bilder, "
            "Office-Dokumente, Text und E-Mails."
        )
        raise DateitypFalsch(f"„{name}“: {message}", {field: message})
    if mime in BILDER:
        _check_bild(stream, name, field)
        _check_polyglott(stream, mime, name, field)
    elif mime == PDF:
        _check_polyglott(stream, mime, name, field)
        _check_pdf(stream, name, field)
    elif mime in OFFICE_ZIP:
        _check_zip(stream, name, field)
    stream.seek(0)
    return GepruefteDatei(dateiname=name, mime_type=mime, groesse=size)


def as_stream(inhalt: bytes | BinaryIO) -> BinaryIO:
    return io.BytesIO(inhalt) if isinstance(inhalt, bytes | bytearray) else inhalt
