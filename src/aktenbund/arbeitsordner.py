"""Working folders of capture below the data dir, cleaned up after a crash.

Every file capture works on (a copy of an original, OCRmyPDF's and the
reading child's output, OCRmyPDF's own `ocrmypdf.io.*` folders) lies in a
folder below `AKTENBUND_CAPTURE_TMP_DIR` (default `<DATA_DIR>/tmp/capture`,
mode 0700), never in the system's temp directory. A process holds a shared
flock on each folder it works in for as long as it works there; the kernel
drops the lock with the process, so a folder nobody holds belongs to work
that is gone (a worker killed with SIGKILL). `raeume_auf` (run by
`capture_poll`) removes exactly those. Creating and taking the lock is not
atomic, so the creator checks after locking that the folder still exists
and starts over if the cleaner was quicker.

Kept free of Django imports apart from reading the setting, so the child
processes (`kindprozess`) can hold their folders too.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

_ORDNER_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC


def wurzel() -> Path:
    """The folder every capture working folder lies in (created on first use)."""
    from django.conf import settings

    root = Path(
        getattr(settings, "AKTENBUND_CAPTURE_TMP_DIR", None)
        or Path(settings.DATA_DIR) / "tmp" / "capture"
    )
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    return root


def halte(pfad: str | Path) -> int:
    """Hold the folder (shared flock) until the returned descriptor is closed.

    Raises FileNotFoundError if the folder is gone (the cleaner was quicker).
    """
    fd = os.open(pfad, _ORDNER_FLAGS)
    fcntl.flock(fd, fcntl.LOCK_SH)
    if os.fstat(fd).st_nlink == 0:  # removed between open and lock
        os.close(fd)
        raise FileNotFoundError(pfad)
    return fd


def neuer_ordner(zweck: str, root: str | Path) -> tuple[Path, int]:
    """A fresh folder `<root>/<zweck>-…`, held; (path, descriptor to close when done)."""
    while True:
        pfad = Path(tempfile.mkdtemp(prefix=f"{zweck}-", dir=root))
        with contextlib.suppress(FileNotFoundError):
            return pfad, halte(pfad)


def gib_frei(pfad: Path, fd: int) -> None:
    """Remove a held folder with its content and drop the hold."""
    try:
        shutil.rmtree(pfad, ignore_errors=True)
    finally:
        os.close(fd)


@contextlib.contextmanager
def arbeitsordner(zweck: str) -> Iterator[Path]:
    """A fresh working folder below `wurzel()`, removed afterwards."""
    pfad, fd = neuer_ordner(zweck, wurzel())
    try:
        yield pfad
    finally:
        gib_frei(pfad, fd)


def raeume_auf() -> int:
    """Remove every working folder no living process holds; how many were removed."""
    root = wurzel()
    entfernt = 0
    for entry in os.scandir(root):
        if not entry.is_dir(follow_symlinks=False):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(entry.path)  # a stray file or link: not ours to keep
            entfernt += 1
            continue
        try:
            fd = os.open(entry.path, _ORDNER_FLAGS)
        except FileNotFoundError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            continue  # held: its work is still going on
        else:
            shutil.rmtree(entry.path, ignore_errors=True)
            entfernt += 1
        finally:
            os.close(fd)
    return entfernt
