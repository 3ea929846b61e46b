"""A process killed while it streams a file into the store leaves no partial blob.

The child process runs the real `store_blob` with an upload that never ends,
says when some megabytes are written, and is killed with SIGKILL: no cleanup
code runs. On PostgreSQL the child uses the test database, so a row it wrote
would be seen here; on SQLite (in-memory test database) it uses a throwaway
database of its own, and the assertions on rows hold for the parent's rows.
"""

from __future__ import annotations

import hashlib
import io
import os
import select
import signal
import subprocess
import sys
import textwrap
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from aktenbund.blobs.models import Blob
from aktenbund.blobs.services import store_blob, sweep_orphans
from tests.blobs.conftest import DAY, age_file, blob_files, temp_files

pytestmark = pytest.mark.django_db

MIB = 1024 * 1024
CHUNKS_BEFORE_KILL = 4

CHILD = textwrap.dedent(
    f"""
    import itertools
    import sys
    import time

    import django

    django.setup()

    from aktenbund.blobs.services import store_blob

    def endless_upload():
        chunk = b"Akte" * ({MIB} // 4)
        for written in itertools.count():
            if written == {CHUNKS_BEFORE_KILL}:
                # Everything yielded so far is in the temp file now.
                print("streaming", flush=True)
                time.sleep(30)
            yield chunk

    store_blob(endless_upload(), mime_type="application/pdf")
    print("finished", flush=True)
    """
)


def _child_env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    src = Path(settings.BASE_DIR).parent
    env.update(
        DJANGO_SETTINGS_MODULE="aktenbund.settings",
        PYTHONPATH=os.pathsep.join([str(src), env.get("PYTHONPATH", "")]),
        AKTENBUND_BLOB_ROOT=str(settings.BLOB_ROOT),
        AKTENBUND_DATA_DIR=str(tmp_path / "child-data"),
    )
    env.pop("DATABASE_URL", None)
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        password = f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
        env["DATABASE_URL"] = (
            f"postgresql://{quote(db['USER'])}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        )
    return env


def _wait_for_line(process: subprocess.Popen, timeout: float) -> str:
    ready, _, _ = select.select([process.stdout], [], [], timeout)
    return process.stdout.readline().strip() if ready else ""


def test_killed_upload_leaves_no_partial_blob_and_no_row(store, tmp_path):
    complete = store_blob(io.BytesIO(b"Bescheid, vor dem Absturz gespeichert"))
    process = subprocess.Popen(
        [sys.executable, "-c", CHILD],
        env=_child_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = _wait_for_line(process, timeout=30)
        assert line == "streaming", process.stderr.read() if process.poll() is not None else ""
        os.kill(process.pid, signal.SIGKILL)
        assert process.wait(timeout=10) == -signal.SIGKILL
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stdout.close()
        process.stderr.close()

    # The partial content exists only as a temp file, invisible as a blob.
    [leftover] = temp_files(store)
    assert leftover.stat().st_size == CHUNKS_BEFORE_KILL * MIB
    partial = hashlib.sha256(leftover.read_bytes()).hexdigest()
    assert not store.exists(partial)
    assert blob_files(store) == {store.path(complete.sha256).relative_to(store.root).as_posix()}
    assert list(store.verify()) == []
    # No row for the partial content; every row's file is there.
    assert list(Blob.objects.values_list("sha256", flat=True)) == [complete.sha256]
    assert all(store.exists(sha256) for sha256 in Blob.objects.values_list("sha256", flat=True))

    # The sweep leaves the leftover alone within the grace period (it could be
    # an upload still running), then removes it; the complete blob stays.
    assert sweep_orphans().temp_files == []
    age_file(leftover, DAY + 60)
    assert sweep_orphans().temp_files == [leftover.name]
    assert temp_files(store) == []
    assert store.exists(complete.sha256)
