"""The content-addressed blob store: file contents, named by their SHA-256.

A blob is immutable bytes stored once, whoever uploads them and in whichever
Kommune; metadata (title, file name, Kommune) lives in the records models.
`BlobStore` is the contract every backend keeps; `FileSystemBlobStore` keeps
it on a local (or mounted) file system, an S3-compatible backend can follow.

Layout of a `FileSystemBlobStore` root::

    <root>/ab/cd/abcd…   one file per blob, named by its SHA-256
    <root>/tmp/          uploads in progress (and leftovers of crashed ones)
    <root>/.lock         taken by `put` (shared) and `delete` (exclusive)

A blob file appears under its name only complete and durable (written to a
temp file, fsynced, renamed, directory fsynced), so readers never see a
partial blob, and a crash leaves at most a temp file for the sweep.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO, Protocol

from django.conf import settings

from aktenbund.errors import ValidationError

CHUNK_SIZE = 1024 * 1024
SHA256_PATTERN = re.compile(r"[0-9a-f]{64}")
TEMP_DIR = "tmp"
LOCK_FILE = ".lock"


class BlobNotFound(FileNotFoundError):
    """No blob with this SHA-256 is stored."""


@dataclass(frozen=True)
class StoredBlob:
    """One stored blob as the store lists it."""

    sha256: str
    size: int
    modified_at: datetime


@dataclass(frozen=True)
class Mismatch:
    """A stored file that is not what its name promises.

    `sha256` is the name as found (for misplaced or misnamed files the path
    relative to the store root); `problem` says in German what is wrong.
    """

    sha256: str
    problem: str


class BlobStore(Protocol):
    """What every blob backend provides. Blobs are addressed by lowercase SHA-256 hex."""

    def put(
        self, stream: BinaryIO | Iterable[bytes], *, max_size: int | None = None
    ) -> tuple[str, int]: ...

    def open(self, sha256: str) -> BinaryIO: ...

    def exists(self, sha256: str) -> bool: ...

    def size(self, sha256: str) -> int: ...

    def iter_blobs(self) -> Iterator[StoredBlob]: ...

    def verify(self) -> Iterator[Mismatch]: ...

    def delete(self, sha256: str, *, older_than: datetime | None = None) -> bool: ...

    def remove_stale_temp_files(
        self, older_than: datetime, *, dry_run: bool = False
    ) -> list[str]: ...

    def health(self) -> tuple[str, str]: ...


def validate_sha256(sha256: str) -> str:
    """Return `sha256` if it is 64 lowercase hex digits, else raise ValidationError.

    Blob names become file paths, so anything else (`../`, slashes, upper
    case that would alias a blob) is refused before it gets near the disk.
    """
    if not isinstance(sha256, str) or not SHA256_PATTERN.fullmatch(sha256):
        raise ValidationError(
            "Ungültige Prüfsumme.",
            {"sha256": "Eine SHA-256-Prüfsumme besteht aus 64 Zeichen 0–9 und a–f."},
        )
    return sha256


def _chunks(stream: BinaryIO | Iterable[bytes]) -> Iterator[bytes]:
    # A binary file iterates by lines, which may be huge or tiny; read it in
    # fixed chunks instead.
    if hasattr(stream, "read"):
        while chunk := stream.read(CHUNK_SIZE):
            yield chunk
    else:
        yield from stream


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _format_size(size: int) -> str:
    """A byte count as German users read it: "20 MB", "1,5 MB", "512 KB", "100 Bytes"."""
    for unit, factor in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= factor:
            text = f"{size / factor:.1f}".replace(".", ",").removesuffix(",0")
            return f"{text} {unit}"
    return f"{size} Bytes"


class FileSystemBlobStore:
    """Blobs as files under `root`; see the module docstring for the layout."""

    def __init__(self, root: Path | str):
        self.root = Path(root)

    def __repr__(self) -> str:
        return f"FileSystemBlobStore({str(self.root)!r})"

    @property
    def temp_dir(self) -> Path:
        return self.root / TEMP_DIR

    def path(self, sha256: str) -> Path:
        """Where the blob `sha256` lives (whether or not it exists)."""
        validate_sha256(sha256)
        return self.root / sha256[:2] / sha256[2:4] / sha256

    # --- writing -----------------------------------------------------------

    def put(
        self, stream: BinaryIO | Iterable[bytes], *, max_size: int | None = None
    ) -> tuple[str, int]:
        """Store the bytes of `stream` and return `(sha256, size)`.

        `stream` is a binary file object or an iterable of bytes chunks. The
        content is hashed while it is written to a temp file in `<root>/tmp`,
        then fsynced and renamed to its name, and the directory is fsynced:
        when `put` returns, the blob is durable. Content already stored is not
        written again. More than `max_size` bytes raise `ValidationError` and
        leave nothing behind.
        """
        self._make_dirs(self.temp_dir)
        fd, temp_name = tempfile.mkstemp(dir=self.temp_dir, prefix="upload-")
        temp_path = Path(temp_name)
        try:
            digest = hashlib.sha256()
            size = 0
            with os.fdopen(fd, "wb") as temp_file:
                for chunk in _chunks(stream):
                    size += len(chunk)
                    if max_size is not None and size > max_size:
                        raise ValidationError(
                            f"Die Datei ist zu groß (höchstens {_format_size(max_size)}).",
                            {"datei": "Die Datei überschreitet die zulässige Größe."},
                        )
                    digest.update(chunk)
                    temp_file.write(chunk)
                # Stored content never changes; read-only guards against slips.
                os.fchmod(temp_file.fileno(), 0o440)
                temp_file.flush()
                os.fsync(temp_file.fileno())
            sha256 = digest.hexdigest()
            target = self.path(sha256)
            with self._lock(exclusive=False):
                if target.exists():
                    # Touching the existing file restarts its grace period, so
                    # the orphan sweep leaves it alone until the caller has
                    # written the row that refers to it.
                    os.utime(target)
                    temp_path.unlink()
                else:
                    self._make_dirs(target.parent)
                    os.replace(temp_path, target)
                    _fsync_dir(target.parent)
        except BaseException:
            temp_path.unlink(missing_ok=True)
            raise
        return sha256, size

    def _make_dirs(self, directory: Path) -> None:
        # A new directory is durable only once its parent is fsynced too.
        missing = []
        while not directory.exists():
            missing.append(directory)
            directory = directory.parent
        for new in reversed(missing):
            new.mkdir(exist_ok=True)
            _fsync_dir(new.parent)

    @contextmanager
    def _lock(self, *, exclusive: bool) -> Iterator[None]:
        # `put` checks for an existing blob and touches or creates it under a
        # shared lock; `delete` checks the age and removes under an exclusive
        # one. So a blob is never removed between `put` finding it and the
        # caller writing its row.
        fd = os.open(self.root / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
            yield
        finally:
            os.close(fd)

    def delete(self, sha256: str, *, older_than: datetime | None = None) -> bool:
        """Remove the blob `sha256`; return whether a file was removed.

        Only for the orphan sweep: rows may refer to blobs, and this does not
        ask them. With `older_than`, a blob written or touched by `put` since
        then is kept.
        """
        target = self.path(sha256)
        if not target.exists():
            return False
        with self._lock(exclusive=True):
            try:
                if older_than is not None and target.stat().st_mtime >= older_than.timestamp():
                    return False
                target.unlink()
            except FileNotFoundError:
                return False
        _fsync_dir(target.parent)
        return True

    def remove_stale_temp_files(self, older_than: datetime, *, dry_run: bool = False) -> list[str]:
        """Remove temp files last written before `older_than`; return their names.

        Temp files are uploads in progress or leftovers of crashed ones; they
        are never blobs. With `dry_run`, only name them.
        """
        if not self.temp_dir.is_dir():
            return []
        removed = []
        for entry in os.scandir(self.temp_dir):
            try:
                if not entry.is_file(follow_symlinks=False):
                    continue
                if entry.stat().st_mtime >= older_than.timestamp():
                    continue
                if not dry_run:
                    os.unlink(entry.path)
            except FileNotFoundError:
                continue
            removed.append(entry.name)
        return sorted(removed)

    # --- reading -----------------------------------------------------------

    def open(self, sha256: str) -> BinaryIO:
        """The blob's content, opened for binary reading; BlobNotFound if absent."""
        try:
            return self.path(sha256).open("rb")
        except FileNotFoundError:
            raise BlobNotFound(f"Blob {sha256} fehlt in der Ablage.") from None

    def exists(self, sha256: str) -> bool:
        """Whether the blob `sha256` is stored."""
        return self.path(sha256).is_file()

    def size(self, sha256: str) -> int:
        """The blob's size in bytes; BlobNotFound if absent."""
        try:
            return self.path(sha256).stat().st_size
        except FileNotFoundError:
            raise BlobNotFound(f"Blob {sha256} fehlt in der Ablage.") from None

    def _walk(self) -> Iterator[tuple[str, Path]]:
        """Every file below root except temp files and the lock: (relative path, path)."""
        if not self.root.is_dir():
            return
        for directory, dirnames, filenames in os.walk(self.root):
            here = Path(directory)
            if here == self.root:
                dirnames[:] = [name for name in dirnames if name != TEMP_DIR]
                filenames = [name for name in filenames if name != LOCK_FILE]
            dirnames.sort()
            for name in sorted(filenames):
                path = here / name
                yield path.relative_to(self.root).as_posix(), path

    def _is_blob_path(self, relative: str) -> bool:
        name = relative.rpartition("/")[2]
        return bool(SHA256_PATTERN.fullmatch(name)) and relative == f"{name[:2]}/{name[2:4]}/{name}"

    def iter_blobs(self) -> Iterator[StoredBlob]:
        """Every stored blob, in name order. Misnamed files are skipped (see `verify`)."""
        for relative, path in self._walk():
            if not self._is_blob_path(relative):
                continue
            try:
                stat = path.stat()
            except FileNotFoundError:  # removed by a concurrent sweep
                continue
            yield StoredBlob(
                sha256=path.name,
                size=stat.st_size,
                modified_at=datetime.fromtimestamp(stat.st_mtime, tz=UTC),
            )

    def verify(self) -> Iterator[Mismatch]:
        """Rehash every stored file; yield one Mismatch for each that is not intact.

        Reports content that does not hash to its name and files whose name or
        place is not that of a blob. Reads everything: expect it to take as
        long as reading the whole store.
        """
        for relative, path in self._walk():
            if not self._is_blob_path(relative):
                yield Mismatch(relative, "Datei ohne gültigen Blob-Namen oder am falschen Ort")
                continue
            digest = hashlib.sha256()
            try:
                with path.open("rb") as blob_file:
                    while chunk := blob_file.read(CHUNK_SIZE):
                        digest.update(chunk)
            except FileNotFoundError:  # removed by a concurrent sweep
                continue
            if digest.hexdigest() != path.name:
                yield Mismatch(
                    path.name,
                    f"Inhalt passt nicht zur Prüfsumme (berechnet: {digest.hexdigest()})",
                )

    def health(self) -> tuple[str, str]:
        """("ok", "<n> GB frei") if blobs can be written, else ("fehler", reason)."""
        if not self.root.is_dir():
            return "fehler", f"Das Ablageverzeichnis {self.root} fehlt."
        try:
            self.temp_dir.mkdir(exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=self.temp_dir, prefix="health-"):
                pass
        except OSError as error:
            return "fehler", f"Das Ablageverzeichnis {self.root} ist nicht beschreibbar: {error}"
        free_gb = shutil.disk_usage(self.root).free / 1e9
        return "ok", f"{free_gb:.1f} GB frei".replace(".", ",")


def get_store() -> BlobStore:
    """The store for `settings.BLOB_ROOT` (one instance per root path)."""
    return _store_for(Path(settings.BLOB_ROOT))


@lru_cache(maxsize=16)
def _store_for(root: Path) -> FileSystemBlobStore:
    # The configured root is created on first use, so a fresh installation is healthy.
    with contextlib.suppress(OSError):  # an unusable root is reported by health()
        root.mkdir(parents=True, exist_ok=True)
    return FileSystemBlobStore(root)
