"""The scan hot folder: one folder per Kommune, `<AKTENBUND_SCAN_DIR>/<AGS>/`.

Scanners (or people) drop files there; a file in a subfolder named after an
OE's Kurzzeichen goes into that OE's Posteingang, anything else into the
Registratur's. A file is taken only when it is complete: unchanged in size
and time for `stabil_sekunden`, not locked by its writer (flock), and not
named like a temporary file. It is first moved to `in_arbeit/` (atomic
rename), then taken in, then moved to `done/<date>/`; a refused file goes to
`failed/` with `<name>.txt` giving the reason in German. A file left in
`in_arbeit/` by a crash is taken in on the next run unless the Posteingang
already holds it (the Eintrag records the file's SHA-256 as `herkunft`).

Whoever may write into the folder must not reach anything outside it, so
the folder is walked through directory descriptors opened with O_NOFOLLOW
(`openat` and `renameat` relative to them), never by path: a Kommune's
folder, an OE folder, `in_arbeit/`, `failed/` or `done/` that is a symbolic
link is not used. Only regular files with a single link are read, opened
with O_NOFOLLOW and checked on the open descriptor; symbolic links (to
files or folders), FIFOs, devices, sockets, hard links and folders inside
an OE folder are moved, as they are, to `failed/` with the reason. The
reason files are created exclusively (O_CREAT|O_EXCL|O_NOFOLLOW), so a
planted link or file is never written through or over.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import logging
import os
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.utils import timezone

from aktenbund.capture.models import Posteingangseintrag, Quelle
from aktenbund.capture.services.konvertierung import Abgelehnt, pruefe_offen
from aktenbund.capture.services.posteingang import Eingangsdatei, receive
from aktenbund.errors import DomainError
from aktenbund.tenancy.models import Kommune, Organisationseinheit
from aktenbund.tenancy.scope import kommune_scope

logger = logging.getLogger(__name__)

RESERVIERT = {"done", "failed", "in_arbeit"}
TEMP_ENDUNGEN = (".part", ".tmp", ".crdownload", ".partial", "~")


@dataclass
class Bericht:
    aufgenommen: list[str] = field(default_factory=list)
    abgelehnt: list[str] = field(default_factory=list)
    wartend: list[str] = field(default_factory=list)
    fehler: list[str] = field(default_factory=list)  # the folder itself could not be used


def scan_root() -> Path:
    return Path(getattr(settings, "AKTENBUND_SCAN_DIR", settings.DATA_DIR / "scan"))


def _ist_temp(name: str) -> bool:
    return name.startswith((".", "~$")) or name.lower().endswith(TEMP_ENDUNGEN)


class UnsichererOrdner(Exception):
    """A folder of the hot folder is missing or is no real folder (e.g. a symbolic link)."""


GRUND_LINK = "Verknüpfungen (symbolische Links) werden nicht angenommen."

_ORDNER_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_DATEI_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
_GRUND_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC


def _oeffne_ordner(name: str | Path, *, dir_fd: int | None = None, anlegen: bool = False) -> int:
    """A descriptor of the folder `name` (relative to `dir_fd`); never through a link."""
    if anlegen:
        with contextlib.suppress(FileExistsError):
            os.mkdir(name, dir_fd=dir_fd)
    try:
        return os.open(name, _ORDNER_FLAGS, dir_fd=dir_fd)
    except OSError as exc:
        raise UnsichererOrdner(f"{name}: {exc.strerror}") from None


class _Hotfolder:
    """One Kommune's folder, reached only through descriptors of real folders."""

    def __init__(self, stack: contextlib.ExitStack, fd: int):
        self.stack = stack
        self.fd = fd
        self._unter: dict[tuple[int, str], int] = {}

    def ordner(self, name: str, *, in_fd: int | None = None, anlegen: bool = True) -> int:
        """The descriptor of folder `name` below `in_fd` (default: the Kommune's folder)."""
        key = (self.fd if in_fd is None else in_fd, name)
        if key not in self._unter:
            fd = _oeffne_ordner(name, dir_fd=key[0], anlegen=anlegen)
            self.stack.callback(os.close, fd)
            self._unter[key] = fd
        return self._unter[key]

    def done(self) -> int:
        return self.ordner(timezone.localdate().isoformat(), in_fd=self.ordner("done"))


def _art(dir_fd: int, name: str) -> str | None:
    """Why the entry cannot be read as a scan (German), None for a regular file."""
    try:
        st = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
    except FileNotFoundError:
        return None
    return _grund_der_art(st)


def _grund_der_art(st: os.stat_result) -> str | None:
    if stat.S_ISLNK(st.st_mode):
        return GRUND_LINK
    if stat.S_ISDIR(st.st_mode):
        return "Ordner in einem Ordner werden nicht gelesen; bitte die Dateien direkt ablegen."
    if not stat.S_ISREG(st.st_mode):
        return "Nur gewöhnliche Dateien werden angenommen (keine Pipes, Geräte oder Sockets)."
    if st.st_nlink != 1:
        return "Die Datei hat weitere feste Links (Hardlinks) und wird nicht angenommen."
    return None


def _oeffne_datei(dir_fd: int, name: str) -> int:
    """A descriptor of the regular, singly linked file `name`; else `Abgelehnt`."""
    grund = _art(dir_fd, name)
    if grund:
        raise Abgelehnt(grund)
    try:
        fd = os.open(name, _DATEI_FLAGS, dir_fd=dir_fd)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise Abgelehnt(GRUND_LINK) from None
        raise
    grund = _grund_der_art(os.fstat(fd))
    if grund:
        os.close(fd)
        raise Abgelehnt(grund)
    return fd


def _gesperrt(dir_fd: int, name: str) -> bool:
    """True if another process holds a lock on the file (still being written)."""
    try:
        fd = os.open(name, _DATEI_FLAGS, dir_fd=dir_fd)
    except OSError:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)


@dataclass(frozen=True)
class _Kandidat:
    ordner_fd: int  # the folder it lies in
    name: str
    kurzzeichen: str | None  # the OE folder's name, None on top


def _kandidaten(hf: _Hotfolder, bericht: Bericht) -> list[_Kandidat]:
    """Every regular file that may be a scan; anything else is refused at once."""
    found: list[_Kandidat] = []
    for entry in sorted(os.scandir(hf.fd), key=lambda e: e.name):
        if entry.name in RESERVIERT or _ist_temp(entry.name):
            continue
        if entry.is_dir(follow_symlinks=False):
            try:
                oe_fd = hf.ordner(entry.name, anlegen=False)
            except UnsichererOrdner:
                continue  # replaced meanwhile; seen again on the next run
            for sub in sorted(os.scandir(oe_fd), key=lambda e: e.name):
                if not _ist_temp(sub.name):
                    found += _kandidat_oder_ablehnen(hf, oe_fd, sub.name, entry.name, bericht)
        else:
            found += _kandidat_oder_ablehnen(hf, hf.fd, entry.name, None, bericht)
    return found


def _kandidat_oder_ablehnen(hf, dir_fd, name, kurzzeichen, bericht) -> list[_Kandidat]:
    grund = _art(dir_fd, name)
    if grund is None:
        return [_Kandidat(dir_fd, name, kurzzeichen)]
    _ablehnen(hf, dir_fd, name, name, grund)
    bericht.abgelehnt.append(name)
    logger.info("Scan %s refused: %s", name, grund)
    return []


def _belegt(dir_fd: int, name: str) -> bool:
    try:
        os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
    except FileNotFoundError:
        return False
    return True


def _namen(name: str):
    """`name`, then `name-1`, `name-2`, … (the number before the extension)."""
    yield name
    stem, dot, ext = name.rpartition(".")
    n = 1
    while True:
        yield f"{stem}-{n}.{ext}" if dot else f"{name}-{n}"
        n += 1


def _freier_name(dir_fd: int, name: str) -> str:
    return next(kandidat for kandidat in _namen(name) if not _belegt(dir_fd, kandidat))


def _ablehnen(hf: _Hotfolder, quell_fd: int, quellname: str, name: str, grund: str) -> None:
    """Move the entry, as it is (a link stays a link), to failed/ beside `<name>.txt`.

    The reason file is created first and exclusively: it reserves the name
    pair, and nothing already lying there (a planted link) is written through.
    """
    failed = hf.ordner("failed")
    for ziel in _namen(name):
        if _belegt(failed, ziel):
            continue
        try:
            fd = os.open(ziel + ".txt", _GRUND_FLAGS, 0o640, dir_fd=failed)
        except FileExistsError:
            continue
        with os.fdopen(fd, "w", encoding="utf-8") as grund_datei:
            grund_datei.write(grund + "\n")
        break
    os.rename(quellname, ziel, src_dir_fd=quell_fd, dst_dir_fd=failed)


def _oe(kommune: Kommune, kurzzeichen: str | None) -> Organisationseinheit | None:
    if kurzzeichen is None:
        return None
    with kommune_scope(kommune):
        oe = Organisationseinheit.objects.filter(kurzzeichen=kurzzeichen, aktiv=True).first()
    if oe is None:
        raise Abgelehnt(f"Eine Organisationseinheit „{kurzzeichen}“ gibt es nicht.")
    return oe


def _verarbeite_datei(
    kommune: Kommune, hf: _Hotfolder, kandidat: _Kandidat, bericht: Bericht
) -> None:
    arbeit = hf.ordner("in_arbeit")
    # The OE travels in the name inside in_arbeit/ (one flat folder).
    name = _freier_name(arbeit, f"{kandidat.kurzzeichen or ''}@@{kandidat.name}")
    os.rename(kandidat.name, name, src_dir_fd=kandidat.ordner_fd, dst_dir_fd=arbeit)
    _nach_arbeit(kommune, hf, name, bericht)


def _nach_arbeit(kommune: Kommune, hf: _Hotfolder, arbeitsname: str, bericht: Bericht) -> None:
    arbeit = hf.ordner("in_arbeit")
    kurzzeichen, _, name = arbeitsname.partition("@@")
    try:
        with os.fdopen(_oeffne_datei(arbeit, arbeitsname), "rb") as datei:
            _aufnehmen(kommune, datei, name, kurzzeichen or None)
    except (Abgelehnt, DomainError) as exc:
        _ablehnen(hf, arbeit, arbeitsname, name, exc.message)
        bericht.abgelehnt.append(name)
        logger.info("Scan %s refused: %s", name, exc.message)
        return
    done = hf.done()
    os.rename(arbeitsname, _freier_name(done, name), src_dir_fd=arbeit, dst_dir_fd=done)
    bericht.aufgenommen.append(name)


def _aufnehmen(kommune: Kommune, datei: BinaryIO, name: str, kurzzeichen: str | None) -> None:
    # The checks and the Eintrag use the scan's own name, not the in_arbeit/ name.
    pruefe_offen(datei, name, size=os.fstat(datei.fileno()).st_size)
    datei.seek(0)
    data = datei.read()
    herkunft = f"scan:{hashlib.sha256(data).hexdigest()}:{name}"
    with kommune_scope(kommune):
        if Posteingangseintrag.objects.filter(herkunft=herkunft).exists():
            return
    receive(
        kommune_id=kommune.pk,
        oe=_oe(kommune, kurzzeichen),
        quelle=Quelle.SCAN,
        dateien=[Eingangsdatei(name, data)],
        herkunft=herkunft,
    )


def scan_ordner(kommune: Kommune, *, stabil_sekunden: float = 5.0) -> Bericht:
    """Take in the complete files of one Kommune's hot folder (see module doc)."""
    bericht = Bericht()
    try:
        with contextlib.ExitStack() as stack:
            fd = _oeffne_ordner(scan_root() / kommune.ags)
            stack.callback(os.close, fd)
            _scan(kommune, _Hotfolder(stack, fd), stabil_sekunden, bericht)
    except UnsichererOrdner as exc:
        logger.warning("Scan folder of %s not used: %s", kommune.ags, exc)
        bericht.fehler.append(
            f"Ein Ordner des Scan-Ordners fehlt oder ist kein echter Ordner ({exc})."
        )
    return bericht


def _scan(kommune: Kommune, hf: _Hotfolder, stabil_sekunden: float, bericht: Bericht) -> None:
    # First whatever a crash left in in_arbeit/.
    if _belegt(hf.fd, "in_arbeit"):
        arbeit = hf.ordner("in_arbeit", anlegen=False)
        for name in sorted(os.listdir(arbeit)):
            _nach_arbeit(kommune, hf, name, bericht)

    def beobachtet(k: _Kandidat) -> tuple[int, int] | None:
        try:
            st = os.stat(k.name, dir_fd=k.ordner_fd, follow_symlinks=False)
        except FileNotFoundError:
            return None
        return (st.st_size, st.st_mtime_ns)

    erste = {k: beobachtet(k) for k in _kandidaten(hf, bericht)}
    erste = {k: v for k, v in erste.items() if v is not None}
    if not erste:
        return
    jetzt = time.time()
    juengste = max(mtime / 1e9 for _, mtime in erste.values())
    # Observe twice, at least a moment apart, even when every file looks old:
    # a writer may append to a file whose time it preserves.
    warten = max(stabil_sekunden - (jetzt - juengste), min(stabil_sekunden, 1.0))
    time.sleep(min(warten, stabil_sekunden))
    for kandidat in _kandidaten(hf, bericht):
        jetzt_beobachtet = beobachtet(kandidat)
        if jetzt_beobachtet is None:
            continue
        alt_genug = time.time() - jetzt_beobachtet[1] / 1e9 >= stabil_sekunden
        if (
            erste.get(kandidat) != jetzt_beobachtet
            or not alt_genug
            or _gesperrt(kandidat.ordner_fd, kandidat.name)
        ):
            bericht.wartend.append(kandidat.name)
            continue
        _verarbeite_datei(kommune, hf, kandidat, bericht)


def scan_alle(*, stabil_sekunden: float = 5.0) -> dict[str, Bericht]:
    """Every active Kommune's hot folder (folders are made on first run)."""
    berichte = {}
    scan_root().mkdir(parents=True, exist_ok=True)
    for kommune in Kommune.objects.filter(aktiv=True).order_by("ags"):
        with contextlib.suppress(FileExistsError):  # a link there is refused by scan_ordner
            (scan_root() / kommune.ags).mkdir()
        berichte[kommune.ags] = scan_ordner(kommune, stabil_sekunden=stabil_sekunden)
    return berichte
