"""E-mails: reading .eml and Outlook .msg, and fetching from IMAP mailboxes.

A mail becomes one Posteingangseintrag: the mail itself (as it arrived) is
the first file, each attachment a further file; sender, subject and date
are the Eintrag's metadata. IMAP polling remembers the last UID taken per
Mailkonto, in the same transaction as the Eintrag, so a crash takes a mail
in at most once.
"""

from __future__ import annotations

import datetime
import email
import email.policy
import email.utils
import html
import imaplib
import logging
import re
from dataclasses import dataclass, field

from django.utils import timezone

from aktenbund.capture.leseprozess import MAX_ANHAENGE
from aktenbund.capture.services import imap
from aktenbund.eingaben import ohne_steuerzeichen
from aktenbund.errors import ValidationError
from aktenbund.records.services.dateipruefung import sicherer_dateiname

logger = logging.getLogger(__name__)


@dataclass
class Mail:
    betreff: str = ""
    absender: str = ""
    empfaenger: str = ""
    datum: datetime.date | None = None
    message_id: str = ""
    text: str = ""
    anhaenge: list[tuple[str, bytes]] = field(default_factory=list)
    # Index in `anhaenge` → the name the sender wrote, where it had to be made safe.
    urspruengliche_namen: dict[int, str] = field(default_factory=dict)

    def add_anhang(self, name: str, inhalt: bytes, ersatz: str) -> None:
        """Keep an attachment under a safe name (the sender chose it; nobody can
        correct it), noting the original if it was changed."""
        sicher = sicherer_dateiname(name, ersatz)
        if name and sicher != name:
            self.urspruengliche_namen[len(self.anhaenge)] = name
        self.anhaenge.append((sicher, inhalt))


def _html_to_text(markup: str) -> str:
    markup = re.sub(r"(?is)<(script|style).*?</\1>", " ", markup)
    markup = re.sub(r"(?i)<br\s*/?>|</p>|</div>|</tr>", "\n", markup)
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


def _datum(value: str) -> datetime.date | None:
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=datetime.UTC)
    return timezone.localtime(parsed).date()


def parse_eml(data: bytes) -> Mail:
    """Headers, body text and attachments of an RFC 822 mail."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    mail = Mail(
        betreff=str(message.get("Subject", "") or "").strip(),
        absender=str(message.get("From", "") or "").strip(),
        empfaenger=str(message.get("To", "") or "").strip(),
        datum=_datum(str(message.get("Date", "") or "")),
        message_id=str(message.get("Message-ID", "") or "").strip(),
    )
    try:
        body = message.get_body(preferencelist=("plain", "html"))
    except Exception:
        body = None
    if body is not None:
        try:
            content = body.get_content()
        except Exception:
            content = ""
        mail.text = _html_to_text(content) if body.get_content_type() == "text/html" else content
    for n, part in enumerate(message.iter_attachments(), start=1):
        if len(mail.anhaenge) >= MAX_ANHAENGE:
            break
        try:
            if part.get_content_type() == "message/rfc822":
                inner = part.get_payload()
                inner = inner[0] if isinstance(inner, list) else inner
                payload = inner.as_bytes(policy=email.policy.default)
                default = f"anhang-{n}.eml"
            else:
                payload = part.get_payload(decode=True) or b""
                default = f"anhang-{n}"
        except Exception:
            continue
        if payload:
            mail.add_anhang(part.get_filename() or "", payload, default)
    return mail


def parse_msg(data: bytes) -> Mail:
    """An Outlook .msg: headers, body text and attachments.

    extract-msg reads it in the "lesen" child with a time and memory limit
    (see `capture.kindprozess`); a damaged file, or one that takes too long
    or too much memory to read, raises ValidationError saying which.
    """
    from aktenbund.arbeitsordner import arbeitsordner
    from aktenbund.capture.services.konvertierung import Abgelehnt, im_kind_lesen

    with arbeitsordner("ab-msg") as ordner:
        eingabe = ordner / "mail.msg"
        eingabe.write_bytes(data)
        ausgabe = ordner / "anhaenge"
        ausgabe.mkdir()
        try:
            roh = im_kind_lesen(
                {"aufgabe": "msg", "eingabe": str(eingabe), "ausgabe": str(ausgabe)},
                beschaedigt="Die Outlook-Datei (.msg) ist beschädigt.",
            )
        except Abgelehnt as exc:
            raise ValidationError(exc.message, {"datei": exc.message}) from None
        anhaenge = [
            (str(name), (ausgabe / f"anhang-{int(n)}").read_bytes(), str(default))
            for n, name, default in roh["anhaenge"]
        ]
    mail = Mail(
        betreff=str(roh["betreff"]).strip(),
        absender=str(roh["absender"]).strip(),
        empfaenger=str(roh["empfaenger"]).strip(),
        datum=_msg_datum(roh["datum"]),
        message_id=str(roh["message_id"]).strip(),
        text=str(roh["text"]),
    )
    for name, inhalt, default in anhaenge:
        mail.add_anhang(name, inhalt, default)
    if not mail.text and roh["html"]:
        mail.text = _html_to_text(str(roh["html"]))
    return mail


def _msg_datum(value: str | None) -> datetime.date | None:
    try:
        parsed = datetime.datetime.fromisoformat(value) if value else None
    except ValueError:
        return None
    if parsed is None or parsed.tzinfo is None:
        return parsed.date() if parsed else None
    return timezone.localtime(parsed).date()


def parse_mail(data: bytes, mime: str) -> Mail:
    """An .eml or .msg (by `mime`), its header and body text without control characters."""
    mail = parse_eml(data) if mime == "message/rfc822" else parse_msg(data)
    # A sender's program may write control characters (a NUL is a DataError on
    # PostgreSQL); the mail is kept, its text cleaned.
    for feld in ("betreff", "absender", "empfaenger", "message_id", "text"):
        setattr(mail, feld, ohne_steuerzeichen(getattr(mail, feld)))
    return mail


def mail_text(data: bytes, mime: str) -> str:
    """The searchable text of a mail: its headers and its body."""
    try:
        return mail_als_text(parse_mail(data, mime))
    except ValidationError:
        return ""


def mail_als_text(mail: Mail) -> str:
    """The searchable text of a parsed mail: its headers and its body."""
    kopf = [
        f"Von: {mail.absender}",
        f"An: {mail.empfaenger}",
        f"Betreff: {mail.betreff}",
    ]
    if mail.datum:
        kopf.append(f"Datum: {mail.datum:%d.%m.%Y}")
    if mail.anhaenge:
        kopf.append("Anhänge: " + ", ".join(name for name, _ in mail.anhaenge))
    return ("\n".join(kopf) + "\n\n" + (mail.text or "").strip()).strip()


def ist_mail(data: bytes, dateiname: str) -> str | None:
    """ "message/rfc822" or the Outlook type if `data` is a mail, else None."""
    import magic

    mime = magic.from_buffer(data[:65536], mime=True)
    if mime == "message/rfc822":
        return mime
    if mime in ("application/vnd.ms-outlook", "application/CDFV2") and dateiname.lower().endswith(
        ".msg"
    ):
        return mime
    return None


# --- IMAP ----------------------------------------------------------------------


def _uidvalidity(client: imaplib.IMAP4, ordner: str) -> int | None:
    status, data = client.status(imap.quote(ordner), "(UIDVALIDITY)")
    if status != "OK" or not data or not data[0]:
        return None
    match = re.search(rb"UIDVALIDITY (\d+)", data[0])
    return int(match.group(1)) if match else None


def poll_mailkonto(konto_id: int, kommune_id: int) -> int:
    """Take in the mails of one Mailkonto that arrived since the last poll.

    Returns the number of mails taken in. Connection or login problems are
    recorded on the Mailkonto (`letzter_fehler`) and end the poll.
    """
    from aktenbund.capture.models import Mailkonto, Quelle
    from aktenbund.capture.services.posteingang import receive_mail
    from aktenbund.tenancy.scope import kommune_scope

    with kommune_scope(kommune_id):
        konto = Mailkonto.objects.get(pk=konto_id)
    from aktenbund.capture.services.geheimnis import GeheimnisUnlesbar

    try:
        client = imap.connect(konto)
    except (GeheimnisUnlesbar, imap.Verbindungsfehler) as exc:
        _fehler(konto, kommune_id, str(exc))
        return 0
    taken = 0
    try:
        validity = _uidvalidity(client, konto.ordner)
        status, _ = client.select(imap.quote(konto.ordner), readonly=True)
        if status != "OK":
            _fehler(konto, kommune_id, f"Den Ordner „{konto.ordner}“ gibt es nicht.")
            return 0
        if validity != konto.uidvalidity:
            # A new UIDVALIDITY means the server renumbered: start from the beginning.
            with kommune_scope(kommune_id):
                Mailkonto.objects.filter(pk=konto_id).update(uidvalidity=validity, letzte_uid=0)
            konto.uidvalidity, konto.letzte_uid = validity, 0
        letzte = konto.letzte_uid
        status, data = client.uid("SEARCH", None, f"UID {letzte + 1}:*")
        uids = sorted(int(u) for u in (data[0] or b"").split() if int(u) > letzte)
        for uid in uids:
            status, parts = client.uid("FETCH", str(uid), "(RFC822)")
            raw = next((p[1] for p in parts if isinstance(p, tuple)), None)
            if status != "OK" or raw is None:
                continue
            with kommune_scope(kommune_id):
                konto = Mailkonto.objects.select_for_update().get(pk=konto_id)
                if uid <= konto.letzte_uid:
                    continue  # another poll took it meanwhile
                receive_mail(
                    kommune_id=kommune_id,
                    oe=konto.oe,
                    quelle=Quelle.EMAIL,
                    dateiname=f"mail-{uid}.eml",
                    inhalt=raw,
                    mime="message/rfc822",
                    actor=None,
                    herkunft=f"imap:{konto.pk}:{validity}:{uid}",
                )
                konto.letzte_uid = uid
                konto.letzter_abruf = timezone.now()
                konto.letzter_fehler = ""
                konto.save(update_fields=["letzte_uid", "letzter_abruf", "letzter_fehler"])
            taken += 1
        with kommune_scope(kommune_id):
            Mailkonto.objects.filter(pk=konto_id).update(
                letzter_abruf=timezone.now(), letzter_fehler=""
            )
    except (OSError, imaplib.IMAP4.error) as exc:
        # The category only: the server's own words are not stored (docs/capture.md).
        _fehler(konto, kommune_id, f"Abruf abgebrochen: {imap.abbruch(exc)}")
    finally:
        try:
            client.logout()
        except Exception:
            logger.debug("IMAP logout failed", exc_info=True)
    return taken


def _fehler(konto, kommune_id: int, message: str) -> None:
    from aktenbund.capture.models import Mailkonto
    from aktenbund.tenancy.scope import kommune_scope

    logger.warning("Mailkonto %s: %s", konto.pk, message)
    with kommune_scope(kommune_id):
        Mailkonto.objects.filter(pk=konto.pk).update(
            letzter_abruf=timezone.now(), letzter_fehler=message[:1000]
        )
