"""OCRmyPDF in the long-lived "ocr" child with a time and a memory limit.

Kept free of Django imports. The child (see `kindprozess`) imports OCRmyPDF
once; `run_ocr` hands it one job at a time. Its address space is limited
(RLIMIT_AS, inherited by Tesseract and Ghostscript), and a job that runs
past its timeout gets the child and everything below it killed. OCRmyPDF's
temp folders (`ocrmypdf.io.*`) lie in the child's own working folder below
capture's working root, never in the system's temp directory.
"""

from __future__ import annotations

from aktenbund.capture import kindprozess


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


# --- in the child ---------------------------------------------------------------


def vorbereiten() -> None:
    import ocrmypdf  # noqa: F401 (imported once, before the first job)


def bearbeite(job: dict) -> str:
    import ocrmypdf

    code = ocrmypdf.ocr(job["eingabe"], job["ausgabe"], **optionen(job["modus"], job["timeout"]))
    return str(int(code))


# --- the worker's side ---------------------------------------------------------------


def beende() -> None:
    """Kill the OCR child and everything it started (Tesseract, Ghostscript)."""
    kindprozess.beende("ocr")


def run_ocr(
    eingabe: str, ausgabe: str, *, modus: str, timeout: int, memory: int, root: str
) -> tuple[str, str]:
    """("ok", code), ("fehler" or "abbruch", detail) or ("timeout", ""); `modus`:
    "alles" (OCR every page), "ohne_text" (only pages without text),
    "nur_pdfa" (no OCR, PDF/A conversion only); `root`: capture's working root."""
    job = {"eingabe": eingabe, "ausgabe": ausgabe, "modus": modus, "timeout": timeout}
    # Tesseract's timeout is per page; the job as a whole gets a minute more.
    status, detail = kindprozess.run("ocr", job, frist=timeout + 60, memory=memory, root=root)
    return status, str(detail)
