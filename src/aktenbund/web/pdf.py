"""PDF/A output from Django templates (WeasyPrint), shared by every app.

Documents the system writes itself (Empfangsbescheinigung, Haushaltsplan,
Auskunft letters, demo files) are PDF/A-2b: fonts embedded, an output
intent, XMP metadata, so that they can be archived as they are. Templates
extend `web/pdf/base.html`, which sets the page, fonts and page numbers.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

PDF_VARIANT = "pdf/a-2b"


def render_html_pdf(html: str, *, base_url: str | None = None) -> bytes:
    """Turn complete HTML into PDF/A-2b bytes."""
    import weasyprint  # imported lazily: loading Pango costs time at start-up

    document = weasyprint.HTML(string=html, base_url=base_url)
    return document.write_pdf(pdf_variant=PDF_VARIANT)


def render_pdf(template_name: str, context: dict[str, Any] | None = None) -> bytes:
    """Render a Django template to PDF/A-2b bytes."""
    return render_html_pdf(render_to_string(template_name, context or {}))
