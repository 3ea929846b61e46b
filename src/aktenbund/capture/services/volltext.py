"""The searchable text of a Version, for the search index.

`text_of_version(version)` is the one function search calls: the text
processing stored in the Version's `Rendition` (OCR included), or, for a
Version that never went through the Posteingang, the text read directly
from its content (PDF text layer, mail, text and office files; no OCR).
`ensure_rendition` makes the Rendition for such a Version (OCR included);
the task `capture.tasks.erzeuge_rendition` runs it in the background.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django_scopes import scopes_disabled

from aktenbund.arbeitsordner import arbeitsordner
from aktenbund.blobs.services import store_blob
from aktenbund.blobs.store import get_store
from aktenbund.capture.models import Rendition
from aktenbund.capture.services.konvertierung import Abgelehnt, text_of_bytes, verarbeite_datei
from aktenbund.records.models import Version
from aktenbund.search.models import Volltextquelle
from aktenbund.search.services import set_volltext
from aktenbund.tenancy.scope import kommune_scope

MAX_TEXT_BYTES = 50 * 1024 * 1024


def rendition_of(version: Version) -> Rendition | None:
    with scopes_disabled():
        return Rendition.objects.filter(version_id=version.pk).first()


def text_of_version(version: Version) -> str:
    """The full text of `version` for the search index ("" when it has none)."""
    rendition = rendition_of(version)
    if rendition is not None:
        return rendition.text
    if version.groesse > MAX_TEXT_BYTES:
        return ""
    with get_store().open(version.blob_id) as stream:
        data = stream.read()
    return text_of_bytes(data, version.mime_type, version.dateiname)


def _ist_neueste(version_id: int) -> bool:
    """The search index holds the text of a Dokument's latest Version only."""
    version = Version.objects.get(pk=version_id)
    return not Version.objects.filter(
        dokument_id=version.dokument_id, nummer__gt=version.nummer
    ).exists()


def ensure_rendition(kommune_id: int, version_id: int) -> bool:
    """Make the Rendition of a Version if it has none; True if one was made."""
    with kommune_scope(kommune_id):
        version = Version.objects.filter(pk=version_id).first()
        if version is None or Rendition.objects.filter(version_id=version_id).exists():
            return False
        dateiname, blob_id = version.dateiname, version.blob_id
    with arbeitsordner("ab-rendition") as tmp:
        pfad = tmp / "original"
        with get_store().open(blob_id) as quelle:
            pfad.write_bytes(quelle.read())
        try:
            ergebnis = verarbeite_datei(pfad, dateiname)
        except Abgelehnt:
            return False
    with kommune_scope(kommune_id):
        try:
            with transaction.atomic():
                Rendition.objects.create(
                    kommune_id=kommune_id,
                    version_id=version_id,
                    pdf=store_blob([ergebnis.pdf], mime_type="application/pdf")
                    if ergebnis.pdf
                    else None,
                    vorschau=store_blob([ergebnis.vorschau], mime_type="image/png")
                    if ergebnis.vorschau
                    else None,
                    text=ergebnis.text,
                    seiten=ergebnis.seiten,
                    ocr=ergebnis.ocr,
                )
                if ergebnis.ocr and ergebnis.text and _ist_neueste(version_id):
                    set_volltext(
                        Version.objects.get(pk=version_id).dokument,
                        ergebnis.text,
                        quelle=Volltextquelle.OCR,
                    )
        except IntegrityError:
            return False  # made meanwhile by another worker
    return True
