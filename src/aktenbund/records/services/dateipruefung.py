"""Checking an uploaded file before anything of it is stored.

The type comes from the content (libmagic via python-magic), never from the
name. Only types a municipal file holds are accepted; containers are opened
far enough to refuse bombs: images by pixel count, PDFs by page count and
encryption, ZIP-based office files by entry count, total and ratio of
uncompressed size. Names must be plain file names: a name with a path in it
is refused, not silently cut (someone is probing).
"""

from __future__ import annotations

import io
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
    return int(getattr(settings, "AKTENBUND_MAX_UPLOAD_BYTES", 100 * 1024 * 1024))


def check_dateiname(name: str, field: str = "datei") -> str:
    """A plain file name, normalised to NFC; anything with a path is refused."""
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
        raise ValidationError(f"„{name[:80]}“: {problem}", {field: problem})
    return name


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
    except pikepdf.PasswordError:
        message = "Die PDF-Datei ist verschlüsselt; bitte ohne Kennwort hochladen."
        raise ValidationError(f"„{name}“: {message}", {field: message}) from None
    except Exception:
        message = "Die PDF-Datei ist beschädigt."
        raise ValidationError(f"„{name}“: {message}", {field: message}) from None
    if seiten > MAX_PDF_SEITEN:
        message = f"Die PDF-Datei hat mehr als {MAX_PDF_SEITEN} Seiten."
        raise ValidationError(f"„{name}“: {message}", {field: message})


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
    """Check name, size, real type and bombs; return what was found.

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
    elif mime == PDF:
        _check_pdf(stream, name, field)
    elif mime in OFFICE_ZIP:
        _check_zip(stream, name, field)
    stream.seek(0)
    return GepruefteDatei(dateiname=name, mime_type=mime, groesse=size)


def as_stream(inhalt: bytes | BinaryIO) -> BinaryIO:
    return io.BytesIO(inhalt) if isinstance(inhalt, bytes | bytearray) else inhalt
