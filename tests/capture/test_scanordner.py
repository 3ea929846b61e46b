"""The scan hot folder: complete files are taken in, moved to done/ or failed/ with a reason."""

from __future__ import annotations

import fcntl
import os
import time

import pytest

from aktenbund.capture.models import Posteingangseintrag, Quelle
from aktenbund.capture.services.scanordner import scan_ordner
from aktenbund.tenancy.scope import kommune_scope
from tests.capture import dateien as d

pytestmark = pytest.mark.django_db


@pytest.fixture
def ordner(settings, tmp_path, kommune_a):
    settings.AKTENBUND_SCAN_DIR = tmp_path / "scan"
    path = tmp_path / "scan" / kommune_a.ags
    path.mkdir(parents=True)
    return path


def _alt(path, seconds=60):
    then = time.time() - seconds
    os.utime(path, (then, then))


def _eintraege(kommune):
    with kommune_scope(kommune):
        return list(Posteingangseintrag.objects.order_by("pk"))


def test_complete_files_are_taken_and_moved_to_done(kommune_a, ordner, oe_a):
    (ordner / "brief.pdf").write_bytes(d.text_pdf("Anhörung zum Bußgeld"))
    (ordner / oe_a.kurzzeichen).mkdir()
    (ordner / oe_a.kurzzeichen / "antrag.pdf").write_bytes(d.text_pdf("Antrag"))
    for path in ordner.rglob("*.pdf"):
        _alt(path)
    bericht = scan_ordner(kommune_a, stabil_sekunden=0.2)
    assert sorted(bericht.aufgenommen) == ["antrag.pdf", "brief.pdf"]
    eintraege = _eintraege(kommune_a)
    assert {e.quelle for e in eintraege} == {Quelle.SCAN}
    assert {e.oe_id for e in eintraege} == {None, oe_a.pk}
    done = list((ordner / "done").rglob("*.pdf"))
    assert sorted(p.name for p in done) == ["antrag.pdf", "brief.pdf"]
    assert not (ordner / "brief.pdf").exists()


def test_files_still_being_written_wait(kommune_a, ordner):
    gesperrt = ordner / "gesperrt.pdf"
    gesperrt.write_bytes(d.text_pdf("Scanner schreibt noch"))
    _alt(gesperrt)
    (ordner / "teil.pdf.part").write_bytes(b"%PDF-1.4")
    with gesperrt.open("rb") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        bericht = scan_ordner(kommune_a, stabil_sekunden=0.5)
    assert bericht.aufgenommen == []
    assert bericht.wartend == ["gesperrt.pdf"]
    assert _eintraege(kommune_a) == []
    # Once the writer has released its lock, the file is taken.
    assert scan_ordner(kommune_a, stabil_sekunden=0.5).aufgenommen == ["gesperrt.pdf"]
    assert (ordner / "teil.pdf.part").exists()


def test_growing_file_waits(kommune_a, ordner):
    datei = ordner / "wachsend.pdf"
    datei.write_bytes(d.text_pdf("Teil 1"))
    _alt(datei, 10)
    import threading

    def weiter_schreiben():
        for _ in range(10):
            time.sleep(0.1)
            with datei.open("ab") as handle:
                handle.write(b"\n% noch mehr")

    writer = threading.Thread(target=weiter_schreiben)
    writer.start()
    bericht = scan_ordner(kommune_a, stabil_sekunden=0.5)
    writer.join()
    # The size changed during the observation: not taken this time, but later.
    assert bericht.wartend == ["wachsend.pdf"]
    assert _eintraege(kommune_a) == []
    _alt(datei)
    assert scan_ordner(kommune_a, stabil_sekunden=0.1).aufgenommen == ["wachsend.pdf"]


def test_refused_files_go_to_failed_with_reason(kommune_a, ordner):
    (ordner / "leer.pdf").write_bytes(b"")
    (ordner / "programm.pdf").write_bytes(b"\x7fELF\x02\x01\x01" + b"\0" * 100)
    (ordner / "XY").mkdir()
    (ordner / "XY" / "unbekannte-oe.pdf").write_bytes(d.text_pdf("x"))
    for path in ordner.rglob("*.pdf"):
        _alt(path)
    bericht = scan_ordner(kommune_a, stabil_sekunden=0.1)
    assert sorted(bericht.abgelehnt) == ["leer.pdf", "programm.pdf", "unbekannte-oe.pdf"]
    failed = ordner / "failed"
    assert (failed / "leer.pdf").exists()
    assert "leer" in (failed / "leer.pdf.txt").read_text()
    assert "nicht angenommen" in (failed / "programm.pdf.txt").read_text()
    assert "„XY“" in (failed / "unbekannte-oe.pdf.txt").read_text()
    assert _eintraege(kommune_a) == []


def test_file_left_in_work_by_a_crash_is_taken_once(kommune_a, ordner):
    brief = d.text_pdf("Brief")
    (ordner / "brief.pdf").write_bytes(brief)
    _alt(ordner / "brief.pdf")
    scan_ordner(kommune_a, stabil_sekunden=0.1)
    assert len(_eintraege(kommune_a)) == 1
    # Simulate a crash after the Eintrag was written but before the move to done/.
    (ordner / "in_arbeit").mkdir(exist_ok=True)
    (ordner / "in_arbeit" / "@@brief.pdf").write_bytes(brief)
    bericht = scan_ordner(kommune_a, stabil_sekunden=0.1)
    assert bericht.aufgenommen == ["brief.pdf"]
    assert len(_eintraege(kommune_a)) == 1
    assert not list((ordner / "in_arbeit").iterdir())
