"""Demo Posteingang: per Kommune bereit PDFs, one e-mail with attachment, one Fehler; idempotent."""

from __future__ import annotations

import pytest

from aktenbund.capture import demo
from aktenbund.capture.models import Posteingangseintrag, Quelle, Rolle, Status
from aktenbund.tenancy import demo as tenancy_demo
from aktenbund.tenancy.models import Kommune
from aktenbund.tenancy.scope import kommune_scope
from tests.capture.helpers import dateien_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def _schnelle_passwoerter(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _eintraege(kommune) -> list[Posteingangseintrag]:
    with kommune_scope(kommune):
        return list(Posteingangseintrag.objects.select_related("oe").order_by("pk"))


def test_demo_posteingang_in_every_kommune_idempotent(_schnelle_passwoerter):
    tenancy_demo.load()
    demo.load()
    demo.load()  # nothing twice
    kommunen = list(Kommune.objects.order_by("name"))
    assert len(kommunen) == len(tenancy_demo.KOMMUNEN)
    for kommune in kommunen:
        eintraege = {e.herkunft: e for e in _eintraege(kommune)}
        assert sorted(eintraege) == [
            "demo:bauantrag",
            "demo:gewerbe",
            "demo:mail",
            "demo:scan-defekt",
        ], kommune
        for key in ("demo:bauantrag", "demo:gewerbe", "demo:mail"):
            assert eintraege[key].status == Status.BEREIT, eintraege[key].fehlergrund
        assert eintraege["demo:gewerbe"].oe.kurzzeichen == "32.1"
        defekt = eintraege["demo:scan-defekt"]
        assert defekt.status == Status.FEHLER and defekt.fehlergrund
        assert "PDF" in defekt.fehlergrund  # the pipeline's own German reason
        mail = eintraege["demo:mail"]
        assert mail.quelle == Quelle.EMAIL
        assert mail.betreff == "Widerspruch gegen den Gebührenbescheid Abfall 2026"
        assert "jana.schaefer@example.org" in mail.absender
        dateien = dateien_of(mail)
        assert [(f.rolle, f.dateiname) for f in dateien] == [
            (Rolle.MAIL, "Widerspruch gegen den Gebührenbescheid Abfall 2026.eml"),
            (Rolle.ANHANG, "Widerspruch Begründung.pdf"),
        ]
        assert "Neuberechnung" in dateien[1].text  # born-digital text, no OCR
        assert not any(f.ocr for e in eintraege.values() for f in dateien_of(e))
