"""A real Dovecot IMAP server on loopback, started for one test (Debian: dovecot-imapd)."""

from __future__ import annotations

import grp
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
USER = "poststelle"
PASSWORD = "Postfach-Passwort-1"


@dataclass
class ImapServer:
    host: str
    port: int
    user: str
    password: str
    process: subprocess.Popen
    root: Path


def available() -> bool:
    return os.path.exists(DOVECOT)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start() -> ImapServer:
    """Dovecot with one user (plain login, no TLS: loopback only) in a fresh directory.

    The directory must be reachable for Dovecot's unprivileged users, so it is
    not pytest's (private) tmp_path.
    """
    root = Path(tempfile.mkdtemp(prefix="ab-imap-"))
    os.chmod(root, 0o755)
    uid, gid = os.getuid(), os.getgid()
    user = pwd.getpwuid(uid).pw_name
    group = grp.getgrgid(gid).gr_name
    # Dovecot's own unprivileged users when running as root (the Debian package makes them).
    login_user = "dovenull" if uid == 0 else user
    internal_user = "dovecot" if uid == 0 else user
    # Mail must not be accessed as root: as root, the mail belongs to Dovecot's user.
    mail_uid, mail_gid = (
        (pwd.getpwnam(internal_user).pw_uid, pwd.getpwnam(internal_user).pw_gid)
        if uid == 0
        else (uid, gid)
    )
    for sub in ("mail", "home"):
        (root / sub).mkdir()
        os.chown(root / sub, mail_uid, mail_gid)
    port = _free_port()
    (root / "users").write_text(f"{USER}:{{PLAIN}}{PASSWORD}::::::\n")
    config = root / "dovecot.conf"
    config.write_text(
        f"""
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = {login_user}
default_internal_user = {internal_user}
default_internal_group = {group if uid else internal_user}
first_valid_uid = {mail_uid}
last_valid_uid = {mail_uid}
mail_location = maildir:{root}/mail/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users
}}
userdb {{
  driver = static
  args = uid={mail_uid} gid={mail_gid} home={root}/home/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service stats {{
  unix_listener stats-reader {{
    mode = 0666
  }}
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
"""
    )
    process = subprocess.Popen(
        [DOVECOT, "-F", "-c", str(config)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read().decode(errors="replace")
            raise RuntimeError(f"dovecot exited: {output}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
                if sock.recv(100).startswith(b"* OK"):
                    break
        except OSError:
            time.sleep(0.1)
    else:
        process.kill()
        raise RuntimeError("dovecot did not start listening")
    return ImapServer("127.0.0.1", port, USER, PASSWORD, process, root)


def stop(server: ImapServer) -> None:
    server.process.terminate()
    try:
        server.process.wait(10)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()
    shutil.rmtree(server.root, ignore_errors=True)


def deliver(server: ImapServer, *mails: bytes) -> None:
    """Put mails into the INBOX (IMAP APPEND)."""
    import imaplib

    client = imaplib.IMAP4(server.host, server.port)
    client.login(server.user, server.password)
    for mail in mails:
        status, detail = client.append("INBOX", None, None, mail)
        assert status == "OK", detail
    client.logout()
