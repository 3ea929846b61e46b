"""Set up a new installation: the Verbund row and its first administrator."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from aktenbund.tenancy.models import User, Verbund
from aktenbund.tenancy.services import create_verbund_admin, generate_password


class Command(BaseCommand):
    help = "Legt den Verbund und seine erste Administration an und zeigt das Einmalpasswort."

    def add_arguments(self, parser):
        parser.add_argument("name", help="Name des Verbunds")
        parser.add_argument("--admin", default="verbund.admin", help="Benutzername")

    @transaction.atomic
    def handle(self, *args, name: str, admin: str, **options):
        if Verbund.objects.exists():
            raise CommandError(
                "Es gibt bereits einen Verbund; diese Installation ist eingerichtet."
            )
        if User.objects.filter(username=admin).exists():
            raise CommandError(f"Der Benutzername „{admin}“ ist schon vergeben.")
        Verbund.objects.create(name=name)
        password = generate_password()
        user = create_verbund_admin(admin, password)
        user.must_change_password = True
        user.save(update_fields=["must_change_password"])
        self.stdout.write(f"Verbund „{name}“ eingerichtet.")
        self.stdout.write(f"Anmeldung: {admin} / {password} (bei der ersten Anmeldung ändern)")
