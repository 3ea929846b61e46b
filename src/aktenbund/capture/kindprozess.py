"""Untrusted files are parsed in long-lived child processes with limits.

Kept free of Django imports. One child per kind of work (`ARTEN`: "ocr"
runs OCRmyPDF, "lesen" runs PDFium and extract-msg) and worker process,
started on first use (`python -m aktenbund.capture.kindprozess <art>
<memory> <folder>`); it imports its libraries once, and each job is one JSON
line on its stdin, each answer one JSON line on the protocol pipe: only
JSON crosses back, never pickled objects, so a child taken over by a hostile
file cannot reach into the worker that way. Its address space is limited
(RLIMIT_AS, inherited by Tesseract and Ghostscript), it dies with the
worker (PR_SET_PDEATHSIG), it gets no secrets in its environment, and a job
that runs past its deadline gets the child and everything below it killed;
the next job starts a fresh child. After an unexpected failure the child is
replaced too, so a MemoryError cannot leave a half-broken interpreter
behind. A hostile file that makes a parser, Ghostscript or Tesseract run
away takes down the child, never the worker.

Each child has its own working folder below capture's working root (see
`arbeitsordner`), held by the worker and by the child, and it is the
child's TMPDIR: whatever the libraries put into temp files (OCRmyPDF's
`ocrmypdf.io.*`) lies there and is removed with the child, or by
`capture_poll` after a crash.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib
import json
import os
import re
import resource
import select
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from aktenbund.arbeitsordner import gib_frei, halte, neuer_ordner

# Kind of work → the module whose `bearbeite(job) -> result` runs it in the
# child (and whose `vorbereiten()` imports its libraries once).
ARTEN = {
    "ocr": "aktenbund.capture.ocrprozess",
    "lesen": "aktenbund.capture.leseprozess",
}

# Seconds a child may take to start (import its libraries) before its first job.
START_FRIST = 120

# Not passed to a child: what a hostile file must not read from the environment.
_GEHEIM = re.compile(r"SECRET|PASSWORD|PASSWD|TOKEN|CREDENTIAL|DATABASE_URL|_KEY$", re.I)


class StartFehler(Exception):
    """The child died or hung before it was ready for its first job."""


class Unlesbar(Exception):
    """Raised by a job for input it refuses cleanly; the child stays in service."""


# --- the child -------------------------------------------------------------------


def _die_with_parent() -> None:
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except Exception:  # not Linux: the EOF on stdin ends the child instead
        pass


def _child_main(art: str, memory: int, ordner: str) -> None:
    # Answers go to a private copy of stdout; fd 1 points to stderr, so
    # nothing a library prints can corrupt the protocol.
    protokoll = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)
    _die_with_parent()
    halte(ordner)  # kept until the child ends
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    modul = importlib.import_module(ARTEN[art])
    modul.vorbereiten()
    protokoll.write(json.dumps(["bereit", ""]) + "\n")
    for line in sys.stdin:
        try:
            antwort = ["ok", modul.bearbeite(json.loads(line))]
        except Unlesbar as exc:
            antwort = ["abgelehnt", str(exc)]
        except BaseException as exc:
            antwort = ["fehler", f"{type(exc).__name__}: {exc}"]
        protokoll.write(json.dumps(antwort) + "\n")


# --- the worker's side ---------------------------------------------------------------


@dataclass
class _Kind:
    popen: subprocess.Popen
    pid: int  # the worker process that started it (a fork must not share it)
    memory: int
    ordner: Path
    ordner_fd: int


_kinder: dict[str, _Kind] = {}
# One job at a time per kind and process (web servers run threads).
_sperren: dict[str, threading.Lock] = {art: threading.Lock() for art in ARTEN}


def _nachkommen(pid: int) -> list[int]:
    kinder: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        kinder.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for kind in kinder.get(todo.pop(), []):
            found.append(kind)
            todo.append(kind)
    return found


def kind_pid(art: str) -> int | None:
    """The process id of this process's child of `art`, if one runs."""
    kind = _kinder.get(art)
    return kind.popen.pid if kind is not None and kind.pid == os.getpid() else None


def beende(art: str | None = None) -> None:
    """Kill the child of `art` (default: all) and everything it started."""
    for name in [art] if art else list(_kinder):
        kind = _kinder.pop(name, None)
        if kind is None or kind.pid != os.getpid():
            continue
        for pid in [*_nachkommen(kind.popen.pid), kind.popen.pid]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        kind.popen.wait()
        for stream in (kind.popen.stdin, kind.popen.stdout):
            if stream:
                stream.close()
        gib_frei(kind.ordner, kind.ordner_fd)


atexit.register(beende)  # a worker that ends normally leaves no folder behind


def _umgebung(ordner: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not _GEHEIM.search(k)}
    env["TMPDIR"] = str(ordner)
    # The child imports aktenbund the way this process did.
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    return env


def _starte(art: str, memory: int, root: str) -> _Kind:
    kind = _kinder.get(art)
    if kind is not None and kind.pid == os.getpid():
        if kind.popen.poll() is None and kind.memory == memory:
            return kind
        beende(art)
    _kinder.pop(art, None)  # inherited through a fork: not ours to kill
    ordner, fd = neuer_ordner(f"kind-{art}", root)
    popen = subprocess.Popen(
        [sys.executable, "-m", "aktenbund.capture.kindprozess", art, str(memory), str(ordner)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        bufsize=1,
        env=_umgebung(ordner),
    )
    _kinder[art] = kind = _Kind(popen, os.getpid(), memory, ordner, fd)
    # Start-up (importing the libraries) does not count against a job's deadline.
    status, detail = _antwort(kind, time.monotonic() + START_FRIST)
    if status != "bereit":
        beende(art)
        raise StartFehler(f"{status} {detail}".strip())
    return kind


def run(art: str, job: dict, *, frist: float, memory: int, root: str) -> tuple[str, object]:
    """Run `job` in the child of `art`: ("ok", result), ("abgelehnt", detail)
    for input refused cleanly, ("fehler", detail) for an exception in the
    job, ("abbruch", exit code) for a child that died, or ("timeout", "").
    `frist`: seconds the job may take (starting the child is not counted);
    `root`: capture's working root."""
    with _sperren[art]:
        return _run(art, job, frist=frist, memory=memory, root=root)


def _run(art: str, job: dict, *, frist: float, memory: int, root: str) -> tuple[str, object]:
    try:
        kind = _starte(art, memory, root)
    except StartFehler as exc:  # e.g. a memory limit too small for the libraries
        return "abbruch", f"child did not start: {exc}"
    try:
        kind.popen.stdin.write(json.dumps(job) + "\n")
        kind.popen.stdin.flush()
    except OSError:
        beende(art)
        return "fehler", "child gone"
    status, detail = _antwort(kind, time.monotonic() + frist)
    if status in ("fehler", "abbruch", "timeout"):
        beende(art)  # a fresh child for the next job
    return status, detail


def _antwort(kind: _Kind, ende: float) -> tuple[str, object]:
    """The child's next answer line, or ("timeout", "") / ("abbruch", exit code)."""
    while True:
        rest = ende - time.monotonic()
        if rest <= 0:
            return "timeout", ""
        lesbar, _, _ = select.select([kind.popen.stdout], [], [], rest)
        if lesbar:
            break
    line = kind.popen.stdout.readline()
    if not line:  # died: out of memory in native code (abort), or crashed
        return "abbruch", f"exit code {kind.popen.wait()}"
    status, detail = json.loads(line)
    return status, detail


if __name__ == "__main__":
    _child_main(sys.argv[1], int(sys.argv[2]), sys.argv[3])
