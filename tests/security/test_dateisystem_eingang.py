"""File-system intake: nothing outside a Kommune's scan folder is read or written,
and nothing of a document stays behind in temp folders after a crash.

Whoever may drop files into the scan folder must not be able to bring in
another Kommune's files, a blob or the secret key through symbolic links,
hard links or special files, nor overwrite anything through the reason files
in failed/. Capture works in folders below the data dir that the recovery
removes once their process is gone, and task rows of a killed worker do not
stay RUNNING for ever (the SIGKILL itself: tests/capture/test_crash.py).
"""

from __future__ import annotations

import datetime
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from aktenbund.arbeitsordner import arbeitsordner, raeume_auf, wurzel
from aktenbund.capture import kindprozess
from aktenbund.capture.models import Posteingangseintrag, Status
from aktenbund.capture.services.scanordner import scan_ordner
from aktenbund.capture.services.verarbeitung import fail_verwaiste_tasks, lease_seconds
from aktenbund.tenancy.scope import kommune_scope
from tests.capture import dateien as d
from tests.capture.helpers import hochladen
from tests.records.conftest import oe_a, plan, sb_a, verbund_registratur  # noqa: F401 (fixtures)
from tests.records.factories import make_akte, make_vorgang

pytestmark = pytest.mark.django_db

GEHEIM = b"secret-key-of-the-installation\n"


@pytest.fixture
def scan(settings, tmp_path):
    settings.AKTENBUND_SCAN_DIR = tmp_path / "scan"
    return tmp_path / "scan"


@pytest.fixture
def ordner(scan, kommune_a):
    path = scan / kommune_a.ags
    path.mkdir(parents=True)
    return path


@pytest.fixture
def fremd(scan, kommune_b):
    """Kommune B's folder with a scan waiting in it."""
    path = scan / kommune_b.ags
    path.mkdir(parents=True)
    (path / "fremd.pdf").write_bytes(d.text_pdf("Steuerbescheid der Nachbarkommune"))
    _alt(path / "fremd.pdf")
    return path


@pytest.fixture
def geheim(tmp_path):
    path = tmp_path / "data" / "secret_key"
    path.parent.mkdir()
    path.write_bytes(GEHEIM)
    return path


def _alt(path, seconds=60):
    then = time.time() - seconds
    os.utime(path, (then, then), follow_symlinks=False)


def _eintraege(kommune):
    with kommune_scope(kommune):
        return list(Posteingangseintrag.objects.all())


def test_symlink_to_a_file_outside_is_refused_not_read(kommune_a, ordner, geheim):
    (ordner / "geheim.pdf").symlink_to(geheim)
    bericht = scan_ordner(kommune_a, stabil_sekunden=0.1)
    assert bericht.abgelehnt == ["geheim.pdf"]
    assert _eintraege(kommune_a) == []
    # The link itself went to failed/; its target is untouched where it was.
    assert (ordner / "failed" / "geheim.pdf").is_symlink()
    assert "symbolische Links" in (ordner / "failed" / "geheim.pdf.txt").read_text()
    assert geheim.read_bytes() == GEHEIM


def test_symlink_left_in_in_arbeit_is_refused_not_read(kommune_a, ordner, fremd):
    (ordner / "in_arbeit").mkdir()
    (ordner / "in_arbeit" / "@@fremd.pdf").symlink_to(fremd / "fremd.pdf")
    bericht = scan_ordner(kommune_a, stabil_sekunden=0.1)
    assert bericht.abgelehnt == ["fremd.pdf"]
    assert bericht.aufgenommen == []
    assert _eintraege(kommune_a) == []
    assert (fremd / "fremd.pdf").is_file()


def test_oe_folder_linked_to_another_kommune_is_refused(kommune_a, kommune_b, ordner, fremd, oe_a):  # noqa: F811
    (ordner / oe_a.kurzzeichen).symlink_to(fremd, target_is_directory=True)
    bericht = scan_ordner(kommune_a, stabil_sekunden=0.1)
    assert bericht.aufgenommen == []
    assert _eintraege(kommune_a) == [] and _eintraege(kommune_b) == []
    assert (fremd / "fremd.pdf").is_file()
    assert (ordner / "failed" / oe_a.kurzzeichen).is_symlink()


@pytest.mark.parametrize("name", ["in_arbeit", "failed", "done"])
def test_linked_work_folders_are_not_used(kommune_a, ordner, fremd, name):
    (ordner / name).symlink_to(fremd, target_is_directory=True)
    (ordner / "brief.pdf").write_bytes(b"")  # refused: would be moved to failed/
    (ordner / "antrag.pdf").write_bytes(d.text_pdf("Antrag"))  # taken: moved to done/
    _alt(ordner / "brief.pdf")
    _alt(ordner / "antrag.pdf")
    bericht = scan_ordner(kommune_a, stabil_sekunden=0.1)
    # Nothing was moved into, read from or written to the other Kommune's folder.
    assert sorted(p.name for p in fremd.iterdir()) == ["fremd.pdf"]
    assert bericht.fehler
    assert not [e for e in _eintraege(kommune_a) if "Steuerbescheid" in (e.betreff or "")]


def test_kommune_folder_that_is_a_link_is_not_used(kommune_a, scan, fremd, kommune_b):
    scan.mkdir(exist_ok=True)
    (scan / kommune_a.ags).symlink_to(fremd, target_is_directory=True)
    bericht = scan_ordner(kommune_a, stabil_sekunden=0.1)
    assert bericht.fehler and bericht.aufgenommen == []
    assert _eintraege(kommune_a) == [] and _eintraege(kommune_b) == []
    assert sorted(p.name for p in fremd.iterdir()) == ["fremd.pdf"]


def test_reason_file_is_never_written_through_a_planted_link(kommune_a, ordner, geheim):
    (ordner / "failed").mkdir()
    (ordner / "failed" / "leer.pdf.txt").symlink_to(geheim)
    (ordner / "failed" / "leer-1.pdf.txt").write_bytes(b"planted")
    (ordner / "leer.pdf").write_bytes(b"")
    _alt(ordner / "leer.pdf")
    bericht = scan_ordner(kommune_a, stabil_sekunden=0.1)
    assert bericht.abgelehnt == ["leer.pdf"]
    assert geheim.read_bytes() == GEHEIM
    assert (ordner / "failed" / "leer-1.pdf.txt").read_bytes() == b"planted"
    assert (ordner / "failed" / "leer-2.pdf").is_file()
    assert "leer" in (ordner / "failed" / "leer-2.pdf.txt").read_text()


def test_hard_link_to_a_file_outside_is_refused(kommune_a, ordner, geheim):
    os.link(geheim, ordner / "geheim.pdf")
    _alt(ordner / "geheim.pdf")
    bericht = scan_ordner(kommune_a, stabil_sekunden=0.1)
    assert bericht.abgelehnt == ["geheim.pdf"]
    assert _eintraege(kommune_a) == []
    assert "Hardlinks" in (ordner / "failed" / "geheim.pdf.txt").read_text()
    assert geheim.read_bytes() == GEHEIM


def test_fifo_is_refused_without_waiting_for_a_writer(kommune_a, ordner):
    os.mkfifo(ordner / "pipe.pdf")
    (ordner / "in_arbeit").mkdir()
    os.mkfifo(ordner / "in_arbeit" / "@@rohr.pdf")

    # Opening a FIFO for reading blocks until a writer comes: the alarm ends
    # the test instead of hanging it.
    def haengt(signum, frame):
        raise TimeoutError("scan_ordner blocked on a FIFO")

    vorher = signal.signal(signal.SIGALRM, haengt)
    signal.alarm(30)
    try:
        bericht = scan_ordner(kommune_a, stabil_sekunden=0.1)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, vorher)
    assert sorted(bericht.abgelehnt) == ["pipe.pdf", "rohr.pdf"]
    assert "Pipes" in (ordner / "failed" / "pipe.pdf.txt").read_text()
    assert _eintraege(kommune_a) == []


@pytest.mark.skipif(os.geteuid() != 0, reason="creating a device node needs root")
def test_device_node_is_refused(kommune_a, ordner):
    import stat

    os.mknod(ordner / "null.pdf", 0o600 | stat.S_IFCHR, os.makedev(1, 3))
    bericht = scan_ordner(kommune_a, stabil_sekunden=0.1)
    assert bericht.abgelehnt == ["null.pdf"]
    assert "Geräte" in (ordner / "failed" / "null.pdf.txt").read_text()


def test_folder_inside_an_oe_folder_is_refused(kommune_a, ordner, oe_a):  # noqa: F811
    (ordner / oe_a.kurzzeichen / "unter").mkdir(parents=True)
    (ordner / oe_a.kurzzeichen / "unter" / "brief.pdf").write_bytes(d.text_pdf("Brief"))
    bericht = scan_ordner(kommune_a, stabil_sekunden=0.1)
    assert bericht.abgelehnt == ["unter"]
    assert (ordner / "failed" / "unter" / "brief.pdf").is_file()
    assert _eintraege(kommune_a) == []


# --- working folders and task rows after a crash ------------------------------------


def test_filing_a_pdf_into_a_vorgang_leaves_nothing_in_the_system_temp_dir(
    sb_a,  # noqa: F811
    plan,  # noqa: F811
    tmp_path,
    monkeypatch,
):
    """The search reads a filed PDF's text with pdftotext from a copy in a working
    folder, where capture_poll finds it should the worker die meanwhile."""
    from aktenbund.records import services as records

    vorgang = make_vorgang(sb_a, make_akte(sb_a, plan["121"], "Bauakte Am Anger 3"))
    systemtemp = tmp_path / "systemtemp"
    systemtemp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(systemtemp))
    monkeypatch.setenv("TMPDIR", str(systemtemp))
    gelesen: list[Path] = []
    run = subprocess.run

    def pdftotext_beobachtet(args, *rest, **kwargs):
        if args[0] == "pdftotext":
            kopie = Path(args[-2])
            gelesen.append(kopie)
            assert kopie.is_file() and kopie.is_relative_to(wurzel())
        return run(args, *rest, **kwargs)

    monkeypatch.setattr(subprocess, "run", pdftotext_beobachtet)
    with kommune_scope(sb_a.kommune_id):
        records.add_dokument(
            sb_a,
            vorgang,
            titel="Bauantrag",
            dateiname="bauantrag.pdf",
            inhalt=d.text_pdf("Bauantrag Gärtnerei Weißenbach"),
        )
    assert gelesen
    assert list(systemtemp.iterdir()) == []
    assert not any(kopie.parent.exists() for kopie in gelesen)


def test_processing_leaves_nothing_in_the_system_temp_dir(sb_a, tmp_path, monkeypatch, settings):  # noqa: F811
    systemtemp = tmp_path / "systemtemp"
    systemtemp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(systemtemp))
    monkeypatch.setenv("TMPDIR", str(systemtemp))
    settings.AKTENBUND_CAPTURE_TMP_DIR = settings.DATA_DIR / "tmp" / f"capture-{tmp_path.name}"
    kindprozess.beende()  # the children start afresh, in the new folder
    (eintrag,) = hochladen(sb_a, ("scan.pdf", d.scan_pdf("Bauantrag Grundstück")))
    assert eintrag.status == Status.BEREIT, eintrag.fehlergrund
    # OCRmyPDF's temp folders go to the OCR child's own folder below the data dir.
    with open(f"/proc/{kindprozess.kind_pid('ocr')}/environ", "rb") as environ:
        umgebung = dict(
            zeile.split(b"=", 1) for zeile in environ.read().split(b"\0") if b"=" in zeile
        )
    assert Path(umgebung[b"TMPDIR"].decode()).parent == wurzel()
    assert wurzel().is_relative_to(settings.DATA_DIR)
    assert list(systemtemp.iterdir()) == []
    kindprozess.beende()
    assert list(wurzel().iterdir()) == []


def _halter(pfad: Path) -> subprocess.Popen:
    """Another process holding `pfad` (as a worker does while it works there)."""
    halter = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from aktenbund.arbeitsordner import halte; "
            "halte(sys.argv[1]); print('ok', flush=True); time.sleep(600)",
            str(pfad),
        ],
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert halter.stdout.readline().strip() == b"ok"
    return halter


def test_cleanup_removes_working_folders_of_dead_work_only(db, tmp_path):
    root = wurzel()
    tot = Path(tempfile.mkdtemp(prefix="ab-eingang-", dir=root))
    (tot / "original").write_bytes(b"Inhalt eines Bescheids")
    lebend = Path(tempfile.mkdtemp(prefix="ab-eingang-", dir=root))
    getoetet, laeuft = _halter(tot), _halter(lebend)
    try:
        getoetet.kill()
        getoetet.wait()
        ziel = tmp_path / "woanders"
        ziel.mkdir()
        (ziel / "bleibt").write_bytes(b"x")
        (root / "link").symlink_to(ziel, target_is_directory=True)
        with arbeitsordner("ab-capture") as eigener:
            raeume_auf()
            assert eigener.is_dir()  # this process works there
        assert not tot.exists()
        assert lebend.is_dir()  # its holder still runs
        assert not (root / "link").exists() and (ziel / "bleibt").exists()
    finally:
        laeuft.kill()
        laeuft.wait()
    raeume_auf()
    assert not lebend.exists()


def test_task_rows_whose_worker_is_gone_are_marked_failed(sb_a, settings):  # noqa: F811
    from django.utils import timezone
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    eintraege = hochladen(sb_a, ("a.pdf", d.text_pdf("A")), ("b.pdf", d.text_pdf("B")))
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    now = timezone.now()
    started = now - datetime.timedelta(seconds=lease_seconds() + 60)

    def row(eintrag, *, started_at=started):
        return DBTaskResult.objects.create(
            task_path="aktenbund.capture.tasks.verarbeite_eintraege",
            args_kwargs={"args": [eintrag.kommune_id, [eintrag.pk]], "kwargs": {}},
            status=TaskResultStatus.RUNNING,
            started_at=started_at,
            run_after=started_at,
            backend_name="default",
            queue_name="default",
            worker_ids=["killed-worker"],
        )

    verwaist, lebendig, jung = (
        row(eintraege[0]),
        row(eintraege[1]),
        row(eintraege[0], started_at=now),
    )
    with kommune_scope(sb_a.kommune_id):
        # The living task still renews the lease of its Eintrag; the dead one's ran out.
        Posteingangseintrag.objects.filter(pk=eintraege[1].pk).update(
            status=Status.IN_VERARBEITUNG,
            verarbeitung_token=str(lebendig.pk),
            verarbeitung_bis=now + datetime.timedelta(seconds=60),
        )
        Posteingangseintrag.objects.filter(pk=eintraege[0].pk).update(
            status=Status.IN_VERARBEITUNG,
            verarbeitung_token=str(verwaist.pk),
            verarbeitung_bis=now - datetime.timedelta(seconds=1),
        )
    assert fail_verwaiste_tasks() == 1
    for task_row in (verwaist, lebendig, jung):
        task_row.refresh_from_db()
    assert verwaist.status == TaskResultStatus.FAILED and verwaist.finished_at
    assert "abgebrochen" in verwaist.traceback
    assert lebendig.status == TaskResultStatus.RUNNING
    assert jung.status == TaskResultStatus.RUNNING  # younger than a lease: may be slow only
