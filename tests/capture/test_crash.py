"""SIGKILL of the worker in the middle of OCR loses nothing and files exactly once.

Runs the real thing: `manage.py db_worker` (django-tasks-db) as a child
process, killed with SIGKILL (worker and its OCR child) while Tesseract is
running; after `capture_poll --nur wiederaufnahme` and a new worker, the
Eintrag is filed once: one Dokument per file, one audit event. Nothing of
the documents was written to the system's temp dir; what the dead worker
left in its working folders below the data dir is removed by the recovery,
and its task row ends FAILED instead of staying RUNNING. On SQLite the
children share a database file of their own (the test database is in
memory); on PostgreSQL they use the test database.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)

LEASE = 12
MANAGE = str(Path(settings.BASE_DIR).parent.parent / "manage.py")


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    root = Path(settings.BASE_DIR).parent.parent
    env.update(
        DJANGO_SETTINGS_MODULE="aktenbund.settings",
        PYTHONPATH=os.pathsep.join([str(root / "src"), str(root)]),
        AKTENBUND_BLOB_ROOT=str(settings.BLOB_ROOT),
        AKTENBUND_DATA_DIR=str(tmp_path / "child-data"),
        AKTENBUND_CAPTURE_LEASE_SECONDS=str(LEASE),
        SECRET_KEY="crash-test",
        TMPDIR=str(tmp_path / "systemtemp"),
    )
    env.pop("AKTENBUND_TASK_BACKEND", None)
    env.pop("DATABASE_URL", None)
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        password = f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
        env["DATABASE_URL"] = (
            f"postgresql://{quote(db['USER'])}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        )
    return env


def _run(env, *args: str, timeout: float = 300) -> str:
    done = subprocess.run(
        [sys.executable, *args], env=env, capture_output=True, text=True, timeout=timeout
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def _state(env, ids) -> dict:
    out = _run(env, "-m", "tests.capture.crash_child", "state", *map(str, ids))
    return json.loads(out.strip().splitlines()[-1])


def _children(pid: int) -> list[str]:
    """Command lines of every process below `pid`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid:
            found.append(cmdline)
            found += _children(int(entry.name))
    return found


def test_sigkill_during_ocr_then_restart_files_exactly_once(tmp_path):
    env = _env(tmp_path)
    systemtemp, arbeit = tmp_path / "systemtemp", tmp_path / "child-data" / "tmp" / "capture"
    systemtemp.mkdir()
    if connection.vendor != "postgresql":
        (tmp_path / "child-data").mkdir()
        _run(env, MANAGE, "migrate", "-v0")
    ids = json.loads(_run(env, "-m", "tests.capture.crash_child", "setup").strip().splitlines()[-1])
    ids = (ids["kommune"], ids["eintrag"], ids["vorgang"])
    assert _state(env, ids)["status"] == "wartet"

    worker_start = time.monotonic()
    worker = subprocess.Popen(
        [sys.executable, MANAGE, "db_worker", "--interval", "0.2", "--no-startup-delay"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            # Tesseract recognising a page (not its version check): OCRmyPDF's
            # working folder exists by then.
            ocr_ordner = list(arbeit.glob("kind-ocr-*/ocrmypdf.io.*"))
            if ocr_ordner and any("tesseract" in c for c in _children(worker.pid)):
                break
            assert worker.poll() is None, "worker ended before OCR"
            time.sleep(0.05)
        else:
            pytest.fail("OCR never started")
        os.killpg(worker.pid, signal.SIGKILL)
        killed_at = time.monotonic()  # after the claim, so after the lease began
        worker.wait(10)
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()

    mitten = _state(env, ids)
    assert mitten["status"] == "in_verarbeitung"
    assert mitten["dokumente"] == []
    assert mitten["verarbeitet"] == [True, False]  # the first file's result is kept
    assert mitten["tasks"] == [["verarbeite_eintraege", "RUNNING"]]
    # The scan being read lies in the worker's folders below the data dir
    # (OCRmyPDF's own among them), nothing in the system's temp dir.
    liegen_geblieben = {p.name.rsplit("-", 1)[0] for p in arbeit.iterdir()}
    assert {"ab-eingang", "kind-ocr"} <= liegen_geblieben
    assert list(arbeit.glob("kind-ocr-*/ocrmypdf.io.*"))
    assert list(systemtemp.iterdir()) == []

    # Until the lease runs out nobody takes over (the worker might only be slow).
    # The lease began after the worker started: only a poll that finished
    # before worker_start + LEASE is certainly inside it (on a loaded machine
    # Django's start-up alone can outlast it, and then there is nothing to check).
    frueh = _run(env, MANAGE, "capture_poll", "--nur", "wiederaufnahme")
    # The worker is gone, so are the holds on its folders: the first poll removes them.
    assert "Arbeitsordner entfernt: 0" not in frueh
    assert list(arbeit.iterdir()) == []
    if time.monotonic() < worker_start + LEASE:
        assert "neu eingereiht: 0" in frueh
    else:
        assert "neu eingereiht: 0" in frueh or "neu eingereiht: 1" in frueh
    time.sleep(max(0.0, killed_at + LEASE + 0.5 - time.monotonic()))
    spaet = _run(env, MANAGE, "capture_poll", "--nur", "wiederaufnahme")
    assert "neu eingereiht: 1" in frueh + spaet
    assert "verwaiste Aufgaben beendet: 1" in frueh + spaet
    _run(env, MANAGE, "db_worker", "--batch", "--no-startup-delay", timeout=300)

    ende = _state(env, ids)
    assert ende["status"] == "zugeordnet", ende["fehlergrund"]
    assert ende["dokumente"] == ["brief.pdf", "scan.tif"]
    assert ende["versionen"] == 2 and ende["renditionen"] == 2
    assert ende["versuche"] == 2
    assert ende["zugeordnet_events"] == 1
    assert ende["tasks"] == [
        ["verarbeite_eintraege", "FAILED"],
        ["verarbeite_eintrag", "SUCCESSFUL"],
    ]
    assert list(systemtemp.iterdir()) == []

    # Another worker run (a duplicate task) changes nothing.
    _run(env, MANAGE, "capture_poll", "--nur", "wiederaufnahme")
    _run(env, MANAGE, "db_worker", "--batch", "--no-startup-delay")
    assert _state(env, ids) == ende
