"""Create a personal API token for a user and print it (it is stored only hashed)."""

from django.core.management.base import BaseCommand, CommandError

from aktenbund.errors import DomainError
from aktenbund.tenancy.models import User
from aktenbund.tenancy.services import create_api_token


class Command(BaseCommand):
    help = "Erzeugt ein persönliches API-Token für USERNAME und gibt es einmalig aus."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="Kommandozeile", help="Bezeichnung des Tokens")

    def handle(self, *args, username: str, name: str, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Keine Person mit dem Benutzernamen „{username}“.")
        try:
            token, plaintext = create_api_token(user, name)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stderr.write(
            f"Token „{token.name}“ für {user.username} erzeugt; es wird nur jetzt angezeigt."
        )
        self.stdout.write(plaintext)
