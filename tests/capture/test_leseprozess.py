"""PDFium and extract-msg read untrusted files in a child with a time and memory limit.

A parser that hangs or blows up is ended at the limit: the Eintrag ends in
Fehler with a German reason, the worker (here: the test process) goes on,
and the next file gets a fresh child.
"""

from __future__ import annotations

import os
import signal
import time
import zlib

import pytest

from aktenbund.capture import kindprozess
from aktenbund.capture.models import Status
from aktenbund.capture.services.mail import parse_msg
from aktenbund.errors import ValidationError
from tests.capture import dateien as d
from tests.capture.helpers import hochladen
from tests.capture.msg_fixture import msg

pytestmark = pytest.mark.django_db

MIB = 1024**2


@pytest.fixture(autouse=True)
def frischer_leser():
    kindprozess.beende("lesen")
    yield
    kindprozess.beende("lesen")


def _laeuft(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def _angehaltener_leser(sb_a) -> int:
    """Start the reading child with a real file, then stop it: it hangs from now on."""
    (eintrag,) = hochladen(sb_a, ("erst.pdf", d.text_pdf("Erster Brief")))
    assert eintrag.status == Status.BEREIT, eintrag.fehlergrund
    pid = kindprozess.kind_pid("lesen")
    assert pid is not None
    os.kill(pid, signal.SIGSTOP)
    return pid


def pdf_mit_bombe(megabytes: int) -> bytes:
    """A one-page PDF under 1 MB whose content stream inflates to `megabytes` MB."""
    inhalt = b"BT /F1 12 Tf 72 720 Td (Bombe) Tj ET\n" + b" " * (megabytes * MIB)
    stream = zlib.compress(inhalt, 1)
    objekte = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for nummer, objekt in enumerate(objekte, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % nummer + objekt + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objekte) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objekte) + 1,
        xref,
    )
    return bytes(out)


def test_hanging_pdf_parser_is_killed_at_the_limit_and_the_eintrag_ends_in_fehler(sb_a, settings):
    settings.AKTENBUND_CAPTURE_LESEN_TIMEOUT = 2
    pid = _angehaltener_leser(sb_a)
    start = time.monotonic()
    (eintrag,) = hochladen(sb_a, ("brief.pdf", d.text_pdf("Widerspruch")))
    assert time.monotonic() - start < 30
    assert eintrag.status == Status.FEHLER
    assert "braucht zu lange zum Lesen" in eintrag.fehlergrund
    assert not _laeuft(pid)
    assert kindprozess.kind_pid("lesen") is None
    # The next file gets a fresh child.
    (weiter,) = hochladen(sb_a, ("weiter.pdf", d.text_pdf("Nächster Brief")))
    assert weiter.status == Status.BEREIT, weiter.fehlergrund
    assert kindprozess.kind_pid("lesen") not in (None, pid)


def test_pdf_that_inflates_beyond_the_memory_limit_ends_in_fehler(sb_a, settings):
    # A few MB on disk, about 1 GB in PDFium (twice the inflated stream).
    settings.AKTENBUND_CAPTURE_LESEN_MEMORY = 256 * MIB
    (eintrag,) = hochladen(sb_a, ("bombe.pdf", pdf_mit_bombe(500)))
    assert eintrag.status == Status.FEHLER
    assert "zu viel Speicher" in eintrag.fehlergrund
    (weiter,) = hochladen(sb_a, ("weiter.pdf", d.text_pdf("Nächster Brief")))
    assert weiter.status == Status.BEREIT, weiter.fehlergrund


def test_hanging_msg_parser_is_killed_at_the_limit(sb_a, settings):
    settings.AKTENBUND_CAPTURE_LESEN_TIMEOUT = 2
    pid = _angehaltener_leser(sb_a)
    with pytest.raises(ValidationError) as refused:
        parse_msg(msg(betreff="Antrag"))
    assert "braucht zu lange zum Lesen" in refused.value.message
    assert not _laeuft(pid)
    assert parse_msg(msg(betreff="Antrag")).betreff == "Antrag"


def test_reading_child_gets_no_secrets(sb_a, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "geheim-im-worker")
    monkeypatch.setenv("DATABASE_URL", "postgresql://app:kennwort@db/aktenbund")
    hochladen(sb_a, ("brief.pdf", d.text_pdf("Brief")))
    pid = kindprozess.kind_pid("lesen")
    with open(f"/proc/{pid}/environ", "rb") as environ:
        umgebung = environ.read()
    assert b"geheim-im-worker" not in umgebung and b"kennwort" not in umgebung
