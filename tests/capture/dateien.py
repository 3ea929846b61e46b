"""Test files made on the fly: born-digital and scanned PDFs, images, mails."""

from __future__ import annotations

import email.message
import email.utils
import io

import pikepdf
from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def text_pdf(*seiten: str) -> bytes:
    """A born-digital PDF: each argument is one page of real (extractable) text."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.Type1,
            BaseFont=pikepdf.Name.Helvetica,
            Encoding=pikepdf.Name.WinAnsiEncoding,
        )
    )
    for text in seiten or ("Aktenbund",):
        lines = []
        for n, line in enumerate(text.splitlines() or [text]):
            escaped = line.encode("cp1252").replace(b"\\", b"\\\\").replace(b"(", b"\\(")
            escaped = escaped.replace(b")", b"\\)")
            lines.append(b"BT /F1 14 Tf 72 %d Td (%s) Tj ET" % (760 - 20 * n, escaped))
        page = pikepdf.Page(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Page,
                MediaBox=[0, 0, 595, 842],
                Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
                Contents=pdf.make_stream(b"\n".join(lines)),
            )
        )
        pdf.pages.append(page)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def scan_bild(text: str, size=(1240, 1754), mode="L") -> Image.Image:
    """A 150-dpi A4 "scan" with `text` in large print."""
    image = Image.new(mode, size, 255 if mode == "L" else (255, 255, 255))
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 44)
    for n, line in enumerate(text.splitlines()):
        draw.text((100, 200 + 70 * n), line, font=font, fill=0 if mode == "L" else (0, 0, 0))
    return image


def bild_bytes(text: str, format: str = "PNG", **save) -> bytes:
    out = io.BytesIO()
    scan_bild(text, mode="RGB" if format == "JPEG" else "L").save(
        out, format, dpi=(150, 150), **save
    )
    return out.getvalue()


def tiff_mehrseitig(*texte: str) -> bytes:
    bilder = [scan_bild(t) for t in texte]
    out = io.BytesIO()
    bilder[0].save(out, "TIFF", save_all=True, append_images=bilder[1:], dpi=(150, 150))
    return out.getvalue()


def scan_pdf(text: str) -> bytes:
    """A scanned PDF: one page image, no text layer."""
    import img2pdf

    return img2pdf.convert(bild_bytes(text))


def eml(
    betreff: str = "Bauantrag Müller",
    text: str = "Sehr geehrte Damen und Herren,\nanbei der Bauantrag.",
    anhaenge: list[tuple[str, bytes, str]] | None = None,
    absender: str = "Erika Müller <erika@example.org>",
) -> bytes:
    message = email.message.EmailMessage()
    message["From"] = absender
    message["To"] = "poststelle@meinhard.example.org"
    message["Subject"] = betreff
    message["Date"] = email.utils.format_datetime(
        email.utils.parsedate_to_datetime("Tue, 24 Nov 2026 09:30:00 +0100")
    )
    message["Message-ID"] = email.utils.make_msgid(domain="example.org")
    message.set_content(text)
    for name, data, mime in anhaenge or []:
        maintype, subtype = mime.split("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return message.as_bytes()


# --- hostile files: valid as two types at once, or active -----------------------------


def zip_archiv(inhalt: bytes = b"x") -> bytes:
    """A small ZIP archive (appended to a PDF or image it makes a polyglot)."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("payload.js", inhalt)
    return out.getvalue()


def pdf_mit_html(text: str = "harmlos") -> bytes:
    """A valid PDF that is also an HTML page with a script (browsers sniffing it run it)."""
    return text_pdf(text) + b"\n<html><body><script>alert(document.cookie)</script></body></html>\n"


def pdf_mit_javascript(aktion: str = "JavaScript") -> bytes:
    """A valid PDF whose OpenAction runs JavaScript (or, with "Launch", a program) on opening;
    saved in object streams, so the action is not visible in the raw bytes."""
    pdf = pikepdf.open(io.BytesIO(text_pdf("Bitte öffnen")))
    if aktion == "Launch":
        action = pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("cmd.exe"))
    else:
        action = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
    pdf.Root.OpenAction = action
    out = io.BytesIO()
    pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()
