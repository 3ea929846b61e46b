"""Secrets at rest: the Mailkonten's IMAP passwords, encrypted with Fernet.

The key comes from `AKTENBUND_SECRET_KEY_MAILKONTEN` (any long random
string) or, when that is empty, from `SECRET_KEY`; either way HKDF-SHA256
turns it into the 32-byte Fernet key, with a purpose of its own, so the
password key is never SECRET_KEY itself. Decryption also tries the keys of
`SECRET_KEY_FALLBACKS` and, once a dedicated key is set, the SECRET_KEY
derived one: passwords saved before a key change stay readable and are
re-encrypted with the current key when saved again.
"""

from __future__ import annotations

import base64
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

_SALT = b"aktenbund.capture.mailkonto"
_INFO = b"imap-passwort v1"


class GeheimnisUnlesbar(Exception):
    """The stored secret cannot be decrypted with any key this installation has."""


def _fernet_key(secret: str) -> bytes:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=_SALT, info=_INFO).derive(
        secret.encode("utf-8")
    )
    return base64.urlsafe_b64encode(derived)


@lru_cache(maxsize=8)
def _fernet(dedicated: str, secret_key: str, fallbacks: tuple[str, ...]) -> MultiFernet:
    materials = [dedicated] if dedicated else []
    materials += [secret_key, *fallbacks]
    keys = []
    for material in materials:
        key = _fernet_key(material)
        if key not in keys:
            keys.append(key)
    return MultiFernet([Fernet(k) for k in keys])


def _current() -> MultiFernet:
    return _fernet(
        getattr(settings, "AKTENBUND_SECRET_KEY_MAILKONTEN", "") or "",
        settings.SECRET_KEY,
        tuple(getattr(settings, "SECRET_KEY_FALLBACKS", ()) or ()),
    )


def verschluesseln(klartext: str) -> str:
    """The Fernet token (ASCII) for `klartext`, with the current key."""
    return _current().encrypt(klartext.encode("utf-8")).decode("ascii")


def entschluesseln(token: str) -> str:
    """The plain text of a token from `verschluesseln`; GeheimnisUnlesbar if no key fits."""
    if not token:
        return ""
    try:
        return _current().decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeError, ValueError) as exc:
        raise GeheimnisUnlesbar(
            "Das gespeicherte Passwort kann nicht entschlüsselt werden (Schlüssel geändert?). "
            "Bitte das Passwort des Mailkontos neu eingeben."
        ) from exc
