"""OCRmyPDF in a long-lived child process with a time and a memory limit.

Kept free of Django imports. The child (`python -m aktenbund.capture.ocrprozess`)
is started once per worker process and imports OCRmyPDF once; each job is
one JSON line on its stdin, each answer one JSON line on the protocol pipe.
Its address space is limited (RLIMIT_AS, inherited by Tesseract and
Ghostscript), it dies with the worker (PR_SET_PDEATHSIG), and a job that
runs past its timeout gets the child and everything below it killed; the
next job starts a fresh child. After a failed job the child is replaced
too, so a MemoryError cannot leave a half-broken interpreter behind. A
hostile file that makes Ghostscript or Tesseract run away takes down the
child, never the worker.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

_kind: subprocess.Popen | None = None
_kind_pid = 0  # the worker process that started `_kind` (a fork must not share it)
_kind_memory = 0


def optionen(modus: str, timeout: int) -> dict:
    """OCRmyPDF's options for `modus` (also what the benchmark's bare run uses)."""
    options: dict = {
        "language": "deu",
        "output_type": "pdfa-2",
        "progress_bar": False,
        "jobs": 1,
        "tesseract_timeout": timeout,
        "max_image_mpixels": 150,
    }
    if modus == "nur_pdfa":
        options.update(skip_text=True, tesseract_timeout=0)
    elif modus == "ohne_text":
        options["skip_text"] = True
    else:
        options["force_ocr"] = True
    return options


# --- the child -------------------------------------------------------------------


def _die_with_parent() -> None:
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except Exception:  # not Linux: the EOF on stdin ends the child instead
        pass


def _child_main(memory: int) -> None:
    # Answers go to a private copy of stdout; fd 1 points to stderr, so
    # nothing a library prints can corrupt the protocol.
    protokoll = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)
    _die_with_parent()
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    import ocrmypdf

    for line in sys.stdin:
        try:
            job = json.loads(line)
            code = ocrmypdf.ocr(
                job["eingabe"], job["ausgabe"], **optionen(job["modus"], job["timeout"])
            )
            antwort = ["ok", str(int(code))]
        except BaseException as exc:
            antwort = ["fehler", f"{type(exc).__name__}: {exc}"]
        protokoll.write(json.dumps(antwort) + "\n")


# --- the worker's side ---------------------------------------------------------------


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


def beende() -> None:
    """Kill the OCR child and everything it started (Tesseract, Ghostscript)."""
    global _kind
    kind, _kind = _kind, None
    if kind is None or _kind_pid != os.getpid():
        return
    for pid in [*_nachkommen(kind.pid), kind.pid]:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    kind.wait()
    for stream in (kind.stdin, kind.stdout):
        if stream:
            stream.close()


def _starte(memory: int) -> subprocess.Popen:
    global _kind, _kind_pid, _kind_memory
    if _kind is not None and _kind_pid == os.getpid():
        if _kind.poll() is None and _kind_memory == memory:
            return _kind
        beende()
    _kind = subprocess.Popen(
        [sys.executable, "-m", "aktenbund.capture.ocrprozess", str(memory)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        bufsize=1,
    )
    _kind_pid, _kind_memory = os.getpid(), memory
    return _kind


def run_ocr(
    eingabe: str, ausgabe: str, *, modus: str, timeout: int, memory: int
) -> tuple[str, str]:
    """("ok", code) or ("fehler", detail) or ("timeout", ""); `modus`:
    "alles" (OCR every page), "ohne_text" (only pages without text),
    "nur_pdfa" (no OCR, PDF/A conversion only)."""
    kind = _starte(memory)
    job = {"eingabe": eingabe, "ausgabe": ausgabe, "modus": modus, "timeout": timeout}
    try:
        kind.stdin.write(json.dumps(job) + "\n")
        kind.stdin.flush()
    except OSError:
        beende()
        return "fehler", "OCR child gone"
    frist = time.monotonic() + timeout + 60
    while True:
        rest = frist - time.monotonic()
        if rest <= 0:
            beende()
            return "timeout", ""
        lesbar, _, _ = select.select([kind.stdout], [], [], rest)
        if lesbar:
            break
    line = kind.stdout.readline()
    if not line:
        code = kind.wait()
        beende()
        return "fehler", f"exit code {code}"
    status, detail = json.loads(line)
    if status != "ok":
        beende()  # a fresh child for the next job
    return status, detail


if __name__ == "__main__":
    _child_main(int(sys.argv[1]))
