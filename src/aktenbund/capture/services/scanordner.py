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
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from aktenbund.capture.models import Posteingangseintrag, Quelle
from aktenbund.capture.services.konvertierung import Abgelehnt, pruefe
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


def scan_root() -> Path:
    return Path(getattr(settings, "AKTENBUND_SCAN_DIR", settings.DATA_DIR / "scan"))


def _ist_temp(name: str) -> bool:
    return name.startswith((".", "~$")) or name.lower().endswith(TEMP_ENDUNGEN)


def _gesperrt(pfad: Path) -> bool:
    """True if another process holds a lock on the file (still being written)."""
    try:
        fd = os.open(pfad, os.O_RDONLY)
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


def _kandidaten(ordner: Path) -> list[tuple[Path, str | None]]:
    """(file, OE Kurzzeichen or None) for every file that may be a scan."""
    found: list[tuple[Path, str | None]] = []
    if not ordner.is_dir():
        return found
    for entry in sorted(ordner.iterdir()):
        if entry.name in RESERVIERT or _ist_temp(entry.name):
            continue
        if entry.is_file() and not entry.is_symlink():
            found.append((entry, None))
        elif entry.is_dir() and not entry.is_symlink():
            for sub in sorted(entry.iterdir()):
                if sub.is_file() and not sub.is_symlink() and not _ist_temp(sub.name):
                    found.append((sub, entry.name))
    return found


def _ziel(basis: Path, name: str) -> Path:
    basis.mkdir(parents=True, exist_ok=True)
    ziel = basis / name
    n = 1
    while ziel.exists():
        stem, dot, ext = name.rpartition(".")
        ziel = basis / (f"{stem}-{n}.{ext}" if dot else f"{name}-{n}")
        n += 1
    return ziel


def _ablehnen(ordner: Path, pfad: Path, name: str, grund: str) -> None:
    ziel = _ziel(ordner / "failed", name)
    os.replace(pfad, ziel)
    ziel.with_name(ziel.name + ".txt").write_text(grund + "\n", encoding="utf-8")


def _oe(kommune: Kommune, kurzzeichen: str | None) -> Organisationseinheit | None:
    if kurzzeichen is None:
        return None
    with kommune_scope(kommune):
        oe = Organisationseinheit.objects.filter(kurzzeichen=kurzzeichen, aktiv=True).first()
    if oe is None:
        raise Abgelehnt(f"Eine Organisationseinheit „{kurzzeichen}“ gibt es nicht.")
    return oe


def _verarbeite_datei(kommune: Kommune, ordner: Path, pfad: Path, kurzzeichen, bericht) -> None:
    arbeit = ordner / "in_arbeit"
    arbeit.mkdir(exist_ok=True)
    # The OE travels in the name inside in_arbeit/ (one flat folder).
    in_arbeit = _ziel(arbeit, f"{kurzzeichen or ''}@@{pfad.name}")
    os.replace(pfad, in_arbeit)
    _nach_arbeit(kommune, ordner, in_arbeit, bericht)


def _nach_arbeit(kommune: Kommune, ordner: Path, in_arbeit: Path, bericht: Bericht) -> None:
    kurzzeichen, _, name = in_arbeit.name.partition("@@")
    try:
        _aufnehmen(kommune, in_arbeit, name, kurzzeichen or None)
    except (Abgelehnt, DomainError) as exc:
        _ablehnen(ordner, in_arbeit, name, exc.message)
        bericht.abgelehnt.append(name)
        logger.info("Scan %s refused: %s", name, exc.message)
        return
    os.replace(in_arbeit, _ziel(ordner / "done" / timezone.localdate().isoformat(), name))
    bericht.aufgenommen.append(name)


def _aufnehmen(kommune: Kommune, pfad: Path, name: str, kurzzeichen: str | None) -> None:
    # The checks and the Eintrag use the scan's own name, not the in_arbeit/ name.
    pruefe(pfad, name)
    data = pfad.read_bytes()
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
    ordner = scan_root() / kommune.ags
    bericht = Bericht()
    # First whatever a crash left in in_arbeit/.
    arbeit = ordner / "in_arbeit"
    if arbeit.is_dir():
        for pfad in sorted(arbeit.iterdir()):
            if pfad.is_file():
                _nach_arbeit(kommune, ordner, pfad, bericht)
    erste = {p: (p.stat().st_size, p.stat().st_mtime_ns) for p, _ in _kandidaten(ordner)}
    if not erste:
        return bericht
    jetzt = time.time()
    juengste = max(mtime / 1e9 for _, mtime in erste.values())
    # Observe twice, at least a moment apart, even when every file looks old:
    # a writer may append to a file whose time it preserves.
    warten = max(stabil_sekunden - (jetzt - juengste), min(stabil_sekunden, 1.0))
    time.sleep(min(warten, stabil_sekunden))
    for pfad, kurzzeichen in _kandidaten(ordner):
        try:
            stat = pfad.stat()
        except FileNotFoundError:
            continue
        vorher = erste.get(pfad)
        alt_genug = time.time() - stat.st_mtime >= stabil_sekunden
        if vorher != (stat.st_size, stat.st_mtime_ns) or not alt_genug or _gesperrt(pfad):
            bericht.wartend.append(pfad.name)
            continue
        _verarbeite_datei(kommune, ordner, pfad, kurzzeichen, bericht)
    return bericht


def scan_alle(*, stabil_sekunden: float = 5.0) -> dict[str, Bericht]:
    """Every active Kommune's hot folder (folders are made on first run)."""
    berichte = {}
    for kommune in Kommune.objects.filter(aktiv=True).order_by("ags"):
        (scan_root() / kommune.ags).mkdir(parents=True, exist_ok=True)
        berichte[kommune.ags] = scan_ordner(kommune, stabil_sekunden=stabil_sekunden)
    return berichte
