"""Rehash every stored blob and check the Blob rows against the files."""

from django.core.management.base import BaseCommand, CommandError

from aktenbund.blobs.services import verify_blobs


class Command(BaseCommand):
    help = (
        "Prüft die Dateiablage: berechnet jede Prüfsumme neu und vergleicht "
        "die Einträge in der Datenbank mit den Dateien."
    )

    def handle(self, *args, **options):
        problems = 0
        for mismatch in verify_blobs():
            problems += 1
            self.stderr.write(f"{mismatch.sha256}: {mismatch.problem}")
        if problems:
            raise CommandError(f"{problems} Problem(e) in der Dateiablage gefunden.")
        self.stdout.write("Dateiablage intakt.")
