"""Walk the audit chains and name the first broken link of each."""

from django.core.management.base import BaseCommand, CommandError

from aktenbund.audit.services import verify_chain
from aktenbund.tenancy.models import Kommune
from aktenbund.tenancy.scope import kommune_scope


class Command(BaseCommand):
    help = "Prüft die Protokollketten (alle Kommunen und den Verbund, oder eine Kommune)."

    def add_arguments(self, parser):
        parser.add_argument("--kommune", metavar="AGS", help="nur die Kette dieser Kommune")

    def handle(self, *args, kommune=None, **options):
        if kommune:
            found = Kommune.objects.filter(ags=kommune).first()
            if found is None:
                raise CommandError(f"Keine Kommune mit dem AGS {kommune}.")
            chains = [(found.pk, f"{found.name} ({found.ags})")]
        else:
            chains = [(None, "Verbund")] + [
                (k.pk, f"{k.name} ({k.ags})") for k in Kommune.objects.order_by("ags")
            ]
        broken = []
        for kommune_id, label in chains:
            with kommune_scope(kommune_id):
                bruch = verify_chain(kommune_id)
            if bruch is None:
                self.stdout.write(f"{label}: Kette intakt")
            else:
                broken.append(label)
                self.stderr.write(f"{label}: Kette gebrochen bei {bruch}")
        if broken:
            raise CommandError(f"{len(broken)} Kette(n) gebrochen: {', '.join(broken)}")
