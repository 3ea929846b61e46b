"""Appoint a person of the Verbund to keep the shared Aktenplan."""

from django.core.management.base import BaseCommand, CommandError

from aktenbund.errors import DomainError
from aktenbund.records.services import create_verbund_registratur
from aktenbund.tenancy.models import User


class Command(BaseCommand):
    help = (
        "Legt eine Person als Registratur des Verbunds an (pflegt den gemeinsamen Aktenplan) "
        "und zeigt ihr Einmalpasswort."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="Benutzername der neuen Person")
        parser.add_argument("--vorname", default="")
        parser.add_argument("--nachname", default="")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--admin", default="verbund.admin", help="handelnde Verbund-Administration"
        )

    def handle(self, *args, username, vorname, nachname, email, admin, **options):
        actor = User.objects.filter(username=admin, is_verbund_admin=True).first()
        if actor is None:
            raise CommandError(f"„{admin}“ ist keine Verbund-Administration.")
        try:
            user, password = create_verbund_registratur(
                actor, username=username, first_name=vorname, last_name=nachname, email=email
            )
        except DomainError as exc:
            details = " ".join(exc.errors.values())
            raise CommandError(f"{exc.message} {details}".strip()) from exc
        self.stdout.write(f"Registratur des Verbunds angelegt: {user.username}")
        self.stdout.write(f"Einmalpasswort: {password} (bei der ersten Anmeldung ändern)")
