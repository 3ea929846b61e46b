"""The long-lived OCR child: reused between files, replaced after a timeout or an error."""

from __future__ import annotations

import os

import pytest

from aktenbund.arbeitsordner import wurzel
from aktenbund.capture import kindprozess, ocrprozess
from tests.capture import dateien as d

GIB = 1024**3


@pytest.fixture(autouse=True)
def frischer_kind():
    ocrprozess.beende()
    yield
    ocrprozess.beende()


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_child_is_reused_for_the_next_file(tmp_path):
    pids = []
    for n in range(2):
        quelle = tmp_path / f"scan-{n}.pdf"
        quelle.write_bytes(d.scan_pdf(f"Widerspruch {n}"))
        status, detail = ocrprozess.run_ocr(
            str(quelle),
            str(tmp_path / f"ocr-{n}.pdf"),
            modus="alles",
            timeout=300,
            memory=3 * GIB,
            root=str(wurzel()),
        )
        assert status == "ok", detail
        assert (tmp_path / f"ocr-{n}.pdf").read_bytes().startswith(b"%PDF-")
        pids.append(kindprozess.kind_pid("ocr"))
    assert pids[0] == pids[1]


def test_a_failed_job_replaces_the_child(tmp_path):
    kaputt = tmp_path / "kaputt.pdf"
    kaputt.write_bytes(b"%PDF-1.7\nnichts\n")
    status, detail = ocrprozess.run_ocr(
        str(kaputt),
        str(tmp_path / "aus.pdf"),
        modus="alles",
        timeout=60,
        memory=3 * GIB,
        root=str(wurzel()),
    )
    assert status == "fehler" and detail
    assert kindprozess.kind_pid("ocr") is None


def test_timeout_kills_the_child_and_everything_below_it(tmp_path, monkeypatch):
    quelle = tmp_path / "scan.pdf"
    quelle.write_bytes(d.scan_pdf("Bauantrag"))
    # The job's own limits are generous; the worker's deadline (timeout + 60 s)
    # is what ends it here.
    # Other tests of this worker may keep processes of their own (a browser,
    # an IMAP server): only what the OCR job started must be gone.
    vorher = set(kindprozess._nachkommen(os.getpid()))
    kindprozess._starte("ocr", 3 * GIB, str(wurzel()))  # start-up is not part of the deadline
    monkeypatch.setattr(kindprozess.time, "monotonic", _uhr_springt())
    status, _ = ocrprozess.run_ocr(
        str(quelle),
        str(tmp_path / "aus.pdf"),
        modus="alles",
        timeout=1,
        memory=3 * GIB,
        root=str(wurzel()),
    )
    assert status == "timeout"
    assert kindprozess.kind_pid("ocr") is None
    neu = set(kindprozess._nachkommen(os.getpid())) - vorher
    assert not [p for p in neu if _alive(p)]


def _uhr_springt():
    """A clock that is past every deadline from its second reading on."""
    import time

    calls = {"n": 0}
    start = time.monotonic()

    def monotonic():
        calls["n"] += 1
        return start if calls["n"] == 1 else start + 10_000

    return monotonic
