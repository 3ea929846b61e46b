"""Rebuild the search index of every Dokument (or one Kommune's).

Needed once for Dokumente filed before the search app existed, and after a
change of the text analysis (`search.analyse`). Idempotent; runs per Kommune
in its scope, so row-level security applies as in normal operation.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django_scopes import scopes_disabled

from aktenbund.records.models import Dokument
from aktenbund.search.services import reindex_dokument
from aktenbund.search.signals import suchindex_anlegen
from aktenbund.tenancy.models import Kommune
from aktenbund.tenancy.scope import kommune_scope


class Command(BaseCommand):
    help = "Suchindex aller Dokumente neu aufbauen (optional nur einer Kommune: --kommune AGS)."

    def add_arguments(self, parser):
        parser.add_argument("--kommune", help="AGS der Kommune")

    def handle(self, *args, kommune=None, **options):
        # The Kommune table is not fenced: the application's role lists every one.
        with scopes_disabled():
            kommunen = Kommune.objects.order_by("name")
            if kommune:
                kommunen = kommunen.filter(ags=kommune)
            kommunen = list(kommunen)
        gesamt = 0
        for k in kommunen:
            suchindex_anlegen(k.pk)  # should it be missing (search migration 0006)
            with kommune_scope(k.pk), scopes_disabled():
                ids = list(Dokument.objects.filter(kommune_id=k.pk).values_list("pk", flat=True))
                for pk in ids:
                    reindex_dokument(Dokument(pk=pk))
            gesamt += len(ids)
            self.stdout.write(f"{k.name}: {len(ids)} Dokumente")
        self.stdout.write(self.style.SUCCESS(f"{gesamt} Dokumente indexiert."))
