"""Every way a file comes in obeys one rule; every file goes out streamed and sandboxed.

The intake paths: Posteingang upload (API and page), the mail drop on a
Vorgang (API and page), upload into a Vorgang (API and page), a new Version
(API and page), attachments of received mails. For each: a bad file name is
refused with 422 and nothing is stored; a polyglot or an active PDF never
becomes a Dokument. Downloads and previews of stored files are streamed with
`nosniff` and a CSP sandbox. A body whose Content-Length is over the limit is
refused with 413 before it is read.
"""

from __future__ import annotations

import dataclasses
import email.message
import io
from collections.abc import Callable

import pytest
from django.test import Client
from django_scopes import scopes_disabled

from aktenbund.audit.models import AuditEvent
from aktenbund.blobs.models import Blob
from aktenbund.capture.models import Posteingangsdatei, Posteingangseintrag, Status
from aktenbund.records.models import Dokument, Version
from aktenbund.tenancy.scope import kommune_scope
from aktenbund.tenancy.services import create_api_token
from tests.capture import dateien as d
from tests.records.conftest import (  # noqa: F401 (fixtures)
    akte_a,
    oe_a,
    plan,
    sb_a,
    verbund_registratur,
    vorgang_a,
)
from tests.records.factories import PNG_1x1, make_dokument

pytestmark = pytest.mark.django_db

GRENZE = "AktenbundPfadGrenze"


def multipart(fields: dict[str, str], files: list[tuple[str, str, bytes]]) -> tuple[bytes, str]:
    """A multipart body with every file name byte for byte as given (browsers and
    the test client would cut paths out of it, an attacker does not)."""
    parts = [
        f'--{GRENZE}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    for field, filename, content in files:
        parts.append(
            f'--{GRENZE}\r\nContent-Disposition: form-data; name="{field}"; '.encode()
            + b'filename="'
            + filename.encode()
            + b'"\r\nContent-Type: application/octet-stream\r\n\r\n'
            + content
            + b"\r\n"
        )
    parts.append(f"--{GRENZE}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={GRENZE}"


@dataclasses.dataclass
class Welt:
    user: object
    vorgang: object
    dokument: Dokument
    api: Client  # signed in by token
    seite: Client  # signed in by session, as the browser

    def post(self, client: Client, path: str, fields, files, **extra):
        body, content_type = multipart(fields, files)
        return client.generic("POST", path, body, content_type=content_type, **extra)


@pytest.fixture
def welt(sb_a, vorgang_a) -> Welt:  # noqa: F811
    _, token = create_api_token(sb_a, "Test")
    seite = Client()
    seite.force_login(sb_a)
    return Welt(
        user=sb_a,
        vorgang=vorgang_a,
        dokument=make_dokument(sb_a, vorgang_a, "Antrag"),
        api=Client(HTTP_AUTHORIZATION=f"Bearer {token}"),
        seite=seite,
    )


def _bestand(welt: Welt, settings) -> tuple:
    """What is stored: Posteingang rows, Dokumente, Versionen, blob rows, blob files."""
    with kommune_scope(welt.user.kommune_id), scopes_disabled():
        zeilen = (
            Posteingangseintrag.objects.count(),
            Posteingangsdatei.objects.count(),
            Dokument.objects.count(),
            Version.objects.count(),
            Blob.objects.count(),
        )
    root = settings.BLOB_ROOT
    dateien = sorted(str(p) for p in root.rglob("*") if p.is_file()) if root.exists() else []
    return (*zeilen, dateien)


# --- the intake paths ----------------------------------------------------------------
# Each takes (welt, name, content) and answers the response; `feld` is the field a JSON
# answer names, None for pages (HTML).


def posteingang_api(welt, name, inhalt):
    return welt.post(welt.api, "/api/v1/posteingang", {}, [("dateien", name, inhalt)])


def posteingang_seite(welt, name, inhalt):
    return welt.post(welt.seite, "/posteingang/", {"oe": ""}, [("dateien", name, inhalt)])


def mail_drop_api(welt, name, inhalt):
    return welt.post(
        welt.api,
        "/api/v1/posteingang/mail",
        {"vorgang_id": welt.vorgang.pk},
        [("datei", name, inhalt)],
    )


def mail_drop_seite(welt, name, inhalt):
    return welt.post(
        welt.seite,
        f"/posteingang/vorgang/{welt.vorgang.pk}/mail/",
        {},
        [("datei", name, inhalt)],
        HTTP_ACCEPT="application/json",  # as the drop zone's script sends it
    )


def dokument_api(welt, name, inhalt):
    return welt.post(
        welt.api,
        f"/api/v1/vorgaenge/{welt.vorgang.pk}/dokumente",
        {"titel": "Eingang"},
        [("datei", name, inhalt)],
    )


def dokument_seite(welt, name, inhalt):
    return welt.post(
        welt.seite,
        f"/akten/vorgaenge/{welt.vorgang.pk}/dokumente/",
        {},
        [("dateien", name, inhalt)],
    )


def version_api(welt, name, inhalt):
    return welt.post(
        welt.api, f"/api/v1/dokumente/{welt.dokument.pk}/versionen", {}, [("datei", name, inhalt)]
    )


def version_seite(welt, name, inhalt):
    return welt.post(
        welt.seite,
        f"/akten/dokumente/{welt.dokument.pk}/versionen/",
        {"kommentar": ""},
        [("datei", name, inhalt)],
    )


PFADE: list[tuple[Callable, str | None, bool]] = [
    # (path, field named in the JSON answer (None: a page), takes mails only)
    (posteingang_api, "dateien", False),
    (posteingang_seite, None, False),
    (mail_drop_api, "datei", True),
    (mail_drop_seite, "datei", True),
    (dokument_api, "datei", False),
    (dokument_seite, None, False),
    (version_api, "datei", False),
    (version_seite, None, False),
]
PFAD_IDS = [pfad.__name__ for pfad, *_ in PFADE]

SCHLECHTE_NAMEN = {
    "traversal": "../../etc/x.pdf",
    "absolut": "/etc/passwd.pdf",
    "windows": "..\\..\\boot.ini.pdf",
    "nul": "a\0b.pdf",
    "punktpunkt": "..",
    "steuerzeichen": "antrag\x07.pdf",
    "bidi": "rechnung\u202efdp.exe",
    "leer": "",
    "ueberlang": "a" * 250 + ".pdf",
}


def _inhalt(nur_mail: bool) -> bytes:
    return d.eml() if nur_mail else d.text_pdf("Antrag")


def _datei(nur_mail: bool, name: str) -> str:
    return name.replace(".pdf", ".eml") if nur_mail else name


@pytest.mark.parametrize(("pfad", "feld", "nur_mail"), PFADE, ids=PFAD_IDS)
def test_every_path_takes_a_plain_name(welt, pfad, feld, nur_mail):
    """The control: each path accepts a good file, so a refusal below is the name's."""
    response = pfad(welt, _datei(nur_mail, "Antrag März.pdf"), _inhalt(nur_mail))
    assert response.status_code in (201, 302), response.content[:500]


@pytest.mark.parametrize("name", SCHLECHTE_NAMEN.values(), ids=SCHLECHTE_NAMEN.keys())
@pytest.mark.parametrize(("pfad", "feld", "nur_mail"), PFADE, ids=PFAD_IDS)
def test_bad_file_name_is_refused_with_422_and_nothing_stored(
    welt, settings, pfad, feld, nur_mail, name
):
    vorher = _bestand(welt, settings)
    response = pfad(welt, _datei(nur_mail, name), _inhalt(nur_mail))
    assert response.status_code == 422, response.content[:500]
    if feld is not None:
        body = response.json()
        assert body["detail"]
        assert [e["field"] for e in body["errors"]] == [feld]
    else:
        assert "text/html" in response["Content-Type"]
    assert _bestand(welt, settings) == vorher


def test_a_bad_name_cannot_hide_behind_a_good_file_of_the_same_cleaned_name(welt, settings):
    """`../a.pdf` and `a.pdf` clean to the same name; each keeps its own raw name."""
    vorher = _bestand(welt, settings)
    pdf = d.text_pdf("Antrag")
    for client, path in ((welt.api, "/api/v1/posteingang"), (welt.seite, "/posteingang/")):
        response = welt.post(
            client, path, {}, [("dateien", "../a.pdf", pdf), ("dateien", "a.pdf", pdf)]
        )
        assert response.status_code == 422
        response = welt.post(
            client, path, {}, [("dateien", "a.pdf", pdf), ("dateien", "../a.pdf", pdf)]
        )
        assert response.status_code == 422
    assert _bestand(welt, settings) == vorher


def test_mail_attachment_with_a_bad_name_is_kept_under_a_safe_name_and_the_original_recorded(
    welt,
):
    """A sender's name nobody here can correct: the mail is taken in, the attachment
    renamed, its original name in the audit trail (control characters escaped)."""
    mail = email.message.EmailMessage()
    mail["From"] = "erika@example.org"
    mail["Subject"] = "Unterlagen"
    mail.set_content("Anbei.")
    mail.add_attachment(
        d.text_pdf("Plan"), maintype="application", subtype="pdf", filename="../../etc/plan.pdf"
    )
    mail.add_attachment(
        d.text_pdf("Bericht"), maintype="application", subtype="pdf", filename="Bericht.pdf"
    )
    response = mail_drop_api(welt, "Unterlagen.eml", mail.as_bytes())
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == Status.ZUGEORDNET
    assert [datei["dateiname"] for datei in body["dateien"]] == [
        "Unterlagen.eml",
        "plan.pdf",
        "Bericht.pdf",
    ]
    with kommune_scope(welt.user.kommune_id):
        event = AuditEvent.objects.get(action="posteingang.eingegangen", object_id=str(body["id"]))
    assert event.details["umbenannt"] == [
        {"dateiname": "plan.pdf", "urspruenglich": "../../etc/plan.pdf"}
    ]


# --- content: the same checks everywhere ---------------------------------------------------

FEINDLICH = {
    "pdf_und_html": (d.pdf_mit_html(), "Polyglott"),
    "pdf_und_zip": (d.text_pdf("harmlos") + d.zip_archiv(), "Polyglott"),
    "pdf_mit_javascript": (d.pdf_mit_javascript(), "aktive Inhalte"),
    "pdf_mit_programmstart": (d.pdf_mit_javascript("Launch"), "aktive Inhalte"),
    "png_und_skript": (PNG_1x1 + b"<script>alert(1)</script>", "Polyglott"),
}
DIREKTE_PFADE = [
    (dokument_api, "datei"),
    (dokument_seite, None),
    (version_api, "datei"),
    (version_seite, None),
]


@pytest.mark.parametrize(("inhalt", "grund"), FEINDLICH.values(), ids=FEINDLICH.keys())
@pytest.mark.parametrize(
    ("pfad", "feld"), DIREKTE_PFADE, ids=[p.__name__ for p, _ in DIREKTE_PFADE]
)
def test_polyglot_or_active_file_is_refused_by_every_upload_into_akten(
    welt, settings, pfad, feld, inhalt, grund
):
    vorher = _bestand(welt, settings)
    response = pfad(welt, "datei.pdf", inhalt)
    assert response.status_code == 422, response.content[:500]
    assert grund in response.content.decode()
    if feld is not None:
        assert [e["field"] for e in response.json()["errors"]] == [feld]
    assert _bestand(welt, settings) == vorher


@pytest.mark.parametrize(("inhalt", "grund"), FEINDLICH.values(), ids=FEINDLICH.keys())
def test_polyglot_or_active_file_from_the_posteingang_never_reaches_the_vorgang(
    welt, inhalt, grund
):
    body, content_type = multipart(
        {"vorgang_id": welt.vorgang.pk}, [("dateien", "datei.pdf", inhalt)]
    )
    response = welt.api.generic("POST", "/api/v1/posteingang", body, content_type=content_type)
    assert response.status_code == 201
    (eintrag,) = response.json()
    assert eintrag["status"] == Status.FEHLER
    assert grund in eintrag["fehlergrund"]
    with kommune_scope(welt.user.kommune_id):
        assert list(Dokument.objects.filter(vorgang_id=welt.vorgang.pk)) == [welt.dokument]


@pytest.mark.parametrize(("inhalt", "grund"), FEINDLICH.values(), ids=FEINDLICH.keys())
def test_polyglot_or_active_mail_attachment_never_reaches_the_vorgang(welt, inhalt, grund):
    mail = d.eml(anhaenge=[("anlage.pdf", inhalt, "application/pdf")])
    response = mail_drop_api(welt, "Antrag.eml", mail)
    assert response.status_code == 201
    assert response.json()["status"] == Status.FEHLER
    assert grund in response.json()["fehlergrund"]
    with kommune_scope(welt.user.kommune_id):
        assert list(Dokument.objects.filter(vorgang_id=welt.vorgang.pk)) == [welt.dokument]


# --- going out: streamed, never sniffed, never run ------------------------------------------


def _dateiantworten(welt) -> dict[str, tuple[Client, str, bool]]:
    """Every response that sends a stored file: (client, url, shown inline)."""
    bild = make_dokument(welt.user, welt.vorgang, "Foto", inhalt=PNG_1x1, dateiname="foto.png")
    response = welt.post(
        welt.api, "/api/v1/posteingang", {}, [("dateien", "scan.png", d.bild_bytes("Scan"))]
    )
    (eintrag,) = response.json()
    assert eintrag["status"] == Status.BEREIT, eintrag
    datei = f"{eintrag['id']}/dateien/{eintrag['dateien'][0]['id']}"
    with kommune_scope(welt.user.kommune_id):
        pdf_version = welt.dokument.versionen.get().pk
        bild_version = bild.versionen.get().pk
    return {
        "akte_vorschau_pdf": (welt.seite, f"/akten/versionen/{pdf_version}/vorschau/", True),
        "akte_vorschau_bild": (welt.seite, f"/akten/versionen/{bild_version}/vorschau/", True),
        "akte_download": (welt.seite, f"/akten/versionen/{pdf_version}/datei/", False),
        "api_vorschau_pdf": (
            welt.api,
            f"/api/v1/versionen/{pdf_version}/inhalt?vorschau=true",
            True,
        ),
        "api_download": (welt.api, f"/api/v1/versionen/{pdf_version}/inhalt", False),
        "posteingang_original": (welt.seite, f"/posteingang/{datei}/", False),
        "posteingang_pdfa": (welt.seite, f"/posteingang/{datei}/?fassung=pdfa", True),
        "posteingang_vorschau": (welt.seite, f"/posteingang/{datei}/vorschau/", True),
        "posteingang_api_original": (welt.api, f"/api/v1/posteingang/{datei}", False),
        "posteingang_api_pdfa": (welt.api, f"/api/v1/posteingang/{datei}?pdfa=true", False),
    }


def test_every_stored_file_goes_out_streamed_with_nosniff_and_a_csp_sandbox(welt):
    for name, (client, url, inline) in _dateiantworten(welt).items():
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        assert response.streaming, f"{name}: read whole into memory"
        inhalt = b"".join(response.streaming_content)
        assert int(response["Content-Length"]) == len(inhalt) > 0, name
        csp = response["Content-Security-Policy"]
        assert csp.split(";")[0].strip() == "sandbox", (name, csp)
        assert "default-src 'none'" in csp, (name, csp)
        assert response["X-Content-Type-Options"] == "nosniff", name
        art = response["Content-Disposition"].split(";")[0]
        assert art == ("inline" if inline else "attachment"), (name, art)


def test_a_file_that_is_no_preview_type_is_never_shown_inline(welt):
    text = make_dokument(
        welt.user, welt.vorgang, "Notiz", inhalt=b"<p>Hallo</p>\n", dateiname="notiz.txt"
    )
    with kommune_scope(welt.user.kommune_id):
        version = text.versionen.get().pk
    for client, url in (
        (welt.seite, f"/akten/versionen/{version}/vorschau/"),
        (welt.api, f"/api/v1/versionen/{version}/inhalt?vorschau=true"),
    ):
        response = client.get(url)
        assert response["Content-Disposition"].startswith("attachment"), url
        assert "sandbox" in response["Content-Security-Policy"]


# --- size: refused by the declared length, before the body is read -----------------------


class _Unlesbar(io.RawIOBase):
    """A request body that must never be read."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


@pytest.mark.parametrize(
    ("path", "json"),
    [
        ("/api/v1/posteingang", True),
        ("/api/v1/vorgaenge/{vorgang}/dokumente", True),
        ("/posteingang/", False),
        ("/akten/vorgaenge/{vorgang}/dokumente/", False),
    ],
)
def test_body_over_the_limit_is_refused_by_content_length_before_it_is_read(
    welt, settings, path, json
):
    settings.AKTENBUND_MAX_REQUEST_BYTES = 10 * 1024 * 1024
    vorher = _bestand(welt, settings)
    client = welt.api if json else welt.seite
    response = client.generic(
        "POST",
        path.format(vorgang=welt.vorgang.pk),
        b"",
        content_type=f"multipart/form-data; boundary={GRENZE}",
        CONTENT_LENGTH=str(10 * 1024 * 1024 + 1),
        **{"wsgi.input": _Unlesbar()},
    )
    assert response.status_code == 413
    if json:
        body = response.json()
        assert "größer als 10 MB" in body["detail"]
        assert body["errors"][0]["field"] == "body"
    else:
        assert "größer als 10 MB" in response.content.decode()
    assert _bestand(welt, settings) == vorher


def test_body_within_the_limit_is_taken(welt, settings):
    body, content_type = multipart({}, [("dateien", "antrag.pdf", d.text_pdf("Antrag"))])
    settings.AKTENBUND_MAX_REQUEST_BYTES = len(body)
    response = welt.api.generic("POST", "/api/v1/posteingang", body, content_type=content_type)
    assert response.status_code == 201


def test_the_request_limit_defaults_to_ten_files_of_the_largest_size(settings):
    from aktenbund.records.services.dateipruefung import max_request_bytes

    settings.AKTENBUND_MAX_UPLOAD_BYTES = 5 * 1024 * 1024
    assert max_request_bytes() == 51 * 1024 * 1024


def test_uploads_are_streamed_to_temporary_files_not_held_in_memory(settings):
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 2_621_440
    assert (
        "django.core.files.uploadhandler.TemporaryFileUploadHandler"
        in settings.FILE_UPLOAD_HANDLERS
    )
