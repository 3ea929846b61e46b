"""Keeping the file name of an upload as the client sent it.

Django's multipart parser cuts every path out of a file name
("../../etc/passwd" becomes "passwd") and `UploadedFile` takes the basename
once more. The records rules refuse such a name instead of silently cutting
it (someone is probing), so the raw name must survive parsing. An upload
handler placed first takes over the parsing with a parser that notes each
raw name next to the name Django keeps; `raw_name(request, uploaded)` gives
it back.

Install it with `keep_raw_names(request)` before anything reads
`request.POST` or `request.FILES` (the API does that in its authentication
step, which runs before the parameters are parsed).
"""

from __future__ import annotations

import html

from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest
from django.http.multipartparser import MultiPartParser

# Django drops a file whose cleaned name is empty, "." or ".."; keep it under
# this stand-in so that the view can refuse it with a message.
_STAND_IN = "unbenannt"


class _RawNameParser(MultiPartParser):
    def __init__(self, *args, names: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self._names = names

    def sanitize_file_name(self, file_name):
        cleaned = super().sanitize_file_name(file_name) or _STAND_IN
        self._names[cleaned] = html.unescape(file_name)
        return cleaned


class RawNameUploadHandler(FileUploadHandler):
    """Parses the multipart body itself, noting the raw file names on the request."""

    def __init__(self, request: HttpRequest):
        super().__init__(request)
        self._request = request

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        others = [
            h for h in self._request.upload_handlers if not isinstance(h, RawNameUploadHandler)
        ]
        names: dict[str, str] = {}
        self._request._raw_upload_names = names
        parser = _RawNameParser(META, input_data, others, encoding, names=names)
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
    names = getattr(request, "_raw_upload_names", None) or {}
    return names.get(uploaded.name, uploaded.name or "")


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
