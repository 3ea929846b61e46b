"""Reading PDFs (PDFium) and Outlook .msg files (extract-msg) in the "lesen" child.

Kept free of Django imports: this runs inside the child process of
`kindprozess` with its time and memory limit, so a PDF or .msg that makes
the native parser hang or blow up ends that child, not the worker. Jobs
name their input file (and for a mail an output folder, where the
attachments are written under fixed names); the rest comes back as JSON.
Input the parser refuses cleanly raises `kindprozess.Unlesbar`, which
leaves the child in service.
"""

from __future__ import annotations

import base64
import io
from pathlib import Path

from aktenbund.capture.kindprozess import Unlesbar

VORSCHAU_PIXEL = 300
MAX_ANHAENGE = 200


def vorbereiten() -> None:
    import extract_msg  # noqa: F401 (imported once, before the first job)
    import PIL.Image  # noqa: F401
    import pypdfium2  # noqa: F401


def bearbeite(job: dict) -> dict:
    if job["aufgabe"] == "pdf":
        return _pdf(job)
    if job["aufgabe"] == "msg":
        return _msg(job)
    raise ValueError(job["aufgabe"])


# --- PDF ---------------------------------------------------------------------------


def _pdf(job: dict) -> dict:
    """{"seiten": text per page, "mit_bild": pages showing an image, "vorschau":
    the first page as PNG, base64 (tens of KB: cheaper in the answer than as a file)}."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        dokument = pdfium.PdfDocument(job["eingabe"])
    except pdfium.PdfiumError as exc:
        raise Unlesbar(str(exc)) from None
    pages: list[str] = []
    mit_bild: list[int] = []
    vorschau = ""
    try:
        for n in range(len(dokument)):
            page = dokument[n]
            try:
                if job["texte"]:
                    textpage = page.get_textpage()
                    try:
                        pages.append(textpage.get_text_range().replace("\r\n", "\n"))
                    finally:
                        textpage.close()
                else:
                    pages.append("")
                if job["bilder"] and next(
                    iter(page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,))), None
                ):
                    mit_bild.append(n)
                if n == 0 and job["vorschau"]:
                    png = _png_of_page(page)
                    if png:
                        vorschau = base64.b64encode(png).decode("ascii")
            finally:
                page.close()
    except pdfium.PdfiumError as exc:
        raise Unlesbar(str(exc)) from None
    finally:
        dokument.close()
    return {"seiten": pages, "mit_bild": mit_bild, "vorschau": vorschau}


def _png_of_page(page) -> bytes | None:
    breite, hoehe = page.get_size()
    if breite <= 0 or hoehe <= 0:
        return None
    bitmap = page.render(scale=VORSCHAU_PIXEL / max(breite, hoehe), may_draw_forms=False)
    try:
        out = io.BytesIO()
        bitmap.to_pil().save(out, "PNG", compress_level=3)
        return out.getvalue()
    finally:
        bitmap.close()


# --- Outlook .msg --------------------------------------------------------------------


def _msg(job: dict) -> dict:
    """Headers, body and attachments of an Outlook .msg; attachment n (from 1)
    is written to `<ausgabe>/anhang-<n>`, its name (as the sender wrote it) and
    its default name come back in "anhaenge"."""
    import extract_msg

    try:
        message = extract_msg.openMsg(job["eingabe"])
    except Exception as exc:
        raise Unlesbar(f"{type(exc).__name__}: {exc}") from None
    try:
        datum = message.date
        html = getattr(message, "htmlBody", None)
        ergebnis = {
            "betreff": message.subject or "",
            "absender": message.sender or "",
            "empfaenger": message.to or "",
            "datum": datum.isoformat() if hasattr(datum, "isoformat") else None,
            "message_id": getattr(message, "messageId", "") or "",
            "text": message.body or "",
            "html": html.decode("utf-8", "replace") if isinstance(html, bytes) else html,
            "anhaenge": [],
        }
        for n, attachment in enumerate(message.attachments, start=1):
            if len(ergebnis["anhaenge"]) >= MAX_ANHAENGE:
                break
            payload = attachment.data
            if hasattr(payload, "exportBytes"):  # an embedded .msg
                payload = payload.exportBytes()
                default = f"anhang-{n}.msg"
            else:
                default = f"anhang-{n}"
            if isinstance(payload, bytes) and payload:
                (Path(job["ausgabe"]) / f"anhang-{n}").write_bytes(payload)
                name = attachment.longFilename or attachment.shortFilename or ""
                ergebnis["anhaenge"].append([n, str(name), default])
    finally:
        message.close()
    return ergebnis
