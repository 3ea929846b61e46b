"""Ingest benchmark: born-digital PDFs per second end to end, OCR seconds per page.

1. Born-digital: N PDFs uploaded through the Posteingang service (the same
   path the UI and API take), processed (type check, text extraction,
   preview) until their text is stored and they are `bereit`; PDFs per
   second over the whole run.
2. OCR: M scanned pages through the capture pipeline (child process with
   limits, OCRmyPDF + Tesseract deu to PDF/A-2b, text, preview) against bare
   `ocrmypdf` (same version, same options) on the same files in the same run.

Prints the figures; record them in docs/benchmarks.md. Not a timed test.
Environment: BENCH_PDFS (default 200), BENCH_OCR_SEITEN (default 4).
"""

from __future__ import annotations

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
os.environ["AKTENBUND_TASK_BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"
os.environ.setdefault("SECRET_KEY", "bench")

import django  # noqa: E402

django.setup()

import logging  # noqa: E402

from django.core.management import call_command  # noqa: E402

logging.getLogger("django_tasks").setLevel(logging.WARNING)

N_PDFS = int(os.environ.get("BENCH_PDFS", "200"))
OCR_SEITEN = int(os.environ.get("BENCH_OCR_SEITEN", "4"))


def _clerk():
    from aktenbund.tenancy import services
    from aktenbund.tenancy.models import Kommune, User, Verbund

    if not Verbund.objects.exists():
        Verbund.objects.create(name="Bench-Verbund")
        services.create_verbund_admin("bench.admin", "Bench-Passwort-123")
    admin = User.objects.get(username="bench.admin")
    kommune = Kommune.objects.filter(ags="06636007").first() or services.create_kommune(
        admin, name="Meinhard", ags="06636007", einwohner=4560
    )
    user = User.objects.filter(username="bench.registratur").first()
    if user is None:
        user, _ = services.create_user(
            admin,
            kommune,
            username="bench.registratur",
            first_name="Bench",
            last_name="Registratur",
            rollen=["registratur"],
            organisationseinheit_ids=[],
            password="Bench-Passwort-123",
        )
    return user


def born_digital(user) -> tuple[int, float]:
    from tests.capture.dateien import text_pdf

    from aktenbund.capture import services
    from aktenbund.capture.models import Posteingangseintrag, Status
    from aktenbund.tenancy.scope import kommune_scope

    texte = [
        f"Gewerbeanmeldung Nr. {n}\nAntragsteller: Firma {n} GmbH\n"
        f"Tätigkeit: Einzelhandel mit Waren aller Art, Bauantrag {n}"
        for n in range(N_PDFS)
    ]
    pdfs = [text_pdf(t, t) for t in texte]
    start = time.perf_counter()
    ids = []
    for n, pdf in enumerate(pdfs):
        with kommune_scope(user.kommune_id):
            (eintrag,) = services.upload(user, [services.Eingangsdatei(f"anmeldung-{n}.pdf", pdf)])
            ids.append(eintrag.pk)
    elapsed = time.perf_counter() - start
    with kommune_scope(user.kommune_id):
        fertig = Posteingangseintrag.objects.filter(pk__in=ids, status=Status.BEREIT)
        mit_text = sum(
            1
            for e in fertig.prefetch_related("dateien")
            if "Gewerbeanmeldung" in e.dateien.get().text
        )
    assert mit_text == N_PDFS, f"only {mit_text} of {N_PDFS} have their text stored"
    return mit_text, elapsed


def ocr(tmp: Path) -> tuple[float, float]:
    from tests.capture.dateien import scan_pdf

    from aktenbund.capture.services.konvertierung import verarbeite_datei

    files = []
    for n in range(OCR_SEITEN):
        path = tmp / f"scan-{n}.pdf"
        path.write_bytes(scan_pdf(f"Widerspruch gegen den Gebührenbescheid Nr. {n}\nBauantrag"))
        files.append(path)
    start = time.perf_counter()
    for path in files:
        ergebnis = verarbeite_datei(path, path.name)
        assert ergebnis.ocr and "Widerspruch" in ergebnis.text
    pipeline = (time.perf_counter() - start) / len(files)
    start = time.perf_counter()
    for path in files:
        subprocess.run(
            [
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
                "--force-ocr",
                str(path),
                str(path.with_suffix(".bare.pdf")),
            ],
            check=True,
        )
    bare = (time.perf_counter() - start) / len(files)
    return pipeline, bare


def main() -> None:
    call_command("migrate", verbosity=0)
    user = _clerk()
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    n, elapsed = born_digital(user)
    print(
        f"born-digital PDFs: {n} in {elapsed:.2f} s = {n / elapsed:.1f} PDFs/s "
        "(upload → type check → text stored → bereit, SQLite, one process)"
    )
    with tempfile.TemporaryDirectory() as tmp:
        pipeline, bare = ocr(Path(tmp))
    print(
        f"OCR ({OCR_SEITEN} scanned A4 pages, 150 dpi): pipeline {pipeline:.2f} s/page, "
        f"bare ocrmypdf {bare:.2f} s/page, ratio {pipeline / bare:.2f}×"
    )


if __name__ == "__main__":
    main()
