"""Keeping the file name of an upload as the client sent it.

Django's multipart parser cuts every path out of a file name
("../../etc/passwd" becomes "passwd") and `UploadedFile` takes the basename
once more. The name rule (`dateipruefung.check_dateiname`) refuses such a
name instead of silently cutting it (someone is probing), so the raw name
must survive parsing. An upload handler placed first takes over the parsing
with a parser that notes each file's raw name on the file itself (two files
may share a cleaned name: `../a.pdf` and `a.pdf`); `raw_name(request,
uploaded)` gives it back. Every upload path (records and Posteingang, pages
and API) takes the name from there.

Install it with `keep_raw_names(request)` before anything reads
`request.POST` or `request.FILES` (the API does that in its authentication
step, which runs before the parameters are parsed).
"""

from __future__ import annotations

import html

from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParser
from django.utils.encoding import force_str

from aktenbund.records.services.dateipruefung import max_request_bytes

# Django drops a file whose cleaned name is empty, "." or ".."; keep it under
# this stand-in so that the view can refuse it with a message.
_STAND_IN = "unbenannt"


class _RawNameParser(MultiPartParser):
    """Notes the raw name of the file being read and hangs it on the finished file."""

    _raw_name = ""

    def sanitize_file_name(self, file_name):
        self._raw_name = html.unescape(file_name)
        return super().sanitize_file_name(file_name) or _STAND_IN

    def handle_file_complete(self, old_field_name, counters):
        field = force_str(old_field_name, self._encoding, errors="replace")
        anzahl = len(self._files.getlist(field))
        super().handle_file_complete(old_field_name, counters)
        files = self._files.getlist(field)
        if len(files) > anzahl:
            files[-1].raw_upload_name = self._raw_name


class RawNameUploadHandler(FileUploadHandler):
    """Parses the multipart body itself, noting the raw file names on the request."""

    def __init__(self, request: HttpRequest):
        super().__init__(request)
        self._request = request

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        others = [
            h for h in self._request.upload_handlers if not isinstance(h, RawNameUploadHandler)
        ]
        self._request._raw_upload_names = True
        parser = _RawNameParser(META, input_data, others, encoding)
        return parser.parse()

    def receive_data_chunk(self, raw_data, start):  # pragma: no cover - parsing is delegated
        return raw_data

    def file_complete(self, file_size):  # pragma: no cover - parsing is delegated
        return None


def keep_raw_names(request: HttpRequest) -> None:
    """Note raw upload names for this request (no effect once the body was parsed)."""
    if hasattr(request, "_files") or getattr(request, "_raw_upload_names", None) is not None:
        return
    try:
        if any(isinstance(h, RawNameUploadHandler) for h in request.upload_handlers):
            return
        request.upload_handlers.insert(0, RawNameUploadHandler(request))
    except AttributeError:  # handlers already frozen: the body was parsed
        return


def raw_name(request: HttpRequest, uploaded: UploadedFile) -> str:
    """The name the client sent for `uploaded` (Django's cleaned name if unknown)."""
    return getattr(uploaded, "raw_upload_name", None) or uploaded.name or ""


class RawUploadNameMiddleware:
    """Keeps raw upload names for HTML forms too.

    Sits before `CsrfViewMiddleware`, which reads `request.POST` (and with it
    the whole multipart body) before any view runs.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if request.method == "POST" and request.content_type == "multipart/form-data":
            keep_raw_names(request)
        return self.get_response(request)


class UploadGroesseMiddleware:
    """Refuses a request body larger than `AKTENBUND_MAX_REQUEST_BYTES` before reading it.

    The declared `Content-Length` is checked first, so an oversized upload is
    answered 413 without a byte of it being parsed or written to a temporary
    file. Within the limit, Django's upload handlers stream each file to a
    temporary file (`FILE_UPLOAD_MAX_MEMORY_SIZE`), and the services check each
    file against `AKTENBUND_MAX_UPLOAD_BYTES`. Sits first among the middleware
    that may read the body (before `RawUploadNameMiddleware` and CSRF).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        try:
            laenge = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            laenge = 0  # Django itself answers a malformed length
        limit = max_request_bytes()
        if laenge > limit:
            return _zu_gross(request, limit)
        return self.get_response(request)


def _zu_gross(request: HttpRequest, limit: int) -> HttpResponse:
    detail = (
        f"Die Anfrage ist größer als {limit // (1024 * 1024)} MB und wurde nicht angenommen. "
        "Bitte weniger oder kleinere Dateien auf einmal hochladen."
    )
    if request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", ""):
        return JsonResponse(
            {"detail": detail, "errors": [{"field": "body", "message": detail}]}, status=413
        )
    return HttpResponse(detail, status=413, content_type="text/plain; charset=utf-8")
