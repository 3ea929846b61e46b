"""Record the end of every Freigabe that ran out unrevoked, in both audit chains.

Run it daily from cron or a systemd timer (shortly after midnight); running
it again records nothing twice.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from aktenbund.records.services import protokolliere_abgelaufene


class Command(BaseCommand):
    help = "Abgelaufene Freigaben in beiden Prüfprotokollen festhalten."

    def handle(self, *args, **options):
        # Works Kommune by Kommune in its scope: row-level security applies as always.
        anzahl = protokolliere_abgelaufene()
        self.stdout.write(f"{anzahl} abgelaufene Freigaben protokolliert.")
