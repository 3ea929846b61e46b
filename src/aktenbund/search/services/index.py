"""Keeping the Suchindex current.

The records services call these functions inside their own transaction
(one line per change: a new Dokument or Version, a metadata edit, a moved,
renamed, closed or reopened Vorgang, a changed Akte), so the index is never
behind the records it describes. Rights are not indexed (the search joins
them live), so Freigaben and access lists need no call.

`set_volltext(dokument, text)` is the hook for the capture pipeline: after
OCR it hands over the recognised text of the Dokument's latest Version.
"""

from __future__ import annotations

import logging
import subprocess
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connection, transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from aktenbund.arbeitsordner import arbeitsordner
from aktenbund.blobs.store import get_store
from aktenbund.records.models import Akte, Dokument, Dokumenttyp, Version, Vorgang
from aktenbund.search import analyse
from aktenbund.search.models import Suchindex, Volltextquelle

logger = logging.getLogger(__name__)

MAX_VOLLTEXT = 2_000_000  # characters kept per Dokument
MAX_TEXTDATEI = 5 * 1024 * 1024  # bytes read from a text file
PDFTOTEXT_TIMEOUT = 60
# PostgreSQL keeps positions up to 16383 and at most 256 per lexeme.
PG_MAX_POSITION = 16383
PG_MAX_POSITIONEN = 256
TEXT_ABSTAND = 100  # gap between head fields and text: no phrase spans both

TEXT_MIMES = ("text/plain", "text/csv", "text/markdown", "text/html", "text/xml")


# --- text of a Version --------------------------------------------------------

# Text a caller already extracted, by blob (capture hands over what its
# processing read, so filing does not read the file a second time).
_vorgegeben: ContextVar[dict[str, tuple[str, str]] | None] = ContextVar(
    "volltext_vorgegeben", default=None
)


@contextmanager
def volltext_vorgegeben(blob_id: str, text: str, quelle: str) -> Iterator[None]:
    """Within the block, a Version with content `blob_id` is indexed with `text`."""
    if quelle not in Volltextquelle.values:
        raise ValueError(f"unknown Volltextquelle {quelle!r}")
    token = _vorgegeben.set({**(_vorgegeben.get() or {}), blob_id: (text[:MAX_VOLLTEXT], quelle)})
    try:
        yield
    finally:
        _vorgegeben.reset(token)


def text_der_version(version: Version) -> tuple[str, str]:
    """Plain text of one Version and where it came from ("" if it has none).

    PDFs go through poppler's `pdftotext` (born-digital text; scanned PDFs
    give little or nothing until OCR calls `set_volltext`), text files are
    decoded as UTF-8 (Windows-1252 as fallback). Anything else has no text.
    A broken file yields no text rather than an error: filing must not fail
    because a file cannot be read for search.
    """
    vorgegeben = (_vorgegeben.get() or {}).get(version.blob_id)
    if vorgegeben is not None:
        return vorgegeben
    mime = version.mime_type or ""
    if mime == "application/pdf":
        # A working folder below the data dir, not the system temp dir: a
        # worker killed here leaves the document where capture_poll cleans up.
        with get_store().open(version.blob_id) as quelle, arbeitsordner("ab-pdftotext") as ordner:
            kopie = ordner / "version.pdf"
            with kopie.open("wb") as tmp:
                while chunk := quelle.read(1024 * 1024):
                    tmp.write(chunk)
            try:
                result = subprocess.run(
                    ["pdftotext", "-q", "-enc", "UTF-8", str(kopie), "-"],
                    capture_output=True,
                    timeout=PDFTOTEXT_TIMEOUT,
                    check=False,
                )
            except (OSError, subprocess.TimeoutExpired) as exc:
                logger.warning("pdftotext failed for version %s: %s", version.pk, exc)
                return "", Volltextquelle.KEINE
        text = result.stdout.decode("utf-8", errors="replace")
        return text[:MAX_VOLLTEXT], Volltextquelle.PDF
    if mime.split(";")[0].strip() in TEXT_MIMES:
        with get_store().open(version.blob_id) as quelle:
            raw = quelle.read(MAX_TEXTDATEI)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("cp1252", errors="replace")
        return text[:MAX_VOLLTEXT], Volltextquelle.TEXT
    return "", Volltextquelle.KEINE


# --- the rows -----------------------------------------------------------------


def kopftext(eintrag: Suchindex) -> str:
    """The head fields as one text (Titel, Betreff, Aktenzeichen, Absender …)."""
    return "\n".join(
        part
        for part in (
            eintrag.titel,
            eintrag.betreff,
            eintrag.akte_betreff,
            eintrag.aktenzeichen,
            eintrag.fruehere_aktenzeichen,
            eintrag.absender,
            eintrag.empfaenger,
            str(Dokumenttyp(eintrag.typ).label) if eintrag.typ in Dokumenttyp.values else "",
            eintrag.datum.strftime("%d.%m.%Y") if eintrag.datum else "",
        )
        if part
    )


def tsvector_literal(kopf: list[str], text: list[str]) -> str:
    """A tsvector in PostgreSQL's input syntax with our own tokens and positions.

    Head tokens get weight A, text tokens the default D; tokens are
    letters and digits only, so they need no escaping. `analyse.LUECKE`
    takes a position and is not written: no phrase spans it.
    """
    positionen: dict[str, list[str]] = defaultdict(list)
    for pos, token in enumerate(kopf, start=1):
        if token != analyse.LUECKE and len(positionen[token]) < PG_MAX_POSITIONEN:
            positionen[token].append(f"{min(pos, PG_MAX_POSITION)}A")
    start = len(kopf) + TEXT_ABSTAND
    for pos, token in enumerate(text, start=start):
        if token != analyse.LUECKE and len(positionen[token]) < PG_MAX_POSITIONEN:
            positionen[token].append(str(min(pos, PG_MAX_POSITION)))
    return " ".join(f"'{token}':{','.join(pos)}" for token, pos in positionen.items())


def schreibe_tokens(
    eintraege: Iterable[tuple[int, int, list[str], list[str]]], *, neu: bool = False
) -> None:
    """Write (suchindex_id, kommune_id, head tokens, text tokens) to the backend's index.

    `neu`: the rows were just inserted (SQLite: no FTS row to replace).
    """
    eintraege = list(eintraege)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The pairs of adjacent tokens beside, for phrases (search migration
            # 0008). executemany: one round trip (psycopg's pipeline).
            cursor.executemany(
                "UPDATE search_suchindex "
                "SET suchvektor = x.v, paarvektor = aktenbund_wortpaare(x.v) "
                "FROM (SELECT %s::tsvector AS v) x WHERE id = %s",
                [(tsvector_literal(kopf, text), pk) for pk, _, kopf, text in eintraege],
            )
            return
        if not neu:
            cursor.executemany(
                "DELETE FROM search_fts WHERE rowid = %s", [(pk,) for pk, *_ in eintraege]
            )
        cursor.executemany(
            "INSERT INTO search_fts (rowid, kopf, text, mandant) VALUES (%s, %s, %s, %s)",
            [
                (pk, " ".join(kopf), " ".join(text), f"m{kommune_id}")
                for pk, kommune_id, kopf, text in eintraege
            ],
        )


def _metadaten(eintrag: Suchindex, dokument: Dokument, vorgang: Vorgang, akte: Akte) -> None:
    eintrag.kommune_id = dokument.kommune_id
    eintrag.vorgang_id = vorgang.pk
    eintrag.akte_id = akte.pk
    eintrag.organisationseinheit_id = akte.federfuehrende_oe_id
    eintrag.aktenplaneinheit_id = akte.aktenplaneinheit_id
    eintrag.titel = dokument.titel
    eintrag.betreff = vorgang.betreff
    eintrag.akte_betreff = akte.betreff
    eintrag.aktenzeichen = vorgang.aktenzeichen
    eintrag.fruehere_aktenzeichen = " ".join(
        str(f.get("aktenzeichen", "")) for f in vorgang.fruehere_aktenzeichen or []
    )
    eintrag.absender = dokument.absender
    eintrag.empfaenger = dokument.empfaenger
    eintrag.typ = dokument.typ
    eintrag.richtung = dokument.richtung
    eintrag.datum = dokument.datum
    eintrag.status = "zda" if vorgang.ist_zda or akte.ist_zda else "offen"
    eintrag.vertraulich = akte.vertraulich
    eintrag.aktualisiert_am = timezone.now()


def _speichere(eintraege: list[Suchindex], *, neu: bool = False) -> None:
    if neu:
        Suchindex.objects.bulk_create(eintraege)
    else:
        for eintrag in eintraege:
            eintrag.save()
    tokens = (
        (e.pk, e.kommune_id, analyse.tokens(kopftext(e)), analyse.tokens(e.volltext))
        for e in eintraege
    )
    schreibe_tokens(tokens, neu=neu)
    merke_suchwoerter((e.kommune_id, kopftext(e), e.volltext) for e in eintraege)


def merke_suchwoerter(texte: Iterable[tuple[int, str, str]]) -> None:
    """Add the words of (kommune_id, head text, text) to the Kommune's `Suchwort`
    vocabulary (for "Meinten Sie …?").

    On PostgreSQL only while the transaction works in that Kommune (or in
    none: `migrate`): a Dokument filed into another Kommune's Vorgang under a
    Freigabe adds no words to that Kommune's vocabulary (its row-level
    policy would refuse them); `reindex_suche` adds them.
    """
    woerter: dict[int, set[str]] = defaultdict(set)
    for kommune_id, kopf, text in texte:
        woerter[kommune_id] |= analyse.suchwoerter(kopf) | analyse.suchwoerter(text)
    with connection.cursor() as cursor:
        for kommune_id, neue in woerter.items():
            if not neue:
                continue
            if connection.vendor == "postgresql":
                cursor.execute(
                    "INSERT INTO search_suchwort (kommune_id, wort) "
                    "SELECT %s, w FROM unnest(%s::text[]) w "
                    "WHERE coalesce(nullif(current_setting('aktenbund.kommune', true), '')::bigint,"
                    " %s) = %s ON CONFLICT DO NOTHING",
                    [kommune_id, sorted(neue), kommune_id, kommune_id],
                )
            else:
                cursor.executemany(
                    "INSERT OR IGNORE INTO search_suchwort (kommune_id, wort) VALUES (%s, %s)",
                    [(kommune_id, w) for w in sorted(neue)],
                )


@transaction.atomic
def reindex_dokument(dokument: Dokument) -> Suchindex:
    """Bring one Dokument's index row up to date (metadata, and text of a new Version)."""
    with scopes_disabled():
        dokument = Dokument.objects.select_related("vorgang__akte").get(pk=dokument.pk)
        eintrag = Suchindex.objects.filter(dokument_id=dokument.pk).first() or Suchindex(
            dokument=dokument
        )
        neueste = Version.objects.filter(dokument_id=dokument.pk).order_by("-nummer").first()
        _metadaten(eintrag, dokument, dokument.vorgang, dokument.vorgang.akte)
        if neueste is not None and neueste.pk != eintrag.version_id:
            eintrag.volltext, eintrag.volltext_quelle = text_der_version(neueste)
            eintrag.version = neueste
        _speichere([eintrag])
    return eintrag


def index_neues_dokument(dokument: Dokument, version: Version) -> Suchindex:
    """The index row of a Dokument just made with its first Version (see
    `index_neue_dokumente`)."""
    return index_neue_dokumente([(dokument, version)])[0]


def index_neue_dokumente(neu: list[tuple[Dokument, Version]]) -> list[Suchindex]:
    """The index rows of Dokumente just made, each with its first Version.

    Each `dokument.vorgang` (with its Akte) is the one the caller checked;
    nothing is read again. Call it in the creating transaction.
    """
    eintraege = []
    with scopes_disabled():
        for dokument, version in neu:
            eintrag = Suchindex(dokument=dokument)
            vorgang = dokument.vorgang
            _metadaten(eintrag, dokument, vorgang, vorgang.akte)
            eintrag.volltext, eintrag.volltext_quelle = text_der_version(version)
            eintrag.version = version
            eintraege.append(eintrag)
        _speichere(eintraege, neu=True)
    return eintraege


@transaction.atomic
def reindex_vorgang(vorgang: Vorgang) -> int:
    """Refresh every Dokument of a Vorgang (Betreff, Aktenzeichen, Status, Akte changed)."""
    with scopes_disabled():
        vorgang = Vorgang.objects.select_related("akte").get(pk=vorgang.pk)
        eintraege = list(Suchindex.objects.filter(vorgang_id=vorgang.pk).select_related("dokument"))
        for eintrag in eintraege:
            _metadaten(eintrag, eintrag.dokument, vorgang, vorgang.akte)
        _speichere(eintraege)
    return len(eintraege)


@transaction.atomic
def reindex_akte(akte: Akte) -> int:
    """Refresh every Dokument in an Akte (its Betreff, OE, vertraulich changed)."""
    with scopes_disabled():
        vorgaenge = list(Vorgang.objects.filter(akte_id=akte.pk))
    return sum(reindex_vorgang(v) for v in vorgaenge)


@transaction.atomic
def set_volltext(dokument: Dokument, text: str, *, quelle: str = Volltextquelle.OCR) -> Suchindex:
    """Hook for capture/OCR: the recognised text of the Dokument's latest Version.

    Replaces the text taken from the file (e.g. the empty text layer of a
    scan). Call it in the Kommune's scope, in the same transaction that
    stores the OCR result. A later Version replaces the text again (with
    pdftotext's, until OCR calls this hook for the new Version).
    """
    if quelle not in Volltextquelle.values:
        raise ValueError(f"unknown Volltextquelle {quelle!r}")
    eintrag = reindex_dokument(dokument)
    with scopes_disabled():
        eintrag.volltext = (text or "")[:MAX_VOLLTEXT]
        eintrag.volltext_quelle = quelle
        _speichere([eintrag])
    return eintrag
