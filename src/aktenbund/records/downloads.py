"""Sending a stored file to the browser: streamed, and never run.

Every download and preview of a stored file (Versionen and Posteingang
files, pages and API) goes through `datei_antwort`:

- the file is streamed from the blob store in chunks (`FileResponse`), never
  read whole into memory;
- `X-Content-Type-Options: nosniff`: the browser takes the type as sent and
  never guesses HTML from the content;
- `Content-Security-Policy: sandbox; default-src 'none'; img-src 'self'` on
  every file, inline or not: even a polyglot that got past the content checks
  is shown in a unique origin without script, forms or plugins, never run
  with the user's session. (Chromium's and Firefox's PDF viewers render
  inside it.)
- `Cache-Control: private, no-store`: file content stays out of shared
  caches and the browser's disk cache.

Shown inline are only the types in `dateipruefung.VORSCHAU` (PDF, PNG, JPEG,
GIF); everything else is an attachment.
"""

from __future__ import annotations

from typing import BinaryIO

from django.http import FileResponse

from aktenbund.records.services.dateipruefung import VORSCHAU

SANDBOX = "sandbox; default-src 'none'; img-src 'self'"


def datei_antwort(
    stream: BinaryIO, *, dateiname: str, mime_type: str, inline: bool = False
) -> FileResponse:
    """The response for one stored file; `inline` only takes effect for preview types.

    `stream` is closed by the response once sent.
    """
    inline = inline and mime_type in VORSCHAU
    response = FileResponse(
        stream, as_attachment=not inline, filename=dateiname, content_type=mime_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX
    response["Cache-Control"] = "private, no-store"
    return response
