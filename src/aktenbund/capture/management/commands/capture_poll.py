"""Periodic work of the Posteingang: scan folders, IMAP mailboxes, stalled processing.

The recovery (`--nur wiederaufnahme`) marks task rows whose worker is gone
as failed, queues their Eintraege again, and removes the working folders
(document content) that dead work left below the data dir.

Run it from cron or a systemd timer (e.g. every minute), or with --loop.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from aktenbund.arbeitsordner import raeume_auf
from aktenbund.capture.services.mailkonten import poll_alle
from aktenbund.capture.services.scanordner import scan_alle
from aktenbund.capture.services.verarbeitung import fail_verwaiste_tasks, recover_stale


class Command(BaseCommand):
    help = "Scan-Ordner und Postfächer abrufen, abgebrochene Verarbeitungen neu einreihen."

    def add_arguments(self, parser):
        parser.add_argument("--nur", choices=["scan", "mail", "wiederaufnahme"], default=None)
        parser.add_argument("--stabil", type=float, default=5.0, help="Sekunden unverändert")
        parser.add_argument("--loop", type=float, default=0, help="alle N Sekunden wiederholen")

    def handle(self, *args, nur=None, stabil=5.0, loop=0, **options):
        while True:
            # As a request does: a connection older than CONN_MAX_AGE, broken
            # or dropped by the server is replaced instead of failing every round.
            close_old_connections()
            if nur in (None, "wiederaufnahme"):
                self.stdout.write(f"verwaiste Aufgaben beendet: {fail_verwaiste_tasks()}")
                self.stdout.write(f"neu eingereiht: {recover_stale()}")
                self.stdout.write(f"Arbeitsordner entfernt: {raeume_auf()}")
            if nur in (None, "scan"):
                for ags, bericht in scan_alle(stabil_sekunden=stabil).items():
                    self.stdout.write(
                        f"Scan {ags}: {len(bericht.aufgenommen)} aufgenommen, "
                        f"{len(bericht.abgelehnt)} abgelehnt, {len(bericht.wartend)} wartend"
                    )
                    for fehler in bericht.fehler:
                        self.stderr.write(f"Scan {ags}: {fehler}")
            if nur in (None, "mail"):
                for konto_id, anzahl in poll_alle().items():
                    self.stdout.write(f"Mailkonto {konto_id}: {anzahl} neue E-Mails")
            if not loop:
                return
            time.sleep(loop)
