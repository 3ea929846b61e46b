"""OCRmyPDF in a child process with a time and a memory limit.

Kept free of Django imports: the child is started with "spawn" and imports
only this module, so a hostile file that makes Ghostscript or Tesseract run
away takes down the child, never the worker.
"""

from __future__ import annotations

import multiprocessing
import resource


def _child(eingabe: str, ausgabe: str, modus: str, timeout: int, memory: int, queue) -> None:
    try:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        import ocrmypdf

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
        code = ocrmypdf.ocr(eingabe, ausgabe, **options)
        queue.put(("ok", str(int(code))))
    except BaseException as exc:
        queue.put(("fehler", f"{type(exc).__name__}: {exc}"))


def run_ocr(
    eingabe: str, ausgabe: str, *, modus: str, timeout: int, memory: int
) -> tuple[str, str]:
    """("ok", code) or ("fehler", detail) or ("timeout", ""); `modus`:
    "alles" (OCR every page), "ohne_text" (only pages without text),
    "nur_pdfa" (no OCR, PDF/A conversion only)."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    child = context.Process(
        target=_child,
        args=(eingabe, ausgabe, modus, timeout, memory, queue),
        name="aktenbund-ocr",
    )
    child.start()
    child.join(timeout + 60)
    if child.is_alive():
        child.kill()
        child.join()
        return "timeout", ""
    try:
        return queue.get(timeout=5)
    except Exception:
        return "fehler", f"exit code {child.exitcode}"
