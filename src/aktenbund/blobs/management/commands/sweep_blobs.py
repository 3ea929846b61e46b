"""Remove temp files, blob files and Blob rows that nothing refers to."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from aktenbund.blobs.services import sweep_orphans


class Command(BaseCommand):
    help = (
        "Räumt die Dateiablage auf: entfernt abgebrochene Uploads, Dateien ohne "
        "Eintrag und Einträge, auf die nichts verweist, sobald sie älter als "
        "die Karenzzeit sind."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="nur anzeigen, was entfernt würde"
        )
        parser.add_argument(
            "--grace",
            type=int,
            metavar="SEKUNDEN",
            help=(
                "Karenzzeit in Sekunden (Vorgabe: BLOB_ORPHAN_GRACE_SECONDS = "
                f"{settings.BLOB_ORPHAN_GRACE_SECONDS}); muss länger sein als jeder Upload"
            ),
        )

    def handle(self, *args, dry_run=False, grace=None, **options):
        if grace is not None and grace < 0:
            raise CommandError("Die Karenzzeit darf nicht negativ sein.")
        report = sweep_orphans(grace_seconds=grace, dry_run=dry_run)
        verb = "würden entfernt" if dry_run else "entfernt"
        for label, names in (
            ("Abgebrochene Uploads", report.temp_files),
            ("Einträge ohne Verweis", report.orphan_rows),
            ("Dateien ohne Eintrag", report.orphan_files),
        ):
            self.stdout.write(f"{label} {verb}: {len(names)}")
            for name in names:
                self.stdout.write(f"  {name}")
