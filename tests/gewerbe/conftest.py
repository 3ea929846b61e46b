from functools import cache

import pytest
from django.template.loader import render_to_string

from aktenbund.web.pdf import render_html_pdf
from tests.gewerbe.factories import make_gewerbeamt


@cache
def _kleines_pdf() -> bytes:
    return render_html_pdf("<html><body><p>Testdokument</p></body></html>")


@pytest.fixture(autouse=True)
def schnelle_pdfs(request, monkeypatch):
    """WeasyPrint lays out the form in about a second; tests that are not about
    the PDFs render the template (so template errors still fail) but file a
    small PDF. Modules with `ECHTE_PDFS = True` get the real ones."""
    if getattr(request.module, "ECHTE_PDFS", False):
        return

    def render(template_name, context=None):
        render_to_string(template_name, context or {})
        return _kleines_pdf()

    monkeypatch.setattr("aktenbund.gewerbe.services.ablage.render_pdf", render)


@pytest.fixture
def gewerbeamt_a(kommune_a):
    return make_gewerbeamt(kommune_a, "meinhard.gewerbeamt")


@pytest.fixture
def gewerbeamt_b(kommune_b):
    return make_gewerbeamt(kommune_b, "sontra.gewerbeamt")
