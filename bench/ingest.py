"""Ingest benchmark: born-digital PDFs per second end to end, OCR seconds per page.

1. Born-digital: N PDFs dropped into a Vorgang through the Posteingang
   service (`receive` with `ziel_vorgang`, the path of the upload and the
   drop onto a Vorgang page), processed (type check, polyglot check, text,
   preview), filed as Dokumente, until each one's search row holds its text
   and the search finds them all; PDFs per second over the whole run.
2. OCR: M scanned pages the same way end to end (long-lived OCR child with
   limits, OCRmyPDF + Tesseract deu to PDF/A-2b, text, preview, filing,
   search row with the recognised text) against bare `ocrmypdf` (same
   version, same options, one job) on the same files in the same run, in turn.

Runs on a fresh SQLite database in a temp dir, ImmediateBackend (the task
runs at enqueue, in the same process). With BENCH_PROZESSE=N the
born-digital files are split over N processes working at once (upload and
processing in each, as N app/worker processes of a deployment would); with
BENCH_POSTGRES=postgresql://… (a role that may create databases and roles) a
fresh PostgreSQL database on that server is used instead of SQLite (created
and dropped by the bench; the bench runs as the role aktenbund_app, as the
application does, so the server must let it in without a password).
Prints the figures; record them in docs/benchmarks.md. Not a timed test.
Environment: BENCH_PDFS (default 200), BENCH_OCR_SEITEN (default 4),
BENCH_PROZESSE (default 1), BENCH_POSTGRES (default: SQLite), BENCH_STAPEL (files
per upload in the second run, default 25; the first run uploads one at a time).
"""

from __future__ import annotations

import contextlib
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aktenbund.settings")
WORKER = int(os.environ.get("BENCH_WORKER", "0"))
if not WORKER:
    os.environ["AKTENBUND_TASK_BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"
os.environ.setdefault("SECRET_KEY", "bench")
# A fresh database and blob store for every run.
os.environ["AKTENBUND_DATA_DIR"] = tempfile.mkdtemp(prefix="ab-bench-ingest-")
os.environ.pop("DATABASE_URL", None)
os.environ.pop("DATABASE_OWNER_URL", None)
PG_SERVER = os.environ.get("BENCH_POSTGRES", "")
PG_NAME = f"ab_bench_ingest_{os.getpid()}"
if PG_SERVER:
    from urllib.parse import urlsplit

    import psycopg

    with psycopg.connect(PG_SERVER, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {PG_NAME}")
    # BENCH_POSTGRES's role owns the tables (migrate); the bench works as the
    # application's role, which migrate creates without a password.
    owner = urlsplit(PG_SERVER)._replace(path=f"/{PG_NAME}")
    os.environ["DATABASE_OWNER_URL"] = owner.geturl()
    app_server = owner.netloc.rpartition("@")[2]
    os.environ["DATABASE_URL"] = owner._replace(netloc=f"aktenbund_app@{app_server}").geturl()

import django  # noqa: E402

django.setup()

import logging  # noqa: E402

from django.core.management import call_command  # noqa: E402

logging.getLogger("django_tasks").setLevel(logging.WARNING)

N_PDFS = int(os.environ.get("BENCH_PDFS", "200"))
OCR_SEITEN = int(os.environ.get("BENCH_OCR_SEITEN", "4"))
PROZESSE = max(1, int(os.environ.get("BENCH_PROZESSE", "1")))
STAPEL = max(1, int(os.environ.get("BENCH_STAPEL", "25")))


def _welt():
    """A Kommune with an OE, its clerk, the small Aktenplan and one open Vorgang."""
    from tests.factories import make_kommune, make_oe, make_user, make_verbund
    from tests.records.factories import (
        make_akte,
        make_kleiner_aktenplan,
        make_verbund_registratur,
        make_vorgang,
    )

    make_verbund()
    kommune = make_kommune(None, "Meinhard", "06636007", 4560)
    admin = make_user(kommune, "bench.admin", ["kommune_admin"])
    oe = make_oe(admin, kommune, "32", "Ordnungsamt")
    user = make_user(kommune, "bench.ordnung", ["sachbearbeitung"], [oe.pk])
    plan = make_kleiner_aktenplan(make_verbund_registratur())
    akte = make_akte(user, plan["121"], "Gewerbeanmeldungen 2026")
    return user, make_vorgang(user, akte, "Eingang Gewerbeanmeldungen")


def _vorgang_dazu(user, vorgang):
    """Another open Vorgang in the same Akte."""
    from tests.records.factories import make_vorgang

    return make_vorgang(user, vorgang.akte, "Eingang Gewerbeanmeldungen")


def born_digital(user, vorgang, stapel: int) -> tuple[int, float]:
    """Upload into a Vorgang → processed → filed → Suchindex row with the text.

    `stapel` 1: each PDF arrives alone, as dropped onto a Vorgang page
    (`receive` with `ziel_vorgang`): processed and filed in one go. `stapel`
    N: uploads of N files at once into the Posteingang with a Vorgang to
    file into (`upload(vorgang_id=…)`, the form's "Gleich ablegen in
    Vorgang"): one task processes them in turn and files them together. A PDF
    counts once its Dokument's search row holds the text; at the end the
    search itself must find every one.
    """
    from tests.capture.dateien import text_pdf

    from aktenbund.capture import services
    from aktenbund.capture.models import Quelle
    from aktenbund.search.models import Suchindex
    from aktenbund.search.services import Suchanfrage, suche
    from aktenbund.tenancy.scope import kommune_scope

    texte = [
        f"Gewerbeanmeldung Nr. {n}/{stapel}\nAntragsteller: Firma {n} GmbH\n"
        f"Tätigkeit: Einzelhandel mit Waren aller Art, Bauantrag {n}"
        for n in range(N_PDFS)
    ]
    pdfs = [text_pdf(t, t) for t in texte]
    with kommune_scope(user.kommune_id):
        vorher = Suchindex.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    # A worker loads the decompounding word list once in its life (~0.3 s);
    # this measures its throughput, not its start.
    from aktenbund.search import analyse

    analyse.tokens("Gewerbeanmeldung")
    with kommune_scope(user.kommune_id):
        oe = user.organisationseinheiten.first()

    def hochladen(nummern: range) -> None:
        if stapel > 1:
            nummern = list(nummern)
            for start in range(0, len(nummern), stapel):
                with kommune_scope(user.kommune_id):
                    services.upload(
                        user,
                        [
                            services.Eingangsdatei(f"anmeldung-{n}.pdf", pdfs[n])
                            for n in nummern[start : start + stapel]
                        ],
                        oe_id=oe.pk,
                        vorgang_id=vorgang.pk,
                    )
            return
        for n in nummern:
            with kommune_scope(user.kommune_id):
                services.receive(
                    kommune_id=user.kommune_id,
                    oe=oe,
                    quelle=Quelle.UPLOAD,
                    dateien=[services.Eingangsdatei(f"anmeldung-{n}.pdf", pdfs[n])],
                    actor=user,
                    ziel_vorgang=vorgang,
                )

    start = time.perf_counter()
    if WORKER:
        with _worker(WORKER):
            start = time.perf_counter()
            hochladen(range(N_PDFS))
            _warte_bis_indexiert(user, vorgang, vorher)
    elif PROZESSE == 1:
        hochladen(range(N_PDFS))
    else:
        _parallel(hochladen, [range(i, N_PDFS, PROZESSE) for i in range(PROZESSE)])
    elapsed = time.perf_counter() - start
    with kommune_scope(user.kommune_id):
        neu = Suchindex.objects.filter(pk__gt=vorher, vorgang_id=vorgang.pk)
        mit_text = neu.filter(volltext__contains="Einzelhandel mit Waren").count()
        gefunden = suche(user, Suchanfrage(q="Einzelhandel")).gesamt
        neu = neu.count()
    assert neu == N_PDFS, f"{neu} new search rows for {N_PDFS} PDFs"
    assert mit_text == N_PDFS, f"only {mit_text} of {N_PDFS} search rows hold their text"
    assert gefunden >= N_PDFS, f"search finds {gefunden} of {N_PDFS}"
    return mit_text, elapsed


@contextlib.contextmanager
def _worker(anzahl: int):
    """`anzahl` task workers (`manage.py db_worker`, as `make demo` runs one), started
    and ready before the clock starts, stopped afterwards."""
    befehl = [
        sys.executable,
        str(ROOT / "manage.py"),
        "db_worker",
        "--queue-name",
        "*",
        "--no-reload",
        "--no-startup-delay",
        "--interval",
        "0.02",
    ]
    prozesse = [
        subprocess.Popen(befehl, cwd=ROOT, stdout=subprocess.DEVNULL) for _ in range(anzahl)
    ]
    try:
        time.sleep(5)  # Django start-up of the workers, not part of the figure
        if any(p.poll() is not None for p in prozesse):
            raise SystemExit("a task worker did not start")
        yield
    finally:
        for prozess in prozesse:
            prozess.terminate()
        for prozess in prozesse:
            prozess.wait(timeout=60)


def _warte_bis_indexiert(user, vorgang, vorher: int, timeout: float = 600) -> None:
    from aktenbund.search.models import Suchindex
    from aktenbund.tenancy.scope import kommune_scope

    ende = time.monotonic() + timeout
    while time.monotonic() < ende:
        with kommune_scope(user.kommune_id):
            fertig = Suchindex.objects.filter(pk__gt=vorher, vorgang_id=vorgang.pk).count()
        if fertig >= N_PDFS:
            return
        time.sleep(0.02)
    raise SystemExit(f"only {fertig} of {N_PDFS} PDFs indexed after {timeout:.0f} s")


def _parallel(arbeit, teile: list[range]) -> None:
    """Run `arbeit(teil)` for each part in its own forked process, all at once."""
    import multiprocessing

    from django.db import connections

    connections.close_all()  # each child opens its own connection
    kontext = multiprocessing.get_context("fork")
    prozesse = [kontext.Process(target=arbeit, args=(teil,)) for teil in teile]
    for prozess in prozesse:
        prozess.start()
    for prozess in prozesse:
        prozess.join()
        if prozess.exitcode != 0:
            raise SystemExit(f"a bench process failed (exit {prozess.exitcode})")


def ocr(user, vorgang, tmp: Path) -> tuple[float, float, float]:
    """Scanned pages end to end (upload → OCR → filed → search row with the
    recognised text) against bare `ocrmypdf` with the same options, file by
    file in turn (A B A B …, so drift in the machine's load hits both)."""
    from tests.capture.dateien import scan_pdf

    from aktenbund.capture import services
    from aktenbund.capture.models import Quelle
    from aktenbund.capture.ocrprozess import optionen
    from aktenbund.capture.services.konvertierung import ocr_timeout
    from aktenbund.search.models import Suchindex
    from aktenbund.tenancy.scope import kommune_scope

    opts = optionen("alles", ocr_timeout())
    assert opts == {
        "language": "deu",
        "output_type": "pdfa-2",
        "progress_bar": False,
        "jobs": 1,
        "tesseract_timeout": ocr_timeout(),
        "max_image_mpixels": 150,
        "force_ocr": True,
    }, "bare command below no longer matches the pipeline's options"
    bare_cmd = [
        sys.executable,
        "-m",
        "ocrmypdf",
        "-q",
        "-l",
        "deu",
        "--output-type",
        "pdfa-2",
        "--jobs",
        "1",
        "--tesseract-timeout",
        str(ocr_timeout()),
        "--max-image-mpixels",
        "150",
        "--force-ocr",
    ]
    pipeline = bare = 0.0
    for n in range(OCR_SEITEN):
        path = tmp / f"scan-{n}.pdf"
        data = scan_pdf(f"Widerspruch gegen den Gebührenbescheid Nr. {n}\nBauantrag")
        path.write_bytes(data)
        start = time.perf_counter()
        with kommune_scope(user.kommune_id):
            (datei,) = services.receive(
                kommune_id=user.kommune_id,
                oe=user.organisationseinheiten.first(),
                quelle=Quelle.UPLOAD,
                dateien=[services.Eingangsdatei(path.name, data)],
                actor=user,
                ziel_vorgang=vorgang,
            ).dateien.all()
        pipeline += time.perf_counter() - start
        with kommune_scope(user.kommune_id):
            zeile = Suchindex.objects.get(dokument_id=datei.dokument_id)
        assert zeile.volltext_quelle == "ocr" and "Widerspruch" in zeile.volltext
        start = time.perf_counter()
        subprocess.run([*bare_cmd, str(path), str(path.with_suffix(".bare.pdf"))], check=True)
        bare += time.perf_counter() - start
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import ocrmypdf"], check=True)
    anlauf = time.perf_counter() - start
    return pipeline / OCR_SEITEN, bare / OCR_SEITEN, anlauf


def main() -> None:
    try:
        _main()
    finally:
        if PG_SERVER:
            from django.db import connections

            connections.close_all()
            with psycopg.connect(PG_SERVER, autocommit=True) as admin:
                admin.execute(f"DROP DATABASE IF EXISTS {PG_NAME}")


def _main() -> None:
    call_command("migrate", verbosity=0)
    user, vorgang = _welt()
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, load average {os.getloadavg()[0]:.1f}"
    )
    for stapel in dict.fromkeys((1, STAPEL)):
        vorgang = _vorgang_dazu(user, vorgang)  # each run its own Vorgang: same start
        n, elapsed = born_digital(user, vorgang, stapel)
        print(
            f"born-digital PDFs, {'one' if stapel == 1 else stapel} per upload: {n} in "
            f"{elapsed:.2f} s = {n / elapsed:.1f} PDFs/s (upload into a Vorgang → checks → "
            f"text, preview → filed → search row with the text; "
            f"{'PostgreSQL' if PG_SERVER else 'SQLite'}, "
            + (
                f"uploads in one process, {WORKER} task worker{'s' if WORKER > 1 else ''})"
                if WORKER
                else f"{PROZESSE} process{'es' if PROZESSE > 1 else ''}, task run at upload)"
            )
        )
    if not OCR_SEITEN or WORKER:
        return
    with tempfile.TemporaryDirectory() as tmp:
        pipeline, bare, anlauf = ocr(user, vorgang, Path(tmp))
    print(
        f"OCR ({OCR_SEITEN} scanned A4 pages, 150 dpi): pipeline {pipeline:.2f} s/page "
        f"(upload → OCR → filed → search row), bare ocrmypdf {bare:.2f} s/page, "
        f"ratio {pipeline / bare:.2f}× (bare includes {anlauf:.2f} s/file for starting "
        "Python and importing OCRmyPDF, which the pipeline's long-lived child pays once)"
    )


if __name__ == "__main__":
    main()
